"""Named sentences (措辞): the text's wording as data, chosen by the format, a variant, or the spec's own words.

A format's `sentences.yaml` names every sentence of its text: the section it sits in, what it says, the figures
it prints and its wording, a fill-in text in which `{名称}` stands for a figure (`{年度}年收入预算{收入合计}万元`).
The narrative template computes the figures and asks for the sentence by name (`say`); the spec's `措辞` may
reword it, choose a named variant, drop an optional one or set its number style. The fill-in language names
figures and nothing else: no code, no loops, no access to anything but the figures of that sentence, so a spec
received from someone else stays safe, and the figures stay computed, never typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from ..problems import Place, Problem

WAN = Decimal(10000)
FIELD = re.compile(r"\{([^{}]*)\}")
DROP = "不印"
"""A spec's 措辞 value that drops an optional sentence."""
OWN_KEYS = ("写法", "变体", "数字")
"""What a spec's 措辞 entry may hold as a mapping (besides a case's wording: 增加, 减少, 持平 …)."""

STYLE_CHOICES: dict[str, tuple[Any, ...]] = {
    "小数位": (0, 1, 2),
    "千分位": (True, False),
    "去尾零": ("否", "全", "整"),
    "零值": ("0", "0.00"),
    "取舍": ("四舍五入", "截断"),
    "差额": ("相减后取整", "取整后相减"),
}
"""A number style's keys and values: 去尾零 全 writes 1484.20 as 1484.2 and 116.00 as 116; 整 drops only .00
(867.50 stays); 取舍 截断 prints 877,080 元 as 87.70; 差额 取整后相减 subtracts the figures as printed."""


@dataclass(frozen=True)
class NumberStyle:
    """How a sentence prints an amount in 万元."""

    小数位: int = 2
    千分位: bool = True
    去尾零: str = "否"
    零值: str = "0"
    取舍: str = "四舍五入"
    差额: str = "相减后取整"

    def over(self, own: Mapping[str, Any]) -> NumberStyle:
        """This style with `own`'s keys over it (values already checked)."""
        return NumberStyle(**{k: _typed(own.get(k, getattr(self, k)), getattr(self, k)) for k in STYLE_CHOICES})

    def rounded(self, yuan: Decimal) -> Decimal:
        mode = ROUND_DOWN if self.取舍 == "截断" else ROUND_HALF_UP
        return (Decimal(yuan) / WAN).quantize(Decimal(1).scaleb(-self.小数位), mode)

    def money(self, yuan: Decimal) -> str:
        """Yuan printed in 万元 by this style; a nil amount as 零值."""
        return self.shown(self.rounded(yuan))

    def shown(self, figure: Decimal) -> str:
        if not figure:
            return self.零值
        text = f"{figure:,}" if self.千分位 else f"{figure}"
        if "." in text and (self.去尾零 == "全" or (self.去尾零 == "整" and not figure % 1)):
            text = text.rstrip("0").rstrip(".")
        return text


def house_style(house: Mapping[str, Any]) -> NumberStyle:
    """The text's number style by the 版式 (文字千分位, 文字去尾零, 文字零值): every sentence starts from it."""
    return NumberStyle(千分位=house.get("文字千分位", True) is not False,
                       去尾零="全" if house.get("文字去尾零") is True else "否", 零值=str(house.get("文字零值", "0")))


@dataclass(frozen=True)
class Change:
    """A change between two amounts (本年 against 上年): printed as its size; its sign chooses 增加/减少/持平."""

    now: Decimal
    before: Decimal

    def size(self, style: NumberStyle) -> Decimal:
        if style.差额 == "取整后相减":
            return abs(style.rounded(self.now) - style.rounded(self.before))
        return abs(style.rounded(self.now - self.before))

    def case(self, style: NumberStyle) -> str:
        if not self.size(style):
            return "持平"
        return "增加" if self.now > self.before else "减少"


class Said(NamedTuple):
    """A sentence as the text printed it: its name, its words, the figures it was given and their style."""

    name: str
    text: str
    figures: dict[str, Any]
    style: NumberStyle


@dataclass(frozen=True)
class Sentence:
    """One named sentence of a format: where it is, what it says, its figures and its wordings."""

    name: str
    section: str
    note: str
    figures: Mapping[str, str]
    wording: str | Mapping[str, str]
    variants: Mapping[str, str | Mapping[str, str]] = field(default_factory=dict)
    optional: bool = False
    style: Mapping[str, Any] = field(default_factory=dict)
    like: str = ""
    """The sentence this one is worded like (`如`): the spec's words for that one hold for this one too."""


class WordingError(Exception):
    """A sentence that cannot be written: its problem, for the spec (a rewording) or the format (its data)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def load(data: Mapping[str, Any]) -> dict[str, Sentence]:
    """A format's merged sentences.yaml as Sentences; `如: 另一句` takes that sentence's entries as its own defaults
    (each comparison is its own sentence, worded like the others unless changed)."""
    return {name: _sentence(name, {**_entries(data, name, 0), "如": _like(data.get(name))}) for name in data}


def _like(entry: Any) -> str:
    return str(entry.get("如") or "") if isinstance(entry, Mapping) else ""


def invalid(data: Any) -> str | None:
    """What is wrong with a format's sentences.yaml (merged), in words for its author; None when it can be used."""
    if not isinstance(data, Mapping):
        return "sentences.yaml 的顶层应为键值表：句子名称: {节, 说明, 数, 写法, …}"
    for name, entry in data.items():
        problem = _invalid_entry(entry, data) if isinstance(entry, Mapping) else "应为键值表"
        if problem:
            return f"句子“{name}”{problem}"
    return None


def _invalid_entry(entry: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    variants = entry.get("变体") or {}
    if not isinstance(variants, Mapping) or not all(_is_wording(t) for t in (entry.get("写法", ""), *variants.values())):
        return "的写法和变体应为文字，或“情形: 文字”的键值表"
    if not isinstance(entry.get("数") or {}, Mapping) or not isinstance(entry.get("数字") or {}, Mapping):
        return "的“数”“数字”应为键值表"
    if entry.get("如") is not None and entry.get("如") not in data:
        return f"的“如”写了不存在的句子“{entry.get('如')}”"
    bad = check_style(entry.get("数字") or {}, Place(""))
    return f"的数字印法有误：{bad[0].message}" if bad else None


def _is_wording(text: Any) -> bool:
    return isinstance(text, str) or (isinstance(text, Mapping) and all(isinstance(v, str) for v in text.values()))


def _entries(data: Mapping[str, Any], name: str, depth: int) -> Mapping[str, Any]:
    own = data.get(name) or {}
    like = own.get("如") if isinstance(own, Mapping) else None
    if not like or like not in data or depth > 8:
        return own if isinstance(own, Mapping) else {}
    return dict(_entries(data, str(like), depth + 1)) | {k: v for k, v in own.items() if k != "如"}


def _sentence(name: str, d: Mapping[str, Any]) -> Sentence:
    return Sentence(name, str(d.get("节", "")), str(d.get("说明", "")), dict(d.get("数") or {}), d.get("写法", ""),
                    dict(d.get("变体") or {}), bool(d.get("可略", False)), dict(d.get("数字") or {}), str(d.get("如", "")))


@dataclass(frozen=True)
class Wordings:
    """The sentences of one document: the format's, with the spec's 措辞 over them, and the base number style."""

    sentences: Mapping[str, Sentence]
    own: Mapping[str, Any]
    places: Mapping[str, Place]
    base: NumberStyle
    file: str = ""
    said: list[Said] = field(default_factory=list)
    """Each sentence written, in order, with its text and figures: what the text printed, for checks and import."""

    def say(self, name: str, values: Mapping[str, Any], case: str | None = None, variant: str | None = None) -> str:
        """The sentence `name` with these figures filled in: the spec's words, else the variant the template chose,
        else the format's; empty when the spec or the format says 不印."""
        sentence = self.sentences.get(name)
        if sentence is None:
            raise WordingError(Problem("E252", Place(self.file), f"文字模板要写的句子“{name}”不在格式的 sentences.yaml 中"))
        if variant is not None and variant not in sentence.variants:
            raise WordingError(Problem("E252", Place(self.file), f"文字模板要的变体“{variant}”不在句子“{name}”的变体中"))
        own = self._own(sentence, variant)
        style = self.style(sentence)
        wording = self._wording(sentence, own)
        if isinstance(wording, Mapping):
            case = case or next((v.case(style) for v in values.values() if isinstance(v, Change)), None)
            wording = wording.get(case or "", "")
        text = "" if wording == DROP else fill(str(wording), values, style, lambda key: self._unknown(sentence, key, values))
        self.said.append(Said(name, text, dict(values), style))
        return text

    def _own(self, sentence: Sentence, variant: str | None) -> Any:
        """The spec's words for this sentence, or for the one it is worded like, else the template's variant."""
        for key in (sentence.name, sentence.like):
            if key and key in self.own:
                return self.own[key]
        return variant

    def style(self, sentence: Sentence) -> NumberStyle:
        """The base style (the 版式), the format's for this sentence, then the spec's for its section, for the
        sentence it is worded like, and for it."""
        style = self.base.over(sentence.style)
        for key in (sentence.section, sentence.like, sentence.name):
            own = self.own.get(key)
            if isinstance(own, Mapping) and isinstance(own.get("数字"), Mapping):
                style = style.over(own["数字"])
        return style

    def _wording(self, sentence: Sentence, own: Any) -> str | Mapping[str, str]:
        if own == DROP:
            return DROP
        if isinstance(own, str):
            return sentence.variants.get(own, own)
        wording = sentence.wording
        if isinstance(own, Mapping):
            if "变体" in own:
                wording = sentence.variants[str(own["变体"])]
            if "写法" in own:
                wording = own["写法"]
            cases = {k: v for k, v in own.items() if k not in OWN_KEYS}
            if cases and isinstance(wording, Mapping):
                wording = dict(wording) | cases
        return wording

    def _unknown(self, sentence: Sentence, name: str, values: Mapping[str, Any]) -> str:
        known = "、".join(f"{{{k}}}" for k in values)
        place = self.places.get(sentence.name, Place(self.file, None, f"措辞.{sentence.name}"))
        raise WordingError(Problem("E251", place, f"句子“{sentence.name}”的写法中有“{{{name}}}”，"
                                                  f"而这句话没有这个数；可用：{known}"))


def fill(wording: str, values: Mapping[str, Any], style: NumberStyle, unknown) -> str:
    """A fill-in text with each `{名称}` replaced by its figure, printed in `style`."""
    def one(match: re.Match[str]) -> str:
        key = match.group(1).strip()
        if key not in values:
            return unknown(key)
        return printed(values[key], style)

    return FIELD.sub(one, wording)


def printed(value: Any, style: NumberStyle) -> str:
    """A figure as text: an amount (Decimal yuan) in 万元 by the style, a change by its size, the rest as written."""
    if isinstance(value, Change):
        return style.shown(value.size(style))
    if isinstance(value, Decimal):
        return style.money(value)
    return "" if value is None else str(value)


def fields(wording: str | Mapping[str, str]) -> set[str]:
    """The figure names a wording uses."""
    texts = wording.values() if isinstance(wording, Mapping) else [wording]
    return {m.group(1).strip() for text in texts for m in FIELD.finditer(str(text))}


def _typed(value: Any, like: Any) -> Any:
    if isinstance(like, bool) and isinstance(value, str):
        return {"true": True, "false": False, "是": True, "否": False}.get(value.strip().lower(), value)
    if isinstance(like, int) and not isinstance(like, bool) and isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return value


def check(own: Mapping[str, Any], places: Mapping[str, Place], sentences: Mapping[str, Sentence],
          file: str) -> list[Problem]:
    """E250–E253: each entry of the spec's 措辞 names a sentence (or a section) of the format, a variant it has,
    only figures that sentence prints, and a number style budgetgen knows; only an optional sentence is dropped."""
    sections = {s.section for s in sentences.values()}
    problems: list[Problem] = []
    for name, value in own.items():
        place = places.get(f"措辞.{name}", Place(file, None, f"措辞.{name}"))
        if name in sentences:
            problems += _check_sentence(sentences[name], value, place)
        elif name in sections:
            problems += _check_section(name, value, place)
        else:
            near = _nearest(name, [*sentences, *sections])
            hint = f"，是否想写“{near}”？" if near else "；budgetgen sentences --format 格式 列出每一句的名称"
            problems.append(Problem("E250", place, f"格式中没有名为“{name}”的句子或节{hint}"))
    return problems


def _check_sentence(sentence: Sentence, value: Any, place: Place) -> list[Problem]:
    if value == DROP:
        return [] if sentence.optional else [Problem("E253", place, f"句子“{sentence.name}”不可略去（只有可略的句子能写“不印”）")]
    if isinstance(value, str):
        return [] if value in sentence.variants else _check_fields(sentence, value, place)
    if not isinstance(value, Mapping):
        return [Problem("E251", place, f"“措辞.{sentence.name}”应为新的写法（文字）、变体名称、“不印”，或 {{写法, 变体, 数字}}")]
    problems: list[Problem] = []
    cases = set(sentence.wording) if isinstance(sentence.wording, Mapping) else set()
    for key, item in value.items():
        if key == "变体" and str(item) not in sentence.variants:
            known = "、".join(sentence.variants) or "（这句话没有变体）"
            problems.append(Problem("E251", place, f"句子“{sentence.name}”没有变体“{item}”；可选：{known}"))
        elif key == "数字":
            problems += check_style(item, place)
        elif key == "写法" or key in cases:
            problems += _check_fields(sentence, item, place)
        elif key != "变体":
            allowed = "、".join([*OWN_KEYS, *cases])
            problems.append(Problem("E251", place, f"“措辞.{sentence.name}”中没有“{key}”；可写：{allowed}"))
    return problems


def _check_fields(sentence: Sentence, wording: Any, place: Place) -> list[Problem]:
    unknown = sorted(fields(wording if isinstance(wording, str | Mapping) else str(wording)) - set(sentence.figures))
    if not unknown:
        return []
    known = "、".join(f"{{{k}}}" for k in sentence.figures) or "（这句话没有数）"
    return [Problem("E251", place, f"句子“{sentence.name}”的写法中有“{{{unknown[0]}}}”，而这句话没有这个数；可用：{known}")]


def _check_section(name: str, value: Any, place: Place) -> list[Problem]:
    if isinstance(value, Mapping) and set(value) <= {"数字"}:
        return check_style(value.get("数字", {}), place)
    return [Problem("E251", place, f"节“{name}”只能写数字的印法：{{数字: {{…}}}}")]


def check_style(style: Any, place: Place) -> list[Problem]:
    """A number style's keys and values (STYLE_CHOICES)."""
    if not isinstance(style, Mapping):
        return [Problem("E251", place, f"“数字”应为键值表，可写：{'、'.join(STYLE_CHOICES)}")]
    problems = []
    for key, value in style.items():
        if key not in STYLE_CHOICES:
            problems.append(Problem("E251", place, f"数字的印法中没有“{key}”；可写：{'、'.join(STYLE_CHOICES)}"))
        elif _typed(value, STYLE_CHOICES[key][0]) not in STYLE_CHOICES[key]:
            shown = "、".join(str(c).lower() if isinstance(c, bool) else str(c) for c in STYLE_CHOICES[key])
            problems.append(Problem("E251", place, f"数字的印法“{key}”应为 {shown} 之一，而不是“{value}”"))
    return problems


def _nearest(name: str, names: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return found[0] if found else None
