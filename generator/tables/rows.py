"""Rows as a layout plans them: texts and amount recipes by column, addressed by key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from .amounts import Amount, Const, SumCols, SumRows, Terms, Where


class LayoutError(Exception):
    """A table layout under templates/ that the engine cannot follow (a template bug)."""


@dataclass
class Row:
    """One planned row: `cells` holds text or an Amount per column; `spans` are merges."""

    keys: list[str] = field(default_factory=list)
    cells: dict[int, str | Amount] = field(default_factory=dict)
    style: str = "body"
    indent: int = 0
    top: bool = True
    spans: list[tuple[int, int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Scope:
    """Where a block renders: the criteria it adds, its unit, and the columns it may fill."""

    criteria: tuple[tuple[str, str], ...]
    columns: tuple[int, ...]
    prefix: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)

    @cached_property
    def terms(self) -> tuple:
        """The criteria as `measure` writes them into its recipes, worked out once a scope."""
        return _criteria(self.criteria)

    def narrow(self, criteria: Mapping[str, str] | None = None, **changes: Any) -> Scope:
        merged = self.criteria + tuple((criteria or {}).items())
        return replace(self, criteria=merged, **changes)


def fill(template: str, values: Mapping[str, Any]) -> str:
    """A label template with its placeholders ({year}, {name} …) filled in."""
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError) as exc:
        raise LayoutError(f"模板文字“{template}”中的占位符无法填写：{exc}") from None


class Columns:
    """A table's columns with what `measure` needs of each worked out once: it runs for every row."""

    def __init__(self, columns: list[dict]) -> None:
        self.specs = columns
        self.keys = [c.get("key") for c in columns]
        self.sources = [(c.get("data", "明细"), c.get("value", ""),
                         _criteria(tuple(c["where"].items())) if c.get("where") else ()) for c in columns]
        self._amounts: dict[tuple[int, ...], tuple[int, ...]] = {}
        self._sums: dict[int, SumCols] = {}

    def amounts(self, indexes: tuple[int, ...]) -> tuple[int, ...]:
        """The amount columns among `indexes` (a scope's columns), in order."""
        if indexes not in self._amounts:
            outside = [i for i in indexes if not 0 <= i < len(self.specs)]
            if outside:
                raise LayoutError(f"引用了第 {outside[0] + 1} 列，而表样只有 {len(self.specs)} 列（columns）")
            self._amounts[indexes] = tuple(i for i in indexes if _is_amount(self.specs[i]))
        return self._amounts[indexes]

    def sum_cols(self, index: int) -> SumCols:
        """The total column `index` as the columns it adds (a LayoutError names an unknown one)."""
        if index not in self._sums:
            self._sums[index] = SumCols(tuple(_index(self.keys, k) for k in self.specs[index]["sum"]))
        return self._sums[index]


def _is_amount(column: dict) -> bool:
    return bool(column.get("amount")) or "sum" in column or "where" in column


def measure(columns: Columns, scope: Scope, *, where: Mapping[str, str] | None = None,
            children: list[str] | None = None, facts: Mapping[str, Any] | None = None,
            terms: list[tuple[int, str]] | None = None, source: tuple[str, str] | None = None) -> dict[int, Amount]:
    """The amount recipe of each amount column in scope, for one row: `source` (data sheet, value) in place of
    the columns' own, for a row summed from another sheet (a 决算 总表's 年初结转和结余 under its income column)."""
    result: dict[int, Amount] = {}
    shared = SumRows(tuple(children)) if children is not None else Terms(tuple(terms)) if terms is not None else None
    base: tuple | None = None
    for index in columns.amounts(scope.columns):
        column = columns.specs[index]
        if "sum" in column:
            result[index] = columns.sum_cols(index)
        elif shared is not None:
            result[index] = shared
        elif facts is not None and "fact" in column:
            result[index] = Const(facts[column["fact"]])
        else:  # a row of facts may sum lines in its other columns (the 三公 表's 决算数 beside its 预算数)
            if base is None:
                base = scope.terms + _criteria(tuple((where or {}).items()))
            data, value, own = columns.sources[index]
            result[index] = Where(*(source or (data, value)), base + own)
    return result


def _criteria(pairs: tuple) -> tuple:
    """Criteria as a tuple of pairs, a list of values (any of them) as a tuple."""
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in pairs)


def _index(keys: list, key: str) -> int:
    if key not in keys:
        raise LayoutError(f"合计列引用了不存在的列“{key}”")
    return keys.index(key)
