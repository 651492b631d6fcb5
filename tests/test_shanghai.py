"""What peer checkers test on Shanghai documents (domain.md), on our recalculated workbooks and our text."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from generator.build import narrative

from .rules import Table, num

DOCS = ["2025-shanghai-putuo-shangwuwei", "2025-shanghai-putuo-shangwuwei-unit"]
PLACEHOLDER = re.compile(r"XX|××|待填写|……|TODO", re.IGNORECASE)


def _row(table: Table, col: int, label: str) -> list:
    (row,) = table.rows(col, label)[:1]
    return row


def _wan(yuan: float) -> str:
    return f"{Decimal(str(yuan)) / 10000:,.2f}"


def _total(table: Table, col: int) -> float:
    """The figure in column `col` of the table's 合计 row."""
    return num(next(r for r in table.body if "合计" in [str(v) for v in r[:4]])[col])


@pytest.fixture(params=DOCS)
def doc(request, tables, documents):
    name = request.param
    return {"t": tables[name], "text": narrative(documents[name]), "budget": documents[name].budget,
            "kind": documents[name].budget.kind}


def close(a: float, b: float) -> bool:
    return abs(a - b) < 0.005


def test_totals_hold(doc):
    t = doc["t"]
    one = t["财务收支预算总表"]
    income, spending = _row(one, 0, "收入总计")[1], _row(one, 2, "支出总计")[3]
    assert close(income, spending)
    sources = ["一、财政拨款收入", "二、事业收入", "三、事业单位经营收入", "四、其他收入"]
    assert close(income, sum(num(_row(one, 0, s)[1]) for s in sources))
    four = t["财政拨款收支预算总表"]
    total_in, total_out = _row(four, 0, "收入总计"), _row(four, 2, "支出总计")
    assert close(total_in[1], total_out[3]) and close(total_out[3], sum(num(v) for v in total_out[4:7]))
    by_fund = sum(_total(t[s], 4) for s in ("一般公共预算支出功能分类预算表", "政府性基金预算支出功能分类预算表",
                                            "国有资本经营预算支出功能分类预算表"))
    assert close(total_out[3], by_fund)


def test_rows_add_up_across(doc):
    t = doc["t"]
    for row in t["支出预算总表"].body:
        assert close(num(row[4]), num(row[5]) + num(row[6]))
    for row in t["一般公共预算基本支出经济分类预算表"].body:
        if isinstance(row[3], (int, float)):
            assert close(num(row[3]), num(row[4]) + num(row[5]))
    three = next(r for r in t["三公经费和机关运行经费预算表"].body if isinstance(r[0], (int, float)))
    assert close(num(three[0]), num(three[1]) + num(three[2]) + num(three[3]))
    assert close(num(three[3]), num(three[4]) + num(three[5]))


def test_same_code_same_amount_and_basic_is_the_economic_table(doc):
    t = doc["t"]
    income = {tuple(map(str, r[:3])): num(r[4]) for r in t["收入预算总表"].body if r[0]}
    spending = {tuple(map(str, r[:3])): num(r[4]) for r in t["支出预算总表"].body if r[0]}
    assert income.keys() == spending.keys() and all(close(income[k], spending[k]) for k in income)
    assert close(_total(t["支出预算总表"], 5), _total(t["一般公共预算基本支出经济分类预算表"], 3))


def test_unit_table_one_splits_basic_into_staff_and_running_costs(tables):
    t = tables["2025-shanghai-putuo-shangwuwei-unit"]
    one, eight = t["财务收支预算总表"], t["一般公共预算基本支出经济分类预算表"]
    for row in one.body:
        if isinstance(row[3], (int, float)):
            assert close(num(row[3]), num(row[4]) + num(row[5]) + num(row[6]))
    total = _row(one, 2, "支出总计")
    assert close(total[4], _total(eight, 4)) and close(total[5], _total(eight, 5))


def test_text_figures_are_table_figures(doc):
    t, text = doc["t"], doc["text"]
    one, three = t["财务收支预算总表"], next(r for r in t["三公经费和机关运行经费预算表"].body if isinstance(r[0], (int, float)))
    assert f"收入预算{_wan(_row(one, 0, '收入总计')[1])}万元" in text
    assert f"支出预算{_wan(_row(one, 2, '支出总计')[3])}万元" in text
    assert f"财政拨款收入{_wan(_row(t['财政拨款收支预算总表'], 0, '收入总计')[1])}万元" in text
    assert f"“三公”经费预算数为{num(three[0]):,.2f}万元" in text
    assert f"公务接待费{num(three[2]):,.2f}万元" in text
    assert f"机关运行经费预算为{num(three[6]):,.2f}万元" in text
    purchase = re.search(r"政府采购预算([\d,.]+)万元，其中：政府采购货物预算([\d,.]+)万元、政府采购工程预算([\d,.]+)万元、"
                         r"政府采购服务预算([\d,.]+)万元", text)
    total, *kinds = (Decimal(x.replace(",", "")) for x in purchase.groups())
    assert total == sum(kinds)
    funds = re.search(r"涉及项目预算资金([\d,.]+)万元", text).group(1)
    assert Decimal(funds.replace(",", "")) * 10000 <= Decimal(str(_total(t["支出预算总表"], 6)))


def test_each_function_item_of_the_text_is_its_table_row(doc):
    fiscal = [num(r[5]) for r in doc["t"]["收入预算总表"].body if r[2]]
    items = re.findall(r"（项）”([\d,.]+)万元", doc["text"])
    assert len(items) == len(fiscal) == 16
    assert [Decimal(x.replace(",", "")) for x in items] == [Decimal(_wan(v).replace(",", "")) for v in fiscal]


def test_wording_rules(doc):
    text = doc["text"]
    assert not re.search(r"(增加|减少)0(\.00)?万元|(增加|减少)持平", text)
    assert not PLACEHOLDER.search(text)
    last = doc["budget"].facts["上年"]
    for label, key in (("财政拨款收入", "财政拨款收入"), ("财政拨款支出预算", "财政拨款支出"),
                       ("一般公共预算拨款支出预算", "一般公共预算拨款支出")):
        now, verb, change = re.search(rf"{label}([\d,.]+)万元，比2024年预算(?:执行数)?(增加|减少|持平)([\d,.]*)", text).groups()
        now = Decimal(now.replace(",", ""))
        before = Decimal(last[key]) / 10000
        assert verb == ("增加" if now > before else "减少" if now < before else "持平")
        if abs(now - before) >= before / 10:
            assert re.search(r"财政拨款收入支出(增加|减少)的主要原因是：\S+", text)


def test_empty_tables_carry_their_own_note_and_titles_the_budget_year(doc, layouts, documents):
    word = "部门" if doc["kind"] == "department" else "单位"
    t = doc["t"]
    for sheet, fund in (("政府性基金预算支出功能分类预算表", "政府性基金预算"), ("国有资本经营预算支出功能分类预算表", "国有资本经营预算")):
        notes = [r[0] for r in t[sheet].body if str(r[0]).startswith("注")]
        assert notes == [f"注:本{word}2025年无{fund}财政拨款安排的预算，故本表为空表。"]
    name = next(n for n, d in documents.items() if d.budget is doc["budget"])
    titles = [s.cells[(0, 0)].value for s in list(layouts[name].values())[:9]]
    assert len(titles) == 9 and all(title.startswith("2025年") for title in titles)


def _spec_with(tmp_path, old: str, new: str):
    from pathlib import Path
    source = Path(__file__).resolve().parent.parent / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml"
    text = source.read_text("utf-8")
    assert old in text
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def test_check_finds_a_placeholder_in_the_specs_own_text(tmp_path):
    from generator.build import check
    spec = _spec_with(tmp_path, "主要用于商贸事务管理。", "主要用于XX。")
    (problem,) = [p for p in check(spec) if p.code == "C350"]
    assert problem.severity == "error" and problem.place.path == "概况.功能科目用途.2011399" and problem.place.line
    assert "占位符“XX”" in problem.message


def test_check_wants_a_reason_for_a_change_of_ten_percent(tmp_path):
    from generator.build import check
    spec = _spec_with(tmp_path, "  收支变动原因: 政策资金项目预算增加，根据实际工作安排编制预算。", "  收支变动原因: ''")
    found = [p for p in check(spec) if p.code == "C351"]
    assert [p.message for p in found] == ["财政拨款收入比上年增加195%，须在“概况.收支变动原因”中写明原因",
                                          "财政拨款支出比上年增加193%，须在“概况.收支变动原因”中写明原因"]
    assert found[0].place.path == "概况" and found[0].place.line
    steady = _spec_with(tmp_path, "    公务接待费: 主要原因是根据本单位实际业务需求开展公务接待。", "    公务接待费: ''")
    assert not [p for p in check(steady) if p.code == "C351"]


def test_check_wants_basic_spending_in_the_classes_the_tables_split(tmp_path):
    from generator.build import check
    spec = _spec_with(tmp_path, "  - [基本支出, 2011301, 31002, 一般公共预算拨款, 78000]",
                      "  - [基本支出, 2011301, 30901, 一般公共预算拨款, 78000]")
    extra = '补充科目:\n  经济科目: {"309": 资本性支出（基本建设）, "30901": 房屋建筑物购建}\n'
    spec.write_text(spec.read_text("utf-8") + extra, "utf-8")
    found = [p for p in check(spec) if p.code == "C304"]
    assert len(found) == 1 and "30901" in found[0].message and found[0].place.path.startswith("预算明细[")
