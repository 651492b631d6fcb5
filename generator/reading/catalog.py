"""Which codes a spec may use: the shipped catalog of its year, an officer's CSV, and the spec's own 补充科目;
and how it prints them (科目名称).

New units use codes no reference document printed; they name them in the spec, and a
note says so. A name that contradicts the catalog is an error naming both: a publisher that prints a code
otherwise (`维修(护)费`, an old 类 name in two tables) says so under 科目名称, recorded with the spec, so the
same spec prints the same document on every machine (an officer's `--catalog` CSV is read first; the spec wins).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from ..catalogs import load_catalog, source_groups
from ..formats import FormatError, FormatOutside, load_format
from ..model import DOCUMENTS, Catalog, PrintName
from ..problems import Problem
from .fields import Reader, numeral
from .load import Node

EXTRA_KEY = "补充科目"
NAMES_KEY = "科目名称"
TEXT = "文字"
"""What 科目名称's 各表 calls the text part, beside the format's sheet names."""
_DIGITS = re.compile(r"[0-9]+")  # a code is all digits 0-9 (its length is checked beside)
KINDS = {"功能科目": ("functions", (3, 5, 7)), "经济科目": ("economics", (3, 5))}


def spec_catalog(root: Node, r: Reader, given: Catalog | None, extra: Path | None) -> tuple[Catalog, list[Problem]]:
    """The catalog a spec's codes are checked against, and the notes on codes it adds."""
    year = root.get("年度").value if isinstance(root.value, dict) and root.get("年度") else None
    catalog = given or load_catalog(int(year) if isinstance(year, str) and year.strip().isdigit() else None, extra)
    catalog = _with_categories(root, r, catalog)
    if (own := _format_settings(root, r).get("source_catalog")) is not None:
        catalog = replace(catalog, source_groups=source_groups(str(own)))  # a 决算's funds are not a 预算's
    notes: list[Problem] = []
    section = root.get(EXTRA_KEY) if isinstance(root.value, dict) else None
    if section is None:
        return catalog, notes
    for kind, node in (section.value or {}).items() if isinstance(section.value, dict) else []:
        if kind not in KINDS:
            r.fail("E212", node.place, f"“{EXTRA_KEY}”下应为 {'、'.join(KINDS)}，而不是“{kind}”")
            continue
        attribute, lengths = KINDS[kind]
        names = dict(getattr(catalog, attribute))
        for code, name in (node.value or {}).items() if isinstance(node.value, dict) else []:
            _add(r, notes, kind, lengths, names, code, name)
        catalog = replace(catalog, **{attribute: names})
    return catalog, notes


def _add(r: Reader, notes: list[Problem], kind: str, lengths: tuple, names: dict, code: str, node: Node) -> None:
    name = node.value.strip() if isinstance(node.value, str) else ""
    if not re.fullmatch(r"\d+", code) or len(code) not in lengths or not name:
        r.fail("E227", node.place, f"{EXTRA_KEY}中的{kind}应写成“编码: 名称”，编码为 {'、'.join(map(str, lengths))} 位数字")
    elif code in names and names[code] != name:
        r.fail("E228", node.place, f"{kind} {code} 在科目目录中为“{names[code]}”，规格中写作“{name}”；"
                                   f"公开文本印作“{name}”时写在“{NAMES_KEY}”中")
    elif code not in names:
        names[code] = name
        notes.append(Problem("N228", node.place, f"{kind} {code} 不在所用年度的科目目录中，使用规格中的名称“{name}”", "note"))


def _with_categories(root: Node, r: Reader, catalog: Catalog) -> Catalog:
    """Project categories as the spec's format prints them (format.yaml 项目类别), else the shipped list."""
    settings = _format_settings(root, r)
    if settings is _UNKNOWN:
        return replace(catalog, categories=())  # not checked: the format itself is reported once it is loaded
    own = settings.get("项目类别")
    return replace(catalog, categories=tuple(own)) if own else catalog


_UNKNOWN: dict = {}


def _format_settings(root: Node, r: Reader) -> dict:
    """The settings of the format the spec names ({} when it names none, _UNKNOWN when it cannot be loaded: the
    format itself is reported once the spec is read)."""
    node = root.get("格式") if isinstance(root.value, dict) else None
    if node is None or not isinstance(node.value, str):
        return {}
    try:
        return dict(load_format(node.value.strip(), Path(r.file).parent).settings)
    except (KeyError, FormatOutside, FormatError):
        return _UNKNOWN


def document_of(root: Node, r: Reader) -> str:
    """The kind of document the spec's format makes (format.yaml `document`): 决算, or 预算 when it says none."""
    return str(_format_settings(root, r).get("document", DOCUMENTS[0]))


def read_print_names(root: Node, r: Reader, catalog: Catalog) -> tuple[PrintName, ...]:
    """科目名称: {功能科目|经济科目: {编码: 名称 | {名称, 各表}}}, each code one the catalog (with 补充科目) has."""
    section = root.get(NAMES_KEY) if isinstance(root.value, dict) else None
    if section is None:
        return ()
    if not isinstance(section.value, dict):
        r.fail("E248", section.place, f"“{NAMES_KEY}”应写成“功能科目: {{编码: 名称}}”“经济科目: {{编码: 名称}}”")
        return ()
    found = []
    for kind, node in section.value.items():
        if kind not in KINDS or not isinstance(node.value, dict):
            r.fail("E248", node.place, f"“{NAMES_KEY}”下应为 {'、'.join(KINDS)}，各写成“编码: 名称”的键值表")
            continue
        attribute = KINDS[kind][0]
        for code, entry in node.value.items():
            name = _print_name(r, kind, attribute, getattr(catalog, attribute), code, entry)
            found += [name] if name else []
    return tuple(found)


def _print_name(r: Reader, kind: str, attribute: str, known: dict, code: str, entry: Node) -> PrintName | None:
    """One code's printed name, and the tables that print it (all when 各表 is not written)."""
    own = entry.value if isinstance(entry.value, dict) else {"名称": entry}
    name = own.get("名称")
    tables = own.get("各表")
    if not isinstance(name, Node) or not isinstance(name.value, str) or not name.value.strip() or set(own) - {"名称", "各表"}:
        r.fail("E248", entry.place, f"{NAMES_KEY}中的{kind} {code} 应写成“编码: 名称”或“编码: {{名称: …, 各表: [表名…]}}”")
    elif tables is not None and (not isinstance(tables.value, list) or not tables.value
                                 or not all(isinstance(t.value, str) and t.value.strip() for t in tables.value)):
        r.fail("E248", tables.place, f"{NAMES_KEY}中{kind} {code} 的“各表”应为表名（工作表名称，或“{TEXT}”）的列表")
    elif code not in known:
        r.fail("E248", entry.place, f"{kind} {code} 不在科目目录中：“{NAMES_KEY}”只改写目录中已有科目的印法，"
                                    f"目录中没有的编码写在“{EXTRA_KEY}”中")
    else:
        listed = tuple(t.value.strip() for t in tables.value) if tables is not None else None
        return PrintName(attribute, code, name.value.strip(), listed, tables.place if tables else entry.place)
    return None


def check_print_names(names: tuple[PrintName, ...], sheets: tuple[str, ...]) -> list[Problem]:
    """E248: a 科目名称 entry listing a table its format does not have (once the format is known)."""
    problems = []
    for name in names:
        for table in name.tables or ():
            if table not in sheets and table != TEXT:
                problems.append(Problem("E248", name.place, f"格式中没有工作表“{table}”；可写：{'、'.join((*sheets, TEXT))}"))
    return problems


def code_of(r: Reader, node: Node, what: str, digits: int, catalog: Catalog, names: Mapping[str, str]) -> str:
    """A function or economic code as written, E221/E222 when it is not one the catalog (and its parents) has."""
    text = node.value.strip() if isinstance(node.value, str) else ""
    code = numeral(text) or text  # full-width digits read as 0-9; another script's fail below
    if len(code) != digits or not _DIGITS.fullmatch(code):
        r.fail("E221", node.place, f"{what}应为 {digits} 位数字编码，而不是“{code}”")
    elif code not in names:
        r.fail("E222", node.place, f"{what} {code} 不存在：{catalog.label}中没有此编码；新编码可在“补充科目”中写明名称，"
                                   "或用 --catalog 指定目录文件")
    elif missing := [code[:n] for n in (3, 5) if n < digits and code[:n] not in names]:
        r.fail("E222", node.place, f"{what} {code} 的上级科目 {missing[0]} 不存在：{catalog.label}中没有此编码；"
                                   "可在“补充科目”中写明它的名称")
    return code
