"""A 决算 (final accounts) spec becomes a Budget: its lines with 决算数 and both 预算数, its income by type and
function, its 结转和结余, the 总表's totals, the 三公 budget and last year's figures.

A 决算 is read by its format (`document: 决算`); every amount is yuan, every problem recorded on the Reader.
"""

from __future__ import annotations

from decimal import Decimal

from ..juesuan_model import FISCAL, SURPLUS_USE, Balance, Income
from ..model import NATURES, UNIT_TYPES, Budget, Catalog, Line, Performance, Unit
from ..problems import SpecError
from .catalog import code_of as _code
from .catalog import read_print_names
from .facts import fact_places, known_keys, plain, read_accepted, read_facts, read_house, read_wording
from .fields import Reader, unit_type_of
from .load import Node
from .shape import (
    BALANCE_KEYS,
    FINAL_INCOME_KEYS,
    FINAL_KEYS,
    FINAL_LINE_KEYS,
    FINAL_LINE_OPTIONAL,
    LAST_THREE_PUBLIC_KEYS,
    MEMBER_KEYS,
    THREE_PUBLIC_KEYS,
)

DOCUMENT = "决算"


def read_final(root: Node, r: Reader, catalog: Catalog) -> Budget:
    """The 决算 a spec holds: one document for the department, its units listed under 单位构成."""
    if not isinstance(root.value, dict):
        r.fail("E201", root.place, "规格文件的顶层应为键值表（“键: 值”）")
        raise SpecError(r.problems)
    known_keys(r, root, FINAL_KEYS)
    unit_name = r.text(root, "单位名称")
    unit_type = r.choice(root, "单位类型", UNIT_TYPES) if root.get("单位类型") is not None else UNIT_TYPES[0]
    lines = tuple(x for node in r.items(root, "决算明细", required=True)
                  if (x := _line(r, node, unit_name, catalog, unit_type)) is not None)
    unit = Unit(name=unit_name, three_public_last=_amounts(r, root, "上年三公经费", LAST_THREE_PUBLIC_KEYS),
                performance=Performance((), "", ()), place=root.place, unit_type=unit_type)
    facts = read_facts(r, root) | {
        "单位构成": _members(r, root), "三公经费预算数": _amounts(r, root, "三公经费预算数", THREE_PUBLIC_KEYS),
        "情况说明": _mapping(r, root, "情况说明")}
    return Budget(
        file=r.file, format=r.text(root, "格式"), year=r.year(root, "年度"), title_name=r.text(root, "部门名称"),
        department=r.text(root, "主管部门", required=False, default=r.text(root, "部门名称")),
        units=(unit,), lines=lines, projects=(), purchases=(), catalog=catalog, facts=facts,
        places={key: node.place for key, node in root.value.items()} | fact_places(root),
        accepted=read_accepted(r, root), kind="department", house=read_house(r, root), wording=read_wording(r, root),
        names=read_print_names(root, r, catalog), document=DOCUMENT,
        incomes=tuple(x for node in r.items(root, "收入明细") if (x := _income(r, node, unit_name, catalog)) is not None),
        balances=tuple(x for node in r.items(root, "结转结余") if (x := _balance(r, node, unit_name, catalog)) is not None),
        surplus_used=r.amount(root, SURPLUS_USE, required=False),
        surplus_distributed=r.amount(root, "结余分配", required=False),
    )


def _line(r: Reader, node: Node, unit: str, catalog: Catalog, unit_type: str) -> Line | None:
    """[性质, 功能科目, 经济科目, 资金来源, 决算数, 年初预算数, 全年预算数, 单位类型] (the two 预算数 may be left out: 0;
    the 单位类型 too: the spec's)."""
    cells = _cells(r, node, "决算明细", FINAL_LINE_KEYS, FINAL_LINE_OPTIONAL, "E260")
    if cells is None:
        return None
    nature, function, economic, source = (_text(c) for c in cells[:4])
    if nature not in NATURES:
        r.fail("E261", cells[0].place, f"决算明细的性质“{nature}”不对，应为 {'、'.join(NATURES)} 之一")
    fcode = _code(r, cells[1], "功能科目", 7, catalog, catalog.functions)
    ecode = _code(r, cells[2], "经济科目", 5, catalog, catalog.economics)
    if source not in catalog.source_groups:
        r.fail("E223", cells[3].place, f"资金来源“{source}”不存在，应为 {'、'.join(catalog.source_groups)} 之一")
        return None
    planned, adjusted = (r.amount_of(c, k) if c is not None and c.value not in (None, "") else Decimal(0)
                         for c, k in zip(cells[5:7], FINAL_LINE_OPTIONAL, strict=False))
    if cells[7] is not None and cells[7].value not in (None, ""):
        unit_type = unit_type_of(r, cells[7], unit_type)  # a department whose units differ (机关运行经费 counts some)
    return Line(unit=unit, project=None, subitem=None, category=nature, function=fcode, economic=ecode, source=source,
                source_group=catalog.source_groups[source], amount=r.amount_of(cells[4], "决算数"), place=node.place,
                unit_type=unit_type, given_nature=nature, planned=planned, adjusted=adjusted)


def _income(r: Reader, node: Node, unit: str, catalog: Catalog) -> Income | None:
    """[功能科目, 收入类型, 金额]: income is classified by the function it pays for (收入决算表)."""
    cells = _cells(r, node, "收入明细", FINAL_INCOME_KEYS, (), "E262")
    if cells is None:
        return None
    kind = _fund(r, cells[1], catalog, "E262", "收入类型")
    if kind is None:
        return None
    return Income(unit, _code(r, cells[0], "功能科目", 7, catalog, catalog.functions), kind,
                  catalog.source_groups[kind], r.amount_of(cells[2], "金额"), node.place)


def _fund(r: Reader, cell: Node, catalog: Catalog, code: str, what: str) -> str | None:
    """A fund an income or a balance may name: one of the catalog's, not 使用非财政拨款结余 (a use, not a fund)."""
    name = _text(cell)
    if name in catalog.source_groups and name != SURPLUS_USE:
        return name
    funds = [k for k in catalog.source_groups if k != SURPLUS_USE]
    r.fail(code, cell.place, f"{what}“{name}”不对，应为 {'、'.join(funds)} 之一")
    return None


def _balance(r: Reader, node: Node, unit: str, catalog: Catalog) -> Balance | None:
    """[功能科目, 资金来源, 年初结转和结余, 年末结转和结余]: a 财政拨款 fund's by function 项, another's may be ""."""
    cells = _cells(r, node, "结转结余", BALANCE_KEYS, (), "E263", blank=(0,))
    if cells is None:
        return None
    source = _fund(r, cells[1], catalog, "E263", "结转结余的资金来源")
    if source is None:
        return None
    group = catalog.source_groups[source]
    written = cells[0].value not in (None, "")
    if group == FISCAL and not written:
        r.fail("E263", cells[0].place, f"{source}的结转结余须写明功能科目（项，7 位）：财政拨款收入支出决算总表和"
                                       "基金、国资两表按功能科目列出")
    function = _code(r, cells[0], "功能科目", 7, catalog, catalog.functions) if written else ""
    return Balance(unit, function, source, group, r.amount_of(cells[2], BALANCE_KEYS[2]),
                   r.amount_of(cells[3], BALANCE_KEYS[3]), node.place)


def _cells(r: Reader, node: Node, what: str, keys: tuple[str, ...], optional: tuple[str, ...], code: str,
           blank: tuple[int, ...] = ()) -> list[Node | None] | None:
    """A row's cells, from a list [..] or a mapping {键: 值}; the optional ones None when left out."""
    if isinstance(node.value, dict):
        known_keys(r, node, keys + optional)
        found = [node.get(k) for k in keys + optional]
    elif isinstance(node.value, list) and len(keys) <= len(node.value) <= len(keys) + len(optional):
        found = list(node.value) + [None] * (len(keys) + len(optional) - len(node.value))
    else:
        more = f"（可再加“{'、'.join(optional)}”）" if optional else ""
        r.fail(code, node.place, f"{what}每行应为 [{'，'.join(keys)}]{more}")
        return None
    missing = [k for i, (k, c) in enumerate(zip(keys, found, strict=False))
               if i not in blank and (c is None or c.value in (None, ""))]
    for key in missing:
        r.fail("E202", node.place, f"{what}缺少“{key}”")
    return None if missing else found


def _members(r: Reader, root: Node) -> list[dict[str, str]]:
    """单位构成: the units the 决算 covers, each {单位名称, 备注}, as 部门决算单位构成 prints them."""
    members = []
    for node in r.items(root, "单位构成"):
        if not isinstance(node.value, dict):
            r.fail("E264", node.place, "单位构成每项应写成 {单位名称: …, 备注: …}")
            continue
        known_keys(r, node, MEMBER_KEYS)
        members.append({"单位名称": r.text(node, "单位名称"), "备注": r.text(node, "备注", required=False)})
    return members


def _amounts(r: Reader, root: Node, key: str, names: tuple[str, ...]) -> dict[str, Decimal]:
    """A mapping of named amounts (元), every name required once the mapping is written; all 0 when it is not
    (the 三公 table then prints its 预算数 blank)."""
    node = r.child(root, key, required=False)
    if node is None:
        return dict.fromkeys(names, Decimal(0))
    if isinstance(node.value, dict):
        known_keys(r, node, names)
    return {name: r.amount(node, name) for name in names}


def _mapping(r: Reader, root: Node, key: str) -> dict:
    node = r.child(root, key, required=False)
    if node is not None and not isinstance(node.value, dict):
        r.fail("E201", node.place, f"“{key}”应为键值表（“键: 值”）")
        return {}
    return plain(node) if node is not None else {}


def _text(node: Node | None) -> str:
    return str(node.value).strip() if node is not None and node.value is not None else ""
