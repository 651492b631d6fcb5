"""Jinja filters shared by every narrative template: amounts, changes, Chinese ordinals and lists."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from jinja2 import Undefined

from ..model import WAN
from .facts import Facts
from .numerals import chinese
from .sentences import Change, Number

FILTERS: dict[str, Callable] = {}
STOPS = ("。", "！", "？", "；", "…", ".", "!", "?", ";")  # a sentence of the spec already ended


def jinja_filter(func: Callable) -> Callable:
    FILTERS[func.__name__] = func
    return func


def _number(value: object) -> Decimal:
    """A figure for a filter; a fact missing from the spec raises the template's own UndefinedError."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    return Decimal(str(value).replace(",", "")) if isinstance(value, str) else Decimal(value)


def _round(value: Decimal, places: int = 0) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


@jinja_filter
def wan(yuan: Decimal, places: int = 0, zero: str | None = None) -> str:
    """Yuan printed in 万元 with thousands separators: 2984477000 → '298,448'; `zero` replaces a nil amount."""
    figure = _round(_number(yuan) / WAN, places)
    return zero if zero is not None and not figure else f"{figure:,}"


@jinja_filter
def wan_sum(amounts: Iterable[Decimal], places: int = 2) -> Decimal:
    """Yuan amounts added as printed in 万元, each rounded first (0.83 + 9.98 = 10.81 万元), back in yuan."""
    return sum((_round(_number(a) / WAN, places) for a in amounts), Decimal(0)) * WAN


@jinja_filter
def change(now: Decimal, before: Decimal, up: str = "增加", down: str = "减少", rise: str = "增长", fall: str = "下降") -> str:
    """'减少299,860万元，下降50%' by sign; no change reads '增加0万元，增长0%'."""
    now, before = _number(now), _number(before)
    delta = now - before
    verb, trend = (up, rise) if _round(delta / WAN) >= 0 else (down, fall)
    text = f"{verb}{wan(abs(delta))}万元"
    if before:
        text += f"，{trend}{percent(abs(delta), before)}%"
    return text


@jinja_filter
def yuan(value: object) -> Decimal:
    """An amount the spec wrote (text or number) as a figure a sentence prints in 万元."""
    return _number(value)


@jinja_filter
def compared(now: object, before: object) -> Change:
    """本年 against 上年, for a sentence to print as a change (its size) and to choose 增加, 减少 or 持平 by."""
    return Change(_number(now), _number(before))


@jinja_filter
def percent(part: Decimal, whole: Decimal, places: int = 0) -> Number:
    """A percentage of `whole`, rounded half up to `places` decimals (whole numbers unless asked)."""
    part, whole = _number(part), _number(whole)
    exact = part * 100 / whole if whole else Decimal(0)
    return Number(str(_round(exact, places)) if whole else "0", exact)


@jinja_filter
def numeric(value: object) -> object:
    """A number the spec writes (平均得分: "99.43") as a figure its sentence may give a 数字 style (小数位 …); printed as
    written otherwise. Anything not a number stays as it is."""
    if isinstance(value, Undefined):
        return _deferred(value)
    try:
        exact = Decimal(str(value).strip())
    except InvalidOperation:
        return value
    return Number(str(value), exact) if exact.is_finite() else value


@jinja_filter
def ordinal(n: int) -> str:
    """1 → '一'; templates add their own 、 or （）."""
    return chinese(int(n))


@jinja_filter
def join_cn(items: Iterable[str], last: str = "和") -> str:
    """['a', 'b', 'c'] → 'a、b和c'."""
    items = list(items)
    return items[0] if len(items) == 1 else "、".join(items[:-1]) + last + items[-1] if items else ""


@jinja_filter
def delta(now: Decimal, before: Decimal, up: str = "增加", down: str = "减少") -> str:
    """Only the amount of a change: '减少2万元'; no change reads '增加0万元'."""
    diff = _number(now) - _number(before)
    return f"{up if _round(diff / WAN) >= 0 else down}{wan(abs(diff))}万元"


@jinja_filter
def clause(text: object, end: str = "。", lead: str = "，") -> str | Undefined:
    """A clause of the spec's own words (a reason, a use) after `lead`; left empty, only `end`: publishers
    who give no reason print '与上年预算持平。', never '持平，；' or '万元，'. A clause that ends its sentence
    (`end` 。) ends with a stop though the officer wrote none, so the next sentence never runs on."""
    if isinstance(text, Undefined):
        return _deferred(text)
    if text is None or not str(text).strip():
        return end
    return f"{lead}{stop(text) if end == '。' else text}"


def _deferred(missing: Undefined) -> Undefined:
    """A fact the spec lacks, still undefined: it fails where it is printed, so a sentence worded without it never
    asks for it. Anything else undefined (a template's slip) fails at once."""
    if missing._undefined_hint is None:
        missing._fail_with_undefined_error()
    return missing


@jinja_filter
def stop(text: object) -> str | Undefined:
    """The spec's own sentence with its full stop: officers write some reasons with 。 and some without."""
    if isinstance(text, Undefined):
        return _deferred(text)
    words = "" if text is None else str(text)
    return words if not words.strip() or words.rstrip().endswith(STOPS) else f"{words.rstrip()}。"


@jinja_filter
def spare(facts: object, key: object) -> str:
    """Nothing: the text does not need `facts[key]` as the figures stand (two figures print the same, so no reason
    is given); a reason written there anyway is named as one that may be deleted (W245), not as a mistyped key."""
    if isinstance(facts, Facts):
        facts.spared.add(key)
    return ""


@jinja_filter
def unstop(text: object) -> str | Undefined:
    """The spec's own words inside a sentence that goes on ('……无购置计划；公务用车运行费……'): no full stop."""
    if isinstance(text, Undefined):
        return _deferred(text)
    return "" if text is None else str(text).rstrip().rstrip("。")


@jinja_filter
def as_list(value: object) -> list:
    """A list fact as a list: one text (`立项依据: "某某文件"`) is a list of one, never one item per
    character; nothing written is an empty list."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    if value is None:
        return []
    return [value] if isinstance(value, str | int | float) else list(value)


@jinja_filter
def rate(part: object, whole: object) -> Number:
    """A share, completion rate or change as a 决算 prints it: half up to two decimals; nothing of anything “0”
    (完成预算的0%), anything of nothing “100.00” (增长100.00% for a unit founded this year)."""
    part, whole = abs(_number(part)), _number(whole)
    if not part:
        return Number("0", Decimal(0))
    return Number(str(_round(part * 100 / whole, 2)), part * 100 / whole) if whole else Number("100.00", Decimal(100))
