"""The 目录 made from a publication's headings and tables, as publish.yaml's `toc` words, numbers and groups it:
each entry keeps its block, so the DOCX and the PDF give it its page number."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..text.numerals import chinese
from .publication import Block, Publication


def generated_contents(layout: Mapping[str, Any]) -> bool:
    """Whether the 目录 is made from the headings, with page numbers (else the text's own is printed)."""
    return not (layout.get("toc") or {}).get("printed")


def contents(pub: Publication) -> list[tuple[int, int, str]]:
    """The 目录's entries (block index, depth, text as listed): headings down to toc.levels and every table.
    Each entry keeps its block, so its page number is its block's page however differently it is worded:
    publish.yaml's `toc.entries` ({match, entry}) words a section as published 目录 do (部门主要职能 for
    a heading that names the unit in full), `toc.number` ("{n}、") numbers the sections 一、二、… in order, in place of
    the numbers some headings carry and others lack, and `toc.table_number` ("{n}. ") the tables 1. 2. …"""
    toc = pub.layout["toc"]
    if not generated_contents(pub.layout):
        return []
    levels, groups, group = int(toc["levels"]), toc.get("groups", []), toc.get("tables_entry")
    sections = tables = 0
    entries = []
    grouped = _grouped(pub.blocks, groups)
    for i, depth in _toc_depths(pub.blocks):
        block, text = pub.blocks[i], pub.blocks[i].text
        if block.kind == "heading" and depth > levels:
            continue
        if group and block.kind == "sheet" and not tables and pub.blocks[i - 1].kind != "heading":
            sections += 1  # tables with no heading of their own are listed under toc.tables_entry (五、部门预算表)
            entries.append((i, 1, _section(toc, sections, group)))
        if i in grouped:  # the first of a run of sections listed as one (七、项目经费情况说明)
            sections += 1
            entries.append((i, 1, _section(toc, sections, grouped[i])))
            if text == grouped[i]:
                continue
        if depth == 1 and block.kind == "heading" and _in_group(text, groups):
            entries += [(i, 2, text)] if levels > 1 else []
        elif depth == 1 and block.kind == "heading":
            sections += 1 if toc.get("number") else 0
            entries.append((i, depth, _section(toc, sections, _worded(text, toc.get("entries", [])))))
        elif block.kind == "sheet":
            tables += 1
            entries.append((i, depth, toc["table_number"].format(n=tables) + text if toc.get("table_number") else text))
        else:
            entries.append((i, depth, text))
    return entries


def _section(toc: Mapping[str, Any], n: int, text: str) -> str:
    """A section's 目录 line: numbered by toc.number (一、) in place of any number its heading carries."""
    return toc["number"].format(n=chinese(n)) + _SECTION_NUMBER.sub("", text) if toc.get("number") else text


def _worded(text: str, wordings: list[Mapping[str, str]]) -> str:
    """The heading as publish.yaml's `toc.entries` words it in the 目录: the first whose `match` it matches."""
    return next((w["entry"] for w in wordings if re.search(w["match"], text)), text)


def _grouped(blocks: tuple[Block, ...], groups: list[Mapping[str, str]]) -> dict[int, str]:
    """publish.yaml `toc.groups` ({entry, match}): the block that opens each run of top headings matching `match`,
    with the one 目录 line the run is listed under (each heading of the run is listed beneath it)."""
    top = min((b.level for b in blocks if b.kind == "heading"), default=2)
    opened: dict[int, str] = {}
    for group in groups:
        first = next((i for i, b in enumerate(blocks)
                      if b.kind == "heading" and b.level == top and re.search(group["match"], b.text)), None)
        if first is not None:
            opened[first] = group["entry"]
    return opened


def _in_group(text: str, groups: list[Mapping[str, str]]) -> bool:
    return any(re.search(group["match"], text) for group in groups)


def _toc_depths(blocks: tuple[Block, ...]) -> Iterator[tuple[int, int]]:
    """Each 目录 entry's block and depth: headings by level, tables under their heading; the chart pages,
    not a section of the text, under the section before them, so the sections' numbers run unbroken."""
    top = min((b.level for b in blocks if b.kind == "heading"), default=2)
    for i, block in enumerate(blocks):
        if block.kind == "sheet":
            yield i, 2
        elif block.kind == "heading":
            charts = i + 1 < len(blocks) and blocks[i + 1].kind == "picture"
            yield i, block.level - top + 1 + (1 if charts and i else 0)


_SECTION_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
