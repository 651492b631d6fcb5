"""What an officer reads in the published document: list numbers, the 目录, headings kept with their text.

One LibreOffice run: the 2025 Shanghai unit spec printed to PDF; the department document as DOCX only.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from generator.build import build
from generator.formats import Format

from . import pdftools

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "specs" / "2025-shanghai-putuo-shangwuwei-unit.yaml"
DEPARTMENT = ROOT / "specs" / "2025-shanghai-putuo-shangwuwei.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def unit_pdf(tmp_path_factory) -> list[str]:
    """The unit document's PDF, page by page, as pdftotext -layout reads it."""
    if not pdftools.available():
        pytest.fail("poppler-utils (pdftotext, pdfinfo, pdffonts) is not installed: apt-get install poppler-utils")
    written, _ = build(UNIT, tmp_path_factory.mktemp("unit"))
    return pdftools.pages(next(p for p in written if p.suffix == ".pdf"))


def _flat(pages: list[str]) -> str:
    """The pages' text with no spaces and no line ends: a wrapped sentence reads whole."""
    return re.sub(r"\s", "", "".join(pages))


def test_numbered_lists_print_their_numbers(unit_pdf):
    """财政拨款支出主要内容 is a Markdown ordered list: its 1.–16. reach the PDF, in order."""
    text = _flat(unit_pdf)
    found = [int(n) for n in re.findall(r"(\d+)\.“[^”]*（类）", text)]
    assert found == list(range(1, 17))
    assert "16.“住房保障支出（类）住房改革支出（款）购房补贴（项）”148.80万元" in text


def test_charts_null_in_publish_yaml_builds_a_docx_without_charts(tmp_path, monkeypatch):
    """`charts: null` in a format's publish.yaml means no chart pages, not E999."""
    plain = Format.publishing
    monkeypatch.setattr(Format, "publishing", lambda self: plain(self) | {"charts": None})
    written, _ = build(UNIT, tmp_path, kinds=frozenset({"docx"}))
    docx = next(p for p in written if p.suffix == ".docx")
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode()
        assert "预算图示" not in body and not any(n.startswith("word/media/") for n in z.namelist())
