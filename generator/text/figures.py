"""Every figure the narrative prints, by name, computed from the budget's lines: totals, sources, projects,
procurement, last year's figures and those a format defines as line criteria. The checks read the same figures."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..model import BASIC, Budget, Line
from ..reading.shape import PURCHASE_KINDS
from .facts import Facts
from .juesuan import figures as final_figures
from .markdown import literal

ZERO = Decimal(0)


def total(lines: list[Line] | tuple[Line, ...], **where: str) -> Decimal:
    """The sum of lines whose fields match `where` (field names as in the data sheet)."""
    return sum((ln.amount for ln in lines if ln.matches(where)), ZERO)


def _sum(lines: tuple[Line, ...]) -> Decimal:
    return sum((ln.amount for ln in lines), ZERO)


def amount(value: Any) -> Decimal:
    return Decimal(str(value).replace(",", "")) if value not in (None, "") else ZERO


def figures(budget: Budget, defined: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Every figure the narrative prints, by name: those any format needs, and those its format.yaml
    defines as line criteria (`figures`: 人员支出, 机关运行经费, 三公 …), so no definition lives in Python."""
    lines = budget.lines
    last = {k: amount(v) for k, v in dict(budget.facts.get("上年", {})).items()}
    three_public = {k for u in budget.units for k in u.three_public_last}
    return {
        "收入合计": _sum(lines), "支出合计": _sum(lines), "上年": last,
        "上年执行数": {k: amount(v) for k, v in dict(budget.facts.get("上年执行数", {})).items()},
        "基本支出": _sum(budget.select({"性质": BASIC})), "项目支出合计": _sum(budget.select({"性质": "项目支出"})),
        "项目": _projects(budget),
        "采购": {kind: sum((p.amount for p in budget.purchases if p.kind == kind), ZERO) for kind in PURCHASE_KINDS}
        | {"合计": sum((p.amount for p in budget.purchases), ZERO), "面向中小企业": sum((p.sme for p in budget.purchases), ZERO),
           "面向小型微型企业": sum((p.micro for p in budget.purchases), ZERO)},
        "上年三公": {k: sum((u.three_public_last.get(k, ZERO) for u in budget.units), ZERO) for k in sorted(three_public)},
        "上年口径": dict(budget.facts.get("上年口径", {})),
        "来源": _by(lines, lambda ln: ln.source), "资金大类": _by(lines, lambda ln: ln.source_group),
        "财政拨款功能项": _function_items(budget, fiscal := [ln for ln in lines if ln.source_group == "政府预算拨款"]),
        "财政拨款功能类": _function_classes(budget, fiscal),
    } | _defined(budget, defined or {}) | ({"决算": final_figures(budget)} if budget.document == "决算" else {})


def _defined(budget: Budget, spec: Mapping[str, Any]) -> dict[str, Any]:
    """A format's own figures: a name → criteria on lines, or a group of such names."""
    result: dict[str, Any] = {}
    for name, criteria in spec.items():
        if criteria and all(isinstance(v, Mapping) for v in criteria.values()):
            result[name] = _defined(budget, criteria)
        else:
            result[name] = _sum(budget.select(dict(criteria)))
    return result


def _by(lines: list[Line] | tuple[Line, ...], key) -> dict[str, Decimal]:
    """Line totals grouped by `key`; a group no line falls in reads as 0 in templates."""
    groups: dict[str, Decimal] = {}
    for line in lines:
        groups[key(line)] = groups.get(key(line), ZERO) + line.amount
    return groups


def _function_items(budget: Budget, lines: list[Line]) -> list[dict[str, Any]]:
    """One entry per function 项, in code order, with the names of its 类 and 款 (财政拨款支出主要内容)."""
    names = budget.catalog.functions
    return [{"code": code, "类名": names[code[:3]], "款名": names[code[:5]], "项名": names[code], "金额": amount}
            for code, amount in sorted(_by(lines, lambda ln: ln.function).items())]


def _function_classes(budget: Budget, lines: list[Line]) -> list[dict[str, Any]]:
    """One entry per function 类, in code order (财政拨款支出主要内容 listed by 类)."""
    names = budget.catalog.functions
    return [{"code": code, "类名": names[code], "款名": "", "项名": "", "金额": amount}
            for code, amount in sorted(_by(lines, lambda ln: ln.function[:3]).items())]


def _projects(budget: Budget) -> list[dict[str, Any]]:
    order = {c: i for i, c in enumerate(budget.catalog.categories)}
    result = []
    for index, project in enumerate(budget.projects):
        own = budget.select({"项目": project.name})
        fund_first = min((0 if ln.source == "一般公共预算拨款" else 1 for ln in own), default=1)
        facts = Facts(project.facts, f"项目.{project.name}")  # a missing one is named with its project
        result.append({
            "名称": literal(project.name), "文字名称": facts.get("文字名称", literal(project.name)), "金额": total(own),
            "上年": amount(facts.get("上年预算")), "facts": facts, "sort": (fund_first, order.get(project.category, 9), index),
            "二级项目": [{"名称": literal(s.name), "用途": literal(s.purpose), "金额": total(own, 二级项目=s.name)}
                         for s in project.subitems],
        })
    return sorted(result, key=lambda p: p["sort"])
