"""The two 2024 部门决算 seeds (format shanghai-2024-juesuan): the nine tables as the published PDFs print them.

Each built workbook is recalculated by LibreOffice (in the suite's one run, conftest.recalculated) and every cell is
read as a reader sees it (its value under its own number format: 2 decimals, thousands separators, a blank zero or
0.00), against the golden tables transcribed from the PDFs (tests/golden/*-juesuan.yaml): every body cell in its row
and column, the titles, unit lines, header rows and the notes under each table. Where the PDF contradicts itself
(golden 矛盾), the build prints the consistent side and the spec's 已知差异 says so; rounding gaps (golden 舍入) are
printed as published, like every other cell.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.build import narrative, sheets
from generator.importing.source import shown

from .golden_juesuan import FIGURE, Golden, Printed, amount, figures, fold, load

DOCS = {"2024-shanghai-putuo-caizhengju-juesuan": 195, "2024-shanghai-putuo-shehui-gongzuobu-juesuan": 205}
"""Each document and how many figures its nine golden tables print."""

TITLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
          "一般公共预算财政拨款基本支出决算表", "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
          "国有资本经营预算财政拨款收入支出决算表"]
"""The nine tables in 目录 order (fact sheet juesuan.md §1)."""

BUILT = TITLES
"""The tables the format builds, compared cell by cell (a table not built yet is left out, never passed)."""

CASES = [(name, title) for name in DOCS for title in BUILT]
IDS = [f"{name.split('-')[3]}-T{TITLES.index(title) + 1}" for name, title in CASES]


@pytest.fixture(scope="module")
def golden():
    return {name: load(name) for name in DOCS}


@pytest.fixture(scope="module")
def juesuan_sheets(juesuan_documents):
    """Our own sheets of each 决算, by printed title (the sheet's first cell)."""
    return {name: {fold(s.text(0, 0)): s for s in sheets(doc)} for name, doc in juesuan_documents.items()}


# The golden data itself: what the PDFs print, checked without a build.

@pytest.mark.parametrize(("name", "count"), list(DOCS.items()))
def test_golden_holds_the_nine_tables_and_their_figures(name, count, golden):
    tables = golden[name].tables
    assert [t.title for t in tables] == TITLES
    assert figures(golden[name]) == count
    for table in tables:
        width = len(table.head[-1])
        assert all(len(row) == width for row in table.head + table.rows), table.title
        assert table.unit == "单位：万元" and table.orientation in ("纵向", "横向")


@pytest.mark.parametrize("name", DOCS)
def test_golden_contradictions_are_what_the_pdf_prints(name, golden):
    """Each named contradiction: the PDF prints 印出 there, and 一致 in the cells it is checked against."""
    doc: Golden = golden[name]
    assert doc.contradictions
    for item in doc.contradictions:
        table = doc.table(item["表"])
        if item["行"] == "注":
            assert item["印出"] in table.notes and item["一致"] == ""
            continue
        assert table.row(item["行"])[item["列"] - 1] == item["印出"] != item["一致"]
        assert [doc.cell(ref, item["表"], item["列"]) for ref in item["依据"]] == [item["一致"]] * len(item["依据"])


@pytest.mark.parametrize("name", DOCS)
def test_golden_rounding_gaps_are_real_and_small(name, golden):
    """A printed total differs from the sum of its printed parts by 0.01 to 0.02 (fact sheet §0, §8)."""
    doc: Golden = golden[name]
    for item in doc.rounding:
        printed = doc.table(item["表"]).row(item["行"])[item["列"] - 1]
        parts = sum(amount(doc.cell(ref, item["表"], item["列"])) for ref in item["各项"])
        assert printed == item["印出"] and Decimal("0.01") <= abs(amount(printed) - parts) <= Decimal("0.02"), item


# The built workbooks against the golden tables.

def _shown_rows(book, sheet, first: int, last: int) -> list[list[str]]:
    ws = book[sheet.name]
    return [[fold(shown(ws.cell(r + 1, c + 1))) for c in range(len(sheet.widths))] for r in range(first, last)]


def _expected(doc: Golden, table: Printed) -> tuple[list[list[str]], list[str]]:
    """The golden rows and notes with each named contradiction's cell as a consistent build prints it."""
    rows = [[fold(c) for c in row] for row in table.rows]
    notes = [fold(n) for n in table.notes]
    for item in doc.contradictions:
        if fold(item["表"]) != fold(table.title):
            continue
        if item["行"] == "注":
            notes.remove(fold(item["印出"]))
        else:
            rows[table.rows.index(table.row(item["行"]))][item["列"] - 1] = fold(item["一致"])
    return rows, notes


def _figure_columns(table: Printed) -> set[int]:
    return {c for row in table.rows for c, cell in enumerate(row) if FIGURE.match(cell)}


def _segments(row: list[str], figures_at: set[int]) -> list:
    """A row as a reader compares it: each figure column alone, each run of label columns as one segment."""
    out, run = [], []
    for c, cell in enumerate(row):
        if c in figures_at:
            out += [tuple(run), cell] if run else [cell]
            run = []
        else:
            run.append(cell)
    return out + ([tuple(run)] if run else [])


def _same(got: list, want: list) -> bool:
    """Equal, except that a label spanning merged cells (合计) may sit in any cell of its run of label columns."""
    def one(a, b):
        if a == b:
            return True
        return isinstance(a, tuple) and [x for x in a if x] == [y for y in b if y] and sum(map(bool, b)) == 1
    return len(got) == len(want) and all(one(a, b) for a, b in zip(got, want, strict=True))


def _differences(name, title, golden, juesuan_sheets, recalculated) -> list[str]:
    doc, table = golden[name], golden[name].table(title)
    sheet = juesuan_sheets[name][fold(title)]
    rows, _ = _expected(doc, table)
    first = sheet.repeat_rows[1] + 1
    got = _shown_rows(recalculated[name], sheet, first, first + len(rows))
    at = _figure_columns(table)
    wrong = []
    for i, (want, have) in enumerate(zip(rows, got + [[]] * (len(rows) - len(got)), strict=True)):
        if not _same(_segments(have, at), _segments(want, at)):
            wrong.append(f"{title} 第{i + 1}行：公开 {' | '.join(want)}；生成 {' | '.join(have)}")
    return wrong


@pytest.mark.parametrize(("name", "title"), CASES, ids=IDS)
def test_every_printed_cell_in_place(name, title, golden, juesuan_sheets, recalculated):
    wrong = _differences(name, title, golden, juesuan_sheets, recalculated)
    assert not wrong, "\n".join(wrong)


def _by_column(rows: list[list[str]]) -> list[str]:
    """Header rows read down each column: a label split over two grid rows or fused into one reads the same."""
    return ["".join(column) for column in zip(*rows, strict=True)]


@pytest.mark.parametrize(("name", "title"), CASES, ids=IDS)
def test_title_unit_and_header_as_printed(name, title, golden, juesuan_sheets, recalculated):
    """The title, then the unit line (单位：万元), then the header: each column's labels top to bottom as printed."""
    table, sheet = golden[name].table(title), juesuan_sheets[name][fold(title)]
    top = _shown_rows(recalculated[name], sheet, 0, sheet.repeat_rows[1] + 1)
    assert fold(title) in top[0]
    unit = next(i for i, row in enumerate(top) if fold(table.unit) in row)
    assert _by_column(top[unit + 1:]) == _by_column([[fold(c) for c in row] for row in table.head])
    assert sheet.landscape == (table.orientation == "横向")


@pytest.mark.parametrize(("name", "title"), CASES, ids=IDS)
def test_nothing_but_the_notes_below_the_rows(name, title, golden, juesuan_sheets, recalculated):
    doc, sheet = golden[name], juesuan_sheets[name][fold(title)]
    rows, notes = _expected(doc, doc.table(title))
    first = sheet.repeat_rows[1] + 1 + len(rows)
    below = _shown_rows(recalculated[name], sheet, first, sheet.rows)
    assert [cell for row in below for cell in row if cell] == notes


@pytest.mark.parametrize("name", DOCS)
def test_part_heading_above_table_one(name, golden, juesuan_documents):
    """The heading the PDF prints above table 1 (with or without 第二部分) heads the tables' part of our text."""
    headings = [fold(line[3:]) for line in narrative(juesuan_documents[name]).splitlines() if line.startswith("## ")]
    assert fold(golden[name].heading) in headings


@pytest.mark.parametrize("name", DOCS)
def test_each_contradiction_is_a_known_difference_of_the_spec(name, golden, juesuan_sheets, juesuan_documents):
    """The spec's 已知差异 names every cell (工作表!行) or note (工作表!注) where the PDF contradicts itself."""
    known = {fold(a.path) for a in juesuan_documents[name].budget.accepted if a.code == "公开文本"}
    for item in golden[name].contradictions:
        sheet = juesuan_sheets[name][fold(item["表"])].name
        assert fold(f"{sheet}!{item['行']}") in known, item["说明"]


@pytest.mark.parametrize("name", DOCS)
def test_every_formula_recalculates_to_our_value(name, juesuan_sheets, recalculated):
    """LibreOffice, an independent engine, computes every formula of the 决算 workbook to the value we cached."""
    checked, wrong = 0, []
    for sheet in juesuan_sheets[name].values():
        ws = recalculated[name][sheet.name]
        for (r, c), cell in sheet.cells.items():
            if cell.formula is None:
                continue
            got = ws.cell(r + 1, c + 1).value
            if not isinstance(got, (int, float)) or abs(Decimal(str(got)) - cell.value) >= Decimal("1e-6"):
                wrong.append(f"{sheet.name}!{ws.cell(r + 1, c + 1).coordinate} {cell.formula}: 我们 {cell.value}，LibreOffice {got}")
            checked += 1
    assert not wrong, "\n".join(wrong)
    assert checked > 100
