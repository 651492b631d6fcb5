"""budgetgen export-template: the official workbook belongs to its format; a format without one says so (no LibreOffice)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from generator.cli import main

SPECS = Path(__file__).resolve().parent.parent / "specs"


def test_a_format_without_an_official_workbook_is_refused_with_the_specs_place(tmp_path, capsys):
    target = tmp_path / "填报.xlsx"
    assert main(["export-template", str(SPECS / "2023-shenzhen-sibj.yaml"), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "E621" in err and "2023-shenzhen-sibj.yaml" in err and "shenzhen-2023" in err
    assert not target.exists()


def test_the_2026_workbook_is_filled_for_a_2026_spec_without_shifting_years(tmp_path):
    target = tmp_path / "填报.xlsx"
    assert main(["export-template", str(SPECS / "2026-shanghai-putuo-sifaju-unit.yaml"), "-o", str(target)]) == 0
    book = openpyxl.load_workbook(target)
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert "单位收支总表" in book.sheetnames and any("2026年" in text for text in cells)
    assert not any("2027年" in text for text in cells)  # the 2026 workbook's years kept as printed
