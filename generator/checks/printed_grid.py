"""A 决算 table read as a grid of printed cells (the body rows, headers left off, as pdfplumber reads a ruled table)
turned into the rows the §7 rules read: the publishers' variants (a code in one cell or split 类|款|项, 合计 first or
last, T6's two panels) are told apart by the number of cells."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from .printed import Row, Table, layout
from .printed_tables import FUNDS

_CODE = re.compile(r"^\d+$")


def figure(text: str | None) -> Decimal | None:
    """A printed amount (2,940.05) as a Decimal; a blank (or anything not a number) None."""
    cleaned = re.sub(r"[\s,，]", "", text or "")
    try:
        return Decimal(cleaned) if cleaned else None
    except InvalidOperation:
        return None


def grid_table(key: str, rows: Sequence[Sequence[str | None]], note: str = "", page: int = 0) -> Table:
    """Table `key` (T1…T9) from its body rows as printed, each a list of cell texts (None or "" for a blank)."""
    cells = [[re.sub(r"\s+", "", c or "") for c in row] for row in rows]
    if key in ("T1", "T4"):
        found = _two_sides(key, cells)
    elif key == "T6":
        found = _panels(cells)
    elif key == "T7":
        columns = layout()["列"]["T7"]
        found = [Row("", dict(zip(columns, map(figure, row[-len(columns):]), strict=True)), number=n)
                 for n, row in enumerate(cells, 1) if len(row) >= len(columns)]
    else:
        found = _coded(key, cells)
    return Table(key, tuple(found), note, page)


def _two_sides(key: str, cells: list[list[str]]) -> list[Row]:
    """T1 (项目 | 决算数 ‖ 项目 | 决算数) and T4 (项目 | 决算数 ‖ 项目 | 合计 | three funds): a row on each side."""
    right_keys = ["决算数"] if key == "T1" else ["合计", *FUNDS]
    found = []
    for n, row in enumerate(cells, 1):
        left, right = row[:2], row[2:]
        if left and left[0]:
            found.append(Row(left[0], {"决算数": figure(left[1] if len(left) > 1 else None)}, number=n, side="收入"))
        if right and right[0]:
            values = dict(zip(right_keys, map(figure, right[1:]), strict=False))
            found.append(Row(right[0], values, number=n, side="支出"))
    return found


def _coded(key: str, cells: list[list[str]]) -> list[Row]:
    """T2, T3, T5, T8, T9: code cells (one, or 类|款|项), the name, then the table's columns."""
    columns = layout()["列"][key]
    found = []
    for n, row in enumerate(cells, 1):
        front, values = row[:-len(columns)], dict(zip(columns, map(figure, row[-len(columns):]), strict=True))
        if "合计" in front:
            found.append(Row("合计", values, number=n))
        elif front and _CODE.match("".join(front[:-1]) or "-"):
            found.append(Row(front[-1], values, code="".join(front[:-1]), number=n))
    return found


def _panels(cells: list[list[str]]) -> list[Row]:
    """T6: two panels side by side, each code cells (30101, or 301 | 01), name, 决算数; the totals' rows by name."""
    found = []
    for n, row in enumerate(cells, 1):
        half = len(row) // 2
        for panel in (row[:half], row[half:]):
            code, name = "".join(panel[:-2]), panel[-2] if len(panel) >= 2 else ""
            total = next((c for c in panel[:-1] if c.endswith("经费合计")), "")
            if total:
                found.append(Row(total, {"决算数": figure(panel[-1])}, number=n))
            elif _CODE.match(code or "-"):
                found.append(Row(name, {"决算数": figure(panel[-1])}, code=code, number=n))
    return found
