"""What a 决算's 第三部分 says, read from its text (Said for the §7 text rules): the figures of each 情况说明 section as
the Shanghai 2024 template words them (../shared/juesuan.md §4). A sentence worded otherwise is not read (its
figures stay None and their rules are skipped): the reader never guesses."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

from .printed import Printed
from .printed_grid import grid_table
from .printed_text import Change, Item, Said, Share

N = r"(-?[\d,]+(?:\.\d+)?)"
SECTIONS = ("收入支出决算总体情况说明", "收入决算情况说明", "支出决算情况说明", "财政拨款收入支出决算总体情况说明",
            "一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款基本支出决算情况说明", "财政拨款“三公”经费支出决算情况说明",
            "政府性基金预算财政拨款收入支出决算情况说明", "国有资本经营预算财政拨款收入支出决算情况说明", "预算绩效管理情况",
            "其他重要事项")
NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一")
FACTS = {
    "政府采购": {"合计": r"政府采购金额（以合同签订为准）为N万元", "货物": r"货物采购金额N万元", "工程": r"工程采购金额N万元",
             "服务": r"服务采购金额N万元", "面向中小企业预留": r"面向中小企业预留政府采购项目预算金额N万元",
             "面向小微企业预留": r"面向小微企业预留政府采购项目预算金额N万元",
             "中小企业预留中标": r"在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额N万元",
             "小微企业预留中标": r"在面向小微企业预留政府采购项目中，由小微企业供应商中标或成交的，采购金额N万元",
             "其他项目中小企业中标": r"在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额N万元"},
    "车辆": {"合计": r"共有车辆N辆"} | {k: rf"{k}N辆" for k in ("部级领导干部用车", "主要领导干部用车", "机要通信用车", "应急保障用车",
                                                        "执法执勤用车", "特种专业技术用车", "离退休干部用车", "其他用车")},
    "绩效": {"自评项目数": r"绩效自评的\d{4}年度项目N个", "优": r"“优”的项目N个", "良": r"“良”的项目N个", "合格": r"为“合格”的项目N个",
           "不合格": r"“不合格”的项目N个", "发现问题": r"发现问题N个", "已整改": r"已经完成整改的N个", "正在整改": r"正在整改的N个"},
}
NONE = {"七": "无“三公”经费财政拨款支出", "八": "无政府性基金预算财政拨款收入和支出", "九": "无国有资本经营预算财政拨款收入和支出"}


def _d(text: str | None) -> Decimal | None:
    return Decimal(text.replace(",", "")) if text else None


def _find(pattern: str, text: str) -> re.Match[str] | None:
    return re.search(pattern.replace("N", N), text)


def flat(text: str) -> str:
    """The text without spaces or line breaks, as the rules read it (a PDF's lines are wrapped anywhere)."""
    return re.sub(r"\s+", "", text)


def headings(flat_text: str) -> tuple[list[tuple[int, int, str]], int]:
    """第三部分's section headings in the flattened text, each (start, end, numeral), and where its body ends."""
    start, end = flat_text.rfind("第三部分"), flat_text.rfind("第四部分")
    if start < 0:
        return [], 0
    stop = end if end > start else len(flat_text)
    pattern = re.compile(rf"({'|'.join(NUMERALS[::-1])})、({'|'.join(map(re.escape, SECTIONS))})")
    return [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(flat_text, start, stop)], stop


def sections(text: str) -> dict[str, str]:
    """第三部分's sections by number (一…十一), the text without spaces or line breaks; {} when it has none."""
    body = flat(text)
    heads, stop = headings(body)
    found: dict[str, str] = {}
    for i, (_, end_at, numeral) in enumerate(heads):
        found.setdefault(numeral, body[end_at:heads[i + 1][0] if i + 1 < len(heads) else stop])
    return found


def five_parts(text: str) -> list[str]:
    """五's three parts (（一）总体, （二）结构, （三）具体), "" where absent."""
    five = re.split(r"（[一二三]）", sections(text).get("五", ""))
    return five + [""] * (4 - len(five))


def listed_items(part: str) -> tuple[str, list[str]]:
    """五（三） cut into its total's statement and its items' texts (1、…, 2、…), each item's text without its number."""
    detail, *items = re.split(r"(?:^|。|其中：)\d+、", part)
    return detail, items


def change(text: str, subject: str) -> Change | None:
    """A comparison with last year: {subject}{X}万元 … 增加/减少{Δ}万元，增长/下降{p}% or 持平, and its reason."""
    now = _find(rf"{subject}N万元", text)
    if now is None:
        return None
    moved = _find(r"(增加|减少)N万元，(?:增长|下降)N%", text[now.end():])
    reason = re.search(r"主要原因[：是]?(.+?)(?:。|$)", text[now.end():])
    word = moved.group(1) if moved else "持平" if "持平" in text[now.end():] else ""
    return Change(_d(now.group(1)), _d(moved.group(2)) if moved else None, word, _d(moved.group(3)) if moved else None,
                  reason.group(1) if reason else "")


def shares(text: str, suffix: str = "") -> tuple[Share, ...]:
    """The entries of a listing sentence: {name}{X}万元，占{p}%."""
    return tuple(Share(m.group(1), _d(m.group(2)), _d(m.group(3)))
                 for m in re.finditer(rf"([^，；：。]+?{suffix})N万元，占N%".replace("N", N), text))


def item(text: str, name: str = "") -> Item:
    """A 预算 against 决算 statement: 年初/全年预算为…，支出决算为…[，完成…预算数的…%]，and its word and reason."""
    planned, adjusted = _find(r"年初预算为N万元", text), _find(r"全年预算为N万元", text)
    actual, done = _find(r"支出决算为N万元", text), _find(r"完成(年初|全年)预算数?的N%", text)
    word = re.search(r"决算数(大于|小于)(?:全年)?预算数|决算数与(?:全年)?预算数(?:基本)?(持平)", text)
    reason = re.search(r"主要原因：(.+?)(?:。|$)", text)
    basis = done.group(1) if done else "全年" if planned is None or (adjusted and not _d(planned.group(1))) else "年初"
    return Item(name, _d(planned.group(1)) if planned else None, _d(adjusted.group(1)) if adjusted else None,
                _d(actual.group(1)) if actual else None, _d(done.group(2)) if done else None, basis,
                (word.group(1) or word.group(2)) if word else "", reason.group(1) if reason else "")


def said_from_text(text: str) -> Said:
    """The figures 第三部分 prints, section by section."""
    s = sections(text)
    five = five_parts(text)
    detail, items = listed_items(five[3])
    six = _find(r"基本支出N万元。其中：人员经费N万元，主要包括：(.+?)；公用经费N万元，主要包括：(.+?)。", s.get("六", ""))
    totals = [_find(rf"{what}N万元，其中", s.get(n, "")) for n, what in (("二", "本年收入合计"), ("三", "本年支出合计"))]
    general = _find(r"占本年支出合计的N%", five[1])
    return Said(
        total=change(s.get("一", ""), "收入支出总计"), income_total=_d(totals[0].group(1)) if totals[0] else None,
        incomes=shares(s.get("二", "").partition("其中：")[2]), spending_total=_d(totals[1].group(1)) if totals[1] else None,
        spendings=shares(s.get("三", "").partition("其中：")[2]), fiscal_total=change(s.get("四", ""), "财政拨款收入支出总计"),
        general=change(five[1], "一般公共预算财政拨款支出"), general_share=_d(general.group(1)) if general else None,
        structure=shares(five[2], "（类）"), detail=item(detail) if five[3] else None,
        items=tuple(item(i, i.partition("。")[0]) for i in items),
        basic=_d(six.group(1)) if six else None, people=_d(six.group(2)) if six else None,
        public=_d(six.group(4)) if six else None, people_names=tuple(six.group(3).split("、")) if six else None,
        public_names=tuple(six.group(5).split("、")) if six else None,
        office=change(s.get("十一", "").partition("（二）")[0], "机关运行经费支出"),
        facts={group: {key: _d(m.group(1)) for key, p in found.items() if (m := _find(p, s.get("十" if group == "绩效" else "十一", "")))}
               for group, found in FACTS.items()},
        none=frozenset(n for n, words in NONE.items() if words in s.get(n, "")) if s else None)


def printed_document(file: str, grids: Mapping[str, tuple[Sequence[Sequence[str | None]], str]], text: str = "",
                     year: int = 2024) -> Printed:
    """A published 决算 as import reads it, for published_errors: each table's body rows (cells as printed) and the
    note under it by key (T1…T9, titles in templates/checks/juesuan.yaml), and the whole text."""
    tables = {key: grid_table(key, rows, note) for key, (rows, note) in grids.items()}
    return Printed(file, tables, said_from_text(text) if text else None, year, text)
