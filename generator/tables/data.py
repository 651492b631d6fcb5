"""The source sheets every table's figures are summed from: budget lines and procurement.

Each table's leaf cell is a SUMIFS over one of these, so an officer who edits a line
in Excel sees every table follow.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from xlsxwriter.utility import quote_sheetname, xl_col_to_name

from ..field_index import FieldIndex
from ..model import Budget
from .cells import Cell, Sheet

SPARE_ROWS = 200
_NAME_UNSAFE = re.compile(r"[^\w]")  # a workbook name keeps letters (also 汉字), digits, _


@dataclass(frozen=True)
class Record:
    fields: Mapping[str, str]
    values: Mapping[str, Decimal]


@dataclass(frozen=True)
class DataSheet:
    """A sheet of records: text fields to filter on, amount columns to sum."""

    name: str
    fields: tuple[str, ...]
    values: tuple[str, ...]
    records: tuple[Record, ...]

    def reference(self, name: str) -> str:
        """An absolute bounded range over a column's data rows, e.g. '预算明细'!$J$2:$J$260."""
        index = (self.fields + self.values).index(name)
        letter = xl_col_to_name(index)
        last = len(self.records) + 1 + SPARE_ROWS
        return f"{quote_sheetname(self.name)}!${letter}$2:${letter}${last}"

    def column(self, name: str) -> str:
        """The workbook name of a column's range, as formulas use it: 预算明细_金额."""
        return _column_name(self.name, name)

    def total(self, value: str, criteria: Mapping[str, str | tuple[str, ...]]) -> Decimal:
        """The sum that SUMIFS over this sheet computes, in yuan (records found through an index of their fields)."""
        amounts = self._amounts[value or self.values[0]]
        return sum((amounts[i] for i in self._index.rows(criteria)), Decimal(0))

    @functools.cached_property
    def _index(self) -> FieldIndex:
        return FieldIndex([record.fields for record in self.records])

    @functools.cached_property
    def _amounts(self) -> dict[str, tuple[Decimal, ...]]:
        return {name: tuple(record.values[name] for record in self.records) for name in self.values}

    def sumifs(self, value: str, criteria: Mapping[str, str | tuple[str, ...]]) -> str:
        """SUMIFS for the criteria (SUM of the column for none); a criterion with several values (any of them) adds one
        SUMIFS per value."""
        choices = [[_condition(self.name, k, w) for w in (v if isinstance(v, tuple) else (v,))]
                   for k, v in criteria.items()]
        head = self.column(value or self.values[0])  # no value named: the sheet's first (金额, a 决算's 决算数)
        if not choices:
            return f"SUM({head})"  # SUMIFS needs a criterion: LibreOffice and Excel refuse SUMIFS(range) alone
        terms = [f"SUMIFS({','.join((head, *combination))})" for combination in itertools.product(*choices)]
        return "+".join(terms) if len(terms) > 1 else terms[0]

    def sheet(self) -> Sheet:
        """The records written out, one per row, under Chinese headers."""
        sheet = Sheet(self.name, landscape=True)
        for col, name in enumerate(self.fields + self.values):
            sheet.put(0, col, Cell(name, style="header"))
        texts: dict[str, Cell] = {}  # cells are immutable: one per distinct text (a sheet repeats a few hundred)
        for row, record in enumerate(self.records, start=1):
            for col, name in enumerate(self.fields):
                text = record.fields[name]
                sheet.cells[(row, col)] = texts.get(text) or texts.setdefault(text, Cell(text, style="data_text"))
            for col, name in enumerate(self.values, start=len(self.fields)):
                sheet.put(row, col, Cell(record.values[name], style="data_amount"))
        sheet.widths = [16.0] * len(self.fields) + [16.0] * len(self.values)
        sheet.names = {self.column(name): self.reference(name) for name in self.fields + self.values}
        sheet.repeat_rows = (0, 0)
        return sheet


@functools.lru_cache(maxsize=512)
def _column_name(sheet: str, name: str) -> str:
    """Worked out once a process: every SUMIFS of every table names its columns again."""
    return f"{sheet}_{_NAME_UNSAFE.sub('', re.sub(r'（.*?）', '', name))}"


@functools.lru_cache(maxsize=4096)
def _condition(sheet: str, key: str, wanted: str) -> str:
    """One criteria pair of a SUMIFS, e.g. 预算明细_功能类,"=201": tables ask for the same ones again and again."""
    return f"{_column_name(sheet, key)},{_criterion(wanted)}"


MAX_CRITERION = 255
"""Excel's limit for a text in a formula, and for a text SUMIFS matches: a longer criterion is refused."""


def criterion_room(value: str) -> int:
    """How many characters a name may have for its SUMIFS criterion to fit (the '=' and each ~ escape count)."""
    return MAX_CRITERION - 1 - sum(value.count(c) for c in "~*?")


def _criterion(value: str) -> str:
    """An exact-match SUMIFS criterion: '=' so text like '<5' is not an operator, wildcards escaped."""
    escaped = value.replace("~", "~~").replace("*", "~*").replace("?", "~?").replace('"', '""')
    return f'"={escaped}"'


LINE_FIELDS = ("单位", "性质", "项目", "二级项目", "类别", "功能科目", "功能类", "功能款", "经济科目", "经济类", "资金来源",
               "资金大类", "单位类型")
PURCHASE_FIELDS = ("单位", "功能科目", "品目")
FINAL_LINE_FIELDS = ("单位", "性质", "功能科目", "功能类", "功能款", "经济科目", "经济类", "资金来源", "资金大类", "单位类型")
FINAL_LINE_VALUES = ("决算数（元）", "年初预算数（元）", "全年预算数（元）")
"""A 决算 line's figures: the tables print the first (a column's default value, as the format's data_values says)."""
FINAL_FIELDS = ("单位", "功能科目", "功能类", "功能款", "资金来源", "资金大类")
"""The fields of a 决算's income and balances: the same names as a line's, so one table's filter holds for all three."""
BALANCE_VALUES = ("年初结转和结余（元）", "年末结转和结余（元）")


def data_sheets(budget: Budget, names: Mapping[str, str]) -> dict[str, DataSheet]:
    """The budget's data sheets, by role ('明细', '采购'; a 决算's '明细', '收入', '结转'), named as the format says."""
    if budget.document == "决算":
        return final_sheets(budget, names)
    lines = (Record(line.fields(), {"金额（元）": line.amount}) for line in budget.lines)
    purchases = (
        Record(p.fields(), {"金额（元）": p.amount, "面向中小企业（元）": p.sme, "面向小型微型企业（元）": p.micro})
        for p in budget.purchases
    )
    return {
        "明细": _sheet(names["明细"], LINE_FIELDS, ("金额（元）",), lines),
        "采购": _sheet(names["采购"], PURCHASE_FIELDS, ("金额（元）", "面向中小企业（元）", "面向小型微型企业（元）"), purchases),
    }


def _sheet(name: str, fields: tuple[str, ...], values: tuple[str, ...], records: Iterable[Record]) -> DataSheet:
    return DataSheet(name, fields, values, tuple(records))


def final_sheets(budget: Budget, names: Mapping[str, str]) -> dict[str, DataSheet]:
    """A 决算's data sheets: its lines (决算数 and both 预算数), its income by type, its 结转和结余 by fund."""
    lines = (Record(ln.fields(), dict(zip(FINAL_LINE_VALUES, (ln.amount, ln.planned, ln.adjusted), strict=True)))
             for ln in budget.lines)
    incomes = (Record(i.fields(), {"金额（元）": i.amount}) for i in budget.incomes)
    balances = (Record(b.fields(), dict(zip(BALANCE_VALUES, (b.opening, b.closing), strict=True))) for b in budget.balances)
    return {
        "明细": _sheet(names["明细"], FINAL_LINE_FIELDS, FINAL_LINE_VALUES, lines),
        "收入": _sheet(names["收入"], FINAL_FIELDS, ("金额（元）",), incomes),
        "结转": _sheet(names["结转"], FINAL_FIELDS, BALANCE_VALUES, balances),
    }

