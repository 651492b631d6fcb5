"""The publisher's house style (版式) as the printed tables show it: decimals and how zero prints, per table."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .recognise import Printed, Recognised, norm, number

ZERO_KEYS = {"": "空白", "0": "0", "0.00": "0.00"}


def house_style(rec: Recognised) -> dict[str, Any]:
    """The 版式 keys where a printed document differs from its format's defaults (a workbook's cells hold no display)."""
    if rec.from_workbook:
        return {}
    defaults = rec.format.settings.get("版式", {})
    found = {t.layout["sheet"]: _style(t) for t in rec.tables}
    found = {sheet: style for sheet, style in found.items() if style}
    if not found:
        return {}
    common = {key: Counter(s[key] for s in found.values() if key in s).most_common(1)[0][0]
              for key in ("小数位", "零值", "千分位") if any(key in s for s in found.values())}
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
    return style


def _style(table: Printed) -> dict[str, Any]:
    figures = [n for row in table.rows for cell in row if (n := number(cell)) is not None]
    style: dict[str, Any] = {}
    if any(value for value, _ in figures):
        style["小数位"] = 2 if any(d >= 2 for _, d in figures) else 0
    large = [norm(cell) for row in table.rows for cell in row if (n := number(cell)) is not None and abs(n[0]) >= 1000]
    if large:
        style["千分位"] = any("," in text for text in large)
    zeros = {norm(cell) for row in table.rows for cell in row if (n := number(cell)) is not None and not n[0]}
    if zeros:
        style["零值"] = ZERO_KEYS.get(sorted(zeros)[-1], "0")
    return style
