"""§7 rules 1–33 on the nine tables as printed: within each table, then across tables (rule numbers of
../shared/juesuan.md §7 in each docstring). Each returns the contradictions found, placed at table, row and column."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from ..catalogs import load_catalog, source_groups
from ..juesuan_model import FISCAL
from ..problems import Problem
from .printed import ZERO, Printed, Row, Table, Tree, across, find, layout, same, sum_rule, tree_sums, value

FUNDS = tuple(s for s, group in source_groups("决算资金来源.csv").items() if group == FISCAL)
TableRule = Callable[[Printed], Iterable[Problem]]
TABLE_RULES: list[TableRule] = []


def rule(func: TableRule) -> TableRule:
    TABLE_RULES.append(func)
    return func


def _sides(doc: Printed, key: str) -> tuple[Table, list[Row], list[Row]] | None:
    table = doc.table(key)
    return (table, table.side("收入"), table.side("支出")) if table is not None else None


@rule
def t1_totals(doc: Printed) -> Iterable[Problem]:
    """C401–C403 (rules 1–5): T1 本年收入合计 = Σ 一…八; 本年支出合计 = Σ 类; 总计 left and right of their parts, equal."""
    if (found := _sides(doc, "T1")) is None:
        return
    _, left, right = found
    col = "决算数"
    income, spending = find(left, "本年收入合计"), find(right, "本年支出合计")
    rows = [find(left, name) for name in layout()["收入"]["T1"]]
    yield from sum_rule("C401", doc.place("T1", income, col), "本年收入合计", value(income, col), [value(r, col) for r in rows])
    classes = [r for r in right if r.name in layout()["类"].values()]
    yield from sum_rule("C402", doc.place("T1", spending, col), "本年支出合计", value(spending, col),
                        [value(r, col) for r in classes])
    left_total, right_total = find(left, "总计"), find(right, "总计")
    yield from sum_rule("C403", doc.place("T1", left_total, col), "总计（收入）", value(left_total, col),
                        [value(income, col), value(find(left, "使用非财政拨款结余"), col), value(find(left, "年初结转和结余"), col)],
                        "本年收入合计 + 使用非财政拨款结余 + 年初结转和结余")
    yield from sum_rule("C403", doc.place("T1", right_total, col), "总计（支出）", value(right_total, col),
                        [value(spending, col), value(find(right, "结余分配"), col), value(find(right, "年末结转和结余"), col)],
                        "本年支出合计 + 结余分配 + 年末结转和结余")
    yield from same("C403", doc.place("T1", right_total, col), ("收入总计", value(left_total, col)),
                    ("支出总计", value(right_total, col)))


@rule
def row_sums(doc: Printed) -> Iterable[Problem]:
    """C404 (rules 6, 7, 8, 10, 17): in each row, the total column = Σ its parts."""
    columns = layout()["列"]
    yield from across(doc, "T2", columns["T2"][0], columns["T2"][1:])
    yield from across(doc, "T3", columns["T3"][0], columns["T3"][1:])
    yield from across(doc, "T5", "合计", ["基本支出", "项目支出"])
    yield from across(doc, "T4", "合计", FUNDS)
    for key in ("T8", "T9"):
        yield from across(doc, key, "本年支出合计", ["基本支出", "项目支出"])


@rule
def hierarchies(doc: Printed) -> Iterable[Problem]:
    """C405 (rule 9): 类 = Σ 款 = Σ 项 and 合计 = Σ 类 in T2, T3, T5, T8, T9."""
    for key in ("T2", "T3", "T5", "T8", "T9"):
        yield from tree_sums(doc, key)


def table4(doc: Printed) -> dict[str, Row | None] | None:
    """T4's named rows: 收入 一/二/三, 本年收入合计, 年初 and its 一/二/三, 总计 on each side."""
    if (found := _sides(doc, "T4")) is None:
        return None
    _, left, right = found
    named: dict[str, Row | None] = {f"收入·{f}": find(left, f) for f in FUNDS}
    named |= {f"年初·{f}": find(left, f, 1) for f in FUNDS}
    for label in ("本年收入合计", "年初财政拨款结转和结余", "总计"):
        named[f"左·{label}"] = find(left, label)
    for label in ("本年支出合计", "年末财政拨款结转和结余", "总计"):
        named[f"右·{label}"] = find(right, label)
    return named


@rule
def t4_totals(doc: Printed) -> Iterable[Problem]:
    """C406 (rules 11–13): T4 column sums, 年初 = Σ its sub-rows, 总计 = 本年 + 结转结余 on each side, left = right."""
    if (n := table4(doc)) is None:
        return
    col, right = "决算数", doc.table("T4").side("支出")  # type: ignore[union-attr]
    classes = [r for r in right if r.name in layout()["类"].values()]
    for column in ("合计", *FUNDS):
        yield from sum_rule("C406", doc.place("T4", n["右·本年支出合计"], column), f"本年支出合计（{column}）",
                            value(n["右·本年支出合计"], column), [r.get(column) for r in classes])
        yield from sum_rule("C406", doc.place("T4", n["右·总计"], column), f"支出总计（{column}）", value(n["右·总计"], column),
                            [value(n["右·本年支出合计"], column), value(n["右·年末财政拨款结转和结余"], column)])
    yield from sum_rule("C406", doc.place("T4", n["左·本年收入合计"], col), "本年收入合计", value(n["左·本年收入合计"], col),
                        [value(n[f"收入·{f}"], col) for f in FUNDS])
    yield from sum_rule("C406", doc.place("T4", n["左·年初财政拨款结转和结余"], col), "年初财政拨款结转和结余",
                        value(n["左·年初财政拨款结转和结余"], col), [value(n[f"年初·{f}"], col) for f in FUNDS])
    yield from sum_rule("C406", doc.place("T4", n["左·总计"], col), "收入总计", value(n["左·总计"], col),
                        [value(n["左·本年收入合计"], col), value(n["左·年初财政拨款结转和结余"], col)])
    yield from same("C406", doc.place("T4", n["右·总计"], "合计"), ("收入总计", value(n["左·总计"], col)),
                    ("支出总计", value(n["右·总计"], "合计")))


@rule
def roll_forward(doc: Printed) -> Iterable[Problem]:
    """C407 (rules 14, 17): per fund of T4 and per row of T8/T9, 年初 + 本年收入 = 本年支出 + 年末."""
    if (n := table4(doc)) is not None:
        for fund in FUNDS:
            start, income = value(n[f"年初·{fund}"], "决算数"), value(n[f"收入·{fund}"], "决算数")
            spent, end = value(n["右·本年支出合计"], fund), value(n["右·年末财政拨款结转和结余"], fund)
            yield from sum_rule("C407", doc.place("T4", n["右·年末财政拨款结转和结余"], fund), f"{fund}的年初结转结余与本年收入之和",
                                start + income, [spent, end], "本年支出 + 年末结转和结余")
    for key in ("T8", "T9"):
        for row in (table.rows if (table := doc.table(key)) is not None else ()):
            yield from sum_rule("C407", doc.place(key, row, "年末结转和结余"), f"“{row.name}”的年初结转和结余 + 本年收入",
                                row.get("年初结转和结余") + row.get("本年收入"),
                                [row.get("本年支出合计"), row.get("年末结转和结余")], "本年支出合计 + 年末结转和结余")


def _t6(table: Table) -> dict[str, Row]:
    return {r.code: r for r in table.rows if r.code}


@rule
def t6_sums(doc: Printed) -> Iterable[Problem]:
    """C405, C408 (rule 15): T6 301/302/303/310 = Σ their 款; 人员经费合计 = 301 + 303; 公用经费合计 = 302 + 310."""
    if (table := doc.table("T6")) is None:
        return
    coded, fixed = _t6(table), layout()["T6"]
    for cls, kids in fixed["行"].items():
        row = coded.get(cls)
        parts = [coded[str(k)].get("决算数") for k in kids if str(k) in coded]
        yield from sum_rule("C405", doc.place("T6", row, "决算数"), f"“{cls}”", value(row, "决算数"), parts)
    for label, classes in (("人员经费", fixed["人员经费"]), ("公用经费", fixed["公用经费"])):
        total = find(table.rows, f"{label}合计")
        yield from sum_rule("C408", doc.place("T6", total, "决算数"), f"{label}合计", value(total, "决算数"),
                            [value(coded.get(c), "决算数") for c in classes], " + ".join(classes))


@rule
def t7_sums(doc: Printed) -> Iterable[Problem]:
    """C409 (rule 16): T7 合计 = 出国 + 小计 + 接待; 小计 = 购置 + 运行维护, for 预算数 and 决算数."""
    if (table := doc.table("T7")) is None or not table.rows:
        return
    row = table.rows[0]
    for kind in ("预算数", "决算数"):
        parts = [row.get(f"{p}·{kind}") for p in ("因公出国（境）费", "小计", "公务接待费")]
        yield from sum_rule("C409", doc.place("T7", row, f"合计·{kind}"), f"合计{kind}", row.get(f"合计·{kind}"), parts)
        yield from sum_rule("C409", doc.place("T7", row, f"小计·{kind}"), f"公务用车购置及运行维护费小计{kind}",
                            row.get(f"小计·{kind}"), [row.get(f"{p}·{kind}") for p in ("公务用车购置费", "公务用车运行维护费")])


@rule
def fixed_rows(doc: Printed) -> Iterable[Problem]:
    """C410 (rule 18): the fixed 类 rows of T1/T4 and 款 rows of T6 all printed (a warning); no function code
    outside the year's classification (an error)."""
    classes = layout()["类"]
    for key in ("T1", "T4"):
        if (table := doc.table(key)) is not None:
            printed = {r.name for r in table.side("支出")}
            missing = [name for name in classes.values() if name not in printed]
            if missing:
                yield Problem("C410", doc.place(key), f"没有印出固定行：{'、'.join(missing)}", "warning")
    if (table := doc.table("T6")) is not None:
        coded = _t6(table)
        missing = [str(c) for kids in layout()["T6"]["行"].values() for c in kids if str(c) not in coded]
        if missing:
            yield Problem("C410", doc.place("T6"), f"没有印出固定行（经济分类款级）：{'、'.join(missing)}", "warning")
    functions = load_catalog(doc.year).functions
    for key in ("T2", "T3", "T5", "T8", "T9"):
        for row in (table.rows if (table := doc.table(key)) is not None else ()):
            if row.code and row.code not in functions:
                yield Problem("C410", doc.place(key, row), f"功能科目 {row.code} 不在本工具 {doc.year} 年的科目目录中"
                              "（核对编码；确为新设科目的，规格中写入补充科目）", "note")


def cross_rules() -> list[TableRule]:
    """The rules across tables (printed_cross), registered after those within a table."""
    from . import printed_cross  # noqa: F401 - registers its rules

    return TABLE_RULES


def table_problems(doc: Printed) -> list[Problem]:
    """Every table rule's findings on a printed document, within tables then across them."""
    return [p for func in cross_rules() for p in func(doc)]


def nonzero(figures: Iterable[Decimal]) -> bool:
    return any(f != ZERO for f in figures)


__all__ = ["FUNDS", "TABLE_RULES", "Tree", "rule", "table_problems"]
