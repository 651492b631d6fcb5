"""The 财政项目支出绩效目标填报表 a format's documents print (2023 department documents, 第八部分): each form read
from its ruled rows by its printed labels (import.yaml 绩效目标填报表), and its project given its name, category
and form, its funds taken out of a project line as the 项目经费情况说明 are.

A form is found by its rows, not by where its rules fall: WPS prints one ruled grid per form, budgetgen three
(head, goals, indicators), and a long list of indicators runs on to the next page; each form begins at the row
whose first cell is the label of its project's name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..model import WAN, Project
from .recognise import norm, number
from .source import Page

FORM_KEY = "绩效目标填报表"


def project_forms(rules: Mapping[str, Any], pages: Sequence[Page]) -> list[dict[str, Any]]:
    """Each form the document prints, in order: {名称, 类别, 金额 (yuan), 填报表: the spec's 绩效目标填报表}."""
    spec = rules.get(FORM_KEY)
    if not spec:
        return []
    first = next((n for n, p in enumerate(pages) if spec["标题"] in norm(p.text)), None)
    if first is None:
        return []
    rows = [tuple(_cell(c) for c in row) for page in pages[first:] for grid in page.tables for row in grid]
    name_label = next(label for label, key in spec["项目"].items() if key == "名称")
    starts = [n for n, row in enumerate(rows) if next((c for c in row if c), "") == name_label]
    return [_form(rows[a:b], spec) for a, b in zip(starts, [*starts[1:], len(rows)], strict=True)]


def _cell(text: str) -> str:
    """A cell's text as one line: the form wraps long words at its rules."""
    return "".join(part.strip() for part in str(text).splitlines())


def _form(rows: list[tuple[str, ...]], spec: Mapping[str, Any]) -> dict[str, Any]:
    labelled = _labelled(rows)
    found = {key: labelled.get(label, "") for label, key in spec["项目"].items()}
    amount = number(found.get("金额", ""))
    form: dict[str, Any] = {key: labelled[key] for key in spec["各栏"] if labelled.get(key)}
    form |= {key: value for key, value in _below(rows, spec["目标"]).items() if value}
    form["指标"] = _indicators(rows, spec["指标"])
    return {"名称": found.get("名称", ""), "类别": found.get("类别", ""), "填报表": form,
            "金额": amount[0] if amount else None}


def _labelled(rows: list[tuple[str, ...]]) -> dict[str, str]:
    """Each cell's text → the next non-empty cell to its right (a label and its value, as the form prints them)."""
    found: dict[str, str] = {}
    for row in rows:
        for k, cell in enumerate(row):
            value = next((c for c in row[k + 1:] if c), "")
            if cell and value:
                found.setdefault(cell, value)
    return found


def _below(rows: list[tuple[str, ...]], labels: Sequence[str]) -> dict[str, str]:
    """Labels printed side by side in a row, each with the text under it in the next row."""
    for n, row in enumerate(rows[:-1]):
        if all(label in row for label in labels):
            return {label: rows[n + 1][row.index(label)] for label in labels}
    return {}


def _indicators(rows: list[tuple[str, ...]], labels: Sequence[str]) -> list[list[str]]:
    """The indicator rows under their header (printed again on each page a long list runs on to, its columns
    where that page's rules put them), each level carried down where the form merges its cells."""
    columns: list[int] = []
    found: list[list[str]] = []
    for row in rows:
        if all(label in row for label in labels):
            columns = [row.index(label) for label in labels]
            continue
        cells = [row[c] if c < len(row) else "" for c in columns]
        if not columns or not any(cells[-2:]):
            continue
        above = found[-1] if found else [""] * len(cells)
        found.append([cell or (above[k] if k < len(cells) - 2 else "") for k, cell in enumerate(cells)])
    return found


def listed_projects(rules: Mapping[str, Any], text: str) -> list[dict[str, Any]]:
    """The projects a sentence lists by name and amount (import.yaml 绩效项目: “其中：依法治区和法制业务3845.49万元，
    ……”), as forms without a form: their amounts in yuan as printed to the 万元's two places."""
    spec = rules.get("绩效项目")
    found = re.search(spec["模式"], text) if spec else None
    if found is None:
        return []
    return [{"名称": item.group("name"), "类别": "", "填报表": None, "金额": Decimal(item.group("amount").replace(",", "")) * WAN,
             "误差": WAN / 200} for item in re.finditer(spec["各项"], found.group("v"))]


def formed_projects(lines: list, listed: Sequence[Project], forms: Sequence[Mapping[str, Any]],
                    named: set[str]) -> tuple[list, list[Project]]:
    """The lines and projects with each form's project: a project already named so takes the form; another takes
    the form's funds out of projects not yet named: first the forms whose amount one project has (to the precision
    it is printed to), then the others from the smallest project that holds them (else the largest in turn).
    `named` gains the forms' names."""
    projects, done = {p.name: p for p in listed}, set()
    for exact in (True, False):
        for form in forms:
            name = form["名称"]
            if not name or name in done:
                continue
            if name not in projects:
                lines = _carved(lines, projects, name, form, named, exact)
            if name in projects:
                base = projects[name]
                facts = {FORM_KEY: form["填报表"]} if form.get("填报表") else {}
                projects[name] = replace(base, category=form["类别"] or base.category, facts=dict(base.facts) | facts)
                named.add(name)
                done.add(name)
    used = {ln.project for ln, _, _ in lines}
    order = [p.name for p in listed] + [f["名称"] for f in forms if f["名称"] in projects]  # as the document prints them
    return lines, [projects[name] for name in dict.fromkeys(order) if name in used]


def _carved(lines: list, projects: dict[str, Project], name: str, form: Mapping[str, Any], named: set[str],
            exact: bool) -> list:
    """Projects not yet named give the form's amount to the project `name` (a copy of the first one's): one of that
    amount (all its lines) if `exact`, else the smallest that holds it, else the largest in turn."""
    amount, near = form["金额"], form.get("误差", Decimal(0))
    totals: dict[str, Decimal] = {}
    for ln, have, _ in lines:
        if ln.project and ln.project not in named and have > 0:
            totals[ln.project] = totals.get(ln.project, Decimal(0)) + have
    same = [p for p, total in totals.items() if abs(total - amount) <= near] if amount else []
    if not amount or amount <= 0 or not totals or exact and not same:
        return lines
    holding = sorted((p for p, total in totals.items() if total >= amount), key=lambda p: totals[p])
    donors = same[:1] or holding[:1] or sorted(totals, key=lambda p: -totals[p])
    left = totals[donors[0]] if same else amount
    projects[name] = replace(projects[donors[0]], name=name, facts={})
    for n in sorted((n for n, (ln, have, _) in enumerate(lines) if ln.project in donors and have > 0),
                    key=lambda n: (donors.index(lines[n][0].project), -lines[n][1])):
        line, have, sure = lines[n]
        part = min(have, left)
        if part <= 0:
            break
        lines[n] = (line, have - part, False)
        lines.append((replace(line, project=name), part, sure and part == have))
        left -= part
    return [t for t in lines if t[1]]
