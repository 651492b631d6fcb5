"""Which codes a spec may use: the shipped catalog of its year, an officer's CSV, and the spec's own 补充科目.

New units use codes no reference document printed; they name them in the spec, and a
note says so. A name that contradicts the catalog is an error naming both.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..formats import FormatError, FormatOutside, load_catalog, load_format
from ..model import Catalog
from ..problems import Problem
from .fields import Reader
from .load import Node

EXTRA_KEY = "补充科目"
KINDS = {"功能科目": ("functions", (3, 5, 7)), "经济科目": ("economics", (3, 5))}


def spec_catalog(root: Node, r: Reader, given: Catalog | None, extra: Path | None) -> tuple[Catalog, list[Problem]]:
    """The catalog a spec's codes are checked against, and the notes on codes it adds."""
    year = root.get("年度").value if isinstance(root.value, dict) and root.get("年度") else None
    catalog = given or load_catalog(int(year) if isinstance(year, str) and year.strip().isdigit() else None, extra)
    catalog = _with_categories(root, r, catalog)
    notes: list[Problem] = []
    section = root.get(EXTRA_KEY) if isinstance(root.value, dict) else None
    if section is None:
        return catalog, notes
    for kind, node in (section.value or {}).items() if isinstance(section.value, dict) else []:
        if kind not in KINDS:
            r.fail("E212", node.place, f"“{EXTRA_KEY}”下应为 {'、'.join(KINDS)}，而不是“{kind}”")
            continue
        attribute, lengths = KINDS[kind]
        names = dict(getattr(catalog, attribute))
        for code, name in (node.value or {}).items() if isinstance(node.value, dict) else []:
            _add(r, notes, kind, lengths, names, code, name)
        catalog = replace(catalog, **{attribute: names})
    return catalog, notes


def _add(r: Reader, notes: list[Problem], kind: str, lengths: tuple, names: dict, code: str, node: Node) -> None:
    name = node.value.strip() if isinstance(node.value, str) else ""
    if not re.fullmatch(r"\d+", code) or len(code) not in lengths or not name:
        r.fail("E227", node.place, f"{EXTRA_KEY}中的{kind}应写成“编码: 名称”，编码为 {'、'.join(map(str, lengths))} 位数字")
    elif code in names and names[code] != name:
        r.fail("E228", node.place, f"{kind} {code} 在科目目录中为“{names[code]}”，规格中写作“{name}”")
    elif code not in names:
        names[code] = name
        notes.append(Problem("N228", node.place, f"{kind} {code} 不在所用年度的科目目录中，使用规格中的名称“{name}”", "note"))


def _with_categories(root: Node, r: Reader, catalog: Catalog) -> Catalog:
    """Project categories as the spec's format prints them (format.yaml 项目类别), else the shipped list."""
    node = root.get("格式") if isinstance(root.value, dict) else None
    if node is None or not isinstance(node.value, str):
        return catalog
    try:
        own = load_format(node.value.strip(), Path(r.file).parent).settings.get("项目类别")
    except (KeyError, FormatOutside, FormatError):
        return replace(catalog, categories=())  # not checked: the format itself is reported once it is loaded
    return replace(catalog, categories=tuple(own)) if own else catalog
