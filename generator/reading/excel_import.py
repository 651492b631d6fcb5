"""A filled input workbook becomes the same Node tree a YAML spec loads into.

Every value keeps its sheet!cell, so the spec reader's messages name the cell
(`预算明细!C17`); the sheets and columns are found by the headers the layout
(templates/input/workbook.yaml) gives, so moved columns still read.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from ..formats import input_layout, input_sheet_kind
from ..problems import Place, Problem, SpecError
from .load import Node

_CODE = re.compile(r"^\s*(\d+)(\s.*)?$")
_FLAT_KEY = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def read_workbook(path: Path) -> Node:
    """The spec tree held by an input workbook; SpecError naming sheet and cell for what cannot be read."""
    book, formulas = _open(path, True), _open(path, False)
    reader = _Reader(str(path), formulas)
    root: dict[str, Any] = {}
    for sheet in input_layout()["sheets"]:
        if sheet["name"] not in book.sheetnames:
            reader.fail("E301", Place(str(path)), f"缺少工作表“{sheet['name']}”（请用 budgetgen excel-template 生成的工作簿填写）")
            continue
        reader.sheet(book[sheet["name"]], sheet, root)
    if reader.problems:
        raise SpecError(reader.problems)
    return _tree(root, str(path), "")


def _open(path: Path, values: bool):
    """The workbook with cached values (what the officer saw), or with formulas (to find uncomputed ones)."""
    import openpyxl  # only when a workbook is read: keeps the command's start-up short

    try:
        return openpyxl.load_workbook(path, data_only=values)
    except Exception as exc:  # noqa: BLE001 - zip, XML or content damage: all mean the file cannot be read
        raise SpecError([Problem("E303", Place(str(path)), f"无法作为 Excel 工作簿（.xlsx）打开：{exc}")]) from None


@dataclass
class _Item:
    """A list entry or section before it becomes a Node: its value, spec path and sheet!cell."""

    value: Any
    path: str
    cell: str


class _Reader:
    """Reads each sheet by its layout into plain nested values whose leaves are Nodes."""

    def __init__(self, file: str, formulas) -> None:
        self.file, self.formulas = file, formulas
        self.problems: list[Problem] = []

    def fail(self, code: str, place: Place, message: str) -> None:
        self.problems.append(Problem(code, place, message))

    def at(self, ws, row: int, col: int | None = None) -> Place:
        return Place(self.file, None, "", f"{ws.title}!{xl_col_to_name(col - 1) if col else ''}{row}")

    def cell(self, ws, row: int, col: int, path: str, kind: str = "text") -> Node:
        where = f"{ws.title}!{xl_col_to_name(col - 1)}{row}"
        value = ws.cell(row, col).value
        if value is None and self.formulas[ws.title].cell(row, col).data_type == "f":
            self.fail("E306", Place(self.file, None, path, where), "公式没有计算结果：请在 Excel 中保存后再导入，或直接填写数值")
        return Node(_text(value, kind), self.file, None, path, where)

    def sheet(self, ws, layout: dict, root: dict) -> None:
        {"pairs": self._pairs, "free": self._free, "rows": self._rows}[input_sheet_kind(layout)](ws, layout, root)

    def _headers(self, ws, wanted: list[str], optional: tuple[str, ...] = ()) -> dict[str, int] | None:
        found = {str(c.value).strip(): c.column for c in ws[1] if c.value is not None}
        missing = [h for h in wanted if h not in found and h not in optional]
        for header in missing:
            self.fail("E302", self.at(ws, 1), f"工作表“{ws.title}”第 1 行缺少表头“{header}”（表头须在第 1 行，不能合并、改名或移到别处）")
        return None if missing else found

    def _data_rows(self, ws, cols: list[int]) -> list[int]:
        return [r for r in range(2, ws.max_row + 1) if any(_text(ws.cell(r, c).value) is not None for c in cols)]

    def _rows(self, ws, layout: dict, root: dict) -> None:
        optional = tuple(c["header"] for c in layout["columns"] if c.get("optional"))
        found = self._headers(ws, [c["header"] for c in layout["columns"]], optional)
        if found is None:
            return
        columns = [c for c in layout["columns"] if c["header"] in found]
        named = [c["header"] for c in columns]
        extra = {h: c for h, c in found.items() if layout.get("extra_columns") and h not in named}
        items: list[_Item] = []
        for r in self._data_rows(ws, [found[h] for h in named] + list(extra.values())):
            if "parent" in layout:
                self._attach(ws, r, found, layout, root)
                continue
            base = f"{layout['rows']}[{len(items) + 1}]"
            items.append(_Item(self._entry(ws, r, found, layout, base, extra), base, f"{ws.title}!A{r}"))
        if items:
            _put(root, layout["rows"], items)

    def _entry(self, ws, r: int, found: dict, layout: dict, base: str, extra: dict) -> Any:
        columns = [c for c in layout["columns"] if c["header"] in found]
        if layout.get("as_list"):
            cells = [self.cell(ws, r, found[c["header"]], f"{base}[{j}]", c.get("kind", "text"))
                     for j, c in enumerate(columns, 1)]
            while cells and columns[len(cells) - 1].get("optional") and cells[-1].value is None:
                cells.pop()  # an optional last column left empty: the row is as long as the spec's
            return cells
        entry = {c["key"]: self.cell(ws, r, found[c["header"]], f"{base}.{c['key']}", c.get("kind", "text"))
                 for c in columns if "key" in c}
        for header, col in extra.items():
            if ws.cell(r, col).value is not None:
                _put_flat(entry, header, self.cell(ws, r, col, f"{base}.{header}"), self, self.at(ws, r, col))
        return entry

    def _attach(self, ws, r: int, found: dict, layout: dict, root: dict) -> None:
        """A sub-item row joins the list of the project named in its first column."""
        parent = layout["parent"]
        owner = _text(ws.cell(r, found[parent["header"]]).value)
        for item in root.get(parent["list"], []):
            if owner is not None and item.value[parent["key"]].value == owner:
                kids = item.value.setdefault(layout["rows"], _Item([], f"{item.path}.{layout['rows']}", ws.title))
                base = f"{kids.path}[{len(kids.value) + 1}]"
                kids.value.append(_Item(self._entry(ws, r, found, layout, base, {}), base, f"{ws.title}!A{r}"))
                return
        self.fail("E304", self.at(ws, r, found[parent["header"]]), f"“{owner}”不是“{parent['list']}”表中的项目")

    def _pairs(self, ws, layout: dict, root: dict) -> None:
        rows = {str(ws.cell(r, 1).value).strip(): r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value is not None}
        for pair in layout["pairs"]:
            if pair["label"] not in rows and pair.get("optional"):
                continue
            if pair["label"] not in rows:
                self.fail("E307", self.at(ws, 1), f"工作表“{ws.title}”的 A 列中没有“{pair['label']}”一行")
                continue
            node = self.cell(ws, rows[pair["label"]], 2, pair["key"], pair.get("kind", "text"))
            if node.value is not None or "." not in pair["key"] and pair.get("kind") != "amount" and not pair.get("optional"):
                _put(root, pair["key"], node)

    def _free(self, ws, layout: dict, root: dict) -> None:
        """Key-value rows with any keys (上年, 三公) or flattened paths (文字说明)."""
        section = layout.get("pairs_free") or layout["flat"]
        values: dict[str, Any] = {}
        for r in self._data_rows(ws, [1, 2]):
            key = _text(ws.cell(r, 1).value)
            if key is None:
                self.fail("E305", self.at(ws, r, 1), "这一行有内容却没有键")
                continue
            node = self.cell(ws, r, 2, f"{section}.{key}", layout.get("kind", "text"))
            if node.value is None and "flat" in layout and not key.endswith("[]"):
                node = node._replace(value="")  # a text written empty on purpose (no reason given)
            elif node.value is None and not key.endswith("[]"):
                continue
            if "flat" in layout:
                _put_flat(values, key, node, self, self.at(ws, r, 1))
            elif key in values:
                self.fail("E305", self.at(ws, r, 1), f"键“{key}”重复")
            else:
                values[key] = node
        if values:
            _put(root, section, _Item(values, section, ws.title))


def _text(value: object, kind: str = "text") -> str | None:
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


def _put(root: dict, dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for key in parents:
        root = root.setdefault(key, {})
    root[last] = value


def _put_flat(values: dict, key: str, node: Node, reader: _Reader, place: Place) -> None:
    """Place `node` at a path such as 国有资产.车辆 or 主要工作目标[2] inside `values`."""
    if key.endswith("[]"):
        key, node = key[:-2], Node([], node.file, None, node.path)
    parts = [m.group(1) if m.group(1) else int(m.group(2)) for m in _FLAT_KEY.finditer(key)]
    if not parts:
        reader.fail("E305", place, f"键“{key}”不是有效的写法（如 国有资产.车辆、主要工作目标[1]）")
        return
    here: Any = values
    for part, following in zip(parts, parts[1:] + [None], strict=True):
        if not isinstance(here, (dict, list)):
            reader.fail("E305", place, f"键“{key}”与上面的键冲突（上面已把它写成一个值）")
            return
        fresh: Any = node if following is None else [] if isinstance(following, int) else {}
        if isinstance(part, int) != isinstance(here, list):
            reader.fail("E305", place, f"键“{key}”与上面的键冲突（一处是列表，一处不是）")
            return
        if isinstance(part, int):
            if part == len(here) + 1:
                here.append(fresh)
            elif following is None or not 1 <= part <= len(here):
                reader.fail("E305", place, f"键“{key}”的序号应从 1 起连续，且不能重复")
                return
            here = here[part - 1]
        elif following is None and part in here:
            reader.fail("E305", place, f"键“{key}”重复")
            return
        else:
            here = here.setdefault(part, fresh)


def _tree(value: Any, file: str, path: str, cell: str = "") -> Node:
    """Plain nested values (leaves already Nodes, entries as _Items) as one Node tree."""
    if isinstance(value, Node):
        return value
    if isinstance(value, _Item):
        return _tree(value.value, file, value.path, value.cell)
    if isinstance(value, dict):
        return Node({k: _tree(v, file, f"{path}.{k}" if path else k) for k, v in value.items()}, file, None, path, cell)
    return Node([_tree(v, file, f"{path}[{i}]") for i, v in enumerate(value, 1)], file, None, path, cell)
