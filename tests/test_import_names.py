"""Names the workbook's SUMIFS criteria escape (* ? ~ ") are read back as written (no LibreOffice)."""

from __future__ import annotations

import pytest

from generator.importing.equations import _Reader
from generator.tables.cells import Sheet
from generator.tables.data import _criterion

NAMES = ["a*b?~c", "~*", "a~~b", '引号"名"', "普通项目"]


@pytest.mark.parametrize("name", NAMES)
def test_a_criterion_written_for_a_name_selects_exactly_that_names_lines(name):
    fields = {"项目": {other: {n} for n, other in enumerate(NAMES)} | {"aXb?~c": {99}, "a*b?c": {98}}}
    reader = _Reader(Sheet("表"), {"预算明细_金额": ("预算明细_", fields)})  # the amount column's fields, by its name
    formula = f"SUMIFS(预算明细_金额,预算明细_项目,{_criterion(name)})"  # as tables/data.py writes it
    assert reader.term(formula) == {NAMES.index(name): 1}


def test_a_whole_column_summed_with_or_without_sumifs_takes_every_record_of_that_column():
    """A 决算 total of every balance: SUMIFS with no criterion, or SUM over the column's name (each record once)."""
    opening = {"资金来源": {"一般公共预算财政拨款": {0}, "其他收入": {2}}}
    closing = {"资金来源": {"一般公共预算财政拨款": {1}, "其他收入": {3}}}
    reader = _Reader(Sheet("表"), {"结转结余_年初结转和结余": ("结转结余_", opening), "结转结余_年末结转和结余": ("结转结余_", closing)})
    assert reader.term("SUMIFS(结转结余_年初结转和结余)") == {0: 1, 2: 1}
    assert reader.term("SUM(结转结余_年末结转和结余)") == {1: 1, 3: 1}
