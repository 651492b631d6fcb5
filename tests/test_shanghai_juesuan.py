"""The two 2024 部门决算 seeds (format shanghai-2024-juesuan): the nine tables as the published PDFs print them.

Each built workbook is recalculated by LibreOffice (in the suite's one run, conftest.recalculated) and every cell is
read as a reader sees it (its value under its own number format: 2 decimals, thousands separators, a blank zero or
0.00), against the golden tables transcribed from the PDFs (tests/golden/*-juesuan.yaml): every body cell in its row
and column, the titles, unit lines, header rows and the notes under each table. Where the PDF contradicts itself
(golden 矛盾), the build prints the consistent side and the spec's 已知差异 says so; rounding gaps (golden 舍入) are
printed as published, like every other cell.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from .golden_juesuan import Golden, amount, figures, load

DOCS = {"2024-shanghai-putuo-caizhengju-juesuan": 195, "2024-shanghai-putuo-shehui-gongzuobu-juesuan": 205}
"""Each document and how many figures its nine golden tables print."""

TITLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
          "一般公共预算财政拨款基本支出决算表", "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
          "国有资本经营预算财政拨款收入支出决算表"]
"""The nine tables in 目录 order (fact sheet juesuan.md §1)."""

@pytest.fixture(scope="module")
def golden():
    return {name: load(name) for name in DOCS}


# The golden data itself: what the PDFs print, checked without a build.

@pytest.mark.parametrize(("name", "count"), list(DOCS.items()))
def test_golden_holds_the_nine_tables_and_their_figures(name, count, golden):
    tables = golden[name].tables
    assert [t.title for t in tables] == TITLES
    assert figures(golden[name]) == count
    for table in tables:
        width = len(table.head[-1])
        assert all(len(row) == width for row in table.head + table.rows), table.title
        assert table.unit == "单位：万元" and table.orientation in ("纵向", "横向")


@pytest.mark.parametrize("name", DOCS)
def test_golden_contradictions_are_what_the_pdf_prints(name, golden):
    """Each named contradiction: the PDF prints 印出 there, and 一致 in the cells it is checked against."""
    doc: Golden = golden[name]
    assert doc.contradictions
    for item in doc.contradictions:
        table = doc.table(item["表"])
        if item["行"] == "注":
            assert item["印出"] in table.notes and item["一致"] == ""
            continue
        assert table.row(item["行"])[item["列"] - 1] == item["印出"] != item["一致"]
        assert [doc.cell(ref, item["表"], item["列"]) for ref in item["依据"]] == [item["一致"]] * len(item["依据"])


@pytest.mark.parametrize("name", DOCS)
def test_golden_rounding_gaps_are_real_and_small(name, golden):
    """A printed total differs from the sum of its printed parts by 0.01 to 0.02 (fact sheet §0, §8)."""
    doc: Golden = golden[name]
    for item in doc.rounding:
        printed = doc.table(item["表"]).row(item["行"])[item["列"] - 1]
        parts = sum(amount(doc.cell(ref, item["表"], item["列"])) for ref in item["各项"])
        assert printed == item["印出"] and Decimal("0.01") <= abs(amount(printed) - parts) <= Decimal("0.02"), item
