"""Golden 决算 tables (tests/golden/*-juesuan.yaml): the nine tables as printed, and the published contradictions
and rounding gaps the golden file names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import yaml

from .golden import GOLDEN

FIGURE = re.compile(r"^-?[\d,]+\.\d\d$")
"""A printed amount: 万元 with two decimals (the 决算 tables print nothing else as a figure)."""


@dataclass(frozen=True)
class Printed:
    """One table as the PDF prints it: title, unit line, page orientation, header rows, body rows, notes below."""

    title: str
    unit: str
    orientation: str
    head: list[list[str]]
    rows: list[list[str]]
    notes: list[str]

    def row(self, label: str) -> list[str]:
        """The first row one of whose cells is `label` (folded)."""
        return next(row for row in self.rows if fold(label) in map(fold, row))


@dataclass(frozen=True)
class Golden:
    """A golden 决算 file: the part heading above table 1, the nine tables in 目录 order, what is named."""

    heading: str
    tables: list[Printed]
    contradictions: list[dict]
    rounding: list[dict]

    def table(self, title: str) -> Printed:
        return next(t for t in self.tables if fold(t.title) == fold(title))

    def cell(self, ref: dict, table: str, col: int) -> str:
        """The printed cell a reference names ({表, 行, 列}; 表 and 列 default to the referring entry's)."""
        return self.table(ref.get("表", table)).row(ref["行"])[ref.get("列", col) - 1]


def load(name: str) -> Golden:
    data = yaml.safe_load((GOLDEN / f"{name}.yaml").read_text("utf-8"))
    tables = [Printed(t["表题"], t["单位"], t["方向"], [_cells(r) for r in t["表头"]], [_cells(r) for r in t["行"]],
                      list(t["注"])) for t in data["表"]]
    return Golden(data["部分标题"], tables, data.get("矛盾", []), data.get("舍入", []))


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("|")]


def fold(text: object) -> str:
    """Printed text as comparable: width folded, spaces gone, curly quotes straight."""
    folded = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return re.sub(r"\s+", "", folded.replace("“", '"').replace("”", '"'))


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "")) if text else Decimal(0)


def figures(golden: Golden) -> int:
    """How many printed figures the golden tables hold."""
    return sum(bool(FIGURE.match(cell)) for t in golden.tables for row in t.rows for cell in row)
