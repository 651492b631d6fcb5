"""§7 rules 19–35 across the printed tables: two tables printing the same amount print the same figure (C411), a
part never above its whole (C412), an empty table with its note and its 无 sentence (C413)."""

from __future__ import annotations

from collections.abc import Iterable

from ..problems import Problem
from .printed import Printed, Row, amount, find, layout, same, sum_rule, value
from .printed_tables import FUNDS, Tree, rule, table4

INCOME_COLUMNS = {"上级补助收入": "上级补助收入", "事业收入": "事业收入", "经营收入": "经营收入",
                  "附属单位上缴收入": "附属单位上缴收入", "其他收入": "其他收入"}


def _t1(doc: Printed, side: str, label: str) -> Row | None:
    table = doc.table("T1")
    return find(table.side(side), label) if table is not None else None


def _tree(doc: Printed, key: str) -> Tree | None:
    table = doc.table(key)
    return Tree.of(table) if table is not None else None


@rule
def t1_against_t2_t3_t4(doc: Printed) -> Iterable[Problem]:
    """C411 (rules 19–24): T1's income rows against T4 and T2, its 类 rows and 本年支出合计 against T3."""
    col, t4, t2, t3 = "决算数", table4(doc), _tree(doc, "T2"), _tree(doc, "T3")
    if doc.table("T1") is None:
        return
    fiscal = [_t1(doc, "收入", f + "收入") for f in FUNDS]
    if t4 is not None:
        for fund, row in zip(FUNDS, fiscal, strict=True):
            yield from same("C411", doc.place("T1", row, col), (f"收支总表“{fund}收入”", value(row, col)),
                            (f"财政拨款收支总表“{fund}”", value(t4[f"收入·{fund}"], col)))
    if t2 is not None and t2.total is not None:
        yield from sum_rule("C411", doc.place("T2", t2.total, "财政拨款收入"), "收入决算表合计的财政拨款收入",
                            t2.total.get("财政拨款收入"), [value(r, col) for r in fiscal], "收支总表一、二、三行之和")
        for label, column in INCOME_COLUMNS.items():
            yield from same("C411", doc.place("T1", _t1(doc, "收入", label), col),
                            (f"收支总表“{label}”", value(_t1(doc, "收入", label), col)), (f"收入决算表合计的{column}", t2.total.get(column)))
        yield from same("C411", doc.place("T1", _t1(doc, "收入", "本年收入合计"), col),
                        ("收支总表本年收入合计", value(_t1(doc, "收入", "本年收入合计"), col)),
                        ("收入决算表合计", t2.total.get("本年收入合计")))
        if t4 is not None:
            yield from same("C411", doc.place("T4", t4["左·本年收入合计"], col),
                            ("财政拨款收支总表本年收入合计", value(t4["左·本年收入合计"], col)),
                            ("收入决算表合计的财政拨款收入", t2.total.get("财政拨款收入")))
    if t3 is not None:
        yield from _classes(doc, "T1", col, t3, "T3", "本年支出合计", "支出决算表")
        spending = _t1(doc, "支出", "本年支出合计")
        yield from same("C411", doc.place("T1", spending, col), ("收支总表本年支出合计", value(spending, col)),
                        ("支出决算表合计", value(t3.total, "本年支出合计")))


def _classes(doc: Printed, key: str, col: str, tree: Tree, other: str, other_col: str, other_name: str) -> Iterable[Problem]:
    """Each 类 row of a 总表 (T1, T4: by name, no code printed) against the same 类 of a function-code table."""
    table = doc.table(key)
    theirs = tree.by_name(3)
    for row in table.side("支出") if table is not None else ():
        if row.name in layout()["类"].values() and (row.get(col) or row.name in theirs):
            title = layout()["标题"][key]
            yield from same("C411", doc.place(key, row, col), (f"{title}“{row.name}”", row.get(col)),
                            (f"{other_name}“{row.name}”{other_col}", value(theirs.get(row.name), other_col)))


@rule
def t4_against_t5_t8_t9(doc: Printed) -> Iterable[Problem]:
    """C411 (rules 27–30): T4's fund columns by 类 and in total against T5, T8, T9."""
    n = table4(doc)
    if n is None:
        return
    pairs = (("一般公共预算财政拨款", "T5", "合计", "一般公共预算财政拨款支出决算表"),
             ("政府性基金预算财政拨款", "T8", "本年支出合计", "政府性基金预算财政拨款收入支出决算表"),
             ("国有资本经营预算财政拨款", "T9", "本年支出合计", "国有资本经营预算财政拨款收入支出决算表"))
    for fund, key, column, name in pairs:
        tree = _tree(doc, key)
        if tree is None:
            continue
        yield from _classes(doc, "T4", fund, tree, key, column, name)
        yield from same("C411", doc.place("T4", n["右·本年支出合计"], fund), (f"财政拨款收支总表本年支出合计（{fund}）",
                        value(n["右·本年支出合计"], fund)), (f"{name}合计", value(tree.total, column)))
        if key != "T5":
            yield from same("C411", doc.place("T4", n[f"收入·{fund}"], "决算数"), (f"财政拨款收支总表“{fund}”收入",
                            value(n[f"收入·{fund}"], "决算数")), (f"{name}合计本年收入", value(tree.total, "本年收入")))
            yield from same("C411", doc.place("T4", n[f"年初·{fund}"], "决算数"), ("财政拨款收支总表年初结转和结余",
                            value(n[f"年初·{fund}"], "决算数")), (f"{name}合计年初结转和结余", value(tree.total, "年初结转和结余")))
            yield from same("C411", doc.place("T4", n["右·年末财政拨款结转和结余"], fund), ("财政拨款收支总表年末结转和结余",
                            value(n["右·年末财政拨款结转和结余"], fund)), (f"{name}合计年末结转和结余", value(tree.total, "年末结转和结余")))


@rule
def balances(doc: Printed) -> Iterable[Problem]:
    """C412 (rules 25, 26): T1's balances ≥ T4's, and the non-财政拨款 balance rolls forward:
    年初 + 收入 + 使用非财政拨款结余 − 支出 − 结余分配 = 年末 (each the T1 figure less T4's)."""
    n = table4(doc)
    if n is None or doc.table("T1") is None:
        return
    col = "决算数"
    start = value(_t1(doc, "收入", "年初结转和结余"), col) - value(n["左·年初财政拨款结转和结余"], col)
    end = value(_t1(doc, "支出", "年末结转和结余"), col) - value(n["右·年末财政拨款结转和结余"], "合计")
    for what, left, difference in (("年初结转和结余", _t1(doc, "收入", "年初结转和结余"), start),
                                   ("年末结转和结余", _t1(doc, "支出", "年末结转和结余"), end)):
        if difference < 0:
            yield Problem("C412", doc.place("T1", left, col), f"收支总表的{what}比财政拨款收支总表的少 {amount(-difference)}："
                          "前者含后者，不能更少")
    income = value(_t1(doc, "收入", "本年收入合计"), col) - value(n["左·本年收入合计"], col)
    spent = value(_t1(doc, "支出", "本年支出合计"), col) - value(n["右·本年支出合计"], "合计")
    used, shared = value(_t1(doc, "收入", "使用非财政拨款结余"), col), value(_t1(doc, "支出", "结余分配"), col)
    yield from sum_rule("C412", doc.place("T1", _t1(doc, "支出", "年末结转和结余"), col), "非财政拨款的年末结转和结余（两表之差）",
                        end, [start, income, used, -spent, -shared],
                        "年初非财政拨款结转和结余 + 非财政拨款收入 + 使用非财政拨款结余 − 非财政拨款支出 − 结余分配")


@rule
def t5_within_t3(doc: Printed) -> Iterable[Problem]:
    """C412 (rule 31): each T5 项 is at most the same 项 of T3, in 合计, 基本支出 and 项目支出."""
    t5, t3 = _tree(doc, "T5"), _tree(doc, "T3")
    if t5 is None or t3 is None:
        return
    theirs = {r.code: r for r in t3.level(7)}
    for row in t5.level(7):
        for mine, other in (("合计", "本年支出合计"), ("基本支出", "基本支出"), ("项目支出", "项目支出")):
            if row.get(mine) > value(theirs.get(row.code), other):
                yield Problem("C412", doc.place("T5", row, mine), f"一般公共预算财政拨款支出“{row.name}”{mine} {amount(row.get(mine))} "
                              f"超过支出决算表同一科目的{other} {amount(value(theirs.get(row.code), other))}")


@rule
def t6_against_t5_t7(doc: Printed) -> Iterable[Problem]:
    """C411 (rule 32): T5 合计·基本支出 = T6 人员经费合计 + 公用经费合计; C412 (rule 33, a warning): T6's
    三公 codes at most T7's 决算数."""
    t6, t5 = doc.table("T6"), _tree(doc, "T5")
    if t6 is None:
        return
    people, public = find(t6.rows, "人员经费合计"), find(t6.rows, "公用经费合计")
    if t5 is not None and t5.total is not None:
        yield from sum_rule("C411", doc.place("T5", t5.total, "基本支出"), "一般公共预算财政拨款支出决算表合计的基本支出",
                            t5.total.get("基本支出"), [value(people, "决算数"), value(public, "决算数")], "基本支出决算表人员经费合计 + 公用经费合计")
    t7 = doc.table("T7")
    if t7 is None or not t7.rows:
        return
    coded = {r.code: r for r in t6.rows if r.code}
    for part, code in layout()["三公"].items():
        if value(coded.get(code), "决算数") > t7.rows[0].get(f"{part}·决算数"):
            yield Problem("C412", doc.place("T6", coded[code], "决算数"), f"基本支出中的{part} {amount(coded[code].get('决算数'))} "
                          f"超过“三公”经费表的{part}决算数 {amount(t7.rows[0].get(f'{part}·决算数'))}", "warning")


@rule
def empty_tables(doc: Printed) -> Iterable[Problem]:
    """C413 (rules 34, 35): an empty T8/T9 prints a note saying it has no data (T7's is optional), and the text says
    无… for an empty table and only for one."""
    said_none = getattr(doc.said, "none", None)
    for key, section in (("T7", "七"), ("T8", "八"), ("T9", "九")):
        table = doc.table(key)
        if table is None:
            continue
        empty = not any(v for r in table.rows for k, v in r.figures.items() if key != "T7" or k.endswith("决算数"))
        if empty and key != "T7" and "无数据" not in table.note:
            yield Problem("C413", doc.place(key), "表中无数据，表下应注明“……故本表无数据”", "warning")
        if said_none is not None and empty != (section in said_none):
            told = "写作“无……”" if section in said_none else "没有写“无……”"
            yield Problem("C413", doc.place(key), f"表中{'无' if empty else '有'}决算数，而文字部分第{section}节{told}")

