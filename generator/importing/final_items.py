"""What a 决算's text states item by item (五（三）, 八, 九: each 项's use, 预算数 and reason) and the totals it prints
over parts: the 预算数 land on the lines, moved within the rounding of the printed 万元 so that the items add up to the
stated total and every completion rate printed comes out as printed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..model import WAN, Line
from .recognise import number
from .text import FLAGS

GENERAL = "一般公共预算财政拨款"
BUDGETS = ("年初预算数", "全年预算数")
STEP = Decimal(49)
"""Yuan an item's 预算数 may move and still print as read (0.01 万元 is 100 yuan): so the items add up to the total."""


def item_sections(rules: Mapping) -> list[tuple[str, Mapping]]:
    """The sections that go item by item through a fund's 项 (import.yaml 逐项预算: 五（三）, the 一般公共预算's; its
    其他资金: 八 and 九, the 政府性基金's and 国有资本经营's, read with the same item patterns), each with its fund."""
    spec = rules.get("逐项预算", {})
    if not spec:
        return []
    shared = {k: v for k, v in spec.items() if k in ("项", "各项")}
    return [(GENERAL, spec)] + [(other["资金来源"], shared | other) for other in spec.get("其他资金", [])]


def read_items(spec: Mapping, text: str, count: int) -> list[dict[str, str]]:
    """A section's items in order, each split by import.yaml's 逐项预算 patterns (主要用于, 年初/全年预算, 原因)."""
    part = re.search(spec.get("段", "$^"), text, FLAGS) if spec else None
    if part is None:
        return []
    body = part.group("v")
    starts = [m.start() for m in re.finditer(spec["项"], body, FLAGS)]
    items = []
    for n, start in enumerate(starts[:count]):
        item = body[start:starts[n + 1] if n + 1 < len(starts) else len(body)]
        found = {key: re.search(pattern, item, FLAGS) for key, pattern in spec["各项"].items()}
        items.append({key: m.group("v").strip() for key, m in found.items() if m})
    return items


def item_texts(items: list[dict[str, str]]) -> dict[str, list[str]]:
    keys = {"用途": "功能科目用途", "原因": "功能科目差异原因"}
    return {spec: [item.get(key, "") for item in items] for key, spec in keys.items()}


def with_budgets(lines: list[Line], items: list[dict[str, str]], codes: list[str], spec: Mapping,
                  text: str, source: str = GENERAL) -> list[Line]:
    """Each 项's 年初预算数 and 全年预算数 (the text's, moved within the rounding so the items add up to the stated
    total) on the 项's largest line of the section's fund: the tables print no budget, so no split within a 项 is
    known."""
    for n, key in enumerate(BUDGETS):
        stated = [_yuan(item.get(key)) for item in items]
        if not any(stated):
            continue
        total = re.search(spec.get("合计", {}).get(key, "$^"), text, FLAGS)
        amounts = _nudged(stated, _yuan(total.group("v")) if total else sum(stated))
        for code, amount in zip(codes, amounts, strict=False):
            own = [i for i, ln in enumerate(lines) if ln.function == code and ln.source == source]
            if own:
                at = max(own, key=lambda i: (lines[i].amount, -i))
                lines[at] = replace(lines[at], **{("planned", "adjusted")[n]: amount})
    return lines


def _nudged(amounts: list[Decimal], total: Decimal) -> list[Decimal]:
    """The amounts, each moved by at most 49 yuan (still printing as read), till their sum prints as the total."""
    amounts, gap = list(amounts), total - sum(amounts)
    for i in sorted(range(len(amounts)), key=lambda i: -amounts[i]):
        if abs(gap) < 50:
            break
        step = max(-STEP, min(STEP, gap), -amounts[i])
        amounts[i] += step
        gap -= step
    return amounts


def summed(rules: Mapping, text: str, facts: Mapping[str, Any]) -> dict[str, Decimal]:
    """Parts read in 万元 moved within their rounding so that they add up to the total the text prints (import.yaml
    合计数: 政府采购 4.79 + 0 + 246.47 printed as 251.25)."""
    moved: dict[str, Decimal] = {}
    for pattern, parts in rules.get("合计数", {}).items():
        total = re.search(pattern, text, FLAGS)
        if total is None or not all(isinstance(facts.get(p), Decimal) for p in parts):
            continue
        moved |= dict(zip(parts, _nudged([facts[p] for p in parts], _yuan(total.group("v"))), strict=True))
    return moved


def _yuan(text: str | None) -> Decimal:
    found = number(text or "")
    return found[0] * WAN if found else Decimal(0)
