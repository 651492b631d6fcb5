"""The budget as immutable typed records: what every table and sentence is derived from.

Amounts are exact `Decimal` yuan; they are divided and rounded only when printed. A 决算's income and balances
are in juesuan_model.py; the index `Budget.select` finds lines through is in field_index.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from .field_index import FieldIndex
from .juesuan_model import Balance, Income
from .problems import Place, Problem

WAN = Decimal(10000)
"""Yuan in one 万元: the text prints amounts in 万元, the lines hold yuan."""

BASIC = "基本支出"
PROJECT = "项目支出"
NATURES = (BASIC, PROJECT, "上缴上级支出", "经营支出", "对附属单位补助支出")
"""What a 决算 line spends on, as 支出决算表 has a column for each: the spec names it (a 预算 line's follows from its project)."""
DOCUMENTS = ("预算", "决算")
"""The document kinds: a format's `document` (预算 when it says none)."""
UNIT_TYPES = ("行政单位", "参公事业单位", "事业单位")
"""What kind of body a unit is: 机关运行经费 counts only 行政单位 and 参照公务员法管理的事业单位."""


@dataclass(frozen=True)
class Catalog:
    """Codes and official names: function and economic classification, funding sources."""

    functions: Mapping[str, str]
    economics: Mapping[str, str]
    source_groups: Mapping[str, str]
    categories: tuple[str, ...]
    label: str = "本年度科目目录"
    """How messages name this catalog: the year's own, or the nearest one used in its place."""

    def function_name(self, code: str) -> str:
        return self.functions[code]

    def printed(self, names: Sequence[PrintName], where: str) -> Catalog:
        """The catalog as `where` (a table's sheet name, or 文字) prints it: the spec's 科目名称 over the official
        names (itself when none applies, so a document without them builds exactly as before)."""
        chosen = [n for n in names if n.tables is None or where in n.tables]
        if not chosen:
            return self
        own = {kind: dict(getattr(self, kind)) for kind in ("functions", "economics")}
        for name in chosen:
            own[name.kind][name.code] = name.name
        return replace(self, **own)

    def economic_name(self, code: str) -> str:
        return self.economics[code]


@dataclass(frozen=True)
class PrintName:
    """A code's name as the publisher prints it (科目名称): in every table and the text, or in those listed."""

    kind: str
    """"functions" or "economics", as Catalog names its mappings."""
    code: str
    name: str
    tables: tuple[str, ...] | None
    """Sheet names (and 文字 for the text part) that print this name; None: all of them."""
    place: Place


@dataclass(frozen=True)
class SubItem:
    """A 二级项目: a part of a project with its own purpose."""

    name: str
    purpose: str
    place: Place


@dataclass(frozen=True)
class Project:
    """A 一级项目 with its category (one of its format's 项目类别) and its sub-items."""

    name: str
    category: str
    unit: str
    subitems: tuple[SubItem, ...]
    facts: Mapping[str, object]
    place: Place


@dataclass(frozen=True)
class Line:
    """One budget line: who spends, on what nature, function and economic code, from which source."""

    unit: str
    project: str | None
    subitem: str | None
    category: str
    function: str
    economic: str
    source: str
    source_group: str
    amount: Decimal
    place: Place
    unit_type: str = UNIT_TYPES[0]
    given_nature: str = ""
    """A 决算 line's 性质 as the spec gives it (one of NATURES); "" for a 预算 line, whose nature is its project's."""
    planned: Decimal = Decimal(0)
    """A 决算 line's 年初预算数 (yuan); `amount` is its 决算数, the figure every table prints."""
    adjusted: Decimal = Decimal(0)
    """A 决算 line's 全年预算数 (调整后预算, yuan): the basis of completion rates when there was no 年初预算."""
    _fields: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """The fields worked out once, as the line is made: every table, check and sentence filters the same
        lines again and again (a cached_property took a lock at each line's first read, over twice the work)."""
        object.__setattr__(self, "_fields", {
            "单位": self.unit,
            "性质": self.nature,
            "项目": self.project or "",
            "二级项目": self.subitem or "",
            "类别": self.category,
            "功能科目": self.function,
            "功能类": self.function[:3],
            "功能款": self.function[:5],
            "经济科目": self.economic,
            "经济类": self.economic[:3],
            "资金来源": self.source,
            "资金大类": self.source_group,
            "单位类型": self.unit_type,
        })

    @property
    def nature(self) -> str:
        return self.given_nature or (BASIC if self.project is None else PROJECT)

    def fields(self) -> dict[str, str]:
        """The values a table filters lines on, by the Chinese names layouts use."""
        return self._fields

    def matches(self, criteria: Mapping[str, str]) -> bool:
        """Whether every criterion (field name → value) holds for this line, as SUMIFS sees it."""
        fields = self.fields()
        return all(fields[k] in v if isinstance(v, (list, tuple)) else fields[k] == v for k, v in criteria.items())


@dataclass(frozen=True)
class Purchase:
    """Planned government procurement (政府采购) under a function code."""

    unit: str
    function: str
    kind: str
    amount: Decimal
    sme: Decimal
    micro: Decimal
    place: Place

    def fields(self) -> dict[str, str]:
        return {"单位": self.unit, "功能科目": self.function, "品目": self.kind}


@dataclass(frozen=True)
class Task:
    """A main task of the 整体支出绩效目标表, with amounts entered by the unit."""

    name: str
    content: str
    fiscal: Decimal
    other: Decimal
    place: Place


@dataclass(frozen=True)
class Indicator:
    """One row of the performance indicator table."""

    level1: str
    level2: str
    level3: str
    target: str


@dataclass(frozen=True)
class Performance:
    """The 整体支出绩效目标表: tasks, the year's overall goal, indicators."""

    tasks: tuple[Task, ...]
    goal: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Unit:
    """A 预算单位 and the facts that belong to it alone."""

    name: str
    three_public_last: Mapping[str, Decimal]
    performance: Performance
    place: Place
    unit_type: str = UNIT_TYPES[0]


@dataclass(frozen=True)
class Accepted:
    """A finding the unit knows of and publishes anyway (已知差异): rule code, spec path, reason."""

    code: str
    path: str
    reason: str
    place: Place


@dataclass(frozen=True)
class Budget:
    """A document's budget: its units, lines, projects and the facts the text needs."""

    file: str
    format: str
    year: int
    title_name: str
    department: str
    units: tuple[Unit, ...]
    lines: tuple[Line, ...]
    projects: tuple[Project, ...]
    purchases: tuple[Purchase, ...]
    catalog: Catalog
    carry_forward: Decimal = Decimal(0)
    facts: Mapping[str, object] = field(default_factory=dict)
    places: Mapping[str, Place] = field(default_factory=dict)
    accepted: tuple[Accepted, ...] = ()
    notes: tuple[Problem, ...] = ()
    """Findings made while reading (codes the spec names itself), reported with the checks."""
    kind: str = "unit"
    """"department" for a document built from its units' specs, else "unit": formats word the two differently."""
    house: Mapping[str, object] = field(default_factory=dict)
    """The spec's 版式: the publisher's house style, over the format's defaults."""
    wording: Mapping[str, object] = field(default_factory=dict)
    """The spec's 措辞: its own words for named sentences of the text, over the format's."""
    names: tuple[PrintName, ...] = ()
    """The spec's 科目名称: codes printed under another name than the catalog's."""
    document: str = DOCUMENTS[0]
    """"决算" for final accounts (its format says `document: 决算`), else "预算"."""
    incomes: tuple[Income, ...] = ()
    """A 决算's income by type and function code (收入明细)."""
    balances: tuple[Balance, ...] = ()
    """A 决算's 结转和结余 by fund and function code (结转结余)."""
    surplus_used: Decimal = Decimal(0)
    """A 决算's 使用非财政拨款结余 (yuan): the 总表's left side, beside 年初结转和结余."""
    surplus_distributed: Decimal = Decimal(0)
    """A 决算's 结余分配 (yuan): the 总表's right side, beside 年末结转和结余."""

    @property
    def unit_names(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units)

    def select(self, criteria: Mapping[str, object]) -> tuple[Line, ...]:
        """The lines for which `Line.matches(criteria)` holds, in order, found through an index of their fields:
        every table row, check and sentence asks again, and a scan of all lines each time was a tenth of a build."""
        if not criteria:
            return self.lines
        unknown = [key for key in criteria if self.lines and key not in self._line_index.by_field]
        if unknown:
            raise KeyError(unknown[0])  # as Line.matches: a field no line has is a template's mistake
        return tuple(self.lines[i] for i in sorted(self._line_index.rows(criteria)))

    @cached_property
    def _line_index(self) -> FieldIndex:
        return FieldIndex([line.fields() for line in self.lines])
