"""budgetgen export-template: the finance bureau's own fill-in workbook (<format>/fillin/), filled from a spec.

Each sheet of the official workbook is found by its title: a table's sheet gets our rows below its header,
a text sheet gets our section of the narrative, the cover and every 编制单位 line get the unit's name.
Importing the filled workbook gives back the spec's tables and texts (budgetgen import).
"""

from __future__ import annotations

import io
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import openpyxl

from ..formats import Format, FormatError, folder_settings
from ..problems import Place, Problem, SpecError
from ..tables.cells import Sheet, style_parts
from ..tables.literal import put_text

PLACEHOLDER_NAME = re.compile(r"XX[（(](?:单位|部门)[）)]|(?<=[:：])[^:：\n]*XX[^:：\n]*|XX")
"""The official workbook's placeholder for the unit's name: XX（单位）, a whole “…XX单位” after a colon, or XX."""


def official_workbook(fmt: Format, kind: str, spec: str) -> tuple[Path, int]:
    """The format's official fill-in workbook (fillin/<kind>.xlsx down its `extends` chain) and the year it was issued for.

    A format without one (another region's, or a year before the bureau's workbook) is refused, naming the spec.
    """
    try:
        path = fmt.find(f"fillin/{kind}.xlsx")
    except FormatError:
        message = f"格式“{fmt.name}”没有财政局的官方填报工作簿（fillin/{kind}.xlsx），不能导出：请改用 budgetgen excel-template"
        raise SpecError([Problem("E621", Place(spec), message)]) from None
    issued = folder_settings(path.parent.parent).get("year")
    return path, int(issued)


def filled(tables: list[Sheet], text: str, name: str, year: int, workbook: tuple[Path, int],
           styles: dict | None = None) -> bytes:
    """The official workbook with this document's tables, texts and name in it (its years moved to the spec's)."""
    source, issued = workbook
    book = openpyxl.load_workbook(source)
    shift = year - issued
    sections = _sections(text)
    by_title = {_key(cell.value): t for t in tables for cell in t.cells.values() if cell.style == "title"}
    for ws in book.worksheets:
        _years(ws, shift)
        title = _title(ws)
        if title is None:
            continue
        if _key(title) in by_title:
            _table(ws, by_title[_key(title)], name, styles or {})
        else:
            _text(ws, title, sections, name)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _key(text: object) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def _title(ws) -> str | None:
    for row in ws.iter_rows(min_row=1, max_row=3):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip():
                return cell.value.strip()
    return None


def _years(ws, shift: int) -> None:
    if not shift:
        return
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = re.sub(r"(20\d\d)年", lambda m: f"{int(m.group(1)) + shift}年", cell.value)


def _table(ws, sheet: Sheet, name: str, styles: dict) -> None:
    """Our rows below the official header (kept as the bureau printed it), amounts to the fen as the tables print them."""
    first = sheet.repeat_rows[1] + 1 if sheet.repeat_rows else 0
    last = {_key(cell.value) for (r, _), cell in sheet.cells.items() if r == first - 1 and isinstance(cell.value, str)}
    start = 1 + next((r for r in range(1, 16) if last - {""} <= {_key(c.value) for c in ws[r]}), first)
    for merged in [m for m in ws.merged_cells.ranges if m.min_row >= start]:
        ws.unmerge_cells(str(merged))
    for row in ws.iter_rows(min_row=start, max_row=max(ws.max_row, start)):
        for cell in row:
            cell.value = None
    for offset, r in enumerate(range(first, sheet.rows)):
        for c in range(len(sheet.widths)):
            value = sheet.cells.get((r, c))
            if value is not None and value.value is not None:
                target = ws.cell(start + offset, c + 1)
                put_text(target, float(round(value.value, 2)) if isinstance(value.value, Decimal) else value.value)
                if isinstance(value.value, Decimal):  # printed as our table prints it (zeros, decimals)
                    style = styles.get(style_parts(value.style)[0], {})
                    target.number_format = value.num_format or style.get("num_format", "#,##0.00")
    for row in ws.iter_rows(min_row=1, max_row=start - 1):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip().startswith("编制"):
                put_text(cell, re.sub(r"[:：].*$", "：", cell.value.strip()) + name)


def _sections(markdown: str) -> dict[str, tuple[str, str]]:
    """Level-2 sections of our narrative: heading → (heading, body as plain text)."""
    found: dict[str, tuple[str, str]] = {}
    for part in re.split(r"^## ", markdown, flags=re.M)[1:]:
        heading, _, body = part.partition("\n")
        plain = re.sub(r"^#+\s*|^-\s", "", body, flags=re.M)
        found[_key(heading)] = (heading.strip(), re.sub(r"\n{2,}", "\n", plain).strip())
    return found


def _text(ws, title: str, sections: dict[str, tuple[str, str]], name: str) -> None:
    """A text sheet: its heading (with the unit's name) and our section's text in its first text cell."""
    wanted = _key(PLACEHOLDER_NAME.sub("", title))
    match = next((v for k, v in sections.items() if k.endswith(wanted) and wanted), None)
    if match is None:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "XX" in cell.value:
                    put_text(cell, PLACEHOLDER_NAME.sub(name, cell.value))
        return
    heading, body = match
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.strip()]
    put_text(cells[0], heading)
    if len(cells) > 1:
        put_text(cells[1], body)
        for cell in cells[2:]:
            cell.value = None
