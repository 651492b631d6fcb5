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
