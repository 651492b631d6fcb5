"""The classification tree blocks: function 类/款/项 and economic 类/款 rows, each parent the sum of its
children, with the tree's own total row or the blank rows an empty table prints."""

from __future__ import annotations

import itertools

from ..text.numerals import ordinal
from .context import Context, filled_labels, label_cells, label_templates
from .rows import LayoutError, Row, Scope, fill, measure


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

    templates = [label_templates(options, level) for level in level_names]  # the same for every row of a level
    where = dict(options.get("where", {}))

    def add(code: str, depth: int) -> str:
        kids = sorted(kids_of.get(code, ())) if depth + 1 < len(lengths) else []
        key = f"{scope.prefix}{field_name}:{code}"
        values = {**scope.values, "code": code, "name": names[code], "level": level_names[depth],
                  "c1": code[:3], "c2": code[3:5], "c3": code[5:7]}
        if depth == 0:
            values["ordinal"] = ordinal(next(ordinals))
        row = Row([key], filled_labels(templates[depth], values), style=f"level{depth}", indent=depth, top=depth == 0)
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
    labels = label_cells(total, dict(scope.values))
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


def function_tree(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Function classification 类/款/项 rows of the lines in scope; each parent sums its children."""
    return _tree(ctx, options, scope, "功能科目", ctx.catalog.functions, (3, 5, 7), {3: "功能类", 5: "功能款"})


def economic_tree(ctx: Context, options: dict, scope: Scope) -> list[Row]:
    """Economic classification 类/款 rows of the lines in scope (`always` lists rows shown at 0)."""
    return _tree(ctx, options, scope, "经济科目", ctx.catalog.economics, (3, 5), {3: "经济类"})
