"""§7 rules 36–57 and 60 on what a 决算's text says (Said, filled by whoever reads the text: import from a PDF, a test
from the seed), against the printed tables and within itself. A figure the reader did not find is None and its rule
is skipped. Percentages may be off by 0.01 (publishers force shares to total 100.00): a warning; beyond, an error."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..problems import Place, Problem
from .printed import STEP, ZERO, Printed, amount, find, layout, sum_rule, value
from .printed_tables import Tree, table_problems

HUNDRED = Decimal(100)
FACT_SUMS = (  # rules 52, 56, 57: a total the text prints and its parts (facts the officer types, keys of 情况说明)
    ("C430", "政府采购", "合计", ("货物", "工程", "服务")),
    ("C431", "车辆", "合计", ("部级领导干部用车", "主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车",
                           "特种专业技术用车", "离退休干部用车", "其他用车")),
    ("C432", "绩效", "自评项目数", ("优", "良", "合格", "不合格")),
    ("C432", "绩效", "发现问题", ("已整改", "正在整改")),
)
NOT_ABOVE = (  # rules 53–55: (code, group, smaller parts, larger)
    ("C430", "政府采购", ("面向小微企业预留",), "面向中小企业预留"),
    ("C430", "政府采购", ("中小企业预留中标",), "面向中小企业预留"),
    ("C430", "政府采购", ("小微企业预留中标",), "面向小微企业预留"),
    ("C430", "政府采购", ("中小企业预留中标", "其他项目中小企业中标"), "合计"),
)


@dataclass(frozen=True)
class Share:
    """An entry of a listing sentence: its name, amount and percentage as printed."""

    name: str
    amount: Decimal | None = None
    share: Decimal | None = None


@dataclass(frozen=True)
class Change:
    """A comparison with last year as printed: the figure, the difference, its word (增加/减少/持平), the percent and
    whether a reason follows."""

    now: Decimal | None = None
    delta: Decimal | None = None
    word: str = ""
    percent: Decimal | None = None
    reason: str = ""


@dataclass(frozen=True)
class Item:
    """A budget-against-actual statement (五（三）'s total or an item, 八, 九): 年初 and 全年预算, 决算, the completion
    percent and the budget it was taken of (年初/全年), the word (大于/小于/持平) and the reason."""

    name: str = ""
    planned: Decimal | None = None
    adjusted: Decimal | None = None
    actual: Decimal | None = None
    completion: Decimal | None = None
    basis: str = "年初"
    word: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Said:
    """The figures the text prints, by section (一…十一); what was not read stays None or empty."""

    total: Change | None = None
    income_total: Decimal | None = None
    incomes: tuple[Share, ...] = ()
    spending_total: Decimal | None = None
    spendings: tuple[Share, ...] = ()
    fiscal_total: Change | None = None
    general: Change | None = None
    general_share: Decimal | None = None
    structure: tuple[Share, ...] = ()
    detail: Item | None = None
    items: tuple[Item, ...] = ()
    basic: Decimal | None = None
    people: Decimal | None = None
    public: Decimal | None = None
    people_names: tuple[str, ...] | None = None
    public_names: tuple[str, ...] | None = None
    office: Change | None = None
    facts: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    """政府采购, 车辆, 绩效: the counts and amounts of 十、十一 by the keys of FACT_SUMS."""
    none: frozenset[str] | None = None
    """Sections printed in their 无… form (七, 八, 九); None when not read."""


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * HUNDRED / whole).quantize(STEP, ROUND_HALF_UP)


def percent_rule(code: str, place: Place, what: str, printed: Decimal | None, part: Decimal, whole: Decimal) -> list[Problem]:
    """A printed percentage against part/whole of the printed figures: exact, a warning within 0.01, else an error;
    one of a zero whole is an error (C423: a completion of 0 is undefined)."""
    if printed is None:
        return []
    if whole == 0:
        return [Problem("C423", place, f"{what}印为 {printed}%，而作比的数为 0，无从计算")] if part else []
    right = _pct(part, whole)
    if printed == right:
        return []
    message = f"{what}印为 {printed}%，按印出的数 {amount(part)} ÷ {amount(whole)} 应为 {right}%"
    return [Problem(code, place, message + ("（相差 0.01，或为凑足 100% 所调）" if abs(printed - right) <= STEP else ""),
                    "warning" if abs(printed - right) <= STEP else "error")]


def _said(doc: Printed, section: str) -> Place:
    return Place(doc.file, None, f"文字部分·{section}")


def _equal(code: str, place: Place, what: str, said: Decimal | None, table: Decimal, where: str) -> list[Problem]:
    if said is None or said == table:
        return []
    return [Problem(code, place, f"{what}文字中为 {amount(said)}，而{where}印为 {amount(table)}")]


def text_problems(doc: Printed) -> list[Problem]:
    """Every text rule's findings on a printed document (none when its text was not read)."""
    said = doc.said
    if not isinstance(said, Said):
        return list(instructions(doc))
    return [p for func in (_totals, _structure, _detail, _basic, _changes, _facts, instructions) for p in func(doc, said)]


def _totals(doc: Printed, said: Said) -> Iterable[Problem]:
    """C420, C421 (rules 36–40): 一 = T1 总计; 二 and 三 items = T1 and T3 with their shares; 四 = T4 总计; 五（一）."""
    t1, t4, t5 = doc.table("T1"), doc.table("T4"), doc.table("T5")
    if t1 is not None:
        total = value(find(t1.side("收入"), "总计"), "决算数")
        yield from _equal("C420", _said(doc, "一"), "收入支出总计", said.total.now if said.total else None, total, "收支总表总计")
        income = value(find(t1.side("收入"), "本年收入合计"), "决算数")
        yield from _equal("C420", _said(doc, "二"), "本年收入合计", said.income_total, income, "收支总表")
        rows = {r.name.removesuffix("收入"): r.get("决算数") for r in t1.side("收入")}
        rows["财政拨款"] = sum((rows.get(f.removesuffix("收入"), ZERO) for f in layout()["收入"]["T1"][:3]), ZERO)
        for entry in said.incomes:
            yield from _equal("C420", _said(doc, "二"), entry.name, entry.amount, rows.get(entry.name.removesuffix("收入"), ZERO), "收支总表")
            yield from percent_rule("C421", _said(doc, "二"), f"{entry.name}占比", entry.share, entry.amount or ZERO, income)
    if (t3 := doc.table("T3")) is not None and (total3 := Tree.of(t3).total) is not None:
        whole = total3.get("本年支出合计")
        yield from _equal("C420", _said(doc, "三"), "本年支出合计", said.spending_total, whole, "支出决算表合计")
        for entry in said.spendings:
            yield from _equal("C420", _said(doc, "三"), entry.name, entry.amount, total3.get(entry.name), "支出决算表合计")
            yield from percent_rule("C421", _said(doc, "三"), f"{entry.name}占比", entry.share, entry.amount or ZERO, whole)
    if t4 is not None and said.fiscal_total is not None:
        yield from _equal("C420", _said(doc, "四"), "财政拨款收入支出总计", said.fiscal_total.now,
                          value(find(t4.side("收入"), "总计"), "决算数"), "财政拨款收支总表总计")
    if t5 is not None and t1 is not None and said.general is not None and (total5 := Tree.of(t5).total) is not None:
        yield from _equal("C420", _said(doc, "五（一）"), "一般公共预算财政拨款支出", said.general.now, total5.get("合计"),
                          "一般公共预算财政拨款支出决算表合计")
        spent = value(find(t1.side("支出"), "本年支出合计"), "决算数")
        yield from percent_rule("C421", _said(doc, "五（一）"), "占本年支出合计的比例", said.general_share, total5.get("合计"), spent)


def _structure(doc: Printed, said: Said) -> Iterable[Problem]:
    """C420–C422 (rule 41): 五（二） lists T5's 类 rows in order, each with its amount and share; shares total 100."""
    if (t5 := doc.table("T5")) is None or not said.structure:
        return
    tree, place = Tree.of(t5), _said(doc, "五（二）")
    classes, whole = tree.level(3), value(tree.total, "合计")
    names = [s.name.removesuffix("（类）") for s in said.structure]
    if names != [r.name for r in classes]:
        yield Problem("C424", place, f"逐类列出的为 {'、'.join(names)}，而表中的类为 {'、'.join(r.name for r in classes)}")
    for entry, row in zip(said.structure, classes, strict=False):
        yield from _equal("C420", place, f"{row.name}（类）", entry.amount, row.get("合计"), "一般公共预算财政拨款支出决算表")
        yield from percent_rule("C421", place, f"{row.name}（类）的占比", entry.share, row.get("合计"), whole)
    shares = [s.share for s in said.structure if s.share is not None]
    if shares and abs(sum(shares, ZERO) - HUNDRED) > 2 * STEP:
        yield Problem("C422", place, f"各类的占比相加为 {sum(shares, ZERO)}%，应为 100%")


def _detail(doc: Printed, said: Said) -> Iterable[Problem]:
    """C420, C421, C423–C425 (rules 42–44): 五（三）'s total and items against T5, completion %, words and reasons."""
    if (t5 := doc.table("T5")) is None:
        return
    tree, place = Tree.of(t5), _said(doc, "五（三）")
    if (total := said.detail) is not None:
        yield from _equal("C420", place, "支出决算", total.actual, value(tree.total, "合计"), "一般公共预算财政拨款支出决算表合计")
        basis = total.planned if total.basis == "年初" else total.adjusted
        yield from percent_rule("C421", place, f"完成{total.basis}预算的比例", total.completion, total.actual or ZERO, basis or ZERO)
        planned = [i.planned for i in said.items if i.planned is not None]
        if total.planned is not None and planned:
            yield from sum_rule("C420", place, "年初预算", total.planned, planned, "各项年初预算之和")
    items = tree.level(7)
    read = [i.actual for i in said.items]
    if said.items and None not in read and read != [r.get("合计") for r in items]:
        yield Problem("C424", place, f"逐项列出 {len(said.items)} 项，与表中 {len(items)} 个项级科目（及其决算数）不一一对应")
    for item in said.items:
        yield from _word(place, item)
        basis = item.planned if item.basis == "年初" else item.adjusted
        yield from percent_rule("C421", place, f"“{item.name}”完成{item.basis}预算的比例", item.completion,
                                item.actual or ZERO, basis or ZERO)


def _word(place: Place, item: Item) -> Iterable[Problem]:
    """C425 (rule 44): 大于/小于/持平 as 决算 against its budget; 持平 gives no reason, a difference gives one."""
    budget = item.planned if item.basis == "年初" else item.adjusted
    if item.actual is None or budget is None or not item.word:
        return
    right = "大于" if item.actual > budget else "小于" if item.actual < budget else "持平"
    if item.word != right:
        yield Problem("C425", place, f"“{item.name}”决算 {amount(item.actual)}、预算 {amount(budget)}，文字却写“{item.word}”（应为“{right}”）")
    elif right == "持平" and item.reason:
        yield Problem("C425", place, f"“{item.name}”决算与预算持平，不必写原因（写了“{item.reason[:20]}”）", "warning")


def _basic(doc: Printed, said: Said) -> Iterable[Problem]:
    """C420, C426 (rules 45, 46): 六's figures = T5 基本支出 and T6's totals; its lists = T6's non-empty 款 names."""
    t6, t5 = doc.table("T6"), doc.table("T5")
    if t6 is None:
        return
    place = _said(doc, "六")
    if t5 is not None:
        yield from _equal("C420", place, "基本支出", said.basic, value(Tree.of(t5).total, "基本支出"), "一般公共预算财政拨款支出决算表")
    for what, figure, names, classes in (("人员经费", said.people, said.people_names, layout()["T6"]["人员经费"]),
                                          ("公用经费", said.public, said.public_names, layout()["T6"]["公用经费"])):
        yield from _equal("C420", place, what, figure, value(find(t6.rows, f"{what}合计"), "决算数"), "基本支出决算表")
        if names is None:
            continue
        rows = [r for r in t6.rows if len(r.code) == 5 and r.code[:3] in classes]
        spent = {r.name for r in rows if r.get("决算数")}
        for name in names:
            row = next((r for r in rows if r.name == name), None)
            if row is None or not row.get("决算数"):
                shown = "空白" if row is None or row.figures.get("决算数") is None else "0.00"
                yield Problem("C426", place, f"{what}主要包括中列出“{name}”，而基本支出决算表中它印为{shown}",
                              "warning" if row is not None and row.figures.get("决算数") is not None else "error")
        for name in sorted(spent - set(names)):
            yield Problem("C426", place, f"基本支出决算表中“{name}”有数，{what}主要包括中却没有列出")


def _changes(doc: Printed, said: Said) -> Iterable[Problem]:
    """C425, C427, C428 (rules 48, 50, 51): each comparison with 2023: word by sign, 持平 without a reason, growth % of
    the year before (= now ∓ Δ; of a zero year a note), 机关运行经费 at most T6 公用经费合计."""
    for section, change in (("一", said.total), ("四", said.fiscal_total), ("五（一）", said.general), ("十一（一）", said.office)):
        if change is None or change.now is None:
            continue
        place = _said(doc, section)
        if change.word == "持平" and change.reason:
            yield Problem("C425", place, f"写“持平”却又写了原因（“{change.reason[:20]}”）", "warning")
        if change.delta is None or change.word not in ("增加", "减少"):
            continue
        before = change.now - change.delta if change.word == "增加" else change.now + change.delta
        if before == 0:
            yield Problem("C427", place, f"上年为 0，增长率无从计算（文字印为 {change.percent}%）", "note")
        else:
            yield from percent_rule("C427", place, "增减百分比", change.percent, change.delta, before)
    t6 = doc.table("T6")
    if said.office is not None and said.office.now is not None and t6 is not None:
        public = value(find(t6.rows, "公用经费合计"), "决算数")
        if said.office.now > public:
            yield Problem("C428", _said(doc, "十一（一）"), f"机关运行经费 {amount(said.office.now)} 超过基本支出决算表的公用经费合计 "
                          f"{amount(public)}")


def _facts(doc: Printed, said: Said) -> Iterable[Problem]:
    yield from fact_rules(said.facts, lambda group, key: _said(doc, f"十·十一·{group}"))


def fact_rules(facts: Mapping[str, Mapping[str, Decimal]], place: Callable[[str, str], Place]) -> Iterable[Problem]:
    """C430–C432 (rules 52–57) on 政府采购, 车辆 and 绩效 figures: a printed total of the text against its printed
    parts, and a part never above its whole. `place(group, key)` says where each figure is."""
    for code, group, total, parts in FACT_SUMS:
        given = facts.get(group, {})
        if total in given and any(p in given for p in parts):
            yield from sum_rule(code, place(group, total), f"{group}{total}", given[total], [given.get(p, ZERO) for p in parts])
    for code, group, smaller, larger in NOT_ABOVE:
        given = facts.get(group, {})
        part = sum((given.get(p, ZERO) for p in smaller), ZERO)
        if larger in given and part > given[larger]:
            tail = part - given[larger] <= STEP * len(smaller)
            yield Problem(code, place(group, smaller[0]), f"{group}中{'与'.join(smaller)} {amount(part)} 超过{larger} "
                          f"{amount(given[larger])}" + ("（尾数误差之内）" if tail else ""), "warning" if tail else "error")


def instructions(doc: Printed, said: object = None) -> Iterable[Problem]:
    """C433 (rule 60): a template instruction printed in the text or under a table."""
    places = [(Place(doc.file, None, "文字部分"), doc.raw_text)]
    places += [(doc.place(key), table.note) for key, table in doc.tables.items()]
    for place, text in places:
        for phrase in layout()["说明文字"]:
            if phrase in text:
                yield Problem("C433", place, f"印出了模板给编制人的说明“{phrase}”", "warning")


def published_errors(doc: Printed) -> list[Problem]:
    """Every §7 rule's findings on a document as printed (tables, then text): a published PDF's contradictions (§8)."""
    return table_problems(doc) + text_problems(doc)
