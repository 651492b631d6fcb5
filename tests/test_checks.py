"""`budgetgen check`: the seeds' known discrepancy and rounding tails, and each rule on a spec that breaks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import check
from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
SIBJ, LUOHU = ROOT / "specs" / "2023-shenzhen-sibj.yaml", ROOT / "specs" / "2022-shenzhen-luohu.yaml"

# The 尾数误差 of the 2023 seed as domain.md lists them: (printed parts add up to, printed total).
SEED_TAILS = [("298,447", "298,448"), ("17,962", "17,963"), ("397", "396"), ("637", "636"),
              ("2,971", "2,970"), ("4,411", "4,410"), ("4,225", "4,224")]


def test_2023_seed_reports_the_known_discrepancy_and_rounding_notes_only():
    findings = check(SIBJ)
    (known,) = [p for p in findings if p.severity != "note"]
    assert known.code == "C310" and known.severity == "warning" and known.place.line == 128
    assert "2,969万元" in known.message and "2,970万元" in known.message
    assert {p.code for p in findings if p.severity == "note"} == {"C301", "C302"}
    notes = [p.message for p in findings if p.severity == "note"]
    for parts, total in SEED_TAILS:
        assert any(f"印为 {total}万元" in m and f"{parts}万元" in m for m in notes), (parts, total)


def test_2022_seed_has_no_finding():
    assert check(LUOHU) == []


def _edited(tmp_path: Path, source: Path, *changes: tuple[str, str]) -> Path:
    text = source.read_text("utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / source.name
    path.write_text(text, "utf-8")
    return path


def test_without_its_acknowledgement_the_discrepancy_stops_the_build(tmp_path, capsys):
    spec = _edited(tmp_path, SIBJ, ("  - 规则: C310", "  - 规则: C311"))
    assert main(["build", "--no-docx", "--no-pdf", str(spec), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "错误 C310" in err and "2,969万元" in err and "警告 C399" in err
    assert not (tmp_path / "out").exists()
    assert main(["build", "--no-docx", "--no-pdf", str(spec), "-o", str(tmp_path / "out"), "--force"]) == 0
    assert (tmp_path / "out" / "2023-shenzhen-sibj.xlsx").is_file()


@pytest.mark.parametrize(("change", "code", "words"), [
    (("{任务名称: 综合行政管理, 主要内容:", "{任务名称: 综合行政管理, 其他资金: 10000, 主要内容:"), "C311",
     "其他资金合计 150万元，而预算中为 149万元"),
    (("财政拨款: 29720000}", "财政拨款: 29700000}"), "C310", "“基本支出”为 2,970万元，而基本支出合计为 2,972万元"),
    (("品目: 服务, 金额: 2780000", "品目: 服务, 金额: 99999999"), "C320", "政府采购 10,000万元 超过该功能科目 2080109 的支出 2,683万元"),
    (("面向小型微型企业: 500000}", "面向小型微型企业: 600000}"), "C321", "不能超过面向中小企业的金额"),
])
def test_each_rule_names_both_figures_and_the_place(tmp_path, change, code, words):
    findings = check(_edited(tmp_path, LUOHU, change))
    found = [p for p in findings if p.code == code]
    assert found and words in found[0].message, [str(p) for p in findings]
    assert found[0].severity == "error" and found[0].place.line


def test_a_project_without_lines_is_a_note(tmp_path):
    spec = _edited(tmp_path, LUOHU, ("  - [预算准备金,          2080109, 30299, 一般公共预算拨款,      160000]\n", ""))
    (note,) = [p for p in check(spec) if p.code == "C330"]
    assert note.severity == "note" and "“预算准备金”没有任何预算明细" in note.message and note.place.line == 48


def test_check_prints_a_summary_and_exits_by_errors(tmp_path, capsys):
    assert main(["check", str(SIBJ), str(LUOHU)]) == 0
    out = capsys.readouterr().out
    assert "2023-shenzhen-sibj.yaml：错误 0，警告 1，提示 15" in out and "2022-shenzhen-luohu.yaml：错误 0，警告 0，提示 0" in out
    bad = _edited(tmp_path, LUOHU, ("面向小型微型企业: 500000}", "面向小型微型企业: 600000}"))
    assert main(["check", str(bad)]) == 2


def test_missing_fact_for_the_text_is_named(tmp_path):
    spec = _edited(tmp_path, LUOHU, ("  部门职责: >-", "  部门职能: >-"))
    with pytest.raises(Exception) as caught:
        check(spec)
    (problem,) = caught.value.problems
    assert problem.code == "E240" and "“概况.部门职责”" in problem.message and problem.place.path == "概况"


def test_a_rounding_tail_of_a_table_in_wan_yuan_is_shown_in_wan_yuan(tmp_path):
    """The Shanghai “三公” table prints 万元 in a format whose other tables print 元: C301 says 万元."""
    unit = ROOT / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml"
    line = "  - [基本支出, 2011301, 30217, 一般公共预算拨款, 10000]"
    spec = _edited(tmp_path, unit, (line, line.replace("10000]", "15049]") + "\n" + line.replace(
        "30217, 一般公共预算拨款, 10000]", "30231, 一般公共预算拨款, 15049]")))
    (tail,) = [p for p in check(spec) if p.code == "C301"]
    assert "印为 3.01万元" in tail.message and "0.00 + 1.50 + 1.50 = 3.00万元" in tail.message, tail.message
    assert tail.place.path.startswith("三公经费和机关运行经费预算表!")


def test_goals_that_count_more_projects_or_money_than_the_spec_are_errors(tmp_path):
    unit = ROOT / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml"
    spec = _edited(tmp_path, unit, ("绩效目标设置: {项目数: 25, 项目资金: 113816000}", "绩效目标设置: {项目数: 8, 项目资金: 999999999}"))
    found = [p for p in check(spec) if p.code == "C312"]
    assert [(p.severity, p.place.path) for p in found] == [("error", "概况.绩效目标设置.项目资金")]
    assert "项目资金 999,999,999.00元 超过项目支出合计 351,684,000.00元" in found[0].message and found[0].place.line == 179
    assert any(p.code == "C399" for p in check(spec))  # the seed's 已知差异 for 项目数 is no longer needed


def test_goals_counting_more_projects_than_the_spec_lists_are_a_warning(tmp_path):
    """The budget system may count 二级 projects the spec does not list: a warning to confirm, not a refusal."""
    unit = ROOT / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml"
    spec = _edited(tmp_path, unit, ("  - {规则: C312, 位置: 概况.绩效目标设置.项目数", "  - {规则: C301, 位置: 无"))
    found = [p for p in check(spec) if p.code == "C312"]
    assert [(p.severity, p.place.path) for p in found] == [("warning", "概况.绩效目标设置.项目数")]
    assert "项目数为 25 个，而规格中的一级、二级项目共 8 个" in found[0].message


def test_a_published_contradiction_is_recorded_not_matched(tmp_path):
    """规则: 公开文本 records which side of a self-contradicting document we print: a note, never C399."""
    unit = ROOT / "specs" / "2026-shanghai-putuo-sifaju-unit.yaml"
    found = check(unit)
    notes = [p for p in found if p.code == "N397"]
    lines = unit.read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "位置: 支出预算总表!行政运行" in line)
    entry = next(i for i in range(at, 0, -1) if lines[i].startswith("  - ")) + 1  # the 已知差异 item's first line
    assert len(notes) == 3 and "支出预算总表!行政运行" in notes[1].message and notes[1].place.line == entry
    assert not [p for p in found if p.code == "C399"]


def test_a_text_sum_is_checked_as_the_text_prints_it_in_wan_yuan_with_decimals(tmp_path):
    spec = _edited(tmp_path, ROOT / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml",
                   ("品目: 货物, 金额: 78000}", "品目: 货物, 金额: 78049}"), ("品目: 服务, 金额: 304000}", "品目: 服务, 金额: 304049}"))
    (tail,) = [p for p in check(spec) if p.code == "C302"]
    assert tail.message.startswith("尾数误差：政府采购印为 38.21万元，分项印出的数相加为 7.80 + 0 + 30.40 = 38.20万元")
