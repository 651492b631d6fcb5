"""Cross-table rules (勾稽关系) as plain functions in one registry, each returning findings.

Tables are built from one list of budget lines, so totals agree by construction; what can
still disagree is what a reader sees (figures rounded one by one: notes) and what the unit
typed twice (performance tasks, procurement: errors). Every rule compares printed figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ..model import Budget
from ..problems import Place, Problem
from ..reading.facts import dig
from ..tables.cells import Sheet
from ..text.figures import figures
from ..text.sentences import NumberStyle


@dataclass(frozen=True)
class Review:
    """What the rules read: the budget, its built tables, and how figures are printed."""

    budget: Budget
    sheets: tuple[Sheet, ...]
    divisor: Decimal
    decimals: int
    unit: str
    text_sums: Mapping[str, Any] = field(default_factory=dict)
    """The sums the format's text prints as a total and its parts (format.yaml `text_sums`)."""
    reasons: tuple[Mapping[str, str], ...] = ()
    """Changes the format's text compares with last year, and the fact that must explain a large one."""
    basic_classes: tuple[str, ...] = ()
    """Economic classes a format's tables split basic spending into (人员经费/公用经费); empty: any."""
    figures: Mapping[str, Any] = field(default_factory=dict)
    """The format's own text figures (format.yaml `figures`)."""
    asked: frozenset[str] | None = None
    """Every fact path the text asked for, when it was written: a reason the text never prints is not demanded."""
    agree: tuple[Sequence[Mapping[str, Any]], ...] = ()
    """Groups of cells, each {table, row, column}, that print the same lines and so the same figure (format.yaml `agree`)."""
    text: NumberStyle = NumberStyle()
    """How the text prints an amount in 万元 (版式 文字小数位 …): the text's sums are checked as it prints them."""

    def printed(self, yuan: Decimal) -> Decimal:
        """An amount in yuan as the tables print it."""
        return (yuan / self.divisor).quantize(Decimal(1).scaleb(-self.decimals), ROUND_HALF_UP)

    def show(self, figure: Decimal, unit: str = "") -> str:
        """A figure with its unit: the format's, or `unit` for a table printed in another (a “三公” table in 万元 among tables in 元)."""
        return f"{figure:,}{unit or self.unit}"


Check = Callable[[Review], Iterable[Problem]]
CHECKS: list[Check] = []


def check(func: Check) -> Check:
    CHECKS.append(func)
    return func


def run_checks(review: Review) -> list[Problem]:
    """Every registered check's findings, with the spec's 已知差异 turned into warnings."""
    found = list(review.budget.notes) + [p for func in CHECKS for p in func(review)]
    return _apply_accepted(found, review.budget)


def _apply_accepted(found: list[Problem], budget: Budget) -> list[Problem]:
    result, used = [], set()
    for problem in found:
        match = next((a for a in budget.accepted if (a.code, a.path) == (problem.code, problem.place.path)), None)
        if match is None:
            result.append(problem)
            continue
        used.add(match)
        result.append(Problem(problem.code, problem.place, f"{problem.message}（已知差异：{match.reason}）", "warning"))
    result += [Problem("C399", a.place, f"已知差异 {a.code}（{a.path}）没有出现，可删去此条", "warning")
               for a in budget.accepted if a not in used and a.code != PUBLISHED and a.place.file == budget.file]
    result += [Problem("N397", a.place, f"公开文本在 {a.path} 与此不同：{a.reason}", "note")
               for a in budget.accepted if a.code == PUBLISHED]
    return result


ZERO = Decimal(0)

PUBLISHED = "公开文本"
"""The 规则 of an 已知差异 that records where a published document contradicts itself and which side we print."""


@check
def rounding_tails(review: Review) -> Iterable[Problem]:
    """C301 note: a printed total that misses the sum of its printed parts (尾数误差), once per distinct case."""
    seen: set[tuple] = set()
    for sheet in review.sheets:
        shown = shown_figures(review, sheet) if sheet.sums else {}
        for (r, c), parts in sheet.sums:
            total = shown.get((r, c), ZERO)
            terms = [(sign, shown.get((pr, pc), ZERO)) for sign, pr, pc in parts]
            added = sum((sign * value for sign, value in terms), ZERO)
            key = (tuple(terms), total)
            if added == total or key in seen:
                continue
            seen.add(key)
            yield Problem("C301", Place(review.budget.file, None, f"{sheet.name}!{xl_rowcol_to_cell(r, c)}"),
                          f"尾数误差：{_label(sheet, r, c)}印为 {review.show(total, sheet.unit)}，各项印出的数相加为 "
                          f"{_sum_text(review, terms, added, sheet.unit)}；各数由元分别取整所致，不影响元级合计", "note")


def shown_figures(review: Review, sheet: Sheet) -> dict[tuple[int, int], Decimal]:
    """Each amount of a sheet as printed, worked out once a sheet: rounded to the decimals its own number format
    shows (版式 表格小数位: 0 prints whole yuan in a format of fen), else the format's."""
    return {at: cell.value.quantize(Decimal(1).scaleb(-_decimals(cell.num_format, review.decimals)), ROUND_HALF_UP)
            for at, cell in sheet.cells.items() if isinstance(cell.value, Decimal)}


def _decimals(num_format: str | None, default: int) -> int:
    """The decimals a number format like '#,##0.00;-#,##0.00;;@' prints ('General': to the fen)."""
    if num_format is None:
        return default
    pattern = num_format.split(";")[0]
    found = re.search(r"\.(0+)", pattern)
    return len(found.group(1)) if found else 2 if pattern in ("General", "") else 0


def _label(sheet: Sheet, r: int, c: int) -> str:
    texts = [sheet.cells[(r, col)].value for col in range(c) if (r, col) in sheet.cells]
    row = " ".join(t.strip() for t in texts if isinstance(t, str) and t.strip())
    return f"{sheet.name}“{row}”一行" if row else f"{sheet.name} {xl_rowcol_to_cell(r, c)}"


def _sum_text(review: Review, terms: list[tuple[int, Decimal]], added: Decimal, unit: str = "") -> str:
    if len(terms) > 4:
        return review.show(added, unit)
    text = "".join(f"{' - ' if sign < 0 else ' + '}{value:,}" for sign, value in terms).lstrip(" +")
    return f"{text} = {review.show(added, unit)}"


@check
def narrative_tails(review: Review) -> Iterable[Problem]:
    """C302 note: a sentence of the text whose printed parts miss its printed total (C303 error if the parts are not the whole)."""
    f = figures(review.budget, review.figures)
    sentences = [(s["part"], s["what"], figure_at(f, s["total"]), [figure_at(f, k) for k in s["parts"]])
                 for s in review.text_sums.get("sentences", [])]
    if review.text_sums.get("project_subitems"):
        sentences += [(review.text_sums["project_subitems"], f"项目“{p['名称']}”", p["金额"],
                       [s["金额"] for s in p["二级项目"]]) for p in f["项目"] if p["二级项目"]]
    for part, what, total, parts in sentences:
        place = Place(review.budget.file, None, f"文字部分·{part}")
        text = review.text
        if sum(parts, Decimal(0)) != total:
            yield Problem("C303", place, f"{what}的分项之和 {text.money(sum(parts, Decimal(0)))}万元 "
                          f"与总数 {text.money(total)}万元 不符（文字部分逐项列出的数应覆盖全部）")
            continue
        printed = [text.rounded(x) for x in parts]
        if sum(printed, Decimal(0)) != text.rounded(total):
            added = " + ".join(text.shown(x) for x in printed) if len(printed) <= 4 else ""
            yield Problem("C302", place, f"尾数误差：{what}印为 {text.money(total)}万元，分项印出的数相加为 "
                          f"{added + ' = ' if added else ''}{text.shown(sum(printed, Decimal(0)))}万元；各数由元分别取整所致", "note")


def figure_at(f: dict, dotted: str) -> Decimal:
    """A text figure by its dotted path (上年.财政拨款收入, 三公.公务接待费); 0 where there is none."""
    found = dig(f, dotted)
    return found if isinstance(found, Decimal) else Decimal(0)


from . import entries, juesuan, juesuan_style, layout  # noqa: E402,F401 - the rules on what the unit entered, the 决算 rules (none for a 预算) and the table-layout rules register after those above
from .layout import agreed_cell  # noqa: E402

__all__ = ["CHECKS", "PUBLISHED", "Review", "agreed_cell", "check", "figure_at", "layout", "run_checks"]
