"""A department document rolls up its units: department rows are formulas over unit rows, and every rule holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import narrative
from generator.document import load_document
from generator.problems import SpecError

from .conftest import DEPARTMENT
from .rules import RULES, Table, check_workbook, department_is_its_units

DEPT, UNITS = "测试区人力资源局", ["测试区人力资源局机关", "测试区社会保险服务中心", "测试区劳动保障监察大队"]
NAMES = {"2023-shenzhen-sibj": ("深圳市人力资源和社会保障局", ["深圳市社会保险基金管理局本级"]),
         "2022-shenzhen-luohu": ("深圳市社会保险基金管理局", ["深圳市社会保险基金管理局罗湖分局"]),
         "department": (DEPT, UNITS)}


def test_department_has_its_three_units(documents):
    budget = documents["department"].budget
    assert [u.name for u in budget.units] == UNITS
    assert {ln.unit for ln in budget.lines} == set(UNITS)


def test_department_rows_are_the_sum_of_unit_rows(tables, layouts):
    checked = [name for name, t in tables["department"].items() if t.rows(0, DEPT) and all(t.rows(0, u) for u in UNITS)]
    assert len(checked) == 7, checked
    assert department_is_its_units(tables["department"], DEPT, UNITS) == []
    formulas = [c.formula for (r, col), c in layouts["department"]["收入总表"].cells.items()
                if layouts["department"]["收入总表"].text(r, 0) == DEPT and c.formula]
    assert formulas and all(f.startswith("SUM(") for f in formulas)


@pytest.mark.parametrize("name", list(NAMES))
def test_every_cross_table_rule_holds(name, tables):
    department, units = NAMES[name]
    assert check_workbook(tables[name], department, units) == []


def test_every_rule_applies_to_the_department_document(tables):
    for func in RULES:
        func(tables["department"], DEPT, UNITS)


def test_rules_catch_a_unit_row_that_no_longer_adds_up(tables):
    broken = {name: t for name, t in tables["department"].items()}
    income = Table.__new__(Table)
    income.head = broken["收入总表"].head
    income.body = [list(r) for r in broken["收入总表"].body]
    unit_row = next(r for r in income.body if r[0] == UNITS[1])
    unit_row[1] += 1
    broken["收入总表"] = income
    assert any("部门行第 2 列" in f for f in check_workbook(broken, DEPT, UNITS))


def test_a_project_funded_by_unit_money_is_outside_government_appropriations(tables):
    t = tables["department"]
    project = t["项目支出总表"]
    assert project.value(0, "区财政安排项目", project.col("其他收入")) == pytest.approx(90)
    all_money = t["收支总表"].value(2, "社会保险经办机构", 3)
    appropriated = t["政府预算拨款收支总表"].value(2, "社会保险经办机构", 3)
    assert all_money - appropriated == pytest.approx(90 + 10 + 15 + 7 + 6)


def test_department_narrative_speaks_for_the_department(documents, tables):
    text = narrative(documents["department"])
    total = round(tables["department"]["收支总表"].value(0, "收入总计", 1))
    assert f"2023年{DEPT}部门预算收入{total:,}万元" in text
    assert f"{DEPT}预算{total:,}万元" in text
    assert "设置并编报6个项目绩效目标" in text


def _department(tmp_path: Path, units: str, extra: str = "") -> Path:
    for name in ("unit-a.yaml", "unit-b.yaml", "unit-c.yaml"):
        (tmp_path / name).write_text((DEPARTMENT.parent / name).read_text("utf-8") + extra, "utf-8")
    text = DEPARTMENT.read_text("utf-8").replace("[unit-a.yaml, unit-b.yaml, unit-c.yaml]", units)
    (tmp_path / "department.yaml").write_text(text, "utf-8")
    return tmp_path / "department.yaml"


@pytest.mark.parametrize(("units", "code", "words"), [
    ("[unit-a.yaml, missing.yaml]", "E231", "找不到下属单位的规格文件“missing.yaml”"),
    ("[unit-a.yaml, unit-a.yaml]", "E233", "下属单位“测试区人力资源局机关”出现了不止一次"),
    ("[unit-a.yaml, department.yaml]", "E232", "引用了自身所在的部门"),
    ("[unit-a.yaml, {单位: b}]", "E231", "下属单位应写成单位规格文件的路径"),
    ("[]", "E231", "“下属单位”至少列出一个单位的规格文件"),
])
def test_bad_unit_list_is_reported(tmp_path, units, code, words):
    with pytest.raises(SpecError) as caught:
        load_document(_department(tmp_path, units))
    messages = [f"{p.code} {p.message}" for p in caught.value.problems]
    assert any(m.startswith(code) and words in m for m in messages), messages


def test_unit_of_another_year_is_reported(tmp_path):
    path = _department(tmp_path, "[unit-a.yaml, unit-b.yaml]")
    (tmp_path / "unit-b.yaml").write_text((tmp_path / "unit-b.yaml").read_text("utf-8").replace("年度: 2023", "年度: 2022"), "utf-8")
    with pytest.raises(SpecError) as caught:
        load_document(path)
    (problem,) = caught.value.problems
    assert problem.code == "E234" and problem.place.line == 5


def test_a_problem_inside_a_unit_names_the_unit_file(tmp_path):
    path = _department(tmp_path, "[unit-a.yaml, unit-b.yaml]")
    bad = (tmp_path / "unit-b.yaml").read_text("utf-8").replace("2080109, 30102", "2080109, 30298")
    (tmp_path / "unit-b.yaml").write_text(bad, "utf-8")
    with pytest.raises(SpecError) as caught:
        load_document(path)
    (problem,) = caught.value.problems
    assert problem.code == "E222" and problem.place.file.endswith("unit-b.yaml") and problem.place.line == 17


@pytest.mark.parametrize("name", ["2023-shenzhen-sibj", "2022-shenzhen-luohu"])
def test_every_rule_applies_to_the_seeds_where_their_tables_exist(name, tables):
    department, units = NAMES[name]
    skipped = []
    for func in RULES:
        try:
            func(tables[name], department, units)
        except KeyError:
            skipped.append(func.__name__)
    expected = [] if name.startswith("2023") else ["function_and_economic_agree", "three_public_is_its_economic_lines"]
    assert skipped == expected


def test_a_department_listing_too_many_units_is_refused_before_reading_them(tmp_path, monkeypatch):
    from generator.reading import limits
    monkeypatch.setattr(limits, "MAX_UNITS", 2)
    with pytest.raises(SpecError) as caught:
        load_document(_department(tmp_path, "[unit-a.yaml, unit-b.yaml, unit-c.yaml]"))
    (problem,) = caught.value.problems
    assert problem.code == "E108" and "列出了 3 个单位，超过上限 2 个" in problem.message
    assert problem.place.file.endswith("department.yaml")


def test_a_department_whose_units_add_up_to_too_many_bytes_is_refused(tmp_path, monkeypatch):
    from generator.reading import limits
    monkeypatch.setattr(limits, "MAX_DEPARTMENT_BYTES", 1024)
    with pytest.raises(SpecError) as caught:
        load_document(_department(tmp_path, "[unit-a.yaml, unit-b.yaml]"))
    (problem,) = caught.value.problems
    assert problem.code == "E108" and "超过上限 1 KB" in problem.message
