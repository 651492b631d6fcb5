"""A table layout (data under templates/) and a budget become a Sheet of cells with formulas.

Blocks plan rows with amount recipes; here rows get addresses, recipes become formulas,
and our own computed value goes beside each formula.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell as _a1

from ..house import amount_format, empty_table, has_rows, rounded_parts, row_names, table_title
from .amounts import Amount, Const, SumCols, SumRows, Terms, Where
from .blocks import render
from .cells import Cell, Sheet
from .context import Context
from .data import DataSheet
from .rows import LayoutError, Row, Scope, fill


def build_sheet(table: Mapping[str, Any], budget, data: dict[str, DataSheet],
                settings: Mapping[str, Any], values: Mapping[str, Any]) -> Sheet:
    """One table of the document, as cells."""
    table = house_variant(table, values.get("版式", {}))
    columns = [dict(c) for c in table["columns"]]
    ctx = Context(budget, columns, settings, catalog=budget.catalog.printed(budget.names, table["sheet"]))
    scope = Scope(tuple(table.get("where", {}).items()), tuple(range(len(columns))), "", values)
    head = render(ctx, [{"header": {"rows": table["header"]}}], scope)
    house = values.get("版式", {})
    note, empty_row = empty_table(house, table["sheet"])
    body = render(ctx, table["body"] if empty_row is None else _with_empty_row(table["body"], empty_row), scope)
    sheet = Sheet(table["sheet"], widths=[float(c.get("width", settings["width"])) for c in columns],
                  landscape=not table.get("portrait", False))
    sheet.hidden_zero = bool(settings.get("blank_zero"))
    sheet.unit = str(table.get("unit", settings.get("unit", "")))
    top = _titles(sheet, table, settings, values, len(columns))
    resolver = _Resolver(sheet, data, Decimal(table.get("divisor", settings["divisor"])))
    resolver.formats = _formats(columns, table["sheet"], settings, values)
    resolver.row_format = _row_format(columns, table["sheet"], settings, house)
    resolver.rounded = rounded_parts(house, table["sheet"])
    resolver.place(head + body, top)
    sheet.repeat_rows = (0, top + len(head) - 1)
    sheet.left_out = ctx.coverage.left_out(budget.lines)
    sheet.keys = tuple(c.get("key") for c in columns)
    empty = not ctx.records(["明细", "收入", "结转"], scope)  # a 决算 基金 table with a balance alone is not empty
    _notes(sheet, table, values, len(columns), empty, note)
    return sheet


def house_variant(table: Mapping[str, Any], house: Mapping[str, Any]) -> Mapping[str, Any]:
    """The layout as the house style picks it: `by_house: {版式 key: {value: {layout parts}}}` puts in the parts
    written for the value the document's 版式 has (a publisher's 类/款/项 code columns in place of one)."""
    for key, choices in table.get("by_house", {}).items():
        table = {**table, **choices.get(str(house.get(key)), {})}
    return table


def cell_row_names(sheet: Sheet, r: int, c: int) -> tuple[str, ...]:
    """The names of the row of amount cell (r, c), as 版式.各表.<表>.各行 may call it: the text printed nearest to its
    left, and the code its code columns print (a row of two sides, as table 1's, is named by the side the cell is on)."""
    texts = [t.strip() for col in range(c)
             if isinstance(t := getattr(sheet.cells.get((r, col)), "value", None), str) and t.strip()]
    return row_names(texts[-1] if texts else "", "".join(t for t in texts if t.isdigit()))


def _with_empty_row(blocks: list, row: str | bool) -> list:
    """The layout's body with the house style's row under an empty table's header (空表行) in place of its own:
    where the layout has its `when_empty` block, else first; none when the house style says false."""
    at = next((i for i, b in enumerate(blocks) if isinstance(b, dict) and "when_empty" in b), 0)
    kept = [b for b in blocks if not (isinstance(b, dict) and "when_empty" in b)]
    if row is False:
        return kept
    return kept[:at] + [{"when_empty": {"body": [{"cells": {"rows": [[str(row)]]}}]}}] + kept[at:]


def _row_format(columns: list[dict], sheet: str, settings: Mapping,
                house: Mapping) -> Callable[[tuple[str, ...], int], str | None] | None:
    """The number format of a cell in a row the house style sets apart (各行), by the row's names and the
    cell's column; None when it sets none apart (every cell then takes its column's)."""
    if not has_rows(house, sheet):
        return None
    default = settings.get("styles", {}).get("amount", {}).get("num_format")

    def shown(row: tuple[str, ...], col: int) -> str | None:
        chosen = amount_format(house, sheet, columns[col].get("key"), row)
        return None if chosen == default else chosen
    return shown


def _formats(columns: list[dict], sheet: str, settings: Mapping, values: Mapping) -> list[str | None]:
    """Each column's number format by the house style, where it differs from the amount style's."""
    house = values.get("版式", {})
    default = settings.get("styles", {}).get("amount", {}).get("num_format")
    chosen = [amount_format(house, sheet, c.get("key")) for c in columns]
    return [None if f == default else f for f in chosen]


def _titles(sheet: Sheet, table: Mapping, settings: Mapping, values: Mapping, width: int) -> int:
    row = 0
    for line in table.get("above", settings.get("above", [])):
        sheet.merge(row, 0, row, width - 1, Cell(fill(line, values), style="above"))
        row += 1
    title = fill(table_title(values.get("版式", {}), table), values)
    sheet.merge(row, 0, row, width - 1, Cell(title, style="title"))
    sheet.heights[row] = float(settings.get("title_height", 30))
    row += 1
    left = table.get("subtitle_left", settings.get("subtitle_left"))
    right = table.get("subtitle_right", settings.get("subtitle_right"))
    if left is not None or right is not None:
        split = max(1, width - table.get("subtitle_right_cols", 2))
        sheet.merge(row, 0, row, split - 1, Cell(fill(left or "", values), style="subtitle_left"))
        sheet.merge(row, split, row, width - 1, Cell(fill(right or "", values), style="subtitle_right"))
        row += 1
    return row


def _notes(sheet: Sheet, table: Mapping, values: Mapping, width: int, empty: bool,
           own: str | bool | None = None) -> None:
    """The layout's notes under the table; an empty table's own (空表说明) in place of the layout's."""
    notes = list(table.get("notes", [])) if values.get("版式", {}).get("表注", True) else []
    if empty and own is not None:
        conditional = own or None
    else:
        conditional = table.get("note_when_empty") if empty else table.get("note_otherwise")
    if conditional:
        notes.append(conditional)
    row = sheet.rows
    for note in notes:
        sheet.merge(row, 0, row, width - 1, Cell(fill(note, values), style="note"))
        row += 1


class _Resolver:
    """Gives rows addresses and turns amount recipes into formulas and values."""

    def __init__(self, sheet: Sheet, data: dict[str, DataSheet], divisor: Decimal) -> None:
        self.sheet, self.data, self.divisor = sheet, data, divisor
        self.at: dict[str, int] = {}
        self.recipes: dict[tuple[int, int], Amount] = {}
        self.values: dict[tuple[int, int], Decimal] = {}
        self.part_cells: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self.styles: dict[int, Row] = {}
        self.formats: list[str | None] = []
        self.rounded: int | None = None  # totals add their parts as printed, rounded to these decimals
        self.row_format: Callable[[tuple[str, ...], int], str | None] | None = None  # rows set apart (各行)

    def place(self, rows: list[Row], top: int) -> None:
        for offset, row in enumerate(rows):
            index = top + offset
            self.styles[index] = row
            for key in row.keys:
                if key in self.at:
                    raise LayoutError(f"行键“{key}”重复")
                self.at[key] = index
            for col, content in row.cells.items():
                if isinstance(content, str):
                    self.sheet.put(index, col, Cell(content, style=self._style(row, "text", col)))
                else:
                    self.recipes[(index, col)] = content
            for col, down, across in row.spans:
                self.sheet.merges.append((index, col, index + down, col + across))
        amount_styles = {r: self._style(row, "amount", 0) for r, row in self.styles.items()}
        for (r, c) in self.recipes:
            shown = self.formats[c] if c < len(self.formats) else None
            if self.row_format is not None:
                shown = self.row_format(cell_row_names(self.sheet, r, c), c)
            self.sheet.put(r, c, Cell(self.value(r, c), self.formula(r, c), amount_styles[r], shown))
        self._record_sums()
        self._fill_merged()

    def _style(self, row: Row, kind: str, col: int) -> str:
        if row.style == "header":
            return "header"
        indent = row.indent if kind == "text" else 0
        return f"{kind}:{row.style}:{indent}"

    def _fill_merged(self) -> None:
        # Every cell inside a merge gets the merge's style, so borders print whole.
        for r1, c1, r2, c2 in self.sheet.merges:
            corner = self.sheet.cells.get((r1, c1), Cell(None))
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        self.sheet.cells[(r, c)] = Cell(None, style=corner.style)

    def _row(self, key: str) -> int:
        if key not in self.at:
            raise LayoutError(f"引用了不存在的行“{key}”")
        return self.at[key]

    def value(self, r: int, c: int) -> Decimal:
        found = self.values.get((r, c))
        if found is None:
            if (r, c) not in self.recipes:  # a layout whose columns or rows do not line up with its sums
                raise LayoutError(f"合计所加的第 {r + 1} 行第 {c + 1} 列不是金额：表样的列与合计不对应")
            found = self.values[(r, c)] = self._compute(self.recipes[(r, c)], r, c)
        return found

    def _compute(self, recipe: Amount, r: int, c: int) -> Decimal:
        if isinstance(recipe, Where):
            return self.data[recipe.data].total(recipe.value, dict(recipe.criteria)) / self.divisor
        if isinstance(recipe, (SumRows, SumCols)):
            parts = self._parts(recipe, r, c)
            if self.rounded is None:
                return sum((self.value(pr, pc) for pr, pc in parts), Decimal(0))
            return sum((self._part(cell) for cell in parts), Decimal(0))
        if isinstance(recipe, Terms):
            return sum((sign * self.value(self._row(k), c) for sign, k in recipe.terms), Decimal(0))
        return recipe.amount / self.divisor

    def _parts(self, recipe: SumRows | SumCols, r: int, c: int) -> list[tuple[int, int]]:
        """The cells a total adds up: rows of its column, or columns of its row (worked out once a cell:
        its value, its formula and the record of its sums all ask)."""
        found = self.part_cells.get((r, c))
        if found is None:
            found = [(self._row(k), c) for k in recipe.keys] if isinstance(recipe, SumRows) \
                else [(r, col) for col in recipe.cols]
            self.part_cells[(r, c)] = found
        return found

    def _part(self, cell: tuple[int, int]) -> Decimal:
        value = self.value(*cell)
        return value if self.rounded is None else value.quantize(Decimal(1).scaleb(-self.rounded), ROUND_HALF_UP)

    def _record_sums(self) -> None:
        """Each total with its parts; a row that sums child rows does so in its computed columns too."""
        children = {cell: rec.keys for cell, rec in self.recipes.items() if isinstance(rec, SumRows)}
        for (r, c), recipe in sorted(self.recipes.items()):
            if isinstance(recipe, SumRows):
                self.sheet.sums.append(((r, c), tuple((1, pr, pc) for pr, pc in self._parts(recipe, r, c))))
            elif isinstance(recipe, Terms):
                self.sheet.sums.append(((r, c), tuple((s, self._row(k), c) for s, k in recipe.terms)))
            elif isinstance(recipe, SumCols):
                self.sheet.sums.append(((r, c), tuple((1, r, col) for col in recipe.cols)))
                if (r, recipe.cols[0]) in children:
                    keys = children[(r, recipe.cols[0])]
                    self.sheet.sums.append(((r, c), tuple((1, self._row(k), c) for k in keys)))

    def formula(self, r: int, c: int) -> str | None:
        recipe = self.recipes[(r, c)]
        if isinstance(recipe, Where):
            text = self.data[recipe.data].sumifs(recipe.value, dict(recipe.criteria))
            text = f"({text})" if "+" in text and self.divisor != 1 else text
            return text if self.divisor == 1 else f"{text}/{self.divisor}"
        if isinstance(recipe, (SumRows, SumCols)):
            parts = self._parts(recipe, r, c)
            if self.rounded is None:
                return _sum(parts)
            return "+".join(f"ROUND({_address(*cell)},{self.rounded})" for cell in parts) or "0"
        if isinstance(recipe, Terms):
            parts = [("+" if s > 0 else "-") + _address(self._row(k), c) for s, k in recipe.terms]
            return "".join(parts).lstrip("+")
        if isinstance(recipe, Const):
            return None
        raise LayoutError(f"未知的金额设置 {recipe!r}")


@functools.lru_cache(maxsize=65536)
def _address(row: int, col: int) -> str:
    """A cell's A1 address (C12), worked out once a process: totals name the same cells again and again."""
    return _a1(row, col)


def _sum(cells: list[tuple[int, int]]) -> str:
    """SUM over cells, contiguous runs written as ranges: SUM(C5:C9,C12)."""
    if not cells:
        return "0"
    cells = sorted(set(cells))
    runs: list[list[tuple[int, int]]] = [[cells[0]]]
    for cell in cells[1:]:
        last = runs[-1][-1]
        same_col = cell[1] == last[1] and cell[0] == last[0] + 1
        same_row = cell[0] == last[0] and cell[1] == last[1] + 1
        if same_col or same_row:
            runs[-1].append(cell)
        else:
            runs.append([cell])
    parts = []
    for run in runs:
        first = _address(*run[0])
        parts.append(first if len(run) == 1 else f"{first}:{_address(*run[-1])}")
    return f"SUM({','.join(parts)})"
