"""Budget lines from printed tables: an integer program over cents, solved with HiGHS.

Every printed cell bounds a sum of candidate lines; each constraint may be broken only at a high price
(an elastic slack), so a document that contradicts itself still imports and the broken cells are named.
Among all line sets that reproduce the tables, the one of least cost (templates/importing/配对.csv) wins;
such a solution is a vertex, so it holds few lines.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import highspy

from ..problems import Place, Problem, SpecError
from .equations import Equation

SLACK_COST = 1000.0
"""Price of one cent of a printed cell not reproduced, against at most ~10 for a cent on an unlikely line."""
CENTRE_COST = 20.0
"""Price of a cent away from a rounded figure's own value (25万元 → 250,000.00): the figure as printed is the likeliest."""
TOLERANCE = 10000
"""A line counts as fixed by the tables when it can move by at most 100 yuan (the rounding of a 万元 figure)."""
MAX_NODES = 10_000
"""Branch-and-bound nodes the MIP may use: a count, not a time, so a loaded machine gives the same spec (seeds need 1)."""
MAX_ITERATIONS = 1_000_000
"""Simplex iterations per solve, for the same reason (the seeds' MIPs need at most 75)."""


@dataclass(frozen=True)
class Solution:
    amounts: dict[int, int]
    """Candidate line → cents, for the lines kept (nonzero)."""
    determined: frozenset[int]
    """Lines whose amount the printed tables fix on their own (the rest is one choice among several)."""
    broken: tuple[tuple[Equation, int], ...]
    """Printed cells the lines do not reproduce, with the sum the lines give (cents)."""


def solve(eqs: Sequence[Equation], costs: Sequence[float], place: Place, groups: Sequence[Hashable] = ()) -> Solution:
    """The cheapest lines that satisfy the equations, or break the fewest cents of them; SpecError (E630) naming the
    document at `place` when HiGHS does not prove an optimum within its limits. `groups` (one key a candidate):
    a line is also fixed when the total of its group is (its split inside the group is a convention, not a guess)."""
    columns = _distinct(eqs, live(eqs, len(costs)), costs)
    values = _highs(eqs, columns, costs, place)
    amounts = {i: v for i, v in values.items() if v}
    broken = tuple((e, s) for e in eqs if not e.lo <= (s := sum(k * amounts.get(i, 0) for i, k in e.terms)) <= e.hi)
    kept = [e for e in eqs if all(e is not b for b, _ in broken)]  # the side the document contradicts is set aside
    return Solution(amounts, _determined(kept, columns, amounts, place, groups), broken)


def live(eqs: Sequence[Equation], count: int) -> set[int]:
    """Candidates not forced to zero by a cell printed as zero (or blank) that adds them up."""
    dead: set[int] = set()
    for e in eqs:
        if e.hi <= 0 and all(k > 0 for _, k in e.terms):
            dead |= {i for i, _ in e.terms}
    return set(range(count)) - dead


def _distinct(eqs: Sequence[Equation], live: set[int], costs: Sequence[float]) -> list[int]:
    """One candidate per set of cells it appears in (the cheapest): the others could not be told apart."""
    where: dict[int, list[tuple[int, int]]] = {i: [] for i in live}
    for n, e in enumerate(eqs):
        for i, k in e.terms:
            if i in where:
                where[i].append((n, k))
    best: dict[tuple, int] = {}
    for i in sorted(live, key=lambda i: (costs[i], i)):
        best.setdefault(tuple(where[i]), i)
    return sorted(i for key, i in best.items() if key)


def _highs(eqs: Sequence[Equation], columns: list[int], costs: Sequence[float], place: Place) -> dict[int, int]:
    h = _quiet(highspy.Highs)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_max_nodes", MAX_NODES)
    h.setOptionValue("simplex_iteration_limit", MAX_ITERATIONS)
    inf = highspy.kHighsInf
    position = {i: n for n, i in enumerate(columns)}
    upper = max((max(abs(e.lo), abs(e.hi)) for e in eqs), default=0) or 1
    x = [h.addVariable(lb=0, ub=upper, obj=costs[i], type=highspy.HighsVarType.kInteger) for i in columns]
    for e in eqs:
        over = h.addVariable(lb=0, ub=inf, obj=SLACK_COST)
        under = h.addVariable(lb=0, ub=inf, obj=SLACK_COST)
        expr = sum((k * x[position[i]] for i, k in e.terms if i in position), over - under)
        if e.lo == e.hi:
            h.addConstr(expr == e.lo)
            continue
        h.addConstr(e.lo <= expr <= e.hi)
        if not e.centred:
            continue
        above = h.addVariable(lb=0, ub=inf, obj=CENTRE_COST)
        below = h.addVariable(lb=0, ub=inf, obj=CENTRE_COST)
        h.addConstr(expr - above + below == (e.lo + e.hi + 1) // 2)
    _run(h, place, "预算明细的求解")
    solution = h.getSolution().col_value
    return {i: round(solution[n]) for n, i in enumerate(columns)}


def _quiet(make):
    """HiGHS prints its banner from C when created, before any option can silence it: hold stdout meanwhile."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            return make()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _run(h, place: Place, what: str) -> None:
    """Solve, and accept only a proven optimum: a limit reached or an infeasible model is the importer's failure.

    A run that starts from the last basis may wrongly report infeasible (4 queries over the six seeds' imports,
    where the solved lines prove the model feasible): it is solved once more from scratch before that counts."""
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        h.clearSolver()
        h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        return
    limits = (highspy.HighsModelStatus.kSolutionLimit, highspy.HighsModelStatus.kIterationLimit,
              highspy.HighsModelStatus.kTimeLimit)
    if status in limits:
        message = f"{what}在限定的步数内没有得到最优解（{h.modelStatusToString(status)}），未导入：请把这份文档报告给维护者"
        raise SpecError([Problem("E630", place, message)])
    message = f"{what}无解或无界（{h.modelStatusToString(status)}），公开表格的数无法由预算明细得到，未导入：请把这份文档报告给维护者"
    raise SpecError([Problem("E631", place, message)])


def _determined(eqs: Sequence[Equation], columns: list[int], amounts: dict[int, int], place: Place,
                groups: Sequence[Hashable] = ()) -> frozenset[int]:
    """Lines the tables fix on their own: the least and the most each (or, with `groups`, its group) can hold while
    every printed cell holds (a linear program of the lines alone, each query changing only the objective)."""
    position = {i: n for n, i in enumerate(columns)}
    entries: list[list[tuple[int, float]]] = [[] for _ in columns]
    for row, e in enumerate(eqs):
        for i, k in e.terms:
            if i in position:
                entries[position[i]].append((row, float(k)))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(columns), len(eqs)
    lp.col_cost_ = [0.0] * len(columns)
    lp.col_lower_, lp.col_upper_ = [0.0] * len(columns), [highspy.kHighsInf] * len(columns)
    lp.row_lower_, lp.row_upper_ = [float(e.lo) for e in eqs], [float(e.hi) for e in eqs]
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = [0] + list(itertools.accumulate(len(col) for col in entries))
    lp.a_matrix_.index_ = [r for col in entries for r, _ in col]
    lp.a_matrix_.value_ = [k for col in entries for _, k in col]
    h = _quiet(highspy.Highs)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")  # each query starts from the last basis: only the objective changes
    h.setOptionValue("simplex_iteration_limit", MAX_ITERATIONS)
    h.passModel(lp)
    members: dict[Hashable, list[int]] = {}
    for n, i in enumerate(columns):
        members.setdefault(groups[i] if groups else i, []).append(n)
    fixed = set()
    for positions in members.values():
        held = sum(amounts.get(columns[n], 0) for n in positions)
        if held and all(abs(_extreme(h, positions, sign, len(columns), place) - held) <= TOLERANCE for sign in (-1.0, 1.0)):
            fixed |= {columns[n] for n in positions}  # all() stops at the first end that moves: most need one LP
    return frozenset(fixed)


def _extreme(h, positions: list[int], sign: float, count: int, place: Place) -> float:
    """The most (sign -1) or least (sign 1) some lines can hold together."""
    h.changeColsCost(count, list(range(count)), [0.0] * count)
    h.changeColsCost(len(positions), positions, [sign] * len(positions))
    _run(h, place, "判断哪些明细由公开表格确定")
    values = h.getSolution().col_value
    return sum(values[n] for n in positions)
