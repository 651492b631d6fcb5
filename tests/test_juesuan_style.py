"""§7 rules 58, 59 and 61 and §8's wording rules, each on a document changed to break it: 普陀区财政局's text as printed
(the seed's text part) and tables (golden transcription) with one thing changed, whose code must then appear at its
place; and the rules a 决算 spec can break (generator/checks/juesuan_style.py) on the made-up 决算 edited."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.build import load_document, review
from generator.checks.printed import Printed
from generator.checks.printed_lists import list_problems
from generator.checks.printed_style import style_problems

from .test_juesuan_checks import MADE_UP
from .test_juesuan_published import CZ, SH, printed
from .test_juesuan_rules import _doc
from .textcompare import seed_text


def _found(doc: Printed) -> set[tuple[str, str, str, str]]:
    return {(p.code, p.place.path, p.severity, p.message) for p in style_problems(doc) + list_problems(doc)}


def _changed(name: str, *changes: tuple[str, str]) -> set[tuple[str, str, str]]:
    """What the rules find on the reference with its text changed, and did not before: (code, place, severity)."""
    text = seed_text(name)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    new = _found(replace(printed(name, None), raw_text=text)) - _found(replace(printed(name, None), raw_text=seed_text(name)))
    return {found[:3] for found in new}


TEXT_CASES = [  # (rule, document, changes, (code, place))
    ("58 目录中的节与正文标题不同", CZ, [(" 十、预算绩效管理情况\n", " 十、预算绩效情况\n")], ("C434", "文字部分·目录")),
    ("58 正文的节不在目录中", CZ, [(" 九、国有资本经营预算财政拨款收入支出决算情况说明\n\n 十、", " 十、")], ("C434", "文字部分·目录")),
    ("58 目录中的部分标题与正文不同", SH, [("第四部分 名词解释", "第四部分 名词说明")],
     ("C434", "文字部分·目录")),
    ("58 目录中的表名不是表的标题", CZ, [(" 二、收入决算表\n", " 二、收入决算明细表\n")], ("C434", "文字部分·目录")),
    ("59 句中的部门名称与封面不同", CZ, [("上海市普陀区财政局2024年度政府采购金额", "上海市普陀区财政所2024年度政府采购金额")],
     ("C435", "文字部分·十一")),
    ("59 正文标题中的部门名称与封面不同", CZ, [("第三部分上海市普陀区财政局2024年度部门决算情况", "第三部分普陀区财政局2024年度部门决算情况")],
     ("C435", "文字部分·第三部分")),
    ("59 目录中的部门名称与封面不同", SH, [("第一部分 中共上海市普陀区委社会工作部概况\n\n一、", "第一部分 上海市普陀区委社会工作部概况\n\n一、")],
     ("C435", "文字部分·目录")),
    ("61 文字中的金额一位小数", CZ, [("支出决算为135.25万元", "支出决算为135.3万元")], ("C436", "文字部分·五（三）")),
    ("61 文字中的金额用千分位", CZ, [("本年支出合计2940.05万元", "本年支出合计2,940.05万元")], ("C436", "文字部分·三")),
    ("61 文字中的百分比一位小数", CZ, [("占79.49%", "占79.5%")], ("C436", "文字部分·三")),
    ("§8 段末印“；”", SH, [("占 9.55%。", "占 9.55%；")], ("C439", "文字部分·五（二）")),
    ("§8 逐项措辞不一", CZ, [("信息化建设（项）。主要用于：信息化\n系统日常维护费等支出。年初预算为135.90万元，支出决算为135.25万元。决算数小于\n预算数",
                         "信息化建设（项）。主要用于：信息化\n系统日常维护费等支出。年初预算为135.90万元，支出决算为135.25万元。决算数小于\n年初预算数")],
     ("C437", "文字部分·五（三）")),
]


@pytest.mark.parametrize(("rule", "name", "changes", "expected"), TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_each_text_rule_finds_its_break(rule, name, changes, expected):
    new = _changed(name, *changes)
    assert (*expected, "warning") in new, (rule, new)


def test_a_copied_use_is_a_warning_naming_both_items():
    """C438: CZ's item 3 given item 4's 用途 text (委托中介机构…), which names neither 项: a note naming both."""
    new = _changed(CZ, ("主要用于：信息化\n系统日常维护费等支出。", "主要用于：\n委托中介机构开展各类审计及绩效评价工作。"))
    assert ("C438", "文字部分·五（三）", "note") in new


def test_the_same_use_fitting_one_item_is_a_warning():
    """C438: CZ's item 10 (住房公积金) given item 9's 用途 (…基本医疗保险费, of 行政单位医疗 = 9's 项 written in it)."""
    new = _changed(CZ, ("主要用于：缴纳在\n职人员住房公积金。", "主要用于：行政单位医疗保险费。"),
                   ("主要用于：\n在职人员基本医疗保险费。", "主要用于：行政单位医疗保险费。"))
    assert ("C438", "文字部分·五（三）", "warning") in new


def test_a_table_amount_without_two_decimals():
    """C436 (rule 61) on a table: a cell printed 1,503.5 in 一般公共预算财政拨款支出决算表, named by row and column."""
    doc = replace(_doc(None, "一般公共预算财政拨款支出决算表", "行政运行", 5, "1,511.9"), raw_text=seed_text(CZ))
    places = {p.place.path for p in style_problems(doc) if p.code == "C436"}
    assert any(p.startswith("一般公共预算财政拨款支出决算表 第") and "行政运行" in p for p in places), places


def test_no_text_no_text_rule():
    """A document read without its text (tables only) has no text rule's finding, and no cover name to compare."""
    assert {p.code for p in style_problems(printed(CZ, None)) + list_problems(printed(CZ, None))} == set()


# ---- the spec's side: 措辞 and 版式 of a 决算 spec ----

def _spec(tmp_path: Path, extra: str, *changes: tuple[str, str]) -> list:
    text = MADE_UP.read_text("utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / MADE_UP.name
    path.write_text(text + extra, "utf-8")
    return [p for p in review(load_document(path)) if p.code in ("C435", "C436")]


SPEC_CASES = [  # (rule, spec lines added, change, code, place path, words)
    ("59 措辞写出另一个名称", "措辞:\n  无三公: \"上海市示例区司法局{年度}年度无“三公”经费财政拨款支出。\"\n", None,
     "C435", "措辞.无三公", "“上海市示例区司法局”"),
    ("59 单位构成的本级为另一个名称", "", ("上海市示例区测试局（本级）", "上海市示例区检测局（本级）"), "C435", "单位构成", "上海市示例区检测局（本级）"),
    ("61 文字去尾零", "版式:\n  文字去尾零: true\n", None, "C436", "版式", "6.2万元"),
    ("61 文字千分位", "版式:\n  文字千分位: true\n", None, "C436", "版式", "2,995.39万元"),
    ("61 表格小数位", "版式:\n  表格小数位: 0\n", None, "C436", "版式", "版式.表格小数位为 0"),
    ("61 逐表改写小数位", "版式:\n  各表: {收入决算表: {小数位: 0}}\n", None, "C436", "版式", "版式.各表.收入决算表.小数位为 0"),
    ("61 措辞的数字一位小数", "措辞:\n  收支总计: {数字: {小数位: 1}}\n", None, "C436", "措辞.收支总计", "“小数位”为 1"),
]


@pytest.mark.parametrize(("rule", "extra", "change", "code", "path", "words"), SPEC_CASES, ids=[c[0] for c in SPEC_CASES])
def test_each_spec_rule_finds_its_break(tmp_path, rule, extra, change, code, path, words):
    found = _spec(tmp_path, extra, *([change] if change else []))
    hits = [p for p in found if p.code == code and p.severity == "warning" and words in p.message]
    assert hits, (rule, [str(p) for p in found])
    assert hits[0].place.line and hits[0].place.path.startswith(path.split(".")[0])


def test_the_made_up_spec_and_its_own_name_in_a_wording_are_quiet(tmp_path):
    """The department's own name written out in a 措辞 (not {名称}) prints the same name: no C435."""
    assert _spec(tmp_path, "措辞:\n  无三公: \"上海市示例区测试局{年度}年度无“三公”经费财政拨款支出。\"\n") == []
