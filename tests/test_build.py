"""The command line and the build: files written whole, the same bytes twice, clear messages for bad input."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from generator.build import workbook
from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "2023-shenzhen-sibj.yaml"


def test_same_spec_gives_identical_bytes(documents):
    doc = documents["2023-shenzhen-sibj"]
    assert workbook(doc) == workbook(doc)


def test_build_twice_through_the_cli_is_byte_identical(tmp_path, capsys):
    assert main(["build", "--no-docx", "--no-pdf", str(SPEC), "-o", str(tmp_path / "a")]) == 0
    assert main(["build", "--no-docx", "--no-pdf", str(SPEC), "-o", str(tmp_path / "b")]) == 0
    assert (tmp_path / "a" / SPEC.with_suffix(".xlsx").name).read_bytes() == \
        (tmp_path / "b" / SPEC.with_suffix(".xlsx").name).read_bytes()
    assert "已生成" in capsys.readouterr().out


def test_build_a_folder_of_specs(tmp_path):
    folder = tmp_path / "specs"
    folder.mkdir()
    shutil.copy(SPEC, folder / "a.yaml")
    assert main(["build", "--no-docx", "--no-pdf", str(folder), "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "a.xlsx").is_file()


def test_sheets_in_published_order(tmp_path):
    main(["build", "--no-docx", "--no-pdf", str(SPEC), "-o", str(tmp_path)])
    names = openpyxl.load_workbook(tmp_path / "2023-shenzhen-sibj.xlsx").sheetnames
    assert names[:3] == ["收支总表", "收入总表", "支出总表"]
    assert names[11] == "整体支出绩效目标表" and names[12:] == ["图表", "预算明细", "政府采购明细"]


def _bad(tmp_path: Path, old: str, new: str) -> Path:
    text = SPEC.read_text("utf-8")
    assert old in text
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "message"), [
    ("2050803, 30216", "2059998, 30216", "功能科目 2059998 不存在"),
    ("2050803, 30216", "2050803, 3021", "经济科目应为 5 位数字编码"),
    ("一般公共预算拨款,       56000]", "一般公共预算拨款,       五万六]", "金额应为数字"),
    ("一般公共预算拨款,       56000]", "一般公共预算拨款,       -56000]", "不能为负数"),
    ("[预算准备金,", "[预算准备基金,", "“预算准备基金”既不是“基本支出”"),
    ("格式: shenzhen-2023", "格式: beijing-1999", "格式“beijing-1999”不存在"),
    ("年度: 2023", "年度: 二〇二三", "应为四位数字的年份"),
    ("主管部门: 深圳", "部门名称: 重复\n主管部门: 深圳", "键“部门名称”重复"),
    ("单位名称: 深圳市社会保险基金管理局本级", "单位名称: ../../etc", "不能用作文件名"),
])
def test_bad_spec_is_named_and_nothing_written(tmp_path, capsys, old, new, message):
    out = tmp_path / "out"
    assert main(["build", "--no-docx", "--no-pdf", str(_bad(tmp_path, old, new)), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "bad.yaml:" in err
    assert not out.exists() or not any(out.iterdir())


def test_tab_indentation_names_the_line(tmp_path, capsys):
    path = tmp_path / "tab.yaml"
    path.write_text("格式: shenzhen-2023\n项目:\n\t- 名称: x\n", "utf-8")
    assert main(["build", "--no-docx", "--no-pdf", str(path), "-o", str(tmp_path)]) == 2
    assert "tab.yaml:3" in capsys.readouterr().err


def test_empty_and_binary_files(tmp_path, capsys):
    (tmp_path / "empty.yaml").write_text("", "utf-8")
    (tmp_path / "bin.yaml").write_bytes(b"\x00\x01PK\x03\x04")
    assert main(["build", "--no-docx", "--no-pdf", str(tmp_path / "empty.yaml"), str(tmp_path / "bin.yaml"), "-o", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "文件是空的" in err and "不是文本文件" in err


def test_failed_build_keeps_the_good_file(tmp_path):
    out = tmp_path / "out"
    shutil.copy(SPEC, tmp_path / "unit.yaml")
    assert main(["build", "--no-docx", "--no-pdf", str(tmp_path / "unit.yaml"), "-o", str(out)]) == 0
    good = (out / "unit.xlsx").read_bytes()
    (tmp_path / "unit.yaml").write_text(SPEC.read_text("utf-8").replace("2050803, 30216", "9999999, 30216"), "utf-8")
    assert main(["build", "--no-docx", "--no-pdf", str(tmp_path / "unit.yaml"), "-o", str(out)]) == 2
    assert (out / "unit.xlsx").read_bytes() == good
    assert sorted(p.name for p in out.iterdir()) == ["unit.md", "unit.xlsx"]


def test_formats_lists_every_format_with_its_tables(capsys):
    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    assert "shenzhen-2022：" in out and "shenzhen-2023：" in out
    assert "  表11 单位整体支出绩效目标表" in out and "  表12 部门（单位）整体支出绩效目标表" in out
    assert "  表9 ××××年单位“三公”经费和机关运行经费预算表" in out
    shanghai = out.count("\nshanghai-") + out.startswith("shanghai-")  # every Shanghai format has nine tables
    assert shanghai >= 2 and out.count("  表") == 9 * shanghai + 11 + 12


def test_interrupted_build_leaves_the_previous_files_and_no_partial_one(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert main(["build", "--no-docx", "--no-pdf", str(SPEC), "-o", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_fdopen, opened = os.fdopen, []

    def interrupted(fd, mode="r", *args, **kwargs):
        opened.append(fd)
        if len(opened) == 2:
            raise KeyboardInterrupt
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", interrupted)
    with pytest.raises(KeyboardInterrupt):
        main(["build", "--no-docx", "--no-pdf", str(SPEC), "-o", str(out)])
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    luohu = ROOT / "specs" / "2022-shenzhen-luohu.yaml"
    risky = {"深圳市社会保险基金管理局罗湖分局": "=1+1", "案件调查取证工作": "+SUM(A1:A9)", "社保档案管理工作": "-2+3",
             "零星购置": "@cmd", "主要用于人员经费、公用及对个人和家庭补助支出。": '=HYPERLINK("http://x")'}
    text = luohu.read_text("utf-8")
    for old, new in risky.items():
        text = text.replace(old, "'" + new.replace("'", "''") + "'")
    (tmp_path / "risky.yaml").write_text(text, "utf-8")
    assert main(["build", "--no-docx", "--no-pdf", str(tmp_path / "risky.yaml"), "-o", str(tmp_path)]) == 0
    book = openpyxl.load_workbook(tmp_path / "risky.xlsx")
    found = {cell.value: cell.data_type for ws in book for row in ws.iter_rows() for cell in row
             if cell.value in risky.values()}
    assert set(found) == set(risky.values())
    assert set(found.values()) == {"s"}


def test_single_file_commands_never_overwrite_a_folder_their_input_or_an_existing_spec(tmp_path, capsys):
    folder = tmp_path / "specs"
    folder.mkdir()
    shutil.copy(SPEC, folder / "a.yaml")
    before = (folder / "a.yaml").read_bytes()
    assert main(["new", "--format", "shenzhen-2023", "-o", str(folder)]) == 2
    assert main(["new", "--format", "shenzhen-2023", "-o", str(folder / "a.yaml")]) == 2
    assert main(["excel-template", "--from", str(folder / "a.yaml"), "-o", str(folder / "a.yaml")]) == 2
    err = capsys.readouterr().err
    assert "E310" in err and "E312" in err and "E311" in err
    assert (folder / "a.yaml").read_bytes() == before and sorted(p.name for p in folder.iterdir()) == ["a.yaml"]


def test_a_folder_without_specs_is_an_error(tmp_path, capsys):
    assert main(["build", "--no-docx", "--no-pdf", str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    assert "E313" in capsys.readouterr().err


def test_two_specs_that_would_write_the_same_files_are_refused(tmp_path, capsys):
    shutil.copy(SPEC, tmp_path / "unit.yaml")
    shutil.copy(SPEC, tmp_path / "unit.yml")
    assert main(["build", "--no-docx", "--no-pdf", str(tmp_path / "unit.yaml"), str(tmp_path / "unit.yml"), "-o", str(tmp_path / "out")]) == 2
    assert "E314" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_outputs_are_ordinary_files_readable_as_the_umask_allows(tmp_path):
    """Written through temporaries (mkstemp makes them 0600), but landing with the usual mode."""
    old = os.umask(0o022)
    try:
        assert main(["build", "--no-docx", "--no-pdf", str(SPEC), "-o", str(tmp_path)]) == 0
    finally:
        os.umask(old)
    assert {oct(p.stat().st_mode & 0o777) for p in tmp_path.iterdir()} == {"0o644"}


@pytest.mark.parametrize("command", [["formats"], ["schema"], ["check", str(SPEC)],
                                     ["build", "--no-docx", "--no-pdf", str(SPEC), "-o", "{out}"]])
def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path, command):
    """`budgetgen formats | head`: the pipe closes before budgetgen writes; no traceback, no E999."""
    import subprocess
    import sys

    argv = [part.replace("{out}", str(tmp_path)) for part in command]
    read, write = os.pipe()
    os.close(read)
    with os.fdopen(write, "wb") as closed:
        done = subprocess.run([sys.executable, "-m", "generator", *argv], stdout=closed, stderr=subprocess.PIPE,
                              cwd=ROOT, check=False)
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr and "E999" not in stderr
    assert done.returncode == 141
