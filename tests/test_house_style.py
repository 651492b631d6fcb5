"""The house style (版式), unit types and an officer's own format folder, on cells and text (no LibreOffice)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.build import narrative, sheets
from generator.document import load_document
from generator.problems import SpecError
from generator.tables.cells import printed

ROOT = Path(__file__).resolve().parent.parent
UNIT = (ROOT / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml").read_text("utf-8")
NAME = "上海市普陀区商务委员会"
THREE_PUBLIC = "三公经费和机关运行经费预算表"


def _spec(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def _unit(name: str, unit_type: str | None = None, extra: str = "") -> str:
    """The 2025 unit seed as another unit (its name changed), of a type, with lines added to its top level."""
    text = UNIT.replace(f"单位名称: {NAME}", f"单位名称: {name}" + (f"\n单位类型: {unit_type}" if unit_type else ""))
    return text + extra


def _running_cost(doc) -> Decimal:
    """The 机关运行经费 figure of table 9: its last amount column."""
    sheet = next(s for s in sheets(doc) if s.name == THREE_PUBLIC)
    row = max(r for r, _ in sheet.cells if isinstance(sheet.cells[(r, 0)].value, Decimal))
    return sheet.cells[(row, max(c for r2, c in sheet.cells if r2 == row))].value


def test_running_costs_count_administrative_units_only(tmp_path):
    alone = load_document(_spec(tmp_path, "a.yaml", _unit(NAME)))
    _spec(tmp_path, "b.yaml", _unit("上海市普陀区某事业单位", "事业单位"))
    dept = _spec(tmp_path, "d.yaml", f"格式: shanghai-2025\n年度: 2025\n部门名称: {NAME}\n下属单位: [a.yaml, b.yaml]\n"
                 + UNIT[UNIT.index("上年:"):])
    both = load_document(dept)
    figure = _running_cost(alone)
    assert figure > 0
    assert _running_cost(both) == figure  # the 事业单位's identical 302/310 lines are not counted
    text = narrative(both)
    assert f"机关运行经费预算为{figure:,.2f}万元" in text  # table 9 is in 万元


def test_a_public_institution_alone_has_no_running_costs(tmp_path):
    doc = load_document(_spec(tmp_path, "s.yaml", _unit("上海市普陀区某事业单位", "事业单位")))
    assert _running_cost(doc) == 0
    assert "2025年上海市普陀区商务委员会无机关运行经费。" in narrative(doc)


def test_a_line_may_name_its_unit_type(tmp_path):
    text = _unit(NAME).replace("  - [基本支出, 2011301, 30201, 一般公共预算拨款, ",
                               "  - [基本支出, 2011301, 30201, 一般公共预算拨款, 事业单位, ", 0)
    line = next(ln for ln in UNIT.splitlines() if "30201" in ln and "基本支出" in ln)
    changed = line.rstrip().rstrip("]") + ", 事业单位]"
    doc = load_document(_spec(tmp_path, "u.yaml", text.replace(line, changed, 1)))
    before = _running_cost(load_document(_spec(tmp_path, "v.yaml", UNIT)))
    amount = Decimal(line.split(",")[-1].strip(" ]").split("#")[0].strip(" ]"))
    assert _running_cost(doc) == before - amount / 10000  # 万元


def test_a_wrong_unit_type_is_reported_at_its_line(tmp_path):
    with pytest.raises(SpecError) as caught:
        load_document(_spec(tmp_path, "u.yaml", _unit(NAME, "机关")))
    problem = caught.value.problems[0]
    assert problem.code == "E210" and problem.place.line == 16 and "行政单位" in problem.message


def test_house_style_prints_zeros_and_decimals_as_asked(tmp_path):
    style = "版式:\n  表格零值: \"0.00\"\n  各表: {收入预算总表: {小数位: 0, 各列: {事业收入: {零值: 空白}}}}\n"
    doc = load_document(_spec(tmp_path, "u.yaml", _unit(NAME) + style))
    tables = {s.name: s for s in sheets(doc)}
    spending = tables["支出预算总表"]
    zeros = [c for c in spending.cells.values() if isinstance(c.value, Decimal) and c.value == 0]
    assert zeros and all(printed(c.value, c.num_format) == "0.00" for c in zeros)
    income = tables["收入预算总表"]
    amounts = [c for c in income.cells.values() if isinstance(c.value, Decimal) and c.value]
    assert all("." not in printed(c.value, c.num_format) for c in amounts)
    assert printed(Decimal("371514655"), amounts[0].num_format) == "371,514,655"


def test_the_format_default_keeps_the_published_look(tmp_path):
    doc = load_document(_spec(tmp_path, "u.yaml", UNIT))
    assert all(c.num_format is None for s in sheets(doc) for c in s.cells.values())
    assert "图表" not in [s.name for s in sheets(doc)]


@pytest.mark.parametrize("style, words", [
    ("版式: {表格颜色: 红}", "格式中没有版式“表格颜色”"),
    ("版式: {表格零值: 零}", "版式“表格零值”应为 空白、0、0.00 之一"),
])
def test_a_house_style_the_format_does_not_have_is_an_error(tmp_path, style, words):
    with pytest.raises(SpecError) as caught:
        load_document(_spec(tmp_path, "u.yaml", _unit(NAME) + style + "\n"))
    assert any(p.code == "E237" and words in p.message for p in caught.value.problems)


def test_a_spec_of_another_year_is_warned(tmp_path):
    doc = load_document(_spec(tmp_path, "u.yaml", UNIT.replace("年度: 2025", "年度: 2026")))
    warning = next(p for p in doc.budget.notes if p.code == "W239")
    assert "2026" in warning.message and "shanghai-2025" in warning.message and warning.place.line == 11


OWN_FORMAT = """extends: shanghai-2025
description: 本单位的版式：职能以（一）编号，零印为 0.00
版式: {表格零值: "0.00"}
"""
OWN_DOCUMENT = """{% extends "shanghai-2025/document.md.j2" %}
{% block 主要职能 %}
{% for duty in facts.主要职能 %}
（{{ loop.index | ordinal }}）{{ duty }}

{% endfor %}
{% endblock %}
"""


def _own_format(folder: Path, document: str = OWN_DOCUMENT) -> None:
    (folder / "我的格式" / "narrative").mkdir(parents=True)
    (folder / "我的格式" / "format.yaml").write_text(OWN_FORMAT, "utf-8")
    (folder / "我的格式" / "narrative" / "document.md.j2").write_text(document, "utf-8")


def test_an_officer_s_own_format_folder_beside_the_spec(tmp_path):
    _own_format(tmp_path)
    doc = load_document(_spec(tmp_path, "u.yaml", UNIT.replace("格式: shanghai-2025", "格式: ./我的格式")))
    text = narrative(doc)
    assert "（一）贯彻执行" in text and "\n1、" not in text
    zeros = [c for s in sheets(doc) for c in s.cells.values() if isinstance(c.value, Decimal) and c.value == 0]
    assert zeros and all(printed(c.value, c.num_format) == "0.00" for c in zeros if c.num_format)


@pytest.mark.parametrize("name", ["../外面", "/tmp", "./a/../../外面"])
def test_a_format_path_may_not_leave_the_spec_s_folder(tmp_path, name):
    (tmp_path / "外面").mkdir()
    (tmp_path / "外面" / "format.yaml").write_text("extends: shanghai-2025\n", "utf-8")
    inner = tmp_path / "规格"
    inner.mkdir()
    with pytest.raises(SpecError) as caught:
        load_document(_spec(inner, "u.yaml", UNIT.replace("格式: shanghai-2025", f"格式: {name}")))
    problem = caught.value.problems[0]
    assert problem.code == "E235" and problem.place.line == 11


def test_an_own_format_s_templates_cannot_run_code(tmp_path):
    _own_format(tmp_path, OWN_DOCUMENT.replace("{% block 主要职能 %}",
                "{% block 主要职能 %}{{ ''.__class__.__mro__[1].__subclasses__() }}"))
    doc = load_document(_spec(tmp_path, "u.yaml", UNIT.replace("格式: shanghai-2025", "格式: ./我的格式")))
    with pytest.raises(Exception) as caught:
        narrative(doc)
    assert "unsafe" in str(caught.value)


def test_shanghai_projects_take_shanghai_categories(tmp_path):
    """项目类别 is format data: Shanghai prints 其他运转类 and 特定目标类, not Shenzhen's 履职类."""
    with pytest.raises(SpecError) as caught:
        load_document(_spec(tmp_path, "u.yaml", UNIT.replace("类别: 其他运转类", "类别: 履职类", 1)))
    problem = caught.value.problems[0]
    assert problem.code == "E210" and "其他运转类" in problem.message and problem.place.line == 19


@pytest.mark.parametrize("units", ["[/etc/passwd]", "[../外面/u.yaml]"])
def test_a_department_may_not_read_unit_specs_outside_its_folder(tmp_path, units):
    (tmp_path / "外面").mkdir()
    _spec(tmp_path / "外面", "u.yaml", UNIT)
    inner = tmp_path / "部门"
    inner.mkdir()
    dept = _spec(inner, "d.yaml", f"格式: shanghai-2025\n年度: 2025\n部门名称: {NAME}\n下属单位: {units}\n")
    with pytest.raises(SpecError) as caught:
        load_document(dept)
    problem = caught.value.problems[0]
    assert problem.code == "E244" and problem.place.line == 4


def test_an_own_format_may_not_name_a_table_outside_its_folder(tmp_path):
    (tmp_path / "outside.yaml").write_text("sheet: 外\n", "utf-8")
    (tmp_path / "规格" / "我的格式").mkdir(parents=True)
    (tmp_path / "规格" / "我的格式" / "format.yaml").write_text(
        "extends: shanghai-2025\ntables: [../../outside.yaml]\n", "utf-8")
    spec = _spec(tmp_path / "规格", "u.yaml", UNIT.replace("格式: shanghai-2025", "格式: ./我的格式"))
    with pytest.raises(SpecError) as caught:
        load_document(spec)
    assert caught.value.problems[0].code == "E243" and "没有文件 tables/../../outside.yaml" in caught.value.problems[0].message


def test_a_link_inside_an_own_format_is_refused(tmp_path):
    _own_format(tmp_path)
    (tmp_path / "我的格式" / "narrative" / "glossary.md.j2").symlink_to("/etc/hostname")
    with pytest.raises(SpecError) as caught:
        load_document(_spec(tmp_path, "u.yaml", UNIT.replace("格式: shanghai-2025", "格式: ./我的格式")))
    assert caught.value.problems[0].code == "E235"


@pytest.mark.parametrize("text, line", [("extends: shanghai-2025\n版式: [1\n", 2), ("- 一\n- 二\n", 1)])
def test_a_broken_own_format_file_is_named_with_its_line(tmp_path, text, line):
    (tmp_path / "我的格式").mkdir()
    (tmp_path / "我的格式" / "format.yaml").write_text(text, "utf-8")
    with pytest.raises(SpecError) as caught:
        load_document(_spec(tmp_path, "u.yaml", UNIT.replace("格式: shanghai-2025", "格式: ./我的格式")))
    problem = caught.value.problems[0]
    assert problem.code == "E243" and problem.place.file.endswith("format.yaml") and problem.place.line >= line


@pytest.mark.parametrize("style, words", [
    ("版式: {各表: 3}", "“各表”应写成"),
    ("版式: {各表: {收入预算总表: 5}}", "此处应为键值表"),
    ("版式: {各表: {收入预算总表: {小数位: abc}}}", "版式“小数位”应为"),
    ("版式: {各表: {收入预算总表: {各列: [1]}}}", "“各列”应写成"),
    ("版式: {各表: {没有这张表: {小数位: 0}}}", "格式中没有工作表“没有这张表”"),
    ("版式: {各表: {收入预算总表: {小数点: 0}}}", "没有版式“小数点”"),
    ("版式: {各表: {收入预算总表: {零值: '\";@x'}}}", "版式“零值”应为"),
    ("版式: {各表: {收入预算总表: {各列: {没有这一列: {零值: '0'}}}}}", "表中没有列“没有这一列”"),
])
def test_a_table_s_house_style_is_checked_key_by_key(tmp_path, style, words):
    with pytest.raises(SpecError) as caught:
        load_document(_spec(tmp_path, "u.yaml", _unit(NAME) + style + "\n"))
    assert any(p.code == "E237" and words in p.message for p in caught.value.problems), caught.value.problems


def test_totals_of_rounded_parts_in_a_general_table_build(tmp_path):
    style = "版式: {各表: {收入预算总表: {合计: 分项取整相加, 小数位: 通用}}}\n"
    doc = load_document(_spec(tmp_path, "u.yaml", _unit(NAME) + style))
    assert any(s.name == "收入预算总表" for s in sheets(doc))


def test_a_table_titled_as_the_publisher_prints_it(tmp_path):
    """万里24D prints table 9 as `部门“三公”经费和机关运行经费预算表`, without the year the 2025 format adds:
    版式.各表.<表>.标题 gives the title of the sheet, the 目录 and the text's list of tables alike."""
    own = '版式:\n  各表:\n    三公经费和机关运行经费预算表: {标题: "单位“三公”经费和机关运行经费预算表"}\n'
    doc = load_document(_spec(tmp_path, "a.yaml", _unit(NAME, extra=own)))
    sheet = next(s for s in sheets(doc) if s.name == THREE_PUBLIC)
    assert "单位“三公”经费和机关运行经费预算表" in [c.value for c in sheet.cells.values() if c.style == "title"]
    assert "9. 单位“三公”经费和机关运行经费预算表" in narrative(doc)
    with pytest.raises(SpecError) as caught:
        load_document(_spec(tmp_path, "b.yaml", _unit(NAME, extra=own.replace('"单位“三公”经费和机关运行经费预算表"', "true"))))
    assert [p for p in caught.value.problems if p.code == "E237" and "标题" in p.message]
