"""科目名称: a code printed as the publisher prints it, in every table and the text or in some, recorded with the
spec (issue 22); read on cells and text, no LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import narrative, sheets
from generator.document import load_document
from generator.problems import SpecError

ROOT = Path(__file__).resolve().parent.parent
OWN_NAMES = '科目名称:   # 文字部分仍用 210 类的旧名称（表中印“卫生健康支出”）\n  功能科目: {"210": {名称: 医疗卫生与计划生育支出, 各表: [文字]}}\n'
UNIT_2026 = (ROOT / "specs" / "2026-shanghai-putuo-sifaju-unit.yaml").read_text("utf-8").replace(OWN_NAMES, "")  # the spec's own 科目名称 left out: each test writes its own
UNIT_2025 = (ROOT / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml").read_text("utf-8")
ECONOMIC = "一般公共预算基本支出经济分类预算表"


def _doc(tmp_path: Path, text: str, name: str = "u.yaml", extra: Path | None = None):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return load_document(path, extra)


def _texts(doc) -> dict[str, list[str]]:
    """Every text cell of each table, by sheet name."""
    return {s.name: [c.value for c in s.cells.values() if isinstance(c.value, str)] for s in sheets(doc)}


def _errors(tmp_path: Path, text: str) -> list:
    with pytest.raises(SpecError) as caught:
        _doc(tmp_path, text)
    return list(caught.value.problems)


def test_a_name_for_every_table_as_the_budget_system_prints_it(tmp_path):
    """司法26D table 8 (seeds/2026-shanghai-putuo-sifaju.txt): `302   13   维修(护)费           45000.00`, where
    the catalog has 30213 维修（护）费 (full-width brackets)."""
    plain = _texts(_doc(tmp_path, UNIT_2026))
    assert "维修（护）费" in plain[ECONOMIC]
    doc = _doc(tmp_path, UNIT_2026 + '科目名称:\n  经济科目: {"30213": 维修(护)费}\n')
    texts = _texts(doc)
    assert "维修(护)费" in texts[ECONOMIC]
    assert not any("维修（护）费" in t for cells in texts.values() for t in cells)


def test_an_old_class_name_in_the_text_only(tmp_path):
    """司法26U (seeds/2026-shanghai-putuo-sifaju-unit.txt) prints in its text `11、医疗卫生与计划生育支出（210类）
    行政事业单位医疗（11款）行政单位医疗（01项）98.27万元。主要用于：行政单位医疗保险缴费` while its tables print
    `210             卫生健康支出`."""
    spec = UNIT_2026 + '科目名称:\n  功能科目:\n    "210": {名称: 医疗卫生与计划生育支出, 各表: [文字]}\n'
    doc = _doc(tmp_path, spec)
    text = narrative(doc)
    assert "11、医疗卫生与计划生育支出（210类）行政事业单位医疗（11款）行政单位医疗（01项）98.27万元。主要用于：行政单位医疗保险缴费" in text
    assert "卫生健康支出" not in text
    texts = _texts(doc)
    assert "卫生健康支出" in texts["支出预算总表"] and "三、卫生健康支出" in texts["财务收支预算总表"]
    assert not any("医疗卫生与计划生育" in t for cells in texts.values() for t in cells)


def test_an_old_class_name_in_tables_1_and_4_and_the_text(tmp_path):
    """福利院24U (shared/shanghai-variants.md §4): `Old 类 name 医疗卫生与计划生育支出 beside tables' 卫生健康支出
    (福利院24U text and tables 1/4 …)`; tables 2, 3, 5 print 卫生健康支出 (issue 22)."""
    spec = UNIT_2025 + ('科目名称:\n  功能科目:\n    "210": {名称: 医疗卫生与计划生育支出, '
                        '各表: [财务收支预算总表, 财政拨款收支预算总表, 文字]}\n')
    doc = _doc(tmp_path, spec)
    texts = _texts(doc)
    assert "四、医疗卫生与计划生育支出" in texts["财务收支预算总表"]
    assert "四、医疗卫生与计划生育支出" in texts["财政拨款收支预算总表"]
    for table in ("收入预算总表", "支出预算总表", "一般公共预算支出功能分类预算表"):
        assert "卫生健康支出" in texts[table] and "医疗卫生与计划生育支出" not in texts[table]
    assert "“医疗卫生与计划生育支出（类）行政事业单位医疗（款）" in narrative(doc)


def test_a_class_label_with_its_code(tmp_path):
    """Issue 22: `303 离退休人员经费`-style labels, as a budget system prints an economic 类 in table 8."""
    doc = _doc(tmp_path, UNIT_2026 + '科目名称:\n  经济科目: {"303": 303 离退休人员经费}\n')
    economic = next(s for s in sheets(doc) if s.name == ECONOMIC)
    row = next(r for (r, c), cell in economic.cells.items() if cell.value == "303")
    assert economic.text(row, 2) == "303 离退休人员经费"


def test_the_spec_wins_over_an_officer_s_catalog_file(tmp_path):
    """--catalog still renames for a whole catalog; the spec's 科目名称 is printed over it, so the spec decides."""
    csv = tmp_path / "目录.csv"
    csv.write_text("编码,名称\n30213,维修费\n", "utf-8")
    assert "维修费" in _texts(_doc(tmp_path, UNIT_2026, extra=csv))[ECONOMIC]
    doc = _doc(tmp_path, UNIT_2026 + '科目名称:\n  经济科目: {"30213": 维修(护)费}\n', extra=csv)
    texts = _texts(doc)[ECONOMIC]
    assert "维修(护)费" in texts and "维修费" not in texts


def test_a_department_prints_its_own_names(tmp_path):
    """A department document prints as the department's spec says, whatever its units' specs print."""
    (tmp_path / "u.yaml").write_text(UNIT_2026, "utf-8")
    department = ("格式: shanghai-2026\n年度: 2026\n部门名称: 上海市普陀区司法局\n下属单位: [u.yaml]\n"
                  '科目名称:\n  经济科目: {"30213": 维修(护)费}\n' + UNIT_2026[UNIT_2026.index("上年:"):])
    texts = _texts(_doc(tmp_path, department, "d.yaml"))
    assert "维修(护)费" in texts[ECONOMIC]


def test_a_different_name_in_added_codes_points_to_print_names(tmp_path):
    problems = _errors(tmp_path, UNIT_2026 + '补充科目:\n  经济科目: {"30213": 维修(护)费}\n')
    assert any(p.code == "E228" and "科目名称" in p.message for p in problems)


@pytest.mark.parametrize("names, words, line", [
    ('  经济科目: {"30298": 某费}\n', "经济科目 30298 不在科目目录中", 1),
    ('  功能科目:\n    "210": {名称: 旧名, 各表: [没有这张表]}\n', "格式中没有工作表“没有这张表”", 2),
    ('  功能科目:\n    "210": {名称: 旧名, 各表: 文字}\n', "“各表”应为表名", 2),
    ('  功能科目:\n    "210": {名字: 旧名}\n', "应写成“编码: 名称”", 2),
    ('  项目科目: {"210": 旧名}\n', "“科目名称”下应为 功能科目、经济科目", 1),
])
def test_a_wrong_print_name_is_named_with_its_line(tmp_path, names, words, line):
    top = UNIT_2026.count("\n") + 1  # the line of 科目名称
    problems = _errors(tmp_path, UNIT_2026 + "科目名称:\n" + names)
    found = [p for p in problems if p.code == "E248" and words in p.message]
    assert found and found[0].place.line == top + line, problems


def test_a_print_names_section_that_is_not_a_mapping(tmp_path):
    problems = _errors(tmp_path, UNIT_2026 + "科目名称: 维修(护)费\n")
    assert problems[0].code == "E248" and problems[0].place.line == UNIT_2026.count("\n") + 1


def test_print_names_go_through_the_fill_in_workbook(tmp_path):
    """An officer who fills the workbook records the same names (sheet 科目名称, keys 经济科目.30213,
    功能科目.210.各表[1])."""
    from generator.cli import main
    from generator.reading.spec import read_spec
    from generator.starting import input_workbook

    from .modeleq import as_data

    spec = tmp_path / "u.yaml"
    spec.write_text(UNIT_2026 + '科目名称:\n  经济科目: {"30213": 维修(护)费}\n  功能科目:\n'
                    '    "210": {名称: 医疗卫生与计划生育支出, 各表: [财务收支预算总表, 文字]}\n', "utf-8")
    book = tmp_path / "u.xlsx"
    book.write_bytes(input_workbook(spec))
    back = tmp_path / "back.yaml"
    assert main(["import", str(book), "-o", str(back)]) == 0
    names = read_spec(back).names
    assert len(names) == 2 and as_data(names) == as_data(read_spec(spec).names)
    assert load_document(book).budget.names == read_spec(book).names and names[1].tables == ("财务收支预算总表", "文字")
