"""The house style (版式): how a publisher prints a format, as the format's defaults and the spec's choices.

A format.yaml declares every key with its default (`版式`), and may restrict values (`版式选项`); a spec's
`版式` changes only keys the format declares. Tables read the amount keys here; templates read the rest.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from .problems import Place, Problem

ZERO_SHOWN = {"空白": "", "0": "0", "0.00": "0.00"}
"""How a zero amount prints: 空白 (nothing), 0, or 0.00."""
GENERAL = "通用"
"""小数位 通用: as many decimals as the figure has, trailing zeros dropped (25, 21.56), as Excel's General prints."""


TABLE_KEYS = {"小数位": 2, "零值": "空白", "千分位": True, "合计": "合计取整"}
"""What a table or a column of 各表 may change, each with a value of its type."""
ROW_KEYS = ("小数位", "零值", "千分位", "各列")
"""What a row of a table (各表.<表>.各行.<行名>) may change: its amounts' look, in all columns or in some."""
EMPTY_KEYS = ("空表说明", "空表行")
"""An empty table's note and the row printed under its header: false (none), or the words (placeholders allowed)."""
TITLE_KEY = "标题"
"""A table's title as the publisher prints it (各表.<表>.标题), placeholders allowed: {year}年部门收入预算总表."""
EMPTY_ROW = "无"
"""What 空表行: true prints."""
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、．]\s*)")


def house_style(defaults: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    """The spec's 版式 over the format's: mappings (各表 …) merged key by key, each value read as the
    type of the format's default (a spec's YAML keeps `false` and `0` as text)."""
    merged = dict(defaults)
    for key, value in own.items():
        if isinstance(value, Mapping):
            merged[key] = house_style(merged[key] if isinstance(merged.get(key), Mapping) else {}, value)
        else:
            merged[key] = typed(value, merged.get(key, TABLE_KEYS.get(key)))
    return merged


def typed(value: Any, like: Any) -> Any:
    """A spec's text read as the type of `like`: 'false' → False where the default is a bool, '0' → 0 for a number."""
    if not isinstance(value, str):
        return value
    if isinstance(like, bool):
        return {"true": True, "false": False, "是": True, "否": False}.get(value.strip().lower(), value)
    if isinstance(like, int) and value.strip().isdigit():
        return int(value)
    return value


def check_house(own: Mapping[str, Any], settings: Mapping[str, Any], place: Place,
                tables: Mapping[str, tuple[str, ...]] | None = None, fields: Collection[str] | None = None) -> list[Problem]:
    """E237: a 版式 key the format does not declare, or a value it does not allow; 各表 is checked table by
    table (`tables`: each sheet's column keys), column by column and row by row, since its values become number
    formats, and an empty table's words may name only placeholders a layout has (`fields`, when given)."""
    declared = settings.get("版式", {})
    choices = settings.get("版式选项", {})
    problems = []
    for key, value in own.items():
        where = Place(place.file, place.line, f"版式.{key}")
        if key not in declared:
            known = "、".join(declared) or "（此格式没有可改的版式）"
            problems.append(Problem("E237", where, f"格式中没有版式“{key}”；可写：{known}"))
        elif key == "各表":
            problems += _check_tables(value, choices, tables or {}, where, fields)
        elif key in choices and typed(value, declared[key]) not in choices[key]:
            problems.append(_not_allowed(where, key, value, choices[key]))
    return problems


def _check_tables(value: Any, choices: Mapping[str, Any], tables: Mapping[str, tuple[str, ...]],
                  where: Place, fields: Collection[str] | None = None) -> list[Problem]:
    """各表: {工作表名称: {小数位, 零值, 千分位, 合计, 各列: {列名: {…}}, 各行: {行名: {…}}, 空表说明, 空表行}}."""
    return _each(value, tuple(tables) or None, where, "“各表”应写成“工作表名称: {小数位, 零值, 千分位}”的键值表",
                 "格式中没有工作表",
                 lambda sheet, own, at: _check_table(own, choices, tables.get(sheet), at, "table", fields))


def _check_table(own: Any, choices: Mapping[str, Any], columns: tuple[str, ...] | None, at: Place,
                 level: str = "column", fields: Collection[str] | None = None) -> list[Problem]:
    """One table's (`level` table), one row's or one column's keys and values."""
    allowed_keys = {"table": (*TABLE_KEYS, "各列", "各行", *EMPTY_KEYS, TITLE_KEY), "row": ROW_KEYS}.get(level, tuple(TABLE_KEYS))
    if not isinstance(own, Mapping):
        return [Problem("E237", at, f"此处应为键值表，可写：{'、'.join(allowed_keys)}")]
    problems = []
    for key, value in own.items():
        where = Place(at.file, at.line, f"{at.path}.{key}")
        if key not in allowed_keys:
            problems.append(Problem("E237", where, f"没有版式“{key}”；可写：{'、'.join(allowed_keys)}"))
        elif key == "各列":
            problems += _each(value, columns, where, "“各列”应写成“列名: {零值, 小数位}”的键值表", "表中没有列",
                              lambda _, own_, at_: _check_table(own_, choices, None, at_))
        elif key == "各行":
            problems += _each(value, None, where, "“各行”应写成“行名: {零值, 小数位}”的键值表（行名为表中印出的名称或编码）",
                              "", lambda _, own_, at_: _check_table(own_, choices, columns, at_, "row"))
        elif key in EMPTY_KEYS:
            problems += _check_words(value, fields, where)
        elif key == TITLE_KEY:
            words = isinstance(value, str) and not isinstance(typed(value, True), bool)
            problems += _check_words(value, fields, where) if words else [
                Problem("E237", where, "“标题”应为要印出的标题文字（可用 {year} 等占位符）")]
        elif typed(value, TABLE_KEYS[key]) not in _table_choices(key, choices):
            problems.append(_not_allowed(where, key, value, _table_choices(key, choices)))
    return problems


def _check_words(value: Any, fields: Collection[str] | None, where: Place) -> list[Problem]:
    """空表说明, 空表行: true, false, or words whose placeholders ({year}, {层级} …) a table can fill."""
    if isinstance(typed(value, True), bool):
        return []
    if not isinstance(value, str) or not value.strip():
        return [Problem("E237", where, "此处应为 true、false 或要印出的文字")]
    try:
        named = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError:
        return [Problem("E237", where, f"“{value}”中的花括号不成对：占位符写作 {{year}}，花括号本身不能印出")]
    unknown = [name for name in named if fields is not None and name not in fields]
    if unknown:
        return [Problem("E237", where, f"“{value}”中的占位符“{{{unknown[0]}}}”无法填写；可用："
                                       + "、".join(f"{{{f}}}" for f in sorted(fields or ())))]
    return []


def _each(value: Any, known: tuple[str, ...] | None, where: Place, shape: str, missing: str,
          check: Callable[[str, Any, Place], list[Problem]]) -> list[Problem]:
    """A mapping of named parts (tables, columns): each name must be `known` (when given), each part `check`ed."""
    if not isinstance(value, Mapping):
        return [Problem("E237", where, shape)]
    problems = []
    for name, own in value.items():
        at = Place(where.file, where.line, f"{where.path}.{name}")
        if known is not None and name not in known:
            problems.append(Problem("E237", at, f"{missing}“{name}”；可写：{'、'.join(known)}"))
        else:
            problems += check(name, own, at)
    return problems


def _table_choices(key: str, choices: Mapping[str, Any]) -> list[Any]:
    """The values a table's key may take: those of the format's 表格… option, and 通用 for decimals."""
    fixed = {"小数位": [0, 2, GENERAL], "零值": list(ZERO_SHOWN), "千分位": [True, False], "合计": ["合计取整", "分项取整相加"]}
    own = list(choices.get(f"表格{key}", fixed[key]))
    return own + [GENERAL] if key == "小数位" and GENERAL not in own else own


def _not_allowed(where: Place, key: str, value: Any, allowed: list[Any]) -> Problem:
    shown = "、".join(str(c) for c in allowed)
    return Problem("E237", where, f"版式“{key}”应为 {shown} 之一，而不是“{value}”")


def amount_format(house: Mapping[str, Any], sheet: str, column: str | None, row: Sequence[str] = ()) -> str | None:
    """The number format of an amount cell in `sheet`, `column` and the row called any of `row`, by the house
    style (a row's own over its column's, over the table's, over the whole document's); None without one."""
    if "表格小数位" not in house:
        return None
    table = dict(house.get("各表", {}).get(sheet, {}))
    line = next((dict(own) for name, own in table.get("各行", {}).items() if name in row), {}) if row else {}
    layers = [dict(line.get("各列", {}).get(column, {})), line] if column else [line]
    layers += [dict(table.get("各列", {}).get(column, {})) if column else {}, table]

    def chosen(key: str, default: Any) -> Any:
        return next((layer[key] for layer in layers if key in layer), house.get(f"表格{key}", default))

    decimals, zero = chosen("小数位", house["表格小数位"]), str(chosen("零值", "空白"))
    grouped = bool(chosen("千分位", True))
    if decimals == GENERAL:
        return f"General;-General;{ZERO_SHOWN.get(zero, zero)};@"
    body = ("#,##0" if grouped else "0") + ("." + "0" * int(decimals) if int(decimals) else "")
    return f"{body};-{body};{ZERO_SHOWN.get(zero, zero)};@"


def row_names(label: str, code: str) -> tuple[str, ...]:
    """What 各行 may call a row: its printed label (合计, 二、事业收入), that label without its numbering
    (事业收入), and its code as the code columns print it (204, 2040601)."""
    bare = _NUMBERING.sub("", label)
    return tuple(dict.fromkeys(n for n in (label, bare, code) if n))


def has_rows(house: Mapping[str, Any], sheet: str) -> bool:
    """Whether the house style sets any row of `sheet` apart (each cell's row is then looked up)."""
    return bool(dict(house.get("各表", {}).get(sheet, {})).get("各行"))


def table_title(house: Mapping[str, Any], table: Mapping[str, Any]) -> str:
    """A table's title as printed, placeholders not yet filled: the house style's (各表.<表>.标题), else the layout's."""
    own = dict(house.get("各表", {}).get(table["sheet"], {}))
    return str(own.get(TITLE_KEY) or table.get("title", table["sheet"]))


def empty_table(house: Mapping[str, Any], sheet: str) -> tuple[str | bool | None, str | bool | None]:
    """An empty `sheet`'s note and the row under its header, as the house style words them: None where the
    layout decides, False for none, else the words (空表行: true is the row 无)."""
    table = dict(house.get("各表", {}).get(sheet, {}))
    note, row = (typed(table[key], True) if key in table else None for key in EMPTY_KEYS)
    return (None if note is True else note), (EMPTY_ROW if row is True else row)


def rounded_parts(house: Mapping[str, Any], sheet: str) -> int | None:
    """Decimals to which a table's totals round their parts before adding them (各表.<表>.合计: 分项取整相加),
    as publishers whose total is the sum of the printed parts (0.83 + 9.98 = 10.81, not 10.80); None: the
    total is its exact sum, rounded once."""
    table = dict(house.get("各表", {}).get(sheet, {}))
    decimals = table.get("小数位", house.get("表格小数位"))
    if table.get("合计") != "分项取整相加" or decimals in (None, GENERAL):
        return None
    return int(decimals)
