"""The format-neutral cells: no Excel or LibreOffice needed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl

from generator.build import sheets, workbook
from generator.document import Document


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


def _planned(doc: Document, columns: list[dict], body: list[dict]):
    from generator.tables.blocks import render
    from generator.tables.context import Context
    from generator.tables.rows import Scope
    return render(Context(doc.budget, columns, doc.format.settings), body, Scope((), tuple(range(len(columns)))))


def test_a_tree_row_sums_its_children_and_a_leaf_filters_by_scope_row_then_column(documents):
    from generator.tables.amounts import SumCols, SumRows, Where
    doc = documents["2023-shenzhen-sibj"]
    columns = [{}, {"key": "合计", "sum": ["基本", "项目"]}, {"key": "基本", "where": {"性质": "基本支出"}},
               {"key": "项目", "where": {"性质": "项目支出"}}]
    sources = sorted({ln.source for ln in doc.budget.lines})
    rows = _planned(doc, columns, [{"function_tree": {"labels": {0: "{code} {name}"}, "where": {"资金来源": sources}}}])
    by_key = {r.keys[0]: r for r in rows}
    leaf = next(r for r in rows if r.indent == 2)
    code = leaf.keys[0].split(":")[1]
    assert leaf.cells[0] == f"{code} {doc.budget.catalog.functions[code]}" and leaf.cells[1] == SumCols((2, 3))
    assert leaf.cells[2] == Where("明细", "", (("资金来源", tuple(sources)), ("功能科目", code), ("性质", "基本支出")))
    parent = by_key[f"功能科目:{code[:5]}"]
    assert parent.cells[3] == SumRows(tuple(r.keys[0] for r in rows if r.indent == 2 and r.keys[0].startswith(
        f"功能科目:{code[:5]}")))


def test_a_total_of_an_unknown_column_is_named(documents):
    import pytest

    from generator.tables.rows import LayoutError
    columns = [{}, {"key": "合计", "sum": ["基本", "没有"]}, {"key": "基本", "where": {"性质": "基本支出"}}]
    with pytest.raises(LayoutError, match="不存在的列“没有”"):
        _planned(documents["2023-shenzhen-sibj"], columns, [{"rows": {"rows": [{"labels": {0: "合计"}}]}}])


def test_an_empty_trees_blank_rows_are_bounded(documents):
    """A format from elsewhere cannot make an empty table print millions of ruled rows (blank_rows)."""
    import pytest

    from generator.tables.rows import LayoutError
    columns = [{}, {"key": "基本", "where": {"性质": "基本支出"}}]
    tree = {"where": {"功能科目": "9999999"}, "labels": {0: "{name}"}, "total": {"labels": {0: "合计"}}}
    rows = _planned(documents["2023-shenzhen-sibj"], columns, [{"function_tree": tree | {"total": tree["total"] | {"blank_rows": 3}}}])
    assert [r.cells.get(0) for r in rows] == ["", "", "", "合计"]
    with pytest.raises(LayoutError, match="blank_rows 应为 0 至 50 的行数"):
        _planned(documents["2023-shenzhen-sibj"], columns, [{"function_tree": tree | {"total": {"blank_rows": 10**9}}}])
