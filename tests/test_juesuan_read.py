"""Reading a 决算 spec (format `document: 决算`): the lines with 性质 and both 预算数, income, 结转结余, the 总表's
totals, the 三公 budget; each bad value of the new keys answered at its line with its code."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.problems import SpecError
from generator.reading.spec import read_spec

SPEC = Path(__file__).resolve().parent / "juesuan" / "made-up-juesuan.yaml"
TEXT = SPEC.read_text("utf-8")


def _read(tmp_path: Path, old: str, new: str) -> list:
    """The problems of the made-up spec with `old` replaced by `new` (which must occur once)."""
    assert TEXT.count(old) == 1, old
    path = tmp_path / "决算.yaml"
    path.write_text(TEXT.replace(old, new), "utf-8")
    with pytest.raises(SpecError) as caught:
        read_spec(path)
    return list(caught.value.problems)


def _line_of(text: str) -> int:
    return TEXT[: TEXT.index(text)].count("\n") + 1


def test_a_final_spec_becomes_a_final_budget():
    budget = read_spec(SPEC)
    assert budget.document == "决算" and budget.kind == "department"
    first, last = budget.lines[0], budget.lines[-1]
    assert (first.nature, first.amount, first.planned, first.adjusted) == ("基本支出", Decimal(1000000), Decimal(900000),
                                                                         Decimal(1000000))
    assert (last.nature, last.source, last.source_group, last.planned) == ("经营支出", "经营收入", "非财政拨款", 0)
    assert last.fields()["性质"] == "经营支出"
    assert [(i.function, i.kind, i.kind_group, i.amount) for i in budget.incomes][3] == \
        ("2120805", "政府性基金预算财政拨款", "财政拨款", Decimal(350000))
    assert [(b.function, b.source, b.opening, b.closing) for b in budget.balances] == [
        ("2120805", "政府性基金预算财政拨款", 100000, 50000), ("", "其他收入", 5000, 15000)]
    assert budget.facts["三公经费预算数"]["公务接待费"] == 8000
    assert budget.units[0].three_public_last["公务用车购置及运行维护费"] == 0
    assert budget.facts["单位构成"] == [{"单位名称": "上海市示例区测试局（本级）", "备注": ""}]
    assert budget.facts["上年"]["收入支出总计"] == 2000000


def test_a_budget_line_keeps_its_nature_from_its_project():
    """The 预算's lines carry no 性质 of their own: the new field leaves them as they were."""
    budget = read_spec(Path(__file__).resolve().parents[1] / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml")
    assert budget.document == "预算" and not budget.incomes and not budget.balances
    assert {ln.nature for ln in budget.lines} == {"基本支出", "项目支出"}
    assert all(ln.given_nature == "" and ln.planned == 0 for ln in budget.lines)


BAD = [
    ("[经营支出, 2010101, 30226, 经营收入, 10000]", "[经营性支出, 2010101, 30226, 经营收入, 10000]", "E261", "经营性支出"),
    ("[经营支出, 2010101, 30226, 经营收入, 10000]", "[经营支出, 2010101, 30226, 经营收入]", "E260", "决算明细每行"),
    ("[经营支出, 2010101, 30226, 经营收入, 10000]", "[经营支出, 2010101, 30226, 经营收入, 1, 2, 3, 行政单位, 5]", "E260", "年初预算数"),
    ("[经营支出, 2010101, 30226, 经营收入, 10000]", "[经营支出, 2010101, 30226, 事业单位经营收入, 10000]", "E223",
     "事业单位经营收入"),
    ("[经营支出, 2010101, 30226, 经营收入, 10000]", "[经营支出, 2010101, 30226, 经营收入, 10000, 负数]", "E205", "年初预算数"),
    ("[经营支出, 2010101, 30226, 经营收入, 10000]", "[经营支出, 2010101, 30226, 经营收入, 10000, 0, -5]", "E206", "全年预算数"),
    ("[2010101, 经营收入, 10000]", "[2010101, 经营收入]", "E262", "收入明细每行"),
    ("[2010101, 经营收入, 10000]", "[2010101, 使用非财政拨款结余, 10000]", "E262", "收入类型"),
    ("[2010101, 经营收入, 10000]", "[2010199, 经营收入, 10000]", "E222", "2010199"),
    ('["", 其他收入, 5000, 15000]', '["", 一般公共预算财政拨款, 5000, 15000]', "E263", "须写明功能科目"),
    ('["", 其他收入, 5000, 15000]', '["", 上年结余, 5000, 15000]', "E263", "上年结余"),
    ('["", 其他收入, 5000, 15000]', '["", 其他收入, 5000]', "E263", "结转结余每行"),
    ('["", 其他收入, 5000, 15000]', '["", 其他收入, 5000, 1.005]', "E208", "年末结转和结余"),
    ("  - {单位名称: 上海市示例区测试局（本级）, 备注: \"\"}", "  - 上海市示例区测试局（本级）", "E264", "单位构成"),
    ("  - {单位名称: 上海市示例区测试局（本级）, 备注: \"\"}", "  - {单位: 上海市示例区测试局（本级）}", "E212", "单位"),
    ("使用非财政拨款结余: 0", "使用非财政拨款结余: 一些", "E205", "使用非财政拨款结余"),
    ("结余分配: 0", "结余分配: -1", "E206", "结余分配"),
    ("公务接待费: 8000}", "接待费: 8000}", "E212", "接待费"),
    ("上年三公经费: {因公出国（境）费: 0, 公务用车购置及运行维护费: 0,", "上年三公经费: {因公出国（境）费: 0, 公务用车购置费: 0,",
     "E212", "公务用车购置费"),
    ("使用非财政拨款结余: 0", "预算明细: []", "E212", "预算明细"),
]


@pytest.mark.parametrize(("old", "new", "code", "words"), BAD, ids=[f"{b[2]}-{i}" for i, b in enumerate(BAD)])
def test_a_bad_value_of_a_final_spec_is_named_at_its_line(tmp_path, old, new, code, words):
    problems = _read(tmp_path, old, new)
    found = [p for p in problems if p.code == code]
    assert found, problems
    assert any(words in p.message for p in found), found
    assert found[0].place.line == _line_of(old), found[0]


def test_a_final_spec_without_lines_is_refused(tmp_path):
    start, end = TEXT.index("决算明细:"), TEXT.index("收入明细:")
    path = tmp_path / "决算.yaml"
    path.write_text(TEXT[:start] + TEXT[end:], "utf-8")
    with pytest.raises(SpecError) as caught:
        read_spec(path)
    assert any(p.code == "E202" and "决算明细" in p.message for p in caught.value.problems)


def test_a_line_of_a_department_whose_units_differ_names_its_own_unit_type(tmp_path):
    """机关运行经费 counts only 行政单位 and 参公事业单位: a 事业单位's line says so, the rest keep the spec's type."""
    line = "  - [基本支出, 2010101, 30201, 一般公共预算财政拨款, 200000, 200000, 210000]"
    path = tmp_path / "决算.yaml"
    path.write_text(TEXT.replace(line, line[:-1] + ", 事业单位]"), "utf-8")
    budget = read_spec(path)
    assert [ln.unit_type for ln in budget.lines[:2]] == ["行政单位", "事业单位"]
    (bad,) = _read(tmp_path, line, line[:-1] + ", 事业]")
    assert bad.code == "E236" and bad.place.line == _line_of(line) and "单位类型“事业”不对" in bad.message
