"""`budgetgen new`: a commented skeleton per format that check accepts once filled, naming each unfilled fact."""

from __future__ import annotations

import pytest
import yaml

from generator.build import check
from generator.cli import main
from generator.formats import available
from generator.problems import SpecError

from .test_schema import VALIDATOR


@pytest.mark.parametrize("name", available())
def test_skeleton_names_each_unfilled_fact_and_passes_once_filled(name, tmp_path, capsys):
    path = tmp_path / "new.yaml"
    assert main(["new", "--format", name, "-o", str(path)]) == 0
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server:") and f"格式: {name}\n" in text
    assert list(VALIDATOR.iter_errors(yaml.safe_load(text))) == []
    unfilled = [p for p in check(path) if p.severity == "error"]
    assert unfilled and {p.code for p in unfilled} == {"C350"}
    assert {"概况.部门职责", "部门名称"} & {p.place.path for p in unfilled}
    assert all(p.place.line and f"“{p.place.path}”还没有填写" in p.message for p in unfilled)
    path.write_text(text.replace("待填写", "示例"), "utf-8")
    filled = check(path)
    assert [p for p in filled if p.severity == "error"] == []
    assert [p.subject for p in filled if p.code == "W245"] == []  # the skeleton asks for no fact its text leaves out


def test_unknown_format_is_named(tmp_path, capsys):
    assert main(["new", "--format", "beijing-1999", "-o", str(tmp_path / "x.yaml")]) == 2
    assert "格式“beijing-1999”不存在" in capsys.readouterr().err and not (tmp_path / "x.yaml").exists()


@pytest.mark.parametrize("name", ["shanghai-2026", "shenzhen-2023"])
def test_fill_in_workbook_for_a_format_lists_what_to_fill(name, tmp_path):
    """`excel-template --format`: the blank workbook names no key of 文字说明 or 上年数; this one holds the format's
    skeleton, so an officer in Excel sees each fact to write and check names each one still unfilled."""
    import openpyxl

    book = tmp_path / "填报.xlsx"
    assert main(["excel-template", "--format", name, "-o", str(book)]) == 0
    sheets = openpyxl.load_workbook(book)
    keys = [row[0].value for row in sheets["文字说明"].iter_rows(min_row=2)]
    assert keys and all(keys) and sheets["单位信息"]["B2"].value == name
    assert [row[0].value for row in sheets["上年数"].iter_rows(min_row=2)]
    unfilled = [p for p in check(book) if p.severity == "error"]
    assert unfilled and {p.code for p in unfilled} == {"C350"}


def test_fill_in_workbook_for_a_shanghai_format_offers_its_project_kinds(tmp_path):
    import openpyxl

    book = tmp_path / "填报.xlsx"
    assert main(["excel-template", "--format", "shanghai-2026", "-o", str(book)]) == 0
    sheets = openpyxl.load_workbook(book)
    assert "功能科目变动原因.2011301" in [row[0].value for row in sheets["文字说明"].iter_rows(min_row=2)]
    kinds = next(v.formula1 for v in sheets["项目"].data_validations.dataValidation if "B2" in str(v.sqref))
    listed = [c.value for row in sheets[kinds.split("!")[0]][kinds.split("!")[1].replace("$", "")] for c in row]
    assert listed == ["其他运转类", "特定目标类"]


def test_the_command_line_speaks_chinese(capsys):
    """argparse's own words (usage, options, its errors) were English; an officer gets them in Chinese."""
    with pytest.raises(SystemExit) as stop:
        main(["new", "-o", "x.yaml"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "用法：budgetgen new" in err and "缺少参数：--format" in err
    with pytest.raises(SystemExit):
        main(["biuld", "specs"])
    assert "没有“biuld”这一项，可用：'build'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["build", "--help"])
    out = capsys.readouterr().out
    assert stop.value.code == 0 and "选项：" in out and "显示本说明并退出" in out
    assert not any(word in out for word in ("usage:", "options:", "show this help"))


def test_new_spec_points_its_editor_at_the_schema_from_where_it_is_written(tmp_path):
    """The shipped line `$schema=../generator/spec.schema.json` holds only inside specs/; an officer's new spec
    elsewhere gets the path from its own folder, so VS Code checks and completes its keys."""
    path = tmp_path / "某处" / "新单位.yaml"
    path.parent.mkdir()
    assert main(["new", "--format", "shanghai-2026", "-o", str(path)]) == 0
    first = path.read_text("utf-8").splitlines()[0]
    ref = first.split("$schema=", 1)[1]
    assert (path.parent / ref).resolve().name == "spec.schema.json" and (path.parent / ref).is_file()


def _has_department_skeleton(name: str) -> bool:
    """Whether the format (or one it extends) ships a department skeleton."""
    from generator.formats import FormatError, load_format

    try:
        load_format(name).find("skeleton-department.yaml")
    except FormatError:
        return False
    return True


@pytest.mark.parametrize("name", [n for n in available() if _has_department_skeleton(n)])
def test_department_skeleton_lists_unit_specs_beside_it_and_passes_once_they_are_filled(name, tmp_path):
    """`new --部门`: the department's own facts and 下属单位 naming unit spec files beside it; once those are
    written by `new` and every 待填写 replaced, check finds nothing wrong and no fact the text leaves out."""
    department = tmp_path / "部门.yaml"
    assert main(["new", "--format", name, "--部门", "-o", str(department)]) == 0
    text = department.read_text("utf-8")
    assert text.startswith("# yaml-language-server:") and f"格式: {name}\n" in text
    tree = yaml.safe_load(text)
    assert list(VALIDATOR.iter_errors(tree)) == [] and len(tree["下属单位"]) == 2
    with pytest.raises(SpecError) as missing:  # the unit files are not written yet: each is named
        check(department)
    assert [(p.code, p.place.path) for p in missing.value.problems] == [("E231", "下属单位[1]"), ("E231", "下属单位[2]")]
    for number, unit in enumerate(tree["下属单位"], 1):
        assert main(["new", "--format", name, "-o", str(tmp_path / unit)]) == 0
        unit_text = (tmp_path / unit).read_text("utf-8").replace("单位名称: 待填写", f"单位名称: 示例单位{number}")
        (tmp_path / unit).write_text(unit_text.replace("待填写", "示例"), "utf-8")
    unfilled = [p for p in check(department) if p.severity == "error"]
    assert unfilled and {p.code for p in unfilled} == {"C350"}
    assert all(p.place.file == str(department) and f"“{p.place.path}”还没有填写" in p.message for p in unfilled)
    department.write_text(text.replace("待填写", "示例"), "utf-8")
    filled = check(department)
    assert [p for p in filled if p.severity == "error"] == []
    assert [p.subject for p in filled if p.code == "W245"] == []


def test_department_skeletons_cover_the_formats_officers_use(capsys):
    assert {"shanghai-2025", "shanghai-2026", "shenzhen-2023"} <= {n for n in available() if _has_department_skeleton(n)}
    with pytest.raises(SystemExit) as stop:
        main(["new", "--help"])
    out = capsys.readouterr().out
    assert stop.value.code == 0 and "--部门" in out and "写部门规格" in out and "选项：" in out


def test_new_spec_never_points_its_editor_into_the_virtualenv(tmp_path, monkeypatch):
    """An installed budgetgen's schema lies inside its virtualenv, which is rebuilt or moved: the line says how to
    put the schema beside the spec instead of naming a path that will not hold."""
    import sys
    from pathlib import Path

    from generator import starting

    monkeypatch.setattr(starting, "SCHEMA_FILE", Path(sys.prefix) / "lib" / "site-packages" / "generator" / "spec.schema.json")
    path = tmp_path / "新单位.yaml"
    assert main(["new", "--format", "shanghai-2026", "-o", str(path)]) == 0
    text = path.read_text("utf-8")
    assert sys.prefix not in text and "site-packages" not in text and "budgetgen schema > spec.schema.json" in text
    assert "# yaml-language-server: $schema=" not in text.replace("本行改为 # yaml-language-server", "")
