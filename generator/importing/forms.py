"""The 财政项目支出绩效目标填报表 a format's documents print (2023 department documents, 第八部分): each form read
from its ruled rows by its printed labels (import.yaml 绩效目标填报表), and its project given its name, category
and form, its funds taken out of a project line as the 项目经费情况说明 are.

A form is found by its rows, not by where its rules fall: WPS prints one ruled grid per form, budgetgen three
(head, goals, indicators), and a long list of indicators runs on to the next page; each form begins at the row
whose first cell is the label of its project's name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..model import Project
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


def formed_projects(lines: list, listed: Sequence[Project], forms: Sequence[Mapping[str, Any]],
                    named: set[str]) -> tuple[list, list[Project]]:
    """The lines and projects with each form's project: a project already named so takes the form; another takes
    the form's funds out of project lines not yet named (one of exactly that amount, else the largest in turn).
    `named` gains the forms' names."""
    projects = {p.name: p for p in listed}
    for form in forms:
        name = form["名称"]
        if not name:
            continue
        facts = {FORM_KEY: form["填报表"]}
        if name not in projects:
            lines = _carved(lines, projects, name, form["金额"], named)
        if name in projects:
            base = projects[name]
            projects[name] = replace(base, category=form["类别"] or base.category, facts=dict(base.facts) | facts)
            named.add(name)
    used = {ln.project for ln, _, _ in lines}
    return lines, [p for p in projects.values() if p.name in used]


def _carved(lines: list, projects: dict[str, Project], name: str, amount: Decimal | None, named: set[str]) -> list:
    """Lines of projects not yet named give `amount` to the project `name` (a copy of the first one's)."""
    free = [n for n, (ln, a, _) in enumerate(lines) if ln.project and ln.project not in named and a > 0]
    if amount is None or amount <= 0 or not free:
        return lines
    exact = [n for n in free if lines[n][1] == amount]
    order = exact[:1] or sorted(free, key=lambda n: -lines[n][1])
    projects[name] = replace(projects[lines[order[0]][0].project], name=name, facts={})
    left = amount
    for n in order:
        if left <= 0:
            break
        line, have, sure = lines[n]
        part = min(have, left)
        lines[n] = (line, have - part, False)
        lines.append((replace(line, project=name), part, sure and part == have))
        left -= part
    return [t for t in lines if t[1]]
