"""The budget lines a document could be made of: every code it prints, crossed with nature, source and unit type.

Codes and names come from the printed rows (类/款/项 in columns of their own); the cost of each candidate,
which the solver minimises, comes from templates/importing/配对.csv (which economic code goes with which
function code), so the lines chosen are the plausible ones among all that reproduce the tables.
"""

from __future__ import annotations

import csv
import fnmatch
import functools
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from ..catalogs import source_groups
from ..model import BASIC, PROJECT, UNIT_TYPES, Catalog, Line, Project
from ..problems import Place
from ..shipped import templates_root
from .recognise import Recognised, code_columns, norm, number

_CLASS = re.compile(r"^\d{3}$")
_PART = re.compile(r"^\d{1,2}$")
RUNNING = ("302", "310")
"""Economic classes whose basic lines count as 机关运行经费 for 行政 and 参公 units only."""


@dataclass(frozen=True)
class Candidates:
    lines: tuple[Line, ...]
    costs: tuple[float, ...]
    projects: tuple[Project, ...]
    catalog: Catalog
    extra_codes: dict[str, str]
    """Codes the document prints that the year's catalog lacks, with the printed names (补充科目)."""


def printed_codes(rec: Recognised) -> dict[str, str]:
    """Every function 项 (7 digits) and economic 款 (5 digits) code printed in a code column, with its name."""
    codes: dict[str, str] = {}
    for table in rec.tables:
        for row in table.rows:
            cells = [norm(c) for c in row]
            for i in range(len(cells) - 2):
                code = _code(cells, i)
                if code:
                    codes.setdefault(code, next((c for c in cells[i + 1:] if c and not c.isdigit()), ""))
    return codes


def printed_parents(rec: Recognised) -> dict[str, str]:
    """The 类 and 款 codes printed as rows of their own in a table's code columns, with their names (a new 项 may
    come under a new 款, which the spec must name too)."""
    found: dict[str, str] = {}
    for table in rec.tables:
        columns = code_columns(table.layout)
        for row in table.rows if columns else ():
            parts = [norm(row[c]) for c in columns]
            if not _CLASS.match(parts[0]) or parts[-1] or not all(p.isdigit() for p in parts if p):
                continue
            code = parts[0] + "".join(p.zfill(2) for p in parts[1:] if p)
            found.setdefault(code, next((norm(c) for c in row[columns[-1] + 1:] if norm(c) and number(c) is None), ""))
    return found


def _code(cells: list[str], i: int) -> str | None:
    if not _CLASS.match(cells[i]) or not _PART.match(cells[i + 1]):
        return None
    kuan = cells[i + 1].zfill(2)  # a spreadsheet may print 款 05 as 5
    if kuan == "00":  # no 款 is 00: amounts (a 211 then 0, 0 in a 三公 table), not a code
        return None
    if cells[i][0] == "2":
        xiang = cells[i + 2].zfill(2)
        return cells[i] + kuan + xiang if _PART.match(cells[i + 2]) and xiang != "00" else None
    return cells[i] + kuan if cells[i][0] in "35" else None


def candidates(rec: Recognised, catalog: Catalog) -> Candidates:
    """All candidate lines with their costs; one project per function 项 that has project spending."""
    codes = printed_codes(rec)
    printed = printed_parents(rec) | codes
    extra = {c: n for c, n in printed.items() if c not in catalog.functions and c not in catalog.economics}
    catalog = with_codes(catalog, extra)
    own = rec.format.settings.get("项目类别")
    catalog = replace(catalog, categories=tuple(own)) if own else catalog
    functions = sorted(c for c in codes if len(c) == 7)
    economics = sorted({c for c in codes if len(c) == 5} | named_economics(rec) | _class_defaults(rec, catalog))
    projects = tuple(Project(project_name(catalog, f), catalog.categories[0], "单位", (), {}, Place("导入"))
                     for f in functions)
    sources = _told_apart(rec, catalog)
    lines, costs = [], []
    coarse = named_economics(rec) | _class_defaults(rec, catalog)
    for line in _lines(functions, economics, replace(catalog, source_groups=sources), itemising(rec), coarse):
        cost = pair_cost(line.nature, line.economic, line.function)
        lines.append(line)
        costs.append(cost + 0.01 * _source_rank(line.source) + (0.3 if line.unit_type != UNIT_TYPES[0] else 0)
                     + _tie_break(line))
    return Candidates(tuple(lines), tuple(costs), projects, catalog, extra)


def _tie_break(line: Line) -> float:
    """A tiny fixed cost per line, so that of equally likely line sets one is chosen, the same on every import."""
    key = f"{line.nature}|{line.function}|{line.economic}|{line.source}|{line.unit_type}"
    return (zlib.crc32(key.encode()) % 1000) * 1e-5


def project_name(catalog: Catalog, function: str) -> str:
    """The name a project gets when the document does not name it: its function 项's."""
    return f"{catalog.functions.get(function, function)}项目（{function}）"


def _lines(functions: list[str], economics: list[str], catalog: Catalog, itemised: list[dict],
           coarse: set[str]) -> Iterable[Line]:
    """Every combination; economic codes in full only where a table lists them one by one (else the codes the
    format's filters name and one code a class: the rest could not be told apart)."""
    base = Line("单位", None, None, "", "", "", "", "", Decimal(0), Place("导入"))
    project = replace(base, project="", category=catalog.categories[0])
    for source, group in catalog.source_groups.items():
        for kind in (base, project):
            sample = replace(kind, source=source, source_group=group)
            listed = any(sample.matches(where) for where in itemised)
            for function in functions:
                name = project_name(catalog, function) if kind.project is not None else None
                for economic in (economics if listed else [e for e in economics if e in coarse]):
                    line = replace(sample, project=name, function=function, economic=economic)
                    yield line
                    if name is None and economic[:3] in RUNNING:
                        yield replace(line, unit_type=UNIT_TYPES[-1])


def itemising(rec: Recognised) -> list[dict]:
    """The table-level filters of the tables that list economic codes one by one (an economic_tree block)."""
    found = []
    for table in rec.tables:
        if any("economic_tree" in item for item in layout_dicts(table.layout.get("body", []))):
            found.append({k: (tuple(v) if isinstance(v, list) else v) for k, v in table.layout.get("where", {}).items()
                          if k in ("性质", "资金来源", "资金大类")})
    return found


def _told_apart(rec: Recognised, catalog: Catalog) -> dict[str, str]:
    """One funding source of each set the format's tables cannot tell apart (every filter on 资金来源 or 资金大类
    takes all of them or none, like 其他收入 and 上年结余结转 in one column): the one a column is named after, else
    the first in 资金来源.csv."""
    filters = [(key, frozenset([value] if isinstance(value, str) else value))
               for item in layout_dicts([t.layout for t in rec.tables] + [rec.format.settings.get("figures", {})])
               for key in ("资金来源", "资金大类") if isinstance(value := item.get(key), (str, list))]
    keys = {item.get("key") for t in rec.tables for item in layout_dicts(t.layout)}
    kept: dict[tuple, str] = {}
    for source in sorted(catalog.source_groups, key=lambda s: (s not in keys, _source_rank(s))):
        group = catalog.source_groups[source]
        sign = tuple((source if key == "资金来源" else group) in values for key, values in filters)
        kept.setdefault(sign, source)
    return {source: catalog.source_groups[source] for source in kept.values()}


def layout_dicts(tree: object) -> Iterable[dict]:
    """Every mapping of a table layout, nested blocks and options included, in order."""
    if isinstance(tree, dict):
        yield tree
        for value in tree.values():
            yield from layout_dicts(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from layout_dicts(value)


def named_economics(rec: Recognised) -> set[str]:
    """Economic codes the format's figures name (三公: 30212, 30217, 31013, 30231) and the default project code."""
    found: set[str] = set()
    stack: list[object] = [rec.format.settings.get("figures", {})]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            code = item.get("经济科目")
            found |= {code} if isinstance(code, str) else set(code or ())
            stack += list(item.values())
    return found | {row[1] for row in _pairs() if row[0] == PROJECT and row[1].isdigit()}


def _class_defaults(rec: Recognised, catalog: Catalog) -> set[str]:
    """One code of each class the format splits basic spending into (“其他…”, xx99), for lines no table itemises."""
    found = set()
    for group in rec.format.settings.get("basic_classes", []):
        codes = sorted(c for c in catalog.economics if len(c) == 5 and c.startswith(group))
        found |= {f"{group}99" if f"{group}99" in codes else codes[0]} if codes else set()
    return found


def with_codes(catalog: Catalog, codes: dict[str, str]) -> Catalog:
    """The catalog with the printed codes it lacks: function codes begin with 2, economic ones with 3 or 5."""
    functions = dict(catalog.functions) | {c: n for c, n in codes.items() if c[0] == "2" and c not in catalog.functions}
    economics = dict(catalog.economics) | {c: n for c, n in codes.items() if c[0] in "35" and c not in catalog.economics}
    return replace(catalog, functions=functions, economics=economics)


def _source_rank(source: str) -> int:
    return list(_sources()).index(source) if source in _sources() else 99


@functools.cache
def _sources() -> tuple[str, ...]:
    return tuple(source_groups())


def fiscal_functions(lines: Iterable[Line]) -> list[str]:
    """The function codes with 财政拨款 (the 政府预算拨款 group): the 项 the text compares one by one."""
    return sorted({ln.function for ln in lines if ln.source_group == "政府预算拨款"})


@functools.cache
def _pairs() -> tuple[tuple[str, str, str, float], ...]:
    with open(templates_root() / "importing" / "配对.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))[1:]
    return tuple((r[0], r[1], r[2], float(r[3])) for r in rows if r)


@functools.cache
def pair_cost(nature: str, economic: str, function: str) -> float:
    """How unlikely a line is (templates/importing/配对.csv): the first matching row's cost."""
    for row_nature, econ, func, cost in _pairs():
        if row_nature == nature and fnmatch.fnmatch(economic, econ) and fnmatch.fnmatch(function, func):
            return cost
    return 10.0 if nature == BASIC else 5.0
