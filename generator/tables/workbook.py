"""Sheets of cells become xlsx bytes with xlsxwriter: typed writers only, cached values, fixed date."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import xlsxwriter

from .cells import Cell, Chart, Sheet, style_parts
from .literal import chart_name


def workbook_bytes(sheets: Iterable[Sheet], styles: Mapping[str, Any], created: datetime) -> bytes:
    """The xlsx file for these sheets; the same sheets give the same bytes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    book.set_properties({"created": created})
    formats = _Formats(book, styles)
    for sheet in sheets:
        ws = book.add_worksheet(sheet.name)
        _write_sheet(ws, sheet, formats)
        for chart in sheet.charts:
            _insert_chart(book, ws, sheet.name, chart, styles.get("charts", {}))
        for name, reference in sorted(sheet.names.items()):
            book.define_name(name, f"={reference}")
    book.close()
    return buffer.getvalue()


class _Formats:
    """xlsxwriter formats built on demand from style names like 'amount:total:0'."""

    def __init__(self, book: xlsxwriter.Workbook, styles: Mapping[str, Any]) -> None:
        self.book, self.styles, self.cache = book, styles, {}

    def get(self, name: str, num_format: str | None = None):
        if (name, num_format) not in self.cache:
            kind, row_style, indent = style_parts(name)
            props = dict(self.styles["base"]) | dict(self.styles.get(kind, {}))
            props |= dict(self.styles.get("rows", {}).get(row_style, {}))
            if indent and kind == "text":
                props["indent"] = indent
            if num_format is not None:
                props["num_format"] = num_format
            self.cache[(name, num_format)] = self.book.add_format(props)
        return self.cache[(name, num_format)]


def _write_sheet(ws, sheet: Sheet, formats: _Formats) -> None:
    for col, width in enumerate(sheet.widths):
        ws.set_column(col, col, width)
    for row, height in sheet.heights.items():
        ws.set_row(row, height)
    for r1, c1, r2, c2 in sheet.merges:
        if (r1, c1) == (r2, c2):
            continue  # a one-cell "merge" (a group of one row) is just its cell
        corner = sheet.cells.get((r1, c1), Cell(None))
        ws.merge_range(r1, c1, r2, c2, "", formats.get(corner.style))
    for (row, col), cell in sorted(sheet.cells.items()):
        _write_cell(ws, row, col, cell, formats.get(cell.style, cell.num_format))
    _print_setup(ws, sheet)


def _write_cell(ws, row: int, col: int, cell: Cell, fmt) -> None:
    if isinstance(cell.value, str):
        ws.write_string(row, col, cell.value, fmt)
    elif cell.formula is not None:
        ws.write_formula(row, col, f"={cell.formula}", fmt, _number(cell.value))
    elif isinstance(cell.value, Decimal):
        ws.write_number(row, col, _number(cell.value), fmt)
    else:
        ws.write_blank(row, col, None, fmt)


def _number(value: Decimal | None) -> float:
    return float(value or 0)


def _insert_chart(book: xlsxwriter.Workbook, ws, sheet: str, chart: Chart, look: Mapping[str, Any]) -> None:
    """A native chart over the sheet's own cells, so it follows any figure an officer edits."""
    drawn = book.add_chart({"type": chart.kind})
    font = {"name": look.get("font", "黑体")}
    colors = list(look.get("colors", []))
    for i, (name, col) in enumerate(chart.series):
        series = {"name": chart_name(name, sheet, chart.first_row - 1, col), "categories": [sheet, chart.first_row, chart.label_col, chart.last_row, chart.label_col],
                  "values": [sheet, chart.first_row, col, chart.last_row, col],
                  "data_labels": {"value": chart.kind != "pie", "percentage": chart.kind == "pie"}}
        if chart.kind == "pie" and colors:
            series["points"] = [{"fill": {"color": c}} for c in colors]
        elif colors:
            series["fill"] = {"color": colors[i % len(colors)]}
        drawn.add_series(series)
    drawn.set_title({"name": chart_name(chart.title, sheet, chart.anchor[0], chart.label_col), "name_font": font | {"size": 12}})
    drawn.set_legend({"position": "bottom", "font": font} if len(chart.series) > 1 or chart.kind == "pie"
                     else {"none": True})
    if chart.kind == "bar":
        drawn.set_y_axis({"reverse": True, "num_font": font})
    drawn.set_size({"width": 620, "height": 340})
    ws.insert_chart(chart.anchor[0], chart.anchor[1], drawn)


def _print_setup(ws, sheet: Sheet) -> None:
    ws.set_paper(9)
    if sheet.landscape:
        ws.set_landscape()
    ws.fit_to_pages(1, 1 if sheet.charts else 0)  # a chart cut by a page break is no use
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    if sheet.repeat_rows:
        ws.repeat_rows(*sheet.repeat_rows)
    ws.set_footer("&C第 &P 页，共 &N 页")
