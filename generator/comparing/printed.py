"""The tables of a recognised document as a reader compares them: each column's header, the rows as printed (a
row printing nothing left out, as a PDF's reader cannot see it) and the lines printed under the table (注：…,
说明：…, a template instruction printed), read alike from a workbook's sheet and a PDF's pages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..checks.printed import layout as final_layout
from ..importing.recognise import NOTE_LINE, Recognised, norm
from ..importing.source import Page
from ..tables.rows import LayoutError, fill


@dataclass(frozen=True)
class Table:
    """One table as printed: its sheet name and title, each column's header, which columns are labels, its rows
    and the lines under it."""

    sheet: str
    title: str
    headers: tuple[str, ...]
    labels: tuple[bool, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()


def printed_tables(found: Recognised, pages: tuple[Page, ...], house: Mapping | None = None) -> tuple[Table, ...]:
    """Every recognised table with its notes; `house`: the 版式 its headers are named by (else the format's and
    the variant's the grid shows)."""
    values = found.format.wording(found.kind) | {"year": found.year, "last_year": found.year - 1}
    instructions = tuple(final_layout().get("说明文字", ()))
    spans = table_pages(found, pages)
    tables = []
    for t in found.tables:
        words = values | {"版式": house if house is not None else found.format.settings.get("版式", {}) | t.house}
        notes = tuple(n for p in spans[t.layout["sheet"]] for n in note_lines(p.text, instructions))
        rows = tuple(r for r in (t.shown or t.rows) if any(norm(c) for c in r) and not _note_row(r, notes))
        tables.append(Table(t.layout["sheet"], t.title, column_headers(t.layout, words),
                            tuple(not (c.get("key") or c.get("amount")) for c in t.layout["columns"]), rows, notes))
    return tuple(tables)


def table_pages(found: Recognised, pages: tuple[Page, ...]) -> dict[str, list[Page]]:
    """The pages each table is printed on: from its title's page to the next table's (a workbook: its sheet); the
    last table's goes on over the pages with a ruled grid that follow it."""
    starts = sorted(t.page for t in found.tables)
    spans: dict[str, list[Page]] = {}
    for t in found.tables:
        later = [s for s in starts if s > t.page]
        on = [p for p in pages if p.number >= t.page and (p.number < later[0] if later else True)]
        spans[t.layout["sheet"]] = on[:1] if found.from_workbook else _contiguous(on, bool(later))
    return spans


def _contiguous(on: list[Page], bounded: bool) -> list[Page]:
    if bounded:
        return on
    end = next((n for n, p in enumerate(on) if n and not p.tables), len(on))
    return on[:end]


def note_lines(text: str, instructions: tuple[str, ...]) -> list[str]:
    """The lines of a page that are a table's notes: 注：…, 说明：…, or a template instruction printed."""
    lines = (re.sub(r"\s+", "", line) for line in text.splitlines())
    return [line for line in lines if NOTE_LINE.match(line) or any(norm(i) in norm(line) for i in instructions)]


def _note_row(row: tuple[str, ...], notes: tuple[str, ...]) -> bool:
    """A workbook's note under its table, written in a row of its own."""
    filled = [norm(c) for c in row if norm(c)]
    return len(filled) == 1 and filled[0] in {norm(n) for n in notes}


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
