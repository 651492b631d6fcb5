"""Hostile inputs end in a message naming file and place, within bounded memory: workbooks, specs, messages.

Inputs are generated here and kept small: a limit is lowered with monkeypatch where its real size would cost time.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator.cli import main
from generator.reading import excel_import, limits
from generator.starting import input_workbook

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml"
MEMORY = 1536 * 2**20
"""Address space a subprocess may take: the bound a hostile input must stay within (well under 2 GiB)."""


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bounds") / "填报.xlsx"
    path.write_bytes(input_workbook(SPEC, None, None))
    return path


def _edited(source: Path, target: Path, edit) -> Path:
    book = openpyxl.load_workbook(source)
    edit(book)
    book.save(target)
    return target


def _replaced(source: Path, target: Path, marker: str, text: str) -> Path:
    """A copy of a workbook with one cell's text replaced in its XML (openpyxl itself cuts a text at 32,767)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, old.read(info).replace(marker.encode(), text.encode()))
    return target


def _run(*args: str) -> subprocess.CompletedProcess:
    """budgetgen in a subprocess limited to MEMORY: a reader that grows with a sheet's extent runs out."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          preexec_fn=limit, timeout=600, cwd=ROOT)


def test_a_cell_at_the_last_row_is_read_as_one_row(filled, tmp_path):
    def far(book):
        for ws in book.worksheets:
            ws.cell(1_048_576, 1).value = " "
    path = _edited(filled, tmp_path / "far.xlsx", far)
    result = _run("check", str(path))
    assert "MemoryError" not in result.stderr and "E999" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert f"{path}：错误 0" in result.stdout


def test_too_many_rows_is_one_message(filled, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(excel_import, "MAX_ROWS", 10)
    status = main(["check", str(filled)])
    err = capsys.readouterr().err
    assert status == 2
    assert "E321" in err and "预算明细!" in err and "超过上限 10 行" in err


def test_a_cell_longer_than_excel_allows_is_named_not_printed(filled, tmp_path, capsys):
    marked = _edited(filled, tmp_path / "marked.xlsx", lambda b: b["项目"].cell(2, 5, "MARKER"))
    path = _replaced(marked, tmp_path / "long.xlsx", "MARKER", "长" * 40_000)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path} [项目!E2]: 错误 E322: 单元格有 40000 字，超过 Excel 单元格的上限 32767 字" in err
    assert "长" * 100 not in err


def test_a_workbook_unpacking_past_the_limit_is_refused_unopened(filled, monkeypatch, capsys):
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 100 * 1024)
    assert main(["check", str(filled)]) == 2
    assert f"{filled}: 错误 E320: 工作簿解压后有" in capsys.readouterr().err


def test_a_spec_past_the_size_limit_is_refused_unparsed(tmp_path, capsys):
    path = tmp_path / "big.yaml"
    path.write_text("格式: shanghai-2025\n概况:\n  说明: " + "字" * (limits.MAX_SPEC_BYTES // 3 + 1) + "\n", "utf-8")
    assert main(["check", str(path)]) == 2
    assert f"{path}: 错误 E107: 规格文件有 2 MB，超过上限 2 MB" in capsys.readouterr().err


def test_a_long_value_in_a_message_is_cut_to_its_start_and_length(tmp_path, capsys):
    text = SPEC.read_text("utf-8").replace("  - [商贸事务管理, 2011302,", "  - [" + "字" * 5000 + ", 2011302,", 1)
    path = tmp_path / "long-text.yaml"
    path.write_text(text, "utf-8")
    main(["check", str(path)])
    err = capsys.readouterr().err
    assert "E220" in err and "（共 5000 字）" in err and "字" * 100 not in err
    assert max(len(line) for line in err.splitlines()) < 300


def test_many_problems_of_one_code_are_summarised(tmp_path, capsys):
    keys = "".join(f"  未用的事实{i}: 值\n" for i in range(35))
    path = tmp_path / "keys.yaml"
    path.write_text(SPEC.read_text("utf-8").replace("\n概况:\n", "\n概况:\n" + keys, 1), "utf-8")
    main(["check", str(path)])
    lines = [line for line in capsys.readouterr().err.splitlines() if "W245" in line]
    assert len(lines) == 21, lines
    assert lines[-1] == f"{path}: 警告 W245: 另有 15 处同类问题（同一代码只逐条列出前 20 处）"


OWN_FORMAT = "extends: shanghai-2025\ndescription: 本单位的版式\n"


def _own_template(folder: Path, block: str) -> Path:
    """A spec beside an own format whose 主要职能 block is `block` (on line 3 of its document.md.j2)."""
    (folder / "我的格式" / "narrative").mkdir(parents=True)
    (folder / "我的格式" / "format.yaml").write_text(OWN_FORMAT, "utf-8")
    template = folder / "我的格式" / "narrative" / "document.md.j2"
    template.write_text('{% extends "shanghai-2025/document.md.j2" %}\n{% block 主要职能 %}\n'
                        f"{block}\n{{% endblock %}}\n", "utf-8")
    spec = folder / "u.yaml"
    spec.write_text(SPEC.read_text("utf-8").replace("格式: shanghai-2025", "格式: ./我的格式"), "utf-8")
    return spec


HOSTILE_TEMPLATES = {
    "nested ranges": ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", "E910"),
    "a huge list": ("{% set a = [0] * 500000000 %}{{ a | length }}", "E911"),
    "a huge text": ('{{ "x" * 3000000000 }}', "E911"),
    "a huge sum": ('{% set a = "x" * 900000 %}{{ a + a }}', "E911"),
    "a huge power": ("{{ 7 ** 100000000 > 1 }}", "E911"),
    "a huge format width": ('{{ "%999999999d" % 1 }}', "E911"),
    "a huge filter": ('{{ "x" | center(3000000000) }}', "E911"),
    "endless empty loops": ('{% for a in "x" * 1000000 %}{% for b in "x" * 1000000 %}{% endfor %}{% endfor %}',
                            "E912"),
    "a macro calling itself": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "E914"),
}


@pytest.mark.parametrize("name", HOSTILE_TEMPLATES)
def test_a_template_past_a_limit_is_an_error_at_its_line(tmp_path, monkeypatch, capsys, name):
    from generator.text import bounds

    monkeypatch.setattr(bounds, "MAX_SECONDS", 1.0)  # the time limit, met sooner
    block, code = HOSTILE_TEMPLATES[name]
    spec = _own_template(tmp_path, block)
    assert main(["check", str(spec)]) == 2
    err = capsys.readouterr().err
    template = tmp_path / "我的格式" / "narrative" / "document.md.j2"
    assert f"{template}:3: 错误 {code}: " in err, err


def test_an_output_past_its_limit_is_an_error_at_its_line(tmp_path, monkeypatch, capsys):
    from generator.text import bounds

    monkeypatch.setattr(bounds, "MAX_OUTPUT", 100_000)
    spec = _own_template(tmp_path, "{% for i in range(50000) %}第{{ i }}行{% endfor %}")
    assert main(["check", str(spec)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / '我的格式' / 'narrative' / 'document.md.j2'}:3: 错误 E913: 生成的文字超过上限" in err, err


def test_a_loop_within_the_limits_renders(tmp_path, capsys):
    spec = _own_template(tmp_path, "{% for i in range(300) %}{% for j in range(300) %}{% endfor %}{% endfor %}完")
    assert main(["check", str(spec)]) == 0, capsys.readouterr().err


PDF = ROOT / "tests" / "seeds" / "pdf" / "2025-shanghai-putuo-shangwuwei-unit.pdf"


def test_an_import_pattern_s_open_run_is_bounded():
    """`.+?` tried from each of many occurrences of a pattern's start scanned to the text's end from each (a
    77-page PDF repeating them: 320 s); bounded, a run longer than any fact is not taken for one."""
    from generator.formats import load_format
    from generator.importing import text as imported

    rules = imported.fact_rules(imported.import_rules(load_format("shanghai-2025")), "unit")
    reason = "的主要原因是：{}财政拨款支出主要内容如下"
    values = {"title_name": "某单位", "year": 2025, "last_year": 2024}
    found = imported.read_facts(rules, reason.format("人员增加。"), values, lambda _: 0, [])
    assert found["概况.收支变动原因"] == "人员增加。"
    found = imported.read_facts(rules, reason.format("字" * (imported.SPAN + 1)), values, lambda _: 0, [])
    assert "概况.收支变动原因" not in found


def test_a_document_past_the_page_limit_is_refused_unread(monkeypatch, capsys, tmp_path):
    from generator.importing import source

    monkeypatch.setattr(source, "MAX_PAGES", 5)
    assert main(["import", str(PDF), "-o", str(tmp_path / "x.yaml")]) == 2
    assert f"{PDF}: 错误 E606: 有 22 页（或工作表），超过上限 5" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()


def test_a_document_past_the_text_limit_is_refused(monkeypatch, capsys, tmp_path):
    from generator.importing import source

    monkeypatch.setattr(source, "MAX_TEXT", 1000)
    assert main(["import", str(PDF), "-o", str(tmp_path / "x.yaml")]) == 2
    assert f"{PDF}: 错误 E607: 文字超过上限 1000 字" in capsys.readouterr().err


def test_a_workbook_of_tables_is_read_to_its_last_filled_row(tmp_path, monkeypatch, capsys):
    """A stray blank at row 1,048,576 of a workbook of the tables was read as a million rows (over 120 s);
    content past the row limit is refused."""
    from generator.importing import source

    monkeypatch.setattr(source, "MAX_ROWS", 50)
    book = openpyxl.Workbook()
    book.active.append(["表头", "金额"])
    book.active.append(["合计", 1])
    book.active.cell(1_048_576, 1, " ")
    book.save(tmp_path / "far.xlsx")
    pages = source.read_pages(tmp_path / "far.xlsx")
    assert pages[0].tables == ((("表头", "金额"), ("合计", "1.00")),)
    book.active.cell(1_048_576, 1, "多余")
    book.save(tmp_path / "far.xlsx")
    assert main(["import", str(tmp_path / "far.xlsx"), "-o", str(tmp_path / "x.yaml")]) == 2
    assert "E609: 工作表“Sheet”第 1048576 行仍有内容，超过上限 50 行" in capsys.readouterr().err
