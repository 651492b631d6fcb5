"""The house style (版式): how a publisher prints a format, as the format's defaults and the spec's choices.

A format.yaml declares every key with its default (`版式`), and may restrict values (`版式选项`); a spec's
`版式` changes only keys the format declares. Tables read the amount keys here; templates read the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def check_house(own: Mapping[str, Any], settings: Mapping[str, Any], place: Place) -> list[Problem]:
    """E237: a 版式 key the format does not declare, or a value it does not allow."""
    declared = settings.get("版式", {})
    choices = settings.get("版式选项", {})
    problems = []
    for key, value in own.items():
        where = Place(place.file, place.line, f"版式.{key}")
        if key not in declared:
            known = "、".join(declared) or "（此格式没有可改的版式）"
            problems.append(Problem("E237", where, f"格式中没有版式“{key}”；可写：{known}"))
        elif key in choices and typed(value, declared[key]) not in choices[key]:
            allowed = "、".join(str(c) for c in choices[key])
            problems.append(Problem("E237", where, f"版式“{key}”应为 {allowed} 之一，而不是“{value}”"))
    return problems


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
    if table.get("合计") != "分项取整相加" or "表格小数位" not in house:
        return None
    return int(table.get("小数位", house["表格小数位"]))
