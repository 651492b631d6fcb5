"""What a table layout's blocks read: the budget, the table's columns, named groups of row keys and the catalog
as the table prints it; and the label cells every block fills from its layout."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Budget, Catalog
from .coverage import Coverage
from .rows import Columns, Scope, fill


@dataclass
class Context:
    """What blocks read: the budget, the table's columns, named groups of row keys, and the catalog as this
    table prints it (the spec's 科目名称 over the official names)."""

    budget: Budget
    columns: list[dict]
    settings: Mapping[str, Any] = field(default_factory=dict)
    groups: dict[str, list[str]] = field(default_factory=dict)
    catalog: Catalog | None = None
    coverage: Coverage = field(default_factory=Coverage)
    plan: Columns = field(init=False)

    def __post_init__(self) -> None:
        self.plan = Columns(self.columns)
        if self.catalog is None:
            self.catalog = self.budget.catalog

    def lines(self, scope: Scope, where: dict | None = None) -> tuple:
        return self.budget.select(dict(scope.criteria) | (where or {}))

    def records(self, roles: list[str], scope: Scope, where: dict | None = None) -> list[Mapping[str, str]]:
        """The fields of the records in scope of the data sheets named (明细: lines; a 决算's 收入, 结转: its income
        and balances), for blocks listing what any of them has (a 基金 table's 项 with a balance and no spending)."""
        found = [ln.fields() for ln in self.lines(scope, where)] if "明细" in roles else []
        criteria = dict(scope.criteria) | (where or {})
        others = {"收入": self.budget.incomes, "结转": self.budget.balances}
        for role in roles:
            found += [fields for record in others.get(role, ()) if _matches(fields := record.fields(), criteria)]
        return found


def _matches(fields: Mapping[str, str], criteria: Mapping[str, object]) -> bool:
    """Whether a record's fields meet every criterion (a value, or any of a list), as SUMIFS sees it."""
    return all(fields.get(k) in v if isinstance(v, (list, tuple)) else fields.get(k) == v for k, v in criteria.items())


def label_cells(options: dict, values: Mapping[str, Any], level: str | None = None) -> dict[int, str]:
    return filled_labels(label_templates(options, level), values)


def label_templates(options: dict, level: str | None = None) -> dict[int, str]:
    """The label templates by column: those of `level` when the layout names it, else the plain ones."""
    labels = options.get("labels", {})
    if level is not None and level in labels:
        labels = labels[level]
    elif level is not None:
        labels = {k: v for k, v in labels.items() if isinstance(k, int)}
    return {int(col): text for col, text in labels.items()}


def filled_labels(templates: dict[int, str], values: Mapping[str, Any]) -> dict[int, str]:
    return {col: fill(text, values) for col, text in templates.items()}
