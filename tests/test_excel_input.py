"""The fill-in workbook: lossless round trips, the paths users really take, and bad workbooks named by cell."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from generator.cli import main
from generator.reading.load import load_file
from generator.reading.spec import plain, read_spec
from generator.starting import input_workbook

from .libreoffice import recalculate, soffice
from .modeleq import as_data

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ["2023-shenzhen-sibj", "2022-shenzhen-luohu", "2025-shanghai-putuo-shangwuwei-unit", "2026-shanghai-putuo-sifaju-unit"]


def _model(path: Path):
    return as_data(read_spec(path))


def _build(source: Path, out: Path) -> dict[str, bytes]:
    assert main(["build", "--no-docx", "--no-pdf", str(source), "-o", str(out)]) == 0
    return {p.suffix: p.read_bytes() for p in out.iterdir()}


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> dict[str, Path]:
    """Each seed exported to an input workbook, named like its spec so outputs compare by name."""
    folder = tmp_path_factory.mktemp("filled")
    paths = {}
    for seed in SEEDS:
        paths[seed] = folder / f"{seed}.xlsx"
        paths[seed].write_bytes(input_workbook(ROOT / "specs" / f"{seed}.yaml"))
    return paths


@pytest.mark.parametrize("seed", SEEDS)
def test_round_trip_spec_workbook_spec_gives_the_same_model(seed, filled, tmp_path):
    back = tmp_path / "back.yaml"
    assert main(["import", str(filled[seed]), "-o", str(back)]) == 0
    assert _model(back) == _model(ROOT / "specs" / f"{seed}.yaml")
    assert back.read_text("utf-8").startswith("# 由 budgetgen import 从")


@pytest.mark.parametrize("seed", SEEDS)
def test_building_from_the_workbook_gives_the_same_bytes(seed, filled, tmp_path):
    from_spec = _build(ROOT / "specs" / f"{seed}.yaml", tmp_path / "a")
    from_book = _build(filled[seed], tmp_path / "b")
    assert from_book == from_spec and set(from_book) == {".xlsx", ".md"}


def test_building_into_the_workbooks_own_folder_is_refused(filled, tmp_path, capsys):
    book = tmp_path / "unit.xlsx"
    shutil.copy(filled["2022-shenzhen-luohu"], book)
    before = book.read_bytes()
    assert main(["build", "--no-docx", "--no-pdf", str(book), "-o", str(tmp_path)]) == 2
    assert "E309" in capsys.readouterr().err and book.read_bytes() == before


def test_template_protects_headers_unlocks_inputs_and_validates(tmp_path):
    path = tmp_path / "empty.xlsx"
    assert main(["excel-template", "--year", "2023", "-o", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:4] == ["说明", "单位信息", "项目", "二级项目"] and book["目录"].sheet_state == "hidden"
    ws = book["预算明细"]
    assert [c.value for c in ws[1]] == ["性质或项目", "功能科目", "经济科目", "资金来源", "金额（元）", "单位类型"]
    assert ws.protection.sheet and ws["A1"].protection.locked and not ws["B2"].protection.locked
    rules = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert rules["B2:B1001"].type == "list" and rules["B2:B1001"].formula1.startswith("目录!$A$2")
    assert rules["E2:E1001"].type == "decimal" and "金额" in rules["E2:E1001"].error
    assert "2080109 社会保险经办机构" in [c.value for c in book["目录"]["A"]]


def _typed(cell, value) -> None:
    """What typing `value` into a text-formatted (@) input cell stores: numbers as numbers, the rest as text."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _type_in(path: Path, spec: dict) -> None:
    """Fill an empty input workbook cell by cell, as a person types: codes and amounts as numbers."""
    book = openpyxl.load_workbook(path)
    number = lambda text: float(text) if "." in str(text) else int(text)  # noqa: E731
    info = book["单位信息"]
    for row in range(2, 9):
        key = info.cell(row, 1).value.replace("（元）", "")
        value = spec["绩效目标"]["年度总体目标"] if key == "年度总体目标" else spec.get(key)
        if value is not None:
            info.cell(row, 2).value = number(value) if key in ("年度", "结转下年") else value
    head = {c.value: c.column for c in book["项目"][1]}
    for r, project in enumerate(spec["项目"], 2):
        for key, value in project.items():
            if key == "二级项目":
                continue
            if key not in head:
                head[key] = len(head) + 1
                book["项目"].cell(1, head[key]).value = key
            cell = head.get(f"{key}（元）", head[key] if key in head else None)
            book["项目"].cell(r, cell).value = number(value) if key == "上年预算" else value
    subs = [(p["名称"], s) for p in spec["项目"] for s in p.get("二级项目", [])]
    for r, (owner, sub) in enumerate(subs, 2):
        for c, value in enumerate([owner, sub["名称"], sub.get("用途")], 1):
            book["二级项目"].cell(r, c).value = value
    for r, line in enumerate(spec["预算明细"], 2):
        for c, value in enumerate(line, 1):
            book["预算明细"].cell(r, c).value = number(value) if c in (2, 3, 5) else value
    for sheet, items, keys in (("政府采购", spec.get("政府采购", []), ["功能科目", "品目", "金额", "面向中小企业", "面向小型微型企业"]),
                               ("绩效任务", spec["绩效目标"]["任务"], ["任务名称", "主要内容", "财政拨款", "其他资金"])):
        for r, item in enumerate(items, 2):
            for c, key in enumerate(keys, 1):
                if key in item:
                    value = item[key]
                    book[sheet].cell(r, c).value = value if key in ("品目", "任务名称", "主要内容") else number(value)
    for r, indicator in enumerate(spec["绩效目标"]["指标"], 2):
        for c, value in enumerate(indicator, 1):
            _typed(book["绩效指标"].cell(r, c), value)
    for sheet, section in (("上年数", "上年"), ("三公", "上年三公经费")):
        for r, (key, value) in enumerate(spec[section].items(), 2):
            book[sheet].cell(r, 1).value, book[sheet].cell(r, 2).value = key, number(value)
    for r, (key, value) in enumerate(_flat(spec["概况"]), 2):
        book["文字说明"].cell(r, 1).value, book["文字说明"].cell(r, 2).value = key, value
    book.save(path)


def _flat(value, prefix=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flat(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list):
        for i, item in enumerate(value, 1):
            yield from _flat(item, f"{prefix}[{i}]")
    else:
        yield prefix, value


def test_a_person_fills_the_empty_workbook_cell_by_cell(tmp_path):
    spec = ROOT / "specs" / "2022-shenzhen-luohu.yaml"
    book = tmp_path / "2022-shenzhen-luohu.xlsx"
    assert main(["excel-template", "--year", "2022", "-o", str(book)]) == 0
    _type_in(book, plain(load_file(spec)))
    assert _model(book) == _model(spec)
    assert _build(book, tmp_path / "a") == _build(spec, tmp_path / "b")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is required (apt-get install libreoffice-calc)")
def test_a_workbook_resaved_by_libreoffice_imports_the_same(filled, tmp_path):
    resaved = recalculate(list(filled.values()), tmp_path / "lo")
    for seed, source in filled.items():
        again = tmp_path / "again" / f"{seed}.xlsx"
        again.parent.mkdir(exist_ok=True)
        shutil.copy(resaved[source], again)
        assert _model(again) == _model(ROOT / "specs" / f"{seed}.yaml")
        assert _build(again, tmp_path / seed / "a") == _build(ROOT / "specs" / f"{seed}.yaml", tmp_path / seed / "b")


def test_a_workbook_made_before_the_print_names_sheet_still_reads(tmp_path, capsys):
    """科目名称 was added to the fill-in workbook later: a workbook an officer filled before has no such sheet and
    reads as it did (the sheet is optional), not E301."""
    spec = Path(__file__).resolve().parent.parent / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml"
    path = tmp_path / "填报.xlsx"
    path.write_bytes(input_workbook(spec))
    book = openpyxl.load_workbook(path)
    del book["科目名称"]
    book.save(path)
    assert main(["check", str(path)]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["shanghai-2024-juesuan", "shanghai-2025"])
def test_every_sheet_of_the_template_prints_one_page_wide_with_its_header(fmt, tmp_path):
    """An officer prints the filled workbook to check it: each row on one page (A4), the header row on every page."""
    path = tmp_path / "t.xlsx"
    assert main(["excel-template", "--format", fmt, "-o", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        if ws.sheet_state == "hidden":
            continue
        assert ws.page_setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0, ws.title  # OOXML default 1
        assert ws.title == "说明" or ws.print_title_rows == "$1:$1", ws.title
    main_sheet = "决算明细" if "juesuan" in fmt else "预算明细"
    assert book[main_sheet].page_setup.orientation == "landscape"
