"""The 决算's 版式 its table pages show beyond the cells: where an empty table's 合计 row stands and how many blank rows
it is ruled with (版式.基金表合计行, 基金表空行: the layout's total names the keys), and the note printed under an
empty table (版式.各表.<表>.空表说明), each written only where it differs from the format's."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .recognise import NOTE_LINE, Printed, Recognised, norm, number
from .source import Page

_KEY = re.compile(r"^\{版式\[(.+)\]\}$")
_POSITIONS = ("首行", "末行")


def table_house(rec: Recognised, pages: tuple[Page, ...], name: str) -> dict[str, Any]:
    """The 版式 keys the empty tables' pages show, where not the format's defaults."""
    defaults = rec.format.settings.get("版式", {})
    found: dict[str, Any] = {}
    notes: dict[str, Any] = {}
    for table in rec.tables:
        if _figures(table):
            continue
        page = next((p for p in pages if p.number == table.page), None)
        if page is None:
            continue
        for key, value in _ruling(table, page).items():
            found.setdefault(key, value)
        note = _empty_note(table, page, name, defaults)
        if note is not None:
            notes[table.layout["sheet"]] = {"空表说明": note}
    found = {k: v for k, v in found.items() if v != defaults.get(k)}
    return found | ({"各表": notes} if notes else {})


def _figures(table: Printed) -> bool:
    return any((n := number(cell)) is not None and n[0] for row in table.rows for cell in row)


def _total(layout: Mapping) -> Mapping:
    """The body's total whose position and blank rows are 版式 keys, if it has one."""
    for block in layout.get("body", []):
        for tree in block.values() if isinstance(block, Mapping) else ():
            total = tree.get("total") if isinstance(tree, Mapping) else None
            if isinstance(total, Mapping) and "position" in total:
                return total
    return {}


def _ruling(table: Printed, page: Page) -> dict[str, Any]:
    """Where the 合计 row of an empty table stands (first or last) and the blank rows ruled beside it."""
    total = _total(table.layout)
    where, blanks = _KEY.match(str(total.get("position", ""))), _KEY.match(str(total.get("blank_rows", "")))
    grid = next((g for g in page.tables if any(row and norm(row[0]) == "合计" for row in g)), None)
    if grid is None or where is None:
        return {}
    at = next(i for i, row in enumerate(grid) if row and norm(row[0]) == "合计")
    empty = [not any(norm(c) for c in row) for row in grid]
    before = next((n for n in range(at) if not empty[at - 1 - n]), at)
    after = next((n for n in range(len(grid) - at - 1) if not empty[at + 1 + n]), len(grid) - at - 1)
    if not before and not after:
        return {}
    found: dict[str, Any] = {where.group(1): _POSITIONS[1 if before else 0]}
    return found | ({blanks.group(1): before or after} if blanks else {})


def _empty_note(table: Printed, page: Page, name: str, defaults: Mapping) -> str | bool | None:
    """The note printed under an empty table in place of the format's (the body's name as {部门名称}); False if
    it prints none where the format prints one; None if as the format's."""
    layout = table.layout
    own = {norm(n) for n in layout.get("notes", [])}
    lines = [re.sub(r"\s+", "", line) for line in page.text.splitlines()]
    printed = next((line for line in lines if NOTE_LINE.match(line) and norm(line) not in own), None)
    default = dict(defaults.get("各表", {}).get(layout["sheet"], {})).get("空表说明", layout.get("note_when_empty"))
    if printed is None:
        return False if default else None
    words = printed.replace(re.sub(r"\s+", "", name), "{部门名称}") if name else printed
    return None if default and norm(str(default)) == norm(words) else words
