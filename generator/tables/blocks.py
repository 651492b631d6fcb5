"""The row blocks a table layout is made of, one function each, in one registry.

A layout's `body` is a list of blocks such as `department`, `units`, `function_tree`;
each returns the rows it plans. New formats combine these; they do not add Python.
This module holds the registry, `render`, and the blocks that arrange others (units,
beside, group …); the classification trees are in tree_blocks.py, listed rows in row_blocks.py.
"""

from __future__ import annotations

from collections.abc import Callable

from .context import Context, label_cells
from .row_blocks import fixed_rows, projects, records
from .rows import LayoutError, Row, Scope, fill, measure
from .tree_blocks import economic_tree, function_tree

Block = Callable[[Context, dict, Scope], list[Row]]


def render(ctx: Context, blocks: list[dict], scope: Scope) -> list[Row]:
    """The rows of a list of blocks, in order."""
    rows: list[Row] = []
    for item in blocks:
        if not isinstance(item, dict) or len(item) != 1:
            raise LayoutError(f"每个区块应写成“名称: 设置”，而不是 {item!r}")
        (name, options), = item.items()
        if name not in BLOCKS:
            raise LayoutError(f"未知的区块“{name}”，可用：{'、'.join(BLOCKS)}")
        found = BLOCKS[name](ctx, options or {}, scope)
        if isinstance(options, dict) and "id" in options:
            ctx.groups[options["id"]] = [r.keys[0] for r in found if r.keys and r.top]
        rows += found
    return rows


def department(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """The department's row: the sum of its units' rows (omitted below `min_units` units)."""
    if len(ctx.budget.units) < int(options.get("min_units", ctx.settings.get("department_row_min_units", 1))):
        return []
    keys = [f"unit:{name}" for name in ctx.budget.unit_names]
    cells = label_cells(options, dict(scope.values)) | measure(ctx.plan, scope, children=keys)
    return [Row(["department"], cells, style=options.get("style", "total"))]


def units(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Each unit's row (unless `own_row: false`), then the unit's own blocks."""
    rows: list[Row] = []
    for unit in ctx.budget.units:
        values = dict(scope.values) | {"unit": unit.name, "goal": unit.performance.goal}
        inner = scope.narrow({"单位": unit.name}, prefix=f"{unit.name}:", values=values)
        children = render(ctx, options.get("body", []), inner)
        labels = label_cells(options, values)
        if options.get("own_row", True):
            tops = [r.keys[0] for r in children if r.top and r.keys]
            sums = measure(ctx.plan, inner, children=tops) if tops else measure(ctx.plan, inner)
            rows.append(Row([f"unit:{unit.name}"], labels | sums, style=options.get("style", "total")))
            rows += [_nested(r) for r in children]
        elif children:
            for col, text in labels.items():
                children[0].cells[col] = text
                children[0].spans.append((col, len(children) - 1, 0))
            rows += [_nested(r) for r in children]
    return rows


def _nested(row: Row) -> Row:
    row.top = False
    return row


def beside(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Two lists of rows side by side (income left, spending right), then shared rows."""
    sides = []
    for side in options["sides"]:
        sides.append(render(ctx, side["body"], Scope(scope.criteria, tuple(side["columns"]), scope.prefix, scope.values)))
    height = max(len(s) for s in sides)
    rows = []
    for i in range(height):
        row = Row(style="body")
        for side in sides:
            if i < len(side):
                row.keys += side[i].keys
                row.cells |= side[i].cells
                row.indent = max(row.indent, side[i].indent)
                row.style = side[i].style if side[i].style != "body" else row.style
        rows.append(row)
    return rows


def cells(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Rows of text cells with HTML-like spans (`cols`, `rows`); placeholders filled."""
    return _span_rows(options["rows"], dict(scope.values), options.get("style", "body"), options.get("start", 0))


def when_empty(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Its `body` blocks only when no line falls in the table (an empty table's `无` row)."""
    return [] if ctx.lines(scope) else render(ctx, options["body"], scope)


def header(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Header rows, written with spans like `cells`."""
    return _span_rows(options["rows"], dict(scope.values), "header")


def _span_rows(specs: list, values: dict, style: str, start: int = 0) -> list[Row]:
    taken: set[tuple[int, int]] = set()
    rows = []
    for r, spec in enumerate(specs):
        row, col = Row(style=style), start
        for item in spec:
            item = item if isinstance(item, dict) else {"text": item}
            while (r, col) in taken:
                col += 1
            width, height = item.get("cols", 1), item.get("rows", 1)
            row.cells[col] = fill(str(item.get("text", "")), values)
            if width > 1 or height > 1:
                row.spans.append((col, height - 1, width - 1))
            taken |= {(r + i, col + j) for i in range(height) for j in range(width)}
            col += width
        rows.append(row)
    return rows


def group(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Inner blocks with one label merged down a column beside all their rows."""
    rows = render(ctx, options["body"], scope)
    if rows:
        col = int(options.get("column", 0))
        rows[0].cells[col] = fill(options["label"], dict(scope.values))
        rows[0].spans.append((col, len(rows) - 1, 0))
    return rows


BLOCKS: dict[str, Block] = {
    "department": department, "units": units, "function_tree": function_tree, "economic_tree": economic_tree,
    "projects": projects, "rows": fixed_rows, "beside": beside, "cells": cells, "when_empty": when_empty,
    "header": header, "records": records, "group": group,
}
