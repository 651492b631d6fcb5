"""Find the format, the year and each of its tables in a document, by the format's own table titles and headers.

A format is recognised when every one of its tables' titles (filled with the document's year and the
unit or department wording) is printed; each table is the ruled grid on the page that carries its title,
with the grids of the following untitled pages (a long table goes on over pages).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..formats import Format, available, load_format
from ..problems import Place, Problem, SpecError
from ..tables.layout import house_variant
from ..tables.rows import LayoutError, fill
from .source import Page

NOTE_LINE = re.compile(r"^\s*(?:注|说明)\s*[:：]")
"""A note printed under a table (注：…, 说明：…): its words, not one of its rows."""

_YEAR = re.compile(r"(20\d\d)\s*年")
_NUMBER = re.compile(r"^-?[\d,]*\d(\.\d+)?$")
_PARTS = ("{c1}", "{c2}", "{c3}")
"""How a layout labels the parts of a code (类, 款, 项), each in its own column."""
_LENGTHS = (3, 2, 2)
KINDS = ("unit", "department")


def norm(text: object) -> str:
    """Text as compared: widths folded, white space gone, quotes and brackets unified."""
    folded = unicodedata.normalize("NFKC", "" if text is None else str(text))
    folded = folded.replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", "", folded)


def number(text: str) -> tuple[Decimal, int] | None:
    """A printed figure and its number of decimals, or None for text; a blank cell is not a figure."""
    folded = norm(text)
    if not _NUMBER.match(folded):
        return None
    return Decimal(folded.replace(",", "")), len(folded.partition(".")[2])


@dataclass(frozen=True)
class Printed:
    """One recognised table: its layout, the title found, and its body rows as printed (header rows removed)."""

    layout: Mapping
    title: str
    rows: tuple[tuple[str, ...], ...]
    page: int
    shown: tuple[tuple[str, ...], ...] = ()
    """The rows as printed, where they differ from the amounts (a workbook's number formats); empty: `rows`."""
    house: Mapping = field(default_factory=dict)
    """The 版式 values whose layout variant (the layout's by_house) the printed grid has, where not the default."""


@dataclass(frozen=True)
class Recognised:
    """A document recognised: its format, kind (部门/单位), year, and the tables found in it."""

    format: Format
    kind: str
    year: int
    tables: tuple[Printed, ...]
    from_workbook: bool = False


def document_year(pages: tuple[Page, ...]) -> int | None:
    """The budget year: the first year the document names (its cover or its first table's title)."""
    for page in pages:
        found = _YEAR.search(page.text)
        if found:
            return int(found.group(1))
    return None


def recognise(pages: tuple[Page, ...], path: Path, formats: list[str] | None = None,
              year: int | None = None) -> Recognised:
    """The format, kind and tables of a document; SpecError (E610/E611) when no format's tables are all there.
    `year`: the year known otherwise (a 决算 workbook's tables print none: its spec or text names it)."""
    year = year or document_year(pages)
    if year is None:
        raise SpecError([Problem("E610", Place(str(path)), "文中找不到年度，不是可导入的预算或决算公开文本")])
    best: tuple[int, int, str, str] | None = None
    for name in formats or available():
        fmt = load_format(name)
        for kind in KINDS:
            titles = _titles(fmt, kind, year)
            found = sum(1 for t in titles if _title_page(pages, t, fmt) is not None)
            score = (found, int(fmt.settings.get("year", 0)) == year)
            if found == len(titles) and (best is None or score > best[:2]):
                best = (*score, name, kind)
    if best is None:
        raise SpecError([Problem("E611", Place(str(path)), _missing_message(pages, year, formats))])
    fmt = load_format(best[2])
    return Recognised(fmt, best[3], year, _tables(pages, fmt, best[3], year), bool(pages[0].name))


def _missing_message(pages: tuple[Page, ...], year: int, formats: list[str] | None) -> str:
    """Which format came nearest, and which of its tables are missing: the officer sees what to add."""
    nearest: tuple[int, str, list[str]] | None = None
    for name in formats or available():
        fmt = load_format(name)
        for kind in KINDS:
            titles = _titles(fmt, kind, year)
            missing = [t for t in titles if _title_page(pages, t, fmt) is None]
            if nearest is None or len(titles) - len(missing) > nearest[0]:
                nearest = (len(titles) - len(missing), name, missing)
    if nearest is None or nearest[0] < 3:
        return "不是可导入的预算或决算公开文本：找不到任何已有格式（budgetgen formats 列出）的表格标题"
    return f"按格式“{nearest[1]}”缺少表格：{'、'.join(nearest[2])}，无法导入"


def _titles(fmt: Format, kind: str, year: int) -> list[str]:
    values = fmt.wording(kind) | {"year": year, "last_year": year - 1}
    return [fill(t, values) for t in fmt.titles(kind)]


def _title_page(pages: tuple[Page, ...], title: str, fmt: Format) -> int | None:
    """The index of the page with a table that carries this title (not a contents page, which names many)."""
    wanted = norm(title)
    for index, page in enumerate(pages):
        text = norm(page.text)
        if page.tables and wanted in text and not _contents(text, fmt):
            return index
    return None


def _contents(text: str, fmt: Format) -> bool:
    """A contents page lists the tables: many numbered titles as the format's import.yaml writes them (目录)."""
    pattern = fmt.merged("import.yaml").get("目录")
    return bool(pattern) and len(re.findall(pattern, text)) >= 3


def _tables(pages: tuple[Page, ...], fmt: Format, kind: str, year: int) -> tuple[Printed, ...]:
    layouts = fmt.tables(kind)
    titles = _titles(fmt, kind, year)
    starts = [_title_page(pages, t, fmt) for t in titles]
    found = []
    for default, title, start in zip(layouts, titles, starts, strict=True):
        later = [s for s in starts if s is not None and s > start]
        stop = start + 1 if pages[start].name else min(later, default=len(pages))
        layout, house = _variant(default, pages[start].tables, fmt.settings.get("版式", {}))
        width, codes = len(layout["columns"]), code_columns(layout)
        pairs = [(g, (page.shown or page.tables)[k]) for n, page in enumerate(pages[start:stop])
                 for k, g in enumerate(page.tables) if n == 0 or _continues(g, width, codes)]
        values = fmt.wording(kind) | {"year": year, "last_year": year - 1, "版式": fmt.settings.get("版式", {}) | house}
        rows, shown = _body(pairs, layout, title, values)
        found.append(Printed(layout, title, rows, pages[start].number, shown, house))
    return tuple(found)


def _variant(layout: Mapping, grids: tuple, defaults: Mapping) -> tuple[Mapping, dict]:
    """The layout variant (by_house) as wide as the table printed on its first page, and the 版式 value choosing it
    (none for the format's own): a publisher's 类/款/项 code columns in place of one (编码列: 分列)."""
    widest = max((len(row) for grid in grids for row in grid), default=0)
    for key, choices in layout.get("by_house", {}).items():
        for value in choices:
            chosen = house_variant(layout, {key: value})
            if len(chosen["columns"]) == widest != len(layout["columns"]):
                return chosen, {key: _typed(value, defaults.get(key))}
    return layout, {}


def _typed(value: str, default: object) -> object:
    """A by_house key as the 版式 holds it (a YAML key is text; true/false stay booleans)."""
    return {"true": True, "false": False}.get(value, value) if isinstance(default, bool) else value


def _continues(grid, width: int, codes: tuple[int, ...] = ()) -> bool:
    """A grid on a later page goes on with the table: as wide as its layout (or as wide less the code columns
    printed as one), or its total row alone (the label merged over the code columns, so fewer cells: a label
    and figures)."""
    widest = max((len(row) for row in grid), default=0)
    if widest == width or codes and widest == width - len(codes) + 1:
        return True
    return len(grid) <= 2 and widest < width and all(
        row and number(row[0]) is None and all(number(c) is not None or not c for c in row[1:]) for row in grid)


def _aligned(row, width: int, codes: tuple[int, ...] = (), last: str = "") -> tuple[str, ...]:
    """A row of the table's width: a narrower one (label merged over several columns) keeps its figures at the
    right; a code printed whole in one cell, or split otherwise than 类/款/项, goes into the layout's code columns."""
    cells = list(row)
    if codes and len(cells) == width - len(codes) + 1 and _whole_code(cells[codes[0]], len(codes)):
        cells[codes[0]:codes[0] + 1] = [cells[codes[0]]] + [""] * (len(codes) - 1)
    elif len(cells) < width and cells and number(cells[0] or "") is None:
        cells = [cells[0]] + [""] * (width - len(cells)) + cells[1:]
    cells = (cells + [""] * width)[:width]
    if codes:
        cells[codes[0]:codes[-1] + 1] = _code_parts([cells[c] for c in codes], last)
    return tuple(cells)


def table_codes(rows) -> dict[str, str]:
    """Every code rows print with its name (as printed, full-width brackets kept, white space gone): whole in one cell
    (201, 20106, 2010601, 30101) or 类/款/项 apart."""
    found: dict[str, str] = {}
    for row in rows:
        cells = [norm(c) for c in row]
        i = 0
        while i < len(cells):
            j = i + 1
            if cells[i].isdigit() and len(cells[i]) in (3, 5, 7) and cells[i][0] in "23":
                parts = [cells[i]]
                while len(cells[i]) == 3 and j < len(cells) and cells[j].isdigit() and len(cells[j]) <= 2:
                    parts.append(cells[j].zfill(2))
                    j += 1
                at = next((k for k in range(j, len(cells)) if cells[k] and number(cells[k]) is None
                           and not cells[k].isdigit()), None)
                found.setdefault("".join(parts), "" if at is None else re.sub(r"\s+", "", str(row[at])))
            i = j
    return found


def code_columns(layout: Mapping) -> tuple[int, ...]:
    """The columns a layout prints a code's parts in (类, 款, 项), from its rows' labels; () for none."""
    found: dict[str, int] = {}
    stack: list[object] = [layout.get("body", [])]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            found |= {v: int(k) for k, v in item.items() if v in _PARTS and str(k).isdigit()}
            stack += list(item.values())
        elif isinstance(item, list):
            stack += item
    columns = tuple(found[p] for p in _PARTS if p in found)
    return columns if columns and columns == tuple(range(columns[0], columns[0] + len(columns))) else ()


def _whole_code(text: str, parts: int) -> bool:
    """Whether a cell holds a whole code of 类/款/项 (digits, maybe spaced), not just its first part."""
    digits = norm(text)
    return digits.isdigit() and len(digits) in _ends(parts)


def _ends(parts: int) -> list[int]:
    return [sum(_LENGTHS[:n]) for n in range(1, parts + 1)]


def _code_parts(cells: list[str], last: str = "") -> list[str]:
    """The code cells as 类/款/项: kept when each already is one part (a 款 printed “5” for “05” included);
    digits printed apart (“2 01”) or whole in one cell (“2011301”, “201 13 01”) or split otherwise are joined
    and cut again as 3/2/2 digits; parts printed apart whose 类 lost its first digits (“ 7 11 02” under 类 207)
    take the 类 of the row above that ends so (`last`)."""
    texts = [norm(c) for c in cells]
    if not all(t.isdigit() or not t for t in texts) or not any(texts):
        return cells
    groups = cells[0].split() if not any(texts[1:]) else []
    if 1 < len(groups) <= len(cells) and len(groups[0]) < 3 and last.endswith(groups[0]) \
            and all(len(g) == 2 for g in groups[1:]):
        return [last, *groups[1:]] + [""] * (len(cells) - len(groups))
    if all(not t or len(t) <= _LENGTHS[n] for n, t in enumerate(texts)) and (len(texts[0]) == 3 or not texts[0]):
        return [t if t else c for t, c in zip(texts, cells, strict=True)]
    digits = "".join(texts)
    if len(digits) not in _ends(len(cells)):
        return cells
    ends = [0] + _ends(len(cells))
    return [digits[ends[n]:ends[n + 1]] for n in range(len(cells))]


def _body(pairs: list, layout: Mapping, title: str, values: Mapping) -> tuple[tuple, tuple]:
    """The rows below the header, over all pages (and the same rows as printed): title lines, header rows and
    empty rows dropped."""
    headers = {norm(_text(cell, values)) for row in layout["header"] for cell in row} - {""}
    width, codes = len(layout["columns"]), code_columns(layout)
    rows: list[tuple[str, ...]] = []
    shown: list[tuple[str, ...]] = []
    last = ""  # the 类 of the row above, over pages: a misprinted 类 is its tail
    for grid, printed in pairs:
        skipped, started = 0, False
        for row, as_printed in zip(grid, printed, strict=True):
            cells, as_printed = _aligned(row, width, codes, last), _aligned(as_printed, width, codes, last)
            last = cells[codes[0]] if codes and len(norm(cells[codes[0]])) == 3 else last
            if codes and any(number(c) for c in cells) and any(norm(v) and number(v) is None and not norm(v).isdigit()
                                                               for c, v in enumerate(cells) if c not in codes):
                cells, as_printed = (tuple("" if c in codes and norm(v) in headers else v for c, v in enumerate(row))
                                     for row in (cells, as_printed))
                # a total row ruled into the 类/款/项 header row below it (its label beside the code columns)
            texts = [norm(c) for c in cells if norm(c)]
            if not texts or not started and _is_title(texts, title) or len(texts) == 1 and texts[0].startswith("注"):
                continue
            plain = all(t in headers for t in texts)
            header = plain and not any(number(t) for t in texts) or not started and not plain \
                and _part_of_header(texts, headers)
            if not started and header and (skipped < len(layout["header"]) or len(texts) > 1):
                skipped += 1
                total = _total_in_header(cells, layout)
                if total:  # an empty table's 合计 row ruled into its last header row (基金表合计行: 首行)
                    started = True
                    rows.append(total)
                    shown.append(total)
                continue
            if started and rows and _wrapped(cells, rows[-1], codes):  # a label's second line in a row of its own
                rows[-1], shown[-1] = _joined(rows[-1], cells), _joined(shown[-1], as_printed)
                continue
            started = True
            rows.append(cells)
            shown.append(as_printed)
    return tuple(rows), tuple(shown)


def _total_in_header(cells: tuple[str, ...], layout: Mapping) -> tuple[str, ...]:
    """The row's first cell alone when it is a label the layout's body prints in its first column (合计), else ()."""
    first = norm(cells[0]) if cells else ""
    return (cells[0],) + ("",) * (len(cells) - 1) if first and first in _first_labels(layout) else ()


def _first_labels(layout: Mapping) -> set[str]:
    """The fixed labels (no placeholder) the body's rows print in the first column: 合计."""
    found: set[str] = set()
    stack: list[object] = [layout.get("body", [])]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            labels = item.get("labels")
            first = labels.get(0, labels.get("0")) if isinstance(labels, Mapping) else None
            found |= {norm(first)} if isinstance(first, str) and "{" not in first else set()
            stack += list(item.values())
        elif isinstance(item, list):
            stack += item
    return found


def _part_of_header(texts: list[str], headers: set[str]) -> bool:
    """A header row a publisher words otherwise (支出功能分类 / 科目编码 over two rows): no figure and no code, and
    some of its words a header's, or part of one."""
    return not any(number(t) or t.isdigit() for t in texts) and any(t in h for t in texts for h in headers)


def _wrapped(cells: tuple[str, ...], above: tuple[str, ...], codes: tuple[int, ...]) -> bool:
    """Whether a row is the rest of the label above, ruled as a row of its own: in a table of codes, a row with
    text in one column only, no code and no figure, under a row with a code."""
    filled = [c for c in cells if norm(c)]
    return bool(codes) and len(filled) == 1 and number(filled[0]) is None and not any(norm(cells[c]) for c in codes) \
        and norm(above[codes[0]]).isdigit()


def _joined(row: tuple[str, ...], rest: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(a + b for a, b in zip(row, rest, strict=True))


def _text(cell: object, values: Mapping) -> str:
    """A header cell's words; one naming the unit or department ({unit}, a 绩效目标表's header) as written, since
    a printed document names neither before it is read (as comparing.sides' headers)."""
    text = cell.get("text", "") if isinstance(cell, Mapping) else str(cell)
    try:
        return fill(text, values)
    except LayoutError:
        return text


def _is_title(texts: list[str], title: str) -> bool:
    first = texts[0]
    return norm(title) in first or first.startswith(("编制", "单位:", "部门:")) and len(texts) <= 2
