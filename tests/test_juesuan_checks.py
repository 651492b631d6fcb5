"""The 决算 rules a spec can break (generator/checks/juesuan.py, fact sheet juesuan.md §7): each on the made-up 决算
(tests/juesuan/made-up-juesuan.yaml, which balances) edited to break it, with its code, place and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import review
from generator.document import load_document

ROOT = Path(__file__).resolve().parent.parent
MADE_UP = ROOT / "tests" / "juesuan" / "made-up-juesuan.yaml"
FACTS = """情况说明:
  政府采购: {货物: 210700, 工程: 0, 服务: 0, 面向中小企业预留: 210700, 面向小微企业预留: 210700,
             中小企业预留中标: 210700, 小微企业预留中标: 210700, 其他项目中小企业中标: 210700}
  绩效管理: {自评项目数: 4, 优: 3, 良: 0, 合格: 0, 不合格: 0, 发现问题: 2, 已整改: 1, 正在整改: 0}
"""


def _findings(tmp_path: Path, *changes: tuple[str, str], extra: str = "") -> list:
    text = MADE_UP.read_text("utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / MADE_UP.name
    path.write_text(text + extra, "utf-8")
    return [p for p in review(load_document(path)) if p.code.startswith("C4")]


def _one(found: list, code: str, severity: str = "error"):
    hits = [p for p in found if p.code == code and p.severity == severity]
    assert hits, [str(p) for p in found]
    return hits[0]


def test_the_made_up_accounts_balance():
    assert [p for p in review(load_document(MADE_UP)) if p.code.startswith("C4")] == []


def test_income_that_does_not_meet_spending_and_balances_breaks_the_total(tmp_path):
    """Rules 3–5: 总计 left (收入明细 + 使用非财政拨款结余 + 年初) ≠ right (决算明细 + 结余分配 + 年末)."""
    found = _findings(tmp_path, ("  - [2010101, 其他收入, 30000]", "  - [2010101, 其他收入, 40000]"))
    problem = _one(found, "C440")
    assert "收入总计 216.00万元" in problem.message and "支出总计 215.00万元" in problem.message and "相差 10,000.00元" in problem.message
    assert problem.place.line  # at 结转结余 in the spec
    assert "非财政拨款" in _one(found, "C443").message  # rule 26 names the side that does not roll forward


def test_a_fund_that_does_not_roll_forward(tmp_path):
    """Rule 14: for 政府性基金, 年初 10 + 收入 35 ≠ 支出 40 + 年末 6."""
    found = _findings(tmp_path, ("  - [2120805, 政府性基金预算财政拨款, 100000, 50000]", "  - [2120805, 政府性基金预算财政拨款, 100000, 60000]"))
    problem = _one(found, "C441")
    assert problem.message.startswith("政府性基金预算财政拨款：年初结转和结余 + 本年收入 = 45.00万元，而本年支出 + 年末结转和结余 = 46.00万元")


def test_a_fund_function_that_does_not_roll_forward_is_a_row_of_table_8(tmp_path):
    """Rule 17: the fund balances in total, but its income is under another 项 than its spending: an error for 基金."""
    found = _findings(tmp_path, ("  - [2120805, 政府性基金预算财政拨款, 350000]",
                                 "  - [2120805, 政府性基金预算财政拨款, 300000]\n  - [2120501, 政府性基金预算财政拨款, 50000]"))
    messages = [p.message for p in found if p.code == "C441" and p.severity == "error"]
    assert any("功能科目 2120501" in m for m in messages) and any("功能科目 2120805" in m for m in messages)


def test_general_budget_income_under_another_function_is_a_warning(tmp_path):
    """财政拨款收入 by function vs lines: 一般公共预算 income filed under a neighbouring 项 (a warning: T2 and T5 differ)."""
    found = _findings(tmp_path, ("  - [2010101, 一般公共预算财政拨款, 1200000]", "  - [2010101, 一般公共预算财政拨款, 1100000]"),
                      ("  - [2010102, 一般公共预算财政拨款, 305000]", "  - [2010102, 一般公共预算财政拨款, 405000]"))
    warned = [p for p in found if p.code == "C441"]
    assert {p.severity for p in warned} == {"warning"} and len(warned) == 2
    assert "一般公共预算财政拨款功能科目 2010101：年初结转和结余 + 本年收入 = 110.00万元，而本年支出 + 年末结转和结余 = 120.00万元" in warned[0].message


def test_other_money_that_does_not_roll_forward(tmp_path):
    """Rule 26: 其他收入 年初 0.5 + 收入 3 − 支出 2 ≠ 年末 1.6."""
    found = _findings(tmp_path, ('  - ["", 其他收入, 5000, 15000]', '  - ["", 其他收入, 5000, 16000]'))
    assert "= 1.50万元，而年末结转和结余为 1.60万元" in _one(found, "C443").message


def test_surplus_used_without_lines_paid_from_it_is_a_warning(tmp_path):
    found = _findings(tmp_path, ("使用非财政拨款结余: 0", "使用非财政拨款结余: 5000"), ('  - ["", 其他收入, 5000, 15000]', '  - ["", 其他收入, 0, 15000]'))
    assert not [p for p in found if p.code in ("C440", "C441") or (p.code == "C443" and p.severity == "error")]
    assert "资金来源为使用非财政拨款结余的决算明细合计 0.00万元，而“使用非财政拨款结余”为 0.50万元" in _one(found, "C443", "warning").message


def test_a_basic_line_with_an_economic_code_table_6_has_no_row(tmp_path):
    """Rule 18: 30905 is a real 经济科目 but no row of 一般公共预算财政拨款基本支出决算表."""
    line = "  - [基本支出, 2010101, 30101, 一般公共预算财政拨款, 1000000, 900000, 1000000]"
    found = _findings(tmp_path, (line, line.replace("1000000, 900000", "990000, 900000") + "\n" + line.replace(
        "30101, 一般公共预算财政拨款, 1000000", "30905, 一般公共预算财政拨款, 10000")))
    problem = _one(found, "C444")
    assert "经济科目 30905 在基本支出决算表中没有行" in problem.message and problem.place.line == 13


def test_a_function_code_outside_the_catalog_is_named_when_read(tmp_path):
    """Rule 18's second half: reading names a code of no classification (the tables then have no name for its row)."""
    path = tmp_path / MADE_UP.name
    path.write_text(MADE_UP.read_text("utf-8").replace("  - [基本支出, 2080505,", "  - [基本支出, 2080588,", 1), "utf-8")
    with pytest.raises(Exception) as caught:
        review(load_document(path))
    assert any(p.code == "E222" and "2080588 不存在" in p.message for p in caught.value.problems)


def test_procurement_and_performance_figures_add_up(tmp_path):
    """Rules 53–55 and 57 on the spec's 情况说明 (SH's 政府采购 as published: 21.07 won twice against a total of 21.07)."""
    found = _findings(tmp_path, extra=FACTS)
    procurement = _one(found, "C430")
    assert "中小企业预留中标与其他项目中小企业中标 42.14 超过合计 21.07" in procurement.message
    assert procurement.place.path.startswith("情况说明.政府采购")
    messages = [p.message for p in found if p.code == "C432"]
    assert any("自评项目数印为 4.00，而3.00 + 0.00 + 0.00 + 0.00 = 3.00" in m for m in messages)
    assert any("发现问题印为 2.00，而1.00 + 0.00 = 1.00" in m for m in messages)


def test_an_item_without_its_opening_budget_is_a_warning(tmp_path):
    """Rules 42–44: 五（三） compares with 年初预算; a 项 spent with no 年初预算数 is flagged."""
    line = "  - [基本支出, 2080505, 30108, 一般公共预算财政拨款, 150000.50, 150000, 150000]"
    found = _findings(tmp_path, (line, "  - [基本支出, 2080505, 30108, 一般公共预算财政拨款, 150000.50]"))
    problem = _one(found, "C445", "warning")
    assert "功能科目 2080505 的决算数 15.00万元 没有年初预算数" in problem.message and problem.place.line == 14
    assert not _findings(tmp_path, (line, "  - [基本支出, 2080505, 30108, 一般公共预算财政拨款, 150000.50]"),
                         ("结余分配: 0", "结余分配: 0\n版式: {预算口径: 全年}"))


def test_an_accepted_difference_is_a_warning(tmp_path):
    """已知差异 turns a 决算 rule's error into a warning, as for the 预算."""
    found = _findings(tmp_path, extra=FACTS + "已知差异:\n  - {规则: C430, 位置: 情况说明.政府采购.中小企业预留中标, 说明: 公开文本如此}\n")
    assert _one(found, "C430", "warning").message.endswith("（已知差异：公开文本如此）")


def test_a_reason_is_required_where_the_text_says_the_figures_differ():
    """Rules 44 and 48: 五（三） asks for a reason where 决算 and 预算 print differently (2010101: 120 against 110), never
    where they print alike (2080505: 15.00 both): the text's missing facts are named (E240) before anything is written."""
    from generator.build import check

    with pytest.raises(Exception) as caught:
        check(MADE_UP)
    asked = {p.subject or p.message for p in caught.value.problems if p.code == "E240"}
    assert any("情况说明.功能科目差异原因.2010101" in a for a in asked)
    assert any("情况说明.功能科目用途.2080505" in a for a in asked)
    assert not any("情况说明.功能科目差异原因.2080505" in a for a in asked)
