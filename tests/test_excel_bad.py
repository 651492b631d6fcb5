"""Bad filled workbooks: each answered with its sheet!cell, in Chinese, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from generator.cli import main
from generator.reading.spec import read_spec
from generator.starting import input_workbook

from .modeleq import as_data

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "2022-shenzhen-luohu.yaml"


def _set(sheet: str, cell: str, value):
    def edit(book):
        book[sheet][cell].value = value
    return edit


def _blank_rows_then_half_a_line(book):
    ws = book["预算明细"]
    ws["E60"].value = 100


def _duplicate_fact(book):
    ws = book["文字说明"]
    row = ws.max_row + 1
    ws.cell(row, 1).value, ws.cell(row, 2).value = "部门职责", "重复"


CASES = {
    "功能科目不存在": (_set("预算明细", "B5", "2089998"), "E222", "预算明细!B5", "功能科目 2089998 不存在"),
    "经济科目含字母": (_set("预算明细", "C6", "3O101"), "E221", "预算明细!C6", "而不是“3O101”"),
    "金额为文字": (_set("预算明细", "E7", "五万"), "E205", "预算明细!E7", "金额应为数字（元），而不是“五万”"),
    "金额为负": (_set("预算明细", "E8", -100), "E206", "预算明细!E8", "不能为负数"),
    "缺少工作表": (lambda b: b.remove(b["预算明细"]), "E301", None, "缺少工作表“预算明细”"),
    "表头合并": (lambda b: b["预算明细"].merge_cells("A1:B1"), "E302", "预算明细!1", "缺少表头“功能科目”"),
    "表头下移一行": (lambda b: b["预算明细"].insert_rows(1), "E302", "预算明细!1", "缺少表头“性质或项目”"),
    "表头改名": (_set("预算明细", "E1", "金额"), "E302", "预算明细!1", "缺少表头“金额（元）”"),
    "空行之后只填了金额": (_blank_rows_then_half_a_line, "E202", "预算明细!A60", "缺少“性质”"),
    "项目未定义": (_set("预算明细", "A33", "不存在的项目"), "E220", "预算明细!A33", "“不存在的项目”既不是“基本支出”"),
    "二级项目所属不明": (_set("二级项目", "A3", "某项目"), "E304", "二级项目!A3", "“某项目”不是“项目”表中的项目"),
    "项目类别不对": (_set("项目", "B2", "重点类"), "E210", "项目!B2", "而不是“重点类”"),
    "年度写成汉字": (_set("单位信息", "B3", "二〇二二"), "E209", "单位信息!B3", "“年度”应为四位数字的年份"),
    "删去单位名称一行": (lambda b: b["单位信息"].delete_rows(6), "E307", "单位信息!1", "没有“单位名称”一行"),
    "品目不对": (_set("政府采购", "B2", "软件"), "E210", "政府采购!B2", "“品目”应为 货物、工程、服务 之一"),
    "三公金额为负": (_set("三公", "B3", -1), "E206", "三公!B3", "不能为负数"),
    "文字说明键重复": (_duplicate_fact, "E305", "文字说明!A", "键“部门职责”重复"),
    "公式没有计算结果": (_set("预算明细", "E9", "=1+1"), "E306", "预算明细!E9", "公式没有计算结果"),
    "任务金额为文字": (_set("绩效任务", "C3", "很多"), "E205", "绩效任务!C3", "而不是“很多”"),
    "上年数为文字": (_set("上年数", "B2", "三千多万"), "E205", "上年数!B2", "而不是“三千多万”"),
}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("good") / "unit.xlsx"
    path.write_bytes(input_workbook(SPEC))
    return path


@pytest.mark.parametrize("name", list(CASES))
def test_bad_workbook_names_sheet_and_cell(name, good, tmp_path, capsys):
    edit, code, cell, words = CASES[name]
    book = openpyxl.load_workbook(good)
    edit(book)
    path = tmp_path / "bad.xlsx"
    book.save(path)
    out = tmp_path / "out"
    assert main(["build", "--no-docx", "--no-pdf", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "E999" not in err and not out.exists()
    lines = [line for line in err.splitlines() if f"错误 {code}: " in line and words in line]
    assert lines, err
    if cell:
        assert any(f"[{cell}" in line for line in lines), lines


def test_not_a_workbook(tmp_path, capsys):
    path = tmp_path / "unit.xlsx"
    path.write_text("格式: shenzhen-2022\n", "utf-8")
    assert main(["build", "--no-docx", "--no-pdf", str(path), "-o", str(tmp_path / "out")]) == 2
    assert "错误 E303: 无法作为 Excel 工作簿（.xlsx）打开" in capsys.readouterr().err


def test_blank_rows_between_lines_are_skipped(good, tmp_path):
    book = openpyxl.load_workbook(good)
    book["预算明细"].insert_rows(10, amount=3)
    path = tmp_path / "blank.xlsx"
    book.save(path)
    assert as_data(read_spec(path)) == as_data(read_spec(SPEC))


def test_corpus_has_at_least_fifteen_bad_workbooks():
    assert len(CASES) + 1 >= 15


def _clashing_keys(book):
    ws = book["文字说明"]
    row = ws.max_row + 1
    ws.cell(row, 1).value, ws.cell(row, 2).value = "部门职责.补充", "与上面的“部门职责”冲突"


def test_a_key_that_clashes_with_one_above_is_named(good, tmp_path, capsys):
    book = openpyxl.load_workbook(good)
    _clashing_keys(book)
    ws = book["文字说明"]
    ws.cell(ws.max_row + 1, 1).value, ws.cell(ws.max_row, 2).value = ".", "无效的键"
    path = tmp_path / "clash.xlsx"
    book.save(path)
    assert main(["build", "--no-docx", "--no-pdf", str(path), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "E999" not in err and "与上面的键冲突" in err and "不是有效的写法" in err


def test_an_old_excel_file_is_asked_to_be_saved_as_xlsx(tmp_path, capsys):
    path = tmp_path / "unit.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    assert main(["build", "--no-docx", "--no-pdf", str(path), "-o", str(tmp_path / "out")]) == 2
    assert "另存为”Excel 工作簿（.xlsx）" in capsys.readouterr().err
