"""The publisher's house style (版式) as the printed tables show it: decimals and how zero prints, per table."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from .candidates import layout_dicts
from .recognise import Printed, Recognised, norm, number, table_codes

ZERO_KEYS = {"": "空白", "0": "0", "0.00": "0.00"}
GENERAL = "通用"


def house_style(rec: Recognised) -> dict[str, Any]:
    """The 版式 keys where a document prints otherwise than its format's defaults (a workbook: by its number formats)."""
    defaults = rec.format.settings.get("版式", {})
    layouts = _layout_choices(rec, defaults)
    found = {t.layout["sheet"]: _style(t) for t in rec.tables}
    found = {sheet: style for sheet, style in found.items() if style}
    if not found:
        return layouts
    common = {key: Counter(s[key] for s in found.values() if s.get(key, GENERAL) != GENERAL).most_common(1)[0][0]
              for key in ("小数位", "零值", "千分位") if any(s.get(key, GENERAL) != GENERAL for s in found.values())}
    style: dict[str, Any] = {}
    if "小数位" in common and common["小数位"] != defaults.get("表格小数位"):
        style["表格小数位"] = common["小数位"]
    if "零值" in common and common["零值"] != defaults.get("表格零值"):
        style["表格零值"] = common["零值"]
    if "千分位" in common and common["千分位"] != defaults.get("表格千分位", True):
        style["表格千分位"] = common["千分位"]
    tables: dict[str, dict] = {}
    for sheet, seen in found.items():
        own = dict(defaults.get("各表", {}).get(sheet, {}))
        wanted = {k: v for k, v in seen.items() if v != own.get(k, common.get(k))}
        if wanted:
            tables[sheet] = wanted
    if tables:
        style["各表"] = tables
    return layouts | style


def _layout_choices(rec: Recognised, defaults: Mapping) -> dict[str, Any]:
    """The 版式 keys the printed tables show by their shape: a layout variant (by_house: 类/款/项 in columns of their
    own), fixed rows left out (an economic_tree's `omit` key: the codes of its `always` rows not printed)."""
    found: dict[str, Any] = {}
    for table in rec.tables:
        found |= table.house
        printed = table_codes(table.rows)
        for block in layout_dicts(table.layout.get("body", [])):
            tree = block.get("economic_tree")
            if isinstance(tree, Mapping) and tree.get("omit") and printed:
                left = [c for c in tree.get("always", []) if len(c) == 5 and c not in printed]
                found[tree["omit"]] = sorted({*found.get(tree["omit"], []), *left})
            found |= _total_position(block, table.rows)
    return {k: v for k, v in found.items() if v != defaults.get(k)}


def _total_position(block: Mapping, rows) -> dict[str, str]:
    """Where a tree's 合计 row is printed when its layout leaves it to a 版式 key ("{版式[基金表合计行]}"): 首行 when
    the table's coded rows follow it, 末行 when they precede it; an empty table tells nothing."""
    total = block.get("total")
    key = re.fullmatch(r"\{版式\[(.+)\]\}", str(total.get("position", ""))) if isinstance(total, Mapping) else None
    at = next((n for n, row in enumerate(rows) if next((norm(c) for c in row if norm(c)), "") == "合计"), None)
    coded = [n for n, row in enumerate(rows) if row and norm(row[0]).isdigit()]
    if key is None or at is None or not coded:
        return {}
    return {key.group(1): "末行" if coded[0] < at else "首行"}


def _style(table: Printed) -> dict[str, Any]:
    rows = table.shown or table.rows
    amount = _amount_columns(table)
    cells = [row[i] for row in rows for i in amount if i < len(row)]  # codes are not amounts
    figures = [n for cell in cells if (n := number(cell)) is not None]
    style: dict[str, Any] = {}
    if any(value for value, _ in figures):  # a zero printed 0.00 in a whole-yuan table says nothing of its places
        style["小数位"] = 2 if any(d >= 2 for value, d in figures if value) else 0
        places = {d for value, d in figures if value}
        if len(places) > 1 and not any(norm(c).endswith("0") and "." in c for c in cells if number(c)):
            style["小数位"] = GENERAL  # 25 and 21.56 in one table: Excel's General format, trailing zeros dropped
    large = [norm(cell) for cell in cells if (n := number(cell)) is not None and abs(n[0]) >= 1000]
    if large:
        style["千分位"] = any("," in text for text in large)
    columns = _zero_styles(table, rows)
    if columns:
        keys = [c.get("key") for c in table.layout["columns"]]
        keyless = [z for c, z in columns.items() if not keys[c]]  # only the table's own style can reach these
        style["零值"] = Counter(keyless or list(columns.values())).most_common(1)[0][0]
        own = {keys[c]: {"零值": z} for c, z in columns.items() if z != style["零值"] and keys[c]}
        if own:
            style["各列"] = own
    return style


def _amount_columns(table: Printed) -> list[int]:
    return [i for i, c in enumerate(table.layout["columns"]) if c.get("key") or c.get("amount")]


def _zero_styles(table: Printed, rows) -> dict[int, str]:
    """How each amount column prints zero, in rows labelled on its own side (a table printing two lists side by
    side, as 财政拨款收支预算总表, leaves one side blank below its last row): blank, 0 or 0.00."""
    amount = _amount_columns(table)
    seen: dict[int, Counter] = {i: Counter() for i in amount}
    for row in rows:
        for i in amount:
            if not any(norm(row[k]) for k in _labels(amount, i) if k < len(row)):
                continue
            text = norm(row[i]) if i < len(row) else ""
            found = number(text) if text else None
            if not text or found is not None and not found[0]:
                seen[i][ZERO_KEYS.get(text, "0")] += 1
    return {i: c.most_common(1)[0][0] for i, c in seen.items() if c}


def _labels(amount: list[int], column: int) -> range:
    """The label columns of an amount column: those between it (its block of amount columns) and the amount
    column before that block, or the table's left edge."""
    start = column
    while start - 1 in amount:
        start -= 1
    before = max((i for i in amount if i < start), default=-1)
    return range(before + 1, start) if start > before + 1 else range(column)
