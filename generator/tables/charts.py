"""The chart sheet: each chart's figures as live SUMIFS over the data sheet, and the chart drawn from them.

Charts are format data (format.yaml `charts`): a chart groups budget lines by a field (`by: 功能类`)
or compares named figures with last year's (`compare`). The workbook draws them natively; the
DOCX and PDF draw pictures of the very same cells, so a chart never disagrees with a table.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..model import Budget
from ..reading.facts import dig
from ..text.figures import amount
from .cells import Cell, Chart, Sheet
from .data import DataSheet
from .rows import fill

VALUE = "金额（元）"
GAP = 2  # blank rows between two charts' blocks
BLOCK_ROWS = 18  # a chart is drawn about this many rows tall beside its block


def chart_sheet(budget: Budget, data: DataSheet, settings: Mapping[str, Any], values: Mapping[str, Any]) -> Sheet | None:
    """The sheet of charts the format asks for, or None when it asks for none."""
    wanted = settings.get("charts", {})
    if not wanted.get("items"):
        return None
    divisor = Decimal(str(wanted.get("divisor", settings["divisor"])))
    values = dict(values) | {"unit": wanted.get("unit", settings.get("unit", "万元"))}
    sheet = Sheet(fill(wanted.get("sheet", "图表"), values), widths=[28.0, 14.0, 14.0], landscape=False)
    row = 0
    for spec in wanted["items"]:
        rows = _rows(spec, budget, data, settings)
        if rows:
            row = _block(sheet, spec, rows, row, _Figures(data, divisor), values) + GAP
    return sheet


def _rows(spec: Mapping[str, Any], budget: Budget, data: DataSheet,
          settings: Mapping[str, Any]) -> list[tuple[str, list[tuple[dict | None, Decimal | None]]]]:
    """A chart's rows: a label and its figures, each (criteria, yuan); last year's figure has no criteria."""
    if "by" in spec:
        field = spec["by"]
        found = sorted({line.fields()[field] for line in budget.lines if line.amount})
        catalog = budget.catalog.printed(budget.names, str(settings.get("charts", {}).get("sheet", "图表")))
        names = {**catalog.functions, **catalog.economics}  # a code reads as its name (科目名称 for all tables)
        return [(names.get(v, v), [({field: v}, data.total(VALUE, {field: v}))]) for v in found]
    rows = []
    for item in spec["compare"]:
        now = item["now"]
        criteria = dict(settings.get("figures", {}).get(now, {}) if isinstance(now, str) else now)
        before = dig(budget.facts, item["before"])
        rows.append((item["label"], [(criteria, data.total(VALUE, criteria)),
                                     (None, None if before in (None, "") else amount(before))]))
    return rows


def _block(sheet: Sheet, spec: Mapping[str, Any], rows: list, top: int, figures: _Figures,
           values: Mapping[str, Any]) -> int:
    """Write one chart's title, header and rows at `top`; return the row after the block."""
    title = fill(spec["title"], values)
    names = [fill(n, values) for n in spec.get("series", ["金额"])]
    sheet.put(top, 0, Cell(title, style="chart_title"))
    sheet.put(top + 1, 0, Cell(fill(spec.get("label", "项目"), values), style="header"))
    for col, name in enumerate(names, 1):
        sheet.put(top + 1, col, Cell(f"{name}（{values['unit']}）", style="header"))
    for r, (label, row_figures) in enumerate(rows, top + 2):
        sheet.put(r, 0, Cell(label, style="text"))
        for col, (criteria, yuan) in enumerate(row_figures, 1):
            sheet.put(r, col, figures.cell(criteria, yuan))
    last = top + 1 + len(rows)
    series = tuple((name, col) for col, name in enumerate(names, 1))
    sheet.charts.append(Chart(spec["kind"], title, top + 2, last, 0, series, (top, 4)))
    return max(last + 1, top + BLOCK_ROWS)


class _Figures:
    """Cells for chart figures: this year's a live SUMIFS (as in every table), last year's the spec's number."""

    def __init__(self, data: DataSheet, divisor: Decimal) -> None:
        self.data, self.divisor = data, divisor

    def cell(self, criteria: Mapping[str, str] | None, yuan: Decimal | None) -> Cell:
        if yuan is None:
            return Cell(None, style="chart_amount")
        if criteria is None:
            return Cell(yuan / self.divisor, style="chart_amount")
        formula = self.data.sumifs(VALUE, criteria) if criteria else f"SUM({self.data.column(VALUE)})"
        formula = f"({formula})" if "+" in formula else formula
        return Cell(yuan / self.divisor, formula=f"{formula}/{self.divisor}", style="chart_amount")
