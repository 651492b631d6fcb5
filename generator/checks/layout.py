"""Rules on the printed tables' layout: rows a spec's 版式 names, lines a fixed-row layout leaves out, and cells of
different tables that must print the same figure (format.yaml `agree`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ..problems import Place, Problem
from ..tables.cells import Sheet
from ..tables.layout import cell_row_names
from . import Review, check, shown_figures


@check
def named_rows_are_printed(review: Review) -> Iterable[Problem]:
    """W249: a row the spec's 版式 sets apart (各表.<表>.各行) that its table does not print: a mistyped name
    would change nothing, silently."""
    tables = review.budget.house.get("各表", {})
    for sheet in review.sheets:
        wanted = dict(tables.get(sheet.name, {})).get("各行", {}) if isinstance(tables, Mapping) else {}
        if not wanted:
            continue
        printed = {name for (r, c), cell in sheet.cells.items() if isinstance(cell.value, Decimal)
                   for name in cell_row_names(sheet, r, c)}
        place = review.budget.places.get("版式", Place(review.budget.file))
        for name in (n for n in wanted if n not in printed):
            yield Problem("W249", Place(place.file, place.line, f"版式.各表.{sheet.name}.各行.{name}"),
                          f"{sheet.name}中没有印出名为“{name}”的一行（行名为表中印出的名称、去掉编号的名称或编码），"
                          "此项版式没有用到", "warning")


@check
def fixed_rows_list_every_line(review: Review) -> Iterable[Problem]:
    """C305 error: a budget line a table's columns take in that no row of its fixed rows lists (a layout without a
    row for the line's code): the printed table, its totals too, would miss the line's amount."""
    for sheet in review.sheets:
        for line in sheet.left_out:
            yield Problem("C305", line.place, f"{sheet.name}中没有一行列出这条预算明细（{line.project or line.nature}，"
                          f"功能科目 {line.function}，经济科目 {line.economic}，{line.source}，"
                          f"{review.show(review.printed(line.amount))}）：表格格式的固定各行（rows）没有一行的条件包括它，"
                          "印出的表及其合计会少了这笔钱；请在格式中为它加一行")


@check
def tables_agree(review: Review) -> Iterable[Problem]:
    """C306 error: cells of different tables that print the same lines (format.yaml `agree`, e.g. table 8's 合计 and
    table 5's basic spending) print different figures: a layout left a line out or counted one twice."""
    for group in review.agree:
        cells = (agreed_cell(review, spec) for spec in (group if isinstance(group, list) else []))
        found = [cell for cell in cells if cell is not None]
        if len({figure for *_, figure in found}) > 1:
            listed = "，".join(f"{name} {review.show(figure, sheet.unit)}" for sheet, name, _, figure in found)
            yield Problem("C306", Place(review.budget.file, None, found[-1][2]),
                          f"各表应印出同一个数，却不同：{listed}；各表列出的预算明细不同（表样漏列或重复列了明细）")


def agreed_cell(review: Review, spec: Mapping[str, Any]) -> tuple[Sheet, str, str, Decimal] | None:
    """An `agree` cell as printed: the table's first row so named (W249's row names), in the column of that key or
    number; None when the document has no such table, row or column (a department's tables, an empty table's)."""
    if not isinstance(spec, Mapping):
        return None
    sheet = next((s for s in review.sheets if s.name == spec.get("table")), None)
    column = spec.get("column")
    keyed = isinstance(column, str) and sheet is not None and column in sheet.keys
    col = sheet.keys.index(column) if keyed else column if isinstance(column, int) else None
    if sheet is None or col is None:
        return None
    shown = shown_figures(review, sheet)
    row = next((r for r, c in sorted(shown) if c == col and spec.get("row") in cell_row_names(sheet, r, c)), None)
    if row is None:
        return None
    name = f"{sheet.name}“{spec['row']}”行" + (f"“{column}”列" if isinstance(column, str) else f"第 {column + 1} 列")
    return sheet, name, f"{sheet.name}!{xl_rowcol_to_cell(row, col)}", shown[(row, col)]
