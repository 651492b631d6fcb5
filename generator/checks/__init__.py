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

from ..model import BASIC, Budget, Line, Task
from ..problems import Place, Problem
from ..reading.facts import dig
from ..tables.cells import Sheet
from ..text.narrative import figures
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


def _total(lines: Iterable[Line]) -> Decimal:
    return sum((ln.amount for ln in lines), Decimal(0))


@check
def rounding_tails(review: Review) -> Iterable[Problem]:
    """C301 note: a printed total that misses the sum of its printed parts (尾数误差), once per distinct case."""
    seen: set[tuple] = set()
    for sheet in review.sheets:
        shown = _figures(review, sheet) if sheet.sums else {}
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


def _figures(review: Review, sheet: Sheet) -> dict[tuple[int, int], Decimal]:
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


@check
def tasks_match_projects(review: Review) -> Iterable[Problem]:
    """C310 error: a performance task named after a project (or 基本支出) prints another amount than it."""
    budget = review.budget
    for unit in budget.units:
        own = [ln for ln in budget.lines if ln.unit == unit.name]
        for task in unit.performance.tasks:
            covered = _covered(task, own, budget)
            if covered is None:
                continue
            what, lines = covered
            theirs, ours = review.printed(_total(lines)), review.printed(task.fiscal + task.other)
            if ours != theirs:
                yield Problem("C310", task.place, f"绩效目标任务“{task.name}”为 {review.show(ours)}，"
                              f"而{what}为 {review.show(theirs)}")


def _covered(task: Task, lines: list[Line], budget: Budget) -> tuple[str, list[Line]] | None:
    if task.name == BASIC:
        return "基本支出合计", [ln for ln in lines if ln.project is None]
    for project in budget.projects:
        if task.name in (project.name, project.facts.get("文字名称")):
            return f"项目“{project.name}”", [ln for ln in lines if ln.project == project.name]
    return None


@check
def tasks_add_up_to_the_budget(review: Review) -> Iterable[Problem]:
    """C311 error: the tasks' 财政拨款 and 其他资金 do not print as the budget's appropriations and other money."""
    budget = review.budget
    for unit in budget.units:
        tasks = unit.performance.tasks
        if not tasks:
            continue
        own = [ln for ln in budget.lines if ln.unit == unit.name]
        fiscal = _total(ln for ln in own if ln.source_group == "政府预算拨款")
        pairs = (("财政拨款", sum((t.fiscal for t in tasks), Decimal(0)), fiscal),
                 ("其他资金", sum((t.other for t in tasks), Decimal(0)), _total(own) - fiscal))
        for what, ours, theirs in pairs:
            if review.printed(ours) != review.printed(theirs):
                yield Problem("C311", tasks[0].place, f"“{unit.name}”绩效目标各任务的{what}合计 {review.show(review.printed(ours))}，"
                              f"而预算中为 {review.show(review.printed(theirs))}")


@check
def procurement_within_spending(review: Review) -> Iterable[Problem]:
    """C320 error: procurement above the spending of its unit and function code, or its parts above it."""
    budget = review.budget
    for p in budget.purchases:
        spending = _total(ln for ln in budget.lines if (ln.unit, ln.function) == (p.unit, p.function))
        if p.amount > spending:
            yield Problem("C320", p.place, f"政府采购 {review.show(review.printed(p.amount))} 超过该功能科目 {p.function} "
                          f"的支出 {review.show(review.printed(spending))}")
        if p.sme > p.amount or p.micro > p.sme:
            yield Problem("C321", p.place, "面向中小企业的金额不能超过采购金额，面向小型微型企业的金额不能超过面向中小企业的金额")


@check
def projects_have_lines(review: Review) -> Iterable[Problem]:
    """C330 note: a project or sub-project with no budget line prints as 0."""
    used = {ln.project for ln in review.budget.lines} | {ln.subitem for ln in review.budget.lines}
    for project in review.budget.projects:
        for name, place in [(project.name, project.place)] + [(s.name, s.place) for s in project.subitems]:
            if name not in used:
                yield Problem("C330", place, f"“{name}”没有任何预算明细，表中为 0", "note")



@check
def goals_fit_the_projects(review: Review) -> Iterable[Problem]:
    """C312: 绩效目标设置 counts more projects than the spec defines (a warning: the budget system may count
    projects the spec does not list), or more money than they spend (an error)."""
    budget = review.budget
    goals = budget.facts.get("概况", {}).get("绩效目标设置")
    if not isinstance(goals, Mapping):
        return
    count, money, spent = _number(goals.get("项目数")), _number(goals.get("项目资金")), _total(
        ln for ln in budget.lines if ln.project is not None)
    where = {key: budget.places.get(f"概况.绩效目标设置.{key}", Place(budget.file)) for key in ("项目数", "项目资金")}
    defined = len(budget.projects) + sum(len(p.subitems) for p in budget.projects)
    if count is not None and count > defined:
        yield Problem("C312", where["项目数"], f"绩效目标设置的项目数为 {count} 个，而规格中的一级、二级项目共 {defined} 个："
                      "请核对项目数（预算系统中编报绩效目标的项目常多于规格列出的项目，核对无误可写入“已知差异”）", "warning")
    if money is not None and review.printed(money) > review.printed(spent):
        yield Problem("C312", where["项目资金"], f"绩效目标设置的项目资金 {review.show(review.printed(money))} 超过"
                      f"项目支出合计 {review.show(review.printed(spent))}")


def _number(value: object) -> Decimal | None:
    """A count or amount the spec wrote in its facts; None when it is not a number (E241 names that)."""
    try:
        return Decimal(str(value).replace(",", "")) if value is not None else None
    except ArithmeticError:
        return None


@check
def income_equals_spending(review: Review) -> Iterable[Problem]:
    """C340 error: 收入总计 must equal 支出总计; money carried into next year needs a source of income too."""
    budget = review.budget
    income = _total(budget.lines)
    spending = income + budget.carry_forward
    if review.printed(income) != review.printed(spending):
        place = budget.places.get("结转下年", Place(budget.file))
        yield Problem("C340", place, f"收入总计 {review.show(review.printed(income))} 与支出总计 "
                      f"{review.show(review.printed(spending))} 不等：结转下年的资金也须列在预算明细的收入来源中")


CHANGE_NEEDING_REASON = Decimal("0.1")


@check
def large_changes_have_reasons(review: Review) -> Iterable[Problem]:
    """C351 error: a change against last year of 10% or more (or from nothing) that the text prints without a reason."""
    f, facts = figures(review.budget, review.figures), {"概况": review.budget.facts.get("概况", {})}
    for item in _each_reason(review.reasons, f):
        now, before = figure_at(f, item["now"]), figure_at(f, item["before"])
        if now == before or (before and abs(now - before) < abs(before) * CHANGE_NEEDING_REASON):
            continue
        if review.asked is not None and item["reason"] not in review.asked:
            continue  # a comparison the text does not print (版式.执行数比较 false, an item left out of the list)
        if not str(dig(facts, item["reason"]) or "").strip():
            share = f"{abs(now - before) * 100 / before:.0f}%" if before else "（上年为 0）"
            place = review.budget.places.get("概况", Place(review.budget.file))
            yield Problem("C351", place, f"{item['label']}比上年{'增加' if now > before else '减少'}{share}，"
                          f"须在“{item['reason']}”中写明原因")


def _each_reason(reasons: Iterable[Mapping[str, str]], f: dict) -> Iterable[Mapping[str, str]]:
    """The format's compared figures; an `each` entry stands for one per entry of a list of figures
    (财政拨款功能项: each function 项 against its 上年执行数), its paths filled with the entry's fields."""
    for item in reasons:
        if "each" not in item:
            yield item
            continue
        for index, entry in enumerate(f.get(item["each"], [])):
            fields = {k: v for k, v in entry.items() if isinstance(v, str)}
            yield {"label": item["label"].format(**fields), "now": f"{item['each']}.{index}.{item['now']}",
                   "before": item["before"].format(**fields), "reason": item["reason"].format(**fields)}


@check
def basic_spending_is_classified(review: Review) -> Iterable[Problem]:
    """C304 error: a basic line whose economic class the format's 人员经费/公用经费 columns do not cover."""
    if not review.basic_classes:
        return
    for line in review.budget.lines:
        if line.project is None and line.economic[:3] not in review.basic_classes:
            yield Problem("C304", line.place, f"基本支出的经济科目 {line.economic} 不属于 {'、'.join(review.basic_classes)} 类，"
                          "表中的人员经费、公用经费不包括它")


from . import juesuan, juesuan_style, layout  # noqa: E402,F401 - the 决算 rules (none for a 预算) and the table-layout rules register after those above
from .layout import agreed_cell  # noqa: E402

__all__ = ["CHECKS", "PUBLISHED", "Review", "agreed_cell", "check", "figure_at", "layout", "run_checks"]
