"""The house style (版式): how a publisher prints a format, as the format's defaults and the spec's choices.

A format.yaml declares every key with its default (`版式`), and may restrict values (`版式选项`); a spec's
`版式` changes only keys the format declares. Tables read the amount keys here; templates read the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .problems import Place, Problem

ZERO_SHOWN = {"空白": "", "0": "0", "0.00": "0.00"}
"""How a zero amount prints: 空白 (nothing), 0, or 0.00."""
GENERAL = "通用"
"""小数位 通用: as many decimals as the figure has, trailing zeros dropped (25, 21.56), as Excel's General prints."""


TABLE_KEYS = {"小数位": 2, "零值": "空白", "千分位": True, "合计": "合计取整"}
"""What a table or a column of 各表 may change, each with a value of its type."""


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
                tables: Mapping[str, tuple[str, ...]] | None = None) -> list[Problem]:
    """E237: a 版式 key the format does not declare, or a value it does not allow; 各表 is checked table by
    table (`tables`: each sheet's column keys) and column by column, since its values become number formats."""
    declared = settings.get("版式", {})
    choices = settings.get("版式选项", {})
    problems = []
    for key, value in own.items():
        where = Place(place.file, place.line, f"版式.{key}")
        if key not in declared:
            known = "、".join(declared) or "（此格式没有可改的版式）"
            problems.append(Problem("E237", where, f"格式中没有版式“{key}”；可写：{known}"))
        elif key == "各表":
            problems += _check_tables(value, choices, tables or {}, where)
        elif key in choices and typed(value, declared[key]) not in choices[key]:
            problems.append(_not_allowed(where, key, value, choices[key]))
    return problems


def _check_tables(value: Any, choices: Mapping[str, Any], tables: Mapping[str, tuple[str, ...]],
                  where: Place) -> list[Problem]:
    """各表: {工作表名称: {小数位, 零值, 千分位, 合计, 各列: {列名: {…}}}}."""
    return _each(value, tuple(tables) or None, where, "“各表”应写成“工作表名称: {小数位, 零值, 千分位}”的键值表",
                 "格式中没有工作表", lambda sheet, own, at: _check_table(own, choices, tables.get(sheet), at, table=True))


def _check_table(own: Any, choices: Mapping[str, Any], columns: tuple[str, ...] | None, at: Place,
                 table: bool = False) -> list[Problem]:
    """One table's (or, `table` False, one column's) keys and values."""
    allowed_keys = tuple(TABLE_KEYS) + (("各列",) if table else ())
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
        elif typed(value, TABLE_KEYS[key]) not in _table_choices(key, choices):
            problems.append(_not_allowed(where, key, value, _table_choices(key, choices)))
    return problems


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


def amount_format(house: Mapping[str, Any], sheet: str, column: str | None) -> str | None:
    """The number format of an amount cell in `sheet`, `column`, by the house style; None without one."""
    if "表格小数位" not in house:
        return None
    table = dict(house.get("各表", {}).get(sheet, {}))
    own = dict(table.get("各列", {}).get(column, {})) if column else {}
    decimals = own.get("小数位", table.get("小数位", house["表格小数位"]))
    zero = str(own.get("零值", table.get("零值", house.get("表格零值", "空白"))))
    grouped = bool(own.get("千分位", table.get("千分位", house.get("表格千分位", True))))
    if decimals == GENERAL:
        return f"General;-General;{ZERO_SHOWN.get(zero, zero)};@"
    body = ("#,##0" if grouped else "0") + ("." + "0" * int(decimals) if int(decimals) else "")
    return f"{body};-{body};{ZERO_SHOWN.get(zero, zero)};@"


def rounded_parts(house: Mapping[str, Any], sheet: str) -> int | None:
    """Decimals to which a table's totals round their parts before adding them (各表.<表>.合计: 分项取整相加),
    as publishers whose total is the sum of the printed parts (0.83 + 9.98 = 10.81, not 10.80); None: the
    total is its exact sum, rounded once."""
    table = dict(house.get("各表", {}).get(sheet, {}))
    decimals = table.get("小数位", house.get("表格小数位"))
    if table.get("合计") != "分项取整相加" or decimals in (None, GENERAL):
        return None
    return int(decimals)
