"""A spec built to PDF by budgetgen and that PDF imported back: what the import-learns tests start from."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
from generator.importing.document import import_document


def imported_back(spec: Path, folder: Path) -> Path:
    """The spec imported from the PDF budgetgen builds of it, written beside it as again.yaml (the test is skipped
    where no PDF can be typeset, W316)."""
    files, findings = build(spec, folder / "out", kinds=frozenset({"pdf"}))
    pdf = folder / "out" / f"{spec.stem}.pdf"
    if pdf not in files:
        pytest.skip(f"no PDF typeset here: {[f.message for f in findings if f.code == 'W316']}")
    again = folder / "again.yaml"
    again.write_text(import_document(pdf).text, "utf-8")
    return again
