"""Shared fixtures: seed specs built once, and one LibreOffice run for every workbook that needs it."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pytest

from generator.build import sheets, workbook
from generator.document import load_document

from .libreoffice import recalculate, soffice
from .rules import Table

# Compiled templates go to a cache folder of this run, not the user's: tests make many throwaway templates.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="budgetgen-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
SEEDS = ["2023-shenzhen-sibj", "2022-shenzhen-luohu", "2025-shanghai-putuo-shangwuwei",
         "2025-shanghai-putuo-shangwuwei-unit"]
JUESUAN = ["2024-shanghai-putuo-caizhengju-juesuan", "2024-shanghai-putuo-shehui-gongzuobu-juesuan"]
DEPARTMENT = ROOT / "tests" / "specs" / "department" / "department.yaml"
LIVE_EDIT = {"sheet": "预算明细", "row": 3, "add": 100_000_000}


@pytest.fixture(scope="session")
def documents():
    """The seed specs, and a department built from three unit specs, as loaded documents by name."""
    docs = {name: load_document(SPECS / f"{name}.yaml") for name in SEEDS}
    return docs | {"department": load_document(DEPARTMENT)}


@pytest.fixture(scope="session")
def juesuan_documents():
    """The two 决算 seed specs, loaded; their workbooks join the suite's one LibreOffice run (built, recalculated)."""
    return {name: load_document(SPECS / f"{name}.yaml") for name in JUESUAN}


@pytest.fixture(scope="session")
def built(documents, juesuan_documents, tmp_path_factory):
    """Each seed's workbook written to disk, plus one copy with a budget line changed in Excel terms."""
    folder = tmp_path_factory.mktemp("built")
    files = {}
    for name, doc in (documents | juesuan_documents).items():
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
def tables(recalculated, layouts):
    """Each document's recalculated sheets as rule-checkable tables, by name then sheet name."""
    return {name: {sheet: Table(recalculated[name][sheet], layout.repeat_rows[1] + 1)
                   for sheet, layout in layouts[name].items() if not layout.charts} for name in layouts}


@pytest.fixture(scope="session")
def layouts(documents):
    """Our own format-neutral sheets for each seed, by name then sheet name."""
    return {name: {s.name: s for s in sheets(doc)} for name, doc in documents.items()}
