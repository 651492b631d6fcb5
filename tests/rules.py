"""The cross-table rules of ../shared/domain.md (勾稽关系), checked on a recalculated workbook.

Independent of our model: rows and columns are found by the labels a reader sees, and
every figure is the value LibreOffice computed. Each rule returns what it found wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

TOLERANCE = 1e-6
_LEI = re.compile(r"^[一二三四五六七八九十]+、")


class Table:
    """A recalculated sheet: header rows above `first`, body rows below, values as a grid."""

    def __init__(self, ws, first: int) -> None:
        grid = [[c.value for c in row] for row in ws.iter_rows()]
        self.head, self.body = grid[:first], grid[first:]

    @classmethod
    def of_sheet(cls, sheet) -> Table:
        """Our own format-neutral sheet with our cached values, for rules checked without LibreOffice."""
        width = 1 + max(c for _, c in sheet.cells)
        grid = [[None] * width for _ in range(sheet.rows)]
        for (r, c), cell in sheet.cells.items():
            grid[r][c] = float(cell.value) if isinstance(cell.value, Decimal) else cell.value
        table = cls.__new__(cls)
        first = sheet.repeat_rows[1] + 1
        table.head, table.body = grid[:first], grid[first:]
        return table

    def col(self, label: str) -> int:
        for row in self.head:
            for i, value in enumerate(row):
                if _text(value) == label:
                    return i
        raise KeyError(label)

    def rows(self, col: int, label: str) -> list[list]:
        return [row for row in self.body if _text(row[col] if col < len(row) else None) == label]

    def value(self, col: int, label: str, at: int) -> float:
        found = self.rows(col, label)
        if not found:
            raise KeyError(label)
        return num(found[0][at])


def _text(value: object) -> str:
    return re.sub(r"\s+", "", str(value)) if value is not None else ""


def num(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


def differ(a: float, b: float) -> bool:
    return abs(a - b) > TOLERANCE


RULES: list[Callable] = []


def rule(func: Callable) -> Callable:
    RULES.append(func)
    return func


def check_workbook(tables: dict[str, Table], department: str, units: list[str]) -> list[str]:
    """Every rule's findings on one document's tables (absent tables are skipped)."""
    found: list[str] = []
    for func in RULES:
        try:
            found += func(tables, department, units)
        except KeyError:
            continue
    return found


def _unit_total(table: Table, department: str, units: list[str], col: int) -> float:
    """A table's total in one column: the department row, or the sum of the unit rows."""
    dept = table.rows(0, department) if department not in units else []
    if dept:
        return num(dept[0][col])
    rows = [table.rows(0, u)[0] for u in units if table.rows(0, u)]
    if not rows:
        raise KeyError(department)
    return sum(num(r[col]) for r in rows)


@rule
def income_and_spending_totals(t: dict[str, Table], *_) -> list[str]:
    """收支总表: 收入总计 = 支出总计; 本年收入合计 = its sources; 本年支出合计 = the function 类."""
    s = t["收支总表"]
    out = []
    income, spending = s.value(0, "收入总计", 1), s.value(2, "支出总计", 3)
    if differ(income, spending):
        out.append(f"收支总表 收入总计 {income} ≠ 支出总计 {spending}")
    parts = sum(s.value(0, k, 1) for k in ("一、政府预算拨款", "二、财政专户管理资金", "三、单位资金"))
    if differ(parts, s.value(0, "本年收入合计", 1)):
        out.append("收支总表 本年收入合计 ≠ 各来源之和")
    lei = sum(num(r[3]) for r in s.body if _LEI.match(_text(r[2])))
    if differ(lei, s.value(2, "本年支出合计", 3)):
        out.append(f"收支总表 本年支出合计 ≠ 各类之和 {lei}")
    return out


def _code_rows(table: Table) -> list[list]:
    return [r for r in table.body if re.fullmatch(r"\d{3,7}", _text(r[1]))]


def _blocks(table: Table) -> list[tuple[list, list[list]]]:
    """Each unit row with the classification rows (code in the second column) below it."""
    blocks: list[tuple[list, list[list]]] = []
    for row in table.body:
        if re.fullmatch(r"\d{3,7}", _text(row[1])) and blocks:
            blocks[-1][1].append(row)
        else:
            blocks.append((row, []))
    return [b for b in blocks if b[1]]


@rule
def trees_add_up(t: dict[str, Table], *_) -> list[str]:
    """Unit row = its 类, every 类 = its 款, every 款 = its 项; 支出总计 = 基本支出 + 项目支出 in every row."""
    out = []
    for name, table in t.items():
        if "科目编码" not in [_text(v) for row in table.head for v in row]:
            continue
        cols = [table.col(k) for k in ("支出总计", "基本支出", "项目支出")]
        for unit, rows in _blocks(table):
            codes = {_text(r[1]): r for r in rows}
            parents = [(unit[0], unit, [r for c, r in codes.items() if len(c) == 3])]
            parents += [(c, r, [k for k_code, k in codes.items() if k_code.startswith(c) and len(k_code) == len(c) + 2])
                        for c, r in codes.items()]
            for label, row, kids in parents:
                for col in cols:
                    if kids and differ(num(row[col]), sum(num(k[col]) for k in kids)):
                        out.append(f"{name} {label} ≠ 下级科目之和（第 {col + 1} 列）")
        for row in table.body:
            if any(isinstance(row[c], (int, float)) for c in cols):
                if differ(num(row[cols[0]]), num(row[cols[1]]) + num(row[cols[2]])):
                    out.append(f"{name} {row[0] or row[1]} 支出总计 ≠ 基本支出 + 项目支出")
    return out


@rule
def department_is_its_units(t: dict[str, Table], department: str, units: list[str]) -> list[str]:
    """The department row = the sum of its units' rows, in every column of every table that has both."""
    out = []
    for name, table in t.items():
        dept = table.rows(0, department)
        mine = [table.rows(0, u)[0] for u in units if table.rows(0, u)]
        if department in units or not dept or len(mine) != len(units):
            continue
        for col, value in enumerate(dept[0]):
            if isinstance(value, (int, float)) and differ(value, sum(num(r[col]) for r in mine)):
                out.append(f"{name} 部门行第 {col + 1} 列 {value} ≠ 各单位之和")
    return out


@rule
def income_table_matches(t: dict[str, Table], department: str, units: list[str]) -> list[str]:
    """收入总表 total = 收支总表 收入总计; 一般公共预算拨款 小计 = its four parts."""
    income = t["收入总表"]
    out = []
    total = _unit_total(income, department, units, income.col("收入总计"))
    if differ(total, t["收支总表"].value(0, "收入总计", 1)):
        out.append("收入总表 收入总计 ≠ 收支总表 收入总计")
    first = income.col("基本支出拨款")
    for row in income.body:
        if isinstance(row[first - 1], (int, float)) and differ(num(row[first - 1]), sum(num(v) for v in row[first:first + 4])):
            out.append(f"收入总表 {row[0]} 一般公共预算拨款小计 ≠ 四项之和")
    return out


@rule
def basic_and_project_tables_match_spending(t: dict[str, Table], department: str, units: list[str]) -> list[str]:
    """基本支出总表 total = 支出总表 基本支出; 项目支出总表 total = 支出总表 项目支出."""
    spend = t["支出总表"]
    out = []
    for sheet, label in (("基本支出总表", "基本支出"), ("项目支出总表", "项目支出")):
        ours = _unit_total(t[sheet], department, units, t[sheet].col("总计"))
        theirs = sum(num(spend.rows(0, u)[0][spend.col(label)]) for u in units)
        if differ(ours, theirs):
            out.append(f"{sheet} 总计 {ours} ≠ 支出总表 {label} {theirs}")
    return out


@rule
def budget_tables_match_their_source(t: dict[str, Table], department: str, units: list[str]) -> list[str]:
    """一般公共预算、政府性基金、国有资本经营 spending tables total what 收支总表 says each source brings."""
    out = []
    left = t["收支总表"]
    for sheet, label in (("一般公共预算支出表（按功能分类）", "1.一般公共预算拨款"),
                         ("一般公共预算支出表（按经济分类）", "1.一般公共预算拨款"),
                         ("政府性基金预算支出表", "2.政府性基金预算拨款"),
                         ("国有资本经营预算支出表", "3.国有资本经营预算拨款")):
        if sheet in t:
            ours = _unit_total(t[sheet], department, units, t[sheet].col("支出总计"))
            if differ(ours, left.value(0, label, 1)):
                out.append(f"{sheet} 支出总计 {ours} ≠ 收支总表 {label}")
    return out


@rule
def function_and_economic_agree(t: dict[str, Table], department: str, units: list[str]) -> list[str]:
    """The general-budget tables by function and by economic class have the same totals, basic and project."""
    a, b = t["一般公共预算支出表（按功能分类）"], t["一般公共预算支出表（按经济分类）"]
    out = []
    for label in ("支出总计", "基本支出", "项目支出"):
        if differ(_unit_total(a, department, units, a.col(label)), _unit_total(b, department, units, b.col(label))):
            out.append(f"一般公共预算支出表 按功能与按经济分类的{label}不同")
    return out


@rule
def three_public_adds_up(t: dict[str, Table], *_) -> list[str]:
    """三公: 总计 = its parts, 用车 = 购置 + 运行, 增减 = 本年 − 上年, in every unit's block."""
    s = t["三公经费支出表"]
    out = []
    total, car, buy = s.col("总计"), s.col("公务用车购置及运行维护费"), s.col("公务用车购置费")
    rows = [r for r in s.body if isinstance(r[total], (int, float))]
    for r in rows:
        if differ(num(r[total]), num(r[total + 1]) + num(r[total + 2]) + num(r[car])):
            out.append(f"三公经费支出表 {r[1]} 总计 ≠ 各项之和")
        if differ(num(r[car]), num(r[buy]) + num(r[buy + 1])):
            out.append(f"三公经费支出表 {r[1]} 公务用车小计 ≠ 购置费 + 运行维护费")
    for last, now, change in zip(rows[0::3], rows[1::3], rows[2::3], strict=False):
        for col in range(total, len(change)):
            if differ(num(change[col]), num(now[col]) - num(last[col])):
                out.append(f"三公经费支出表 增减变化金额第 {col + 1} 列 ≠ 本年 − 上年")
    return out


@rule
def three_public_is_its_economic_lines(t: dict[str, Table], department: str, units: list[str]) -> list[str]:
    """This year's 三公 figures equal the general-budget economic lines they are made of."""
    s, econ = t["三公经费支出表"], t["一般公共预算支出表（按经济分类）"]
    now = [r for r in s.body if isinstance(r[s.col("总计")], (int, float))][1::3]
    out = []
    for label, code in (("因公出国（境）费", "30212"), ("公务接待费", "30217"),
                        ("公务用车购置费", "31013"), ("公务用车运行维护费", "30231")):
        ours = sum(num(r[s.col(label)]) for r in now)
        lines = sum(num(r[econ.col("支出总计")]) for r in econ.body if _text(r[1]) == code)
        if differ(ours, lines):
            out.append(f"三公经费支出表 {label} {ours} ≠ 经济科目 {code} {lines}")
    return out


@rule
def performance_tasks_add_up(t: dict[str, Table], *_) -> list[str]:
    """整体支出绩效目标表: 总额 = 财政拨款 + 其他资金 in every task row; 金额合计 = the tasks above it."""
    s = t["整体支出绩效目标表"]
    out, tasks = [], []
    for row in s.body:
        if not all(isinstance(v, (int, float)) for v in row[3:6]):
            continue
        if _text(row[2]) == "金额合计":
            for col in (3, 4, 5):
                if differ(num(row[col]), sum(num(r[col]) for r in tasks)):
                    out.append(f"整体支出绩效目标表 金额合计第 {col + 1} 列 ≠ 各任务之和")
            tasks = []
            continue
        if differ(num(row[3]), num(row[4]) + num(row[5])):
            out.append(f"整体支出绩效目标表 {row[1]} 总额 ≠ 财政拨款 + 其他资金")
        tasks.append(row)
    return out
