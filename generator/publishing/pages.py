"""How a publication's blocks fall on pages: where a new page starts and which way it turns (a table on a
landscape page), and the parts of a table's page (rows above it, its rows, header and notes)."""

from __future__ import annotations

from collections.abc import Iterator

from ..tables.cells import Sheet, style_parts
from .publication import Block


def page_starts(blocks: tuple[Block, ...]) -> Iterator[tuple[int, str | None]]:
    """Each block with the orientation of the new page it starts (None: it runs on): a table starts a
    landscape page, under the heading that leads to it; text after it goes back to portrait."""
    orientation = "portrait"
    for i, block in enumerate(blocks):
        heads_table = block.kind == "heading" and i + 1 < len(blocks) and blocks[i + 1].kind == "sheet"
        after_head = block.kind == "sheet" and i and blocks[i - 1].kind == "heading"
        table = block if block.kind == "sheet" else blocks[i + 1] if heads_table else None
        wanted = sheet_orientation(table.sheet) if table is not None else "portrait"
        starts = wanted != orientation or (block.kind == "sheet" and not after_head)
        orientation = wanted
        yield i, wanted if starts else None


def sheet_orientation(sheet: Sheet | None) -> str:
    """The page a table is printed on: landscape, unless its layout says `portrait` (a 决算's 总表)."""
    return "portrait" if sheet is not None and not sheet.landscape else "landscape"


def sheet_parts(sheet: Sheet) -> tuple[list[tuple[int, set[str]]], range, int, list[int]]:
    """A table page's parts: the rows above the table with their kinds (表号, title, 部门名称/单位), the
    table's rows, the last header row, and the note rows under it."""
    rows = range(sheet.rows)
    kinds: dict[int, set[str]] = {r: set() for r in rows}
    for (r, _), cell in sheet.cells.items():  # one pass over the cells, not one a row
        kinds[r].add(style_parts(cell.style)[0])
    body = [r for r in rows if not kinds[r] & {"above", "title", "subtitle_left", "subtitle_right"}
            and kinds[r] != {"note"}]
    above = [(r, kinds[r]) for r in rows if r < body[0]]
    notes = [r for r in rows if r > body[-1] and kinds[r] == {"note"}]
    header_last = sheet.repeat_rows[1] if sheet.repeat_rows else body[0]
    return above, range(body[0], body[-1] + 1), header_last, notes
