"""The document to publish, in reading order: the narrative's Markdown read into blocks, with the
tables and charts put where the format's publish.yaml says (`tables_at`, `charts.before`).

Nothing here knows DOCX: word.py renders these blocks, so another renderer would read the same plan. The 目录
made from these blocks is in contents.py, how they fall on pages in pages.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..tables.cells import Sheet


@dataclass(frozen=True)
class Block:
    """One piece of the document: a heading (level 2 = '##'), a paragraph, a list item, a table of text
    (first row its header), one of the budget's tables (`sheet`), or a chart picture. `style` names the
    publish.yaml style of a paragraph set otherwise than as body text (a line of a 目录 printed as written)."""

    kind: str
    text: str = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()
    aligns: tuple[str, ...] = ()
    sheet: Sheet | None = None
    picture: bytes = b""
    style: str = ""


@dataclass(frozen=True)
class Publication:
    """Everything the renderer needs: title and cover lines, blocks in order, and the layout data."""

    title: str
    author: str
    cover_title: tuple[str, ...]
    cover: tuple[str, ...]
    blocks: tuple[Block, ...]
    layout: Mapping[str, Any]
    table_styles: Mapping[str, Any]
    tables: dict[int, Any] = field(default_factory=dict, compare=False, repr=False)
    """Each table block's cells as printed, worked out once for the DOCX and the PDF (wordxml.table_at)."""


def read_markdown(text: str) -> list[Block]:
    """Headings, paragraphs, list items and tables of the rendered narrative (CommonMark with tables).
    An ordered list keeps its numbers as text: Word and LibreOffice print them alike, and the officer edits them."""
    from markdown_it import MarkdownIt  # only when publishing: a workbook-only build never pays for it

    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(text)
    blocks: list[Block] = []
    number = ""  # an ordered list item's number as written ("16. "), printed as text before its first paragraph
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            blocks.append(Block("heading", _inline(tokens[i + 1]), level=int(token.tag[1])))
        elif token.type == "list_item_open":
            number = f"{token.info}{token.markup} " if token.info else ""
        elif token.type == "paragraph_open":
            blocks.append(Block("item" if token.hidden else "paragraph", number + _inline(tokens[i + 1])))
            number = ""
        elif token.type == "table_open":
            i, block = _table(tokens, i)
            blocks.append(block)
        i += 1
    return blocks


def _inline(token) -> str:
    """An inline token's plain text (our templates use no emphasis that print would need)."""
    return "".join(child.content if child.type in ("text", "code_inline") else "\n" if child.type == "hardbreak"
                   else "" for child in token.children or [])


def _table(tokens: list, start: int) -> tuple[int, Block]:
    rows: list[tuple[str, ...]] = []
    aligns: list[str] = []
    i = start
    while tokens[i].type != "table_close":
        if tokens[i].type == "tr_open":
            rows.append(())
        elif tokens[i].type in ("th_open", "td_open"):
            rows[-1] += (_inline(tokens[i + 1]),)
            if tokens[i].type == "th_open":
                aligns.append({"text-align:right": "right", "text-align:center": "center"}.get(
                    str(tokens[i].attrs.get("style", "")), "left"))
        i += 1
    return i, Block("table", rows=tuple(rows), aligns=tuple(aligns))


def arrange(blocks: list[Block], tables: list[Sheet], charts: list[tuple[str, bytes]],
            layout: Mapping[str, Any]) -> tuple[str, list[str], list[Block]]:
    """The document title (the '#' line), the lines under it (they go on the cover), and the
    blocks in published order. Tables and charts whose heading the text lacks go at the end:
    a format's publish.yaml can misname a heading, but the document never loses a table."""
    title = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), "")
    first = next((i for i, b in enumerate(blocks) if b.kind == "heading" and b.level > 1), len(blocks))
    preface = [b.text for b in blocks[:first] if b.kind != "heading"]
    body = _printed_contents(blocks[first:], layout.get("toc") or {})
    names = _listed(body, layout.get("tables_at"))
    names = names if len(names) == len(tables) else [_title(s) for s in tables]
    sheets = [Block("sheet", name, sheet=s) for name, s in zip(names, tables, strict=True)]
    pictures = list(_chart_blocks(charts, layout, 2)) if charts else []
    placed = _place(body, layout, sheets, pictures)
    if pictures and not any(b.kind == "picture" for b in placed):
        at = next((i for i, b in enumerate(placed) if b.kind == "sheet"), len(placed))
        placed[at:at] = pictures
    if sheets and not any(b.kind == "sheet" for b in placed):
        placed += sheets
    return title, preface, placed


def _place(body: list[Block], layout: Mapping[str, Any], sheets: list[Block], pictures: list[Block]) -> list[Block]:
    """The text's blocks with dropped sections left out, the tables under `tables_at` (or just before the
    heading `tables_before`, for documents whose tables have no heading of their own), the charts
    before `charts.before`."""
    drop, tables_at, tables_before = set(layout.get("drop", [])), layout.get("tables_at"), layout.get("tables_before")
    charts_before = (layout.get("charts") or {}).get("before")  # `charts: null` in publish.yaml: no chart pages
    placed: list[Block] = []
    skip_below = 0  # while set, blocks under a dropped or replaced heading are left out
    for block in body:
        if block.kind != "heading":
            placed += [] if skip_below else [block]
            continue
        if skip_below and block.level > skip_below:
            continue
        skip_below = block.level if block.text in drop or heading_is(block.text, tables_at) else 0
        if block.text == charts_before:
            placed += [replace(p, level=block.level) for p in pictures]
        if block.text == tables_before:
            placed += sheets
        if block.text not in drop:
            placed.append(block)
        if heading_is(block.text, tables_at):
            placed += sheets
    return placed


def heading_is(text: str, wanted: str | Mapping[str, str] | None) -> bool:
    """Whether a heading is the one publish.yaml names: by its text, or by `{match: regex}` where the heading
    prints what varies by document (第二部分 {部门}2024年度部门决算表, with or without 第二部分)."""
    if isinstance(wanted, Mapping):
        return re.search(wanted["match"], text) is not None
    return wanted is not None and text == wanted


def _printed_contents(body: list[Block], toc: Mapping[str, Any]) -> list[Block]:
    """The text's own 目录 printed as it is written (publish.yaml `toc.printed`: its heading's `match`, the `title`
    style, `lines` styles by {match, style} and the `line` style of the others): plain lines, no page numbers."""
    printed = toc.get("printed")
    start = next((i for i, b in enumerate(body) if printed and b.kind == "heading"
                  and re.search(printed["match"], b.text)), None)
    if start is None:
        return body
    end = next((i for i in range(start + 1, len(body)) if body[i].kind == "heading"
                and body[i].level <= body[start].level), len(body))
    lines = [Block("paragraph", b.text, style=next((w["style"] for w in printed.get("lines", [])
                                                     if re.search(w["match"], b.text)), printed["line"]))
             for b in body[start + 1:end] if b.kind in ("paragraph", "item")]
    return [*body[:start], Block("paragraph", body[start].text, style=printed["title"]), *lines, *body[end:]]


def _listed(blocks: list[Block], heading: str | Mapping[str, str] | None) -> list[str]:
    """The lines under a heading: how the narrative names the tables (（一）收支总表 …)."""
    start = next((i for i, b in enumerate(blocks) if b.kind == "heading" and heading_is(b.text, heading)), None)
    if start is None:
        return []
    below = []
    for block in blocks[start + 1:]:
        if block.kind == "heading" and block.level <= blocks[start].level:
            break
        below += [block.text] if block.kind in ("item", "paragraph") else []
    return below


def _title(sheet: Sheet) -> str:
    return next((c.value for c in sheet.cells.values() if c.style == "title" and isinstance(c.value, str)), sheet.name)


def _chart_blocks(charts: list[tuple[str, bytes]], layout: Mapping[str, Any], level: int) -> Iterator[Block]:
    yield Block("heading", layout["charts"]["heading"], level=level)
    caption = layout["charts"].get("caption", "{number} {title}")
    for number, (title, png) in enumerate(charts, 1):
        yield Block("picture", caption.format(number=number, title=title), picture=png)
