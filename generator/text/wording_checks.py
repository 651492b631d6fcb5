"""The checks of named sentences: a spec's 措辞 against its format's sentences (E250–E253, with the place), and a
format's sentences.yaml before it is used (its author's mistakes, E243)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..house import typed
from ..problems import Place, Problem
from .facts import nearest
from .sentences import DROP, OWN_KEYS, STYLE_CHOICES, Sentence, fields, unknown_figure


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
    unknown = sorted(set().union(*(fields(t) for t in (entry.get("写法", ""), *variants.values()))) - set(entry.get("数") or {}))
    if unknown and entry.get("如") is None:  # one worded like another takes its 数 (load)
        return f"的写法中有“{{{unknown[0]}}}”，而“数”中没有这个数（每个数都要在“数”中写明）"
    bad = check_style(entry.get("数字") or {}, Place(""), tuple(entry.get("数") or ()))
    return f"的数字印法有误：{bad[0].message}" if bad else None


def _is_wording(text: Any) -> bool:
    return isinstance(text, str) or (isinstance(text, Mapping) and all(isinstance(v, str) for v in text.values()))


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
            near = nearest(name, [*sentences, *sections], cutoff=0.6)
            hint = f"，是否想写“{near}”？" if near else "；budgetgen sentences --format 格式 列出每一句的名称"
            problems.append(Problem("E250", place, f"格式中没有名为“{name}”的句子或节{hint}"))
    return problems


def _check_sentence(sentence: Sentence, value: Any, place: Place) -> list[Problem]:
    if value == DROP or value is None or (isinstance(value, str) and not value.strip()):
        return [] if sentence.optional else [Problem("E253", place, f"句子“{sentence.name}”不可略去（只有可略的句子能写“不印”或空着）")]
    if isinstance(value, str):
        return [] if value in sentence.variants else _check_fields(sentence, value, place)
    if not isinstance(value, Mapping):
        return [Problem("E251", place, f"“措辞.{sentence.name}”应为新的写法（文字）、变体名称、“不印”，或 {{写法, 变体, 数字}}")]
    problems: list[Problem] = []
    cases = list(sentence.wording) if isinstance(sentence.wording, Mapping) else []  # in order: a message reads the same each run
    for key, item in value.items():
        if key == "变体" and str(item) not in sentence.variants:
            known = "、".join(sentence.variants) or "（这句话没有变体）"
            problems.append(Problem("E251", place, f"句子“{sentence.name}”没有变体“{item}”；可选：{known}"))
        elif key == "数字":
            problems += check_style(item, place, tuple(sentence.figures))
        elif key == "写法" or key in cases:
            problems += _check_shape(sentence, key, item, cases, place) or _check_fields(sentence, item, place)
        elif key != "变体":
            allowed = "、".join([*OWN_KEYS, *cases])
            problems.append(Problem("E251", place, f"“措辞.{sentence.name}”中没有“{key}”；可写：{allowed}"))
    return problems


def _check_shape(sentence: Sentence, key: str, item: Any, cases: list[str], place: Place) -> list[Problem]:
    """A case's wording is a text; 写法 is a text, or, for a sentence with cases, a text for some of its cases
    (a mapping elsewhere, or null, would print nothing or “None”)."""
    if isinstance(item, str):
        return []
    if key == "写法" and cases and isinstance(item, Mapping) and set(item) <= set(cases) and _is_wording(item):
        return []
    shape = f"文字，或“情形: 文字”的键值表（情形：{'、'.join(cases)}）" if key == "写法" and cases else "文字"
    return [Problem("E251", place, f"“措辞.{sentence.name}”的“{key}”应为{shape}")]


def _check_fields(sentence: Sentence, wording: Any, place: Place) -> list[Problem]:
    unknown = sorted(fields(wording if isinstance(wording, str | Mapping) else str(wording)) - set(sentence.figures))
    return [unknown_figure(sentence.name, unknown[0], sentence.figures, place)] if unknown else []


def _check_section(name: str, value: Any, place: Place) -> list[Problem]:
    if isinstance(value, Mapping) and set(value) <= {"数字"}:
        return check_style(value.get("数字", {}), place)
    return [Problem("E251", place, f"节“{name}”只能写数字的印法：{{数字: {{…}}}}")]


def check_style(style: Any, place: Place, figures: tuple[str, ...] = ()) -> list[Problem]:
    """A number style's keys and values (STYLE_CHOICES); a sentence's own may also give one of its `figures` a style."""
    if not isinstance(style, Mapping):
        return [Problem("E251", place, f"“数字”应为键值表，可写：{'、'.join(STYLE_CHOICES)}")]
    problems = []
    for key, value in style.items():
        if key in figures and isinstance(value, Mapping):
            problems += check_style(value, place)
        elif key not in STYLE_CHOICES:
            also = "，或这句话的一个数：{数的名称: {小数位 …}}" if figures else ""
            problems.append(Problem("E251", place, f"数字的印法中没有“{key}”；可写：{'、'.join(STYLE_CHOICES)}{also}"))
        elif typed(value, STYLE_CHOICES[key][0]) not in STYLE_CHOICES[key]:
            shown = "、".join(str(c).lower() if isinstance(c, bool) else str(c) for c in STYLE_CHOICES[key])
            problems.append(Problem("E251", place, f"数字的印法“{key}”应为 {shown} 之一，而不是“{value}”"))
    return problems
