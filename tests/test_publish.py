"""The published document: DOCX and PDF of every seed, read back with poppler's tools.

The PDF is checked against the seed (golden tables, the seed's text), and by a preflight: A4 pages in
the right orientation, no blank page, nothing outside the page, header rows repeated on continued
table pages, every font embedded.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from generator.build import build

from . import pdftools
from .golden import load_golden, normal
from .textcompare import seed_text, similarity

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ["2023-shenzhen-sibj", "2022-shenzhen-luohu", "2025-shanghai-putuo-shangwuwei",
         "2025-shanghai-putuo-shangwuwei-unit"]
A4 = (595.3, 841.9)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Every seed built with DOCX and PDF; a second build of the 2023 seed for byte comparison."""
    if not pdftools.available():
        pytest.fail("poppler-utils (pdftotext, pdfinfo, pdffonts) is not installed: apt-get install poppler-utils")
    out = tmp_path_factory.mktemp("published")
    files = {}
    for seed in SEEDS:
        written, _ = build(ROOT / "specs" / f"{seed}.yaml", out / seed)
        files[seed] = {p.suffix: p for p in written}
    again, _ = build(ROOT / "specs" / f"{SEEDS[0]}.yaml", out / "again")
    files["again"] = {p.suffix: p for p in again}
    return files


def test_pdf_holds_every_figure_of_the_seed_tables_row_by_row(published):
    """Each golden row's figures, in order, are the figures of one printed line, rows in published order."""
    pages = pdftools.pages(published["2023-shenzhen-sibj"][".pdf"])
    start = next(i for i, p in enumerate(pages) if "二、表格部分" in p)
    lines = [pdftools.figures(line) for page in pages[start:] for line in page.splitlines()]
    lines = [found for found in lines if found]
    cursor = checked = 0
    for name, rows in load_golden("2023-shenzhen-sibj.txt").items():
        for number, row in enumerate(rows, 1):
            expected = [normal(c) for c in row if pdftools.NUMBER.match(normal(c))]
            if not expected:
                continue
            at = next((i for i in range(cursor, len(lines)) if lines[i] == expected), None)
            assert at is not None, f"{name} 第 {number} 行 {expected} 不在 PDF 中（其后）"
            cursor, checked = at + 1, checked + len(expected)
    assert checked == 1091


def test_pdf_text_matches_the_seed_text(published):
    """Cover, 目录 (leaders and page numbers removed) and the text part, against the seed's text part."""
    pages = pdftools.pages(published["2023-shenzhen-sibj"][".pdf"])
    end = next(i for i, p in enumerate(pages) if p.lstrip().startswith("预算图示"))
    text = re.sub(r"\.{4,}\s*\d+", "", "\n".join(pages[:end]))
    assert similarity(text, seed_text("2023-shenzhen-sibj")) >= 0.98


def _tables(seed: str) -> list[str]:
    """Each printed table's title, as compared (no spaces)."""
    from generator.build import sheets
    from generator.document import load_document

    doc = load_document(ROOT / "specs" / f"{seed}.yaml")
    found = []
    for sheet in sheets(doc)[: len(doc.format.tables(doc.budget.kind))]:
        styles = {r: {c.style for (rr, _), c in sheet.cells.items() if rr == r} for r in range(sheet.rows)}
        title = next(sheet.text(r, 0) for r in styles if "title" in styles[r])
        found.append(normal(title))
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_preflight(published, seed):
    """A4 pages; text pages portrait, each table starting a landscape page under its title and header;
    every other landscape page a continued table whose first line repeats the header; no blank page;
    no word outside the page; every font embedded."""
    pdf = published[seed][".pdf"]
    pages, sizes, boxes = pdftools.pages(pdf), pdftools.sizes(pdf), pdftools.words(pdf)
    tables, header, started = _tables(seed), None, []
    assert len(pages) == len(sizes) == len(boxes) > 5
    for number, (page, (width, height), words) in enumerate(zip(pages, sizes, boxes, strict=True), 1):
        assert sorted((width, height)) == pytest.approx(sorted(A4), abs=0.5), f"第 {number} 页不是 A4"
        lines = [normal(line) for line in page.splitlines() if line.strip()]
        assert lines, f"第 {number} 页是空白页"
        outside = [w for w in words if w[0] < 10 or w[1] < 10 or w[2] > width - 10 or w[3] > height - 10]
        assert not outside, f"第 {number} 页有字出了页面：{outside[:3]}"
        table = next((t for t in tables if t in lines[:4]), None)
        if table is not None:
            started.append(table)
            header = lines[lines.index(table) + 2]  # the line under the title and 部门名称/单位
            assert width > height, f"第 {number} 页：表“{table}”不在横向页上"
        elif width > height:
            assert header is not None and lines[0] == header, f"第 {number} 页：续表没有重复表头"
        else:
            header = None
    assert started == tables
    assert pdftools.fonts(pdf) and all(embedded for _, embedded in pdftools.fonts(pdf))
    info = {k: v.strip() for k, v in pdftools.info(pdf).items()}
    assert info["Tagged"] == "yes" and b"/Outlines" in pdf.read_bytes()  # screen readers; headings as bookmarks
    assert info["Title"].endswith("预算") and info["Author"]


def test_docx_runs_name_east_asian_fonts_and_builds_are_byte_identical(published):
    for seed in SEEDS:
        with zipfile.ZipFile(published[seed][".docx"]) as docx:
            body = docx.read("word/document.xml").decode("utf-8")
        runs = re.findall(r"<w:r>.*?</w:r>", body, flags=re.S)
        texts = [r for r in runs if re.search(r"<w:t[ >]", r)]
        assert texts and all('w:eastAsia="' in r for r in texts), seed
        assert "仿宋_GB2312" in body and "黑体" in body
        with zipfile.ZipFile(published[seed][".docx"]) as docx:
            styles, settings = docx.read("word/styles.xml").decode(), docx.read("word/settings.xml").decode()
        assert 'w:eastAsia="zh-CN"' in styles and "ja-JP" not in styles + settings  # never a Japanese default
        assert '<w:updateFields w:val="true"/>' in settings  # Word refreshes the 目录's page numbers on opening
    for kind in (".xlsx", ".md", ".docx", ".pdf"):
        assert published["again"][kind].read_bytes() == published["2023-shenzhen-sibj"][kind].read_bytes(), kind


@pytest.mark.parametrize("seed", SEEDS)
def test_the_chart_page_carries_every_chart_caption(published, seed):
    """Where the house style asks for charts (Shenzhen); Shanghai's published documents have none (版式.图表)."""
    from generator.document import load_document

    wanted = load_document(ROOT / "specs" / f"{seed}.yaml").house.get("图表", True)
    pages = [normal(p) for p in pdftools.pages(published[seed][".pdf"])]
    captions = [n for n in ("图1", "图2", "图3") if any(p.startswith("预算图示") and n in p for p in pages)
                or any(n in p for p in pages)]
    assert captions == (["图1", "图2", "图3"] if wanted else [])
    assert any(p.startswith("预算图示") for p in pages) == wanted


def test_formats_are_turned_off_one_by_one(tmp_path):
    """--no-docx still prints the PDF (from a DOCX that is not kept); --no-pdf keeps the DOCX only."""
    from generator.cli import main

    spec = str(ROOT / "specs" / "2022-shenzhen-luohu.yaml")
    assert main(["build", "--no-docx", spec, "-o", str(tmp_path / "a")]) == 0
    assert main(["build", "--no-pdf", spec, "-o", str(tmp_path / "b")]) == 0
    assert sorted(p.suffix for p in (tmp_path / "a").iterdir()) == [".md", ".pdf", ".xlsx"]
    assert sorted(p.suffix for p in (tmp_path / "b").iterdir()) == [".docx", ".md", ".xlsx"]


def test_docx_parts_keep_the_element_order_word_requires(published):
    """Word refuses a file that LibreOffice opens: one w:pPr, first in its paragraph; w:rPr first in its run;
    w:tcPr first in its cell and a paragraph last; w:tblPr, w:tblGrid first in a table."""
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for seed in SEEDS:
        with zipfile.ZipFile(published[seed][".docx"]) as docx:
            parts = [n for n in docx.namelist() if re.match(r"word/(document|footer\d*|header\d*)\.xml$", n)]
            for name in parts:
                root = ET.fromstring(docx.read(name))
                for p in root.iter(f"{ns}p"):
                    props = [i for i, child in enumerate(p) if child.tag == f"{ns}pPr"]
                    assert props in ([], [0]), f"{seed} {name}: 段落属性重复或不在最前"
                for r in root.iter(f"{ns}r"):
                    assert [c.tag for c in r].count(f"{ns}rPr") <= 1 and all(
                        c.tag != f"{ns}rPr" for c in list(r)[1:]), f"{seed} {name}: 文字属性不在最前"
                for tc in root.iter(f"{ns}tc"):
                    assert tc[0].tag == f"{ns}tcPr" and tc[-1].tag == f"{ns}p", f"{seed} {name}: 单元格结构"
                for tbl in root.iter(f"{ns}tbl"):
                    assert [c.tag for c in tbl[:2]] == [f"{ns}tblPr", f"{ns}tblGrid"], f"{seed} {name}: 表格结构"


def test_a_pdf_does_not_depend_on_what_was_built_with_it(published, tmp_path):
    """Built in a parallel batch or alone, the same bytes (a shared LibreOffice run would break this)."""
    from generator.cli import main

    specs = [str(ROOT / "specs" / f"{seed}.yaml") for seed in ("2023-shenzhen-sibj", "2022-shenzhen-luohu")]
    assert main(["build", "--jobs", "2", *specs, "-o", str(tmp_path)]) == 0
    for seed in ("2023-shenzhen-sibj", "2022-shenzhen-luohu"):
        for kind in (".docx", ".pdf"):
            assert (tmp_path / f"{seed}{kind}").read_bytes() == published[seed][kind].read_bytes(), seed + kind


def test_page_numbers_run_on_and_sit_outside_on_each_side(published):
    """Every page after the cover is numbered with its own page number: odd on the right, even on the left."""
    pdf = published["2023-shenzhen-sibj"][".pdf"]
    for number, (words, (width, height)) in enumerate(zip(pdftools.words(pdf), pdftools.sizes(pdf), strict=True), 1):
        footer = [w for w in words if w[1] > height - 100 and w[4] == str(number)]
        if number == 1:
            assert not footer  # the cover shows none
            continue
        assert len(footer) == 1, f"第 {number} 页没有页码"
        middle = (footer[0][0] + footer[0][2]) / 2
        assert (middle > width * 0.75) if number % 2 else (middle < width * 0.25), f"第 {number} 页页码位置"
