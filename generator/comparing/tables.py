"""Tables compared cell by cell as printed: rows matched by their labels, each differing cell named by the
table's title, the row's label and the column's header."""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass, replace

from ..importing.recognise import norm
from .printed import Table
from .sides import Known


@dataclass(frozen=True)
class CellDifference:
    """One cell printed differently (or a row or table only one side has: `column` empty, the missing side "")."""

    table: str
    row: str
    column: str
    built: str
    reference: str
    sheet: str = ""
    """The table's sheet name in the workbook (its 已知差异 位置 names it)."""
    index: int = -1
    """The column's number from 0; -1 for a whole row or table."""
    known: str = ""
    """The spec's 已知差异 explaining it (规则: 公开文本), empty when none does."""


def compare_tables(built: tuple[Table, ...], reference: tuple[Table, ...],
                   known: tuple[Known, ...] = ()) -> tuple[int, tuple[CellDifference, ...]]:
    """How many cells were compared, and every difference, table by table in the built document's order."""
    theirs = {t.sheet: t for t in reference}
    compared, found = 0, []
    for table in built:
        other = theirs.pop(table.sheet, None)
        if other is None:
            found.append(CellDifference(table.title, "", "", "（整张表）", "", table.sheet))
            continue
        count, differences = _table(table, other)
        compared += count + max(len(table.notes), len(other.notes))
        found += [_known(d, known) for d in differences + _notes(table, other)]
    found += [CellDifference(t.title, "", "", "", "（整张表）", t.sheet) for t in theirs.values()]
    return compared, tuple(found)


def _table(ours: Table, theirs: Table) -> tuple[int, list[CellDifference]]:
    """Rows aligned by label (a row only one side prints is reported whole), then cells compared in each pair."""
    keys = [[_key(ours, row) for row in t.rows] for t in (ours, theirs)]
    compared, found = 0, []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, *keys, autojunk=False).get_opcodes():
        pairs = list(zip(range(i1, i2), range(j1, j2), strict=False)) if tag in ("equal", "replace") else []
        for i, j in pairs:
            compared += len(ours.headers)
            found += _cells(ours, ours.rows[i], theirs.rows[j])
        found += [_whole(ours, ours.rows[i], True) for i in range(i1 + len(pairs), i2)]
        found += [_whole(ours, theirs.rows[j], False) for j in range(j1 + len(pairs), j2)]
    return compared, found


def _notes(ours: Table, theirs: Table) -> list[CellDifference]:
    """The lines under the table, in order: each one printed otherwise, or on one side only (row 注)."""
    found = []
    keys = [[norm(n) for n in t.notes] for t in (ours, theirs)]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, *keys, autojunk=False).get_opcodes():
        if tag != "equal":
            mine, other = ours.notes[i1:i2], theirs.notes[j1:j2]
            found += [CellDifference(ours.title, "注", "", a, b, ours.sheet)
                      for a, b in itertools.zip_longest(mine, other, fillvalue="")]
    return found


def _key(table: Table, row: tuple[str, ...]) -> str:
    return "|".join(_run_text(row, run) for run in label_runs(table))


def _run_text(row: tuple[str, ...], run: list[int]) -> str:
    return "".join(norm(row[n]) for n in run if n < len(row))


def _cells(table: Table, ours: tuple[str, ...], theirs: tuple[str, ...]) -> list[CellDifference]:
    """Figures cell by cell; labels run by run, as read across (a 合计 printed over the code columns or in the
    name column reads the same)."""
    found = []
    for run in label_runs(table):
        a, b = (" ".join(row[n] for n in run if n < len(row) and row[n]) for row in (ours, theirs))
        if norm(a) != norm(b):
            found.append(CellDifference(table.title, row_label(table, ours, run[-1]), table.headers[run[-1]], a, b,
                                        table.sheet, run[-1]))
    for col, header in enumerate(table.headers):
        a, b = (row[col] if col < len(row) else "" for row in (ours, theirs))
        if not table.labels[col] and norm(a) != norm(b):
            found.append(CellDifference(table.title, row_label(table, ours, col), header, a, b, table.sheet, col))
    return found


def _whole(table: Table, row: tuple[str, ...], ours: bool) -> CellDifference:
    text = " ".join(c for c in row if c)
    label = " ".join(c for c, is_label in zip(row, table.labels, strict=False) if is_label and c) or text
    return CellDifference(table.title, label, "", text if ours else "", "" if ours else text, table.sheet)


def row_label(table: Table, row: tuple[str, ...], col: int) -> str:
    """The label a reader reads a cell by: the run of label columns nearest to its left (a two-sided table has
    one run per side), or the row's first labels for a label column itself."""
    runs = label_runs(table)
    left = [run for run in runs if run[0] <= col] or runs
    texts = [row[n] for n in left[-1] if n < len(row)] if left else []
    return " ".join(t for t in texts if t) or " ".join(c for c in row if c)


def label_runs(table: Table) -> list[list[int]]:
    """The label columns in runs of neighbours: [[0, 1, 2, 3]] for code and name, [[0], [2]] for two sides."""
    runs: list[list[int]] = []
    for n, is_label in enumerate(table.labels):
        if is_label and runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        elif is_label:
            runs.append([n])
    return runs


def _known(difference: CellDifference, known: tuple[Known, ...]) -> CellDifference:
    """The difference with the reason of the 已知差异 whose 位置 (sheet!label) names its table and row."""
    match = next((k for k in known if k.sheet == difference.sheet and norm(k.label) and norm(k.label) in norm(difference.row)), None)
    return difference if match is None else replace(difference, known=match.reason)
