"""The indexes that find lines and data-sheet records give what a scan of every line would (as SUMIFS sees them)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.document import load_document
from generator.tables.data import data_sheets

SPEC = Path(__file__).resolve().parent / "specs" / "department" / "department.yaml"  # three units, seven sources
DOC = load_document(SPEC)
LINES = DOC.budget.lines
FIELDS = sorted(LINES[0].fields())


def _values(field: str) -> list[str]:
    return sorted({line.fields()[field] for line in LINES}) + ["不存在的值"]


@st.composite
def criteria(draw) -> dict[str, object]:
    """Up to four fields, each wanting one value or any of several (a tuple or a list, as layouts write them)."""
    chosen = draw(st.lists(st.sampled_from(FIELDS), max_size=4, unique=True))
    result: dict[str, object] = {}
    for field in chosen:
        values = st.sampled_from(_values(field))
        result[field] = draw(st.one_of(values, st.lists(values, min_size=1, max_size=3).map(tuple),
                                       st.lists(values, min_size=1, max_size=3)))
    return result


@settings(max_examples=300, deadline=None)
@given(criteria())
def test_select_finds_the_lines_a_scan_finds_in_order(wanted):
    assert DOC.budget.select(wanted) == tuple(line for line in LINES if line.matches(wanted))


@settings(max_examples=300, deadline=None)
@given(criteria())
def test_a_data_sheet_total_is_the_sum_of_the_matching_lines(wanted):
    wanted = {k: tuple(v) if isinstance(v, list) else v for k, v in wanted.items()}
    sheet = data_sheets(DOC.budget, DOC.format.settings["data_sheets"])["明细"]
    expected = sum((line.amount for line in LINES if line.matches(wanted)), Decimal(0))
    assert sheet.total("金额（元）", wanted) == expected


def test_the_spec_has_lines_of_several_units_and_sources():
    """The examples above mean something only if the lines differ in what they are filtered on."""
    assert len(LINES) > 15
    assert len(_values("单位")) > 3 and len(_values("资金来源")) > 5 and len(_values("功能科目")) > 5
