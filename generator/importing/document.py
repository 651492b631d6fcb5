"""A published document (PDF or workbook of its tables) imported into a spec: read → recognise → solve → text → write."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..catalogs import load_catalog
from ..model import BASIC, UNIT_TYPES, Line, Project
from ..problems import Place, Problem, SpecError
from .candidates import RUNNING, Candidates, candidates, fiscal_functions
from .equations import equations, probe_budget
from .forms import formed_projects, listed_projects, project_forms
from .house import house_style
from .learning import learnt
from .recognise import Printed, Recognised, number, recognise
from .solve import Solution, live, solve
from .source import Page, read_pages
from .text import (
    fact_rules,
    import_rules,
    item_heads,
    project_notes,
    read_facts,
    read_house,
    read_name,
    running_text,
    text_names,
)
from .write import UNSURE, extra_codes, known_difference, spec_text

_MAKER = re.compile(r"编制(?:单位|部门)[:：]\s*(\S+)")


@dataclass(frozen=True)
class Imported:
    text: str
    notes: tuple[Problem, ...]
    lines: int
    """How many budget lines were solved."""


def import_document(path: Path) -> Imported:
    """The spec a document's tables and text make; SpecError (one Chinese message) if it cannot be imported."""
    return import_pages(read_pages(path), path)


def import_pages(pages: tuple[Page, ...], path: Path) -> Imported:
    """The spec made of a document's pages as read (text and ruled tables); `path` names the document in messages."""
    rec = recognise(pages, path)
    if rec.format.settings.get("document") == "决算":  # the 决算's own data sheets and facts (final_spec.py)
        from .final_spec import final_spec

        return Imported(*final_spec(rec, pages, path))
    cands, unknown, solution = _solved(rec, Place(str(path)))
    rules, text = import_rules(rec.format), running_text(pages)
    name = read_name(rules, text) or maker(pages) or path.stem
    lines = [(cands.lines[i], Decimal(c) / 100, i in solution.determined) for i, c in solution.amounts.items()]
    lines, projects, named = _named_projects(lines, cands, project_notes(rules, running_text(pages, "\n"), item_heads(pages)))
    forms = project_forms(rules, pages) + listed_projects(rules, text)
    lines, projects = formed_projects(lines, projects, forms, named)
    lines.sort(key=lambda t: (t[0].nature != BASIC, t[0].project or "", t[0].function, t[0].economic, t[0].source))
    facts, impossible, missing = _text_facts(rules, text, rec, name, lines)
    head = _head(rec, name, lines, cands, text)
    if "单位构成" in facts and rec.kind == "department":
        head["单位构成"] = plain(facts.pop("单位构成"))
    words = read_house(rules, text, {"title_name": name, "year": rec.year, "last_year": rec.year - 1},
                       rec.format.settings.get("版式", {}))
    if words:
        head["版式"] = {**head.get("版式", {}), **words}
    rest = _rest(rec, facts, lines, solution, impossible)
    header = f"由 budgetgen import 从 {path.name} 导入（格式 {rec.format.name}，{len(lines)} 条预算明细由公开表格求解）"
    notes = _notes(path, lines, unknown, solution) + _text_notes(path, impossible, missing)
    wording = learnt(spec_text(head, lines, projects, named, rest, header), text, path)  # the publisher's 措辞
    return Imported(wording.text, tuple(notes) + wording.notes, len(lines))


def _solved(rec: Recognised, place: Place) -> tuple[Candidates, list, Solution]:
    """The lines: candidates narrowed by the printed rows, every printed cell an equation, solved."""
    cands = _narrowed(rec, candidates(rec, load_catalog(rec.year)))
    eqs, unknown = equations(rec, probe_budget(rec, cands.catalog, list(cands.lines), cands.projects))
    groups = [(ln.nature, ln.project, ln.function, ln.source) for ln in cands.lines]
    solution = solve(eqs, cands.costs, place, groups)
    empty = [_unread(t, unknown, place) for t in rec.tables if _figures(t) and not any(
        sum(k * solution.amounts.get(i, 0) for i, k in e.terms) for e in eqs if e.table == t.layout["sheet"])]
    if empty:
        raise SpecError(empty)
    return cands, unknown, solution


def _figures(table: Printed) -> bool:
    """Whether a table prints any amount other than zero (in its amount columns: codes are not amounts)."""
    amounts = [i for i, c in enumerate(table.layout["columns"]) if c.get("key") or c.get("amount")]
    return any((found := number(row[i])) is not None and found[0] for row in table.rows for i in amounts)


def _unread(table: Printed, unknown: list, place: Place) -> Problem:
    """E612: a table that prints figures but from which no budget line could be read (its codes not recognised)."""
    rows = [cells for sheet, _, cells in unknown if sheet == table.layout["sheet"]]
    example = f"，如“{' | '.join(c for c in rows[0] if c)}”" if rows else ""
    return Problem("E612", replace(place, path=f"{table.layout['sheet']}（第{table.page}页）"),
                   f"第{table.page}页的表“{table.title}”印有金额，却读不出任何一行预算明细（科目编码或行名无法识别{example}），"
                   "未导入：请把这份文档报告给维护者")


def _text_facts(rules: Mapping, text: str, rec: Recognised, name: str, lines: list) -> tuple[dict, list, list]:
    """Facts read from the text; impossible last-year figures (a contradiction) as 0; missing ones as placeholders."""
    wanted, codes = fact_rules(rules, rec.kind), _listed(rules, text, rec, name, lines)
    facts = _facts(wanted, text, rec, name, [ln for ln, _, _ in lines], [a for _, a, _ in lines], codes)
    impossible = [p for p, rule in wanted.items() if "本年" in rule and isinstance(facts.get(p), Decimal) and facts[p] < 0]
    facts |= dict.fromkeys(impossible, Decimal(0))  # 比上年增加 more than there is this year: the text contradicts itself
    missing = [p for p in wanted if p not in facts and not p.startswith("政府采购")]
    facts |= {p: _placeholder(p, wanted[p], codes) for p in missing}
    partial = [p for p in wanted if isinstance(facts.get(p), dict) and _items(wanted[p], codes) - facts[p].keys()]
    facts |= {p: facts[p] | {k: v for k, v in _placeholder(p, wanted[p], codes).items() if k not in facts[p]}
              for p in partial}  # items the text gives no use for (printed by class, say): to fill in, not unprintable
    return facts, impossible, missing + partial


def _listed(rules: Mapping, text: str, rec: Recognised, name: str, lines: list) -> list[str]:
    """The codes the text lists 财政拨款 by, in order: each function 项, or each 类 where the publisher lists classes
    (版式.主要内容层级 类, `1.“一般公共服务支出”科目……`): the facts read item by item (逐项) are theirs."""
    items = fiscal_functions(ln for ln, _, _ in lines)
    values = {"title_name": name, "year": rec.year, "last_year": rec.year - 1}
    by_class = read_house(rules, text, values, rec.format.settings.get("版式", {})).get("主要内容层级") == "类"
    return sorted({code[:3] for code in items}) if by_class else items


def _items(rule: Any, codes: list[str]) -> set[str]:
    """The codes a fact read item by item (逐项) must give, one each; none for other facts."""
    return set(codes) if isinstance(rule, dict) and rule.get("逐项") else set()


def _text_notes(path: Path, impossible: list[str], missing: list[str]) -> list[Problem]:
    notes = [Problem("I605", Place(str(path), path=p), "文字与上年比较的增加额大于本年数，自相矛盾：上年数记为 0，已记入“已知差异”",
                     "warning") for p in impossible]
    if missing:
        notes.append(Problem("I604", Place(str(path)), f"文中没有找到以下事实，规格中写了占位（“待填写”或 0），请补上：{'、'.join(missing)}",
                             "warning"))
    return notes


def _placeholder(path: str, rule: Any, codes: list[str]) -> Any:
    """What a fact not found in the document is written as: 待填写 (check names it, C350), or 0 for a figure."""
    rule = rule if isinstance(rule, dict) else {}
    figure = not path.startswith("概况") or rule.get("万元") or rule.get("整数")
    if rule.get("逐项"):
        return dict.fromkeys(codes, Decimal(0) if figure else "待填写")
    if figure:
        return Decimal(0)
    if rule.get("计数"):
        return {}
    return ["待填写"] if rule.get("分项") else "待填写"


def _narrowed(rec: Recognised, cands: Candidates) -> Candidates:
    """The candidates the printed rows leave possible: a second probe of only these shows the rows the document
    shows, in its order and numbering (a table of 类 lists only those with money of its kind)."""
    eqs, _ = equations(rec, probe_budget(rec, cands.catalog, list(cands.lines), cands.projects))
    keep = sorted(live([e for e in eqs if e.row], len(cands.lines)))
    return replace(cands, lines=tuple(cands.lines[i] for i in keep), costs=tuple(cands.costs[i] for i in keep))


def maker(pages: tuple[Page, ...]) -> str | None:
    """The name a page prints after 编制单位/编制部门 (the cover's fallback: 预算 and 决算 imports alike)."""
    for page in pages:
        found = _MAKER.search(page.text)
        if found:
            return found.group(1)
    return None


def _head(rec: Recognised, name: str, lines: list, cands: Candidates, text: str) -> dict[str, Any]:
    head: dict[str, Any] = {"格式": rec.format.name, "年度": rec.year, "部门名称": name}
    head |= {"下属单位": [], "单位构成": {UNIT_TYPES[0]: 1}} if rec.kind == "department" else {
        "主管部门": name, "单位名称": name}
    running = [ln for ln, _, _ in lines if ln.nature == BASIC and ln.economic[:3] in RUNNING]
    if running and all(ln.unit_type == UNIT_TYPES[-1] for ln in running):
        head["单位类型"] = UNIT_TYPES[-1]
    style = house_style(rec)
    if style:
        head["版式"] = style
    if cands.extra_codes:
        head["补充科目"] = extra_codes(cands.extra_codes)
    names = text_names(import_rules(rec.format), text, cands.catalog.functions)
    if names:
        head["科目名称"] = {"功能科目": names}
    return head


def _named_projects(lines: list, cands: Candidates, notes: list[dict]) -> tuple[list, list[Project], set[str]]:
    """Projects the document describes (项目经费情况说明) take their amount out of the project line of their 项."""
    projects = {p.name: p for p in cands.projects}
    named: set[str] = set()
    for note in notes:
        index = next((n for n, (ln, amount, _) in enumerate(lines) if ln.project and note["金额"] is not None
                      and ln.project in projects and amount >= note["金额"]), None)
        if not note["名称"]:  # the document names no project: its statement goes to the largest
            index = max((n for n, (ln, _, _) in enumerate(lines) if ln.project), key=lambda n: lines[n][1], default=None)
            if index is not None:
                line = lines[index][0]
                projects[line.project] = replace(projects[line.project], facts={"项目经费情况说明": note["说明"]})
            continue
        if index is None:
            continue
        line, amount, sure = lines[index]
        new = replace(line, project=note["名称"])
        base = projects[line.project]
        projects[note["名称"]] = replace(base, name=note["名称"], facts={"项目经费情况说明": note["说明"]})
        named.add(note["名称"])
        sure = sure and amount == note["金额"]  # a statement taking its 项's whole line is that line; a part is a guess
        lines[index] = (line, amount - note["金额"], False)
        lines.append((new, note["金额"], sure))
    lines = [t for t in lines if t[1]]
    used = {ln.project for ln, _, _ in lines}
    return lines, [p for p in projects.values() if p.name in used], named


def _facts(rules: Mapping, text: str, rec: Recognised, name: str, lines: list[Line], amounts: list,
           codes: list[str]) -> dict:
    def total(criteria: Mapping[str, Any]) -> Decimal:
        """The solved amount of the lines matching a rule's criteria (a figure the text states from the tables)."""
        wanted = {k: (tuple(v) if isinstance(v, list) else v) for k, v in criteria.items()}
        return sum((a for ln, a in zip(lines, amounts, strict=True) if ln.matches(wanted)), Decimal(0))

    values = {"title_name": name, "year": rec.year, "last_year": rec.year - 1}
    return read_facts(rules, text, values, total, codes)


def _rest(rec: Recognised, facts: dict, lines: list, solution: Solution, impossible: list[str]) -> dict[str, Any]:
    tree = nested(facts)
    purchases = tree.pop("政府采购", {})
    shares = {k: Decimal(purchases.pop(k, 0)) for k in ("面向中小企业", "面向小型微型企业")}
    if any(Decimal(v) for v in purchases.values()):
        items = _purchases({k: Decimal(v) for k, v in purchases.items() if Decimal(v)}, lines)
        for key, total in shares.items():  # the document prints totals only: given to the items in order
            for item in items:
                item[key] = min(total, item["金额"])
                total -= item[key]
        tree = {"政府采购": [{k: plain(v) for k, v in item.items()} for item in items]} | tree
    for key in ("上年三公经费", "上年", "上年口径"):
        if key in tree:
            tree[key] = tree.pop(key)
    known = [known_difference(e.table, e.row, e.label, e.printed, Decimal(got) / 100) for e, got in solution.broken]
    known += [{"规则": "公开文本", "位置": p, "说明": "公开文本与上年比较的增加额大于本年数（上年数为负），budgetgen 以上年数 0 印出"}
              for p in impossible]
    if known:
        tree["已知差异"] = known
    return tree


def _purchases(kinds: dict[str, Decimal], lines: list) -> list[dict[str, Any]]:
    """Procurement by kind, under the function 项 with most money left (the document names no 项): no item
    exceeds what its 项 spends (C320); a kind larger than any 项 is split over several."""
    room: dict[str, Decimal] = {}
    for ln, amount, _ in lines:
        room[ln.function] = room.get(ln.function, Decimal(0)) + amount
    items = []
    for kind, amount in kinds.items():
        while amount > 0 and any(room.values()):
            where = max(room, key=lambda k: (room[k], k))
            part = min(amount, room[where])
            items.append({"功能科目": where, "品目": kind, "金额": part})
            room[where] -= part
            amount -= part
    return items


def nested(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Facts read by dotted path (情况说明.三公经费.变动原因) as the spec's nested mappings, values as the spec writes them."""
    tree: dict[str, Any] = {}
    for path, value in facts.items():
        node = tree
        *parents, leaf = path.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = plain(value)
    return tree


def plain(value: Any) -> Any:
    """A read value as spec text: amounts to the fen without a trailing .00, counts as digits."""
    if isinstance(value, Decimal):
        return f"{value:.2f}".removesuffix(".00")
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return str(value) if isinstance(value, int) else value


def _notes(path: Path, lines: list, unknown: list, solution: Solution) -> list[Problem]:
    place = Place(str(path))
    found = [Problem("I601", replace(place, path=f"{table} 第{row}行"), f"公开表中的这一行不是本格式的行，未导入：{' | '.join(cells)}",
                     "warning") for table, row, cells in unknown]
    found += [Problem("I602", replace(place, path=f"{e.table} 第{e.row}行"),
                      f"公开表自相矛盾：“{e.label}”印为 {e.printed or '空白'}，按其他各表应为 {Decimal(got) / 100:,.2f}；"
                      "已记入“已知差异”", "warning") for e, got in solution.broken]
    unsure = [f"{ln.project or ln.nature} {ln.function}/{ln.economic} {amount:,.2f}" for ln, amount, sure in lines if not sure]
    if unsure:
        found.append(Problem("I603", place, f"{len(lines)} 条预算明细中有 {len(unsure)} 条的拆分不由公开表格确定（{UNSURE}），"
                                            f"规格中逐条注明：{'；'.join(unsure)}", "note"))
    return found


def is_fill_in_workbook(path: Path) -> bool:
    """Whether a file is budgetgen's own fill-in workbook (its sheets are the input layout's), read as before."""
    from ..reading.input_layouts import input_layout_of

    try:
        with path.open("rb") as handle:
            if handle.read(2) != b"PK":
                return False
        import openpyxl

        names = set(openpyxl.load_workbook(path, read_only=True).sheetnames)
    except Exception:  # noqa: BLE001 - anything unreadable goes the import's way and gets its message there
        return False
    layout, present = input_layout_of(names)
    return present > len(layout["sheets"]) // 2
