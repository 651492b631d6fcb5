"""The DOCX and the PDF are two renderings of one publication: they hold the same text in the same order,
the PDF's 目录 names the page each entry is on, and its Chinese is set in Simplified Chinese faces.

The PDF is read back with poppler (pdftotext); the DOCX with the standard library. No LibreOffice.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from generator.build import build

from . import pdftools

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ["2023-shenzhen-sibj", "2022-shenzhen-luohu", "2025-shanghai-putuo-shangwuwei",
         "2025-shanghai-putuo-shangwuwei-unit"]
MORE = ["2026-shanghai-putuo-sifaju-unit", "2023-shanghai-putuo-wanli-jiedao"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOISE = re.compile(r"[.\d]*")  # between two paragraphs only the 目录's leaders and page numbers may come


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict[str, dict[str, Path]]:
    if not pdftools.available():
        pytest.fail("poppler-utils (pdftotext, pdfinfo, pdffonts) is not installed: apt-get install poppler-utils")
    out = tmp_path_factory.mktemp("same")
    return {seed: {p.suffix: p for p in build(ROOT / "specs" / f"{seed}.yaml", out)[0]} for seed in SEEDS + MORE}


def _flat(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def docx_items(docx: Path) -> list[tuple[str, str]]:
    """The body in order: ("p", a paragraph's text) and ("table", its cells' text, "header", its header rows'
    text), without field codes or their placeholder results (the 目录's page numbers)."""
    with zipfile.ZipFile(docx) as z:
        body = ET.fromstring(z.read("word/document.xml")).find(f"{W}body")
    items = []
    for child in body:
        if child.tag == f"{W}p" and _text(child):
            items.append(("p", _text(child)))
        elif child.tag == f"{W}tbl":
            header = [r for r in child.findall(f"{W}tr") if r.find(f"{W}trPr/{W}tblHeader") is not None]
            items.append(("table", "".join(_text(p) for p in child.iter(f"{W}p"))))
            items.append(("header", "".join(_text(p) for r in header for p in r.iter(f"{W}p"))))
    return items


def _text(p: ET.Element) -> str:
    depth, text = 0, []
    for node in p.iter():
        kind = node.get(f"{W}fldCharType")
        depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if node.tag == f"{W}t" and depth == 0:
            text.append(node.text or "")
    return _flat("".join(text))


def pdf_text(pdf: Path) -> str:
    """The PDF's text in the order it is drawn (pdftotext -raw), page numbers in the footers left out."""
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
    pages = [[line for line in page.splitlines() if not pdftools.FOOTER.match(line)] for page in raw.split("\f")]
    return _flat("".join("".join(page) for page in pages))


@pytest.mark.parametrize("seed", SEEDS + MORE)
def test_docx_and_pdf_hold_the_same_text_in_the_same_order(published, seed):
    """Every DOCX paragraph is found in the PDF after the one before it, with nothing printed between them
    but the 目录's leaders and page numbers. A table's place (or that of tables printed one after another, as a
    绩效目标 form's parts are) holds exactly their cells' characters and each one's header again for each
    continued page (poppler reads a cell spanning rows after the rest of its rows, so within a table the
    characters are counted, not ordered; test_publish orders the figures row by row)."""
    items = docx_items(published[seed][".docx"])
    text = pdf_text(published[seed][".pdf"])
    assert sum(kind == "p" for kind, _ in items) > 80 and sum(kind == "table" for kind, _ in items) >= 9
    cursor, tables = 0, []
    for number, (kind, content) in enumerate(items):
        if kind == "p":
            at = text.find(content, cursor)
            assert at >= 0, f"第 {number} 项不在 PDF 中（其后）：{content[:40]}"
            assert NOISE.fullmatch(text[cursor:at]), f"第 {number} 项之前 PDF 多出：{text[cursor:at][:60]}"
            cursor = at + len(content)
        elif kind == "table":
            tables.append((content, items[number + 1][1]))
            if any(k == "table" for k, _ in items[number + 2:number + 3]):
                continue  # the next item is a table too: their place is read as one
            following = next((c for k, c in items[number + 1:] if k == "p"), None)
            end = text.find(following, cursor) if following else len(text)
            _holds_tables(text[cursor:end], tables, f"第 {number} 项（表格）")
            cursor, tables = end, []
    assert NOISE.fullmatch(text[cursor:]), f"PDF 末尾多出：{text[cursor:][:60]}"


def _holds_tables(region: str, tables: list[tuple[str, str]], where: str) -> None:
    """The region holds every table's cells, and beyond them only whole headers, each as often as its table ran
    on to another page (none, once, …: up to nine times for a lone table, twice for each of a run)."""
    cells = Counter("".join(c for c, _ in tables))
    assert not cells - Counter(region), f"{where}：PDF 缺少 {''.join((cells - Counter(region)).elements())[:40]}"
    extra = Counter(region) - cells
    headers = [Counter(h) for _, h in tables]
    tries = range(10 if len(headers) == 1 else 3)  # tables printed one after another are short
    assert any(extra == _times(headers, n) for n in itertools.product(tries, repeat=len(headers))), \
        f"{where}：PDF 多出 {''.join(extra.elements())[:60]}"


def _times(headers: list[Counter], repeats: tuple[int, ...]) -> Counter:
    total: Counter = Counter()
    for header, n in zip(headers, repeats, strict=True):
        for ch, count in header.items():
            total[ch] += count * n
    return +total


def _contents(pdf: Path) -> list[tuple[str, int]]:
    """The 目录's entries as printed: text (numbering the 目录 adds left out) and page number."""
    pages = pdftools.pages(pdf)
    page = next(p for p in pages if p.lstrip().startswith("目录"))
    entries, pending = [], ""
    for line in page.splitlines()[1:]:
        found = re.match(r"^(.*?)[.\s]{3,}(\d+)$", line.strip())
        if found is None:
            pending += line.strip()
            continue
        entries.append((_unnumbered(pending + found.group(1)), int(found.group(2))))
        pending = ""
    return entries


def _unnumbered(text: str) -> str:
    return re.sub(r"^([一二三四五六七八九十]+、|\d+\.|\([一二三四五六七八九十]+\))(?=.)", "", _flat(text))


@pytest.mark.parametrize("seed", SEEDS + MORE)
def test_contents_page_numbers_are_the_pages_of_their_entries(published, seed):
    """Each 目录 line reads as the publication lists it, and its page holds the heading or table the line stands
    for (its block), however the 目录 words it: “部门主要职能” points at “上海市普陀区商务委员会主要职能”,
    “五、部门预算表” at its first table, “七、项目经费情况说明” at its first project."""
    from generator.build import narrative, sheets
    from generator.build import published as arranged
    from generator.document import load_document
    from generator.publishing.contents import contents

    pdf = published[seed][".pdf"]
    pages = [_flat(p) for p in pdftools.pages(pdf)]
    doc = load_document(ROOT / "specs" / f"{seed}.yaml")
    pub = arranged(doc, sheets(doc), narrative(doc))
    listed, printed = contents(pub), _contents(pdf)
    assert len(printed) == len(listed) >= 10, (printed, listed)
    for (text, number), (i, _, wording) in zip(printed, listed, strict=True):
        assert text == _unnumbered(wording), f"目录印“{text}”，应为“{wording}”"
        block = _unnumbered(pub.blocks[i].text)  # a table listed as （一）收支总表 is titled 收支总表
        assert block in pages[number - 1], f"目录“{text}”印第 {number} 页，该页没有“{block}”"


@pytest.mark.parametrize("seed", SEEDS + MORE)
def test_every_docx_contents_page_number_refers_to_one_bookmark(published, seed):
    """Word fills each 目录 page number (PAGEREF) from its bookmark: each one there, none twice, even where two
    entries stand for one block (五、部门预算表 and its first table)."""
    with zipfile.ZipFile(published[seed][".docx"]) as z:
        body = z.read("word/document.xml").decode()
    marks = re.findall(r'<w:bookmarkStart [^>]*w:name="(_Toc\d+)"', body)
    refs = re.findall(r"PAGEREF (_Toc\d+)", body)
    assert len(refs) >= 10 and len(marks) == len(set(marks)), marks
    assert set(refs) == set(marks), set(refs) ^ set(marks)


def test_pdf_sets_chinese_in_simplified_chinese_faces(published):
    """Every font embedded, none of them a Japanese, Korean or traditional Chinese face of the collection."""
    for seed in SEEDS:
        fonts = pdftools.fonts(published[seed][".pdf"])
        assert fonts and all(embedded for _, embedded in fonts), seed
        assert not [name for name, _ in fonts if re.search(r"CJK(jp|kr|tc|hk)", name, re.I)], fonts
