"""Which budget lines a table's fixed rows leave out: lines its columns take in that no row lists.

A `rows` block lists its rows by filter (`where`), so a layout that forgets a code prints totals short of the
lines the table selects, silently. Each block records here, by scope and column, the lines it must account for
and its rows' filters; the built sheet carries the lines no row took in, for the check that names them (C305).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Budget, Line
from .rows import Columns, Scope

LISTS_NONE = frozenset({"sum", "terms", "facts", "value", "data"})
"""Rows computed from other rows, the spec's facts, a fixed value or another data sheet: they take in no line themselves."""

Key = tuple[tuple, int]


@dataclass
class Coverage:
    """The lines the fixed rows of one table must list, and the filters of the rows that list lines, by
    (scope criteria, column): blocks of one scope share them (a total table's income split over two blocks)."""

    due: dict[Key, set[Line]] = field(default_factory=dict)
    filters: dict[Key, list[Mapping[str, Any]]] = field(default_factory=dict)

    def record(self, budget: Budget, columns: Columns, scope: Scope, options: Mapping[str, Any]) -> None:
        """A rows block: the lines of its scope that a column its rows fill takes in (within the block's `covers`,
        when it lists only part of its scope on purpose), and each row's filter for that column."""
        listing = [spec for spec in options.get("rows", []) if not LISTS_NONE & spec.keys()]
        if not listing:
            return
        lines = budget.select(dict(scope.criteria))
        covers = options.get("covers", {})
        for col in columns.amounts(scope.columns):
            own = _takes(columns.specs[col])
            wheres = [spec.get("where", {}) for spec in listing if col in spec.get("columns", scope.columns)]
            if own is None or not wheres:
                continue
            key = (scope.terms, col)
            self.due.setdefault(key, set()).update(ln for ln in lines if ln.matches(covers) and ln.matches(own))
            self.filters.setdefault(key, []).extend(wheres)

    def left_out(self, lines: Iterable[Line]) -> tuple[Line, ...]:
        """The lines some column must show but no row of its scope lists, in the spec's order."""
        missing = {ln for key, due in self.due.items() for ln in due
                   if not any(ln.matches(where) for where in self.filters[key])}
        return tuple(ln for ln in lines if ln in missing)


def _takes(column: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The filter by which an amount column takes in budget lines; None for one that adds other columns or reads
    another data sheet (procurement)."""
    if "sum" in column or column.get("data", "明细") != "明细":
        return None
    return column.get("where", {})
