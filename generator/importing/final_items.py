"""What a 决算's text states item by item (五（三）, 八, 九: each 项's use, 预算数 and reason) and the totals it prints
over parts: the 预算数 land on the lines, moved within the rounding of the printed 万元 so that the items add up to the
stated total and every completion rate printed comes out as printed."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..model import WAN, Line
from ..text.filters import rate
from .recognise import norm, number
from .text import FLAGS, fact_rules, growth_fits, last_year

GENERAL = "一般公共预算财政拨款"
BUDGETS = ("年初预算数", "全年预算数")
NAMED = re.compile(r"^\d+[、.．][^。]*?（项）")
"""An item's heading: its number and the 类/款/项 names it prints (“1、一般公共服务支出（类）……行政运行（项）”)."""
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


def read_items(spec: Mapping, text: str) -> list[dict[str, str]]:
    """A section's items in order, each split by import.yaml's 逐项预算 patterns (主要用于, 年初/全年预算, 原因)."""
    part = re.search(spec.get("段", "$^"), text, FLAGS) if spec else None
    if part is None:
        return []
    body = part.group("v")
    starts = [m.start() for m in re.finditer(spec["项"], body, FLAGS)]
    items = []
    for n, start in enumerate(starts):
        item = body[start:starts[n + 1] if n + 1 < len(starts) else len(body)]
        found = {key: re.search(pattern, item, FLAGS) for key, pattern in spec["各项"].items()}
        named = NAMED.search(re.sub(r"\s+", "", item))
        items.append({key: m.group("v").strip() for key, m in found.items() if m}
                     | ({"名": named.group(0)} if named else {}))
    return items


def matched(items: list[dict[str, str]], codes: list[str], names: Callable[[str], set[str]],
            ) -> tuple[dict[str, dict[str, str]], list[str], list[str]]:
    """Each 项 code's item by the 类/款/项 names the item prints (`names` gives a code's names as the tables and the
    catalog print them), the names of the items no code has, and the codes no item has: never by position, so an
    item the publisher left out or one of a 项 with nothing spent moves no other item's figures."""
    found: dict[str, dict[str, str]] = {}
    lost = []
    for item in items:
        parts = _levels(item.get("名", ""))
        free = [c for c in codes if c not in found]
        hit = [c for c in free if _fits(c, parts, names, "类款项")] or [c for c in free if _fits(c, parts, names, "项")]
        if "项" in parts and len(hit) == 1:
            found[hit[0]] = item
        else:
            lost.append(item.get("名") or "（未读出名称）")
    return found, lost, [c for c in codes if c not in found]


def _levels(heading: str) -> dict[str, str]:
    """The 类, 款 and 项 names an item's heading prints, white space and its number gone."""
    parts = re.split(r"（([类款项])）", re.sub(r"^\d+[、.．]", "", re.sub(r"\s+", "", heading)))
    return {level: norm(name) for name, level in zip(parts[::2], parts[1::2], strict=False)}


def _fits(code: str, parts: Mapping[str, str], names: Callable[[str], set[str]], levels: str) -> bool:
    return all(parts[lv] in names(code[:n]) for lv, n in zip("类款项", (3, 5, 7), strict=True) if lv in levels and lv in parts)


def item_texts(items: list[dict[str, str]]) -> dict[str, list[str]]:
    """The items' 用途 and 原因 as the spec's 情况说明 keys, one entry an item (empty where not printed)."""
    keys = {"用途": "功能科目用途", "原因": "功能科目差异原因"}
    return {spec: [item.get(key, "") for item in items] for key, spec in keys.items()}


def with_budgets(lines: list[Line], items: list[dict[str, str]], codes: list[str], spec: Mapping,
                 text: str, source: str = GENERAL, whole: bool = True) -> list[Line]:
    """Each 项's 年初预算数 and 全年预算数 (the text's, moved within the rounding so the items add up to the stated
    total and the completion rates printed come out) on the 项's largest line of the section's fund: the tables print
    no budget, so no split within a 项 is known. Without `whole` (an item of the text matched no 项) the stated total
    and its rate are not the items' own and are not aimed at."""
    spent = [sum((ln.amount for ln in lines if ln.function == c and ln.source == source), Decimal(0)) for c in codes]
    sums = spec.get("合计", {}) if whole else {}
    totals = {key: re.search(sums.get(key, "$^"), text, FLAGS) for key in BUDGETS}
    rated = re.search(sums.get("完成率", "$^"), text, FLAGS)
    for n, key in enumerate(BUDGETS):
        stated = [_yuan(item.get(key)) for item in items]
        if not any(stated):
            continue
        total = _yuan(totals[key].group("v")) if totals[key] else sum(stated)
        rates = [item.get("完成率") if _rated(item, key) else None for item in items]
        whole = rated.group("v") if rated and (key == BUDGETS[1] or not totals[BUDGETS[1]]) else None
        amounts = _completed(stated, total, [_completes(s, r) for s, r in zip(spent, rates, strict=False)],
                             _completes(sum(spent, Decimal(0)), whole))
        for code, amount in zip(codes, amounts, strict=False):
            own = [i for i, ln in enumerate(lines) if ln.function == code and ln.source == source]
            if own:
                at = max(own, key=lambda i: (lines[i].amount, -i))
                lines[at] = replace(lines[at], **{("planned", "adjusted")[n]: amount})
    return lines


def _rated(item: Mapping[str, str], key: str) -> bool:
    """Whether an item's completion rate is of this budget: of the 全年预算 when the item states one, else the 年初."""
    return key == BUDGETS[1] or not item.get(BUDGETS[1])


def _completes(spent: Decimal, printed: str | None) -> Callable[[Decimal], bool]:
    """Whether a 预算数 gives the completion rate printed (as the text computes it: half up, two decimals); any does
    when none is printed or it is mistyped (95..89)."""
    figure = number(printed or "")
    return lambda planned: figure is None or Decimal(rate(spent, planned)) == figure[0]


def _completed(stated: list[Decimal], total: Decimal, fits: list[Callable[[Decimal], bool]],
               fits_total: Callable[[Decimal], bool]) -> list[Decimal]:
    """The items moved within their rounding till they add up to the total (_nudged); when a completion rate printed
    does not come out so, each item in its own rate's range and the sum on a total that gives the total's rate."""
    amounts = _nudged(stated, total)
    if fits_total(sum(amounts, Decimal(0))) and all(f(a) for f, a in zip(fits, amounts, strict=False)):
        return amounts
    ranges = [within(s, f) for s, f in zip(stated, fits, strict=False)]
    if not all(ranges):
        return amounts
    for target in within(total, fits_total):
        moved = spread([r[0] for r in ranges], ranges, target)
        if moved is not None:
            return moved
    return amounts


def within(base: Decimal, fits: Callable[[Decimal], bool]) -> list[Decimal]:
    """The yuan within 49 of `base` (still printing as it in 万元 to the fen, none below zero) that fit, nearest first."""
    found = [base + d for d in range(-int(STEP), int(STEP) + 1) if base + d >= 0 and fits(base + d)]
    return sorted(found, key=lambda x: (abs(x - base), x))


def spread(amounts: list[Decimal], ranges: list[list[Decimal]], target: Decimal) -> list[Decimal] | None:
    """The amounts moved, largest first and each within its range, till they add up to `target` (None if they cannot)."""
    amounts, gap = list(amounts), target - sum(amounts, Decimal(0))
    for i in sorted(range(len(amounts)), key=lambda i: -amounts[i]):
        step = max(min(ranges[i]) - amounts[i], min(max(ranges[i]) - amounts[i], gap))
        amounts[i] += step
        gap -= step
    return amounts if gap == 0 else None


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


def last_totals(rules: Mapping, text: str, values: Mapping[str, object], facts: Mapping[str, Any],
                total: Callable[[Any], Decimal]) -> dict[str, Decimal]:
    """Last year's parts of a total compared with last year (import.yaml 上年合计: the three “三公” items), each already
    giving its own printed difference and rate, moved within them till the total's printed rate comes out too."""
    wanted, moved = fact_rules(rules, "department"), {}
    for spec in rules.get("上年合计", []):
        parts = spec["各项"]
        if not all(isinstance(facts.get(p), Decimal) and p in wanted for p in parts):
            continue
        nows = [total(wanted[p]["本年"]) for p in parts]
        now, before = sum(nows, Decimal(0)), [facts[p] for p in parts]
        whole = last_year(spec, text, values, now)
        if whole is None or growth_fits(now, sum(before, Decimal(0)), whole[1]):
            continue
        ranges = [_growths(wanted[p], text, values, part) for p, part in zip(parts, nows, strict=True)]
        targets = within(whole[0], lambda x, now=now, r=whole[1]: growth_fits(now, x, r))
        got = next((m for t in targets if all(ranges) and (m := spread(before, ranges, t)) is not None), None)
        moved |= dict(zip(parts, got, strict=True)) if got else {}
    return moved


def _growths(rule: Mapping, text: str, values: Mapping[str, object], now: Decimal) -> list[Decimal]:
    """Last year's figures (yuan) that print a compared sentence's difference and growth rate as printed."""
    found = last_year(rule, text, values, now)
    return within(found[0], lambda x: growth_fits(now, x, found[1])) if found else []
