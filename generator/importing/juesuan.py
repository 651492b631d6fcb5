"""budgetgen juesuan: a 决算 spec started from the same year's 预算 spec of the same body.

Every 预算 line's amount becomes the 决算 line's 年初预算数, its 资金来源 renamed as the 决算 names it; the 决算数
is written 待填写 for the officer (check names each one, C350); the 预算's “三公” figures become 三公经费预算数;
the facts that hold all year carry over and the rest stay as the 决算 format's skeleton writes them. What carries
over and how the names map is data (the 决算 format's from-budget.yaml), not Python.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..document import load_document
from ..formats import Format, available, load_format
from ..model import Budget
from ..problems import Place, Problem, SpecError
from ..reading.facts import dig
from ..reading.fields import AMOUNT_PLACEHOLDER
from ..reading.spec import load_tree, plain
from ..reading.spec_text import to_yaml
from ..starting import editor_line, skeleton
from ..text.figures import figures

RULES = "from-budget.yaml"
DOCUMENT = "决算"
_CODE = re.compile(r"\d{7}")


def juesuan(path: Path, format_name: str | None = None, beside: Path | None = None) -> tuple[str, list[str]]:
    """The 决算 spec's text (to be written at `beside`: its first line is the editor's schema line, as `new` writes),
    and what the officer must enter or check (in the order of the spec)."""
    doc = load_document(path)
    budget = doc.budget
    if doc.format.settings.get("document", "预算") != "预算":
        raise SpecError([Problem("E650", Place(str(path), None, "格式"),
                                 f"“{path.name}”已是{doc.format.settings['document']}规格：请给出同一年度的预算规格")])
    target = _target(doc.format, budget.year, format_name, path)
    rules = target.merged(RULES)
    tree = yaml.safe_load(skeleton(target.name))
    tree["年度"] = budget.year
    rows, checked = _lines(budget, rules)
    tree["决算明细"] = rows
    tree["收入明细"] = _incomes(rows, rules)
    f = figures(budget, doc.format.settings.get("figures", {}))
    tree["三公经费预算数"] = {new: _text(dig(f, f"三公.{old}") or 0) for old, new in rules.get("三公经费", {}).items()}
    own = plain(load_tree(path))
    assert isinstance(own, dict)
    _carry(tree, own, rules.get("沿用", {}))
    items = sorted({row[1] for row in rows if row[3] in rules.get("逐项来源", ())})
    _by_item(tree, items, _carried_items(own, rules.get("沿用", {})))
    tree["单位构成"] = _members(own, tree, rules.get("单位构成", {}))
    if len(tree["单位构成"]) > 1 and dig(tree, "概况.机构设置") == AMOUNT_PLACEHOLDER:
        del tree["概况"]["机构设置"]  # “二、机构设置” is printed only for a department of one unit
    for key in rules.get("待填写", ()):
        if key in tree:
            tree[key] = _pending(tree[key])
    header = (f"由 budgetgen juesuan 从 {path.name} 起草的 {budget.year} 年决算规格（格式 {target.name}）：\n"
              "# 决算明细每行 [性质, 功能科目, 经济科目, 资金来源, 决算数, 年初预算数, 全年预算数, 单位类型]（元）；年初预算数为预算数，"
              "决算数“待填写”处填实际支出，全年预算数（调整后）不写即为 0；单位类型只在各单位类型不同时逐行写出\n"
              f"# 各项的说明见 budgetgen new --format {target.name} 写出的空白规格；决算数与预算数相同的功能科目，"
              "情况说明.功能科目差异原因 中的一条可删去（不印）")
    editor = editor_line(target.name, beside)
    text = (f"{editor}\n" if editor else "") + to_yaml(tree, header)
    return text, _todo(tree, len(rows), checked) + [f"{key}（{budget.year}年的数，请核对）" for key in rules.get("核对", ())]


def _target(budget_format: Format, year: int, name: str | None, path: Path) -> Format:
    """The 决算 format named, or the shipped one of the 预算's region nearest the year (the latest not after it)."""
    region = budget_format.name.split("-")[0]
    kinds = [n for n in available() if load_format(n).settings.get("document") == DOCUMENT]
    if name is None:
        mine = sorted((load_format(n).settings.get("year", 0), n) for n in kinds if n.startswith(f"{region}-"))
        fitting = [n for y, n in mine if y <= year] or [n for _, n in mine]
        name = fitting[-1] if fitting else None
    if name not in kinds:
        where = Place(str(path), None, "格式")
        shipped = "、".join(kinds) or "无"
        raise SpecError([Problem("E651", where, f"没有{'“' + name + '”这一' if name else '这一地区的'}决算格式（可用：{shipped}）")])
    return load_format(name)


def _lines(budget: Budget, rules: dict) -> tuple[list[list[str]], list[str]]:
    """决算明细: the 预算 lines summed by 性质, function, economic code and 决算 资金来源 (projects are not kept),
    决算数 待填写, 年初预算数 the 预算 amount; and, for the officer, the sources the data says to check."""
    sources, natures = rules.get("资金来源", {}), rules.get("性质", {})
    sums: dict[tuple[str, ...], Decimal] = {}
    checked: dict[str, str] = {}
    mixed = len({line.unit_type for line in budget.lines}) > 1  # a department whose units differ keeps each line's type
    for line in budget.lines:
        source = dict(sources.get(line.source, {"决算": line.source}))
        if "核对" in source:
            checked[line.source] = f"{source['核对']}（原资金来源“{line.source}”）"
        key = (natures.get(line.nature, line.nature), line.function, line.economic, source["决算"],
               *((line.unit_type,) if mixed else ()))
        sums[key] = sums.get(key, Decimal(0)) + line.amount
    rows = [[*key[:4], AMOUNT_PLACEHOLDER, _text(amount), *(("0", key[4]) if mixed else ())] for key, amount in sums.items()]
    return rows, list(checked.values())


def _incomes(rows: list[list[str]], rules: dict) -> list[list[str]]:
    """收入明细: one row per function 项 and income type the lines spend from, its amount 待填写."""
    kinds = rules.get("收入类型", ())
    pairs = dict.fromkeys((row[1], row[3]) for row in rows if row[3] in kinds)
    return [[function, kind, AMOUNT_PLACEHOLDER] for function, kind in sorted(pairs, key=lambda p: (p[0], kinds.index(p[1])))]


def _carry(tree: dict, own: dict, carried: dict) -> None:
    """The facts the 决算 keeps from the 预算 spec (沿用); a list the 决算 writes as one text is joined line by line.
    A mapping by function 项 is placed item by item instead (_by_item)."""
    for new, rule in carried.items():
        value = _kept(own, rule)
        if value is None or _by_code(value):
            continue
        *parents, last = new.split(".")
        here = tree
        for key in parents:
            here = here.setdefault(key, {})
        if isinstance(here.get(last), str) and isinstance(value, list):
            value = "\n".join(map(str, value))
        here[last] = value


def _carried_items(own: dict, carried: dict) -> dict[str, dict]:
    """The mappings by function 项 the 决算 keeps (its key → the 预算's entries)."""
    return {new: {str(k): v for k, v in value.items()} for new, rule in carried.items()
            if _by_code(value := _kept(own, rule))}


def _kept(own: dict, rule: Any) -> Any:
    """The 预算's value a 沿用 rule names: a key, the first present of several, or {预算: …, 去掉开头: […]} (each
    text without the words the 决算's sentence prints itself)."""
    keys = rule.get("预算") if isinstance(rule, dict) else rule
    value = next((v for key in ([keys] if isinstance(keys, str) else keys) if (v := dig(own, key)) not in (None, "")), None)
    prefixes = tuple(rule.get("去掉开头", ())) if isinstance(rule, dict) else ()
    return _stripped(value, prefixes) if prefixes else value


def _stripped(value: Any, prefixes: tuple[str, ...]) -> Any:
    if isinstance(value, dict):
        return {k: _stripped(v, prefixes) for k, v in value.items()}
    if isinstance(value, str):
        return next((value.removeprefix(p) for p in prefixes if value.startswith(p)), value)
    return value


def _by_code(value: Any) -> bool:
    """Whether a value is a mapping by function 项 (its keys 7-digit codes)."""
    return isinstance(value, dict) and bool(value) and all(_CODE.fullmatch(str(k)) for k in value)


def _by_item(node: Any, items: list[str], carried: dict[str, dict], where: str = "") -> None:
    """Each mapping of the skeleton keyed by function 项 (its one example code) gets an entry per 项 of the
    lines' 财政拨款, the 预算's text where it has one, else the skeleton's 待填写."""
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        path = f"{where}.{key}" if where else str(key)
        if _by_code(value):
            example = next(iter(value.values()))
            node[key] = {code: carried.get(path, {}).get(code, example) for code in items}
        else:
            _by_item(value, items, carried, path)


def _members(own: dict, tree: dict, rule: dict) -> list[dict[str, str]]:
    """单位构成: the units the 预算 spec lists (their names as written, without a closing 。), else the unit itself
    as its own part (本级)."""
    listed = dig(own, rule.get("预算", "")) if rule.get("预算") else None
    names = [str(n).strip().removesuffix("。") for n in listed] if isinstance(listed, list) and listed else []
    names = names or [f"{tree.get('单位名称', '')}{rule.get('本级', '')}"]
    return [{"单位名称": name, "备注": ""} for name in names]


def _pending(value: Any) -> Any:
    """One-year figures (the skeleton's are examples), each written 待填写 so that check names it until entered."""
    if isinstance(value, dict):
        return {k: _pending(v) for k, v in value.items()}
    return AMOUNT_PLACEHOLDER


def _todo(tree: dict, lines: int, checked: list[str]) -> list[str]:
    """What the officer must write: the 决算数 of every line, the incomes and balances, then each fact still 待填写."""
    todo = [f"决算明细（{lines} 行的决算数）", "收入明细（各行金额）", "结转结余（年初、年末结转和结余，逐行写）"]
    todo += [f"决算明细的资金来源：{note}" for note in checked]
    for path in _placeholders(tree, ""):
        if not path.startswith(("决算明细", "收入明细")) and path not in todo:
            todo.append(path)
    return todo


def _placeholders(node: Any, where: str) -> list[str]:
    """The paths still 待填写; a mapping by function 项 or a list named once, by its own path."""
    if isinstance(node, dict):
        if _by_code(node):
            return [where] if any(_placeholders(v, "") or v == AMOUNT_PLACEHOLDER for v in node.values()) else []
        return [p for k, v in node.items() for p in _placeholders(v, f"{where}.{k}" if where else str(k))]
    if isinstance(node, list):
        return [where] if any(_placeholders(v, where) for v in node) else []
    return [where] if isinstance(node, str) and AMOUNT_PLACEHOLDER in node else []


def _text(value: Any) -> str:
    amount = Decimal(str(value))
    return f"{amount:.2f}".removesuffix(".00")
