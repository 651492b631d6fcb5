"""A 决算 spec started from the same year's 预算 spec (budgetgen juesuan), `new` for the 决算 format and its fill-in
workbook: made pairs, small and written here, so every expected figure comes from the 预算 the test writes."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.build import check
from generator.cli import main
from generator.reading.spec import load_tree, plain, read_spec
from generator.reading.spec_text import to_yaml
from generator.starting import input_workbook

from .modeleq import as_data

FORMAT = "shanghai-2024-juesuan"
LINES = [  # [性质或项目, 功能科目, 经济科目, 资金来源, 金额]: the made 预算
    ["基本支出", "2011301", "30101", "一般公共预算拨款", "1200000"],
    ["基本支出", "2011301", "30217", "一般公共预算拨款", "9500"],
    ["基本支出", "2080505", "30108", "一般公共预算拨款", "300000.50"],
    ["信息化运维", "2011301", "30227", "一般公共预算拨款", "450000"],
    ["信息化运维", "2011301", "30227", "上年结余结转", "50000"],
    ["基本支出", "2011301", "30201", "事业收入", "20000"],
    ["信息化运维", "2129999", "30227", "政府性基金预算拨款", "80000"],
]
BUDGET = {
    "格式": "shanghai-2024", "年度": 2024, "部门名称": "上海市普陀区示例局", "主管部门": "上海市普陀区示例局",
    "单位名称": "上海市普陀区示例局", "项目": [{"名称": "信息化运维", "类别": "特定目标类"}], "预算明细": LINES,
    "上年三公经费": {"因公出国（境）费": 0, "公务接待费": 9000, "公务用车购置费": 0, "公务用车运行维护费": 0},
    "概况": {"主要职能": ["负责示例工作。", "完成区委、区政府交办的其他任务。"],
             "功能科目用途": {"2011301": "主要用于行政运行。", "2080505": "主要用于养老保险缴费。"}},
}


@pytest.fixture()
def drafted(tmp_path, capsys) -> tuple[dict, list[str], Path]:
    """The made 预算 spec's 决算 draft: its tree, the list told to the officer, and its file."""
    budget, final = tmp_path / "预算.yaml", tmp_path / "决算.yaml"
    budget.write_text(yaml.safe_dump(BUDGET, allow_unicode=True, sort_keys=False), "utf-8")
    assert main(["juesuan", str(budget), "-o", str(final)]) == 0
    told = next(ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("请填写或核对："))
    return plain(load_tree(final)), told.removeprefix("请填写或核对：").split("、"), final


def _by_item(rows, function: int, amount: int) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        sums[str(row[function])] += Decimal(str(row[amount]))
    return dict(sums)


def test_every_budget_amount_becomes_the_planned_figure_of_its_item(drafted):
    tree, _, _ = drafted
    rows = tree["决算明细"]
    assert tree["格式"] == FORMAT and tree["年度"] == "2024"
    assert _by_item(rows, 1, 5) == _by_item(LINES, 1, 4) == {
        "2011301": Decimal("1729500"), "2080505": Decimal("300000.50"), "2129999": Decimal("80000")}
    assert sum(Decimal(str(r[5])) for r in rows) == sum(Decimal(line[4]) for line in LINES)
    assert {r[4] for r in rows} == {"待填写"}  # every 决算数 left for the officer


def test_sources_and_natures_are_renamed_as_the_final_accounts_name_them(drafted):
    tree, told, _ = drafted
    rows = {(r[0], r[1], r[2], r[3]): Decimal(str(r[5])) for r in tree["决算明细"]}
    assert rows[("项目支出", "2011301", "30227", "一般公共预算财政拨款")] == Decimal(500000)  # 上年结余结转 joins its fund
    assert rows[("基本支出", "2011301", "30201", "事业收入")] == Decimal(20000)
    assert rows[("项目支出", "2129999", "30227", "政府性基金预算财政拨款")] == Decimal(80000)
    assert [r[:2] for r in tree["收入明细"]] == [
        ["2011301", "一般公共预算财政拨款"], ["2011301", "事业收入"], ["2080505", "一般公共预算财政拨款"],
        ["2129999", "政府性基金预算财政拨款"]]
    assert any("上年结余结转" in item for item in told)


def test_three_public_budget_and_lasting_facts_carry_over_one_year_facts_are_to_fill(drafted):
    tree, told, _ = drafted
    assert tree["三公经费预算数"] == {"因公出国（境）费": "0", "公务用车购置费": "0", "公务用车运行维护费": "0", "公务接待费": "9500"}
    assert tree["部门名称"] == "上海市普陀区示例局" and tree["概况"]["主要职能"] == BUDGET["概况"]["主要职能"]
    uses = tree["情况说明"]["功能科目用途"]
    assert uses == {"2011301": "行政运行。", "2080505": "养老保险缴费。", "2129999": "待填写"}
    assert set(tree["上年"].values()) == {"待填写"} and set(tree["上年三公经费"].values()) == {"待填写"}
    assert told[0].startswith("决算明细（") and "上年.收入支出总计" in told and "情况说明.功能科目差异原因" in told


def test_the_draft_reads_as_a_final_account_with_the_budget_beside_each_line(drafted):
    tree, _, final = drafted
    budget = read_spec(final)
    planned: dict[str, Decimal] = defaultdict(Decimal)
    for line in budget.lines:
        planned[line.function] += line.planned
    assert dict(planned) == _by_item(LINES, 1, 4) and all(line.amount == 0 for line in budget.lines)
    unfilled = [p for p in check(final) if p.severity == "error"]
    assert {p.code for p in unfilled} == {"C350"}
    assert sum(1 for p in unfilled if p.place.path.startswith("决算明细")) == len(tree["决算明细"])


def test_a_final_account_is_not_started_from_a_final_account(drafted, tmp_path, capsys):
    _, _, final = drafted
    assert main(["juesuan", str(final), "-o", str(tmp_path / "again.yaml")]) == 2
    assert "E650" in capsys.readouterr().err and not (tmp_path / "again.yaml").exists()


def test_new_writes_a_skeleton_that_names_what_to_fill(tmp_path):
    path = tmp_path / "新决算.yaml"
    assert main(["new", "--format", FORMAT, "-o", str(path)]) == 0
    unfilled = [p for p in check(path) if p.severity == "error"]
    assert unfilled and {p.code for p in unfilled} == {"C350"} and "部门名称" in {p.place.path for p in unfilled}
    assert main(["build", "--force", "--no-docx", "--no-pdf", str(path), "-o", str(tmp_path / "as-it-comes")]) == 0
    path.write_text(path.read_text("utf-8").replace("待填写", "示例"), "utf-8")
    assert main(["build", "--no-docx", "--no-pdf", str(path), "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "新决算.xlsx").is_file()


def test_fill_in_workbook_has_the_final_accounts_sheets_and_reads_back_the_same(drafted, tmp_path):
    tree, _, final = drafted
    for row in tree["决算明细"]:  # what the officer enters: 决算数, incomes, last year's figures, texts
        row[4] = row[5]
    for row in tree["收入明细"]:
        row[2] = "1000.5"
    tree["结转结余"] = [["2011301", "一般公共预算财政拨款", "100", "200"], ["", "事业收入", "0", "30"]]
    tree["上年"] = dict.fromkeys(tree["上年"], "2000")
    tree["上年三公经费"] = dict.fromkeys(tree["上年三公经费"], "0")
    final.write_text(to_yaml(tree, "填好的决算规格").replace("待填写", "示例"), "utf-8")
    book = tmp_path / "决算.xlsx"
    book.write_bytes(input_workbook(final))
    sheets = openpyxl.load_workbook(book)
    assert [c.value for c in sheets["决算明细"][1]] == ["性质", "功能科目", "经济科目", "资金来源", "决算数（元）",
                                                      "年初预算数（元）", "全年预算数（元）", "单位类型"]
    assert {"收入明细", "结转结余", "概况", "情况说明", "上年数"} <= set(sheets.sheetnames)
    back = tmp_path / "回读.yaml"
    assert main(["import", str(book), "-o", str(back)]) == 0
    assert as_data(read_spec(back)) == as_data(read_spec(final))


def test_a_bad_cell_of_the_workbook_is_named_by_sheet_and_cell(drafted, tmp_path, capsys):
    _, _, final = drafted
    book = tmp_path / "决算.xlsx"
    book.write_bytes(input_workbook(final))
    sheets = openpyxl.load_workbook(book)
    sheets["决算明细"]["E3"] = "很多"
    sheets["收入明细"]["B2"] = "财政拨款"
    sheets.save(book)
    assert main(["check", str(book)]) == 2
    err = capsys.readouterr().err
    assert "[决算明细!E3]" in err and "决算数应为数字" in err and "[收入明细!B2]" in err


def test_a_department_of_several_units_is_not_asked_for_the_one_unit_organisation_text(tmp_path, capsys):
    """“二、机构设置” is printed in place of the 单位构成 table only for one unit: with two, the draft does not ask for it."""
    budget, final = tmp_path / "预算.yaml", tmp_path / "决算.yaml"
    units = BUDGET | {"概况": BUDGET["概况"] | {"预算单位": ["上海市普陀区示例局（本级）", "上海市普陀区示例中心"]}}
    budget.write_text(yaml.safe_dump(units, allow_unicode=True, sort_keys=False), "utf-8")
    assert main(["juesuan", str(budget), "-o", str(final)]) == 0
    tree = plain(load_tree(final))
    assert [m["单位名称"] for m in tree["单位构成"]] == units["概况"]["预算单位"]
    assert "机构设置" not in tree["概况"] and "概况.机构设置" not in capsys.readouterr().err


def test_a_department_of_one_unit_is_asked_for_its_organisation_text(drafted):
    tree, told, _ = drafted
    assert len(tree["单位构成"]) == 1 and tree["概况"]["机构设置"] == "待填写" and "概况.机构设置" in told


def test_the_draft_points_its_editor_at_the_schema_as_new_does(drafted, tmp_path):
    """The draft's first line is the editor's schema line, as `new` writes it beside the same file."""
    _, _, final = drafted
    first = final.read_text("utf-8").splitlines()[0]
    assert main(["new", "--format", FORMAT, "-o", str(tmp_path / "新决算.yaml")]) == 0
    assert first == (tmp_path / "新决算.yaml").read_text("utf-8").splitlines()[0]
    ref = first.removeprefix("# yaml-language-server: $schema=")
    assert ref != first and (final.parent / ref).resolve().name == "spec.schema.json" and (final.parent / ref).is_file()


def test_a_bad_house_style_of_the_workbook_is_named_by_sheet_and_cell(drafted, tmp_path, capsys):
    """E237 on the 版式 sheet points at the cell written (版式!B3), as every other finding of a workbook does."""
    _, _, final = drafted
    book = tmp_path / "决算.xlsx"
    book.write_bytes(input_workbook(final))
    sheets = openpyxl.load_workbook(book)
    for row, (key, value) in enumerate([("编码列", "分列"), ("表格零值", "零"), ("各表.没有这张表.零值", "0.00")], 2):
        sheets["版式"][f"A{row}"], sheets["版式"][f"B{row}"] = key, value
    sheets.save(book)
    assert main(["check", str(book)]) == 2
    found = [ln for ln in capsys.readouterr().err.splitlines() if "E237" in ln]
    assert len(found) == 2 and "[版式!B3]" in found[0] and "表格零值" in found[0] and "[版式!B4]" in found[1], found


def test_the_draft_warns_of_no_reason_left_unused_before_its_figures_are_entered(drafted):
    """Whether a reason prints hangs on the 决算数 still 待填写: the draft names each one to fill (C350), none as unused."""
    _, _, final = drafted
    found = check(final)
    assert not [p for p in found if p.code == "W245"] and "情况说明.收支变动原因" in {p.place.path for p in found}


def test_a_reason_for_an_item_spent_as_planned_is_named_as_one_to_delete(drafted):
    """Filled in, 2011301 spent as planned (持平: no reason printed), 2080505 and 2129999 not: only 2011301's reason is
    named, as one that may be deleted; the rest of the reasons print."""
    tree, _, final = drafted
    for row in tree["决算明细"]:
        row[4] = row[5] if row[1] == "2011301" else str(Decimal(row[5]) - 100)
    spent: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in tree["决算明细"]:
        spent[(row[1], row[3])] += Decimal(row[4])
    tree["收入明细"] = [[code, kind, str(amount)] for (code, kind), amount in spent.items()]
    tree["上年"] = dict.fromkeys(tree["上年"], "2000")
    tree["上年三公经费"] = dict.fromkeys(tree["上年三公经费"], "0")
    final.write_text(to_yaml(tree, "填好的决算规格").replace("待填写", "示例"), "utf-8")
    unused = [p for p in check(final) if p.code == "W245"]
    items = [p for p in unused if p.place.path.startswith("情况说明.功能科目差异原因")]
    assert [p.place.path for p in items] == ["情况说明.功能科目差异原因.2011301"] and items[0].place.line
    assert {p.place.path for p in unused} - {items[0].place.path} == {  # “三公” spent as planned; 出国, 用车 as last year
        "情况说明.三公经费.预决算差异原因", "情况说明.三公经费.变动原因.因公出国（境）费",
        "情况说明.三公经费.变动原因.公务用车购置及运行维护费"}
    assert all("两数印出相同（持平），文字部分不写原因；这一条可删去" in p.message for p in unused)


def test_a_department_whose_units_differ_keeps_each_lines_unit_type(tmp_path, capsys):
    """万里街道's 预算 names a type on some lines: the draft writes it on each 决算 line, so 机关运行经费 counts the same."""
    budget, final = tmp_path / "预算.yaml", tmp_path / "决算.yaml"
    typed = [*LINES[:2], [*LINES[2], "事业单位"], *LINES[3:]]
    budget.write_text(yaml.safe_dump(BUDGET | {"预算明细": typed}, allow_unicode=True, sort_keys=False), "utf-8")
    assert main(["juesuan", str(budget), "-o", str(final)]) == 0
    rows = plain(load_tree(final))["决算明细"]
    assert {tuple(r[:4]): r[7] for r in rows if len(r) == 8}[("基本支出", "2080505", "30108", "一般公共预算财政拨款")] == "事业单位"
    assert all(len(r) == 8 for r in rows) and {r[7] for r in rows} == {"行政单位", "事业单位"}
    read = read_spec(final)
    assert [ln.unit_type for ln in read.lines if ln.function == "2080505"] == ["事业单位"]
    book, back = tmp_path / "决算.xlsx", tmp_path / "回读.yaml"
    book.write_bytes(input_workbook(final))
    assert main(["import", str(book), "-o", str(back)]) == 0
    assert [ln.unit_type for ln in read_spec(back).lines] == [ln.unit_type for ln in read.lines]
