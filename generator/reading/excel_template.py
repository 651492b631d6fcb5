"""The fill-in workbook for officers who work in Excel: Chinese sheets, drop-downs, protected headers.

Its sheets and columns come from templates/input/workbook.yaml, the same layout the
importer reads, so what is written here reads back to the same spec.
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import xlsxwriter

from ..formats import available
from ..model import Catalog
from .facts import dig
from .input_layouts import input_layout, input_sheet_kind
from .shape import LINE_KEYS, PURCHASE_KINDS

LIST_SHEET = "目录"
INPUT_ROWS = 1000


def template_bytes(spec: dict[str, Any] | None, catalog: Catalog, document: str = "预算") -> bytes:
    """The input workbook of a kind of document (预算, 决算), empty or filled with a unit spec (plain values as
    loaded from YAML)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
    year = int(str((spec or {}).get("年度", "2000"))) if str((spec or {}).get("年度", "")).isdigit() else 2000
    book.set_properties({"title": f"{document}规格填报工作簿", "created": datetime(year, 1, 1)})
    layout = input_layout(document)
    writer = _Writer(book, catalog, layout.get("choices", {}))
    writer.instructions(layout["instructions"])
    for sheet in layout["sheets"]:
        writer.sheet(sheet, spec or {})
    writer.lists()
    book.close()
    return out.getvalue()


class _Writer:
    def __init__(self, book, catalog: Catalog, own: dict[str, list[str]]) -> None:
        self.book, self.catalog = book, catalog
        self.header = book.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True,
                                       "valign": "vcenter", "font_name": "宋体", "locked": True})
        # "@": what an officer types stays text (a target such as "=100%" is not a formula).
        self.text = book.add_format({"locked": False, "text_wrap": True, "valign": "top", "font_name": "宋体",
                                     "num_format": "@"})
        self.plain = book.add_format({"locked": False, "font_name": "宋体"})
        self.amount = book.add_format({"locked": False, "num_format": "#,##0.00", "font_name": "宋体"})
        self.choices = {
            "function": [f"{c} {n}" for c, n in catalog.functions.items() if len(c) == 7],
            "economic": [f"{c} {n}" for c, n in catalog.economics.items() if len(c) == 5],
            "source": list(catalog.source_groups), "category": list(catalog.categories),
            "purchase": list(PURCHASE_KINDS), "format": available(),
        } | {kind: list(values) for kind, values in own.items()}  # a layout's own drop-downs (the 决算's 性质 …)

    def instructions(self, text: str) -> None:
        ws = self.book.add_worksheet("说明")
        ws.set_column(0, 0, 110, self.book.add_format({"text_wrap": True, "valign": "top", "font_name": "宋体"}))
        for row, line in enumerate(text.splitlines()):
            ws.write_string(row, 0, line)
        _page(ws, 110)
        ws.protect()

    def sheet(self, layout: dict, spec: dict) -> None:
        ws = self.book.add_worksheet(layout["name"])
        ws.freeze_panes(1, 0)
        {"pairs": self._pairs, "free": self._free, "rows": self._rows}[input_sheet_kind(layout)](ws, layout, spec)
        _page(ws, sum(c.get("width", 16) for c in layout.get("columns", [])) or 110)
        ws.protect("", {"format_columns": True, "format_rows": True, "insert_rows": True, "delete_rows": True})

    def _rows(self, ws, layout: dict, spec: dict) -> None:
        columns = list(layout["columns"])
        rows = _records(layout, spec)
        if layout.get("extra_columns"):
            known = {c.get("key") for c in columns} | {layout.get("nested", "二级项目")}
            rows = [dict(_flatten({k: v for k, v in r.items() if k not in known}, "")) | r for r in rows]
            extra = [k for r in rows for k, v in r.items() if k not in known and not isinstance(v, (list, dict))]
            columns += [{"header": k, "key": k, "width": 24} for k in dict.fromkeys(extra)]
        for col, column in enumerate(columns):
            kind = column.get("kind", "text")
            style = self.amount if kind == "amount" else self.text
            ws.set_column(col, col, column.get("width", 16), style)
            ws.write_string(0, col, column["header"], self.header)
            for row in range(1, INPUT_ROWS + 1):
                ws.write_blank(row, col, None, style)
            self._validate(ws, 1, col, INPUT_ROWS, kind)
        for r, record in enumerate(rows, 1):
            for col, column in enumerate(columns):
                if isinstance(record, list):
                    value = record[col] if col < len(record) else None
                else:
                    value = record.get(column.get("key", column["header"]))
                self._put(ws, r, col, value, column.get("kind", "text"))

    def _pairs(self, ws, layout: dict, spec: dict) -> None:
        ws.set_column(0, 0, 20)
        ws.set_column(1, 1, 80, self.text)
        ws.write_string(0, 0, "项目", self.header)
        ws.write_string(0, 1, "内容", self.header)
        for row, pair in enumerate(layout["pairs"], 1):
            ws.write_string(row, 0, pair["label"], self.header)
            kind = pair.get("kind", "text")
            ws.write_blank(row, 1, None, {"amount": self.amount, "year": self.plain}.get(kind, self.text))
            self._validate(ws, row, 1, row, kind)
            self._put(ws, row, 1, dig(spec, pair["key"]), kind)

    def _free(self, ws, layout: dict, spec: dict) -> None:
        kind = layout.get("kind", "text")
        ws.set_column(0, 0, 30, self.text)
        ws.set_column(1, 1, 80, self.amount if kind == "amount" else self.text)
        ws.write_string(0, 0, "键" if "flat" in layout else "项目", self.header)
        ws.write_string(0, 1, layout.get("title", "金额（元）" if kind == "amount" else "内容"), self.header)
        self._validate(ws, 1, 1, INPUT_ROWS, kind)
        if "flat" in layout:
            pairs = list(_flatten(spec.get(layout["flat"], {}), ""))
        else:
            given = dict(spec.get(layout["pairs_free"]) or {})
            pairs = [(k, given.pop(k, None)) for k in layout.get("labels", [])] + list(given.items())
        for row, (key, value) in enumerate(pairs, 1):
            ws.write_string(row, 0, key)
            self._put(ws, row, 1, value, kind)

    def _put(self, ws, row: int, col: int, value: Any, kind: str) -> None:
        if value is None:
            return
        text = str(value)
        names = {"function": self.catalog.functions, "economic": self.catalog.economics}.get(kind)
        if kind == "amount" and (number := _number(text)) is not None:
            ws.write_number(row, col, number, self.amount)
        elif kind == "year" and text.isdigit():
            ws.write_number(row, col, int(text), self.plain)
        elif names is not None and text in names:
            ws.write_string(row, col, f"{text} {names[text]}", self.text)
        else:
            ws.write_string(row, col, text, self.text)

    def _validate(self, ws, first: int, col: int, last: int, kind: str) -> None:
        if kind == "amount":
            ws.data_validation(first, col, last, col, {
                "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 999999999999.99,
                "error_title": "金额", "error_message": "金额应为不小于 0 的数字（元），最多两位小数"})
        elif kind == "year":
            ws.data_validation(first, col, last, col, {
                "validate": "integer", "criteria": "between", "minimum": 2000, "maximum": 2099,
                "error_title": "年度", "error_message": "年度应为四位数字的年份"})
        elif kind in self.choices:
            column = list(self.choices).index(kind)
            letter = chr(ord("A") + column)
            ws.data_validation(first, col, last, col, {
                "validate": "list", "source": f"={LIST_SHEET}!${letter}$2:${letter}${len(self.choices[kind]) + 1}",
                "error_type": "warning", "error_title": "不在列表中",
                "error_message": "请从下拉列表中选择；只填编码也可以。"})

    def lists(self) -> None:
        ws = self.book.add_worksheet(LIST_SHEET)
        for col, (kind, values) in enumerate(self.choices.items()):
            ws.write_string(0, col, kind)
            for row, value in enumerate(values, 1):
                ws.write_string(row, col, value)
        ws.hide()
        ws.protect()


def _page(ws, width: float) -> None:
    """Print on A4, one page wide (landscape when the columns are wider than a portrait page), header row repeated:
    a printed sheet an officer checks at the desk shows every column of a row on the same page."""
    ws.set_paper(9)
    if width > 90:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.hide_gridlines(0)


def _records(layout: dict, spec: dict) -> list:
    """The spec's entries for a list sheet; sub-items carry their project's name first."""
    if "parent" in layout:
        parent = layout["parent"]
        return [[project.get(parent["key"]), sub.get("名称"), sub.get("用途")]
                for project in spec.get(parent["list"]) or [] for sub in project.get(layout["rows"]) or []]
    items = dig(spec, layout["rows"]) or []
    if layout["rows"] == "预算明细":
        return [[item.get(k) for k in LINE_KEYS] if isinstance(item, dict) else item for item in items]
    return list(items)


def _flatten(value: Any, prefix: str):
    """概况 as (key, text) rows: nested keys joined by '.', list items numbered from [1]."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list):
        if not value:
            yield f"{prefix}[]", None
        for i, item in enumerate(value, 1):
            yield from _flatten(item, f"{prefix}[{i}]")
    else:
        yield prefix, value


def _number(text: str) -> float | None:
    try:
        return float(Decimal(text.replace(",", "")))
    except (InvalidOperation, ValueError):
        return None
