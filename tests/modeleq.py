"""Comparing budgets as data: the same model whatever file (YAML or workbook) and line it came from."""

from __future__ import annotations

import dataclasses
from typing import Any

from generator.problems import Place

WHERE = {"file", "place", "places"}


def as_data(value: Any) -> Any:
    """A model record as nested plain values, without where each value was read."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, Place):
            return None
        return {f.name: as_data(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in WHERE}
    if isinstance(value, dict):
        return {k: as_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_data(v) for v in value]
    return value
