"""What ../shared/juesuan.md §8 found in the 决算's wording beyond the figures: the items of 五（三） worded otherwise
than their siblings (C437: 社会工作部's item 5 says 决算数小于预算数 where the others say 全年预算数), two 项 with
the same 用途 (C438: its item 8 copies item 7's), a sentence ending in “；” (C439: 财政局's 二, 三 and 五（二）).
Warnings: a publisher may mean each; an identical 用途 that fits neither 项 better is a note."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..problems import Place, Problem
from .printed import Printed, layout
from .printed_said import five_parts, listed_items, sections
from .printed_style import subsections

_ITEM = re.compile(r"（款）(.+?)（项）")


def list_problems(doc: Printed) -> list[Problem]:
    """C437–C439 on the text as printed (none when there is no text)."""
    if not doc.raw_text:
        return []
    items = listed_items(five_parts(doc.raw_text)[3])[1]
    place = Place(doc.file, None, "文字部分·五（三）")
    return [*item_wording(place, items), *same_use(place, items), *semicolon_ends(doc)]


def _name(item: str) -> str:
    return item.partition("。")[0]


def item_wording(place: Place, items: list[str]) -> Iterable[Problem]:
    """C437: each item compares 决算 with the same budget words as most of its siblings (决算数小于全年预算数)."""
    said = [(n, m) for n, item in enumerate(items, 1) if (m := re.search(layout()["逐项比较"], item))]
    kinds = [m.group(1) or "" for _, m in said]
    usual = max(set(kinds), key=kinds.count) if kinds else ""
    if len(said) < 3 or kinds.count(usual) * 2 <= len(kinds):
        return
    for (n, m), kind in zip(said, kinds, strict=True):
        if kind != usual:
            yield Problem("C437", place, f"第{n}项“{_name(items[n - 1])}”写“{m.group(0)}”，而其余 {kinds.count(usual)} 项写"
                          f"“……{usual}预算数”：同一列举中的措辞不一", "warning")


def same_use(place: Place, items: list[str]) -> Iterable[Problem]:
    """C438: two different 项 with the same 用途 text, named both; a warning when the 用途 names one 项 and not the
    other (a copy), a note otherwise (both may indeed be so used)."""
    uses: dict[str, list[int]] = {}
    for n, item in enumerate(items, 1):
        if m := re.search(layout()["逐项用途"], item):
            uses.setdefault(m.group(1), []).append(n)
    for use, numbers in uses.items():
        for first, other in zip(numbers, numbers[1:], strict=False):
            names = [_ITEM.search(_name(items[n - 1])) for n in (first, other)]
            fits = [bool(m and m.group(1) in use) for m in names]
            message = f"第{first}项“{_name(items[first - 1])}”与第{other}项“{_name(items[other - 1])}”的用途同为“{use}”"
            if fits[0] != fits[1]:
                copied, own = (other, first) if fits[0] else (first, other)
                yield Problem("C438", place, f"{message}，而用途只合于第{own}项：第{copied}项的用途或为复制粘贴", "warning")
            else:
                yield Problem("C438", place, f"{message}：如确为同一用途可不改", "note")


def semicolon_ends(doc: Printed) -> Iterable[Problem]:
    """C439: a paragraph of 第三部分 that ends in “；” (before the next heading) where a sentence ends in “。”."""
    for numeral, text in sections(doc.raw_text).items():
        for sub, part in subsections(numeral, text):
            if part.endswith("；"):
                yield Problem("C439", Place(doc.file, None, f"文字部分·{sub}"),
                              f"段末印为“{part[:-1].rsplit('；', 1)[-1][-20:]}；”：句子应以“。”结束", "warning")
