"""A published 部门决算 imported into a 决算 spec: the same flow as the 预算's, over the 决算 format's nine tables.

The unknowns are the 决算's three data sheets: its lines (性质 × 功能科目 项 × 经济科目 × 资金来源, 决算数), its income
by function and type (收入明细) and its 结转和结余 by fund (年初 and 年末). Every printed cell is an equation over them,
read from the format's own layouts (equations.py), solved in cents by HiGHS (solve.py): a contradiction of the
document breaks the fewest cents and is named (I602).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from ..catalogs import source_groups
from ..juesuan_model import FISCAL, SURPLUS_USE
from ..model import BASIC, NATURES, Balance, Budget, Catalog, Income, Line, Performance, Unit
from ..problems import Place
from ..reading.shape import THREE_PUBLIC_KEYS
from .candidates import itemising, named_economics, pair_cost, with_codes
from .equations import Equation, Variable, equations
from .recognise import Recognised, norm, number, table_codes
from .solve import solve

LINE_VALUE, INCOME_VALUE = "决算数（元）", "金额（元）"
OPENING, CLOSING = "年初结转和结余（元）", "年末结转和结余（元）"


@dataclass(frozen=True)
class FinalCandidates:
    """What a 决算 could be made of: candidate lines, incomes and balances, and the solver's unknowns over them."""

    lines: tuple[Line, ...]
    incomes: tuple[Income, ...]
    balances: tuple[Balance, ...]
    variables: tuple[Variable, ...]
    costs: tuple[float, ...]
    groups: tuple[tuple, ...]
    catalog: Catalog
    extra_codes: dict[str, str]


def printed_codes(rec: Recognised) -> dict[str, str]:
    """Every code the tables print, with its name."""
    found: dict[str, str] = {}
    for table in rec.tables:
        found = table_codes(table.rows) | found
    return found


def final_candidates(rec: Recognised, catalog: Catalog) -> FinalCandidates:
    """Every line, income and balance the printed codes allow, each amount one unknown (a balance two)."""
    codes = printed_codes(rec)
    extra = {c: n for c, n in codes.items() if c not in catalog.functions and c not in catalog.economics}
    sources = source_groups(rec.format.settings.get("source_catalog", "资金来源.csv"))
    catalog = replace(with_codes(catalog, extra), source_groups=sources)
    functions = sorted(c for c in codes if len(c) == 7 and c[0] == "2")
    economics = sorted(c for c in codes if len(c) == 5 and c[0] == "3")
    coarse = sorted(named_economics(rec))
    lines = _lines(rec, catalog, functions, economics, coarse)
    kinds = [s for s in sources if s != SURPLUS_USE]
    incomes = tuple(Income("单位", f, k, sources[k], Decimal(0), Place("导入")) for f in functions for k in kinds)
    balances = tuple(Balance("单位", f, s, g, Decimal(0), Decimal(0), Place("导入"))
                     for s, g in sources.items() if s != SURPLUS_USE for f in (functions if g == FISCAL else [""]))
    variables = [("明细", i, LINE_VALUE) for i in range(len(lines))]
    variables += [("收入", i, INCOME_VALUE) for i in range(len(incomes))]
    variables += [("结转", i, v) for i in range(len(balances)) for v in (OPENING, CLOSING)]
    rank = {s: n for n, s in enumerate(sources)}
    costs = [_line_cost(ln, rank) for ln in lines] + [1 + 0.01 * rank[i.kind] + _tie(i.function, i.kind)
                                                       for i in incomes]
    costs += [1 + 0.01 * rank[b.source] + _tie(b.function, b.source) for b in balances for _ in (OPENING, CLOSING)]
    groups = [("明细", ln.nature, ln.function, ln.source) for ln in lines]
    groups += [("收入", i.function, i.kind) for i in incomes]
    groups += [("结转", n, v) for n in range(len(balances)) for v in (OPENING, CLOSING)]
    return FinalCandidates(lines, incomes, balances, tuple(variables), tuple(costs), tuple(groups), catalog, extra)


def _lines(rec: Recognised, catalog: Catalog, functions: list[str], economics: list[str],
           coarse: list[str]) -> tuple[Line, ...]:
    """性质 × source × 功能 × 经济: economic codes one by one only where a table itemises them (T6), else the codes
    the format's figures name (三公) and the usual project code: the rest could not be told apart."""
    itemised = itemising(rec)
    found = []
    for nature in NATURES:
        for source, group in catalog.source_groups.items():
            sample = Line("单位", None, None, nature, "", "", source, group, Decimal(0), Place("导入"),
                          given_nature=nature)
            listed = any(sample.matches(where) for where in itemised)
            for function in functions:
                found += [replace(sample, function=function, economic=e) for e in (economics if listed else coarse)]
    return tuple(found)


def _line_cost(line: Line, rank: dict[str, int]) -> float:
    nature = line.nature if line.nature == BASIC else "项目支出"
    return pair_cost(nature, line.economic, line.function) + 0.01 * rank[line.source] + _tie(
        line.nature, line.function, line.economic, line.source)


def _tie(*parts: str) -> float:
    """A tiny fixed cost, so that of equally likely sets one is chosen, the same on every import."""
    return (zlib.crc32("|".join(parts).encode()) % 1000) * 1e-5


def probe(rec: Recognised, cands: FinalCandidates, given: Mapping[str, Decimal] | None = None) -> Budget:
    """A 决算 holding every candidate, so the format's layouts show every row they could print, and the figures the
    tables print that no line sums (`given`, yuan: 使用非财政拨款结余, 结余分配), which the totals add in."""
    given = given or {}
    unit = Unit("单位", {}, Performance((), "", ()), Place("导入"))
    return Budget(file="导入", format=rec.format.name, year=rec.year, title_name="单位", department="单位",
                  units=(unit,), lines=cands.lines, projects=(), purchases=(), catalog=cands.catalog,
                  facts={"三公经费预算数": dict.fromkeys(THREE_PUBLIC_KEYS, Decimal(0)), "单位构成": [], "情况说明": {}},
                  kind="department", document="决算", incomes=cands.incomes, balances=cands.balances,
                  surplus_used=given.get(SURPLUS_USE, Decimal(0)), surplus_distributed=given.get("结余分配", Decimal(0)))


@dataclass(frozen=True)
class Solved:
    """The 决算 the tables give: lines, incomes and balances with amounts (yuan), whether the tables fix each, and the
    printed cells the document contradicts itself in."""

    lines: tuple[tuple[Line, bool], ...]
    incomes: tuple[tuple[Income, bool], ...]
    balances: tuple[tuple[Balance, bool], ...]
    broken: tuple
    catalog: Catalog
    extra_codes: dict[str, str]


def solved(rec: Recognised, place: Place, catalog: Catalog, given: Mapping[str, Decimal] | None = None,
           told: Sequence[Equation] = ()) -> Solved:
    """The lines, incomes and balances that reproduce every printed cell (or break the fewest cents: I602), each fund
    rolling forward (`given`: the tables' 使用非财政拨款结余 and 结余分配, yuan, for the non-财政拨款 funds)."""
    given = given or {}
    net = given.get("结余分配", Decimal(0)) - given.get(SURPLUS_USE, Decimal(0))
    cands = final_candidates(rec, catalog)
    eqs, _ = equations(rec, probe(rec, cands, given), cands.variables)
    eqs = [e for e in eqs if e.terms]  # a figure no line sums (T7's 预算数, 使用非财政拨款结余) is a fact, read apart
    eqs += identities(cands, int(net * 100)) + [_over(e, cands) for e in told]
    solution = solve(eqs, cands.costs, place, cands.groups)
    lines, incomes, balances = [], [], {}
    for i, cents in sorted(solution.amounts.items()):
        role, n, value = cands.variables[i]
        amount, sure = Decimal(cents) / 100, i in solution.determined
        if role == "明细":
            lines.append((replace(cands.lines[n], amount=amount), sure))
        elif role == "收入":
            incomes.append((replace(cands.incomes[n], amount=amount), sure))
        else:
            base, was = balances.get(n, (cands.balances[n], True))
            balances[n] = (replace(base, **{"opening" if value == OPENING else "closing": amount}), was and sure)
    own = _non_fiscal([i for i, _ in incomes], cands.catalog)
    order = {n: k for k, n in enumerate(NATURES)}
    lines.sort(key=lambda t: (order[t[0].nature], t[0].function, t[0].economic, t[0].source))
    return Solved(tuple((_relabel(ln, own), s) for ln, s in lines), tuple(incomes),
                  tuple((_relabel(b, own), s) for b, s in balances.values()), solution.broken, cands.catalog,
                  cands.extra_codes)


def _non_fiscal(incomes: list[Income], catalog: Catalog) -> str | None:
    """The non-财政拨款 income kind with most income: the tables cannot tell one non-财政拨款 fund's spending or
    balance from another's, so they are written under the fund the unit has."""
    totals: dict[str, Decimal] = {}
    for income in incomes:
        if catalog.source_groups.get(income.kind) != FISCAL:
            totals[income.kind] = totals.get(income.kind, Decimal(0)) + income.amount
    return max(totals, key=lambda k: (totals[k], k)) if totals else None


def _relabel(item, own: str | None):
    if own is None or item.source_group == FISCAL or item.source == own:
        return item
    return replace(item, source=own)


def identities(cands: FinalCandidates, net: int) -> list[Equation]:
    """Each fund rolls forward (fact sheet §7 rules 14, 17, 26): 年初 + 收入 = 支出 + 年末, for each 财政拨款 fund by
    function 项, and for the non-财政拨款 funds together (less 使用非财政拨款结余, plus 结余分配: `net`, cents)."""
    sums: dict[tuple[str, str], dict[int, int]] = {}
    for n, (role, i, value) in enumerate(cands.variables):
        item = {"明细": cands.lines, "收入": cands.incomes, "结转": cands.balances}[role][i]
        group = getattr(item, "source_group", None) or getattr(item, "kind_group", "")
        fund = getattr(item, "source", None) or getattr(item, "kind", "")
        key = (fund, item.function) if group == FISCAL else ("非财政拨款", "")
        sign = -1 if role == "明细" or value == CLOSING else 1
        sums.setdefault(key, {})[n] = sign
    return [Equation("结转结余", 0, f"{fund} {function}：年初结转和结余 + 收入 = 支出 + 年末结转和结余".replace("  ", " "),
                     tuple(sorted(terms.items())), net if fund == "非财政拨款" else 0,
                     net if fund == "非财政拨款" else 0, "") for (fund, function), terms in sorted(sums.items())]


def listed(rec: Recognised, rules: Mapping, text: str) -> list[Equation]:
    """What the text's lists of 款 with an amount say of the itemising table (import.yaml 逐款列出: 六's 主要包括): a
    款 it lists but prints as 0.00 holds at least a cent; one it does not list, printed as zero, holds none."""
    spec = rules.get("逐款列出")
    table = next((t for t in rec.tables if spec and t.layout["sheet"] == spec["表"]), None)
    if table is None:
        return []
    names = {norm(n) for pattern in spec["模式"] for m in re.finditer(pattern, text, re.S) for n in m.group("v").split("、")}
    if not names:
        return []
    where = {k: (tuple(v) if isinstance(v, list) else v) for k, v in table.layout.get("where", {}).items()}
    found = []
    for code, (name, printed) in _printed_amounts(table.rows).items():
        value = number(printed)
        if value is None and printed or value is not None and value[0] or len(code) != 5:
            continue
        if name in names and printed:  # printed 0.00, yet listed: under half a fen of 万元
            found.append((code, name, 1, 10**9))
        elif name not in names:
            found.append((code, name, 0, 0))
    return [Equation(table.layout["sheet"], 0, f"{code} {name}（文字{'列出' if lo else '未列出'}）", (), lo, hi, printed)
            for code, name, lo, hi in found] if where is not None else []


def _printed_amounts(rows) -> dict[str, tuple[str, str]]:
    """Each code a table prints, with its printed name and the first figure (or blank) after it."""
    found: dict[str, tuple[str, str]] = {}
    for row in rows:
        cells = [norm(c) for c in row]
        for i, cell in enumerate(cells):
            if cell.isdigit() and len(cell) in (3, 5) and cell[0] == "3" and (i == 0 or not cells[i - 1].isdigit()):
                j = i + 1
                code = cell
                if len(cell) == 3 and j < len(cells) and cells[j].isdigit() and len(cells[j]) <= 2:
                    code, j = cell + cells[j].zfill(2), j + 1
                name = cells[j] if j < len(cells) else ""
                found.setdefault(code, (name, cells[j + 1] if j + 1 < len(cells) else ""))
    return found


def _over(told: Equation, cands: FinalCandidates) -> Equation:
    """A constraint the text adds on an itemised code (`listed`), over the candidate lines of its table and code."""
    code = told.label.split()[0]
    terms = tuple((n, 1) for n, (role, i, _) in enumerate(cands.variables)
                  if role == "明细" and cands.lines[i].economic == code and cands.lines[i].nature == BASIC
                  and cands.lines[i].source == "一般公共预算财政拨款")
    return replace(told, terms=terms)
