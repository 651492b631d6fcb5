"""A Shenzhen document read back: its 绩效目标表 header names the unit ({unit}), which a printed document has not
yet told, and its 三公 table prints small amounts beside zeros (211, 0, 0) that must not read as a code."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
from generator.comparing.compare import compare
from generator.importing.candidates import printed_codes
from generator.importing.document import import_document
from generator.importing.recognise import recognise
from generator.importing.source import read_pages
from generator.problems import SpecError

ROOT = Path(__file__).resolve().parent.parent
NAME = "2023-shenzhen-sibj"


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("shenzhen")
    build(ROOT / "specs" / f"{NAME}.yaml", folder, kinds=frozenset({"xlsx", "md", "pdf"}))
    return folder / f"{NAME}.xlsx"


def test_a_header_naming_the_unit_does_not_stop_reading_the_tables(book):
    found = recognise(read_pages(book), book)
    assert found.format.name == "shenzhen-2023" and len(found.tables) == 12
    assert compare(book, book).same


def test_amounts_beside_zeros_are_not_a_code_and_import_names_what_it_cannot_read(book):
    pdf = book.with_suffix(".pdf")
    assert "2110000" not in printed_codes(recognise(read_pages(pdf), pdf))  # 预算准备金's 211 万元, then 0, 0
    with pytest.raises(SpecError) as caught:
        import_document(pdf)
    assert {p.code for p in caught.value.problems} == {"E612"}  # tables named, never an internal error
