"""The format-neutral cells: no Excel or LibreOffice needed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl

from generator.build import Document, sheets, workbook


def _renamed(doc: Document, old: str, new: str) -> Document:
    projects = tuple(dataclasses.replace(p, name=new) if p.name == old else p for p in doc.budget.projects)
    lines = tuple(dataclasses.replace(ln, project=new) if ln.project == old else ln for ln in doc.budget.lines)
    return Document(dataclasses.replace(doc.budget, projects=projects, lines=lines), doc.format)


def test_text_that_looks_like_a_formula_stays_text(documents, tmp_path: Path):
    doc = _renamed(documents["2023-shenzhen-sibj"], "预算准备金", "=1+1")
    path = tmp_path / "f.xlsx"
    path.write_bytes(workbook(doc))
    ws = openpyxl.load_workbook(path)["项目支出总表"]
    texts = [c for row in ws.iter_rows() for c in row if c.value == "=1+1"]
    assert texts and all(c.data_type == "s" for c in texts)
    project_sheet = {s.name: s for s in sheets(doc)}["项目支出总表"]
    row = next(r for (r, c), cell in project_sheet.cells.items() if cell.value == "=1+1")
    assert round(project_sheet.cells[(row, 1)].value) == 211


def test_a_parent_row_is_the_sum_of_its_children(layouts):
    sheet = layouts["2023-shenzhen-sibj"]["支出总表"]
    row = next(r for (r, c), cell in sheet.cells.items() if cell.value == "208")
    assert sheet.cells[(row, 3)].formula == "SUM(E10:F10)".replace("10", str(row + 1))
    assert sheet.cells[(row, 4)].formula.startswith("SUM(")


def test_print_setup_repeats_the_header(layouts):
    sheet = layouts["2023-shenzhen-sibj"]["收入总表"]
    assert sheet.repeat_rows == (0, 5) and sheet.landscape
