"""Rules on what the unit entered twice or must explain: performance tasks against projects and the budget,
procurement against spending, projects without lines, 绩效目标设置, income against spending, reasons for large
changes, and the classes basic spending falls in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from ..model import BASIC, Budget, Line, Task
from ..problems import Place, Problem
from ..reading.facts import dig
from ..text.figures import figures
from . import Review, check, figure_at


def _total(lines: Iterable[Line]) -> Decimal:
    return sum((ln.amount for ln in lines), Decimal(0))


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
