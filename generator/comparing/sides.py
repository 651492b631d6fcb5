"""Read either side of a comparison: its tables as printed and its text part, whatever kind of file it is.

A spec is built in memory; our workbook is read with the .md `budgetgen build` wrote beside it; a PDF (ours or
a published one) and a workbook go through importing's reader and recogniser, so they compare alike; a .txt
(`pdftotext -layout`) or .md gives the text alone.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..checks import PUBLISHED
from ..formats import Format, available
from ..importing.recognise import Recognised, document_year, norm, recognise
from ..importing.source import Page, read_pages
from ..importing.text import PAGE_NUMBER
from ..problems import Place, Problem, SpecError
from .printed import Table, printed_tables, table_pages

__all__ = ["Known", "Side", "Table", "read_side"]

SPEC_SUFFIXES = (".yaml", ".yml")
_COLUMNS = re.compile(r"\S(?: {2,}|\t)\S")


@dataclass(frozen=True)
class Known:
    """An 已知差异 of the spec (规则: 公开文本): the published document differs at sheet!label, for this reason."""

    sheet: str
    label: str
    reason: str


@dataclass(frozen=True)
class Side:
    """One document to compare: tables (None: the file has none to read) and text (None: no text part)."""

    path: Path
    tables: tuple[Table, ...] | None
    text: str | None
    markdown: bool = False
    """Whether `text` is Markdown (a line is a paragraph, # a heading) or printed text (lines wrap)."""
    known: tuple[Known, ...] = ()
    notes: tuple[str, ...] = ()


def read_side(path: Path) -> Side:
    """The tables and text of a spec, workbook, PDF, .txt or .md; SpecError (file named) if it cannot be read."""
    if not path.is_file():
        raise SpecError([Problem("E640", Place(str(path)), "文件不存在" if not path.exists() else "这是一个文件夹：请写出文件名")])
    suffix = path.suffix.lower()
    if suffix in SPEC_SUFFIXES:
        return _spec_side(path)
    if suffix in (".md", ".txt"):
        text = _read_text(path)
        return Side(path, None, prose(text) if suffix == ".md" else text, suffix == ".md",
                    notes=("文本文件只有文字部分，不比较表格",))
    pages = read_pages(path)
    if pages[0].name:
        return _workbook_side(path, pages)
    found = recognise(pages, path)
    text = final_text(pages, found) if _final(found.format) else printed_text(pages)
    return Side(path, printed_tables(found, pages), text)


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            return layout_text(text) if path.suffix.lower() == ".txt" else text
        except UnicodeDecodeError:
            continue
    raise SpecError([Problem("E641", Place(str(path)), "文本文件既不是 UTF-8 也不是 GB18030 编码，无法读取")])


def _spec_side(path: Path) -> Side:
    """A spec built in memory as `budgetgen build` would write it (no check, no file): its 已知差异 come along."""
    from ..build import narrative, workbook
    from ..document import load_document

    doc = load_document(path)
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / f"{path.stem}.xlsx"
        book.write_bytes(workbook(doc))
        names = [doc.format.name] if doc.format.name in available() else None  # an officer's folder: any
        pages = read_pages(book)
        tables = printed_tables(recognise(pages, path, names, doc.budget.year), pages, doc.house)
    known = tuple(Known(*a.path.partition("!")[::2], a.reason) for a in doc.budget.accepted
                  if a.code == PUBLISHED and "!" in a.path)
    text = narrative(doc)
    return Side(path, tables, text if _final(doc.format) else prose(text), True, known)


def _workbook_side(path: Path, pages: tuple[Page, ...]) -> Side:
    """A workbook's tables, and its text: the .md written beside it by `budgetgen build` (which names the year a
    决算's tables do not print), else its text sheets."""
    beside = path.with_suffix(".md")
    markdown = beside.read_text("utf-8") if beside.is_file() else None
    year = document_year((Page(0, markdown, ()),)) if markdown and document_year(pages) is None else None
    found = recognise(pages, path, year=year)
    tables = printed_tables(found, pages)
    if markdown is not None:
        return Side(path, tables, markdown if _final(found.format) else prose(markdown), True)
    texts = [p for p in pages if not any(sum(1 for c in row if c) >= 3 for grid in p.tables for row in grid)]
    text = "\n".join(p.text for p in texts).strip()
    return Side(path, tables, text or None, notes=() if text else (f"没有文字部分（旁边没有 {beside.name}）：只比较表格",))


def prose(markdown: str) -> str:
    """Markdown without its tables (the 绩效目标 forms): a PDF prints those as ruled tables, which are not text."""
    return "\n".join(line for line in markdown.split("\n") if not line.lstrip().startswith("|"))


def _final(fmt: Format) -> bool:
    """Whether the document is a 决算: its text is all but its nine tables, the ruled 单位构成 list and the part's
    heading over the first table included (a 预算's ruled forms, 绩效目标, are tables: neither side's text has them)."""
    return fmt.settings.get("document") == "决算"


def final_text(pages: tuple[Page, ...], found: Recognised) -> str:
    """A 决算 PDF's text: every page but the tables', and the lines printed above the first table's title (its
    part's heading), as the 决算 import reads it."""
    spanned = {p.number for span in table_pages(found, pages).values() for p in span}
    first = min(found.tables, key=lambda t: t.page)
    kept = []
    for page in pages:
        if page.number == first.page:
            lines = page.text.splitlines()
            above = next((n for n, line in enumerate(lines) if norm(first.title) in norm(line)), 0)
            kept.append(Page(page.number, "\n".join(lines[:above]), ()))
        elif page.number not in spanned:
            kept.append(page)
    return _joined(tuple(kept))


def printed_text(pages: tuple[Page, ...]) -> str:
    """The text pages of a PDF, line by line: page numbers, and a page repeating the one before (a WPS overflow), left out."""
    return _joined(tuple(page for page in pages if not _tabled(page)))


def _tabled(page: Page) -> bool:
    """Whether a page holds a table (a 目录 printed in a one-column ruled grid is text)."""
    return any(sum(1 for c in row if c) >= 2 for grid in page.tables for row in grid)


def _joined(pages: tuple[Page, ...]) -> str:
    """The pages' lines: page numbers, and a page repeating the one before (a WPS overflow), left out."""
    kept: list[str] = []
    for page in pages:
        lines = [line.strip() for line in page.text.splitlines() if not PAGE_NUMBER.match(line.strip())]
        body = norm("".join(lines[1:]))
        if kept and body and body in norm(kept[-1]):
            continue
        kept.append("\n".join(lines))
    return "\n".join(kept)


def layout_text(text: str) -> str:
    """The text part of `pdftotext -layout` output: pages holding a table (a 编制单位 line, or mostly lines in
    columns) left out."""
    pages = [page for page in text.split("\f") if not _table_page(page)]
    return "\n".join(line.strip() for page in pages for line in page.splitlines()
                     if not PAGE_NUMBER.match(line.strip()))


def _table_page(page: str) -> bool:
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    if any(line.startswith(("编制单位", "编制部门")) for line in lines):
        return True
    return len(lines) >= 3 and sum(1 for line in lines if _COLUMNS.search(line)) * 2 >= len(lines)
