"""The blocks whose rows are listed: one per project, per row the layout writes out, or per record of the spec
(performance tasks, indicators)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .amounts import Const, SumCols
from .context import Context, label_cells
from .rows import LayoutError, Row, Scope, fill, measure


def projects(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """One row per project of the unit in scope, in the spec's order."""
    unit = dict(scope.criteria).get("单位")
    rows = []
    for project in ctx.budget.projects:
        if unit is not None and project.unit != unit:
            continue
        values = dict(scope.values) | {"name": project.name, "category": project.category}
        where = {"项目": project.name}
        cells = label_cells(options, values) | measure(ctx.plan, scope, where=where)
        rows.append(Row([f"{scope.prefix}project:{project.name}"], cells, style="level1", indent=1))
    return rows


def fixed_rows(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Rows listed in the layout, each with a filter, a sum of other rows, terms or facts."""
    ctx.coverage.record(ctx.budget, ctx.plan, scope, options)
    rows = []
    for spec in options.get("rows", []):
        key = f"{scope.prefix}{spec['key']}" if "key" in spec else ""
        values = dict(scope.values)
        cols = scope if "columns" not in spec else Scope(scope.criteria, tuple(spec["columns"]), scope.prefix, values)
        if "sum" in spec:
            keys = [k for name in spec["sum"] for k in ctx.groups.get(name, [f"{scope.prefix}{name}"])]
            amounts = measure(ctx.plan, cols, children=keys)
        elif "terms" in spec:
            terms = [(-1 if t.startswith("-") else 1, f"{scope.prefix}{t.lstrip('+-')}") for t in spec["terms"]]
            amounts = measure(ctx.plan, cols, terms=terms)
        elif "facts" in spec:
            amounts = measure(ctx.plan, cols, facts=_facts(ctx, spec["facts"], scope))
        elif "value" in spec and "data" not in spec:
            amounts = {c: Const(_value(ctx, spec["value"])) for c in measure(ctx.plan, cols)}
        else:  # `data` (and `value`): summed from another data sheet than the columns' own
            source = (spec["data"], spec.get("value", "")) if "data" in spec else None
            amounts = measure(ctx.plan, cols, where=spec.get("where", {}), source=source)
        labels = {int(c): fill(t, values) for c, t in spec.get("labels", {}).items()}
        rows.append(Row([key] if key else [], labels | amounts, style=spec.get("style", "body"),
                        indent=spec.get("indent", 0), top=spec.get("top", True)))
    return rows


def _facts(ctx: Context, name: str, scope: Scope) -> dict[str, Any]:
    unit = next(u for u in ctx.budget.units if u.name == dict(scope.criteria).get("单位", u.name))
    facts = {"上年三公经费": unit.three_public_last, "三公经费预算数": ctx.budget.facts.get("三公经费预算数", {})}
    if name not in facts:
        raise LayoutError(f"未知的数据“{name}”")
    return facts[name]


def _value(ctx: Context, name: str):
    values = {"结转下年": ctx.budget.carry_forward, "零": Decimal(0), "使用非财政拨款结余": ctx.budget.surplus_used,
              "结余分配": ctx.budget.surplus_distributed}
    if name not in values:
        raise LayoutError(f"未知的数值“{name}”，可用：{'、'.join(values)}")
    return values[name]


def records(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """One row per entry of a list in the spec (performance tasks, indicators)."""
    unit = next(u for u in ctx.budget.units if u.name == dict(scope.criteria).get("单位", u.name))
    source = {"tasks": unit.performance.tasks, "indicators": unit.performance.indicators}[options["of"]]
    rows = []
    for i, record in enumerate(source):
        values = dict(scope.values) | vars(record)
        row = Row([f"{scope.prefix}{options.get('id', options['of'])}:{i}"], style=options.get("style", "body"))
        for col, spec in options["cells"].items():
            row.cells[int(col)] = _record_cell(spec, values, ctx, scope)
        row.spans += [(int(col), 0, int(width) - 1) for col, width in options.get("spans", {}).items()]
        rows.append(row)
    for col in options.get("merge_repeats", []):
        _merge_repeats(rows, int(col))
    return rows


def _record_cell(spec: Any, values: dict, ctx: Context, scope: Scope):
    if isinstance(spec, str):
        return fill(spec, values)
    if "amount" in spec:
        return Const(values[spec["amount"]])
    if "sum_cols" in spec:
        return SumCols(tuple(spec["sum_cols"]))
    raise LayoutError(f"无法理解的单元格设置 {spec!r}")


def _merge_repeats(rows: list[Row], col: int) -> None:
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i].cells.get(col) != rows[start].cells.get(col):
            if i - start > 1:
                rows[start].spans.append((col, i - start - 1, 0))
                for row in rows[start + 1 : i]:
                    row.cells.pop(col, None)
            start = i
