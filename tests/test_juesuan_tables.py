"""The nine 决算 tables of a made-up department (tests/juesuan/made-up-juesuan.yaml), as format-neutral cells:
each figure worked out by hand from the spec's lines, income and balances (the comments say how), every formula
recomputed here from the cells and data sheets it names, and the 版式 variants of fact sheet §6 that concern
tables. No LibreOffice: the formulas are evaluated by a small reader of the few forms the tables write."""

from __future__ import annotations

import re
import tempfile
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from generator.build import sheets
from generator.document import load_document
from generator.tables.cells import Sheet

SPEC = Path(__file__).resolve().parent / "juesuan" / "made-up-juesuan.yaml"
TEXT = SPEC.read_text("utf-8")
D = Decimal


@cache
def _built(text: str = TEXT) -> dict[str, Sheet]:
    path = Path(tempfile.mkdtemp()) / "决算.yaml"  # the shipped format: the spec may be anywhere
    path.write_text(text, "utf-8")
    return {sheet.name: sheet for sheet in sheets(load_document(path))}


def _variant(house: str) -> dict[str, Sheet]:
    return _built(TEXT + f"版式: {house}\n")


def _row(sheet: Sheet, label: str, after: int = 0) -> int:
    """The first row at or below `after` with a text cell (not the header's) that reads `label`."""
    found = sorted(r for (r, _), cell in sheet.cells.items() if r >= after and cell.value == label and cell.style != "header")
    assert found, f"{sheet.name} 没有“{label}”"
    return found[0]


def _figures(sheet: Sheet, label: str, first: int, last: int, after: int = 0) -> list[Decimal]:
    r = _row(sheet, label, after)
    return [sheet.cells[(r, c)].value for c in range(first, last + 1)]


def test_income_and_spending_total_table():
    t1 = _built()["收入支出决算总表"]
    assert not t1.landscape
    wan = {label: _figures(t1, label, 1, 1)[0] for label in ("一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入",
                                                            "六、经营收入", "八、其他收入", "本年收入合计", "年初结转和结余")}
    # 1,200,000 + 150,000.50 + 305,000 元; 350,000; 10,000; 30,000; their sum; 100,000 + 5,000
    assert wan == {"一、一般公共预算财政拨款收入": D("165.50005"), "二、政府性基金预算财政拨款收入": D(35), "六、经营收入": D(1),
                   "八、其他收入": D(3), "本年收入合计": D("204.50005"), "年初结转和结余": D("10.5")}
    classes = [t1.cells[(r, 2)].value for r in range(_row(t1, "一、一般公共服务支出"), _row(t1, "本年支出合计"))]
    assert len(classes) == 26 and classes[-1] == "二十六、抗疫特别国债安排的支出" and "二十四、债务还本支出" in classes
    # 201: 1,505,000 一般公共 + 20,000 其他收入 + 10,000 经营; 208: 150,000.50; 212: 400,000 基金
    assert [_figures(t1, n, 3, 3)[0] for n in ("一、一般公共服务支出", "八、社会保障和就业支出", "十一、城乡社区支出", "二、外交支出")] \
        == [D("153.5"), D("15.00005"), D(40), 0]
    assert _figures(t1, "本年支出合计", 3, 3) == [D("208.50005")]
    assert _figures(t1, "年末结转和结余", 3, 3) == [D("6.5")]  # 50,000 + 15,000
    totals = [t1.cells[(r, c)].value for (r, c), cell in t1.cells.items() if cell.value == "总计" for c in (c + 1,)]
    assert totals == [D("215.00005"), D("215.00005")]  # 204.50005 + 0 + 10.5 = 208.50005 + 0 + 6.5


def test_income_table_by_function():
    t2 = _built()["收入决算表"]
    head = _row(t2, "合计")
    assert head < _row(t2, "201")  # 合计 first
    # 本年收入合计, 财政拨款, 上级补助, 事业, 经营, 附属单位, 其他
    assert _figures(t2, "合计", 2, 8) == [D("204.50005"), D("200.50005"), 0, 0, D(1), 0, D(3)]
    assert _figures(t2, "2010101", 2, 8) == [D(124), D(120), 0, 0, D(1), 0, D(3)]
    assert _figures(t2, "2120805", 2, 3) == [D(35), D(35)]
    assert (head, 0, head, 1) in t2.merges  # 合计 across the code and name columns


def test_spending_table_by_function_and_nature():
    t3 = _built()["支出决算表"]
    # 本年支出合计, 基本, 项目, 上缴上级, 经营, 对附属单位补助
    assert _figures(t3, "合计", 2, 7) == [D("208.50005"), D("137.00005"), D("70.5"), 0, D(1), 0]
    assert _figures(t3, "2010101", 2, 7) == [D(123), D(122), 0, 0, D(1), 0]
    assert _row(t3, "合计") < _row(t3, "201")


def test_fiscal_total_table():
    t4 = _built()["财政拨款收入支出决算总表"]
    assert _figures(t4, "本年收入合计", 1, 1) == [D("200.50005")]
    assert _figures(t4, "年初财政拨款结转和结余", 1, 1) == [D(10)]
    below = _row(t4, "年初财政拨款结转和结余")
    assert _figures(t4, "二、政府性基金预算财政拨款", 1, 1, after=below) == [D(10)]  # the 年初 sub-row
    assert _figures(t4, "十一、城乡社区支出", 3, 6) == [D(40), 0, D(40), 0]
    assert _figures(t4, "本年支出合计", 3, 6) == [D("205.50005"), D("165.50005"), D(40), 0]
    assert _figures(t4, "年末财政拨款结转和结余", 3, 6) == [D(5), 0, D(5), 0]
    total = _row(t4, "总计")
    assert [t4.cells[(total, c)].value for c in (1, 3, 4, 5, 6)] == [D("210.50005"), D("210.50005"), D("165.50005"),
                                                                     D(45), 0]
    assert len([r for (r, c), cell in t4.cells.items() if c == 2 and str(cell.value).endswith("支出") and "、" in
                str(cell.value)]) == 26


def test_general_budget_tables():
    t5 = _built()["一般公共预算财政拨款支出决算表"]
    assert not t5.landscape and _row(t5, "合计") > _row(t5, "2080505")  # 合计 last
    assert _figures(t5, "合计", 2, 4) == [D("165.50005"), D("135.00005"), D("30.5")]
    assert "2120805" not in {cell.value for cell in t5.cells.values()}  # 基金 spending is not 一般公共预算
    t6 = _built()["一般公共预算财政拨款基本支出决算表"]
    assert not t6.landscape
    assert _figures(t6, "30101", 2, 2) == [D(100)] and _figures(t6, "30108", 2, 2) == [D("15.00005")]
    assert _figures(t6, "30201", 5, 5) == [D(20)]  # 其他收入's 20,000 of 30201 is no 财政拨款
    assert _figures(t6, "人员经费合计", 2, 2) == [D("115.00005")] and _figures(t6, "公用经费合计", 5, 5) == [D(20)]
    codes = {cell.value for (_, c), cell in t6.cells.items() if c in (0, 3)}
    assert {"30306", "30399", "31099", "303", "310"} <= codes
    assert _row(t6, "人员经费合计") == _row(t6, "公用经费合计") == _row(t6, "31099") + 1


def test_three_public_table():
    t7 = _built()["财政拨款三公经费支出决算表"]
    row = [t7.cells[(t7.rows - 2, c)] for c in range(12)]
    # 预算数 from 三公经费预算数 (公务接待费 8,000 元), 决算数 from 30217 财政拨款 lines (5,000 元)
    assert [c.value for c in row] == [D("0.8"), D("0.5"), 0, 0, 0, 0, 0, 0, 0, 0, D("0.8"), D("0.5")]
    assert row[10].formula is None and row[11].formula.startswith("SUMIFS(决算明细_决算数")


def test_three_public_budget_left_out_is_zero():
    start = TEXT.index("三公经费预算数:")
    built = _built(TEXT[:start] + TEXT[TEXT.index("\n", start) + 1:])
    t7 = built["财政拨款三公经费支出决算表"]
    assert [t7.cells[(t7.rows - 2, c)].value for c in (0, 1, 10, 11)] == [0, D("0.5"), 0, D("0.5")]


def test_fund_tables_roll_forward():
    t8 = _built()["政府性基金预算财政拨款收入支出决算表"]
    # 年初 100,000 + 收入 350,000 − 支出 400,000 = 年末 50,000
    assert _figures(t8, "合计", 2, 7) == [D(10), D(35), D(40), 0, D(40), D(5)]
    assert _figures(t8, "2120805", 2, 7) == [D(10), D(35), D(40), 0, D(40), D(5)]
    assert _row(t8, "合计") < _row(t8, "212")
    t9 = _built()["国有资本经营预算财政拨款收入支出决算表"]
    notes = [cell.value for cell in t9.cells.values() if str(cell.value).startswith("说明：")]
    assert notes == ["说明：上海市示例区测试局本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。"]
    assert not [c for c in t8.cells.values() if str(c.value).startswith("说明：")]


def test_pages_follow_the_published_orientation():
    portrait = {name for name, sheet in _built().items() if not sheet.landscape}
    assert portrait == {"收入支出决算总表", "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表"}


def test_no_line_is_left_out_of_a_fixed_row():
    assert all(not sheet.left_out for sheet in _built().values())


def test_publisher_variants():
    """财政局's tables (fact sheet §6): no notes, its T1 and T7 labels, 小计 and 合计 last in T8, no 30306, and
    社会工作部's T6 printing 0.00."""
    cz = _variant("{表注: false, 使用非财政拨款结余称谓: 使用非财政拨款结余（含专用结余）, 三公表用车: 运行费, "
                  "基金表支出合计: 小计, 基金表合计行: 末行, 基本支出表不列: [\"30306\"], 功能编码表头: 支出功能分类科目编码}")
    texts = {name: {c.value for c in s.cells.values() if isinstance(c.value, str)} for name, s in cz.items()}
    assert not any(t.startswith("注：本表反映") for name in texts for t in texts[name])
    assert "使用非财政拨款结余（含专用结余）" in texts["收入支出决算总表"]
    assert {"公务用车购置及运行费", "公务用车运行费"} <= texts["财政拨款三公经费支出决算表"]
    assert {"小计", "支出功能分类科目编码"} <= texts["政府性基金预算财政拨款收入支出决算表"]
    t8 = cz["政府性基金预算财政拨款收入支出决算表"]
    assert _row(t8, "合计") > _row(t8, "2120805")
    assert "30306" not in texts["一般公共预算财政拨款基本支出决算表"]
    assert "30306" in {c.value for c in _built()["一般公共预算财政拨款基本支出决算表"].cells.values()}
    sh = _variant("{各表: {一般公共预算财政拨款基本支出决算表: {零值: \"0.00\"}}}")
    t6 = sh["一般公共预算财政拨款基本支出决算表"]
    assert t6.cells[(_row(t6, "30102"), 2)].num_format == "#,##0.00;-#,##0.00;0.00;@"


def test_code_columns_split_as_the_finance_bureau_prints_them():
    """版式.编码列 分列: 类 | 款 | 项 in three columns (201 | 06 | 01), T6 类 | 款; the figures stay the same."""
    split = _variant("{编码列: 分列}")
    t3 = split["支出决算表"]
    row = _row(t3, "行政运行")
    assert [t3.cells[(row, c)].value for c in range(4)] == ["201", "01", "01", "行政运行"]
    assert [t3.cells[(_row(t3, "人大事务"), c)].value for c in range(2)] == ["201", "01"]
    assert [t3.cells[(row, c)].value for c in range(4, 10)] == \
        _figures(_built()["支出决算表"], "2010101", 2, 7)
    total = _row(t3, "合计")
    assert (total, 0, total, 3) in t3.merges and {"类", "款", "项"} <= {c.value for c in t3.cells.values()}
    t6 = split["一般公共预算财政拨款基本支出决算表"]
    assert [t6.cells[(_row(t6, "基本工资"), c)].value for c in range(4)] == ["301", "01", "基本工资", D(100)]
    assert _figures(t6, "人员经费合计", 3, 3) == [D("115.00005")]
    t8 = split["政府性基金预算财政拨款收入支出决算表"]
    assert _figures(t8, "补助被征地农民支出", 4, 9) == [D(10), D(35), D(40), 0, D(40), D(5)]
    assert all(not sheet.left_out for sheet in split.values())


def test_empty_fund_table_note_from_the_house_style():
    cz = _variant("{各表: {国有资本经营预算财政拨款收入支出决算表: {空表说明: \"注：{部门名称}无国有资本经营预算财政拨款支出，故本表无数据。\"}}}")
    t9 = cz["国有资本经营预算财政拨款收入支出决算表"]
    assert "注：上海市示例区测试局无国有资本经营预算财政拨款支出，故本表无数据。" in {c.value for c in t9.cells.values()}


# ---- the formulas, recomputed from the cells and data sheets they name ----

_CELL = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]+)")


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


class _Book:
    """The few formula forms the tables write: SUMIFS over named data columns (several added), SUM over ranges or a
    named data column,
    + and − of cells, ROUND, and a division by the table's divisor."""

    def __init__(self, built: dict[str, Sheet]) -> None:
        self.columns: dict[str, list] = {}
        for sheet in built.values():
            for name, ref in sheet.names.items():
                letters = _CELL.findall(ref.split("!")[1])[0][0]
                col = _column(letters)
                self.columns[name] = [sheet.cells[(r, col)].value for r in range(1, sheet.rows)]

    def sumifs(self, args: str) -> Decimal:
        parts = [p.strip() for p in args.split(",")]
        values, pairs = self.columns[parts[0]], list(zip(parts[1::2], parts[2::2], strict=True))
        total = D(0)
        for i, value in enumerate(values):
            if all(self.columns[name][i] == wanted.strip('"')[1:] for name, wanted in pairs):
                total += value
        return total

    def evaluate(self, sheet: Sheet, formula: str) -> Decimal:
        def cell(m: re.Match) -> Decimal:
            found = sheet.cells.get((int(m.group(2)) - 1, _column(m.group(1))))
            return found.value if found is not None and isinstance(found.value, Decimal) else D(0)

        def cells(ref: str) -> list[Decimal]:
            if ref in self.columns:  # SUM over a whole data column (a row without criteria)
                return [v for v in self.columns[ref] if isinstance(v, Decimal)]
            ends = [(int(r) - 1, _column(c)) for c, r in _CELL.findall(ref)]
            (r1, c1), (r2, c2) = ends[0], ends[-1]
            return [cell(_CELL.match(f"{chr(65 + c)}{r + 1}")) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]

        expr = re.sub(r"SUMIFS\(([^()]*)\)", lambda m: f'D("{self.sumifs(m.group(1))}")', formula)
        expr = re.sub(r"SUM\(([^()]*)\)", lambda m: f'D("{sum((v for ref in m.group(1).split(",") for v in cells(ref)), D(0))}")', expr)
        expr = re.sub(r"ROUND\(([^(),]*),([0-9])\)", r"round(\1,\2)", expr)
        expr = re.sub(r'(?<!["\w])([A-Z]{1,3})([0-9]+)(?![\w"])', lambda m: f'D("{cell(m)}")', expr)
        expr = re.sub(r'(?<![\w".])([0-9]+)(?![\w".])', r'D("\1")', expr)
        return eval(expr, {"D": D, "round": round})  # our own test's expression of our own formulas


def test_every_formula_recomputes_to_its_cached_value():
    built = _built()
    book = _Book(built)
    checked = 0
    for sheet in built.values():
        for (r, c), cell in sheet.cells.items():
            if cell.formula:
                assert book.evaluate(sheet, cell.formula) == cell.value, f"{sheet.name}!{r + 1},{c + 1}: {cell.formula}"
                checked += 1
    assert checked > 400


def test_figures_are_formulas_but_the_specs_own():
    """Every table amount is a formula over the data sheets or other cells, except what the spec enters itself:
    使用非财政拨款结余, 结余分配 (T1) and the 三公 预算数 (T7)."""
    entered = []
    for name, sheet in _built().items():
        if name in ("决算明细", "收入明细", "结转结余"):
            continue
        for (r, c), cell in sheet.cells.items():
            if isinstance(cell.value, Decimal) and cell.formula is None:
                entered.append((name, r, c))
    assert {name for name, _, _ in entered} == {"收入支出决算总表", "财政拨款三公经费支出决算表"}
    assert len([e for e in entered if e[0] == "收入支出决算总表"]) == 2
    assert len([e for e in entered if e[0] == "财政拨款三公经费支出决算表"]) == 4


@pytest.mark.parametrize("name", ["决算明细", "收入明细", "结转结余"])
def test_data_sheets_hold_the_specs_records(name):
    sheet = _built()[name]
    rows = {"决算明细": 8, "收入明细": 6, "结转结余": 2}[name]
    assert sheet.rows == rows + 1
    header = [sheet.cells[(0, c)].value for c in range(max(c for (r, c) in sheet.cells if r == 0) + 1)]
    assert {"决算明细": "全年预算数（元）", "收入明细": "资金来源", "结转结余": "年末结转和结余（元）"}[name] in header
