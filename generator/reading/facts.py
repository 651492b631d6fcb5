"""Reading what a spec says beyond its figures: the facts the text needs, known differences, unknown keys.

Shared by unit and department specs; every problem is recorded on the Reader with its place.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from ..model import Accepted
from ..problems import Place, Problem
from .fields import Reader
from .load import Node

BASES = ("预算", "预算执行数")
PLACEHOLDER = re.compile(r"XX|××|待填写|待补充|……|TODO", re.IGNORECASE)


def known_keys(r: Reader, node: Node, known: tuple[str, ...]) -> None:
    """A key the spec does not know is most often a typo: name it and the key it resembles."""
    for key, child in node.value.items():
        if key not in known:
            near = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
            hint = f"，是否想写“{near[0]}”？" if near else f"；可用的键：{'、'.join(known)}"
            r.fail("E212", child.place, f"未知的键“{key}”{hint}")


def read_facts(r: Reader, root: Node) -> dict[str, object]:
    """概况 as written (texts the templates place); 上年 and 上年执行数 as amounts: last year's figures in yuan."""
    amounts, executed = _amounts(r, root, "上年"), _amounts(r, root, "上年执行数")
    found, bases = r.child(root, "概况", required=False), r.child(root, "上年口径", required=False)
    for node, what in ((found, "文字部分所需的事实"), (bases, "各项上年数的口径")):
        if node is not None and not isinstance(node.value, dict):
            r.fail("E201", node.place, f"此处应为键值表（“键: 值”），写{what}")
    if bases is not None and isinstance(bases.value, dict):
        for key, node in bases.value.items():
            if node.value not in BASES:
                r.fail("E210", node.place, f"“上年口径.{key}”应为 {'、'.join(BASES)} 之一，而不是“{node.value}”")
    return {"上年": amounts, "上年执行数": executed,
            "概况": plain(found) if found is not None and isinstance(found.value, dict) else {},
            "上年口径": plain(bases) if bases is not None and isinstance(bases.value, dict) else {}}


def _amounts(r: Reader, root: Node, key: str) -> dict[str, object]:
    """A mapping of last year's amounts in yuan (上年: by figure; 上年执行数: by function 项)."""
    node = r.child(root, key, required=False)
    if node is None:
        return {}
    if not isinstance(node.value, dict):
        r.fail("E201", node.place, f"“{key}”应为键值表，每项是上年的一个金额（元）")
        return {}
    return {str(k): r.amount_of(child, f"{key}.{k}") for k, child in node.value.items()}


def fact_places(root: Node) -> dict[str, Place]:
    """Where each fact under 概况, 上年 and 上年执行数 is written (概况.绩效目标设置.项目数 → its line), and each
    key of 措辞 and 版式 (a workbook's sheet!cell): a finding about a fact or a house-style key names it."""
    found = (root.get(key) for key in ("概况", "情况说明", "上年", "上年执行数", "措辞", "版式"))
    return {path: place for node in found if node is not None for path, place in _places(node)}


def _places(node: Node):
    yield node.path, node.place
    if isinstance(node.value, dict):
        for child in node.value.values():
            yield from _places(child)


def read_house(r: Reader, root: Node) -> dict[str, object]:
    """版式 as written: checked against the format's own keys once the format is known."""
    node = r.child(root, "版式", required=False)
    if node is not None and not isinstance(node.value, dict):
        r.fail("E201", node.place, "“版式”应为键值表，逐项写与格式默认不同的版式")
        return {}
    return plain(node) if node is not None else {}


def read_wording(r: Reader, root: Node) -> dict[str, object]:
    """措辞 as written: each sentence's own words, checked against the format's sentences once it is known."""
    node = r.child(root, "措辞", required=False)
    if node is not None and not isinstance(node.value, dict):
        r.fail("E201", node.place, "“措辞”应为键值表：句子名称: 新的写法")
        return {}
    return plain(node) if node is not None else {}


def read_accepted(r: Reader, root: Node) -> tuple[Accepted, ...]:
    """已知差异: findings the unit has reviewed and publishes as they are, each with its reason."""
    return tuple(Accepted(r.text(n, "规则"), r.text(n, "位置"), r.text(n, "说明"), n.place)
                 for n in r.items(root, "已知差异"))


def placeholders(root: Node) -> list[Problem]:
    """C350: text still holding a placeholder would be published as it is (in the order written)."""
    found = []
    stack = [root]  # walked without recursion: it visits every value of the spec
    while stack:
        node = stack.pop()
        if isinstance(node.value, str):  # asked first: most values are text
            if match := PLACEHOLDER.search(node.value):
                found.append(Problem("C350", node.place,
                                     f"“{node.path}”还没有填写：“{node.value[:30]}”中有占位符“{match.group()}”"))
        elif isinstance(node.value, dict):
            stack += reversed(node.value.values())
        elif isinstance(node.value, list):
            stack += reversed(node.value)
    return found


def plain(node: Node) -> object:
    """A Node tree as plain Python values (text stays text)."""
    if isinstance(node.value, dict):
        return {k: plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [plain(v) for v in node.value]
    return node.value


def dig(value: Any, dotted: str) -> Any:
    """The value at a dotted path (三公.公务接待费, 财政拨款功能项.0.金额) inside nested mappings and lists; None where it ends."""
    for key in dotted.split("."):
        if isinstance(value, list):
            value = value[int(key)] if key.isdigit() and int(key) < len(value) else None
        else:
            value = value.get(key) if isinstance(value, Mapping) else None
    return value
