"""The fill-in workbook's layouts (templates/input/): which sheets and columns hold which part of a spec."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from ..shipped import templates_root


def input_sheet_kind(layout: Mapping[str, Any]) -> str:
    """How a sheet of the fill-in workbook holds its part of a spec: key-value pairs, free keys, or rows."""
    if "pairs" in layout:
        return "pairs"
    return "free" if "pairs_free" in layout or "flat" in layout else "rows"


def input_layout(document: str = "预算") -> dict[str, Any]:
    """The fill-in workbook's sheets and columns for a kind of document (templates/input/: workbook.yaml for the
    预算, each other file naming its own `document`, juesuan.yaml the 决算)."""
    return next((layout for layout in input_layouts() if layout.get("document", "预算") == document), input_layouts()[0])


def input_layouts() -> list[dict[str, Any]]:
    """Every fill-in workbook layout shipped, the 预算's (workbook.yaml) first."""
    folder = templates_root() / "input"
    paths = [folder / "workbook.yaml"] + sorted(p for p in folder.glob("*.yaml") if p.name != "workbook.yaml")
    return [yaml.safe_load(path.read_text("utf-8")) for path in paths]


def input_layout_of(sheet_names: set[str]) -> tuple[dict[str, Any], int]:
    """The layout whose sheets a workbook has most of, and how many of its sheets are there (ties: the 预算's)."""
    found = [(sum(1 for s in layout["sheets"] if s["name"] in sheet_names), -i, layout)
             for i, layout in enumerate(input_layouts())]
    count, _, layout = max(found, key=lambda item: item[:2])
    return layout, count
