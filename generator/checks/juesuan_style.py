"""§7 rules 59 and 61 where a 决算 spec can break them (../shared/juesuan.md §0): its 措辞 printing another name than
the department's (C435), its 单位构成 naming 本级 otherwise, its 版式 or a sentence's 数字 printing amounts with other
than two decimals or with separators the 决算 text has none of (C436). The format's own sentences print the name by
{名称} and the amounts as §0 says, so only the spec's choices are looked at. Warnings; nothing runs for a 预算."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..model import Budget
from ..problems import Place, Problem
from . import Review, check

FINAL = "决算"
_REGION = re.compile(r"^(?:中共)?(.{1,6}?[省市](?:.{1,6}?[区县市])?)")
_BODY = r"[\u4e00-\u9fff]{0,14}?(?:局|部|委员会|委|办公室|中心|街道办事处|院|所|站|馆|队|处)"
TABLE_STYLE = {"表格小数位": ("2",), "表格千分位": ("true",)}
"""The spec's 版式 keys of the tables and the values §0 allows (万元, two decimals, with separators)."""


def _place(b: Budget, *paths: str) -> Place:
    return next((b.places[p] for p in paths if p in b.places), Place(b.file, None, paths[-1]))


def _names(b: Budget) -> tuple[str, ...]:
    members = b.facts.get("单位构成") or []
    listed = [str(m.get("单位名称", "")).removesuffix("（本级）") for m in members if isinstance(m, Mapping)]
    return tuple(n for n in {b.title_name, b.department, *b.unit_names, *listed} if n)


def _texts(value: object) -> Iterable[str]:
    """The words of a 措辞 entry (a text, its cases, its 写法), without its 数字."""
    if isinstance(value, str):
        yield re.sub(r"\{[^{}]*\}", "｜", value)
    elif isinstance(value, Mapping):
        for key, inner in value.items():
            if key != "数字":
                yield from _texts(inner)


@check
def wording_names_the_department(review: Review) -> Iterable[Problem]:
    """C435 (rule 59): a 措辞 that writes out a name of the department's region (上海市普陀区…局) other than the
    department's or its units' (a sentence copied from another body's document), and a 单位构成 whose （本级） entry
    names another body than the 部门名称."""
    b = review.budget
    region = _REGION.match(b.title_name or "")
    if b.document != FINAL or region is None:
        return
    names, found = _names(b), re.compile(re.escape(region.group(1)) + _BODY)
    for key, value in b.wording.items():
        for text in _texts(value):
            for m in found.finditer(text):
                start = m.start() - 2 if text[:m.start()].endswith("中共") else m.start()
                if not any(text.startswith(n, start) for n in names):
                    yield Problem("C435", _place(b, f"措辞.{key}", "措辞"), f"措辞“{key}”写有“{text[start:m.end()]}”，与部门名称"
                                  f"“{b.title_name}”不同：部门名称在各处应相同，请写作 {{名称}}", "warning")
    for member in b.facts.get("单位构成") or []:
        own = str(member.get("单位名称", "")) if isinstance(member, Mapping) else ""
        if own.endswith("（本级）") and own.removesuffix("（本级）") != b.title_name:
            yield Problem("C435", _place(b, "单位构成"), f"单位构成中的“{own}”与部门名称“{b.title_name}”不同：本级应印作"
                          f"“{b.title_name}（本级）”", "warning")


@check
def amounts_as_printed(review: Review) -> Iterable[Problem]:
    """C436 (rule 61): the text's amounts in 万元 with two decimals and no separators (版式 文字小数位, 文字去尾零,
    文字千分位, and each 措辞's 数字), the tables' with two decimals and separators (版式 表格小数位, 表格千分位, 各表)."""
    b = review.budget
    if b.document != FINAL:
        return
    text = review.text
    wrong = [("文字小数位", text.小数位 != 2, f"为 {text.小数位}：文字中的金额将不是两位小数"),
             ("文字去尾零", text.去尾零 != "否", "：将印出 6.2万元、10万元"),
             ("文字千分位", text.千分位, "：将印出 2,995.39万元")]
    for key, broken, what in wrong:
        if broken:
            yield Problem("C436", _place(b, f"版式.{key}", "版式"), f"版式“{key}”{what}；决算文字的金额印两位小数、不用千分位"
                          "（2995.39万元、6.20万元）", "warning")
    for path, _, value in _styles(b.house, "版式", TABLE_STYLE):
        yield Problem("C436", _place(b, path, "版式"), f"{path}为 {value}：决算表中的金额印两位小数、用千分位（2,940.05）",
                      "warning")
    for name, entry in b.wording.items():
        style = entry.get("数字") if isinstance(entry, Mapping) else None
        for path, key, value in _styles(style, f"措辞.{name}.数字", {"小数位": ("2",), "去尾零": ("否",), "千分位": ("false",)}):
            yield Problem("C436", _place(b, f"措辞.{name}", "措辞"), f"{path}中“{key}”为 {value}：决算文字的金额印两位小数、"
                          "不用千分位（2995.39万元、6.20万元）", "warning")


def _styles(style: Any, path: str, allowed: Mapping[str, tuple[str, ...]]) -> Iterable[tuple[str, str, str]]:
    """Each (path, key, value) of a style and the styles nested in it (各表, a figure's own) §0 does not allow."""
    if not isinstance(style, Mapping):
        return
    for key, value in style.items():
        bare = key.removeprefix("表格")
        if isinstance(value, Mapping):
            inner = {k.removeprefix("表格"): v for k, v in allowed.items()}  # 各表 writes 小数位 for 表格小数位
            yield from _styles(value, f"{path}.{key}", inner)
        elif key in allowed and str(value).lower() not in allowed[key]:
            yield f"{path}.{key}", bare, str(value)
