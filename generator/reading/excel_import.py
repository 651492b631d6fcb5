"""A filled input workbook becomes the same Node tree a YAML spec loads into.

Every value keeps its sheet!cell, so the spec reader's messages name the cell
(`预算明细!C17`); the sheets and columns are found by the headers the layout
(templates/input/workbook.yaml) gives, so moved columns still read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from ..problems import Place, Problem, SpecError
from .cell_tree import Item, cell_text, node_tree, put, put_flat
from .input_layouts import input_layout_of, input_sheet_kind
from .limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, check_unpacked
from .load import Node


def read_workbook(path: Path) -> Node:
    """The spec tree held by an input workbook; SpecError naming sheet and cell for what cannot be read.

    Read streaming (openpyxl read-only), keeping only filled rows: time and memory follow the data, not the
    sheet's extent (one cell at row 1,048,576 is one row)."""
    check_unpacked(path, "E320")
    book, formulas = _open(path, True), _open(path, False)
    reader = _Reader(str(path))
    root: dict[str, Any] = {}
    for layout in input_layout_of(set(book.sheetnames))[0]["sheets"]:
        if layout["name"] not in book.sheetnames:
            if layout.get("optional"):
                continue  # a sheet added after the workbook was made: nothing written on it
            reader.fail("E301", Place(str(path)), f"缺少工作表“{layout['name']}”（请用 budgetgen excel-template 生成的工作簿填写）")
            continue
        sheet = reader.snapshot(book[layout["name"]], formulas[layout["name"]], layout)
        if sheet is not None:
            reader.sheet(sheet, layout, root)
    book.close()
    formulas.close()
    if reader.problems:
        raise SpecError(reader.problems)
    return node_tree(root, str(path), "")


def _open(path: Path, values: bool):
    """The workbook with cached values (what the officer saw), or with formulas (to find uncomputed ones)."""
    import openpyxl  # only when a workbook is read: keeps the command's start-up short

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=values)
    except Exception as exc:  # noqa: BLE001 - zip, XML or content damage: all mean the file cannot be read
        raise SpecError([Problem("E303", Place(str(path)), f"无法作为 Excel 工作簿（.xlsx）打开：{exc}")]) from None


def _filled(ws, width: int | None, last: int | None = None) -> Iterator[tuple[int, tuple]]:
    """The rows of a read-only sheet that hold anything but blanks, numbered, each `width` cells wide (or as written)."""
    ws.reset_dimensions()  # the extent the file declares may be wrong either way: read what is there
    for number, row in enumerate(ws.iter_rows(max_row=last, max_col=width, values_only=True), 1):
        if any(value is not None and (not isinstance(value, str) or value.strip()) for value in row):
            yield number, row


@dataclass(frozen=True)
class _Sheet:
    """The filled rows of one sheet (row number → values), and the cells whose formula has no computed value."""

    title: str
    rows: dict[int, tuple]
    uncomputed: frozenset[tuple[int, int]]

    def value(self, row: int, col: int) -> Any:
        values = self.rows.get(row, ())
        return values[col - 1] if col <= len(values) else None

    def header(self) -> tuple:
        return self.rows.get(1, ())


class _Reader:
    """Reads each sheet by its layout into plain nested values whose leaves are Nodes."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def snapshot(self, ws, formula_ws, layout: dict) -> _Sheet | None:
        """The sheet's filled rows, as wide as its layout reads; None (and a problem) past a limit."""
        width = self._width(ws, layout)
        if width is None:
            return None
        rows: dict[int, tuple] = {}
        for number, row in _filled(ws, width):
            if len(rows) > MAX_ROWS:
                self.fail("E321", self.at(ws, number), f"工作表“{ws.title}”填写的行超过上限 {MAX_ROWS} 行：请检查是否有多余的内容")
                return None
            rows[number] = self._cells(ws, number, row)
        last = max(rows, default=1)  # formulas matter only where values were read
        uncomputed = frozenset((number, col) for number, row in _filled(formula_ws, width, last) if number in rows
                               for col, value in enumerate(row, 1) if value is not None and rows[number][col - 1] is None)
        return _Sheet(ws.title, rows, uncomputed)

    def _width(self, ws, layout: dict) -> int | None:
        """How many columns the layout reads: two for key-value sheets, up to the last header it uses for lists."""
        if input_sheet_kind(layout) != "rows":
            return 2
        header = next(_filled(ws, None, 1), (1, ()))[1]
        named = {c["header"] for c in layout["columns"]}
        used = [col for col, h in enumerate(header, 1)
                if h is not None and (layout.get("extra_columns") or str(h).strip() in named)]
        if used and used[-1] > MAX_COLUMNS:
            self.fail("E323", self.at(ws, 1, used[-1]), f"工作表“{ws.title}”第 1 行的表头超过上限 {MAX_COLUMNS} 列")
            return None
        return max(used, default=1)

    def _cells(self, ws, number: int, row: tuple) -> tuple:
        """A row's values; a text longer than a cell can hold is a problem at its cell, and read as empty."""
        if not any(isinstance(v, str) and len(v) > MAX_CELL_CHARS for v in row):
            return row
        for col, value in enumerate(row, 1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                self.fail("E322", self.at(ws, number, col), f"单元格有 {len(value)} 字，超过 Excel 单元格的上限"
                          f" {MAX_CELL_CHARS} 字：请删短，长的说明分到几个单元格")
        return tuple(None if isinstance(v, str) and len(v) > MAX_CELL_CHARS else v for v in row)

    def fail(self, code: str, place: Place, message: str) -> None:
        self.problems.append(Problem(code, place, message))

    def at(self, ws, row: int, col: int | None = None) -> Place:
        return Place(self.file, None, "", f"{ws.title}!{xl_col_to_name(col - 1) if col else ''}{row}")

    def cell(self, ws: _Sheet, row: int, col: int, path: str, kind: str = "text") -> Node:
        where = f"{ws.title}!{xl_col_to_name(col - 1)}{row}"
        value = ws.value(row, col)
        if value is None and (row, col) in ws.uncomputed:
            self.fail("E306", Place(self.file, None, path, where), "公式没有计算结果：请在 Excel 中保存后再导入，或直接填写数值")
        return Node(cell_text(value, kind), self.file, None, path, where)

    def sheet(self, ws, layout: dict, root: dict) -> None:
        {"pairs": self._pairs, "free": self._free, "rows": self._rows}[input_sheet_kind(layout)](ws, layout, root)

    def _headers(self, ws, wanted: list[str], optional: tuple[str, ...] = ()) -> dict[str, int] | None:
        found = {str(value).strip(): col for col, value in enumerate(ws.header(), 1) if value is not None}
        missing = [h for h in wanted if h not in found and h not in optional]
        for header in missing:
            self.fail("E302", self.at(ws, 1), f"工作表“{ws.title}”第 1 行缺少表头“{header}”（表头须在第 1 行，不能合并、改名或移到别处）")
        return None if missing else found

    def _data_rows(self, ws: _Sheet, cols: list[int]) -> list[int]:
        return [r for r in sorted(ws.rows) if r > 1 and any(cell_text(ws.value(r, c)) is not None for c in cols)]

    def _rows(self, ws, layout: dict, root: dict) -> None:
        optional = tuple(c["header"] for c in layout["columns"] if c.get("optional"))
        found = self._headers(ws, [c["header"] for c in layout["columns"]], optional)
        if found is None:
            return
        columns = [c for c in layout["columns"] if c["header"] in found]
        named = [c["header"] for c in columns]
        extra = {h: c for h, c in found.items() if layout.get("extra_columns") and h not in named}
        items: list[Item] = []
        for r in self._data_rows(ws, [found[h] for h in named] + list(extra.values())):
            if "parent" in layout:
                self._attach(ws, r, found, layout, root)
                continue
            base = f"{layout['rows']}[{len(items) + 1}]"
            items.append(Item(self._entry(ws, r, found, layout, base, extra), base, f"{ws.title}!A{r}"))
        if items:
            put(root, layout["rows"], items)

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
            if ws.value(r, col) is not None:
                put_flat(entry, header, self.cell(ws, r, col, f"{base}.{header}"), self.fail, self.at(ws, r, col))
        return entry

    def _attach(self, ws, r: int, found: dict, layout: dict, root: dict) -> None:
        """A sub-item row joins the list of the project named in its first column."""
        parent = layout["parent"]
        owner = cell_text(ws.value(r, found[parent["header"]]))
        for item in root.get(parent["list"], []):
            if owner is not None and item.value[parent["key"]].value == owner:
                kids = item.value.setdefault(layout["rows"], Item([], f"{item.path}.{layout['rows']}", ws.title))
                base = f"{kids.path}[{len(kids.value) + 1}]"
                kids.value.append(Item(self._entry(ws, r, found, layout, base, {}), base, f"{ws.title}!A{r}"))
                return
        self.fail("E304", self.at(ws, r, found[parent["header"]]), f"“{owner}”不是“{parent['list']}”表中的项目")

    def _pairs(self, ws, layout: dict, root: dict) -> None:
        rows = {str(ws.value(r, 1)).strip(): r for r in sorted(ws.rows) if ws.value(r, 1) is not None}
        for pair in layout["pairs"]:
            if pair["label"] not in rows and pair.get("optional"):
                continue
            if pair["label"] not in rows:
                self.fail("E307", self.at(ws, 1), f"工作表“{ws.title}”的 A 列中没有“{pair['label']}”一行")
                continue
            node = self.cell(ws, rows[pair["label"]], 2, pair["key"], pair.get("kind", "text"))
            if node.value is not None or "." not in pair["key"] and pair.get("kind") != "amount" and not pair.get("optional"):
                put(root, pair["key"], node)

    def _free(self, ws, layout: dict, root: dict) -> None:
        """Key-value rows with any keys (上年, 三公) or flattened paths (文字说明)."""
        section = layout.get("pairs_free") or layout["flat"]
        values: dict[str, Any] = {}
        for r in self._data_rows(ws, [1, 2]):
            key = cell_text(ws.value(r, 1))
            if key is None:
                self.fail("E305", self.at(ws, r, 1), "这一行有内容却没有键")
                continue
            node = self.cell(ws, r, 2, f"{section}.{key}", layout.get("kind", "text"))
            if node.value is None and "flat" in layout and not key.endswith("[]"):
                node = node._replace(value="")  # a text written empty on purpose (no reason given)
            elif node.value is None and not key.endswith("[]"):
                continue
            if "flat" in layout:
                put_flat(values, key, node, self.fail, self.at(ws, r, 1))
            elif key in values:
                self.fail("E305", self.at(ws, r, 1), f"键“{key}”重复")
            else:
                values[key] = node
        if values:
            put(root, section, Item(values, section, ws.title))
