"""The wording reference an officer reads: every sentence of a format with its figures, wordings and variants,
every 版式 key with its default, choices and meaning, written from the format's own files so it cannot drift."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .sentences import DROP, STYLE_CHOICES, Sentence


def reference(name: str, sentences: Mapping[str, Sentence], settings: Mapping[str, Any]) -> str:
    """The reference of format `name` as Markdown."""
    parts = [f"# 格式 {name} 的措辞与版式", "",
             "规格的“措辞”逐句改写：`句子名称: \"新的写法\"`（{数的名称} 处印出这个数，数由预算明细和规格算出），"
             "`句子名称: 变体名称`，可略的句子写 `不印`，或 `句子名称: {写法: …, 数字: {…}}`；"
             "节名称下只写 `数字`；`数字` 中也可写这句话的一个数，给它另一种印法（`{数字: {小数位: 0, 某个数: {小数位: 2}}}`）；百分比、得分等不是金额的数照算出或写出的样子印，"
             "这样逐个写明时才照印法印（不折成万元，如 `{绩效: {数字: {平均得分: {小数位: 2}}}}`），名称、个数等不能写印法。带情形的句子逐个情形改写：`{持平: \"…\"}`。", "",
             *_styles(), *_house(settings), "## 句子", ""]
    for section, members in _by_section(sentences.values()):
        parts += [f"### {section or '（其他）'}", ""]
        for sentence in members:
            parts += _sentence(sentence)
    return "\n".join(parts).rstrip() + "\n"


def _styles() -> list[str]:
    rows = [f"| {key} | {' / '.join(_shown(c) for c in choices)} |" for key, choices in STYLE_CHOICES.items()]
    return ["## 数字的印法（措辞中的 数字）", "", "| 键 | 可选 |", "|---|---|", *rows, ""]


def _house(settings: Mapping[str, Any]) -> list[str]:
    declared, choices, notes = (settings.get(k, {}) for k in ("版式", "版式选项", "版式说明"))
    rows = [f"| {key} | {_shown(value)} | {' / '.join(_shown(c) for c in choices.get(key, []))} | {notes.get(key, '')} |"
            for key, value in declared.items()]
    return ["## 版式（规格的 版式）", "", "| 键 | 默认 | 可选 | 说明 |", "|---|---|---|---|", *rows, ""]


def _by_section(sentences: Iterable[Sentence]) -> list[tuple[str, list[Sentence]]]:
    sections: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        sections.setdefault(sentence.section, []).append(sentence)
    return list(sections.items())


def _sentence(s: Sentence) -> list[str]:
    lines = [f"#### {s.name}{'（可略）' if s.optional else ''}", "", s.note, ""]
    if s.figures:
        lines += ["数：" + "；".join(f"{{{k}}} {v}" for k, v in s.figures.items()), ""]
    lines += _wording("写法", s.wording)
    for variant, wording in s.variants.items():
        lines += _wording(f"变体“{variant}”", wording)
    if s.style:
        lines += ["数字：" + "，".join(f"{k} {_shown(v)}" for k, v in s.style.items()), ""]
    return lines


def _wording(label: str, wording: Any) -> list[str]:
    if isinstance(wording, Mapping):
        return [f"{label}：", "", *[f"- {case}：`{_text(w)}`" for case, w in wording.items()], ""]
    return [f"{label}：`{_text(wording)}`", ""]


def _text(wording: Any) -> str:
    return "（不印）" if wording == DROP else str(wording).replace("\n", "↵")


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value) if value != "" else "（空）"
