"""The figures a 决算's text prints (情况说明), from the same lines, incomes and balances the nine tables sum.

Every amount is yuan, unrounded: a sentence rounds it as it prints it, and shares, completion rates and changes are
worked out from the unrounded amounts (half up, two decimals), as the publishers' own figures are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from ..juesuan_model import FISCAL, SURPLUS_USE
from ..model import NATURES, Budget, Line

ZERO = Decimal(0)
PERSONNEL, PUBLIC = ("301", "303"), ("302", "310")
"""人员经费 = 301 + 303, 公用经费 = 302 + 310 (一般公共预算财政拨款基本支出决算表)."""


def _sum(items: Iterable[Any], value: Callable[[Any], Decimal] = lambda x: x.amount) -> Decimal:
    return sum((value(x) for x in items), ZERO)


def figures(budget: Budget) -> dict[str, Any]:
    """Every figure of the 情况说明, by name (the template's `f.决算`)."""
    lines, incomes, balances = budget.lines, budget.incomes, budget.balances
    groups = budget.catalog.source_groups  # the 决算's sources in 总表 order: the three funds, then the other incomes
    funds = [s for s, g in groups.items() if g == FISCAL]
    kinds = [s for s, g in groups.items() if g != FISCAL and s != SURPLUS_USE]
    income = _sum(incomes)
    opening = _sum(balances, lambda b: b.opening)
    fiscal_income = _sum(i for i in incomes if i.kind_group == FISCAL)
    fiscal_opening = _sum((b for b in balances if b.source_group == FISCAL), lambda b: b.opening)
    general = [ln for ln in lines if ln.source == funds[0]]
    return {
        "总计": income + budget.surplus_used + opening,
        "收入合计": income,
        "收入": {"财政拨款收入": fiscal_income} | {k: _sum(i for i in incomes if i.kind == k) for k in kinds},
        "支出合计": _sum(lines),
        "支出": {k: _sum(ln for ln in lines if ln.nature == k) for k in NATURES},
        "财政拨款总计": fiscal_income + fiscal_opening,
        "一般公共预算": _items(budget, general),
        "基本支出": _basic(budget, [ln for ln in general if ln.nature == NATURES[0]]),
        "基金": _fund(budget, funds[1]),
        "国资": _fund(budget, funds[2]),
        "三公预算": dict(budget.facts.get("三公经费预算数") or {}),
        "单位构成": list(budget.facts.get("单位构成") or []),
    }


def _items(budget: Budget, lines: list[Line]) -> dict[str, Any]:
    """A fund's spending: its total, 年初 and 全年 budgets, each 类 and each 项 in code order with the names of its
    类 and 款 (五（二）and 五（三）, 八, 九)."""
    names = budget.catalog.functions
    classes = sorted({ln.function[:3] for ln in lines})
    codes = sorted({ln.function for ln in lines})
    return {
        "合计": _sum(lines), "年初预算": _sum(lines, lambda x: x.planned), "全年预算": _sum(lines, lambda x: x.adjusted),
        "类": [{"编码": c, "类名": names.get(c, c), "金额": _sum(ln for ln in lines if ln.function[:3] == c)}
              for c in classes],
        "项": [{"编码": c, "类名": names.get(c[:3], c[:3]), "款名": names.get(c[:5], c[:5]), "项名": names.get(c, c),
               "金额": _sum(own := [ln for ln in lines if ln.function == c]),
               "年初预算": _sum(own, lambda x: x.planned), "全年预算": _sum(own, lambda x: x.adjusted)} for c in codes],
    }


def _basic(budget: Budget, lines: list[Line]) -> dict[str, Any]:
    """人员经费 and 公用经费 and the names of their 款 that have an amount (unrounded: 0.004 is listed), in code order."""
    names = budget.catalog.economics

    def part(classes: tuple[str, ...]) -> dict[str, Any]:
        own = [ln for ln in lines if ln.economic[:3] in classes]
        codes = sorted(c for c in {ln.economic for ln in own} if _sum(ln for ln in own if ln.economic == c))
        return {"金额": _sum(own), "各款": [names.get(c, c) for c in codes]}

    return {"合计": _sum(lines), "人员经费": part(PERSONNEL), "公用经费": part(PUBLIC)}


def _fund(budget: Budget, fund: str) -> dict[str, Any]:
    """A 政府性基金 or 国有资本经营 fund: its income, its spending by 项 (八, 九)."""
    own = [ln for ln in budget.lines if ln.source == fund]
    return {"收入": _sum(i for i in budget.incomes if i.kind == fund)} | _items(budget, own)
