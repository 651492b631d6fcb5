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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from ..house import typed
from ..model import WAN
from ..problems import Place, Problem

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
        return NumberStyle(**{k: typed(own.get(k, getattr(self, k)), getattr(self, k)) for k in STYLE_CHOICES})

    def rounded(self, yuan: Decimal) -> Decimal:
        mode = ROUND_DOWN if self.取舍 == "截断" else ROUND_HALF_UP
        return (Decimal(yuan) / WAN).quantize(Decimal(1).scaleb(-self.小数位), mode)

    def money(self, yuan: Decimal) -> str:
        """Yuan printed in 万元 by this style; a nil amount as 零值."""
        return self.shown(self.rounded(yuan))

    def figure(self, exact: Decimal) -> str:
        """A figure that is not money (a percentage, a score) by this style: its decimals, not in 万元."""
        mode = ROUND_DOWN if self.取舍 == "截断" else ROUND_HALF_UP
        return self.shown(exact.quantize(Decimal(1).scaleb(-self.小数位), mode))

    def shown(self, figure: Decimal) -> str:
        if not figure:
            return self.零值
        text = f"{figure:,}" if self.千分位 else f"{figure}"
        if "." in text and (self.去尾零 == "全" or (self.去尾零 == "整" and not figure % 1)):
            text = text.rstrip("0").rstrip(".")
        return text


def text_style(house: Mapping[str, Any]) -> NumberStyle:
    """The text's number style by the 版式 (文字小数位, 文字千分位, 文字去尾零, 文字零值): every sentence starts from it."""
    return NumberStyle(小数位=int(house.get("文字小数位", 2)), 千分位=house.get("文字千分位", True) is not False,
                       去尾零="全" if house.get("文字去尾零") is True else "否", 零值=str(house.get("文字零值", "0")))


class Number(str):
    """A figure that is not money (a percentage, a completion rate, a score), with its exact value: printed as
    computed or written, or, when its sentence's 数字 gives it a style of its own (`{平均得分: {小数位: 2}}`), by it."""

    exact: Decimal

    def __new__(cls, text: str, exact: Decimal) -> Number:
        made = super().__new__(cls, text)
        made.exact = exact
        return made


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


STYLED = (Decimal, Change, Number)
"""What a figure's own number style can print: an amount, a change of one, a percentage or a score."""


class Said(NamedTuple):
    """A sentence as the text printed it: its name, its words, the figures it was given and their style."""

    name: str
    text: str
    figures: dict[str, Any]
    style: NumberStyle
    wording: str = ""
    """The wording it was filled from (the case's, when the sentence has cases): where each figure stands."""
    case: str = ""


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
        wording = self._wording(sentence, own, variant)
        if isinstance(wording, Mapping):
            case = case or next((v.case(style) for v in values.values() if isinstance(v, Change)), None)
            if case not in wording:
                raise WordingError(Problem("E252", Place(self.file), f"句子“{name}”没有情形“{case}”（有：{'、'.join(wording)}）"))
            wording = wording[case]
        unknown = lambda key: self._unknown(sentence, key, values)  # noqa: E731 - the sentence's own message
        styles = self.figure_styles(sentence, style)
        self._styleable(sentence, styles, values)
        text = "" if wording == DROP else fill(str(wording), values, style, unknown, styles)
        self.said.append(Said(name, text, dict(values), style, str(wording), case or ""))
        return text

    def figure_styles(self, sentence: Sentence, style: NumberStyle) -> dict[str, NumberStyle]:
        """One figure's own number style inside its sentence (数字: {一般公共预算拨款支出: {小数位: 2}}, the rest whole
        万元), from the format's sentence, then the spec's words for the sentence it is worded like, then for it."""
        layers = [sentence.style] + [own.get("数字") for key in (sentence.like, sentence.name)
                                     if isinstance(own := self.own.get(key), Mapping)]
        found: dict[str, NumberStyle] = {}
        for layer in layers:
            for name, own_style in (layer or {}).items():
                if name in sentence.figures and isinstance(own_style, Mapping):
                    found[name] = found.get(name, style).over(own_style)
        return found

    def _styleable(self, sentence: Sentence, styles: Mapping[str, NumberStyle], values: Mapping[str, Any]) -> None:
        """E251: a figure given its own number style that no style can print (a name, a count): never ignored."""
        for name in styles:
            if name in values and not isinstance(values[name], STYLED):
                key = next((k for k in (sentence.name, sentence.like) if k and k in self.own), sentence.name)
                place = self.places.get(f"措辞.{key}", Place(self.file, None, f"措辞.{key}"))
                raise WordingError(Problem("E251", replace(place, path=f"措辞.{key}.数字.{name}"),
                                           f"句子“{sentence.name}”的“{{{name}}}”不是金额、百分比或得分，没有数字的印法："
                                           f"请删去“措辞.{key}.数字”中的“{name}”"))

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

    def _wording(self, sentence: Sentence, own: Any, variant: str | None = None) -> str | Mapping[str, str]:
        """The spec's words over the variant the template chose (a 数字 or a case written alone keeps it), else the
        format's."""
        if own == DROP:
            return DROP
        if isinstance(own, str):
            return sentence.variants.get(own, own)
        wording = sentence.variants[variant] if variant is not None else sentence.wording
        if isinstance(own, Mapping):
            if "变体" in own:
                wording = sentence.variants[str(own["变体"])]
            if "写法" in own:  # a case left out of a 写法 by case keeps its wording, as with the cases written alone
                written = own["写法"]
                wording = dict(wording) | written if isinstance(written, Mapping) and isinstance(wording, Mapping) else written
            cases = {k: v for k, v in own.items() if k not in OWN_KEYS}
            if cases and isinstance(wording, Mapping):
                wording = dict(wording) | cases
        return wording

    def _unknown(self, sentence: Sentence, name: str, values: Mapping[str, Any]) -> str:
        place = self.places.get(sentence.name, Place(self.file, None, f"措辞.{sentence.name}"))
        raise WordingError(unknown_figure(sentence.name, name, values, place))


def unknown_figure(sentence: str, name: str, known: Iterable[str], place: Place) -> Problem:
    """E251: a wording names a figure its sentence does not print."""
    listed = "、".join(f"{{{k}}}" for k in known) or "（这句话没有数）"
    return Problem("E251", place, f"句子“{sentence}”的写法中有“{{{name}}}”，而这句话没有这个数；可用：{listed}")


def fill(wording: str, values: Mapping[str, Any], style: NumberStyle, unknown,
         styles: Mapping[str, NumberStyle] | None = None) -> str:
    """A fill-in text with each `{名称}` replaced by its figure, printed in `style` (or the figure's own in `styles`)."""
    def one(match: re.Match[str]) -> str:
        key = match.group(1).strip()
        if key not in values:
            return unknown(key)
        own = (styles or {}).get(key)
        return printed(values[key], own or style, own is not None)

    return FIELD.sub(one, wording)


def printed(value: Any, style: NumberStyle, own: bool = False) -> str:
    """A figure as text: an amount (Decimal yuan) in 万元 by the style, a change by its size, a percentage or a score
    as computed or written unless the style is the figure's `own`, the rest as written."""
    if isinstance(value, Number):
        return style.figure(value.exact) if own else str(value)
    if isinstance(value, Change):
        return style.shown(value.size(style))
    if isinstance(value, Decimal):
        return style.money(value)
    return "" if value is None else str(value)


def fields(wording: str | Mapping[str, str]) -> set[str]:
    """The figure names a wording uses."""
    texts = wording.values() if isinstance(wording, Mapping) else [wording]
    return {m.group(1).strip() for text in texts for m in FIELD.finditer(str(text))}
