"""A format-neutral sheet of cells (value, formula, style) between the model and xlsxwriter.

Most tests read these directly: no Excel, no LibreOffice needed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: a text or an amount; `formula` (without '=') when the amount is computed."""

    value: Decimal | str | None
    formula: str | None = None
    style: str = "body"
    num_format: str | None = None
    """The house style's number format where it differs from the style's own (zeros, decimals)."""


@dataclass(frozen=True)
class Chart:
    """A chart drawn from a block of this sheet: labels in one column, a series per value column."""

    kind: str
    """"bar" (horizontal), "column" (vertical, series side by side) or "pie"."""
    title: str
    """Also written in the label column of the anchor's row; each series' name (with its unit) in the row above
    first_row: a name xlsxwriter would read as a formula is drawn from that cell (tables/literal.py)."""
    first_row: int
    last_row: int
    label_col: int
    series: tuple[tuple[str, int], ...]
    """(series name, value column) pairs."""
    anchor: tuple[int, int]


@dataclass
class Sheet:
    """A worksheet's cells, merges, widths and print setup, addressed from (0, 0)."""

    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)
    repeat_rows: tuple[int, int] | None = None
    landscape: bool = True
    hidden_zero: bool = False
    names: dict[str, str] = field(default_factory=dict)
    """Workbook names this sheet defines (name → range), so formulas read 预算明细_金额, not $O$2:$O$250."""
    charts: list[Chart] = field(default_factory=list)
    sums: list[tuple[tuple[int, int], tuple[tuple[int, int, int], ...]]] = field(default_factory=list)
    """What a reader can add up: (total cell, its (sign, row, col) parts), down a column and along a row."""
    unit: str = ""
    """The unit its figures print in (元, 万元), for messages about them; empty: the format's unit."""
    keys: tuple[str | None, ...] = ()
    """The layout's key of each column (None for one without), so a format's data can name a column."""
    left_out: tuple = ()
    """Budget lines (model.Line) a column of a fixed-row block takes in but none of its rows lists: amounts the
    printed table misses (check C305)."""

    def put(self, row: int, col: int, cell: Cell) -> None:
        self.cells[(row, col)] = cell

    def merge(self, row: int, col: int, last_row: int, last_col: int, cell: Cell) -> None:
        """Merge a range (if larger than one cell) and put `cell` in its top-left corner."""
        if (row, col) != (last_row, last_col):
            self.merges.append((row, col, last_row, last_col))
        self.put(row, col, cell)

    @property
    def rows(self) -> int:
        return 1 + max((r for r, _ in self.cells), default=-1)

    def text(self, row: int, col: int) -> str:
        """What a cell says, as text (amounts unrounded), for tests and messages."""
        cell = self.cells.get((row, col))
        return "" if cell is None or cell.value is None else str(cell.value)


@functools.lru_cache(maxsize=1024)
def style_parts(style: str) -> tuple[str, str, int]:
    """A cell style name in its parts: kind, row style, indent level ('text:level1:2' → text, level1, 2)."""
    kind, _, rest = style.partition(":")
    row_style, _, indent = rest.partition(":")
    return kind, row_style, int(indent) if indent.isdigit() else 0


def printed(value: Decimal | str | None, num_format: str = "General") -> str:
    """A cell as Excel prints it under a number format like '#,##0' or '#,##0.00;-#,##0.00;;@'.

    Enough of Excel's rules for the formats our layouts use: sections for positive, negative
    and zero, a thousands separator, a fixed number of decimals.
    """
    if value is None or isinstance(value, str):
        return value or ""
    sections = num_format.split(";")
    pattern = sections[0]
    if value == 0 and len(sections) > 2:
        pattern = sections[2]
    elif value < 0 and len(sections) > 1:
        pattern, value = sections[1], -value
    if not pattern or pattern == "General":
        return format(value.normalize(), "f") if pattern else ""
    sign, body = ("-", pattern[1:]) if pattern.startswith("-") else ("", pattern)
    decimals = len(body.partition(".")[2])
    grouping = "," if "," in body else ""
    return sign + format(value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP), f"{grouping}.{decimals}f")
