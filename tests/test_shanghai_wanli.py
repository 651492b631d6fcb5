"""万里街道 2023 and 2024 (formats shanghai-2023 and shanghai-2024): every figure the published tables print
appears in the same row and column of our workbook after LibreOffice recalculated it, compared as displayed
text (the cell's number format applied: whole yuan, thousands separators, a zero as blank or "0"), and the
text part matches the seed's.

Golden data: tests/golden/<name>.txt (cells as printed) and <name>.text.txt, transcribed from the seeds.
Where the published document contradicts itself or misprints a cell, SLIPS names the cell, both sides and
which side budgetgen prints; every other cell must be equal, and every slip must still be found.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.build import narrative, sheets, workbook
from generator.document import load_document
from generator.house import amount_format
from generator.tables.cells import printed

from .golden import load_golden, normal
from .libreoffice import recalculate, soffice
from .textcompare import seed_text, similarity

ROOT = Path(__file__).resolve().parent.parent
NAMES = {"2023-shanghai-putuo-wanli-jiedao": 2023, "2024-shanghai-putuo-wanli-jiedao": 2024}
FIGURE = re.compile(r"^-?[\d,]+(\.\d+)?$")
NOTE_9 = "注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。"

# (document, sheet, golden row (1-based within the sheet), column): (printed, ours, why) — the only cells allowed to differ.
SLIPS = {
    ("2024-shanghai-putuo-wanli-jiedao", "一般公共预算基本支出经济分类预算表", 3, 1):
        ("2", "02", "款码印作“2”（津贴补贴 30102）；budgetgen 印两位款码 02"),
    ("2024-shanghai-putuo-wanli-jiedao", "一般公共预算基本支出经济分类预算表", 4, 1):
        ("7", "07", "款码印作“7”（绩效工资 30107）；budgetgen 印两位款码 07"),
    ("2024-shanghai-putuo-wanli-jiedao", "三公经费和机关运行经费预算表", 2, 0):
        (NOTE_9, "", "表下印“本表为空表”的注，而本表有数（47.91 万元、机关运行经费 443.18 万元，文字同）；"
                     "budgetgen 印出数字，不印这条注"),
}


@pytest.fixture(scope="module")
def docs():
    return {name: load_document(ROOT / "specs" / f"{name}.yaml") for name in NAMES}


@pytest.fixture(scope="module")
def books(docs, tmp_path_factory):
    """Each workbook as built (number formats) and as LibreOffice recalculated it (values)."""
    if soffice() is None:
        pytest.fail("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc")
    folder = tmp_path_factory.mktemp("wanli")
    built = {}
    for name, doc in docs.items():
        built[name] = folder / f"{name}.xlsx"
        built[name].write_bytes(workbook(doc))
    out = recalculate(list(built.values()), folder)
    return {name: (openpyxl.load_workbook(path), openpyxl.load_workbook(out[path], data_only=True))
            for name, path in built.items()}


def _text(value: str) -> str:
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
    return folded.replace("“", '"').replace("”", '"')


def _shown(formats, values, row: int, col: int) -> str:
    """A cell as displayed: the recalculated value under the number format our workbook gives it."""
    value = values.cell(row, col).value
    if isinstance(value, (int, float)):
        return printed(Decimal(str(round(value, 8))), formats.cell(row, col).number_format)
    return "" if value is None else _text(str(value))


def _differences(name: str, doc, book) -> tuple[list[tuple], int]:
    """Every golden cell whose displayed text differs from ours, and how many figures were compared."""
    formats, values = book
    golden = load_golden(f"{name}.txt")
    layouts = {normal(s.name): s for s in sheets(doc)}
    found, figures = [], 0
    for sheet, rows in golden.items():
        layout = layouts[sheet]
        first = layout.repeat_rows[1] + 2
        for i, row in enumerate(rows):
            for j, cell in enumerate(row):
                expected = _text(cell)
                figures += bool(FIGURE.match(expected))
                got = _shown(formats[layout.name], values[layout.name], first + i, j + 1)
                if got != expected:
                    found.append((sheet, i + 1, j, expected, got))
    return found, figures


@pytest.mark.parametrize(("name", "figures"), [("2023-shanghai-putuo-wanli-jiedao", 1169),
                                               ("2024-shanghai-putuo-wanli-jiedao", 1402)])
def test_every_printed_figure_in_place_as_displayed(name, figures, docs, books):
    found, counted = _differences(name, docs[name], books[name])
    slips = {key[1:]: value for key, value in SLIPS.items() if key[0] == name}
    unexplained = [f for f in found if f[:3] not in slips or (f[3], f[4]) != _text_pair(slips[f[:3]])]
    assert not unexplained, unexplained[:5]
    assert {f[:3] for f in found} == set(slips), "a slip listed in SLIPS is no longer found"
    assert counted == figures


def _text_pair(slip: tuple[str, str, str]) -> tuple[str, str]:
    return _text(slip[0]), _text(slip[1])


def _without_appendix(text: str) -> str:
    """Our text without the 绩效目标 forms (the golden text leaves those tables out, as it leaves the nine tables)."""
    return text.split("## 绩效目标", 1)[0]


@pytest.mark.parametrize("name", NAMES)
def test_text_matches_the_seed(name, docs):
    assert similarity(_without_appendix(narrative(docs[name])), seed_text(name)) >= 0.98


def test_running_costs_count_the_administrative_units_only(docs, books):
    """机关运行经费 (table 9, text) is below table 8's 公用经费: the department's 事业单位 do not count."""
    for name, running in (("2023-shanghai-putuo-wanli-jiedao", "786.09"), ("2024-shanghai-putuo-wanli-jiedao", "443.18")):
        formats, values = books[name]
        sheet = "三公经费和机关运行经费预算表"
        first = next(s for s in sheets(docs[name]) if s.name == sheet).repeat_rows[1] + 2
        assert _shown(formats[sheet], values[sheet], first, 7) == running
        assert f"参公事业单位财政拨款的机关运行经费预算为{running}万元" in narrative(docs[name])


# The five 财政项目支出绩效目标填报表 of 2023 as printed (项目名称, 项目资金总额 in yuan), in the document's order.
FORMS_2023 = [("新建万里街道社区公共服务中心", "4,100,000.00"), ("就业援助基地补贴", "6,351,000.00"),
              ("社区环境整治和建设经费", "4,563,800.00"), ("各类工作经费", "7,595,500.00"),
              ("公共服务设施运行经费", "10,903,043.00")]


def test_2023_performance_forms_follow_the_text(docs):
    """2023 ends with 八、绩效目标: one form per project, its funds summed from the project's budget lines."""
    text = narrative(docs["2023-shanghai-putuo-wanli-jiedao"])
    assert "八、绩效目标" in text.split("## ", 2)[1]
    forms = text.split("## 绩效目标", 1)[1].split("### 财政项目支出绩效目标填报表")[1:]
    assert [re.search(r"\| 项目名称 \| (.+?) \|", f).group(1) for f in forms] == [name for name, _ in FORMS_2023]
    for form, (_, total) in zip(forms, FORMS_2023, strict=True):
        assert f"| 项目资金总额 | {total} | 年度资金申请总额 | {total} |" in form
        assert f"| 其中：财政资金 | {total} | 其中：当年财政拨款 | {total} |" in form
    # The published form of 公共服务设施运行经费 prints 其中：当年财政拨款 11,419,043.00 under a total of 10,903,043.00;
    # budgetgen prints the budget lines' 10,903,043.00 in both (the spec's 已知差异 says so).
    assert "11,419,043.00" not in text


@pytest.mark.parametrize("name", NAMES)
def test_no_table_list_or_chart_section_in_the_body(name, docs):
    """Published Shanghai documents print the tables after the 编制说明, under no heading of their own, and no charts."""
    text = narrative(docs[name])
    assert not re.search(r"^## 五、", text, re.M) and "预算图示" not in text
    assert docs[name].house["图表"] is False


def test_general_decimals_drop_trailing_zeros():
    """小数位 通用: the 三公 table prints 25, 21.56 and 0 as Excel's General format does."""
    fmt = amount_format({"表格小数位": 0, "各表": {"三公": {"小数位": "通用", "零值": "0"}}}, "三公", None)
    assert [printed(Decimal(v), fmt) for v in ("25.00", "21.56", "0", "443.18")] == ["25", "21.56", "0", "443.18"]


# Sentences where the published text contradicts itself or its tables (tests/golden/*.contradictions.md):
# (document, what the seed prints, what budgetgen prints, why).
TEXT_SLIPS = [
    ("2024-shanghai-putuo-wanli-jiedao", "2024年预算安排352.67万元，比2023年预算执行数增加0.53%",
     "2024年预算安排350.35万元，比2023年预算执行数增加0.53%",
     "住房公积金：重述的预算安排抄了 2023 年的数；budgetgen 重述表 2 的 350.35 万元（开头和百分比也是它）"),
    ("2023-shanghai-putuo-wanli-jiedao", "政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元",
     "政府性基金拨款支出预算0万元，比2022年预算持平",
     "政府性基金两年都为 0，公开文本抄了合计的增加额"),
    ("2023-shanghai-putuo-wanli-jiedao", "2023年预算安排45.41万元，比2022年预算执行数增加314.82%",
     "2023年预算安排45.41万元，比2022年预算执行数增加289.12%",
     "群众团体事务：百分比与执行数 11.67 万元、预算 45.41 万元不符；budgetgen 由金额算出"),
    ("2023-shanghai-putuo-wanli-jiedao", "2023年预算安排441.25万元，比2022年预算执行数增加60.54%。主要原因是：事业单位离退休",
     "2023年预算安排220.63万元，比2022年预算执行数增加66.40%。主要原因是：事业单位离退休",
     "职业年金：重述的预算安排和百分比抄自上一项；budgetgen 印表 2 的 220.63 万元和算得的百分比（原因是规格的文字，照印）"),
]


@pytest.mark.parametrize(("name", "printed_", "ours", "why"), TEXT_SLIPS)
def test_text_contradictions_print_the_tables_side(name, printed_, ours, why, docs):
    text = _text(narrative(docs[name]))
    assert _text(printed_) in _text(seed_text(name)), why
    assert _text(ours) in text and _text(printed_) not in text, why
