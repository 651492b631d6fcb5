"""The line solver: deterministic limits, and a model HiGHS cannot solve is an error naming the document (no LibreOffice)."""

from __future__ import annotations

import pytest

from generator.importing import solve as solver
from generator.importing.equations import Equation
from generator.problems import Place, SpecError

PLACE = Place("公开文本.pdf")


def _eq(terms, lo, hi=None) -> Equation:
    return Equation("支出预算总表", 1, "合计", tuple(terms), lo, lo if hi is None else hi, str(lo))


def test_solved_lines_reproduce_the_printed_cells():
    eqs = [_eq([(0, 1), (1, 1)], 30000), _eq([(0, 1)], 10000)]
    found = solver.solve(eqs, [1.0, 1.0], PLACE)
    assert found.amounts == {0: 10000, 1: 20000} and found.determined == {0, 1} and not found.broken


def test_contradictory_cells_are_an_error_not_lines_marked_determined():
    eqs = [_eq([(0, 1)], 500), _eq([(0, 1)], 700)]  # as hard rows (the cells kept), no line can satisfy both
    with pytest.raises(SpecError) as caught:
        solver._determined(eqs, [0], {0: 500}, PLACE)
    [problem] = caught.value.problems
    assert problem.code == "E631" and problem.place == PLACE and "无解" in problem.message


def test_a_limit_reached_is_an_error_naming_the_document(monkeypatch):
    monkeypatch.setattr(solver, "MAX_ITERATIONS", 0)
    eqs = [_eq([(0, 3), (1, 5), (2, 7)], 100001, 100003), _eq([(0, 1), (2, 1)], 777)]
    with pytest.raises(SpecError) as caught:
        solver.solve(eqs, [1.0, 2.0, 3.0], PLACE)
    [problem] = caught.value.problems
    assert problem.code == "E630" and problem.place == PLACE and "限定的步数" in problem.message


def test_no_time_limit_only_counts():
    source = (solver.__file__ and open(solver.__file__, encoding="utf-8").read())
    assert "time_limit" not in source and solver.MAX_NODES > 0
