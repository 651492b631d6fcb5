"""Each printed cell as an equation over candidate budget lines, read from the format's own layouts.

The format's tables are built for a probe budget holding every candidate line; each amount cell's
SUMIFS formula then says which lines it adds up. A printed figure bounds that sum (exactly for fen,
within half a yuan for whole yuan); a row the document does not print sums to zero.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from ..house import house_style as merged_style
from ..model import BASIC, Budget, Catalog, Line, Performance, Project, Unit
from ..problems import Place
from ..reading.shape import THREE_PUBLIC_KEYS
from ..tables.cells import Cell, Sheet, style_parts
from ..tables.data import DataSheet, data_sheets
from ..tables.layout import build_sheet
from .house import house_style
from .recognise import Printed, Recognised, norm, number

_EMPTY = Cell(None)
_REF = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")
_ORDINAL = re.compile(r"^([一二三四五六七八九十]+、|\d+[、.．]|（[一二三四五六七八九十]+）)")
_TILDE = re.compile(r"~([~*?])")
"""Excel's escape of a wildcard (~* ~? ~~) in a criterion."""


@dataclass(frozen=True)
class Equation:
    """lo ≤ Σ lines[i] (cents) ≤ hi, from one printed cell."""

    table: str
    row: int
    """The printed row (1-based within the table body), 0 for a row the document does not print."""
    label: str
    terms: tuple[tuple[int, int], ...]
    """(candidate line, coefficient) pairs."""
    lo: int
    hi: int
    printed: str
    centred: bool = True
    """Whether the printed figure itself is the likeliest sum (not for a total of rounded parts)."""
    column: int = -1
    """The printed cell's column in the table (0-based)."""


def probe_budget(rec: Recognised, catalog: Catalog, lines: list[Line], projects: tuple[Project, ...]) -> Budget:
    """A budget holding the candidate lines, so the format's layouts show every row they could print."""
    last = dict.fromkeys(THREE_PUBLIC_KEYS, Decimal(0))  # a 三公 table's 上年 columns: facts, not lines
    unit = Unit("单位", last, Performance((), "", ()), Place("导入"))
    return Budget(file="导入", format=rec.format.name, year=rec.year, title_name="单位", department="单位",
                  units=(unit,), lines=tuple(lines), projects=projects, purchases=(), catalog=catalog,
                  kind=rec.kind)


Variable = tuple[str, int, str]
"""An unknown of the import: a data sheet's role ('明细'…), a record of it, one of its amount columns."""


def equations(rec: Recognised, budget: Budget, variables: Sequence[Variable] = ()
              ) -> tuple[list[Equation], list[tuple[str, int, tuple[str, ...]]]]:
    """Every printed cell as an equation over `variables` (by default each line's amount, numbered as the lines), and
    the printed rows that match no row of the format (table, row, cells)."""
    settings = rec.format.settings
    data = data_sheets(budget, settings["data_sheets"])
    if not variables:
        variables = [("明细", i, "金额（元）") for i in range(len(budget.lines))]
    values = rec.format.wording(rec.kind) | {"year": rec.year, "last_year": rec.year - 1, "title_name": "单位",
                                             "department": "单位", "kind": rec.kind, "unit": "单位",
                                             "版式": merged_style(settings.get("版式", {}), house_style(rec))}
    index = _indexes(data, variables)
    found: list[Equation] = []
    unknown: list[tuple[str, int, tuple[str, ...]]] = []
    for n, printed in enumerate(rec.tables, 1):
        sheet = build_sheet(printed.layout, budget, data, settings, values | {"number": n})
        divisor = Decimal(printed.layout.get("divisor", settings["divisor"]))
        reader = _Reader(sheet, index)
        eqs, missing = _table(printed, sheet, reader, divisor)
        found += eqs
        unknown += missing
    return found, unknown


Index = dict[str, tuple[str, dict[str, dict[str, set[int]]]]]
"""A SUMIFS head (a data sheet's amount column, e.g. 预算明细_金额) → the sheet's field prefix, and for each field and
value the variables whose record holds it."""


def _indexes(data: Mapping[str, DataSheet], variables: Sequence[Variable]) -> Index:
    index: Index = {}
    for n, (role, record, value) in enumerate(variables):
        sheet = data[role]
        _, fields = index.setdefault(sheet.column(value), (f"{sheet.name}_", {}))
        for key, text in sheet.records[record].fields.items():
            fields.setdefault(key, {}).setdefault(text, set()).add(n)
    return index


def _body_rows(sheet: Sheet) -> list[int]:
    first = sheet.repeat_rows[1] + 1 if sheet.repeat_rows else 0
    rows = []
    for r in range(first, sheet.rows):
        styles = {style_parts(c.style)[0] for (row, _), c in sheet.cells.items() if row == r}
        if "note" not in styles:
            rows.append(r)
    return rows


def _table(printed: Printed, sheet: Sheet, reader: _Reader, divisor: Decimal):
    width = len(printed.layout["columns"])
    ours = _body_rows(sheet)
    matched: dict[int, int] = {}
    unknown = []
    for strict in (True, False):
        for p, cells in enumerate(printed.rows):
            if p in matched.values():
                continue
            r = next((r for r in ours if r not in matched and _fits(sheet, r, cells, width, strict)), None)
            if r is not None:
                matched[r] = p
    eqs = []
    for r in ours:
        p = matched.get(r)
        cells = printed.rows[p] if p is not None else ("",) * width
        label = " ".join(v for c in range(width) if isinstance(v := sheet.cells.get((r, c), _EMPTY).value, str) and v)
        for c in range(width):
            cell = sheet.cells.get((r, c))
            if cell is None or cell.formula is None:
                continue
            lo, hi = _bounds(cells[c], divisor)
            rounded = cell.formula.count("ROUND(")  # a total of printed (rounded) parts: each may be half a unit off
            lo, hi = lo - rounded * int(divisor * 100) // 200, hi + rounded * int(divisor * 100) // 200
            eqs.append(Equation(printed.layout["sheet"], (p + 1) if p is not None else 0, label,
                                reader.terms(r, c), lo, hi, cells[c], not rounded, c))
    for p, cells in enumerate(printed.rows):
        if p not in matched.values():
            unknown.append((printed.layout["sheet"], p + 1, cells))
    return eqs, unknown


def _fits(sheet: Sheet, r: int, cells: tuple[str, ...], width: int, strict: bool) -> bool:
    """Whether a printed row is this row of ours: amounts where ours has amounts, and the same labels in order
    (codes always; names and ordinals when strict): a merged label may sit in another column of the merge."""
    ours, theirs = [], []
    for c in range(width):
        cell = sheet.cells.get((r, c), _EMPTY)
        text = norm(cells[c])
        if cell.formula is not None or isinstance(cell.value, Decimal):
            if text and number(text) is None:
                return False
            continue
        if isinstance(cell.value, str) and norm(cell.value):
            ours.append(norm(cell.value))
        if text:
            theirs.append(text)
    return len(ours) == len(theirs) and all(_same_label(a, b, strict) for a, b in zip(ours, theirs, strict=True))


def _same_label(ours: str, theirs: str, strict: bool) -> bool:
    if ours == theirs or ours.isdigit() and theirs.isdigit() and int(ours) == int(theirs):
        return True
    if ours.isdigit() or strict:
        return False
    return _ORDINAL.sub("", ours) == _ORDINAL.sub("", theirs) or bool(theirs) and theirs.isdigit() is False \
        and _ORDINAL.sub("", ours)[:2] == _ORDINAL.sub("", theirs)[:2]


def _bounds(text: str, divisor: Decimal) -> tuple[int, int]:
    """The cents a printed figure allows: exact when printed to fen, else everything that rounds to it."""
    found = number(text)
    if found is None:
        return 0, 0
    value, decimals = found
    scale = divisor * 100
    if decimals >= 2 and divisor == 1:
        cents = int(value * 100)
        return cents, cents
    half = Decimal(5) / Decimal(10) ** (decimals + 1)
    return math.ceil((value - half) * scale), math.ceil((value + half) * scale) - 1


class _Reader:
    """Reads our own formulas back: SUM over cells, signed cell terms, SUMIFS over the lines sheet."""

    def __init__(self, sheet: Sheet, index: Index) -> None:
        self.sheet, self.index = sheet, index
        self.default = next(iter(index.values()), ("", {}))
        self.memo: dict[tuple[int, int], dict[int, int]] = {}

    def terms(self, r: int, c: int) -> tuple[tuple[int, int], ...]:
        """The candidate lines a cell adds up, with their signs."""
        return tuple(sorted((i, k) for i, k in self.cell(r, c).items() if k))

    def cell(self, r: int, c: int) -> dict[int, int]:
        """Candidate line → coefficient that one cell of our table adds up (its formula read once, remembered)."""
        if (r, c) not in self.memo:
            cell = self.sheet.cells.get((r, c))
            self.memo[(r, c)] = self.expression(cell.formula) if cell is not None and cell.formula else {}
        return self.memo[(r, c)]

    def expression(self, formula: str) -> dict[int, int]:
        """Candidate line → coefficient of a whole formula: its signed terms added (a 万元 divisor and outer brackets dropped)."""
        formula = re.sub(r"/\d+$", "", formula).strip()
        if formula.startswith("(") and formula.endswith(")"):
            formula = formula[1:-1]
        total: dict[int, int] = {}
        for sign, term in _split(formula):
            for i, k in self.term(term).items():
                total[i] = total.get(i, 0) + sign * k
        return total

    def term(self, term: str) -> dict[int, int]:
        """Candidate line → coefficient of one term: ROUND of a part, SUMIFS over the lines, SUM of cells, a cell, or 0."""
        if term.startswith("ROUND("):  # a printed part of a total: its amount (the bounds allow the rounding)
            return self.term(_args(term[6:-1])[0])
        if term.startswith("SUMIFS("):
            return dict.fromkeys(self.sumifs(term[7:-1]), 1)
        if term.startswith("SUM(") and term[4:-1].strip() in self.index:  # a whole data column, by its name
            return dict.fromkeys(self.sumifs(term[4:-1]), 1)
        if term.startswith("SUM("):
            total: dict[int, int] = {}
            for part in term[4:-1].split(","):
                for r, c in _cells(part):
                    for i, k in self.cell(r, c).items():
                        total[i] = total.get(i, 0) + k
            return total
        if term == "0":
            return {}
        (r, c), = _cells(term)
        return self.cell(r, c)

    def sumifs(self, args: str) -> set[int]:
        """The candidate lines a SUMIFS over the lines sheet selects: every criterion matched exactly."""
        parts = _args(args)
        prefix, fields = self.index.get(parts[0].strip(), self.default)
        chosen: set[int] | None = None
        for field, wanted in zip(parts[1::2], parts[2::2], strict=True):
            key = field.removeprefix(prefix)
            value = _criterion_value(wanted)
            found = set(fields.get(key, {}).get(value, set()))
            chosen = found if chosen is None else chosen & found
        if chosen is None:  # no criterion: the whole column
            chosen = set().union(*next(iter(fields.values()), {}).values())
        return chosen


def _criterion_value(criterion: str) -> str:
    """The name an exact-match criterion "=…" stands for: the quoting and the ~ escaping of * ? ~ (tables/data.py) undone."""
    inner = criterion.strip()
    inner = inner[1:-1] if len(inner) >= 2 and inner[0] == inner[-1] == '"' else inner
    return _TILDE.sub(r"\1", inner.removeprefix("=").replace('""', '"'))


def _split(formula: str) -> list[tuple[int, str]]:
    """Top-level signed terms of a formula (signs inside parentheses or quotes left alone)."""
    terms, depth, quoted, start, sign = [], 0, False, 0, 1
    for i, ch in enumerate(formula):
        quoted = not quoted if ch == '"' else quoted
        if quoted:
            continue
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and ch in "+-" and i > start:
            terms.append((sign, formula[start:i]))
            sign, start = (1 if ch == "+" else -1), i + 1
        elif depth == 0 and ch in "+-":
            sign, start = (1 if ch == "+" else -1), i + 1
    terms.append((sign, formula[start:]))
    return terms


def _args(text: str) -> list[str]:
    parts, quoted, start = [], False, 0
    for i, ch in enumerate(text):
        quoted = not quoted if ch == '"' else quoted
        if ch == "," and not quoted:
            parts.append(text[start:i])
            start = i + 1
    return parts + [text[start:]]


def _cells(ref: str) -> list[tuple[int, int]]:
    first, _, last = ref.partition(":")
    (r1, c1), (r2, c2) = _rc(first), _rc(last or first)
    return [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _rc(ref: str) -> tuple[int, int]:
    found = _REF.match(ref.strip())
    if not found:
        raise ValueError(f"无法读取单元格引用 {ref}")
    letters, digits = found.groups()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits) - 1, col - 1


def with_amount(line: Line, cents: int) -> Line:
    """A candidate line with its solved amount (cents → yuan)."""
    return replace(line, amount=Decimal(cents) / 100)


__all__ = ["BASIC", "Equation", "equations", "probe_budget", "with_amount"]
