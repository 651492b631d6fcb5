"""Our cached values agree with an independent engine, and totals are live formulas."""

from __future__ import annotations

from decimal import Decimal

import openpyxl


def test_every_formula_recalculates_to_our_value(recalculated, layouts):
    checked = 0
    for name, sheets in layouts.items():
        for sheet in sheets.values():
            ws = recalculated[name][sheet.name]
            for (r, c), cell in sheet.cells.items():
                if cell.formula is None:
                    continue
                got = Decimal(str(ws.cell(r + 1, c + 1).value))
                assert abs(got - cell.value) < Decimal("1e-6"), f"{sheet.name}!{r + 1},{c + 1}: {cell.formula}"
                checked += 1
    assert checked > 900


def test_the_written_file_holds_formulas_not_numbers(built):
    book = openpyxl.load_workbook(built["2023-shenzhen-sibj"])
    ws = book["收支总表"]
    formulas = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert any(f.startswith("=SUM(") for f in formulas)
    assert any(f.startswith("=SUMIFS(预算明细_金额,预算明细_") for f in formulas)
    assert book.defined_names["预算明细_金额"].attr_text.startswith("预算明细!$")


def test_only_entered_figures_are_constants(layouts):
    """Every amount is a formula, except figures the spec enters: last year's 三公 and totals (the chart
    sheet's comparison), task amounts, 0 carry-overs."""
    entered = {"三公经费支出表", "整体支出绩效目标表", "预算明细", "政府采购明细", "图表"}
    for sheet in layouts["2023-shenzhen-sibj"].values():
        for cell in sheet.cells.values():
            if isinstance(cell.value, Decimal) and cell.formula is None:
                assert sheet.name in entered or cell.value == 0, sheet.name


def test_chart_figures_of_this_year_are_formulas_and_last_years_are_the_specs(layouts):
    """The chart sheet: this year's column sums the data sheet like every table; last year's is the spec's 上年."""
    charts = layouts["2023-shenzhen-sibj"]["图表"]
    compare = charts.charts[-1]
    now = [charts.cells[(r, 1)] for r in range(compare.first_row, compare.last_row + 1)]
    before = [charts.cells[(r, 2)].value for r in range(compare.first_row, compare.last_row + 1)]
    assert all(c.formula for c in now) and now[0].formula == "SUM(预算明细_金额)/10000"
    assert before == [Decimal("598307.7"), Decimal("598307.7"), Decimal("385")]  # 上年 in the 2023 spec, 万元
    assert [c.kind for c in charts.charts] == ["bar", "pie", "column"]
