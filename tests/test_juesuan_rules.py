"""Each §7 rule over printed figures (generator/checks/printed*.py) on one bad input: 普陀区财政局's tables as printed
(golden transcription) with one figure changed, or its text's figures (test_juesuan_published.CZ_SAID) with one
changed; the rule's code must appear where it did not before."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from generator.checks.printed import Printed, layout
from generator.checks.printed_grid import grid_table
from generator.checks.printed_text import Change, Said, Share, published_errors

from .golden_juesuan import load
from .test_juesuan_published import CZ, CZ_SAID

T = layout()["标题"]


def _doc(said: Said | None = CZ_SAID, title: str = "", label: str = "", col: int = 0, new: str = "", note: str | None = None):
    """The CZ document with the cell at (row whose cell is `label`, column `col`) of table `title` printed as `new`."""
    golden, keys = load(CZ), {t: k for k, t in T.items()}
    tables = {}
    for t in golden.tables:
        rows = [list(r) for r in t.rows]
        if t.title == title and label:
            row = next(r for r in rows if label in r)
            row[col] = new
        text = note if note is not None and t.title == title else "\n".join(t.notes)
        tables[keys[t.title]] = grid_table(keys[t.title], rows, text)
    return Printed("cz.pdf", tables, said)


def _new(doc: Printed) -> set[tuple[str, str]]:
    before = {(p.code, p.place.path, p.severity) for p in published_errors(_doc())}
    return {(p.code, p.severity) for p in published_errors(doc) if (p.code, p.place.path, p.severity) not in before}


TABLE_CASES = [  # (rule, code, table, row label, column, printed)
    ("1 本年收入合计 = Σ 一…八", "C401", "T1", "本年收入合计", 1, "2,956.25"),
    ("2 本年支出合计 = Σ 类", "C402", "T1", "本年支出合计", 3, "2,950.05"),
    ("3–5 总计", "C403", "T1", "年初结转和结余", 1, "50.14"),
    ("6 T2 行内各列", "C404", "T2", "行政运行", 4, "1,611.90"),
    ("7 T3 行内各列", "C404", "T3", "信息化建设", 6, "135.35"),
    ("8 T5 合计 = 基本 + 项目", "C404", "T5", "一般行政管理事务", 6, "10.10"),
    ("9 类 = Σ 款", "C405", "T5", "财政事务", 4, "2,106.76"),
    ("10 T4 合计 = Σ 资金", "C404", "T4", "九、卫生健康支出", 3, "61.99"),
    ("11–13 T4 总计", "C406", "T4", "年初财政拨款结转和结余", 1, "31.63"),
    ("14 T4 各资金 年初 + 收入 = 支出 + 年末", "C407", "T4", "年末财政拨款结转和结余", 4, "22.63"),
    ("15 人员经费合计 = 301 + 303", "C408", "T6", "人员经费合计", 3, "2,152.36"),
    ("15 类 = Σ 款", "C405", "T6", "津贴补贴", 3, "1,238.68"),
    ("16 “三公” 合计 = 出国 + 小计 + 接待", "C409", "T7", "0.95", 0, "1.95"),
    ("19–22 T1 收入 = T2 合计", "C411", "T1", "八、其他收入", 1, "6.30"),
    ("23 T1 类 = T3 类", "C411", "T1", "九、卫生健康支出", 3, "61.00"),
    ("25 T1 年初 ≥ T4 年初", "C412", "T1", "年初结转和结余", 1, "10.00"),
    ("31 T5 项 ≤ T3 项", "C412", "T5", "行政运行", 5, "1,503.62"),
]


@pytest.mark.parametrize(("rule", "code", "key", "label", "col", "new"), TABLE_CASES, ids=[c[0] for c in TABLE_CASES])
def test_each_table_rule_finds_a_changed_figure(rule, code, key, label, col, new):
    assert (code, "error") in _new(_doc(None, T[key], label, col, new)), rule


def test_a_function_code_no_catalog_has_is_noted():
    assert ("C410", "note") in _new(_doc(None, T["T5"], "行政运行", 2, "77"))


def test_an_empty_fund_table_without_its_note_and_the_text_without_its_none_sentence():
    assert ("C413", "warning") in _new(_doc(None, T["T8"], note=""))
    assert ("C413", "error") in _new(_doc(replace(CZ_SAID, none=frozenset({"七", "九"}))))


TEXT_CASES = [  # (rule, code, severity, the text's figures changed)
    ("36 一 = T1 总计", "C420", "error", {"total": Change(D("2995.49"), D("56.95"), "减少", D("1.87"), "原因")}),
    ("37 二 占比", "C421", "error", {"incomes": (Share("财政拨款收入", D("2940.05"), D("99.69")), Share("其他收入", D("6.2"), D("0.21")))}),
    ("38 三 = T3", "C420", "error", {"spending_total": D("2941.05")}),
    ("40 五（一） 占比", "C421", "error", {"general_share": D("99.00")}),
    ("41 五（二） 逐类", "C424", "error", {"structure": CZ_SAID.structure[:3]}),
    ("43 五（三） 逐项", "C424", "error", {"items": CZ_SAID.items[1:]}),
    ("44 大于/小于", "C425", "error", {"items": (replace(CZ_SAID.items[0], word="大于"), *CZ_SAID.items[1:])}),
    ("45 六 = T6", "C420", "error", {"public": D("185.65")}),
    ("48 增减词", "C425", "warning", {"general": Change(D("2940.05"), None, "持平", None, "原因")}),
    ("50 机关运行经费 ≤ 公用经费", "C428", "error", {"office": Change(D("194.65"), D("2.55"), "增加", D("1.40"))}),
    ("51 增长率", "C427", "error", {"office": Change(D("184.65"), D("2.55"), "增加", D("1.50"))}),
    ("56 车辆", "C431", "error", {"facts": {"车辆": {"合计": D(3), "其他用车": D(1)}}}),
    ("57 绩效", "C432", "error", {"facts": {"绩效": {"自评项目数": D(4), "优": D(2), "良": D(1)}}}),
]


@pytest.mark.parametrize(("rule", "code", "severity", "changes"), TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_each_text_rule_finds_a_changed_figure(rule, code, severity, changes):
    assert (code, severity) in _new(_doc(replace(CZ_SAID, **changes))), rule


def test_a_template_instruction_in_the_text():
    doc = replace(_doc(), raw_text="与2023年度相比（如持平作持平表述），收入支出总计……")
    assert ("C433", "warning") in _new(doc)
