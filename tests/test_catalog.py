"""Codes beyond the shipped catalog: a spec's 补充科目, an officer's CSV, and names that contradict the catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import catalogs
from generator.build import check, sheets
from generator.catalogs import load_catalog
from generator.cli import main
from generator.document import load_document
from generator.problems import SpecError

DEPARTMENT = Path(__file__).resolve().parent / "specs" / "department" / "department.yaml"
SPEC = Path(__file__).resolve().parent.parent / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml"
NEW_LINE = ("  - [商贸事务专项, 2011399, 30227, 一般公共预算拨款, 4765000]",
            "  - [商贸事务专项, 2011308, 30227, 一般公共预算拨款, 4765000]")


def _spec(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    text = SPEC.read_text("utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "unit.yaml"
    path.write_text(text.replace('    "2011399": 主要用于商贸事务管理。', '    "2011308": 主要用于招商引资。'), "utf-8")
    return path


def _names(path: Path, **kwargs) -> list[str]:
    table = {s.name: s for s in sheets(load_document(path, **kwargs))}["收入预算总表"]
    return [table.text(r, 3) for r in range(table.rows)]


def test_a_code_the_catalog_lacks_is_an_error_naming_the_way_out(tmp_path):
    with pytest.raises(SpecError) as caught:
        load_document(_spec(tmp_path, NEW_LINE))
    assert [p.code for p in caught.value.problems] == ["E222"]


def test_the_spec_may_name_it_and_a_note_says_so(tmp_path):
    spec = _spec(tmp_path, NEW_LINE, ("概况:\n", "补充科目:\n  功能科目: {\"2011308\": 招商引资}\n概况:\n"))
    (note,) = [p for p in check(spec) if p.code == "N228"]
    assert note.severity == "note" and "2011308" in note.message and "招商引资" in note.message and note.place.line
    assert "招商引资" in _names(spec)


def test_a_name_that_contradicts_the_catalog_is_an_error_naming_both(tmp_path):
    spec = _spec(tmp_path, ("概况:\n", "补充科目:\n  功能科目: {\"2011301\": 机关运行}\n概况:\n"))
    with pytest.raises(SpecError) as caught:
        load_document(spec)
    (problem,) = caught.value.problems
    assert problem.code == "E228" and "“行政运行”" in problem.message and "“机关运行”" in problem.message


def test_an_officers_catalog_file_extends_and_corrects_the_shipped_one(tmp_path, capsys):
    catalog = tmp_path / "目录.csv"
    catalog.write_text("编码,名称\n2011308,招商引资\n2011301,行政运行（机关）\n", "utf-8")
    spec = _spec(tmp_path, NEW_LINE)
    names = _names(spec, extra_catalog=catalog)
    assert "招商引资" in names and "行政运行（机关）" in names
    assert main(["build", "--no-docx", "--no-pdf", str(spec), "-o", str(tmp_path / "out"), "--catalog", str(catalog)]) == 0


def test_a_year_without_its_folder_uses_the_nearest_earlier_one(tmp_path, monkeypatch):
    shipped = catalogs.templates_root() / "catalogs"
    for year, name in ((2023, "旧名称"), (2025, "新名称")):
        (tmp_path / "catalogs" / str(year)).mkdir(parents=True)
        (tmp_path / "catalogs" / str(year) / "功能分类.csv").write_text(f"编码,名称\n201,{name}\n", "utf-8")
        (tmp_path / "catalogs" / str(year) / "经济分类.csv").write_text("编码,名称\n301,工资福利支出\n", "utf-8")
    for name in ("资金来源.csv", "项目类别.csv"):
        (tmp_path / "catalogs" / name).write_bytes((shipped / name).read_bytes())
    monkeypatch.setattr(catalogs, "templates_root", lambda: tmp_path)
    assert [load_catalog(y).functions["201"] for y in (2023, 2024, 2025, 2026)] == ["旧名称", "旧名称", "新名称", "新名称"]


def test_an_officers_catalog_saved_by_excel_on_chinese_windows_reads(tmp_path):
    catalog = tmp_path / "目录.csv"
    catalog.write_bytes("编码,名称\n2011308,招商引资\n".encode("gbk"))
    assert "招商引资" in _names(_spec(tmp_path, NEW_LINE), extra_catalog=catalog)


def test_a_missing_catalog_file_is_named(tmp_path):
    with pytest.raises(SpecError) as caught:
        load_document(SPEC, extra_catalog=tmp_path / "没有.csv")
    (problem,) = caught.value.problems
    assert problem.code == "E229" and problem.place.file.endswith("没有.csv")


def _department(tmp_path: Path, department_extra: str) -> Path:
    for name in ("unit-a.yaml", "unit-b.yaml", "unit-c.yaml"):
        (tmp_path / name).write_text((DEPARTMENT.parent / name).read_text("utf-8"), "utf-8")
    unit_a = (tmp_path / "unit-a.yaml").read_text("utf-8")
    (tmp_path / "unit-a.yaml").write_text(unit_a.replace("[信息化建设,   2080109,", "[信息化建设,   2080198,"), "utf-8")
    (tmp_path / "department.yaml").write_text(DEPARTMENT.read_text("utf-8") + department_extra, "utf-8")
    return tmp_path / "department.yaml"


def test_a_departments_extra_codes_apply_to_its_units(tmp_path):
    with pytest.raises(SpecError) as caught:
        load_document(_department(tmp_path, ""))
    assert [p.code for p in caught.value.problems] == ["E222"]
    spec = _department(tmp_path, '补充科目:\n  功能科目: {"2080198": 信息化专项}\n')
    (note,) = [p for p in check(spec) if p.code == "N228"]
    assert note.place.file.endswith("department.yaml") and note.place.line
    assert load_document(spec).budget.catalog.functions["2080198"] == "信息化专项"


def test_a_missing_parent_is_named(tmp_path):
    spec = _spec(tmp_path, ("[商贸事务专项, 2011399,", "[商贸事务专项, 2019801,"),
                 ("概况:\n", "补充科目:\n  功能科目: {\"2019801\": 某项}\n概况:\n"))
    with pytest.raises(SpecError) as caught:
        load_document(spec)
    (problem,) = caught.value.problems
    assert problem.code == "E222" and "上级科目 20198 " in problem.message


def test_the_message_names_the_catalog_year_when_it_is_not_the_specs(tmp_path):
    with pytest.raises(SpecError) as caught:
        load_document(_spec(tmp_path, NEW_LINE, ("年度: 2025", "年度: 2031")))
    (problem,) = caught.value.problems
    assert problem.code == "E222" and "2026 年的科目目录" in problem.message and "2031" in problem.message
    with pytest.raises(SpecError) as caught:
        load_document(_spec(tmp_path, NEW_LINE))
    assert "2026" not in caught.value.problems[0].message and "本年度科目目录" in caught.value.problems[0].message


def test_an_officers_catalog_without_its_header_is_an_error_not_a_lost_row(tmp_path):
    catalog = tmp_path / "目录.csv"
    catalog.write_text("2011308,招商引资\n2011301,行政运行（机关）\n", "utf-8")
    with pytest.raises(SpecError) as caught:
        load_document(_spec(tmp_path, NEW_LINE), extra_catalog=catalog)
    (problem,) = caught.value.problems
    assert problem.code == "E238" and problem.place.file.endswith("目录.csv") and problem.place.line == 1
    assert "编码,名称" in problem.message


def test_the_summary_counts_catalog_notes_as_such(tmp_path, capsys):
    spec = _spec(tmp_path, NEW_LINE, ("概况:\n", "补充科目:\n  功能科目: {\"2011308\": 招商引资}\n概况:\n"))
    assert main(["build", "--no-docx", "--no-pdf", str(spec), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "目录外的科目 1 条" in err and "尾数误差等" not in err
