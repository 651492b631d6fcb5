"""The 2026 司法局 documents (format shanghai-2026): every printed table figure in place as printed, and the text.

Tables are compared as a reader sees them: LibreOffice recalculates our workbook, and each cell is printed with
its own number format (0.00 stays 0.00, a blank stays blank, separators as printed), against the golden tables
transcribed from the published PDFs (tests/golden/2026-shanghai-putuo-sifaju*.txt). Where the published document
contradicts itself, the cell is listed below with both sides; the spec's 已知差异 (规则: 公开文本) says which side we print.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from generator.build import check, narrative, published, sheets, workbook
from generator.document import load_document
from generator.importing.source import shown
from generator.problems import SpecError

from .golden import load_golden
from .libreoffice import recalculate, soffice
from .textcompare import seed_text, similarity

ROOT = Path(__file__).resolve().parent.parent
DOCS = {"2026-shanghai-putuo-sifaju": 573, "2026-shanghai-putuo-sifaju-unit": 598}
"""Each document and how many figures its golden tables hold (tests/golden.py count_figures)."""

# (工作表, 行中的名称, 列, 公开文本印出的, budgetgen 印出的, 矛盾)
UNIT_BY_LINES = "表1把离退休人员的101,200元公用经费计入人员经费，与表8（按经济分类）和表9的机关运行经费184.59万元矛盾；我们按经济分类"
DIFFERENCES = {
    "2026-shanghai-putuo-sifaju-unit": [
        ("财务收支预算总表", "一、公共安全支出", 4, "12,604,173", "12,502,973.00", UNIT_BY_LINES),
        ("财务收支预算总表", "一、公共安全支出", 5, "1,744,680", "1,845,880.34", UNIT_BY_LINES),
        ("财务收支预算总表", "一、公共安全支出", 6, "64,840,547", "64,840,547.00", "印成整数（同值）"),
        ("财务收支预算总表", "支出总计", 4, "20,374,181", "20,272,981.00", UNIT_BY_LINES),
        ("财务收支预算总表", "支出总计", 5, "1,744,680", "1,845,880.34", UNIT_BY_LINES),
        ("财务收支预算总表", "支出总计", 6, "64,840,547", "64,840,547.00", "印成整数（同值）"),
        *[(sheet, label, col, published, ours, why) for sheet in ("支出预算总表", "一般公共预算支出功能分类预算表")
          for label, col, published, ours, why in [
              ("行政运行", 6, "64,840,547.00", "0.00", "项行印了所属类、款的项目支出；合计 = 基本支出，项目支出为 0"),
              ("购房补贴", 6, "0", "0.00", "零印成“0”（同值）"),
              ("合计", 5, "22,118,861", "22,118,861.34", "印成整数；表8合计为 22,118,861.34")]],
    ],
    "2026-shanghai-putuo-sifaju": [],
}


def _shown(cell) -> str:
    """A recalculated cell as printed: its value under its own number format, width folded, spaces gone."""
    return _fold(shown(cell))


def _fold(text: object) -> str:
    folded = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return re.sub(r"\s+", "", folded.replace("“", '"').replace("”", '"'))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Both documents loaded, their workbooks written and recalculated by LibreOffice in one run."""
    if soffice() is None:
        pytest.fail("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc")
    folder = tmp_path_factory.mktemp("sh2026")
    docs = {name: load_document(ROOT / "specs" / f"{name}.yaml") for name in DOCS}
    files = {}
    for name, doc in docs.items():
        files[name] = folder / f"{name}.xlsx"
        files[name].write_bytes(workbook(doc))
    out = recalculate(list(files.values()), folder / "lo")
    return {name: (doc, openpyxl.load_workbook(out[files[name]], data_only=True)) for name, doc in docs.items()}


def _rows(book, layout) -> list[list[str]]:
    """The body rows of one sheet as printed, from the first row under its header block."""
    ws = book[layout.name]
    first = layout.repeat_rows[1] + 1
    return [[_shown(ws.cell(r + 1, c + 1)) for c in range(len(layout.widths))] for r in range(first, layout.rows)]


def _compared(name: str, built) -> tuple[int, list[str], dict[tuple[str, str, int], tuple[str, str]]]:
    """Figures that print as published, cells that do not (with where), and what the listed cells print."""
    doc, book = built[name]
    golden, layouts = load_golden(f"{name}.txt"), {s.name: s for s in sheets(doc)}
    same, wrong, listed = 0, [], {}
    known = {(s, label, col): (pub, ours) for s, label, col, pub, ours, _ in DIFFERENCES[name]}
    for sheet, rows in golden.items():
        ours = _rows(book, layouts[sheet])
        for i, row in enumerate(rows):
            for col, cell in enumerate(row):
                got = ours[i][col] if i < len(ours) and col < len(ours[i]) else ""
                key = next(((sheet, label, col) for label in row if (sheet, label, col) in known), None)
                if key is not None:
                    listed[key] = (_fold(cell), got)
                elif got == _fold(cell):
                    same += bool(re.fullmatch(r"-?[\d,]+(\.\d+)?", got))
                else:
                    wrong.append(f"{sheet} 第{i + 1}行第{col + 1}列：公开 {cell!r}，生成 {got!r}")
    return same, wrong, listed


@pytest.mark.parametrize("name", list(DOCS))
def test_every_published_figure_prints_as_published(name, built):
    same, wrong, listed = _compared(name, built)
    assert wrong == []
    assert same + len(listed) == DOCS[name]


@pytest.mark.parametrize("name", list(DOCS))
def test_contradictions_print_the_side_the_spec_names(name, built):
    """Each listed cell: the published document prints one thing, the rest of the document implies another."""
    _, _, listed = _compared(name, built)
    expected = {(s, label, col): (_fold(pub), _fold(ours)) for s, label, col, pub, ours, _ in DIFFERENCES[name]}
    assert listed == expected


def test_the_unit_tables_agree_with_each_other_where_the_document_does_not(built):
    """Table 1's 人员/公用经费 totals equal table 8's, and 公用经费 equals table 9's 机关运行经费 (184.59 万元)."""
    _, book = built["2026-shanghai-putuo-sifaju-unit"]
    one, eight, nine = book["财务收支预算总表"], book["一般公共预算基本支出经济分类预算表"], book["三公经费和机关运行经费预算表"]
    total_one = next(r for r in one.iter_rows(values_only=True) if r[2] == "支出总计")
    total_eight = next(r for r in eight.iter_rows(values_only=True) if r[2] == "合计")
    assert total_one[4:6] == pytest.approx(total_eight[4:6])
    running = next(r for r in nine.iter_rows(values_only=True) if isinstance(r[0], (int, float)))[6]
    assert running == pytest.approx(total_eight[5] / 10000)


@pytest.mark.parametrize("name", list(DOCS))
def test_text_matches_the_seed(name, built):
    doc, _ = built[name]
    assert similarity(narrative(doc), seed_text(name)) >= 0.98


def test_items_compare_with_last_years_execution_and_compute_the_percentage(built):
    text = narrative(built["2026-shanghai-putuo-sifaju"][0])
    assert ("1、公共安全支出（204类）司法（06款）行政运行（01项）1672.67万元。主要用于：行政单位的基本支出。"
            "2025年当年预算执行数为1690.69万元，2026年预算安排1672.67万元，比2025年预算执行数减少1.07%。"
            "主要原因是：部分人员退休。") in text
    assert "比2025年预算执行数增加17.62%" in text  # 3269.3 → 3845.49, the department's 43269.3 is a typo
    assert "2026年上海市普陀区司法局下属1家机关和1家参公事业单位财政拨款的机关运行经费预算为217.83万元。" in text
    assert "本部门2个预算单位开展了2026年项目预算绩效目标编报工作，编报绩效目标的项目20个" in text
    assert "2026年本部门面向中小企业预留政府采购项目预算金额1486.42万元" in text
    assert "五、部门预算表\n\n1." in text and "\n## 五、" not in text and "预算图示" not in text


def test_a_large_change_without_its_reason_is_an_error(tmp_path):
    """C351: 信息化建设 rises 277% over last year's execution; without its reason the spec does not build."""
    spec = (ROOT / "specs" / "2026-shanghai-putuo-sifaju-unit.yaml").read_text("utf-8")
    cut = spec.replace('    "2040613": 业务量增加。\n', '    "2040613": ""\n', 1)
    assert cut != spec
    (tmp_path / "u.yaml").write_text(cut, "utf-8")
    problems = check(tmp_path / "u.yaml")
    assert [p.message for p in problems if p.code == "C351"] == [
        "信息化建设（2040613）比上年增加277%，须在“概况.功能科目变动原因.2040613”中写明原因"]


def test_spec_house_style_text_is_read_as_the_formats_type(tmp_path):
    """A spec's `千分位: false` (YAML text to our loader) turns the separators off, as the department's tables print."""
    doc = load_document(ROOT / "specs" / "2026-shanghai-putuo-sifaju.yaml")
    assert doc.house["各表"]["收入预算总表"]["千分位"] is False
    assert doc.house["三公合计持平"] == "比"
    bad = (ROOT / "specs" / "2026-shanghai-putuo-sifaju-unit.yaml").read_text("utf-8").replace(
        "三公比较口径: 预算数", "三公比较口径: 上年", 1)
    (tmp_path / "u.yaml").write_text(bad, "utf-8")
    with pytest.raises(SpecError) as caught:
        load_document(tmp_path / "u.yaml")
    assert [p.code for p in caught.value.problems] == ["E237"]


def test_an_item_without_last_years_execution_is_named(tmp_path):
    """The per-item comparison needs 上年执行数 for every function 项 with 财政拨款: a missing one is E240, by its path."""
    spec = (ROOT / "specs" / "2026-shanghai-putuo-sifaju-unit.yaml").read_text("utf-8")
    cut = spec.replace('  "2040613": 604100\n', "", 1)
    assert cut != spec
    (tmp_path / "u.yaml").write_text(cut, "utf-8")
    with pytest.raises(SpecError) as caught:
        narrative(load_document(tmp_path / "u.yaml"))
    assert [(p.code, p.message) for p in caught.value.problems] == [
        ("E240", "文字部分需要“上年执行数.2040613”，规格中没有填写")]


@pytest.mark.parametrize("name", list(DOCS))
def test_tables_follow_the_budget_notes_without_a_heading_of_their_own(name):
    """As published: the nine tables come right after the 编制说明, before 其他相关情况说明; no charts."""
    doc = load_document(ROOT / "specs" / f"{name}.yaml")
    tables = sheets(doc)
    blocks = published(doc, tables, narrative(doc)).blocks
    order = [b.kind if b.kind != "heading" else b.text for b in blocks]
    notes = order.index(f"2026年{'单位' if name.endswith('unit') else '部门'}预算编制说明")
    other = order.index("其他相关情况说明")
    assert [i for i, kind in enumerate(order) if kind == "sheet"] == list(range(other - 9, other))
    assert notes < other - 9 and "picture" not in order and all(s.name != "图表" for s in tables)
