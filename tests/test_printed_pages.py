"""The published PDF and DOCX page by page against the reference PDF they reproduce (../shared/seeds/pdf), read back
with poppler (tests/pdftools.py): the cover's lines, the 目录 line for line, where each part and table starts and in
which order, each table's page orientation, what is printed above each table's title, and no page numbers where the
reference prints none. Every expectation is read from the reference PDF, never from our output, so the tests hold
for any seed whose publisher prints a document this way; the 决算 seeds are the ones today (one build each).
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from generator.build import build, sheets
from generator.document import load_document

from . import pdftools
from .golden import normal

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ["2024-shanghai-putuo-caizhengju-juesuan", "2024-shanghai-putuo-shehui-gongzuobu-juesuan"]
PDFS = [ROOT / "tests" / "seeds" / "pdf", ROOT.parent / "shared" / "seeds" / "pdf"]
ENTRY = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")  # a 目录 line's start (else it wraps on)
PAGE_NUMBER = re.compile(r"^\s*[—–-]?\s*\d{1,3}\s*[—–-]?\s*$")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _reference(seed: str) -> Path:
    found = next((folder / f"{seed}.pdf" for folder in PDFS if (folder / f"{seed}.pdf").is_file()), None)
    if found is None:
        pytest.skip(f"the reference PDF {seed}.pdf is in neither tests/seeds/pdf nor ../shared/seeds/pdf")
    return found


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Each seed built once with its DOCX and PDF."""
    if not pdftools.available():
        pytest.fail("poppler-utils (pdftotext, pdfinfo, pdffonts) is not installed: apt-get install poppler-utils")
    out = tmp_path_factory.mktemp("printed")
    return {seed: {p.suffix: p for p in build(ROOT / "specs" / f"{seed}.yaml", out / seed)[0]} for seed in SEEDS}


class Pages:
    """A PDF's pages as compared: each page's lines (spaces gone, width folded) and whether it is landscape."""

    def __init__(self, pdf: Path) -> None:
        self.lines = [[normal(line) for line in page.splitlines() if line.strip()] for page in pdftools.pages(pdf)]
        self.wide = [width > height for width, height in pdftools.sizes(pdf)]

    def starting(self, text: str, after: int = 0) -> int | None:
        """The first page (from `after`) whose first lines begin with the text (a heading may wrap onto a second line)."""
        return next((i for i in range(after, len(self.lines)) if "".join(self.lines[i][:3]).startswith(text)), None)

    def table_page(self, title: str) -> int | None:
        """The page a table starts on: its title among the page's first lines (under a part heading, if any)."""
        return next((i for i, lines in enumerate(self.lines) if title in lines[:4]), None)

    def contents(self) -> list[str]:
        """The 目录's entries, a wrapped entry joined, from its title to the page its first entry starts on."""
        start = self.starting("目录")
        end = self.starting(self.lines[start][1], start + 1)
        entries: list[str] = []
        for line in [line for page in self.lines[start:end] for line in page][1:]:
            if ENTRY.match(line) or not entries:
                entries.append(line)
            else:
                entries[-1] += line
        return entries

    def landmarks(self, titles: list[str]) -> list[tuple[int, str]]:
        """Where each part of the text (as the 目录 lists them) and each table starts, in page order."""
        after = self.starting("目录") + 1
        tables = [(self.table_page(t), t) for t in titles]
        pages = {page for page, _ in tables}  # a part heading printed above a table is not a page of its own
        parts = [(self.starting(e, after), e) for e in self.contents() if e.startswith("第")]
        return sorted((page, name) for page, name in parts + tables if page is not None
                      and (name in titles or page not in pages))


def _titles(seed: str) -> list[str]:
    """Each printed table's title, as compared: the format's nine tables of this document."""
    doc = load_document(ROOT / "specs" / f"{seed}.yaml")
    found = []
    for sheet in sheets(doc)[: len(doc.format.tables(doc.budget.kind))]:
        title = next(c.value for (_, _), c in sorted(sheet.cells.items()) if c.style == "title")
        found.append(normal(title))
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_cover_and_contents_read_as_the_reference_prints_them(printed, seed):
    """The cover's lines (the reference may wrap a long name) and the 目录 entry by entry, with no page numbers."""
    ours, reference = Pages(printed[seed][".pdf"]), Pages(_reference(seed))
    assert "".join(ours.lines[0]) == "".join(reference.lines[0]) and len(ours.lines[0]) == 2
    assert ours.contents() == reference.contents()
    assert len(ours.contents()) > 20 and not any(re.search(r"\.{4,}|\d+$", e) for e in ours.contents())


@pytest.mark.parametrize("seed", SEEDS)
def test_parts_and_tables_start_pages_in_the_reference_order_and_orientation(printed, seed):
    """Each part and each table on a new page, in the reference's order; each table's pages in the reference's
    orientation (its continued pages too), every page of text portrait, all A4; nothing printed above a table's
    title but what the reference prints there (the part heading, above the first table only)."""
    titles = _titles(seed)
    ours, reference = Pages(printed[seed][".pdf"]), Pages(_reference(seed))
    marks = ours.landmarks(titles)
    assert [name for _, name in marks] == [name for _, name in reference.landmarks(titles)]
    assert len({page for page, _ in marks}) == len(marks) and len(marks) >= len(titles) + 3
    for (page, name), (end, _) in zip(marks, [*marks[1:], (len(ours.lines), "")], strict=True):
        wide = reference.wide[reference.table_page(name)] if name in titles else False
        assert ours.wide[page:end] == [wide] * (end - page), f"{name}：第 {page + 1}–{end} 页的方向"
        if name in titles:
            above = "".join(ours.lines[page][: ours.lines[page].index(name)])
            at = reference.table_page(name)
            assert above == "".join(reference.lines[at][: reference.lines[at].index(name)]), name
    assert not any(ours.wide[: marks[0][0]]) and all(lines for lines in ours.lines)  # cover, 目录: portrait; no blank page
    sizes = pdftools.sizes(printed[seed][".pdf"])
    assert all(sorted(size) == pytest.approx([595.3, 841.9], abs=0.5) for size in sizes)


@pytest.mark.parametrize("seed", SEEDS)
def test_no_page_numbers_where_the_reference_prints_none(printed, seed):
    """No page ends on a page number (— 3 —, 3), in the reference as in our PDF, where no line at all is one
    (the reference's table cells print lone codes such as 302 on lines of their own); the DOCX has no footer."""
    ours, reference = (pdftools.text(pdf).split("\f")[:-1] for pdf in (printed[seed][".pdf"], _reference(seed)))
    assert not [line for page in ours for line in page.splitlines() if PAGE_NUMBER.match(line)]
    ends = [[line for line in page.splitlines() if line.strip()][-1:] for page in reference]
    assert not [end for end in ends if end and PAGE_NUMBER.match(end[0])] and len(ours) > 10
    with zipfile.ZipFile(printed[seed][".docx"]) as docx:
        assert not [n for n in docx.namelist() if "footer" in n]
        assert " PAGE " not in docx.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("seed", SEEDS)
def test_poppler_reads_the_pdf_without_a_complaint_and_it_is_tagged(printed, seed):
    """As test_toc_lines asks of the 预算: pdfinfo and pdftotext say nothing on stderr; tagged for screen readers; the
    document's title is the cover's."""
    pdf = printed[seed][".pdf"]
    for command in (["pdfinfo", str(pdf)], ["pdftotext", str(pdf), "-"]):
        result = subprocess.run(command, capture_output=True, timeout=120)
        assert result.returncode == 0 and result.stderr.decode() == "", (command[0], result.stderr.decode())
    info = pdftools.info(pdf)
    assert info["Tagged"].strip() == "yes" and normal(info["Title"]) == "".join(Pages(pdf).lines[0])  # the cover's words


def _docx_sections(docx: Path) -> list[tuple[bool, list[str]]]:
    """The DOCX's sections in order: whether each is landscape, and its paragraphs' text (spaces gone)."""
    with zipfile.ZipFile(docx) as archive:
        body = ET.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    sections: list[tuple[bool, list[str]]] = []
    texts: list[str] = []
    for child in body:
        texts += [normal("".join(t.text or "" for t in p.iter(f"{W}t"))) for p in child.iter(f"{W}p")]
        ended = child if child.tag == f"{W}sectPr" else child.find(f"{W}pPr/{W}sectPr")
        if ended is not None:
            size = ended.find(f"{W}pgSz")
            sections.append((int(size.get(f"{W}w")) > int(size.get(f"{W}h")), [t for t in texts if t]))
            texts = []
    return sections


@pytest.mark.parametrize("seed", SEEDS)
def test_docx_sections_carry_each_tables_orientation_and_the_contents_as_printed(printed, seed):
    """Each table in a section of the reference's orientation for it, the text in portrait sections, and the
    目录's lines as the reference's entries (Word wraps nothing here, so a line is an entry)."""
    reference, titles = Pages(_reference(seed)), _titles(seed)
    sections = _docx_sections(printed[seed][".docx"])
    for title in titles:
        wide = next(w for w, texts in sections if title in texts)
        assert wide == reference.wide[reference.table_page(title)], title
    entries = reference.contents()
    text = [t for w, texts in sections for t in texts if not w]
    start = text.index("目录")
    assert text[start + 1: start + 1 + len(entries)] == entries and text[start + 1 + len(entries)] == entries[0]
    text_sections = [w for w, texts in sections if not set(titles) & set(texts)]
    assert len(text_sections) >= 2 and not any(text_sections)  # the cover, 第三部分 on (目录 is on a portrait page above)
