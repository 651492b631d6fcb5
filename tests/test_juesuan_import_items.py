"""The 决算 import's items (五（三）, 八, 九) land on their 项 by the names they print, never by position."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from generator.importing import final_checks
from generator.importing.final_checks import printed_errors
from generator.importing.final_items import _completes, matched, read_items
from generator.importing.final_spec import MISTYPED, department_name
from generator.importing.text import read_facts
from generator.problems import Place, Problem

SPEC = {"段": "(?P<v>.+)", "项": r"(?:(?<=[。：；])|^)\s*\d+、(?=[^。]{2,80}（项）。)",
        "各项": {"用途": "主要用于：(?P<v>.+?)(?=年初预算为)", "年初预算数": "年初预算为(?P<v>[\\d,.]+)万元"}}
NAMES = {"201": {"一般公共服务支出"}, "20101": {"人大事务"}, "2010101": {"行政运行"}, "2010102": {"一般行政管理事务"},
         "20103": {"政府办公厅(室)及相关机构事务"}, "2010301": {"行政运行"}}


def _names(code: str) -> set[str]:
    return NAMES.get(code, set())


def _item(n: int, kuan: str, xiang: str, use: str, budget: str) -> str:
    return f"{n}、一般公共服务支出（类）{kuan}（款）{xiang}（项）。主要用于：{use}。年初预算为{budget}万元。"


def test_an_item_of_a_xiang_with_nothing_spent_moves_no_other_item():
    text = (_item(1, "人大事务", "行政运行", "人大运行", "10.00") + _item(2, "人大事务", "一般行政管理事务", "会议", "5.00")
            + _item(3, "政府办公厅（室）及相关机构事务", "行政运行", "办公厅运行", "7.00"))
    found, lost, left = matched(read_items(SPEC, text), ["2010101", "2010301"], _names)
    assert found["2010101"]["用途"] == "人大运行。" and found["2010301"]["年初预算数"] == "7.00"
    assert lost == ["2、一般公共服务支出（类）人大事务（款）一般行政管理事务（项）"] and left == []


def test_an_item_the_publisher_left_out_is_named_and_the_others_keep_their_figures():
    text = _item(1, "政府办公厅（室）及相关机构事务", "行政运行", "办公厅运行", "7.00")
    found, lost, left = matched(read_items(SPEC, text), ["2010101", "2010301"], _names)
    assert list(found) == ["2010301"] and found["2010301"]["年初预算数"] == "7.00"
    assert lost == [] and left == ["2010101"]


def test_a_table_shaped_otherwise_says_the_published_error_checks_did_not_run():
    """A 收入决算表 of one cell a row: one I615 naming it, not a silent empty list."""
    table = SimpleNamespace(title="收入决算表", rows=[["合计", "1"]], page=1)
    rec = SimpleNamespace(tables=(table,), year=2024)
    notes = printed_errors(rec, (SimpleNamespace(number=1, text=""),), "", Path("样本.pdf"))
    assert [(p.code, "收入决算表" in p.message, "未能" in p.message) for p in notes] == [("I615", True, True)]


def test_only_errors_on_figures_as_printed_are_recorded_as_the_publishers(monkeypatch):
    """A C430 (facts' sums as printed) goes to 已知差异; a C304 (a line of ours) is left for the officer to check."""
    found = [Problem("C430", Place("x.yaml", 3, "概况.合计"), "合计与分项之和不符", "error"),
             Problem("C304", Place("x.yaml", 9, "决算明细[0]"), "基本支出的经济科目 31002 不属于基本支出", "error")]
    monkeypatch.setattr(final_checks, "check", lambda file: found)
    spec, printed, _, other = final_checks.accepted("年度: 2024\n", "x.yaml")
    assert [p.code for p in printed] == ["C430"] and [p.code for p in other] == ["C304"]
    assert "规则: C430" in spec and "C304" not in spec


def test_a_mistyped_figure_is_not_read_and_named():
    """12..5万元 and 95..89% (a stray point) raise nothing: the fact is not read, the rate is taken as not printed."""
    rules = {"合计": {"模式": "合计为(?P<v>[\\d,.]+)万元", "万元": True},
             "上年": {"模式": "比上年(?P<dir>增加|减少)(?P<d>[\\d,.]+)万元，增长(?P<p>[\\d.]+)%", "本年": "总计"}}
    text = "合计为12..5万元。比上年增加1..5万元，增长95..89%。"
    assert read_facts(rules, text, {}, lambda what: Decimal(1000000), []) == {}
    assert _completes(Decimal(100), "95..89")(Decimal(300))
    assert [m.group(0) for m in MISTYPED.finditer(text)] == ["12..5", "1..5", "95..89"]


def test_the_department_name_falls_back_to_the_maker_then_to_the_file_with_a_note():
    rules = {"名称": "^(?P<v>\\S+)2024年度部门决算"}
    made = (SimpleNamespace(number=1, text="编制单位：上海市普陀区样本局"),)
    assert department_name(rules, "", made, Path("a.pdf")) == ("上海市普陀区样本局", [])
    name, notes = department_name(rules, "", (SimpleNamespace(number=1, text=""),), Path("样本.pdf"))
    assert name == "样本" and [p.code for p in notes] == ["I618"] and "文件名" in notes[0].message


def test_a_count_the_pattern_reads_but_that_is_no_whole_number_is_not_read():
    """A pattern wider than digits (一个 publisher's 设备 count) may catch a misprint: it is not read, not a traceback."""
    rules = {"国有资产.单价100万元以上设备": {"模式": "设备(?P<v>[\\d.]+)台", "整数": True},
             "国有资产.车辆": {"模式": "车辆(?P<v>[\\d.]+)辆", "整数": True}}
    found = read_facts(rules, "设备2.台；车辆3辆", {}, lambda what: Decimal(0), [])
    assert found == {"国有资产.车辆": 3}
