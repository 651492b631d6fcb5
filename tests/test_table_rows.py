"""版式.各表 per row (各行) and an empty table's note and 无 row (空表说明, 空表行), on cells: no LibreOffice.

Each variant quotes the published document it comes from (shared/seeds/, shared/shanghai-variants.md).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.build import check, sheets
from generator.document import load_document
from generator.house import row_names
from generator.problems import SpecError
from generator.tables.cells import Sheet, printed

ROOT = Path(__file__).resolve().parent.parent
UNIT_2026 = (ROOT / "specs" / "2026-shanghai-putuo-sifaju-unit.yaml").read_text("utf-8")
UNIT_2025 = (ROOT / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml").read_text("utf-8")
FUND = "政府性基金预算支出功能分类预算表"
CAPITAL = "国有资本经营预算支出功能分类预算表"
AMOUNT = "#,##0.00;-#,##0.00;;@"  # the shanghai formats' amount style, where a cell keeps it


def _tables(tmp_path: Path, text: str, table: str = "") -> dict[str, Sheet]:
    """The tables of `text`, with one entry of 版式.各表 (`表名: {…}`) added on the line after `  各表:`."""
    if table:
        text = text.replace("\n  各表:\n", f"\n  各表:\n    {table}\n", 1) if "\n  各表:\n" in text \
            else text + f"版式:\n  各表:\n    {table}\n"
    path = tmp_path / "u.yaml"
    path.write_text(text, "utf-8")
    return {s.name: s for s in sheets(load_document(path))}


def _shown(sheet: Sheet, row: int, col: int) -> str:
    cell = sheet.cells[(row, col)]
    return printed(cell.value, cell.num_format or AMOUNT)


def _row(sheet: Sheet, label: str) -> int:
    """The last row printing `label` (合计 is a header's word too)."""
    return max(r for (r, _), cell in sheet.cells.items() if cell.value == label)


def _col(sheet: Sheet, header: str) -> int:
    return next(c for (_, c), cell in sheet.cells.items() if cell.value == header)


def _lines(sheet: Sheet) -> list[str]:
    """Each row's texts joined, top to bottom (what a reader sees, amounts aside)."""
    cells = [[sheet.cells.get((r, c)) for c in range(8)] for r in range(sheet.rows)]
    return ["".join(c.value for c in row if c is not None and isinstance(c.value, str)) for row in cells]


def test_a_zero_blank_in_one_row_of_a_column_that_prints_0_00(tmp_path):
    """司法26D (seeds/2026-shanghai-putuo-sifaju.txt) prints its zeros `0.00` (`2. 政府性基金预算  0.00`) and its
    empty fund table's `合计` row with no figure; here that row of 收入预算总表, every other zero still `0.00`."""
    income = _tables(tmp_path, UNIT_2026, "收入预算总表: {各行: {合计: {零值: 空白}}}")["收入预算总表"]
    total, other = _row(income, "合计"), _col(income, "其他收入")
    assert _shown(income, total, other) == "" and income.cells[(total, other)].value == 0
    zeros = [r for (r, c), cell in income.cells.items() if c == other and r != total and cell.value == Decimal(0)]
    assert zeros and all(_shown(income, r, other) == "0.00" for r in zeros)
    assert _shown(income, total, _col(income, "合计")) == "86,959,408.34"


def test_one_cell_of_a_row_printed_whole(tmp_path):
    """司法26U table 3 (seeds/2026-shanghai-putuo-sifaju-unit.txt): `合计  86,959,408.34  22,118,861  64,840,547.00`
    and `221 02 03 购房补贴  2,070,000.00  2,070,000.00  0`: one cell of a row by column, a row named by its code."""
    rows = '合计: {各列: {基本支出: {小数位: 0}}}, "2210203": {各列: {项目支出: {小数位: 0, 零值: "0"}}}'
    spending = _tables(tmp_path, UNIT_2026, f"支出预算总表: {{各行: {{{rows}}}}}")["支出预算总表"]
    total, housing = _row(spending, "合计"), _row(spending, "购房补贴")
    basic, project, whole = _col(spending, "基本支出"), _col(spending, "项目支出"), _col(spending, "合计")
    assert [_shown(spending, total, c) for c in (whole, basic, project)] == ["86,959,408.34", "22,118,861", "64,840,547.00"]
    assert [_shown(spending, housing, c) for c in (whole, basic, project)] == ["2,070,000.00", "2,070,000.00", "0"]
    assert _shown(spending, _row(spending, "住房公积金"), project) == "0.00"


def test_a_row_is_named_as_printed_or_without_its_numbering(tmp_path):
    """Table 1's rows carry numbering and two sides (司法26U, seeds/2026-shanghai-putuo-sifaju-unit.txt:
    `2、政府性基金预算  0.00 三、卫生健康支出  982,692.00  982,692.00  0.00  0.00`); the name reaches its side only."""
    assert row_names("二、事业收入", "") == ("二、事业收入", "事业收入")
    assert row_names("2. 政府性基金预算", "") == ("2. 政府性基金预算", "政府性基金预算")
    assert row_names("行政运行", "2040601") == ("行政运行", "2040601")
    table = _tables(tmp_path, UNIT_2026, "财务收支预算总表: {各行: {政府性基金预算: {零值: 空白}}}")["财务收支预算总表"]
    row = _row(table, "2、政府性基金预算")
    assert [_shown(table, row, c) for c in range(1, 7) if c != 2] == ["", "982,692.00", "982,692.00", "0.00", "0.00"]
    assert _shown(table, _row(table, "3、国有资本经营预算"), 1) == "0.00"


def test_an_empty_table_without_a_note(tmp_path):
    """市财25U (shared/shanghai-variants.md, Empty tables): `市级 2025 (市财25U): no note at all.`"""
    tables = _tables(tmp_path, UNIT_2025, f"{FUND}: {{空表说明: false}}")
    assert not any("空表" in line for line in _lines(tables[FUND]))
    assert any("故本表为空表" in line for line in _lines(tables[CAPITAL]))


def test_an_empty_table_s_note_worded_for_that_table(tmp_path):
    """建管26D (shared/shanghai-variants.md, Empty tables): `建管26D uses 注：本年度无国有资本经营预算支出，
    故本表无数据。`, its fund table keeping the usual note."""
    note = "注：本年度无国有资本经营预算支出，故本表无数据。"
    tables = _tables(tmp_path, UNIT_2026, f"{CAPITAL}: {{空表说明: {note}}}")
    assert _lines(tables[CAPITAL])[-1] == note
    assert _lines(tables[FUND])[-1] == "注:本单位2026年无政府性基金预算财政拨款安排的预算，故本表为空表。"


def test_an_empty_table_s_note_may_name_the_year_and_level(tmp_path):
    """2023–2026 区级 (shared/shanghai-variants.md): `注:本部门{年}年无政府性基金预算财政拨款安排的预算，故本表为空表。`
    written by the spec with the layout's placeholders; 万里23D writes `注：` (full-width)."""
    note = "注：本{层级}{year}年无政府性基金预算财政拨款安排的预算，故本表为空表。"
    tables = _tables(tmp_path, UNIT_2025, f'{FUND}: {{空表说明: "{note}"}}')
    assert _lines(tables[FUND])[-1] == "注：本单位2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"


def test_a_2025_table_with_the_2026_row_无(tmp_path):
    """司法26D/U (seeds/2026-shanghai-putuo-sifaju.txt): the empty fund table prints `无` under its header, then
    `合计`, then the note; asked of a 2025 layout, which has no such row, it comes where the 2026 layout puts it."""
    ours = _lines(_tables(tmp_path, UNIT_2025, f"{FUND}: {{空表行: true}}")[FUND])
    assert ours[-3:] == ["无", "合计", "注:本单位2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"]
    assert "无" not in _lines(_tables(tmp_path, UNIT_2025)[FUND])


def test_a_2026_table_without_its_row_无(tmp_path):
    """万里24D (seeds/2024-shanghai-putuo-wanli-jiedao.txt): the empty fund table has only its header, `合计` and
    `注:本部门2024年无政府性基金预算财政拨款安排的预算，故本表为空表。`; the 2026 layout's `无` row is dropped."""
    plain = _lines(_tables(tmp_path, UNIT_2026)[FUND])
    assert plain[-3:-1] == ["无", "合计"]
    ours = _lines(_tables(tmp_path, UNIT_2026, f"{FUND}: {{空表行: false}}")[FUND])
    assert "无" not in ours and ours[-2:] == ["合计", plain[-1]]


def test_the_row_under_an_empty_table_s_header_in_other_words(tmp_path):
    ours = _lines(_tables(tmp_path, UNIT_2026, f"{CAPITAL}: {{空表行: 本年无此项预算}}")[CAPITAL])
    assert ours[-3] == "本年无此项预算"


def test_a_table_with_figures_keeps_its_rows_and_no_note(tmp_path):
    """空表说明 and 空表行 are for an empty table only: 一般公共预算 has figures."""
    table = "一般公共预算支出功能分类预算表"
    plain = _lines(_tables(tmp_path, UNIT_2026)[table])
    style = f"{table}: {{空表说明: 注：本表为空表。, 空表行: true}}"
    assert _lines(_tables(tmp_path, UNIT_2026, style)[table]) == plain


@pytest.mark.parametrize("style, words", [
    ("收入预算总表: {各行: 3}", "“各行”应写成"),
    ("收入预算总表: {各行: {合计: 5}}", "此处应为键值表"),
    ("收入预算总表: {各行: {合计: {合计: 分项取整相加}}}", "没有版式“合计”"),
    ("收入预算总表: {各行: {合计: {零值: 零}}}", "版式“零值”应为"),
    ("收入预算总表: {各行: {合计: {各列: {没有这一列: {零值: 空白}}}}}", "表中没有列“没有这一列”"),
    ("收入预算总表: {空表说明: '注：本{地区}无此预算。'}", "占位符“{地区}”无法填写"),
    ("收入预算总表: {空表行: '无{'}", "花括号不成对"),
    ("收入预算总表: {空表行: [无]}", "应为 true、false 或要印出的文字"),
])
def test_a_row_or_empty_table_house_style_is_checked_with_its_place(tmp_path, style, words):
    with pytest.raises(SpecError) as caught:
        _tables(tmp_path, UNIT_2026, style)
    found = [p for p in caught.value.problems if p.code == "E237" and words in p.message]
    assert found and found[0].place.line == 20, caught.value.problems  # 版式's value, as every E237 of 版式
    assert found[0].place.path.startswith("版式.各表.收入预算总表")


def test_a_row_the_table_does_not_print_is_warned(tmp_path):
    path = tmp_path / "u.yaml"
    path.write_text(UNIT_2026.replace("\n  各表:\n", "\n  各表:\n    收入预算总表: {各行: {合记: {零值: 空白}, 合计: {零值: 空白}}}\n"),
                    "utf-8")
    warnings = [p for p in check(path) if p.code == "W249"]
    assert len(warnings) == 1 and "合记" in warnings[0].message and warnings[0].severity == "warning"
    assert warnings[0].place.path == "版式.各表.收入预算总表.各行.合记" and warnings[0].place.line == 20  # 版式's value, as E237
