"""A loaded spec (Chinese keys) becomes a typed Budget, or every problem in it is reported."""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from ..model import (
    BASIC,
    UNIT_TYPES,
    Budget,
    Catalog,
    Indicator,
    Line,
    Performance,
    Project,
    Purchase,
    SubItem,
    Task,
    Unit,
)
from ..problems import Place, Problem, SpecError
from ..tables.data import criterion_room
from .catalog import code_of as _code
from .catalog import document_of, read_print_names, spec_catalog
from .department import UNITS_KEY, read_department, unit_with_counts
from .facts import fact_places, known_keys, placeholders, plain, read_accepted, read_facts, read_house, read_wording
from .fields import Reader, unit_type_of
from .juesuan import DOCUMENT as FINAL
from .juesuan import read_final
from .load import Node, load_file
from .shape import FORM_KEYS, LINE_KEYS, LINE_OPTIONAL, PURCHASE_KINDS, THREE_PUBLIC_KEYS, UNIT_KEYS
from .texts import unwritable

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_SAFE_NAME = re.compile(r"^[^/\\\x00-\x1f]+$")
_DIGITS = re.compile(r"[0-9]+")


def read_spec(path: Path, catalog: Catalog | None = None, _seen: tuple[Path, ...] = (),
              extra: Path | None = None) -> Budget:
    """Load and validate one spec file into a Budget; raise SpecError with every problem.

    A department spec lists its units' spec files under 下属单位; its budget is theirs combined.
    Codes are checked against the catalog of the spec's year (or `catalog` when given).
    """
    root = load_tree(path)
    reader = Reader(str(path))
    reader.problems += unwritable(root)
    if document_of(root, reader) == FINAL:
        resolved, notes = spec_catalog(root, reader, catalog, extra)
        budget = replace(read_final(root, reader, resolved), notes=tuple(notes))
        if reader.problems:
            raise SpecError(reader.problems)
        return replace(budget, notes=budget.notes + tuple(placeholders(root)))
    unit_with_counts(root, reader)
    if isinstance(root.value, dict) and (UNITS_KEY in root.value or "单位构成" in root.value):
        budget = read_department(root, reader, catalog, path, _seen + (path.resolve(),), extra, read_spec, read_own)
    else:
        resolved, notes = spec_catalog(root, reader, catalog, extra)
        budget = replace(_budget(root, reader, resolved), notes=tuple(notes), names=read_print_names(root, reader, resolved))
    if reader.problems:
        raise SpecError(reader.problems)
    return replace(budget, notes=budget.notes + tuple(placeholders(root)))




def load_tree(path: Path) -> Node:
    """A spec file's tree, from YAML or from a filled input workbook."""
    if path.suffix.lower() in (".xls", ".et", ".ods"):
        raise SpecError([Problem("E303", Place(str(path)), "只能读取 .xlsx 工作簿：请在 Excel/WPS 中“另存为”Excel 工作簿（.xlsx）")])
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return load_file(path)
    from .excel_import import read_workbook  # only for a workbook: a YAML spec's build starts without it

    return read_workbook(path)


def _budget(root: Node, r: Reader, catalog: Catalog) -> Budget:
    if not isinstance(root.value, dict):
        r.fail("E201", root.place, "规格文件的顶层应为键值表（“键: 值”）")
        raise SpecError(r.problems)
    known_keys(r, root, UNIT_KEYS)
    own = read_own(root, r, catalog, r.text(root, "单位名称"), required=True)
    return Budget(
        file=r.file,
        format=r.text(root, "格式"),
        year=r.year(root, "年度"),
        title_name=r.text(root, "部门名称"),
        department=r.text(root, "主管部门"),
        units=own.units,
        lines=own.lines,
        projects=own.projects,
        purchases=own.purchases,
        catalog=catalog,
        carry_forward=own.carry_forward,
        facts=read_facts(r, root),
        places={key: node.place for key, node in root.value.items()} | fact_places(root),
        accepted=read_accepted(r, root),
        house=read_house(r, root),
        wording=read_wording(r, root),
    )


def read_own(root: Node, r: Reader, catalog: Catalog, unit_name: str, required: bool) -> Budget:
    """The budget a spec holds itself (a unit's, or a department's lines for units it does not list)."""
    _check_name(r, root, "单位名称", unit_name)
    unit_type = r.choice(root, "单位类型", UNIT_TYPES) if root.get("单位类型") is not None else UNIT_TYPES[0]
    projects = tuple(_project(r, node, unit_name, catalog) for node in r.items(root, "项目"))
    lines = tuple(_lines(r, root, unit_name, projects, catalog, unit_type, required))
    unit = Unit(name=unit_name, three_public_last=_three_public(r, root, required or bool(lines)),
                performance=_performance(r, root), place=root.place, unit_type=unit_type)
    return Budget(file=r.file, format="", year=0, title_name="", department="", units=(unit,) if lines or required else (),
                  lines=lines, projects=projects, catalog=catalog,
                  purchases=tuple(_purchase(r, node, unit_name, catalog) for node in r.items(root, "政府采购")),
                  carry_forward=r.amount(root, "结转下年", required=False))


def _check_name(r: Reader, node: Node, key: str, name: str) -> None:
    if name and (not _SAFE_NAME.match(name) or name in (".", "..") or ".." in name):
        found = node.get(key)
        r.fail("E211", found.place if found else node.place, f"“{key}”含有不能用作文件名的字符：{name}")
    _summed_name(r, node, key, name)


def _summed_name(r: Reader, node: Node, key: str, name: str) -> None:
    """E214: the tables sum lines by unit, project and sub-project name in SUMIFS, which Excel refuses past 255
    characters: a longer name is found at its line rather than in a workbook Excel cannot open."""
    if len(name) > (room := criterion_room(name)):
        found = node.get(key)
        r.fail("E214", found.place if found else node.place, f"“{key}”过长（{len(name)} 个字）：表中的公式按名称汇总，"
                                                           f"Excel 公式中的一段文字最多 255 个字符，请缩短到 {room} 个字以内")


def _project(r: Reader, node: Node, unit: str, catalog: Catalog) -> Project:
    subitems = tuple(
        SubItem(r.text(sub, "名称"), r.text(sub, "用途", required=False), sub.place)
        for sub in r.items(node, "二级项目")
    )
    for sub, item in zip(r.items(node, "二级项目"), subitems, strict=True):
        _summed_name(r, sub, "名称", item.name)
    consumed = {"名称", "类别", "二级项目"}
    form = node.get("绩效目标填报表")
    if form is not None and isinstance(form.value, dict):
        known_keys(r, form, FORM_KEYS)
    elif form is not None and form.value is not None:
        r.fail("E201", form.place, "“绩效目标填报表”应为键值表（“键: 值”）")
    last = node.get("上年预算") if isinstance(node.value, dict) else None
    if last is not None and last.value is not None:
        r.amount_of(last, "“上年预算”")
    facts = {k: plain(v) for k, v in node.value.items() if k not in consumed and v.value is not None} \
        if isinstance(node.value, dict) else {}
    _summed_name(r, node, "名称", r.text(node, "名称"))
    return Project(
        name=r.text(node, "名称"),
        category=r.choice(node, "类别", catalog.categories) if catalog.categories else r.text(node, "类别"),
        unit=unit,
        subitems=subitems,
        facts=facts,
        place=node.place,
    )


def _lines(r: Reader, root: Node, unit: str, projects: tuple[Project, ...], catalog: Catalog, unit_type: str,
           required: bool = True):
    owners: dict[str, tuple[Project, str | None]] = {}
    for project in projects:
        for name, place, sub in [(project.name, project.place, None)] + [(x.name, x.place, x.name) for x in project.subitems]:
            if name in owners or name == BASIC:
                r.fail("E226", place, f"项目或二级项目名称“{name}”重复（预算明细按名称归属，名称须唯一，且不能是“{BASIC}”）")
            owners.setdefault(name, (project, sub))
    nodes = r.items(root, "预算明细", required=required)
    for node in nodes:
        line = _line(r, node, unit, owners, catalog, unit_type)
        if line is not None:
            yield line


def _line(r: Reader, node: Node, unit: str, owners: dict, catalog: Catalog, unit_type: str) -> Line | None:
    cells = _line_cells(r, node)
    if cells is None:
        return None
    nature, function, economic, source, amount = cells[:5]
    if len(cells) > 5 and cells[5] is not None:
        unit_type = unit_type_of(r, cells[5], unit_type)
    owner = nature.value if isinstance(nature.value, str) else ""
    project, subitem = (None, None)
    if owner != BASIC:
        if owner not in owners:
            r.fail("E220", nature.place, _unknown_owner(owner, owners))
            return None
        project, subitem = owners[owner]
    fcode = _code(r, function, "功能科目", 7, catalog, catalog.functions)
    ecode = _code(r, economic, "经济科目", 5, catalog, catalog.economics)
    src = source.value if isinstance(source.value, str) else ""
    if src not in catalog.source_groups:
        r.fail("E223", source.place, f"资金来源“{_text(source)}”不存在，应为 {'、'.join(catalog.source_groups)} 之一")
        return None
    return Line(
        unit=unit,
        project=project.name if project else None,
        subitem=subitem,
        category=project.category if project else BASIC,
        function=fcode,
        economic=ecode,
        source=src,
        source_group=catalog.source_groups[src],
        amount=r.amount_of(amount, "金额"),
        place=node.place,
        unit_type=unit_type,
    )


def _unknown_owner(owner: str, owners: dict) -> str:
    """E220 says what to do: the defined name it most resembles (a typo), else where a project is declared."""
    near = difflib.get_close_matches(owner, list(owners), n=1, cutoff=0.5)
    hint = f"，是否想写“{near[0]}”？" if near else "；新项目请先在“项目”中写明名称和类别，再在预算明细中使用"
    return f"“{owner}”既不是“{BASIC}”，也不是已定义的项目或二级项目{hint}"


def _line_cells(r: Reader, node: Node) -> list[Node | None] | None:
    if isinstance(node.value, list):
        if len(node.value) not in (len(LINE_KEYS), len(LINE_KEYS) + len(LINE_OPTIONAL)):
            r.fail("E224", node.place, f"预算明细每行应有 {len(LINE_KEYS)} 项：{'、'.join(LINE_KEYS)}"
                                       f"（可再加“{'、'.join(LINE_OPTIONAL)}”），这里有 {len(node.value)} 项"
                                       + _comma_hint(node.value))
            return None
        empty = [(key, cell) for key, cell in zip(LINE_KEYS + LINE_OPTIONAL, node.value, strict=False)
                 if cell.value is None]
        for key, cell in empty:
            r.fail("E202", cell.place, f"缺少“{key}”")
        return None if empty else node.value
    if isinstance(node.value, dict):
        cells = [r.child(node, key) for key in LINE_KEYS]
        return None if any(c is None for c in cells) else cells + [node.get("单位类型")]
    r.fail("E224", node.place, f"预算明细每行应为列表 [{'，'.join(LINE_KEYS)}]")
    return None


def _comma_hint(cells: list[Node]) -> str:
    """A line longer than it may be whose tail is all digit groups had an amount written with thousands commas,
    which YAML reads as separate items (3,120,000 → 3, 120, 000): say so, with the amount to write instead."""
    tail = [str(cell.value) for cell in cells[len(LINE_KEYS) - 1:]]
    if len(tail) < 2 or not all(_DIGITS.fullmatch(part) for part in tail):
        return ""
    return f"：金额中的逗号把一行分成了多项，请去掉千分位逗号，写作 {''.join(tail)}（元）"


def _purchase(r: Reader, node: Node, unit: str, catalog: Catalog) -> Purchase:
    function = r.child(node, "功能科目")
    return Purchase(
        unit=unit,
        function=_code(r, function, "功能科目", 7, catalog, catalog.functions) if function else "",
        kind=r.choice(node, "品目", PURCHASE_KINDS),
        amount=r.amount(node, "金额"),
        sme=r.amount(node, "面向中小企业", required=False),
        micro=r.amount(node, "面向小型微型企业", required=False),
        place=node.place,
    )


def _three_public(r: Reader, root: Node, required: bool = True) -> dict[str, Decimal]:
    node = r.child(root, "上年三公经费", required=required)
    return {key: r.amount(node, key) for key in THREE_PUBLIC_KEYS} if node else {}


def _performance(r: Reader, root: Node) -> Performance:
    node = r.child(root, "绩效目标", required=False)
    tasks = tuple(
        Task(r.text(t, "任务名称"), r.text(t, "主要内容"), r.amount(t, "财政拨款"),
             r.amount(t, "其他资金", required=False), t.place)
        for t in r.items(node, "任务")
    )
    indicators = []
    for item in r.items(node, "指标"):
        values = item.value if isinstance(item.value, list) else []
        if len(values) != 4 or not all(isinstance(v.value, str) for v in values):
            r.fail("E225", item.place, "绩效指标每行应为 [一级指标, 二级指标, 三级指标, 目标值]")
            continue
        indicators.append(Indicator(*(v.value for v in values)))
    goal = r.text(node, "年度总体目标") if node else ""
    return Performance(tasks, goal, tuple(indicators))


def _text(node: Node) -> str:
    return node.value.strip() if isinstance(node.value, str) else ""


