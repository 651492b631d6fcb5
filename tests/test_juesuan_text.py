"""The 决算's text (第一、三、四部分) against the two published documents, and the sentences' cases: every share,
completion rate and change computed from the lines (half up, two decimals; 增长100.00% from nothing), 持平 without a
reason, a reason required where a change is printed, the 年初/全年 basis, the two ways of saying there is no 三公."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import narrative
from generator.document import load_document
from generator.problems import SpecError

from .textcompare import seed_text, similarity

ROOT = Path(__file__).resolve().parent.parent
CZ, SH = "2024-shanghai-putuo-caizhengju-juesuan", "2024-shanghai-putuo-shehui-gongzuobu-juesuan"


def _text(name: str) -> str:
    return narrative(load_document(ROOT / "specs" / f"{name}.yaml"))


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {name: _text(name) for name in (CZ, SH)}


@pytest.mark.parametrize("name", [CZ, SH])
def test_text_matches_the_seed(name, texts):
    assert similarity(texts[name], seed_text(name)) >= 0.98


def _edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (ROOT / "specs" / f"{name}.yaml").read_text("utf-8")
    assert old in text, old
    spec = tmp_path / f"{name}.yaml"
    spec.write_text(text.replace(old, new, 1), "utf-8")
    return spec


def _problems(spec: Path) -> list[str]:
    with pytest.raises(SpecError) as caught:
        narrative(load_document(spec))
    return [f"{p.code} {p.message}" for p in caught.value.problems]


def test_a_unit_founded_this_year_grows_by_100_percent(texts):
    text = texts[SH]
    assert "收入支出总计增加307.82万元，增长100.00%。主要原因：单位于2024年成立。" in text
    assert "机关运行经费支出10.23万元，比2023年度增加10.23万元，增长100.00%。主要原因是单位于2024年成立。" in text


def test_shares_are_computed_not_copied(texts):
    """The publisher printed 71.73% (shares summing to 100.07) and 9.55% (forced to 100.00): we print the quotients."""
    assert "一般公共服务支出（类）2106.66万元，占71.65%" in texts[CZ]
    assert "住房保障支出（类）29.42万元，占9.56%" in texts[SH]
    assert "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入6.20万元，占0.21%。" in texts[CZ]
    assert "本年支出合计307.82万元，其中：基本支出105.58万元，占34.30%；项目支出202.24万元，占65.70%。" in texts[SH]


def test_level_figures_read_chiping_without_a_reason(texts):
    text = texts[CZ]
    assert "财政拨款收入支出总计2961.68万元。与2023年度相比，财政拨款收入支出总计持平。\n" in text
    assert "年初预算为10.00万元，支出决算为10.00万元。决算数与预算数基本持平。" in text


def test_items_compare_with_the_whole_year_budget_when_there_was_none_at_the_start(texts):
    text = texts[SH]
    assert "年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成全年预算的95.89%。" in text
    assert "全年预算为202.24万元，支出决算为202.24万元。决算数与全年预算数持平。" in text
    assert "决算数小于全年预算数的主要原因：人员变动引起实际支出低于预算。" in text


def test_no_three_public_spending_reads_as_each_publisher_prints_it(texts):
    """With a budget (CZ: 0.95) the figures and the 持平 comparison, then the 无 sentence under （二）; with none (SH)
    the 无 sentence is the whole section."""
    cz, sh = texts[CZ], texts[SH]
    assert "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的0%，其中：因公出国（境）费决算为0.00万元" in cz
    assert "2024年度“三公”经费财政拨款支出决算数与2023年度持平。其中：因公出国（境）费支出决算持平；" in cz
    assert "（二）“三公”经费财政拨款支出决算具体情况说明。\n\n上海市普陀区财政局2024年度无“三公”经费财政拨款支出。" in cz
    assert "七、财政拨款“三公”经费支出决算情况说明\n\n中共上海市普陀区委社会工作部2024年度无“三公”经费财政拨款支出。" in sh
    assert "（一）“三公”" not in sh


def test_performance_drops_the_rectification_clauses_when_the_spec_says_so(texts):
    assert "绩效自评中共发现问题0个，已经完成整改的0个，正在整改的0个）。" in texts[CZ]
    assert "绩效自评中共发现问题0个）。" in texts[SH]


def test_a_change_without_its_reason_is_named_with_its_place(tmp_path):
    spec = _edited(tmp_path, CZ, "  收支变动原因: ", "  收支变动原因备注: ")
    found = _problems(spec)
    assert any(p.startswith("E240") and "情况说明.收支变动原因" in p for p in found), found


def test_three_public_changes_print_each_category_and_want_their_reasons(tmp_path):
    last = "上年三公经费: {因公出国（境）费: 0, 公务用车购置及运行维护费: 0, 公务接待费: 0}"
    spec = _edited(tmp_path, CZ, last, "上年三公经费: {因公出国（境）费: 0, 公务用车购置及运行维护费: 0, 公务接待费: 1000}")
    assert any("情况说明.三公经费.变动原因" in p for p in _problems(spec))
    reason = "    预决算差异原因: 当年度无“三公”经费支出。"
    spec.write_text(spec.read_text("utf-8").replace(reason, reason + "\n    变动原因: {公务接待费: 当年度无公务接待。}"), "utf-8")
    text = narrative(load_document(spec))
    assert ("2024年度“三公”经费财政拨款支出决算数比2023年度减少0.10万元，下降100.00%，其中：因公出国（境）费支出决算持平；"
            "公务用车购置及运行维护费支出决算持平；公务接待费支出决算减少0.10万元，下降100.00%。"
            "公务接待费支出减少的主要原因是当年度无公务接待。") in text


def test_a_single_unit_department_has_its_organisation_instead_of_its_units(tmp_path):
    members = ('  - {单位名称: "上海市普陀区财政局财政所", 备注: "预算不单列，并入本级"}\n'
               '  - {单位名称: "上海市普陀区国库收付中心", 备注: "预算不单列，并入本级"}\n')
    spec = _edited(tmp_path, CZ, members, "")
    spec.write_text(spec.read_text("utf-8").replace("概况:\n", "概况:\n  机构设置: 本局内设办公室等8个科室。\n", 1), "utf-8")
    text = narrative(load_document(spec))
    assert "### 二、机构设置\n\n本局内设办公室等8个科室。" in text and "部门决算单位构成" not in text.split("## 第一部分")[-1]
