"""Read either side of a comparison: its tables as printed and its text part, whatever kind of file it is.

A spec is built in memory; our workbook is read with the .md `budgetgen build` wrote beside it; a PDF (ours or
a published one) and a workbook go through importing's reader and recogniser, so they compare alike; a .txt
(`pdftotext -layout`) or .md gives the text alone.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..checks import PUBLISHED
from ..formats import available
from ..importing.recognise import Recognised, norm, recognise
from ..importing.source import Page, read_pages
from ..importing.text import PAGE_NUMBER
from ..problems import Place, Problem, SpecError
from ..tables.rows import LayoutError, fill

SPEC_SUFFIXES = (".yaml", ".yml")
_COLUMNS = re.compile(r"\S(?: {2,}|\t)\S")


@dataclass(frozen=True)
class Table:
    """One table as printed: its sheet name and title, each column's header, which columns are labels, its rows."""

    sheet: str
    title: str
    headers: tuple[str, ...]
    labels: tuple[bool, ...]
    rows: tuple[tuple[str, ...], ...]


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
    tables = _tables(recognise(pages, path))
    if pages[0].name:
        return _workbook_side(path, pages, tables)
    return Side(path, tables, printed_text(pages))


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
        tables = _tables(recognise(read_pages(book), path, names))
    known = tuple(Known(*a.path.partition("!")[::2], a.reason) for a in doc.budget.accepted
                  if a.code == PUBLISHED and "!" in a.path)
    return Side(path, tables, prose(narrative(doc)), True, known)


def _workbook_side(path: Path, pages: tuple[Page, ...], tables: tuple[Table, ...]) -> Side:
    """A workbook's text: the .md written beside it by `budgetgen build`, else its text sheets."""
    beside = path.with_suffix(".md")
    if beside.is_file():
        return Side(path, tables, prose(beside.read_text("utf-8")), True)
    texts = [p for p in pages if not any(sum(1 for c in row if c) >= 3 for grid in p.tables for row in grid)]
    text = "\n".join(p.text for p in texts).strip()
    return Side(path, tables, text or None, notes=() if text else (f"没有文字部分（旁边没有 {beside.name}）：只比较表格",))


def prose(markdown: str) -> str:
    """Markdown without its tables (the 绩效目标 forms): a PDF prints those as ruled tables, which are not text."""
    return "\n".join(line for line in markdown.split("\n") if not line.lstrip().startswith("|"))


def printed_text(pages: tuple[Page, ...]) -> str:
    """The text pages of a PDF, line by line: page numbers, and a page repeating the one before (a WPS overflow), left out."""
    kept: list[str] = []
    for page in pages:
        if any(sum(1 for c in row if c) >= 2 for grid in page.tables for row in grid):
            continue  # a table (a 目录 printed in a one-column ruled grid is text)
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


def _tables(found: Recognised) -> tuple[Table, ...]:
    values = found.format.wording(found.kind) | {"year": found.year, "last_year": found.year - 1}
    return tuple(Table(t.layout["sheet"], t.title, column_headers(t.layout, values),
                       tuple(not (c.get("key") or c.get("amount")) for c in t.layout["columns"]), t.shown or t.rows)
                 for t in found.tables)


def column_headers(layout: Mapping, values: Mapping) -> tuple[str, ...]:
    """Each column's header as a reader names it: the header texts above it, top down ("支出预算／基本支出")."""
    width = len(layout["columns"])
    above: list[list[str]] = [[] for _ in range(width)]
    taken: set[tuple[int, int]] = set()
    for r, spec in enumerate(layout["header"]):
        col = 0
        for item in spec:
            item = item if isinstance(item, Mapping) else {"text": item}
            while (r, col) in taken:
                col += 1
            cols, rows = int(item.get("cols", 1)), int(item.get("rows", 1))
            taken |= {(r + i, col + j) for i in range(rows) for j in range(cols)}
            for j in range(col, min(col + cols, width)):
                above[j].append(_filled(str(item.get("text", "")), values))
            col += cols
    return tuple("／".join(dict.fromkeys(t for t in texts if t)) or f"第{n + 1}列" for n, texts in enumerate(above))


def _filled(text: str, values: Mapping) -> str:
    try:
        return re.sub(r"\s+", "", fill(text, values))
    except LayoutError:
        return text
