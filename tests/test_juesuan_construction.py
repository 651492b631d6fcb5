"""The §7 rules hold by construction on the 决算 tables budgetgen builds: every table is summed from the same 决算明细,
收入明细 and 结转结余, so no two tables can print one amount differently. Shown on the built, format-neutral sheets
(generator/tables, no LibreOffice) read as a PDF is read (each cell as printed: 万元, two decimals, a zero blank) and
given to the same rules that name a published document's contradictions: only rounding tails (warnings) remain."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from generator.build import narrative, sheets
from generator.checks.printed import Printed, find, layout, value
from generator.checks.printed_grid import grid_table
from generator.checks.printed_said import said_from_text
from generator.checks.printed_tables import table_problems
from generator.checks.printed_text import text_problems
from generator.document import Document, load_document
from generator.tables.cells import Cell
from generator.text.figures import figures

ROOT = Path(__file__).resolve().parent.parent
MADE_UP = ROOT / "tests" / "juesuan" / "made-up-juesuan.yaml"
SPECS = [MADE_UP, ROOT / "specs" / "2024-shanghai-putuo-caizhengju-juesuan.yaml",
         ROOT / "specs" / "2024-shanghai-putuo-shehui-gongzuobu-juesuan.yaml"]
NOTE = re.compile(r"^(注|说明)：")
KEYS = {re.sub(r"[“”]", "", title): key for key, title in layout()["标题"].items()}


def _printed(cell: Cell) -> str:
    """A cell as its number format prints it: an exact zero blank where the format's zero section is empty (a tiny
    amount still prints 0.00), text as it is."""
    if isinstance(cell.value, Decimal):
        sections = (cell.num_format or ";;").split(";")
        blank = cell.value == 0 and len(sections) > 2 and not sections[2]
        return "" if blank else f"{cell.value.quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"
    return "" if cell.value is None else str(cell.value)


def as_printed(doc: Document) -> Printed:
    """The built tables as the import reads a PDF: the body rows below each header, the notes under the table."""
    tables = {}
    for sheet in sheets(doc):
        key = KEYS.get(re.sub(r"[“”]", "", sheet.name))
        if key is None:
            continue
        width, first = 1 + max(c for _, c in sheet.cells), sheet.repeat_rows[1] + 1
        grid = [[_printed(sheet.cells[(r, c)]) if (r, c) in sheet.cells else "" for c in range(width)]
                for r in range(first, sheet.rows)]
        notes = [cell for row in grid for cell in row if NOTE.match(cell)]
        tables[key] = grid_table(key, [row for row in grid if not any(NOTE.match(c) for c in row)], "\n".join(notes))
    return Printed(str(doc.budget.file), tables)


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_built_tables_break_no_rule(spec):
    """Rules 1–35 on our own nine tables: no error; a warning is a rounding tail (or 财政局's 版式 leaving out 30306)."""
    found = table_problems(as_printed(load_document(spec)))
    assert len(as_printed(load_document(spec)).tables) == 9
    assert [str(p) for p in found if p.severity == "error"] == []
    other = [str(p) for p in found if p.severity == "warning" and "尾数误差" not in p.message and "30306" not in p.message]
    assert other == []


def test_the_consistent_side_is_printed_where_the_published_tables_disagree():
    """财政局's PDF prints 326.71 in T1/T4 against 326.72 in T2/T3/T5 (C411); the built tables print one figure."""
    doc = as_printed(load_document(SPECS[1]))
    t1 = find(doc.table("T1").side("支出"), "社会保障和就业支出")
    assert value(t1, "决算数") == Decimal("326.72")
    assert not [p for p in table_problems(doc) if p.code == "C411" and p.severity == "error"]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_office_costs_and_three_public_costs_fit_table_6(spec):
    """Rules 33 and 50: 机关运行经费 (行政/参公 units' 302/310 基本支出 of 一般公共预算) is at most T6's 公用经费合计, and
    each “三公” 决算数 (any 财政拨款 line of its code) at least T6's row of that code: both are sums of the same lines."""
    doc = load_document(spec)
    f, printed = figures(doc.budget, doc.format.settings.get("figures", {})), as_printed(doc)
    t6 = printed.table("T6")
    public = value(find(t6.rows, "公用经费合计"), "决算数") * 10000
    assert 0 < f["机关运行经费"] <= public + Decimal(50)
    coded = {r.code: r for r in t6.rows if r.code}
    for part, code in layout()["三公"].items():
        assert value(coded.get(code), "决算数") * 10000 <= f["三公"][part] + Decimal(50), part


def test_a_basic_line_of_an_institution_is_no_office_cost(tmp_path):
    """Rule 50's inequality is strict when a unit is a 事业单位: its 公用经费 are in T6, not in 机关运行经费."""
    path = tmp_path / MADE_UP.name
    path.write_text(MADE_UP.read_text("utf-8").replace("单位名称: 上海市示例区测试局\n", "单位名称: 上海市示例区测试局\n单位类型: 事业单位\n"), "utf-8")
    doc = load_document(path)
    f, printed = figures(doc.budget, doc.format.settings.get("figures", {})), as_printed(doc)
    assert f["机关运行经费"] == 0 < value(find(printed.table("T6").rows, "公用经费合计"), "决算数")


@pytest.mark.parametrize("spec", SPECS[1:], ids=lambda p: p.stem)
def test_built_text_breaks_no_text_rule(spec):
    """Rules 36–57 on the text we write, read back as an imported PDF's text is read: its figures are the tables'
    (the same lines), so no error; what remains is a rounding tail, a 款 listed at 0.00 (the publisher's choice, rule 46:
    a warning) and growth from a zero year (a note)."""
    doc = load_document(spec)
    text = narrative(doc)
    said = said_from_text(text)
    assert said.total is not None and said.structure and said.items and said.people_names  # the text was read
    found = text_problems(replace(as_printed(doc), said=said, raw_text=text))
    assert [str(p) for p in found if p.severity == "error"] == []
    assert {p.code for p in found if p.severity == "warning"} <= {"C420", "C426", "C430"}
    assert all("尾数误差" in p.message or "0.00" in p.message for p in found if p.severity == "warning")
