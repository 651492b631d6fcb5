"""The 部门决算's self-consistency rules (../shared/juesuan.md §7) over figures as printed: 万元 at two decimals, a
blank cell None. A published PDF read back (budgetgen import) has its contradictions named (§8) with table, row and
column; our own tables pass by construction (tests show it on the built tables).

Two tables printing the same amount must print the same figure (an exact rule); a total printed beside its parts may
miss their printed sum by 0.01 per added term (尾数误差, a warning), and beyond that it is an error.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from ..formats import templates_root
from ..problems import Place, Problem

ZERO = Decimal(0)
STEP = Decimal("0.01")
"""One printed fen of 万元: what each added term may lose to rounding."""
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")


@functools.cache
def layout() -> dict[str, Any]:
    """The fixed rows and column keys of the nine tables (templates/checks/juesuan.yaml)."""
    return yaml.safe_load((templates_root() / "checks" / "juesuan.yaml").read_text("utf-8"))


@dataclass(frozen=True)
class Row:
    """A printed row: its label without its ordinal, its cumulative code if it prints one, its figures by column key
    (templates/checks/juesuan.yaml `列`; None or absent is a blank), its number in the printed table and its side
    (收入/支出 in T1 and T4, where one printed line holds two rows)."""

    label: str
    figures: Mapping[str, Decimal | None]
    code: str = ""
    number: int = 0
    side: str = ""

    def get(self, key: str) -> Decimal:
        return self.figures.get(key) or ZERO

    @property
    def name(self) -> str:
        return _ORDINAL.sub("", re.sub(r"\s+", "", self.label))


@dataclass(frozen=True)
class Table:
    """One of the nine tables as printed (key T1…T9), with the note printed under it."""

    key: str
    rows: tuple[Row, ...]
    note: str = ""
    page: int = 0

    def side(self, side: str) -> list[Row]:
        return [r for r in self.rows if r.side == side]

    @property
    def empty(self) -> bool:
        return not any(v for r in self.rows for v in r.figures.values())


@dataclass(frozen=True)
class Printed:
    """A 决算 document's figures as printed: its tables and what its text says (printed_text.Said)."""

    file: str
    tables: Mapping[str, Table]
    said: Any = None
    year: int = 2024
    raw_text: str = ""
    """The text as printed, for template instructions left in it (rule 60)."""

    def table(self, key: str) -> Table | None:
        return self.tables.get(key)

    def place(self, table: str, row: Row | None = None, column: str = "") -> Place:
        title = layout()["标题"].get(table, table)
        where = title + (f" 第{row.number}行“{row.name}”" if row is not None and row.number else
                         f"“{row.name}”" if row is not None else "") + (f"“{column}”列" if column else "")
        return Place(self.file, None, where)


def find(rows: Iterable[Row], label: str, nth: int = 0) -> Row | None:
    """The nth row so named (使用非财政拨款结余 also as printed with （含专用结余）)."""
    found = [r for r in rows if r.name == label or r.name.startswith(label + "（")]
    return found[nth] if len(found) > nth else None


def value(row: Row | None, key: str) -> Decimal:
    return row.get(key) if row is not None else ZERO


def amount(figure: Decimal) -> str:
    return f"{figure:,.2f}"


def sum_rule(code: str, place: Place, what: str, total: Decimal, parts: Sequence[Decimal], how: str = "") -> list[Problem]:
    """A printed total against its printed parts: a warning within 0.01 per added term, else an error."""
    added = sum(parts, ZERO)
    delta = total - added
    if delta == 0:
        return []
    tail = abs(delta) <= STEP * max(len([p for p in parts if p]) - 1, 1)  # a blank adds no rounding
    shown = how or (" + ".join(amount(p) for p in parts) if len(parts) <= 6 else "各项之和")
    message = f"{what}印为 {amount(total)}，而{shown} = {amount(added)}，相差 {amount(delta)}"
    if tail:
        return [Problem(code, place, message + "（尾数误差：各数由元分别取整所致）", "warning")]
    return [Problem(code, place, message)]


def same(code: str, place: Place, first: tuple[str, Decimal], second: tuple[str, Decimal]) -> list[Problem]:
    """Two printed figures of the same amount, which must be equal to the fen."""
    if first[1] == second[1]:
        return []
    return [Problem(code, place, f"{first[0]}印为 {amount(first[1])}，{second[0]}印为 {amount(second[1])}，"
                                 f"应为同一个数（相差 {amount(first[1] - second[1])}）")]


@dataclass(frozen=True)
class Tree:
    """A function-code table's rows (T2, T3, T5, T8, T9): 合计 and its 类/款/项 rows by code."""

    total: Row | None
    coded: tuple[Row, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, table: Table) -> Tree:
        return cls(find(table.rows, "合计"), tuple(r for r in table.rows if r.code))

    def level(self, digits: int) -> list[Row]:
        return [r for r in self.coded if len(r.code) == digits]

    def by_name(self, digits: int) -> dict[str, Row]:
        return {r.name: r for r in self.level(digits)}

    def children(self, row: Row) -> list[Row]:
        depth = {3: 5, 5: 7}.get(len(row.code))
        return [r for r in self.coded if len(r.code) == depth and r.code.startswith(row.code)]


def tree_sums(doc: Printed, key: str) -> Iterable[Problem]:
    """C405 (rule 9): 类 = Σ its 款, 款 = Σ its 项, 合计 = Σ 类, in every column."""
    table = doc.table(key)
    if table is None:
        return
    tree = Tree.of(table)
    for column in layout()["列"][key]:
        for row in tree.coded:
            kids = tree.children(row)
            if kids:
                yield from sum_rule("C405", doc.place(key, row, column), f"“{row.name}”",
                                    row.get(column), [k.get(column) for k in kids])
        if tree.total is not None:
            yield from sum_rule("C405", doc.place(key, tree.total, column), "合计", tree.total.get(column),
                                [r.get(column) for r in tree.level(3)])


def across(doc: Printed, key: str, total: str, parts: Sequence[str], code: str = "C404") -> Iterable[Problem]:
    """C404 (rules 6, 7, 8, 17): in each row, a total column = Σ its part columns."""
    table = doc.table(key)
    for row in table.rows if table is not None else ():
        if any(k in row.figures for k in (total, *parts)):
            yield from sum_rule(code, doc.place(key, row, total), f"“{row.name}”一行的{total}",
                                row.get(total), [row.get(p) for p in parts])
