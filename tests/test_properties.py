"""Property-based tests: random valid specs always build and obey every rule; damaged seeds never crash."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import narrative, published, review, sheets, workbook
from generator.cli import main
from generator.document import load_document
from generator.problems import errors
from generator.publishing.publish import docx, pdf

from .libreoffice import recalculate, soffice
from .rules import Table, check_workbook
from .specgen import as_yaml, damaged, unit_specs

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [ROOT / "specs" / "2023-shenzhen-sibj.yaml", ROOT / "specs" / "2022-shenzhen-luohu.yaml"]
QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large]


def _document(spec: dict, folder: Path, name: str = "random"):
    path = folder / f"{name}.yaml"
    path.write_text(as_yaml(spec), "utf-8")
    return load_document(path)


def _names(spec: dict) -> tuple[str, list[str]]:
    return spec["主管部门"], [spec["单位名称"]]


@settings(max_examples=60, deadline=None, suppress_health_check=QUIET)
@given(unit_specs())
def test_random_valid_spec_builds_and_every_rule_holds_on_our_values(spec):
    with tempfile.TemporaryDirectory() as folder:
        doc = _document(spec, Path(folder))
        tables = sheets(doc)
        assert errors(review(doc, tables)) == []
        assert workbook(doc)[:2] == b"PK" and narrative(doc).startswith("# 2023年")
        ours = {t.name: Table.of_sheet(t) for t in tables if t.repeat_rows}
        assert check_workbook(ours, *_names(spec)) == []


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is required (apt-get install libreoffice-calc)")
@settings(max_examples=2, deadline=None, suppress_health_check=QUIET)
@given(st.lists(unit_specs(), min_size=5, max_size=5))
def test_random_valid_specs_obey_every_rule_after_libreoffice_recalculates(specs):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        files = []
        for i, spec in enumerate(specs):
            doc = _document(spec, folder, f"random{i}")
            files.append(folder / f"random{i}.xlsx")
            files[-1].write_bytes(workbook(doc))
        layouts = [{s.name: s for s in sheets(_document(spec, folder, f"random{i}"))} for i, spec in enumerate(specs)]
        recalculated = recalculate(files, folder / "lo")
        for spec, source, layout in zip(specs, files, layouts, strict=True):
            book = openpyxl.load_workbook(recalculated[source], data_only=True)
            tables = {name: Table(book[name], s.repeat_rows[1] + 1) for name, s in layout.items() if s.repeat_rows}
            assert check_workbook(tables, *_names(spec)) == [], spec


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
@settings(max_examples=40, deadline=None, suppress_health_check=QUIET + [HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_seed_builds_or_fails_with_a_message(seed, data, capsys):
    text = data.draw(damaged(seed.read_text("utf-8")))
    with tempfile.TemporaryDirectory() as folder:
        spec, out = Path(folder) / seed.name, Path(folder) / "out"
        spec.write_text(text, "utf-8")
        status = main(["build", "--no-docx", "--no-pdf", str(spec), "-o", str(out)])
        err = capsys.readouterr().err
        assert "E999" not in err and "Traceback" not in err, err
        if status == 0:
            assert sorted(p.suffix for p in out.iterdir()) == [".md", ".xlsx"]
        else:
            assert status == 2 and str(spec) in err
            assert not out.exists() or not any(out.iterdir())


@settings(max_examples=8, deadline=None, suppress_health_check=QUIET)
@given(unit_specs())
def test_random_valid_spec_publishes_a_docx_with_every_table_and_chart(spec):
    """Odd names, empty classes, many projects: the DOCX is always written, each table under its title."""
    with tempfile.TemporaryDirectory() as folder:
        doc = _document(spec, Path(folder))
        tables = sheets(doc)
        pub = published(doc, tables, narrative(doc))
        data = docx(pub, datetime(2023, 1, 1))
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert [b.kind for b in pub.blocks].count("sheet") == len(doc.format.tables(doc.budget.kind))
    assert [b.kind for b in pub.blocks].count("picture") == len(next(s for s in tables if s.charts).charts)
    assert body.count("<w:tbl>") >= len(doc.format.tables(doc.budget.kind))


@settings(max_examples=6, deadline=None, suppress_health_check=QUIET)
@given(unit_specs())
def test_random_valid_spec_typesets_a_pdf_with_every_table_title(spec):
    """Odd names (wildcards, formula-like text, brackets) reach Typst as data, never as markup: the PDF is
    always made, and every table's title is in it."""
    import subprocess

    with tempfile.TemporaryDirectory() as folder:
        doc = _document(spec, Path(folder))
        tables = sheets(doc)
        pub = published(doc, tables, narrative(doc))
        target = Path(folder) / "document.pdf"
        target.write_bytes(pdf(pub, datetime(2023, 1, 1)))
        text = subprocess.run(["pdftotext", str(target), "-"], check=True, capture_output=True).stdout.decode()
    flat = "".join(text.split())
    titles = ["".join(str(c.value).split()) for b in pub.blocks if b.kind == "sheet"
              for c in b.sheet.cells.values() if c.style == "title" and isinstance(c.value, str)]
    assert titles and all(title in flat for title in titles), [t for t in titles if t not in flat]
