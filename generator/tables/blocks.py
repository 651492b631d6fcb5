"""The row blocks a table layout is made of, one function each, in one registry.

A layout's `body` is a list of blocks such as `department`, `units`, `function_tree`;
each returns the rows it plans. New formats combine these; they do not add Python.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..model import Budget, Catalog
from ..text.numerals import ordinal
from .amounts import Const, SumCols
from .coverage import Coverage
from .rows import Columns, LayoutError, Row, Scope, fill, measure


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


Block = Callable[[Context, dict, Scope], list[Row]]
BLOCKS: dict[str, Block] = {}


def block(name: str) -> Callable[[Block], Block]:
    def register(func: Block) -> Block:
        BLOCKS[name] = func
        return func
    return register


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


def _labels(options: dict, values: Mapping[str, Any], level: str | None = None) -> dict[int, str]:
    return _filled(_templates(options, level), values)


def _templates(options: dict, level: str | None = None) -> dict[int, str]:
    """The label templates by column: those of `level` when the layout names it, else the plain ones."""
    labels = options.get("labels", {})
    if level is not None and level in labels:
        labels = labels[level]
    elif level is not None:
        labels = {k: v for k, v in labels.items() if isinstance(k, int)}
    return {int(col): text for col, text in labels.items()}


def _filled(templates: dict[int, str], values: Mapping[str, Any]) -> dict[int, str]:
    return {col: fill(text, values) for col, text in templates.items()}


@block("department")
def department(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """The department's row: the sum of its units' rows (omitted below `min_units` units)."""
    if len(ctx.budget.units) < int(options.get("min_units", ctx.settings.get("department_row_min_units", 1))):
        return []
    keys = [f"unit:{name}" for name in ctx.budget.unit_names]
    cells = _labels(options, dict(scope.values)) | measure(ctx.plan, scope, children=keys)
    return [Row(["department"], cells, style=options.get("style", "total"))]


@block("units")
def units(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Each unit's row (unless `own_row: false`), then the unit's own blocks."""
    rows: list[Row] = []
    for unit in ctx.budget.units:
        values = dict(scope.values) | {"unit": unit.name, "goal": unit.performance.goal}
        inner = scope.narrow({"单位": unit.name}, prefix=f"{unit.name}:", values=values)
        children = render(ctx, options.get("body", []), inner)
        labels = _labels(options, values)
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


def _tree(ctx: Context, options: dict, scope: Scope, field_name: str, names: dict, lengths: tuple,
          prefix_fields: dict[int, str]) -> list[Row]:
    lengths = lengths[: int(options.get("depth", len(lengths)))]
    codes = {fields[field_name] for fields in ctx.records(options.get("from", ["明细"]), scope, options.get("where"))}
    left_out = {str(c) for c in dict(scope.values).get("版式", {}).get(options.get("omit", ""), [])}
    codes |= {str(c) for c in options.get("always", []) if str(c) not in left_out}  # a publisher's list may lack one
    leaves = sorted({c[: lengths[-1]] for c in codes if len(c) >= lengths[-1]})
    rows: list[Row] = []
    level_names = options.get("levels", ["类", "款", "项"])[: len(lengths)]
    ordinals = iter(range(1, 1000))

    kids_of: dict[str, set[str]] = {}
    for leaf in leaves:
        for short, long in itertools.pairwise(lengths):
            kids_of.setdefault(leaf[:short], set()).add(leaf[:long])

    templates = [_templates(options, level) for level in level_names]  # the same for every row of a level
    where = dict(options.get("where", {}))

    def add(code: str, depth: int) -> str:
        kids = sorted(kids_of.get(code, ())) if depth + 1 < len(lengths) else []
        key = f"{scope.prefix}{field_name}:{code}"
        values = {**scope.values, "code": code, "name": names[code], "level": level_names[depth],
                  "c1": code[:3], "c2": code[3:5], "c3": code[5:7]}
        if depth == 0:
            values["ordinal"] = ordinal(next(ordinals))
        row = Row([key], _filled(templates[depth], values), style=f"level{depth}", indent=depth, top=depth == 0)
        rows.append(row)
        if kids:
            row.cells |= measure(ctx.plan, scope, children=[add(kid, depth + 1) for kid in kids])
        else:
            row.cells |= measure(ctx.plan, scope, where=where | {prefix_fields.get(len(code), field_name): code})
        return key

    tops = [add(top, 0) for top in sorted({leaf[: lengths[0]] for leaf in leaves})]
    return _with_total(ctx, options.get("total"), scope, rows, tops)


def _with_total(ctx: Context, total: dict | None, scope: Scope, rows: list[Row], tops: list[str]) -> list[Row]:
    """A tree's own total row (`total: {labels, position}`), the sum of its top rows: first or last as the
    publisher prints it (`position` may name a 版式 key: "{版式[基金表合计行]}" → 首行 or 末行)."""
    if not total:
        return rows
    if not rows and "blank_rows" in total:
        rows = _blank_rows(ctx, total["blank_rows"], scope)
    labels = _labels(total, dict(scope.values))
    row = Row([], labels | measure(ctx.plan, scope, children=tops), style=total.get("style", "total"), top=False)
    if int(total.get("cols", 1)) > 1 and labels:  # 合计 across the code and name columns
        row.spans.append((min(labels), 0, int(total["cols"]) - 1))
    first = fill(str(total.get("position", "末行")), dict(scope.values)) == "首行"
    return [row, *rows] if first else [*rows, row]


MAX_BLANK_ROWS = 50
"""Ruled blank rows an empty table may print: publishers print 3 or 8; a format from elsewhere cannot ask for millions."""


def _blank_rows(ctx: Context, count: object, scope: Scope) -> list[Row]:
    """The empty grid rows an empty tree prints in its place (`blank_rows`: a count, or a 版式 key's, as
    "{版式[基金表空行]}"): a publisher keeps an empty table's format with a few ruled rows."""
    wanted = fill(str(count), dict(scope.values))
    if not wanted.isdigit() or int(wanted) > MAX_BLANK_ROWS:
        raise LayoutError(f"blank_rows 应为 0 至 {MAX_BLANK_ROWS} 的行数，而不是“{wanted[:20]}”")
    return [Row([], {c: "" for c in scope.columns}, top=False) for _ in range(int(wanted))]


@block("function_tree")
def function_tree(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Function classification 类/款/项 rows of the lines in scope; each parent sums its children."""
    return _tree(ctx, options, scope, "功能科目", ctx.catalog.functions, (3, 5, 7), {3: "功能类", 5: "功能款"})


@block("economic_tree")
def economic_tree(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Economic classification 类/款 rows of the lines in scope (`always` lists rows shown at 0)."""
    return _tree(ctx, options, scope, "经济科目", ctx.catalog.economics, (3, 5), {3: "经济类"})


@block("projects")
def projects(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """One row per project of the unit in scope, in the spec's order."""
    unit = dict(scope.criteria).get("单位")
    rows = []
    for project in ctx.budget.projects:
        if unit is not None and project.unit != unit:
            continue
        values = dict(scope.values) | {"name": project.name, "category": project.category}
        where = {"项目": project.name}
        cells = _labels(options, values) | measure(ctx.plan, scope, where=where)
        rows.append(Row([f"{scope.prefix}project:{project.name}"], cells, style="level1", indent=1))
    return rows


@block("rows")
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


@block("beside")
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


@block("cells")
def cells(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Rows of text cells with HTML-like spans (`cols`, `rows`); placeholders filled."""
    return _span_rows(options["rows"], dict(scope.values), options.get("style", "body"), options.get("start", 0))


@block("when_empty")
def when_empty(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Its `body` blocks only when no line falls in the table (an empty table's `无` row)."""
    return [] if ctx.lines(scope) else render(ctx, options["body"], scope)


@block("header")
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


@block("records")
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


@block("group")
def group(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Inner blocks with one label merged down a column beside all their rows."""
    rows = render(ctx, options["body"], scope)
    if rows:
        col = int(options.get("column", 0))
        rows[0].cells[col] = fill(options["label"], dict(scope.values))
        rows[0].spans.append((col, len(rows) - 1, 0))
    return rows
