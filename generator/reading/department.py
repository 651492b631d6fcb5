"""A department spec: its own facts, and the units' spec files it lists under 下属单位, combined.

Each unit is read as the unit spec it is (its problems keep their own file and line);
units must share the department's format and year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from ..model import UNIT_TYPES, Budget, Catalog
from ..problems import SpecError
from .catalog import read_print_names, spec_catalog
from .facts import fact_places, known_keys, read_accepted, read_facts, read_house, read_wording
from .fields import Reader, numeral
from .limits import check_department_size
from .load import Node
from .shape import DEPARTMENT_KEYS

UNITS_KEY = "下属单位"

ReadUnit = Callable[..., Budget]


def read_department(root: Node, r: Reader, catalog: Catalog | None, path: Path, seen: tuple[Path, ...],
                    extra: Path | None, read_unit: ReadUnit, read_own: ReadUnit) -> Budget:
    """The department's units combined, with the lines it holds itself for units it does not list."""
    known_keys(r, root, DEPARTMENT_KEYS)
    year, fmt = r.year(root, "年度"), r.text(root, "格式")
    title = r.text(root, "部门名称")
    shared, notes = spec_catalog(root, r, catalog, extra)  # the department's 补充科目 hold for every unit
    check_department_size(path, _listed(root, path.parent))
    parts = [b for node in r.items(root, UNITS_KEY)
             if (b := _unit_spec(r, node, path.parent, shared, seen, (fmt, year), extra, read_unit)) is not None]
    if root.get("预算明细") is not None:
        parts.append(read_own(root, r, shared, r.text(root, "单位名称", required=False, default=title), False))
    elif not parts and not r.problems:
        listed = root.get(UNITS_KEY)
        r.fail("E231", listed.place if listed else root.place, "“下属单位”至少列出一个单位的规格文件（或由部门自己写出“预算明细”）")
    catalog = _merged([b.catalog for b in parts]) if parts else shared
    counts = _counts(r, root)
    names = [u.name for b in parts for u in b.units]
    for name in sorted({n for n in names if names.count(n) > 1}):
        r.fail("E233", root.place, f"下属单位“{name}”出现了不止一次")
    return Budget(
        file=r.file, format=fmt, year=year, title_name=title,
        department=r.text(root, "主管部门", required=False, default=title),
        units=tuple(u for b in parts for u in b.units),
        lines=tuple(ln for b in parts for ln in b.lines),
        projects=tuple(p for b in parts for p in b.projects),
        purchases=tuple(p for b in parts for p in b.purchases),
        catalog=catalog,
        carry_forward=sum((b.carry_forward for b in parts), Decimal(0)),
        notes=tuple(notes) + tuple(n for b in parts for n in b.notes),
        facts=read_facts(r, root) | {"单位构成": counts or _counted(parts)},
        places={key: node.place for key, node in root.value.items()} | fact_places(root),
        accepted=read_accepted(r, root) + tuple(a for b in parts for a in b.accepted),
        kind="department",
        house=read_house(r, root),
        wording=read_wording(r, root),
        names=read_print_names(root, r, catalog),  # the department's own: its document prints as it says
    )


def unit_with_counts(root: Node, r: Reader) -> None:
    """E216: 单位构成 makes a spec a department's; in a spec that names its 单位名称 and lists no 下属单位 (a unit's)
    it would silently turn the unit's document into a department's (title, cover, table headers)."""
    if isinstance(root.value, dict) and UNITS_KEY not in root.value and "单位名称" in root.value:
        if (counts := root.get("单位构成")) is not None:
            r.fail("E216", counts.place, "写了“单位名称”而没有“下属单位”的是单位的规格，不能写“单位构成”（它使本文件成为"
                                         "部门的文档）：单位的文档请删去“单位构成”；部门自己写出各单位的预算明细时，请删去“单位名称”")


def _counts(r: Reader, root: Node) -> dict[str, int]:
    """单位构成 as written: how many units of each type the department has."""
    node = r.child(root, "单位构成", required=False)
    if node is None or not isinstance(node.value, dict):
        return {}
    counts = {}
    for kind, child in node.value.items():
        count = numeral(str(child.value))
        if kind not in UNIT_TYPES or count is None or not count.isascii() or not count.isdigit():
            r.fail("E236", child.place, f"单位构成应写成“单位类型: 家数”，单位类型为 {'、'.join(UNIT_TYPES)} 之一")
        else:
            counts[kind] = int(count)
    return counts


def _counted(parts: list[Budget]) -> dict[str, int]:
    """单位构成 counted from the units the department lists."""
    types = [u.unit_type for b in parts for u in b.units]
    return {kind: types.count(kind) for kind in UNIT_TYPES}


def _listed(root: Node, folder: Path) -> list[Path]:
    """The unit spec files the department lists that exist inside its folder (the rest fail later, one by one)."""
    listed = root.get(UNITS_KEY)
    nodes = listed.value if listed is not None and isinstance(listed.value, list) else []
    paths = [folder / n.value.strip() for n in nodes if isinstance(n.value, str) and n.value.strip()
             and not any(ord(c) < 32 or c == "\x7f" for c in n.value)]
    return [p for p in paths if p.resolve().is_relative_to(folder.resolve()) and p.is_file()]


def _unit_spec(r: Reader, node: Node, folder: Path, catalog: Catalog | None, seen: tuple[Path, ...],
               expected: tuple[str, int], extra: Path | None, read_unit: ReadUnit) -> Budget | None:
    """One unit of a department: its own spec file, which must share the department's format and year."""
    if not isinstance(node.value, str) or not node.value.strip():
        r.fail("E231", node.place, "下属单位应写成单位规格文件的路径，如 unit-a.yaml")
        return None
    if any(ord(c) < 32 or c == "\x7f" for c in node.value):  # a NUL would stop the OS call; no file is named so
        r.fail("E231", node.place, "下属单位的文件名中有控制字符（看不见的字符，如 \\0）：请重新输入文件名")
        return None
    target = folder / node.value.strip()
    if not target.resolve().is_relative_to(folder.resolve()):
        r.fail("E244", node.place, f"下属单位的规格文件“{node.value.strip()}”不在部门规格所在的文件夹之内"
                                   "（别人发来的规格不能读取其他位置的文件）")
        return None
    if not target.is_file():
        r.fail("E231", node.place, f"找不到下属单位的规格文件“{node.value.strip()}”")
        return None
    if target.resolve() in seen:
        r.fail("E232", node.place, f"下属单位“{node.value.strip()}”引用了自身所在的部门")
        return None
    try:
        unit = read_unit(target, catalog, seen, extra)
    except SpecError as exc:
        r.problems += exc.problems
        return None
    if (unit.format, unit.year) != expected:
        r.fail("E234", node.place, f"下属单位的格式和年度（{unit.format}，{unit.year}）与部门（{expected[0]}，{expected[1]}）不一致")
        return None
    return unit


def _merged(catalogs: list[Catalog]) -> Catalog:
    """The units' catalogs together (each may name codes of its own)."""
    functions, economics = {}, {}
    for c in catalogs:
        functions |= c.functions
        economics |= c.economics
    return replace(catalogs[0], functions=functions, economics=economics)
