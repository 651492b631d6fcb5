"""The 决算 spec an imported document makes: the solved lines with the 预算数 its text states item by item
(final_items.py), the facts its tables print beside the lines (三公 预算数, 使用非财政拨款结余), and the text facts
(import.yaml)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..catalogs import load_catalog
from ..juesuan_model import FISCAL
from ..model import WAN, Budget, Line, Performance, Unit
from ..problems import Place, Problem
from ..reading.spec_text import to_yaml
from ..text.juesuan import figures
from .document import maker, nested
from .final import Solved, listed, solved
from .final_checks import accepted, printed_errors
from .final_house import table_house
from .final_items import GENERAL, item_sections, item_texts, last_totals, matched, read_items, summed, with_budgets
from .house import house_style
from .learning import learnt
from .recognise import Recognised, norm, number, table_codes
from .source import Page
from .text import FLAGS, fact_rules, import_rules, read_facts, read_house, read_name, running_text
from .write import UNSURE, extra_codes

FLOW = ("三公经费预算数", "上年", "上年三公经费")
MISTYPED = re.compile(r"\d[\d,]*(?:\.{2,}\d+|\.\d+\.\d+)(?=万元|%)")
"""A figure of the text printed with a stray point (12..5万元, 95..89%): not read as a number."""
HEADING = 80
"""A page before the tables with no more characters than this, ending 决算表, is their part heading (第二部分……决算表:
budgetgen's own PDF prints it on a page of its own among the text)."""


def final_spec(rec: Recognised, pages: tuple[Page, ...], path: Path) -> tuple[str, tuple[Problem, ...], int]:
    """The 决算 spec's text, the notes for the officer, and the number of lines solved."""
    place = Place(str(path))
    rules = import_rules(rec.format)
    table = table_facts(rules, rec)
    first = min(t.page for t in rec.tables)
    text = running_text(tuple(replace(page, tables=()) for page in pages if page.number < first or not page.tables))
    heading = tuple(p for p in pages if p.number < first and not p.tables and len(norm(p.text)) < HEADING
                    and re.sub(r"[—-]*\d+[—-]*$", "", norm(p.text)).endswith("决算表"))  # its page number after
    tabled = running_text(tuple(replace(page, tables=()) for page in heading + pages if page.number >= first and page.tables
                                or page in heading))
    got = solved(rec, place, load_catalog(rec.year), table, listed(rec, rules, text))
    name, unnamed = department_name(rules, text, pages, path)
    lines, said, unmatched = [ln for ln, _ in got.lines], {}, []
    names = _code_names(rec, got)
    for source, section in item_sections(rules):
        codes = sorted({ln.function for ln in lines if ln.source == source})
        items = read_items(section, text)
        found, lost, left = matched(items, codes, names) if items else ({}, [], [])
        lines = with_budgets(lines, list(found.values()), list(found), section, text, source, not lost)
        said |= found
        unmatched += _unmatched(place, source, lost, left)
    codes = sorted(said)
    budget = _budget(rec, name, got, lines, table)
    values = {"title_name": name, "year": rec.year, "last_year": rec.year - 1}
    wanted = fact_rules(rules, rec.kind)
    facts = read_facts(wanted, text, values, _total(budget), codes)
    facts |= {f"情况说明.{key}": {c: v for c, v in zip(codes, found, strict=False) if v}
              for key, found in item_texts([said[c] for c in codes]).items() if any(found)}
    facts |= summed(rules, text, facts)
    compared = [p for p, rule in wanted.items() if "本年" in rule]
    impossible = [p for p in compared if p in facts and facts[p] <= -100]  # more added than there is: a contradiction
    facts |= {p: max(facts.get(p, Decimal(0)), Decimal(0)) for p in compared}  # under 100 yuan: 本年 − Δ's rounding
    facts |= last_totals(rules, text, values, facts, _total(budget))
    head: dict[str, Any] = {"格式": rec.format.name, "年度": rec.year, "部门名称": name, "单位名称": name}
    if facts.get("单位类型") and _basic_public(lines):  # “无机关运行经费” though 公用经费 were spent
        head["单位类型"] = facts["单位类型"]
    facts.pop("单位类型", None)
    members = unit_members(pages[:first - 1] if first > 1 else ())
    if not members and "概况.机构设置" in facts:  # 二、机构设置 in place of the table: a department of one unit
        members = [{"单位名称": name, "备注": ""}]
    if members:
        head["单位构成"] = members
    if got.extra_codes:
        head["补充科目"] = extra_codes(got.extra_codes)
    defaults = rec.format.settings.get("版式", {})
    style = house_style(rec) | read_house(rules, text, values, defaults) | read_house(
        {"版式": rules.get("表页版式", {})}, tabled, values, defaults)
    style = _merged(style, table_house(rec, pages, name))
    overview, function_style = functions(rules, text)
    facts |= overview
    style |= function_style
    rest = _tree({**table, **facts})
    rest |= {"版式": style} if style else {}
    known = _unique([_difference(rec, e, Decimal(s) / 100 / WAN) for e, s in got.broken])
    known += [{"规则": "公开文本", "位置": p, "说明": "公开文本与上年比较的增加额大于本年数（上年数为负），budgetgen 以上年数 0 印出"}
              for p in impossible]
    rest |= {"已知差异": known} if known else {}
    header = f"由 budgetgen import 从 {path.name} 导入（格式 {rec.format.name}，{len(lines)} 条决算明细由公开表格求解）"
    spec = _text(head, lines, [s for _, s in got.lines], got, rest, header)
    spec, errors, missing, doubtful = accepted(spec, f"{path.stem}.yaml")
    published = [replace(p, severity="warning" if p.severity == "error" else p.severity)
                 for p in printed_errors(rec, pages, text, path)]
    spec = _with_notes_printed(spec, [p.place.path for p in published if p.code == "C433" and "文字" not in p.place.path])
    kept = [replace(p, code="I609", message=f"公开文本有误，已记入“已知差异”（{p.code}）：{p.message}", severity="warning",
                    place=replace(p.place, file=str(path), line=None)) for p in errors]
    kept += [replace(p, code="I616", message=f"导入的规格检查有误（{p.code}），未记入“已知差异”，请核对：{p.message}",
                     severity="warning", place=replace(p.place, file=str(path), line=None)) for p in doubtful]
    published = [p for p in published if not (p.code == "C410" and any(c in p.message for c in got.extra_codes))]
    taught = rules.get("学措辞", {})
    wording = learnt(spec, text, path, not taught.get("数照算", False), tuple(taught.get("不学", ())))  # the publisher's 措辞
    mistyped = [Problem("I617", place, f"公开文本中的数“{m.group(0)}”写法有误，未读入（所在事实按未找到处理），请核对", "warning")
                for m in MISTYPED.finditer(text)]
    notes = _notes(place, got, missing) + unnamed + unmatched + mistyped + published + kept
    return wording.text, tuple(notes) + wording.notes, len(lines)


def department_name(rules: Mapping, text: str, pages: tuple[Page, ...], path: Path) -> tuple[str, list[Problem]]:
    """The department's name as the 预算 import finds it (the cover's pattern, then 编制单位), else the file's name
    with I618 asking the officer for the full name."""
    name = read_name(rules, text) or maker(pages)
    if name:
        return name, []
    return path.stem, [Problem("I618", Place(str(path)), f"封面和“编制单位”处都没有读出部门名称，暂以文件名“{path.stem}”"
                               "作部门名称，请改为部门全称", "warning")]


def _basic_public(lines: list[Line]) -> bool:
    """Whether the 一般公共预算 基本支出 has 公用经费 (302, 310): what 机关运行经费 is of a 行政单位."""
    return any(ln.amount and ln.nature == "基本支出" and ln.source == GENERAL and ln.economic[:3] in ("302", "310")
               for ln in lines)


def _merged(style: dict[str, Any], more: Mapping[str, Any]) -> dict[str, Any]:
    """版式 with more keys, 各表 merged table by table."""
    tables = dict(style.get("各表", {}))
    for sheet, own in more.get("各表", {}).items():
        tables[sheet] = {**tables.get(sheet, {}), **own}
    return style | {k: v for k, v in more.items() if k != "各表"} | ({"各表": tables} if tables else {})


def functions(rules: Mapping, text: str) -> tuple[dict[str, Any], dict[str, str]]:
    """概况.主要职能 (and 职能概述, the 三定 articles before the numbered duties) and how they are printed: numbered
    items (条目, with their numbering) or one paragraph (段落)."""
    spec = rules.get("主要职能", {})
    found = re.search(spec.get("模式", "$^"), text, FLAGS)
    if found is None:
        return {}, {}
    body = found.group("v").strip()
    for numbering, pattern in spec.get("编号", {}).items():
        parts = re.split(pattern, body)
        if len(parts) > 2:
            head = [p.strip() for p in re.split(spec["概述分段"], parts[0]) if p.strip()]
            return ({"概况.主要职能": [p.strip() for p in parts[1:] if p.strip()]} | ({"概况.职能概述": head} if head else {}),
                    {"主要职能": "条目", "职能编号": numbering})
    return {"概况.主要职能": body}, {"主要职能": "段落"}


def unit_members(pages: tuple[Page, ...]) -> list[dict[str, str]]:
    """单位构成 as the 部门决算单位构成 table prints it (序号 | 单位名称 | 备注)."""
    for page in pages:
        for grid in page.tables:
            if grid and [norm(c) for c in grid[0][:3]] == ["序号", "单位名称", "备注"]:
                return [{"单位名称": _plain_cell(row[1]), "备注": _plain_cell(row[2]) if len(row) > 2 else ""}
                        for row in grid[1:] if len(row) > 1 and norm(row[1])]
    return []


def _plain_cell(text: str) -> str:
    """A cell's text as printed, its line breaks and spaces gone (its full-width brackets kept)."""
    return re.sub(r"\s+", "", text or "")


def _code_names(rec: Recognised, got: Solved):
    """A function code's names as the tables print them and as the catalog does (white space gone)."""
    printed: dict[str, set[str]] = {}
    for table in rec.tables:
        for code, name in table_codes(table.rows).items():
            printed.setdefault(code, set()).add(norm(name))

    def names(code: str) -> set[str]:
        """The names a function code may be printed under: the tables' and the catalog's, folded."""
        official = got.catalog.functions.get(code)
        return printed.get(code, set()) | ({norm(official)} if official else set())
    return names


def _unmatched(place: Place, source: str, lost: list[str], left: list[str]) -> list[Problem]:
    """I614: an item of the text whose 类/款/项 names no 项 of the tables has, and a 项 spent with no item of its own."""
    notes = [Problem("I614", place, f"{source}逐项说明中的“{name}”与决算表中有支出的任何一项的名称都对不上，"
                     "其预算数、用途和原因未导入，请核对", "warning") for name in lost]
    if left:
        notes.append(Problem("I614", place, f"{source}逐项说明中没有找到以下各项（按名称）：{'、'.join(left)}；"
                             "其年初/全年预算数、用途和原因请补上", "warning"))
    return notes

def table_facts(rules: Mapping, rec: Recognised) -> dict[str, Decimal]:
    """Figures a table prints that no line sums (import.yaml 表中数): the 三公 预算数, 使用非财政拨款结余, 结余分配."""
    found: dict[str, Decimal] = {}
    tables = {t.layout["sheet"]: t for t in rec.tables}
    for path, where in rules.get("表中数", {}).items():
        table = tables.get(where["表"])
        if table is None:
            continue
        keys = [c.get("key") for c in table.layout["columns"]]
        column = keys.index(where["列"]) if where["列"] in keys else int(where["列"])
        label = norm(where.get("行", ""))
        row = next((r for r in table.rows if not label or any(norm(c).startswith(label) for c in r)), None)
        value = number(row[column]) if row is not None and column < len(row) else None
        divisor = Decimal(table.layout.get("divisor", rec.format.settings["divisor"]))
        found[path] = value[0] * divisor if value else Decimal(0)
    return found


def _budget(rec: Recognised, name: str, got: Solved, lines: list[Line], table: Mapping[str, Decimal]) -> Budget:
    unit = Unit(name, {}, Performance((), "", ()), Place("导入"))
    three = {k.split(".", 1)[1]: v for k, v in table.items() if k.startswith("三公经费预算数.")}
    return Budget(file="导入", format=rec.format.name, year=rec.year, title_name=name, department=name, units=(unit,),
                  lines=tuple(lines), projects=(), purchases=(), catalog=got.catalog,
                  facts={"三公经费预算数": three, "单位构成": []}, kind="department", document="决算",
                  incomes=tuple(i for i, _ in got.incomes), balances=tuple(b for b, _ in got.balances),
                  surplus_used=table.get("使用非财政拨款结余", Decimal(0)),
                  surplus_distributed=table.get("结余分配", Decimal(0)))


def _total(budget: Budget):
    """This year's figure a 与上年相比 sentence compares: a figure of the text (its name in text/juesuan.figures, as
    “总计” or “一般公共预算.合计”), or the lines matching criteria."""
    named = figures(budget)

    def total(what: Any) -> Decimal:
        """The named figure, or the sum of the lines the criteria select (yuan)."""
        if isinstance(what, str):
            value: Any = named
            for key in what.split("."):
                value = value[key]
            return Decimal(value)
        wanted = {k: (tuple(v) if isinstance(v, list) else v) for k, v in what.items()}
        return sum((ln.amount for ln in budget.lines if ln.matches(wanted)), Decimal(0))
    return total


def _tree(facts: Mapping[str, Any]) -> dict[str, Any]:
    tree = nested(facts)
    order = ["三公经费预算数", "使用非财政拨款结余", "结余分配", "上年", "上年三公经费", "概况", "单位构成", "情况说明"]
    return {k: tree[k] for k in order if k in tree} | {k: v for k, v in tree.items() if k not in order}


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".removesuffix(".00")


def _text(head: Mapping, lines: list[Line], sure: list[bool], got: Solved, rest: Mapping, header: str) -> str:
    """The spec in the contract's shape: head, 决算明细 (a comment on each line the tables leave open), 收入明细,
    结转结余, then the facts."""
    out = to_yaml(dict(head), header).rstrip("\n") + "\n"
    out += "决算明细:\n  # [性质, 功能科目, 经济科目, 资金来源, 决算数, 年初预算数, 全年预算数]（元）\n"
    for line, fixed in zip(lines, sure, strict=True):
        figures_ = [_amount(line.amount), _amount(line.planned), _amount(line.adjusted)]
        while len(figures_) > 1 and figures_[-1] == "0":
            figures_.pop()
        note = "" if fixed else f"  # {UNSURE}"
        out += f"  - [{line.nature}, {line.function}, {line.economic}, {line.source}, {', '.join(figures_)}]{note}\n"
    out += "收入明细:\n  # [功能科目, 收入类型, 金额]（元）\n"
    out += "".join(f"  - [{i.function}, {i.kind}, {_amount(i.amount)}]\n" for i, _ in got.incomes)
    if got.balances:
        out += "结转结余:\n  # [功能科目, 资金来源, 年初结转和结余, 年末结转和结余]（元）\n"
        out += "".join(f"  - [{_code(b.function)}, {b.source}, {_amount(b.opening)}, {_amount(b.closing)}]"
                       f"{'' if fixed or b.source_group != FISCAL else '  # 功能科目不由公开表格确定，请核对'}\n"
                       for b, fixed in got.balances)
    rest = dict(rest)
    for key in FLOW:  # short mappings of figures on one line each, as the contract writes them
        if isinstance(rest.get(key), dict):
            out += f"{key}: {{{', '.join(f'{k}: {v}' for k, v in rest.pop(key).items())}}}\n"
    body = to_yaml(rest, "").split("\n", 2)[2] if rest else ""
    return re.sub(r"!!int '([^']*)'", r'"\1"', out + body)


def _difference(rec: Recognised, equation, ours: Decimal) -> dict[str, str]:
    """A contradiction of the document (已知差异) at 表!行 (the row's printed label on the cell's side), with the side
    budgetgen prints (万元, as the tables)."""
    table = next((t for t in rec.tables if t.layout["sheet"] == equation.table), None)
    row = table.rows[equation.row - 1] if table is not None and equation.row else ()
    label = next((norm(c) for c in reversed(row[:max(equation.column, 0)]) if norm(c) and number(c) is None), "")
    where = f"{equation.table}!{label or equation.label}"
    return {"规则": "公开文本", "位置": where, "说明": f"公开表中“{label or equation.label}”印为 {equation.printed or '空白'}，"
            f"与其他各表不符；budgetgen 按明细印为 {ours:,.2f}"}


def _with_notes_printed(spec: str, tables: list[str]) -> str:
    """已知差异 for each table under which the document printed the template's instruction to its writer (C433):
    budgetgen prints the table's own note only."""
    if not tables:
        return spec
    entries = [{"规则": "公开文本", "位置": f"{t}!注", "说明": "公开文本在表下印出了模板给编制人的说明（仍保留该表格式，并在本表下方作下述说明），"
                "budgetgen 不印"} for t in tables]
    block = to_yaml({"已知差异": entries}, "").split("\n", 2)[2]
    return spec.rstrip("\n") + "\n" + (block.split("\n", 1)[1] if "\n已知差异:\n" in spec else block)


def _unique(entries: list[dict[str, str]]) -> list[dict[str, str]]:
    """One entry a row (a contradiction printed in two columns of one row is one)."""
    seen: dict[str, dict[str, str]] = {}
    for entry in entries:
        seen.setdefault(entry["位置"], entry)
    return list(seen.values())


def _code(function: str) -> str:
    return function or '""'


def _notes(place: Place, got: Solved, missing: list[str]) -> list[Problem]:
    notes = [Problem("I602", replace(place, path=f"{e.table} 第{e.row}行"),
                     f"公开表自相矛盾：“{e.label}”印为 {e.printed or '空白'}，按其他各表应为 {Decimal(s) / 100 / WAN:,.2f}；"
                     "已记入“已知差异”", "warning") for e, s in got.broken]
    open_ = sum(1 for _, s in got.lines if not s)
    if open_:
        notes.append(Problem("I603", place, f"{len(got.lines)} 条决算明细中有 {open_} 条的拆分不由公开表格确定（{UNSURE}），"
                                            "规格中逐条注明", "note"))
    if missing:
        notes.append(Problem("I604", place, f"文中没有找到以下事实，请补上：{'、'.join(missing)}", "warning"))
    return notes
