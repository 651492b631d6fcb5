"""budgetgen next-year: this year's spec as next year's starting point.

This year's printed figures become 上年 (each comparison the new format's text makes, 三公 as 上年三公经费,
each project's 上年预算); year and format advance; texts stay, and what must be written again for the new
year (reasons for changes, dates) becomes a placeholder that `check` names (C350) until it is filled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..checks import figure_at
from ..document import load_document, sentences
from ..formats import Format, available, is_own_format, load_format
from ..house import TABLE_KEYS, TITLE_KEY, house_style, table_title
from ..model import Budget
from ..reading.department import UNITS_KEY
from ..reading.spec import UNIT_KEYS, load_tree, plain
from ..reading.spec_text import to_yaml
from ..text.figures import figures
from ..text.sentences import DROP, NumberStyle, Sentence, fields, text_style
from .candidates import fiscal_functions, project_name
from .text import import_rules

PLACEHOLDER = "待填写"
MAX_FILLS = 200


def next_year(path: Path) -> tuple[str, list[str]]:
    """The new spec's text, and what the officer must enter again (placeholders and figures kept as a start)."""
    doc = load_document(path)
    budget = doc.budget
    fmt_name = _next_format(doc.format)
    fmt = load_format(fmt_name) if fmt_name in available() else doc.format
    tree = plain(load_tree(path))
    assert isinstance(tree, dict)
    f = figures(budget, fmt.settings.get("figures", {}))
    tree["年度"] = budget.year + 1
    if not str(tree.get("格式", "")).startswith("."):
        tree["格式"] = fmt_name if fmt_name in available() else tree.get("格式")
    style = kept_style(doc.format, fmt, dict(tree.get("版式", {}) or {}), budget.kind)
    if style:
        tree["版式"] = style  # in its place when the spec had one
    else:
        tree.pop("版式", None)
    bases = (text_style(doc.house), text_style(house_style(fmt.settings.get("版式", {}), style)))
    wording = kept_wording(doc.format, fmt, dict(tree.get("措辞", {}) or {}), bases)
    if wording:
        tree["措辞"] = wording
    last = _last_year(tree, fmt, budget, f)
    if last:
        tree["上年"] = last
    tree.pop("上年口径", None)
    if "上年三公经费" in tree or budget.kind == "unit":
        tree["上年三公经费"] = {k: _text(v) for k, v in dict(f.get("三公", {})).items()}
    for project in tree.get("项目", []) or []:
        own = sum((ln.amount for ln in budget.lines if ln.project == project.get("名称")), Decimal(0))
        if isinstance(project, dict) and "上年预算" in project:
            project["上年预算"] = _text(own)
    rewrite = tuple(doc.format.settings.get("rewrite", ()))
    todo = _placeholders(tree.get("概况", {}), "概况", rewrite)
    renew = tuple(doc.format.settings.get("renew", ()))
    todo += [f"{path}（{budget.year}年的数，请按本年改写）" for path in _one_year(tree, "", renew)]
    todo += _named_by_import(budget)
    for n, project in enumerate(tree.get("项目", []) or []):
        if isinstance(project, dict):
            todo += _placeholders(project, f"项目[{n + 1}]", rewrite)
    ordered = {k: tree[k] for k in UNIT_KEYS if k in tree} | tree
    header = f"由 budgetgen next-year 从 {path.name} 生成的 {budget.year + 1} 年规格：上年数为 {budget.year} 年公开的数"
    text, more = _complete(ordered, header, path, budget)
    return text, todo + more + _units(tree) + ["预算明细（仍为上年的明细，请按本年预算改写）"]


def kept_style(old: Format, new: Format, own: dict, kind: str) -> dict:
    """The new spec's 版式: wherever the old format, with the spec's own choices, printed otherwise than the new
    format's defaults, the old way (two-decimal tables, blank zeros, 1、 numbering change only when the office
    changes them); keys the new format does not have are dropped (E237)."""
    if old.name == new.name:
        return own
    before, defaults = house_style(old.settings.get("版式", {}), own), new.settings.get("版式", {})
    kept = {k: v for k, v in before.items() if k in defaults and k != "各表" and v != defaults[k]}
    after = house_style(defaults, kept)
    sheets = [layout["sheet"] for layout in new.tables(kind)]
    tables = {sheet: found for sheet in sheets if (found := _kept_table(before, after, sheet))}
    for sheet, title in _kept_titles(old, new, own, kind).items():
        tables[sheet] = tables.get(sheet, {}) | {TITLE_KEY: title}
    return kept | ({"各表": tables} if tables else {})


def _kept_titles(old: Format, new: Format, own: dict, kind: str) -> dict[str, str]:
    """Each table the old format titled otherwise than the new one (a year added, a word changed): its old title."""
    words, now = _Placeholders(old.wording(kind)), _Placeholders(new.wording(kind))
    was = {t["sheet"]: table_title(own, t).format_map(words) for t in old.tables(kind)}
    return {t["sheet"]: was[t["sheet"]] for t in new.tables(kind)
            if t["sheet"] in was and was[t["sheet"]] != table_title({}, t).format_map(now)}


class _Placeholders(dict):
    """A format's words (部门/单位 …) filled into a title; {year} and the other placeholders left for the new year."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def kept_wording(old: Format, new: Format, own: dict, bases: tuple[NumberStyle, NumberStyle]) -> dict:
    """The new spec's 措辞: each sentence the old format worded (or printed in numbers) otherwise than the new one
    keeps the old way, as 版式 does, when the new sentence has the figures it names; the spec's own words stay."""
    if old.name == new.name:
        return own
    before, after = sentences(old), sentences(new)
    kept = {}
    for name, was in before.items():
        now = after.get(name)
        if now is None or name in own or (was.like and was.like in own):
            continue
        entry = _kept_sentence(was, now, bases)
        if entry is not None and not (was.like and kept.get(was.like) == entry):  # said once for those worded alike
            kept[name] = entry
    return kept | own


def _kept_sentence(was: Sentence, now: Sentence, bases: tuple[NumberStyle, NumberStyle]) -> Any:
    """The spec's 措辞 entry that prints `now` as `was` printed, or None when nothing differs or it cannot."""
    entry: dict[str, Any] = {}
    if was.wording != now.wording:
        if was.wording == DROP and not now.optional:
            return None
        if was.wording != DROP and not fields(was.wording) <= set(now.figures):
            return None
        if isinstance(was.wording, Mapping) and not set(was.wording) <= set(now.wording if isinstance(now.wording, Mapping) else ()):
            return None  # cases the new sentence does not have (E251)
        entry["写法"] = was.wording
    printed, prints = vars(bases[0].over(was.style)), vars(bases[1].over(now.style))
    if printed != prints:
        entry["数字"] = {k: v for k, v in printed.items() if v != prints[k]}
    if not entry:
        return None
    return entry["写法"] if set(entry) == {"写法"} and isinstance(entry["写法"], str) else entry


def _kept_table(before: dict, after: dict, sheet: str) -> dict:
    """One table's keys (and its columns' 各列) where the old style prints otherwise than the new one would."""
    old, new = _table_style(before, sheet), _table_style(after, sheet)
    found = {k: v for k, v in old.items() if k != "各列" and v != new[k]}
    columns = {}
    for column in sorted(set(old["各列"]) | set(new["各列"])):
        was, will = (_column_style(t, column) for t in (old, new))
        if diff := {k: v for k, v in was.items() if v != will[k]}:
            columns[column] = diff
    return found | ({"各列": columns} if columns else {})


def _table_style(house: dict, sheet: str) -> dict:
    own = dict(house.get("各表", {}).get(sheet, {}))
    return {k: own.get(k, house.get(f"表格{k}", default)) for k, default in TABLE_KEYS.items()} | {
        "各列": dict(own.get("各列", {}))}


def _column_style(table: dict, column: str) -> dict:
    own = dict(table["各列"].get(column, {}))
    return {k: own.get(k, table[k]) for k in ("小数位", "零值", "千分位")}


def _units(tree: dict) -> list[str]:
    """A department's units still name this year's unit specs: each must be rolled too, then listed anew (else E234)."""
    units = [str(u) for u in tree.get(UNITS_KEY, []) or []]
    if not units:
        return []
    each = "，".join(f"budgetgen next-year {u} -o <新规格>" for u in units)
    return [f"下属单位（仍是上年的单位规格 {' '.join(units)}：每个单位也须生成下一年的规格（{each}），再把“下属单位”改为新规格）"]


def _complete(tree: dict, header: str, path: Path, budget: Budget) -> tuple[str, list[str]]:
    """Facts the new year's format asks for that this year's spec has not (E240): a figure by function 项 gets this
    year's amount as its starting value, a text a placeholder; the places filled, for the officer's list."""
    filled: list[str] = []
    for _ in range(MAX_FILLS):
        text = _yaml(tree, header)
        wanted = _missing(text, path)
        if wanted is not None and re.fullmatch(r"\d{7}", wanted) and filled:
            wanted = f"{filled[-1]}.{wanted}"  # an item of a mapping the text reads by function 项
        if wanted is None or wanted in filled:
            return text, filled
        parent, _, last = wanted.rpartition(".")
        if re.fullmatch(r"\d{7}", last) and parent:  # a mapping by function 项: every 项 of the text at once
            _put(tree, parent.split("."), {code: _starting_value(f"{parent}.{code}", budget) for code in fiscal_functions(budget.lines)})
            wanted = parent
        else:
            _put(tree, wanted.split("."), _starting_value(wanted, budget))
        if wanted not in filled:  # a mapping by function 项 is filled at once but may be asked for item by item
            filled.append(wanted)
    return _yaml(tree, header), filled


def _yaml(tree: dict, header: str) -> str:
    """The spec as text; a text that reads as a number (文字零值: "0.00") stays text."""
    return re.sub(r"!!int '([^']*)'", r'"\1"', to_yaml(tree, header))


def _missing(text: str, path: Path) -> str | None:
    """The first fact the new spec's text lacks, by its path, or None when the text renders."""
    import tempfile

    from ..build import narrative
    from ..problems import SpecError

    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / path.name
        trial.write_text(text, "utf-8")
        try:
            narrative(load_document(trial))
        except SpecError as exc:
            return next((p.subject for p in exc.problems if p.code == "E240" and p.subject), None)
    return None


def _starting_value(wanted: str, budget: Budget) -> str:
    code = wanted.rsplit(".", 1)[-1]
    if wanted.startswith("概况"):
        return PLACEHOLDER
    own = [ln.amount for ln in budget.lines if ln.function == code and ln.source_group == "政府预算拨款"]
    return _text(sum(own, Decimal(0)))


def _put(tree: dict, keys: list[str], value: Any) -> None:
    for key in keys[:-1]:
        tree = tree.setdefault(key, {})
    tree[keys[-1]] = value


def _next_format(fmt: Format) -> str:
    """The format of next year: the one its format.yaml names (`next`), when shipped; else the same format."""
    following = str(fmt.settings.get("next", fmt.name))
    return following if not is_own_format(fmt.name) and following in available() else fmt.name


def _last_year(tree: dict, fmt, budget: Budget, f: dict) -> dict[str, str]:
    """上年: every comparison the format's text makes (its `reasons`, its import.yaml), as this year printed it."""
    wanted: dict[str, Decimal] = {}
    for item in fmt.settings.get("reasons", []):
        before = str(item.get("before", ""))
        if before.startswith("上年."):
            wanted[before.removeprefix("上年.")] = figure_at(f, item["now"])
    for path, rule in import_rules(fmt).get("文字", {}).items():
        if path.startswith("上年.") and isinstance(rule, dict) and "本年" in rule:
            criteria = {k: (tuple(v) if isinstance(v, list) else v) for k, v in rule["本年"].items()}
            wanted[path.removeprefix("上年.")] = sum((ln.amount for ln in budget.lines if ln.matches(criteria)), Decimal(0))
    for key in dict(tree.get("上年", {}) or {}):
        wanted.setdefault(key, figure_at(f, key) if key in f else Decimal(0))
    return {k: _text(v) for k, v in wanted.items()}


def _named_by_import(budget: Budget) -> list[str]:
    """Projects still named as import names an unnamed one (its function 项's name and code): to be named as they are."""
    invented = [p.name for p in budget.projects if any(
        p.name == project_name(budget.catalog, ln.function) for ln in budget.lines if ln.project == p.name)]
    return [f"项目名称 {'，'.join(invented)}（导入时按功能科目命名，请改为实际项目）"] if invented else []


def _one_year(node: Any, where: str, renew: tuple[str, ...]) -> list[str]:
    """Where the facts of one year are (format.yaml `renew`: 绩效目标设置, vehicle and equipment counts, 单位构成):
    kept as a start, each listed for the officer (a count is not a text that could hold 待填写)."""
    if not isinstance(node, dict):
        return []
    found = []
    for key, value in node.items():
        path = f"{where}.{key}" if where else str(key)
        found += [path] if key in renew else _one_year(value, path, renew) if key == "概况" or where else []
    return found


def _placeholders(node: Any, where: str, rewrite: tuple[str, ...]) -> list[str]:
    """Replace this year's explanations by placeholders; the places replaced, for the officer's list."""
    found: list[str] = []
    if not isinstance(node, dict):
        return found
    for key, value in node.items():
        path = f"{where}.{key}"
        if key in rewrite:
            node[key] = {k: PLACEHOLDER for k in value} if isinstance(value, dict) else PLACEHOLDER
            found.append(path)
        elif key == "截至":
            node[key] = PLACEHOLDER
            found.append(path)
        elif isinstance(value, dict):
            found += _placeholders(value, path, rewrite)
    return found


def _text(value: Any) -> str:
    amount = Decimal(str(value))
    return f"{amount:.2f}".removesuffix(".00")
