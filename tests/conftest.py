"""Shared fixtures: seed specs built once, and one LibreOffice run for every workbook that needs it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from generator.build import load_document, sheets, workbook

from .libreoffice import recalculate, soffice

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
SEEDS = ["2023-shenzhen-sibj", "2022-shenzhen-luohu"]
LIVE_EDIT = {"sheet": "预算明细", "row": 3, "add": 100_000_000}


@pytest.fixture(scope="session")
def documents():
    """The seed specs as loaded documents, by name."""
    return {name: load_document(SPECS / f"{name}.yaml") for name in SEEDS}


@pytest.fixture(scope="session")
def built(documents, tmp_path_factory):
    """Each seed's workbook written to disk, plus one copy with a budget line changed in Excel terms."""
    folder = tmp_path_factory.mktemp("built")
    files = {}
    for name, doc in documents.items():
        files[name] = folder / f"{name}.xlsx"
        files[name].write_bytes(workbook(doc))
    edited = folder / "edited.xlsx"
    book = openpyxl.load_workbook(files[SEEDS[0]])
    cell = book[LIVE_EDIT["sheet"]].cell(LIVE_EDIT["row"], book[LIVE_EDIT["sheet"]].max_column)
    cell.value = cell.value + LIVE_EDIT["add"]
    book.save(edited)
    files["edited"] = edited
    return files


@pytest.fixture(scope="session")
def recalculated(built, tmp_path_factory):
    """Every built workbook after LibreOffice recalculated it, read back as values."""
    if soffice() is None:
        pytest.fail("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc")
    out = recalculate(list(built.values()), tmp_path_factory.mktemp("lo"))
    names = {path: name for name, path in built.items()}
    return {names[src]: openpyxl.load_workbook(dst, data_only=True) for src, dst in out.items()}


@pytest.fixture(scope="session")
def layouts(documents):
    """Our own format-neutral sheets for each seed, by name then sheet name."""
    return {name: {s.name: s for s in sheets(doc)} for name, doc in documents.items()}
