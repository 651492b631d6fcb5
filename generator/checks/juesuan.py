"""The 部门决算's rules a spec can break (../shared/juesuan.md §7): every 决算 table is built from the same 决算明细,
收入明细 and 结转结余, so the tables cannot disagree with each other (rules 6–17, 19–24, 27–33 hold by construction);
what the officer types can still fail to balance: income and balances against spending (rules 3–5, 14, 17, 26), an
economic code table 6 has no row for (18), the 政府采购, 车辆 and 绩效 figures (52–57), a 五（三） item with no
年初预算数 where the text compares with it. Nothing here runs for a 预算."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..juesuan_model import FISCAL, SURPLUS_USE
from ..model import BASIC, Budget
from ..problems import Place, Problem
from . import Review, check
from .printed import layout
from .printed_tables import FUNDS
from .printed_text import fact_rules

FINAL = "决算"
FACT_GROUPS = {"政府采购": "情况说明.政府采购", "车辆": "情况说明.国有资产.车辆", "绩效": "情况说明.绩效管理"}
"""The fact groups of printed_text.FACT_SUMS and where a 决算 spec keeps them."""


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _place(budget: Budget, key: str) -> Place:
    return budget.places.get(key, Place(budget.file, None, key))


def _wan(review: Review, yuan: Decimal) -> str:
    return review.show(review.printed(yuan))


@check
def totals_balance(review: Review) -> Iterable[Problem]:
    """C440 (rules 3–5): 收支总表's 总计 on the left (收入明细 + 使用非财政拨款结余 + 年初结转和结余) must equal the right
    (决算明细 + 结余分配 + 年末结转和结余), to the fen; named at the row of the first fund or 功能科目 that does not roll
    forward (C441, C443), where the difference is."""
    b = review.budget
    if b.document != FINAL:
        return
    left = _sum(i.amount for i in b.incomes) + b.surplus_used + _sum(x.opening for x in b.balances)
    right = _sum(ln.amount for ln in b.lines) + b.surplus_distributed + _sum(x.closing for x in b.balances)
    if left != right:
        place, where = _off(b)
        yield Problem("C440", place, f"收入支出决算总表收入总计 {_wan(review, left)}（收入明细 + 使用非财政拨款结余 + "
                      f"年初结转和结余）与支出总计 {_wan(review, right)}（决算明细 + 结余分配 + 年末结转和结余）不等，相差 "
                      f"{left - right:,.2f}元：{where}")


def _off(b: Budget) -> tuple[Place, str]:
    """Where the totals' difference is: the first 财政拨款 功能科目 that does not roll forward, else the non-财政拨款
    money, at its row; and what to check, in words."""
    for fund in FUNDS:
        for code, left, right in _rolls(b, fund):
            if left != right:
                return _row(b, fund, code), f"{_named(b, code)}的{fund}不平（见 C441），请核对其收入明细、结转结余和决算明细"
    other = [*(i for i in b.incomes if i.kind_group != FISCAL), *(x for x in b.balances if x.source_group != FISCAL)]
    place = other[0].place if other else _place(b, "收入明细")
    return place, "非财政拨款的收支和结转结余不平（见 C443），请核对收入明细、结转结余和决算明细"


def _row(b: Budget, fund: str, code: str) -> Place:
    """Where one fund's money under one 功能科目 is written: its 收入明细 row, else its 结转结余 row, else its first line."""
    rows = [*(i for i in b.incomes if (i.kind, i.function) == (fund, code)),
            *(x for x in b.balances if (x.source, x.function) == (fund, code)),
            *(ln for ln in b.lines if (ln.source, ln.function) == (fund, code))]
    return rows[0].place if rows else _place(b, "收入明细")


def _named(b: Budget, code: str) -> str:
    name = b.catalog.functions.get(code)
    return f"功能科目 {code}" + (f"（{name}）" if name else "")


@check
def funds_roll_forward(review: Review) -> Iterable[Problem]:
    """C441 (rules 14, 17): for each 财政拨款 fund, and within it each function 项, 年初结转和结余 + 收入 = 支出 + 年末结转和结余;
    a 基金/国资 项 that does not is a row of table 8/9 that does not add up (an error), a 一般公共预算 项 a warning. Each
    项 that does not is named at its row, also when the fund's totals do not balance (the 项 says where they differ)."""
    b = review.budget
    if b.document != FINAL:
        return
    for fund in FUNDS:
        found = _rolls(b, fund)
        start, end = _sum(f[1] for f in found), _sum(f[2] for f in found)
        off = [(code, left, right) for code, left, right in found if left != right]
        if start != end:
            named = "、".join(code for code, _, _ in off)
            yield Problem("C441", _row(b, fund, off[0][0]) if off else _place(b, "结转结余"),
                          f"{fund}：年初结转和结余 + 本年收入 = {_wan(review, start)}，而本年支出 + "
                          f"年末结转和结余 = {_wan(review, end)}（财政拨款收入支出决算总表两边不等）"
                          + (f"：不平的功能科目 {named}" if named else ""))
        for code, left, right in off:
            missing = "" if any((i.kind, i.function) == (fund, code) for i in b.incomes) else f"（收入明细中没有这一项的{fund}）"
            yield Problem("C441", _row(b, fund, code), f"{fund}{_named(b, code)}：年初结转和结余 + 本年收入 = "
                          f"{_wan(review, left)}，而本年支出 + 年末结转和结余 = {_wan(review, right)}{missing}",
                          "warning" if fund == FUNDS[0] else "error")


def _rolls(b: Budget, fund: str) -> list[tuple[str, Decimal, Decimal]]:
    """(功能科目, 年初 + 收入, 支出 + 年末) of one fund, for each 功能科目 it has money under."""
    keys = sorted({x.function for x in (*b.incomes, *b.balances) if _source(x) == fund} |
                  {ln.function for ln in b.lines if ln.source == fund})
    return [(code, *_roll(b, fund, code)) for code in keys]


def _source(x: object) -> str:
    return getattr(x, "kind", None) or getattr(x, "source", "")


def _roll(b: Budget, fund: str, code: str) -> tuple[Decimal, Decimal]:
    """(年初 + 收入, 支出 + 年末) of one fund under one function code."""
    balances = [x for x in b.balances if (x.source, x.function) == (fund, code)]
    income = _sum(i.amount for i in b.incomes if (i.kind, i.function) == (fund, code))
    spent = _sum(ln.amount for ln in b.lines if (ln.source, ln.function) == (fund, code))
    return _sum(x.opening for x in balances) + income, spent + _sum(x.closing for x in balances)


@check
def other_funds_roll_forward(review: Review) -> Iterable[Problem]:
    """C443 (rule 26): the non-财政拨款 balance rolls forward: 年初 + 非财政拨款收入 + 使用非财政拨款结余 − 非财政拨款支出
    − 结余分配 = 年末; and the lines paid from 使用非财政拨款结余 spend what the spec says was used (a warning)."""
    b = review.budget
    if b.document != FINAL:
        return
    other = [x for x in b.balances if x.source_group != FISCAL]
    left = (_sum(x.opening for x in other) + _sum(i.amount for i in b.incomes if i.kind_group != FISCAL) + b.surplus_used
            - _sum(ln.amount for ln in b.lines if ln.source_group != FISCAL) - b.surplus_distributed)
    right = _sum(x.closing for x in other)
    if left != right:
        yield Problem("C443", _place(b, "结转结余"), f"非财政拨款：年初结转和结余 + 收入 + 使用非财政拨款结余 − 支出 − 结余分配 = "
                      f"{_wan(review, left)}，而年末结转和结余为 {_wan(review, right)}")
    used = _sum(ln.amount for ln in b.lines if ln.source == SURPLUS_USE)
    if used != b.surplus_used:
        yield Problem("C443", _place(b, SURPLUS_USE), f"资金来源为使用非财政拨款结余的决算明细合计 {_wan(review, used)}，而“{SURPLUS_USE}”为 "
                      f"{_wan(review, b.surplus_used)}", "warning")


@check
def basic_codes_have_rows(review: Review) -> Iterable[Problem]:
    """C444 (rule 18): a 一般公共预算财政拨款 基本支出 line whose 经济科目 has no row in table 6 (its fixed 款 rows)."""
    b = review.budget
    if b.document != FINAL:
        return
    rows = {str(code) for codes in layout()["T6"]["行"].values() for code in codes}
    for ln in b.lines:
        if ln.nature == BASIC and ln.source == FUNDS[0] and ln.economic not in rows:
            yield Problem("C444", ln.place, f"一般公共预算财政拨款基本支出的经济科目 {ln.economic} 在基本支出决算表中没有行"
                          "（该表只列工资福利、商品和服务、对个人和家庭的补助、资本性支出的固定各款）：请改用表中的科目")


@check
def fact_figures_add_up(review: Review) -> Iterable[Problem]:
    """C430–C432 (rules 52–57) on the spec's 情况说明: 政府采购's parts within its reserved amounts and total, 绩效's
    ratings and rectifications adding up to its counts (the totals the text prints are computed: 合计 = Σ parts)."""
    b = review.budget
    if b.document != FINAL:
        return
    facts: dict[str, dict[str, Decimal]] = {}
    for group, path in FACT_GROUPS.items():
        found = _numbers(_dig(b.facts, path))
        if group == "政府采购" and found:
            found["合计"] = _sum(found.get(k, Decimal(0)) for k in ("货物", "工程", "服务"))
        facts[group] = found
    divided = {g: ({k: v / review.divisor for k, v in f.items()} if g == "政府采购" else f) for g, f in facts.items()}
    for problem in fact_rules(divided, lambda group, key: _fact_place(b, f"{FACT_GROUPS[group]}.{key}")):
        if problem.code != "C430" or "合计印为" not in problem.message:
            yield problem


def _dig(facts: object, path: str) -> object:
    for key in path.split("."):
        facts = facts.get(key) if isinstance(facts, dict) else None
    return facts


def _numbers(found: object) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for key, value in (found.items() if isinstance(found, dict) else ()):
        try:
            out[key] = Decimal(str(value).replace(",", ""))
        except ArithmeticError:
            continue
    return out


def _fact_place(b: Budget, path: str) -> Place:
    return b.places.get(path) or b.places.get(path.rsplit(".", 1)[0]) or _place(b, "情况说明")


@check
def items_have_their_budget(review: Review) -> Iterable[Problem]:
    """C445 (rules 42–44): where 五（三） compares with 年初预算 (版式.预算口径 年初, or 自动 with a 年初预算), a function 项
    of 一般公共预算 spent without any 年初预算数 prints “年初预算为0万元” and a completion it cannot compute: a warning
    (an item added during the year is real; a 年初预算数 left out is not)."""
    b = review.budget
    if b.document != FINAL:
        return
    general = [ln for ln in b.lines if ln.source == FUNDS[0]]
    basis = str(b.house.get("预算口径", "自动"))
    if basis == "全年" or (basis == "自动" and not _sum(ln.planned for ln in general)):
        return
    for code in sorted({ln.function for ln in general}):
        mine = [ln for ln in general if ln.function == code]
        if _sum(ln.amount for ln in mine) and not _sum(ln.planned for ln in mine):
            yield Problem("C445", mine[0].place, f"功能科目 {code} 的决算数 {_wan(review, _sum(ln.amount for ln in mine))} 没有年初预算数："
                          "文字部分将印“年初预算为0万元”；如漏填，请在决算明细中补上年初预算数", "warning")
