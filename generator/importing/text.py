"""The text facts a format's templates print, read back from the document by the format's import.yaml patterns.

Pages are joined into one run of text (a PDF breaks lines inside sentences); each fact is a regular
expression whose group `v` is the value. Figures compared with last year give last year's figure as
this year's (from the solved lines) minus the printed difference, so the rebuilt sentence prints it again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..formats import Format
from ..model import WAN
from .recognise import norm, number
from .source import Page

FLAGS = re.S | re.M
SPAN = 5_000
"""Characters an open run (`.+?`, `.*`) of an import pattern may take: a fact is at most a few thousand (the longest
seen, a 主要职能, ~2,000), and an open run tried from each of many occurrences of a pattern's start would scan to
the text's end from each: time growing with the square of the text (a 77-page PDF: 320 s)."""
_OPEN_RUN = re.compile(r"(?<!\\)\.([+*])(\??)")
PAGE_NUMBER = re.compile(r"^[—–-]?\s*\d+\s*[—–-]?$")
_CJK = "\u4e00-\u9fff（）“”，。；：、"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \u3000]+(?=[\d.{_CJK}])|(?<=[\d.])[ \u3000]+(?=[{_CJK}])")
"""A space a typesetter puts between Chinese and a figure (“8695.94 万元”) or spreads a justified line with
(“支 出 预 算”), which WPS does not print."""


def import_rules(fmt: Format) -> dict[str, Any]:
    """The format's import.yaml merged down its extends chain (a later year's file changes only what differs)."""
    return fmt.merged("import.yaml")


def running_text(pages: tuple[Page, ...], page_break: str = "") -> str:
    """The text pages as one run (`page_break` between pages, where a heading is sought at a page's start): lines joined, a page that repeats the page before (a WPS overflow) left out."""
    kept: list[str] = []
    for page in pages:
        if _is_table(page):
            continue
        joiner = "\n" if page.name else ""  # a worksheet's lines are paragraphs, a PDF's are wrapped
        lines = [line.strip() for line in page.text.splitlines() if not PAGE_NUMBER.match(line.strip())]
        text = _CJK_SPACE.sub("", joiner.join(lines))
        body = "".join(line.strip() for line in page.text.splitlines()[1:])
        if kept and norm(body) and norm(body) in norm(kept[-1]):
            continue
        kept.append(text)
    return page_break.join(kept)


def _is_table(page: Page) -> bool:
    """A PDF page with a ruled table, or a worksheet laid out in columns (a text sheet has one text cell)."""
    if not page.name:
        return bool(page.tables)
    return any(sum(1 for c in row if c) >= 3 for grid in page.tables for row in grid)


def read_name(rules: Mapping, text: str) -> str | None:
    """The unit's or department's name as the text prints it (import.yaml 名称), or None when the rule finds none."""
    found = re.search(_bounded(rules["名称"]), text, FLAGS) if rules.get("名称") else None
    return found.group("v").strip() if found else None


def fact_rules(rules: Mapping, kind: str) -> dict[str, dict]:
    """The fact patterns that apply to this kind of document (部门: true ones only to a department's)."""
    found = {path: {"模式": rule} if isinstance(rule, str) else rule for path, rule in rules.get("文字", {}).items()
             if rule is not None}  # a later year's import.yaml removes a fact with null
    return {path: rule for path, rule in found.items() if kind == "department" or not rule.get("部门")}


def read_facts(rules: Mapping[str, dict], text: str, values: Mapping[str, object],
               total: Callable[[Mapping[str, Any]], Decimal], functions: list[str]) -> dict[str, Any]:
    """Each fact found, by its spec path ('概况.职能概述' → value); facts not printed are left out."""
    found: dict[str, Any] = {}
    for path, rule in rules.items():
        pattern = _fill(rule["模式"], values)
        if rule.get("逐项"):
            uses = [_value(m.group("v").strip(), rule) for m in re.finditer(pattern, text, FLAGS)]
            if uses:
                found[path] = {c: v for c, v in zip(functions, uses, strict=False) if v is not None}
            continue
        match = re.search(pattern, text, FLAGS)
        if match is None:
            continue
        if "本年" in rule:
            now, change = total(rule["本年"]), _signed(match)
            if change is not None:  # a mistyped figure (12..5万元) is not read: the spec's check asks for the fact
                found[path] = _by_rate(now, now - change, _printed_rate(match))
            if rule.get("口径") and match.group("basis") != "预算":
                found[rule["口径"]] = match.group("basis")
            continue
        value = _value(match.group("v").strip(), rule)
        if value is not None:
            found[path] = value
    return found


def text_names(rules: Mapping, text: str, names: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Codes the text prints under another name than `names` (the catalog's, as the tables print them), in the spec's
    科目名称 shape for the text only: import.yaml 文字科目名称 finds 名称（210类）… with groups 类/类名, 款/款名, 项/项名
    (a 款 or 项 code printed as its last two digits)."""
    found: dict[str, dict[str, Any]] = {}
    for match in re.finditer(rules.get("文字科目名称", "$^"), text, FLAGS):
        code = ""
        for level in ("类", "款", "项"):
            if not match.group(level):
                break
            code += match.group(level)
            printed = match.group(f"{level}名")
            if code in names and printed != names[code]:
                found.setdefault(code, {"名称": printed, "各表": ["文字"]})
    return found


def read_house(rules: Mapping, text: str, values: Mapping[str, object], defaults: Mapping[str, Any]) -> dict[str, Any]:
    """The text's house style (版式): each key's pattern gives the value printed (group v, or its 值 mapping);
    a key whose pattern is not found takes its 缺省 when given (a group v not taking part reads as empty).
    Only values other than the format's are kept."""
    found: dict[str, Any] = {}
    if not text.strip():  # tables without text (a workbook of the tables): nothing to tell the wording by
        return found
    for key, rule in rules.get("版式", {}).items():
        rule = {"模式": rule} if isinstance(rule, str) else rule
        match = re.search(_fill(rule["模式"], values), text, FLAGS)
        if match is None and "缺省" not in rule:
            continue
        value = rule["缺省"] if match is None else _choice(match.groupdict().get("v") or "", rule)
        if value != defaults.get(key):
            found[key] = value
    return found


def _choice(text: str, rule: Mapping) -> Any:
    for pattern, value in (rule.get("值") or {}).items():
        if re.fullmatch(pattern, text, FLAGS):
            return value
    return text


def _fill(pattern: str, values: Mapping[str, object]) -> str:
    """A pattern of import.yaml with this document's values in, and its open runs bounded to SPAN characters."""
    for key, value in values.items():
        pattern = pattern.replace("{" + key + "}", re.escape(str(value)))
    return _bounded(pattern)


def _bounded(pattern: str) -> str:
    """`.+?` as `.{1,SPAN}?`, `.*` as `.{0,SPAN}` …: every pattern is tried in time linear in the text."""
    return _OPEN_RUN.sub(lambda m: f".{{{'1' if m.group(1) == '+' else '0'},{SPAN}}}{m.group(2)}", pattern)


def _by_rate(now: Decimal, before: Decimal, rate: str | None) -> Decimal:
    """Last year's figure: `before` (this year's less the 万元 difference printed) unless the printed growth rate
    (half-up, 2 places) says otherwise; then the yuan within that difference's rounding (±49) that gives it."""
    if not rate or before <= 0 or _rate(now, before) == Decimal(rate):
        return before
    ratio = Decimal(rate) / 100
    if now < before and ratio >= 1:
        return before
    guess = (now / (1 + ratio) if now > before else now / (1 - ratio)).quantize(Decimal(1))
    moved = min(max(guess, before - 49), before + 49)
    return moved if moved > 0 and _rate(now, moved) == Decimal(rate) else before


def last_year(rule: Mapping, text: str, values: Mapping[str, object], now: Decimal) -> tuple[Decimal, str | None] | None:
    """A 与上年相比 sentence's last year as printed: this year's figure less the 万元 difference (yuan), and the growth
    rate printed (None when not printed); None when the sentence is not found."""
    match = re.search(_fill(rule["模式"], values), text, FLAGS)
    change = None if match is None else _signed(match)
    return None if change is None else (now - change, _printed_rate(match))


def _printed_rate(match: re.Match) -> str | None:
    """The growth rate a sentence prints (its group p), None when not printed or mistyped (95..89)."""
    rate = match.groupdict().get("p")
    return rate if rate and number(rate) else None


def growth_fits(now: Decimal, before: Decimal, rate: str | None) -> bool:
    """Whether last year's `before` gives the growth rate printed (any does when none is printed)."""
    return rate is None or (before > 0 and _rate(now, before) == Decimal(rate))


def _rate(now: Decimal, before: Decimal) -> Decimal:
    return (abs(now - before) / before * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _signed(match: re.Match) -> Decimal | None:
    """The change a 与上年相比 sentence prints (yuan, less for 减少), None when its figure is mistyped (12..5)."""
    if not match.group("dir"):
        return Decimal(0)
    printed = number(match.group("d"))
    if printed is None:
        return None
    return printed[0] * WAN if match.group("dir") == "增加" else -printed[0] * WAN


def _value(text: str, rule: Mapping) -> Any:
    if rule.get("值"):  # the value its 值 mapping gives what was printed (单位类型 from “无机关运行经费支出”)
        return _choice(text, rule)
    if rule.get("分项"):
        return [part.strip() for part in re.split(rule["分项"], text) if part.strip()]
    if rule.get("万元"):
        printed = number(text)
        return printed[0] * WAN if printed else None
    if rule.get("整数"):
        return int(text.strip()) if text.strip().isdigit() else None  # a misprinted count is not read
    if rule.get("计数"):
        unit = rule["计数"] if isinstance(rule["计数"], str) else "辆"
        names = rule.get("改名", {})
        return {names.get(k, k): int(n) for k, n in re.findall(rf"([^、，：；0-9\s]+)\s*(\d+)\s*{unit}", text)}
    return text


def project_notes(rules: Mapping, text: str, items: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Each project's 项目经费情况说明 (department documents): name, sections, and the amount it states; a section's
    numbered items that begin a printed line (`items`, see item_heads) each on a line of their own."""
    spec = rules.get("项目经费情况说明")
    if not spec:
        return []
    heads = list(re.finditer(_bounded(spec["标题"]), text, FLAGS))
    notes = []
    for n, head in enumerate(heads):
        end = heads[n + 1].start() if n + 1 < len(heads) else len(text)
        notes.append(_project(head.group("name").strip(), text[head.end("name"):end], spec, items))
    return notes


_ORDINALS = "一二三四五六七八九十"
_ITEM = re.compile(r"(?<=[；。;])\s*(?=(\d{1,2})[.．、](?!\d))")
"""Where a numbered item may begin: after a sentence's end (a PDF's text joins the lines it prints them on)."""
_HEAD = 12
"""How many characters (compared as norm gives them) of a line tell where it begins."""


def item_heads(pages: tuple[Page, ...]) -> frozenset[str]:
    """The beginnings of the printed lines that begin with a numbered item (2.由区人民调解协会…): an item printed
    on a line of its own, not run on after the item before it (…提升；2、支持商业)."""
    return frozenset(norm(line)[:_HEAD] for page in pages for line in page.text.splitlines()
                     if re.match(r"\s*\d{1,2}[.．、]\D", line))


def _item_lines(value: str, heads: frozenset[str]) -> str:
    """A section that begins with item 1 as printed: each following item, numbered on in turn, that begins a
    printed line on a line of its own (2.5万元, an item 7 after item 2 or an item run on in its line is no break)."""
    if not re.match(r"\s*1[.．、](?!\d)", value):
        return value
    parts, last, wanted = [], 0, 2
    for found in _ITEM.finditer(value):
        begins = norm(value[found.end():found.end() + 3 * _HEAD])
        if int(found.group(1)) == wanted and any(begins.startswith(head) for head in heads):
            parts.append(value[last:found.start()].strip())
            last, wanted = found.end(), wanted + 1
    return "\n".join([*parts, value[last:].strip()])


def _project(name: str, body: str, spec: Mapping, heads: frozenset[str]) -> dict[str, Any]:
    sections, printed = spec["各节"], spec.get("印为", {})
    titles = [printed.get(t, t) for t in sections]
    parts: dict[str, Any] = {}
    for i, title in enumerate(sections):
        start = body.find(f"{_ORDINALS[i]}、{titles[i]}")
        if start < 0:
            continue
        start += len(f"{_ORDINALS[i]}、{titles[i]}")
        nxt = body.find(f"{_ORDINALS[i + 1]}、{titles[i + 1]}") if i + 1 < len(sections) else -1
        value = body[start: nxt if nxt >= 0 else len(body)].strip().replace("\n", "")
        numbered = title in spec.get("分项", []) and re.match(r"\s*1、", value)
        parts[title] = [p.strip() for p in re.split(r"\d+、", value) if p.strip()] if numbered else _item_lines(value, heads)
    stated = str(parts.get(spec.get("金额", ""), ""))
    amount = re.search(r"总预算([\d,.]+)万", stated) or re.search(r"(?<![\d.])([\d,.]+)万", stated)
    printed = number(amount.group(1)) if amount else None  # None for a misprinted figure (12..5万)
    return {"名称": name, "说明": parts, "金额": printed[0] * WAN if printed else None}
