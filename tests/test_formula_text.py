"""No text from a spec or a format becomes a formula in any workbook budgetgen writes (issue 23, item 1).

Each writer is given texts that start like formulas (= + - @, an array formula, a DDE reference, an error value)
and every one must land as the text typed: a text cell (or a chart name drawn from one), never an <f>.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.cli import main
from generator.tables.cells import Cell, Chart, Sheet
from generator.tables.literal import formula_like
from generator.tables.workbook import workbook_bytes

SPECS = Path(__file__).resolve().parent.parent / "specs"
HOSTILE = ['=HYPERLINK("http://evil.example/","点击")&', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)",
           "{=1+1}", "#N/A", "Sheet1!$A$1"]


def _formulas(xlsx: bytes) -> list[str]:
    """Every formula in the workbook: cells' <f> and charts' <c:f>."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        parts = [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")]
    return [f for part in parts for f in re.findall(r"<(?:c:)?f(?: [^>]*)?>([^<]*)</(?:c:)?f>", part)]


def _texts(xlsx: bytes) -> dict[str, str]:
    """Each text cell's value → its type as openpyxl reads it."""
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return {c.value: c.data_type for ws in book.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)}


def _evil(formulas: list[str]) -> list[str]:
    return [f for f in formulas if any(m in f for m in ("HYPERLINK", "cmd|", "1+1", "2+3", "SUM(A1)", "N/A", "Sheet1"))]


@pytest.mark.parametrize("text", HOSTILE + ["（一）=", "合计", "2026年-2027年", "1+1"])
def test_the_rule_knows_formula_like_texts(text):
    assert formula_like(text) == (text in HOSTILE and text != "#N/A")  # an error value is a cell's matter only


def test_the_main_workbook_writes_cells_and_chart_names_as_text():
    sheet = Sheet("图表", widths=[20.0, 10.0])
    title, series = "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil.example/\")"
    sheet.put(0, 0, Cell(title))
    sheet.put(1, 0, Cell("项目"))
    sheet.put(1, 1, Cell(series))
    for r, text in enumerate(HOSTILE, 2):
        sheet.put(r, 0, Cell(text))
        sheet.put(r, 1, Cell(Decimal(r)))
    sheet.charts.append(Chart("column", title, 2, 2 + len(HOSTILE) - 1, 0, ((series, 1),), (0, 4)))
    xlsx = workbook_bytes([sheet], {"base": {}, "charts": {}}, datetime(2026, 1, 1))
    assert not _evil(_formulas(xlsx)), _formulas(xlsx)
    texts = _texts(xlsx)
    assert all(texts.get(t) == "s" for t in HOSTILE + [title, series])
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        chart = z.read("xl/charts/chart1.xml").decode("utf-8")
    assert set(re.findall(r"<c:f>([^<]*)</c:f>", chart)) >= {"图表!$A$1", "图表!$B$2"}  # the names are the cells holding the same text


def _spec_with(tmp_path: Path, name: str) -> Path:
    text = (SPECS / "2026-shanghai-putuo-sifaju-unit.yaml").read_text("utf-8")
    text = text.replace("部门名称: 上海市普陀区司法局", f"部门名称: {json.dumps(name, ensure_ascii=False)}", 1)
    text = text.replace("  地区: 上海市普陀区\n", "  地区: '@上海市普陀区'\n", 1)
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, "utf-8")
    return spec


def test_the_official_workbook_gets_spec_text_as_text(tmp_path):
    name = '=HYPERLINK("http://evil.example/","点击")&'
    target = tmp_path / "填报.xlsx"
    assert main(["export-template", str(_spec_with(tmp_path, name)), "-o", str(target)]) == 0
    xlsx = target.read_bytes()
    assert not _evil(_formulas(xlsx)), _evil(_formulas(xlsx))
    texts = _texts(xlsx)
    found = [t for t in texts if t.startswith(name)]
    assert found and all(texts[t] == "s" for t in found)


def test_the_fill_in_workbook_gets_spec_text_as_text(tmp_path):
    name = "=cmd|' /C calc'!A0"
    target = tmp_path / "填报.xlsx"
    assert main(["excel-template", "--from", str(_spec_with(tmp_path, name)), "-o", str(target)]) == 0
    xlsx = target.read_bytes()
    assert not _evil(_formulas(xlsx))
    texts = _texts(xlsx)
    assert texts.get(name) == "s" and texts.get("@上海市普陀区") == "s"
