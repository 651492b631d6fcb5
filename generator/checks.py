"""Cross-table rules (勾稽关系) as plain functions in one registry, each returning findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .model import Budget
from .problems import Problem

Check = Callable[[Budget], Iterable[Problem]]
CHECKS: list[Check] = []


def check(func: Check) -> Check:
    CHECKS.append(func)
    return func


def run_checks(budget: Budget) -> list[Problem]:
    """Every registered check's findings, in registry order."""
    return [p for func in CHECKS for p in func(budget)]
