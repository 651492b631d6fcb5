"""What an amount cell computes: the recipes a layout asks for, before rows have addresses."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Where:
    """Sum one value column of a data sheet over the records matching every criterion (SUMIFS)."""

    data: str
    value: str
    criteria: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SumRows:
    """Sum the same column over other rows, named by key (subtotals and totals)."""

    keys: tuple[str, ...]


@dataclass(frozen=True)
class SumCols:
    """Sum other columns of the same row (a total column)."""

    cols: tuple[int, ...]


@dataclass(frozen=True)
class Terms:
    """Add and subtract other rows of the same column, e.g. this year − last year."""

    terms: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Const:
    """An amount entered in the spec (last year's figures, task amounts): an input cell."""

    amount: Decimal


Amount = Where | SumRows | SumCols | Terms | Const
