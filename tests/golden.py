"""Golden tables transcribed from the published seeds, and how printed figures are compared."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
_NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")


def load_golden(name: str) -> dict[str, list[list[str]]]:
    """Sections of a golden file: sheet name → rows of cells (comments dropped)."""
    tables: dict[str, list[list[str]]] = {}
    current: list[list[str]] = []
    for line in (GOLDEN / name).read_text("utf-8").splitlines():
        if line.startswith("## "):
            current = tables.setdefault(normal(line[3:]), [])
        elif line.strip() and not line.startswith("#"):
            current.append([cell.strip() for cell in line.split("|")])
    return tables


def normal(text: object, decimals: int = 0, blank_zero: bool = False) -> str:
    """A printed cell as comparable text: width folded, spaces gone, numbers without separators.

    Figures print with the format's decimals; where the format prints zero as a blank cell, so do we.
    """
    if text is None:
        return ""
    if isinstance(text, (int, float, Decimal)):
        figure = Decimal(str(text)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        return "" if blank_zero and not figure else str(figure)
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
    folded = folded.replace("“", '"').replace("”", '"')
    return folded.replace(",", "") if _NUMBER.match(folded) else folded


def count_figures(tables: dict[str, list[list[str]]]) -> int:
    """How many printed figures the golden data holds."""
    return sum(1 for rows in tables.values() for row in rows for cell in row if _NUMBER.match(normal(cell)))
