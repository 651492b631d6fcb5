"""`budgetgen compare BUILT REFERENCE`: tables cell by cell as printed, text sentence by sentence, a similarity.

One spec (2026 司法局 unit) is built once; its workbook's cached values are compared as their number formats print
them (no LibreOffice). Expected titles, headers and figures are the published document's (tests/golden, seeds).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from generator.build import build, narrative
from generator.cli import main
from generator.comparing.compare import compare
from generator.comparing.measure import similarity
from generator.comparing.sides import layout_text, prose
from generator.document import load_document

from .test_shanghai_2026 import DIFFERENCES
from .textcompare import seed_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
NAME = "2026-shanghai-putuo-sifaju-unit"
SPEC = ROOT / "specs" / f"{NAME}.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The spec's workbook, text and PDF, as `budgetgen build` writes them (no Word)."""
    folder = tmp_path_factory.mktemp("compare")
    build(SPEC, folder, kinds=frozenset({"xlsx", "md", "pdf"}))
    return folder / f"{NAME}.xlsx"


def _copy(book: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    shutil.copy(book.with_suffix(".md"), folder)
    return Path(shutil.copy(book, folder))


def _run(capsys, *args: Path) -> tuple[int, str, str]:
    status = main(["compare", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_workbook_compared_with_itself_is_the_same(built, capsys):
    status, out, _ = _run(capsys, built, built)
    assert status == 0
    assert "表格：比较" in out and "0 处不同" in out and "相似度 1.0000" in out and out.rstrip().endswith("结论：相同")


def test_a_copy_is_the_same_and_every_cell_was_compared(built, tmp_path):
    result = compare(built, _copy(built, tmp_path))
    assert result.same and result.similarity == 1.0
    assert result.tables == () and result.sentences == ()
    assert result.cells > 800  # nine tables of the unit document: 812 cells


def test_one_changed_figure_names_the_table_row_and_column(built, tmp_path, capsys):
    """表3's 行政运行 row, 基本支出 column: published 14,348,853.34 (tests/golden/2026-…-unit.txt); changed to 1.00."""
    copy = _copy(built, tmp_path)
    book = openpyxl.load_workbook(copy, data_only=True)  # saved as values: openpyxl keeps no cached results
    sheet = book["支出预算总表"]
    row = next(r for r in sheet.iter_rows() if r[3].value == "行政运行")
    row[5].value = 1
    book.save(copy)
    result = compare(built, copy)
    assert [(d.table, d.row, d.column, d.built, d.reference) for d in result.tables] == [
        ("2026年预算单位支出预算总表", "204 06 01 行政运行", "支出预算／基本支出", "14,348,853.34", "1.00")]
    assert result.sentences == () and not result.same
    status, out, _ = _run(capsys, built, copy)
    assert status == 1
    assert "表“2026年预算单位支出预算总表” 行“204 06 01 行政运行” 列“支出预算／基本支出”：生成 14,348,853.34，参照 1.00" in out


def test_one_changed_word_names_the_section_and_quotes_both_sentences(built, tmp_path, capsys):
    copy = _copy(built, tmp_path)
    text = copy.with_suffix(".md").read_text("utf-8")
    sentence = "（一）因公出国（境）费0万元，与2025年预算数持平。"  # the seed's 三公 section, line 324
    assert text.count(sentence) == 1
    copy.with_suffix(".md").write_text(text.replace(sentence, sentence.replace("持平", "相同")), "utf-8")
    result = compare(built, copy)
    assert [(d.section, d.built, d.reference) for d in result.sentences] == [
        ("一、2026年“三公”经费预算情况说明", sentence, sentence.replace("持平", "相同"))]
    assert result.tables == () and 0.99 < result.similarity < 1
    status, out, _ = _run(capsys, built, copy)
    assert status == 1
    assert f"〔一、2026年“三公”经费预算情况说明〕措辞不同\n    生成：{sentence}\n    参照：{sentence.replace('持平', '相同')}" in out


def test_our_pdf_reads_as_our_workbook_and_text(built):
    """The built PDF read back (tables by their rules, text by its pages): every cell as the workbook prints it;
    the text differs only in its 目录, where the PDF prints page numbers and the Markdown has none."""
    result = compare(built.with_suffix(".pdf"), built)
    assert result.cells > 800 and result.tables == ()
    assert [d.section for d in result.sentences] == ["目录"]
    assert "一、单位主要职能3" in result.sentences[0].built and "一、单位主要职能二、" in result.sentences[0].reference


def test_the_published_pdf_differs_where_the_seed_contradicts_itself(capsys):
    """The spec against its seed PDF: the text measure is the tests' (textcompare) on the PDF's text pages; the table
    differences are exactly the published document's contradictions (test_shanghai_2026.DIFFERENCES), those whose
    place the spec's 已知差异 names reported as known. Its text differs too (the seed's own slips), so exit 1."""
    pdf = SEEDS / "pdf" / f"{NAME}.pdf"
    result = compare(SPEC, pdf)
    found = {(d.sheet, d.index, d.reference, d.built) for d in result.tables}
    expected = {(sheet, col, published, ours) for sheet, _, col, published, ours, _ in DIFFERENCES[NAME]}
    assert found == expected
    known = {(d.sheet, d.row) for d in result.tables if d.known}
    assert known == {("财务收支预算总表", "一、公共安全支出"), ("支出预算总表", "204 06 01 行政运行"), ("支出预算总表", "合计")}
    assert result.similarity == pytest.approx(similarity(prose(narrative(load_document(SPEC))), seed_text(NAME)), abs=0.002)
    assert result.similarity >= 0.99
    assert ("2026年单位预算编制说明", "财政拨款收入支出增加的主要原因是业务量增加。",
            "财政拨款收入支出增加（减少）的主要原因是业务量增加。") in {(d.section, d.built, d.reference) for d in result.sentences}
    status, out, _ = _run(capsys, SPEC, pdf)
    assert status == 1 and "已知差异（规格中说明：公开的表3、表5“行政运行”一行的项目支出印为64,840,547.00" in out


def test_a_layout_text_reference_compares_the_text_part_only(tmp_path):
    """The seed's pdftotext -layout text (its first line, where it came from, left out): tables not compared."""
    lines = (SEEDS / f"{NAME}.txt").read_text("utf-8").split("\n")[1:]
    reference = tmp_path / "公开文本.txt"
    reference.write_text("\n".join(lines), "utf-8")
    result = compare(SPEC, reference)
    assert result.reference.tables is None and result.tables == ()
    assert similarity(layout_text("\n".join(lines)), seed_text(NAME)) > 0.999  # the nine tables' pages left out
    assert result.similarity >= 0.99


@pytest.mark.parametrize(("name", "content", "words"), [
    ("没有.pdf", None, "文件不存在"),
    ("坏.pdf", b"not a pdf at all", "不是 PDF 文件"),
    ("截断.pdf", b"%PDF-1.7\n1 0 obj", "PDF 文件不完整"),
    ("编码.txt", b"\xff\xfe\xfa\xfb\x81", "编码"),
])
def test_bad_input_exits_2_naming_the_file(name, content, words, built, tmp_path, capsys):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    status, out, err = _run(capsys, built, path)
    assert status == 2 and out == ""
    assert str(path) in err and words in err


def test_a_sentence_that_differs_in_its_figures_only_is_told_from_a_rewording():
    """Next year's document against last year's: years, amounts, percentages and the 增加/减少/持平 they bring
    are figures; other words are a rewording; a placeholder still waits for the officer."""
    from generator.comparing.text import SentenceDifference

    assert SentenceDifference("", "比2024年预算持平；", "比2023年预算减少876.75万元；").kind == "数字"
    assert SentenceDifference("", "5.2025年部门支出预算总表", "5．2024年部门支出预算总表").kind == "数字"
    assert SentenceDifference("", "（三）公务接待费1.35万元。", "（三）公务接待费1.35万元，").kind == "措辞"
    assert SentenceDifference("", "主要原因是待填写", "主要原因是项目调整。").kind == "待填写"
    assert SentenceDifference("", "多出的一句。", "").kind == "措辞"
