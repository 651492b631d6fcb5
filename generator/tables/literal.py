"""One writing rule for every workbook budgetgen writes: a text from a spec or a format lands as text.

A spec and a format folder may come from someone else, and the workbook goes on to the finance bureau: a text
such as `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` must be shown, never evaluated. xlsxwriter's cells are written
with `write_string` (a text cell is never a formula); openpyxl makes a str starting with '=' a formula (and
'#N/A' an error value), so `put_text` types the cell as text after assigning; xlsxwriter takes a chart's name
that looks like a reference as a formula, so such a name is drawn from the cell that holds the same text.
"""

from __future__ import annotations

import re
from typing import Any

_FORMULA_LIKE = re.compile(r"^\s*[=+\-@{]|^[\t\r]|!\s*\$?[A-Za-z]+\$?\d")
"""What Excel, WPS or LibreOffice read as a formula when typed (= + - @, an array's {=…}, a leading tab or
return), and what xlsxwriter reads as a reference in a chart's name (Sheet!A1, with or without '=')."""


def formula_like(text: object) -> bool:
    """True for a text some spreadsheet or writer would take as a formula or a reference rather than as text."""
    return isinstance(text, str) and bool(_FORMULA_LIKE.search(text))


def put_text(cell: Any, value: object) -> None:
    """An openpyxl cell set to `value`; a text stays a text cell whatever it starts with."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def chart_name(text: str, sheet: str, row: int, col: int) -> str | list:
    """A chart title or series name as xlsxwriter takes it: the text itself, or, where xlsxwriter would read the
    text as a formula, a reference to the cell (sheet, row, col) where the same text is written."""
    return [sheet, row, col] if formula_like(text) else text
