"""How a filled workbook's cells become a spec's values: a cell as the text a YAML spec would hold, a value put at
a dotted or flattened path (国有资产.车辆, 主要工作目标[2]), and the Node tree the spec reader loads."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..problems import Place
from .load import Node

_CODE = re.compile(r"^\s*(\d+)(\s.*)?$")
_FLAT_KEY = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass
class Item:
    """A list entry or section before it becomes a Node: its value, spec path and sheet!cell."""

    value: Any
    path: str
    cell: str


def cell_text(value: object, kind: str = "text") -> str | None:
    """A cell as the text a YAML spec would hold: numbers without a trailing .0, codes without their names."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    else:
        text = str(value).strip()
    if kind in ("function", "economic") and (m := _CODE.match(text)):
        return m.group(1)
    return text


def put(root: dict, dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for key in parents:
        root = root.setdefault(key, {})
    root[last] = value


def put_flat(values: dict, key: str, node: Node, fail: Callable[[str, Place, str], None], place: Place) -> None:
    """Place `node` at a path such as 国有资产.车辆 or 主要工作目标[2] inside `values`."""
    if key.endswith("[]"):
        key, node = key[:-2], Node([], node.file, None, node.path)
    parts = [m.group(1) if m.group(1) else int(m.group(2)) for m in _FLAT_KEY.finditer(key)]
    if not parts:
        fail("E305", place, f"键“{key}”不是有效的写法（如 国有资产.车辆、主要工作目标[1]）")
        return
    here: Any = values
    for part, following in zip(parts, parts[1:] + [None], strict=True):
        if not isinstance(here, (dict, list)):
            fail("E305", place, f"键“{key}”与上面的键冲突（上面已把它写成一个值）")
            return
        fresh: Any = node if following is None else [] if isinstance(following, int) else {}
        if isinstance(part, int) != isinstance(here, list):
            fail("E305", place, f"键“{key}”与上面的键冲突（一处是列表，一处不是）")
            return
        if isinstance(part, int):
            if part == len(here) + 1:
                here.append(fresh)
            elif following is None or not 1 <= part <= len(here):
                fail("E305", place, f"键“{key}”的序号应从 1 起连续，且不能重复")
                return
            here = here[part - 1]
        elif following is None and part in here:
            fail("E305", place, f"键“{key}”重复")
            return
        else:
            here = here.setdefault(part, fresh)


def node_tree(value: Any, file: str, path: str, cell: str = "") -> Node:
    """Plain nested values (leaves already Nodes, entries as Items) as one Node tree."""
    if isinstance(value, Node):
        return value
    if isinstance(value, Item):
        return node_tree(value.value, file, value.path, value.cell)
    if isinstance(value, dict):
        return Node({k: node_tree(v, file, f"{path}.{k}" if path else k) for k, v in value.items()}, file, None, path, cell)
    return Node([node_tree(v, file, f"{path}[{i}]") for i, v in enumerate(value, 1)], file, None, path, cell)
