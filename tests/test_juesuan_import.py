"""budgetgen import of the two published 2024 部门决算 PDFs, then a build with no hand edit: every figure of the nine
tables as the golden transcription prints it (tests/golden/*-juesuan.yaml, read off the PDFs, not our output), except
the named contradictions, which the import reports (I602) and records in 已知差异 as the golden file asks; the text
against the seed's (tests/textcompare.py); the published errors of fact sheet §8 reported on import by code and place."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml

from generator.build import narrative, sheets
from generator.document import load_document
from generator.importing.document import import_document

from .golden_juesuan import FIGURE, fold, load
from .textcompare import seed_text, similarity

PDFS = Path(__file__).resolve().parent / "seeds" / "pdf"  # the published PDFs, copied from ../shared/seeds/pdf
CZ, SH = "2024-shanghai-putuo-caizhengju-juesuan", "2024-shanghai-putuo-shehui-gongzuobu-juesuan"


@cache
def imported(name: str) -> tuple[str, tuple]:
    done = import_document(PDFS / f"{name}.pdf")
    return done.text, done.notes


@cache
def built(name: str, folder: Path):
    spec = folder / f"{name}.yaml"
    spec.write_text(imported(name)[0], "utf-8")
    doc = load_document(spec)
    return doc, {sheet.name: sheet for sheet in sheets(doc)}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("imported")


def _printed(value: object, zero: str) -> str:
    """A cell as the tables print it: 万元 to the fen with thousands separators; zero blank (or 0.00)."""
    if not isinstance(value, Decimal):
        return ""
    if value.quantize(Decimal("0.01"), ROUND_HALF_UP) == 0:
        return zero
    return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"


def _figures(sheet, zero: str) -> list[str]:
    """The figures of a built table, row by row, left to right (blank cells left out)."""
    first = sheet.repeat_rows[1] + 1
    cells = sorted((r, c) for (r, c), cell in sheet.cells.items() if r >= first and isinstance(cell.value, Decimal))
    return [shown for rc in cells if (shown := _printed(sheet.cells[rc].value, zero))]


def _zero(doc, sheet: str) -> str:
    table = dict(doc.budget.house.get("各表", {})).get(sheet, {})
    return "0.00" if table.get("零值") == "0.00" else ""


@pytest.mark.parametrize("name", [CZ, SH])
def test_import_then_build_prints_every_figure_of_the_nine_tables(name, folder):
    golden = load(name)
    doc, tables = built(name, folder)
    wrong, count = [], 0
    contradicted = {(fold(c["表"]), c["印出"]): c["一致"] for c in golden.contradictions if c["行"] != "注"}
    names = [layout["sheet"] for layout in doc.format.tables(doc.budget.kind)]
    for sheet_name, expected in zip(names, golden.tables, strict=True):  # both in 目录 order
        sheet = tables[sheet_name]
        want = [c for row in expected.rows for c in row if FIGURE.match(c)]
        want = [contradicted.get((fold(expected.title), c), c) for c in want]
        got = _figures(sheet, _zero(doc, sheet_name))
        count += len(want)
        if got != want:
            wrong.append((sheet_name, [(a, b) for a, b in zip(want, got, strict=False) if a != b][:3], len(want), len(got)))
    assert not wrong, wrong
    assert count == {CZ: 195, SH: 205}[name]


@pytest.mark.parametrize("name", [CZ, SH])
def test_contradictions_are_reported_and_recorded_as_the_golden_file_names_them(name, folder):
    text, notes = imported(name)
    spec = yaml.safe_load(text)
    known = {entry["位置"] for entry in spec.get("已知差异", []) if entry["规则"] == "公开文本"}
    for item in load(name).contradictions:
        row = item["行"] if item["行"] == "注" else next(r for r in [item["行"]])
        assert f"{item['表']}!{row}" in known, (item, known)
    if name == CZ:
        reported = [n for n in notes if n.code == "I602"]
        assert {n.place.path for n in reported} == {"收入支出决算总表 第8行", "财政拨款收入支出决算总表 第8行"}
        assert all("326.71" in n.message and "326.72" in n.message for n in reported)


@pytest.mark.parametrize("name", [CZ, SH])
def test_import_then_build_gives_the_text(name, folder):
    doc, _ = built(name, folder)
    assert similarity(narrative(doc), seed_text(name)) >= 0.98


# Fact sheet §8, the errors that are table contradictions (or tables against the text), and its wording and typography
# errors (rules 59, 61; item wording, a copied 用途, “；” ending a paragraph), reported on import.
TABLE_ERRORS = {
    CZ: [("C411", "收入支出决算总表 第8行“社会保障和就业支出”“决算数”列"),
         ("C411", "财政拨款收入支出决算总表 第8行“社会保障和就业支出”“一般公共预算财政拨款”列"),
         ("C410", "一般公共预算财政拨款基本支出决算表"),
         ("C405", "收入决算表 第1行“合计”“本年收入合计”列"),
         ("C405", "一般公共预算财政拨款基本支出决算表 第1行“商品和服务支出”“决算数”列"),
         ("C420", "文字部分·四"), ("C421", "文字部分·五（二）"), ("C426", "文字部分·六"),
         ("C436", "文字部分·二"), ("C436", "文字部分·四"), ("C439", "文字部分·二"), ("C439", "文字部分·三"),
         ("C439", "文字部分·五（二）"), ("C438", "文字部分·五（三）")],
    SH: [("C411", "一般公共预算财政拨款支出决算表 第18行“合计”“基本支出”列"),
         ("C405", "一般公共预算财政拨款基本支出决算表 第1行“商品和服务支出”“决算数”列"),
         ("C433", "政府性基金预算财政拨款收入支出决算表"), ("C423", "文字部分·五（三）"), ("C430", "文字部分·十·十一·政府采购"),
         ("C435", "文字部分·第一部分"), ("C437", "文字部分·五（三）"), ("C438", "文字部分·五（三）")],
}


@pytest.mark.parametrize("name", [CZ, SH])
def test_published_errors_are_reported_on_import_by_code_and_place(name):
    _, notes = imported(name)
    found = {(n.code, n.place.path) for n in notes}
    missing = [e for e in TABLE_ERRORS[name] if e not in found]
    assert not missing, (missing, sorted(found))


def test_each_items_budget_is_carried_on_the_lines_and_adds_up_as_printed():
    """五（三）'s 年初预算 by 项 (财政局) and 全年预算 (社会工作部, founded in 2024) land on the lines; their sums print as
    the text's totals (2993.92 though the items, as printed, add up to 2993.93)."""
    for name, column, total in ((CZ, 5, "2993.92"), (SH, 6, "321.02")):
        lines = yaml.safe_load(imported(name)[0])["决算明细"]
        amount = sum(Decimal(str(row[column])) for row in lines if len(row) > column)
        assert (amount / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP) == Decimal(total), name
    assert re.search(r"\[基本支出, 2010601, \d+, 一般公共预算财政拨款, [\d.]+, 156004\d\d\]", imported(CZ)[0])


@pytest.mark.parametrize("name", [CZ, SH])
def test_the_seed_specs_line_part_is_the_import_unedited(name):
    """specs/<name>.yaml keeps the imported lines, incomes, balances, 三公 预算数 and last year's figures as written."""
    seed = yaml.safe_load((Path(__file__).resolve().parent.parent / "specs" / f"{name}.yaml").read_text("utf-8"))
    fresh = yaml.safe_load(imported(name)[0])
    for key in ("补充科目", "决算明细", "收入明细", "结转结余", "三公经费预算数", "上年", "上年三公经费"):
        assert seed.get(key) == fresh.get(key), key
    contradictions = [e for e in fresh.get("已知差异", []) if e["规则"] == "公开文本"]
    assert contradictions and all(e in seed["已知差异"] for e in contradictions)
