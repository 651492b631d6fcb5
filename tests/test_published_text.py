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


def _contents(pages: list[str]) -> list[str]:
    """The 目录 page's lines, stripped."""
    page = next(p for p in pages if p.lstrip().startswith("目录"))
    return [line.strip() for line in page.splitlines()[1:] if line.strip() and not line.strip().startswith("—")]


def test_contents_number_every_section_and_every_table(unit_pdf):
    """As the published 目录: 一、 to 六、 in order (not only 五、), the tables 1. to 9. under 五、."""
    lines = _contents(unit_pdf)
    at = lines.index(next(line for line in lines if line.startswith("六、其他相关情况说明")))
    top = [line.split(".")[0].replace(" ", "") for line in lines[:at + 1] if re.match(r"^[一二三四五六]、", line)]
    assert top == ["一、单位主要职能", "二、单位机构设置", "三、名词解释",
                   "四、单位预算编制说明", "五、单位预算表", "六、其他相关情况说明"], top
    tables = [int(n) for n in re.findall(r"^(\d)\. 2025", "\n".join(lines), re.M)]
    assert tables == list(range(1, 10))


def test_every_contents_entry_has_a_leader_before_its_page_number(unit_pdf):
    """The eighth table's long title wraps; its page number never runs into the text (“…预算表23”)."""
    numbered = [line for line in _contents(unit_pdf) if re.search(r"\d+$", line)]
    assert len(numbered) == 15  # 一、 to 六、 and the nine tables, as the published 目录
    for line in numbered:
        assert re.search(r"\.{3,}\s*\d+$", line), line


@pytest.fixture(scope="module")
def department_docx(tmp_path_factory) -> list[tuple[str, str, bool]]:
    """The department document's paragraphs as (style name, text, kept with the next)."""
    import docx

    written, _ = build(DEPARTMENT, tmp_path_factory.mktemp("department"), kinds=frozenset({"docx"}))
    document = docx.Document(str(next(p for p in written if p.suffix == ".docx")))
    kept = {s.name: s.paragraph_format.keep_with_next for s in document.styles if s.type == 1}
    return [(p.style.name, p.text, bool(kept.get(p.style.name))) for p in document.paragraphs]


def test_headings_keep_with_their_text(department_docx):
    """A project's 六、年度预算安排 is a heading, kept with the paragraph after it, never alone at a page's foot."""
    heads = [(style, text, kept) for style, text, kept in department_docx if text == "六、年度预算安排"]
    assert len(heads) == 4 and all(kept for _, _, kept in heads), heads
    styled = [(style, kept) for style, _, kept in department_docx if style.endswith("标题") and style != "目录标题"
              and not style.startswith(("封面", "表", "图"))]
    assert styled and all(kept for _, kept in styled), styled


def test_department_contents_run_from_one_to_seven(department_docx):
    top = [text.split("\t")[0] for style, text, _ in department_docx if style == "目录1"]
    assert [t.split("、")[0] for t in top] == ["一", "二", "三", "四", "五", "六", "七"], top
    assert top[4] == "五、部门预算表" and top[6] == "七、项目经费情况说明"
