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
    """Every amount is a formula, except figures the spec enters: last year's 三公, task amounts, 0 carry-overs."""
    entered = {"三公经费支出表", "整体支出绩效目标表", "预算明细", "政府采购明细"}
    for sheet in layouts["2023-shenzhen-sibj"].values():
        for cell in sheet.cells.values():
            if isinstance(cell.value, Decimal) and cell.formula is None:
                assert sheet.name in entered or cell.value == 0, sheet.name
