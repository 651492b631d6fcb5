"""`budgetgen compare` of a 部门决算: its tables print no year (the spec or the .md beside the workbook names it), its
nine tables are read as the 决算 import reads them, the lines under each table (注：…, 说明：…) are compared as row 注,
and its text is the tests' measure (tests/textcompare.py) on all but the nine tables.

Expected differences are the golden files' 矛盾 (transcribed from the reference PDFs, tests/golden/*-juesuan.yaml),
never our output. The built documents are made once for the module.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.build import build, narrative
from generator.cli import main
from generator.comparing.compare import compare
from generator.document import load_document

from .textcompare import GOLDEN, seed_text, similarity

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT.parent / "shared" / "seeds" / "pdf"
CZ, SH = "2024-shanghai-putuo-caizhengju-juesuan", "2024-shanghai-putuo-shehui-gongzuobu-juesuan"


def _contradictions(name: str) -> set[tuple[str, str, int, str, str]]:
    """The golden file's 矛盾: (表, 行, column from 0 or -1 for a line under the table, printed, 一致)."""
    golden = yaml.safe_load((GOLDEN / f"{name}.yaml").read_text("utf-8"))
    return {(c["表"], c["行"], int(c.get("列", 0)) - 1, c["印出"], c["一致"]) for c in golden["矛盾"]}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """Each 决算 seed's workbook, text and PDF, as `budgetgen build` writes them (no Word)."""
    folder = tmp_path_factory.mktemp("compare-juesuan")
    for name in (CZ, SH):
        build(ROOT / "specs" / f"{name}.yaml", folder, kinds=frozenset({"xlsx", "md", "pdf"}))
    return {name: folder / f"{name}.pdf" for name in (CZ, SH)}


@pytest.mark.parametrize("name", [CZ, SH])
def test_the_spec_against_its_reference_differs_only_where_the_document_contradicts_itself(name):
    """Every table difference is one of the golden 矛盾 (326.71 against 326.72; a template instruction printed
    under a table) and every one is found, each explained by the spec's 已知差异; the text scores as the tests do."""
    result = compare(ROOT / "specs" / f"{name}.yaml", PDFS / f"{name}.pdf")
    found = {(d.sheet, d.row, d.index, d.reference, d.built) for d in result.tables}
    assert found == _contradictions(name)
    assert all(d.known for d in result.tables) and result.unexplained == ()
    assert result.cells > 900
    expected = similarity(narrative(load_document(ROOT / "specs" / f"{name}.yaml")), seed_text(name))
    assert result.similarity == pytest.approx(expected, abs=0.002)
    assert result.similarity >= 0.98


def test_the_spec_is_recognised_though_its_tables_print_no_year(capsys):
    """No E610: the year is the spec's; the report names the 注 line only the reference prints."""
    status = main(["compare", str(ROOT / "specs" / f"{SH}.yaml"), str(PDFS / f"{SH}.pdf")])
    out, err = capsys.readouterr()
    assert "E610" not in err and status == 1  # the text differs (the publisher's own sentences)
    assert "表“政府性基金预算财政拨款收入支出决算表” 行“注”" in out and "仍保留该表格式" in out
    assert "已知差异" in out


@pytest.mark.parametrize("name", [CZ, SH])
def test_a_built_pdf_compared_with_itself_is_the_same(made, name, capsys):
    status = main(["compare", str(made[name]), str(made[name])])
    out, _ = capsys.readouterr()
    assert status == 0 and "0 处不同" in out and "相似度 1.0000" in out and out.rstrip().endswith("结论：相同")


@pytest.mark.parametrize("name", [CZ, SH])
def test_the_built_workbook_reads_as_the_built_pdf(made, name):
    """The workbook (its year from the .md beside it) and the PDF print the same cells, notes and text."""
    result = compare(made[name].with_suffix(".xlsx"), made[name])
    assert result.same and result.tables == () and result.similarity == 1.0
    assert result.cells > 900


def test_the_notes_under_each_table_are_read_from_both_sides(made):
    """表 7 of 社会工作部 prints its 注 and the 空表说明 under an empty table (golden 注); the blank data row is left
    out on both sides, as a reader of the PDF cannot see it."""
    golden = yaml.safe_load((GOLDEN / f"{SH}.yaml").read_text("utf-8"))
    wanted = next(t["注"] for t in golden["表"] if t["表题"] == "财政拨款“三公”经费支出决算表")
    for path in (PDFS / f"{SH}.pdf", made[SH]):
        table = next(t for t in compare(path, path).built.tables if t.sheet == "财政拨款三公经费支出决算表")
        assert list(table.notes) == wanted and table.rows == ()
