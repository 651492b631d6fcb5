"""The publication typeset straight to PDF with Typst: the same plan the DOCX is written from, in a tenth of a second.

The plan (cover, 目录, text, charts, tables) and publish.yaml's styles go to typeset.typ as JSON; the fonts
the document names are replaced as templates/fonts.conf says (Noto CJK SC where a 公文 font is missing),
so the PDF embeds Simplified Chinese subsets. The PDF is tagged, its headings are bookmarks, and the same
publication gives the same bytes: the date is the budget's, and Typst writes nothing else from the clock.
"""

from __future__ import annotations

import json
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import typst

from ..shipped import templates_root
from ..tables.cells import Sheet
from .contents import contents, generated_contents
from .pages import page_starts, sheet_orientation, sheet_parts
from .publication import Block, Publication
from .wordxml import TWIPS_PER_MM, table_at

TEMPLATE = Path(__file__).with_name("typeset.typ")
TABLE_LOOKS = ["表格", "表格表头"]


class TypesetFailed(Exception):
    """Typst could not typeset the document (a font or picture missing, a layout it cannot place)."""


def pdf_bytes(pub: Publication, created: datetime) -> bytes:
    """The PDF of a publication; the same publication gives the same bytes, whatever was typeset before."""
    plan = _Plan(pub)
    data = json.dumps(plan.data(created), ensure_ascii=False)
    with tempfile.TemporaryDirectory(prefix="budgetgen-typeset-") as tmp:
        folder = Path(tmp)
        for name, picture in plan.pictures.items():
            (folder / name).write_bytes(picture)
        (folder / "doc.json").write_text(data, "utf-8")
        (folder / "main.typ").write_text(TEMPLATE.read_text("utf-8"), "utf-8")
        try:
            return _quiet_mark_info(_compiler().compile(
                input=str(folder / "main.typ"), root=str(folder), format="pdf", timestamp=created.replace(tzinfo=UTC),
                pdf_tags=bool(pub.layout.get("pdf", {}).get("tagged", True))))
        except typst.TypstError as exc:
            raise TypesetFailed(str(exc)) from None
        finally:
            _forget(_compiler())


MARK_INFO = b"/MarkInfo<</Marked true/Suspects false>>"


def _quiet_mark_info(pdf: bytes) -> bytes:
    """A tagged PDF's /MarkInfo without `/Suspects false`, blanked to spaces of the same length so every offset
    in the cross-reference table stays right. Typst 0.15 (krilla) writes the entry, which is valid but says
    only the default (ISO 32000-1, table 321: Suspects is optional, false when absent); poppler up to 25.11
    reports any value but true as "Syntax Error: Suspects object is wrong type (boolean)", on every page read
    by pdftotext, pdfinfo or a reader built on poppler, which a finance bureau takes for a damaged file."""
    quiet = b"/MarkInfo<</Marked true>>"
    return pdf.replace(MARK_INFO, quiet + b" " * (len(MARK_INFO) - len(quiet)), 1)


AGEING = 10
"""typst-py runs comemo::evict(10) after every compile: what Typst memoized for a document is freed once
ten compiles have passed without using it. Left alone, a process holds the last ten documents' layouts
(about 80 MiB each, 1.2 GiB a worker); ten empty compiles after each document (about 4 ms each, and the
freeing) keep a worker near 400 MiB, however many documents it typesets. Documents share next to
nothing, so keeping the cache made the next one no faster (measured: PDF CPU time the same either way)."""


def _forget(compiler: typst.Compiler) -> None:
    """Age Typst's cache past the document just typeset (see AGEING), so memory stays flat."""
    for _ in range(AGEING):
        compiler.compile(input=b"", format="svg")


@cache
def _compiler():
    """One Typst compiler a process: it finds the installed fonts once, not once a document."""
    return typst.Compiler()


@cache
def substitutes() -> dict[str, tuple[list[str], bool]]:
    """fonts.conf read for Typst: each 公文 font name → the families to try in order (the name itself first,
    then its stand-ins), and whether the stand-in is set bold (小标宋 is a heavy 宋体)."""
    root = ET.parse(templates_root() / "fonts.conf").getroot()
    found: dict[str, tuple[list[str], bool]] = {}
    for alias in root.iter("alias"):
        name = alias.findtext("family") or ""
        prefer = alias.find("prefer")
        found[name] = ([name] + [f.text or "" for f in (prefer.findall("family") if prefer is not None else [])], False)
    for match in root.iter("match"):
        name = match.findtext("test/string") or ""
        if name in found and match.findtext("edit[@name='weight']/const") == "bold":
            found[name] = (found[name][0], True)
    return found


def typst_style(look: Mapping[str, Any]) -> dict[str, Any]:
    """A publish.yaml style with every field typeset.typ reads, fonts replaced as fonts.conf says."""
    font = str(look.get("font", "宋体"))
    families, heavy = substitutes().get(font, ([font], False))
    style = {"font": families, "size": float(look.get("size", 16)), "bold": bool(look.get("bold")) or heavy,
             "align": look.get("align", "left"), "tab_right": look.get("tab_right", "none"),
             "page_break": bool(look.get("page_break")), "sticky": bool(look.get("outline") or look.get("keep_next"))}
    style |= {key: float(look.get(key, 0)) for key in ("before", "after", "first_line", "indent", "indent_right")}
    return style | ({"line": float(look["line"])} if "line" in look else {})


class _Plan:
    """The publication as typeset.typ's JSON: pages by orientation, each a list of items."""

    def __init__(self, pub: Publication) -> None:
        self.pub, self.layout, self.look = pub, pub.layout, pub.layout["styles"]
        self.marks = {i: f"toc{n}" for n, (i, _, _) in enumerate(contents(pub), 1)}
        self.pictures: dict[str, bytes] = {}

    def data(self, created: datetime) -> dict[str, Any]:
        number = self.layout.get("page_number")  # null: no page numbers (a 决算 prints none)
        parts = list(number.partition("{page}")[::2]) if number else None
        return {"title": self.pub.title, "author": self.pub.author, "date": [created.year, created.month, created.day],
                "styles": {name: typst_style(look) for name, look in self.look.items()},
                "page": {o: self._page(o) for o in ("portrait", "landscape")}, "number": parts,
                "sides": bool(self.layout.get("page_number_sides")), "sections": self._sections(),
                "bookmarks": bool(self.layout.get("pdf", {}).get("bookmarks", True))}

    def _page(self, orientation: str) -> dict[str, float]:
        page = dict(self.layout["page"][orientation])
        return page | {"footer": page.get("footer", min(page["bottom"] - 8, 28))}

    def _sections(self) -> list[dict[str, Any]]:
        cover = [self._para("封面留白", "")] + [self._para("封面标题", line) for line in self.pub.cover_title]
        cover += [self._para("封面", line) for line in self.pub.cover]
        entries = [{"mark": self.marks[i], "style": f"目录{depth}", "text": text}
                   for i, depth, text in contents(self.pub)]
        toc = {"kind": "contents", "style": "目录标题", "title": self.layout["toc"]["title"], "entries": entries}
        text = [toc] if generated_contents(self.layout) else []  # else the text's own 目录 is among its blocks
        sections = [{"orientation": "portrait", "items": cover}, {"orientation": "portrait", "items": text}]
        for i, new_page in page_starts(self.pub.blocks):
            if new_page:
                sections.append({"orientation": new_page, "items": []})
            sections[-1]["items"] += list(self._items(i, self.pub.blocks[i]))
        return sections

    def _para(self, style: str, text: str, mark: str | None = None, level: int = 0) -> dict[str, Any]:
        return {"kind": "para", "style": style, "text": text, "level": level} | ({"mark": mark} if mark else {})

    def _items(self, i: int, block: Block) -> Iterator[dict[str, Any]]:
        if block.kind == "heading":
            style = self.layout["headings"]["#" * block.level]
            yield self._para(style, block.text, self.marks.get(i), int(self.look[style].get("outline", 0)))
        elif block.kind in ("paragraph", "item"):
            yield self._para(block.style or ("正文" if block.kind == "paragraph" else "列表"), block.text)
        elif block.kind == "table":
            yield self._table(i, "portrait")
        elif block.kind == "picture":
            name = f"chart{len(self.pictures) + 1}.png"
            self.pictures[name] = block.picture
            yield {"kind": "picture", "file": name, "width": float(self.layout["charts"]["width"]),
                   "caption": {"style": "图题", "text": block.text}}
        elif block.kind == "sheet" and block.sheet is not None:
            yield from self._sheet(i, block.sheet)

    def _sheet(self, i: int, sheet: Sheet) -> Iterator[dict[str, Any]]:
        """A table page: the lines above the table, the table, its notes (as word.py writes them)."""
        above, _, _, notes = sheet_parts(sheet)
        names = self.layout["sheet_styles"]
        for r, kinds in above:
            texts = [sheet.text(rr, c) for (rr, c) in sorted(sheet.cells) if rr == r]
            if kinds & {"subtitle_left", "subtitle_right"}:
                yield {"kind": "pair", "style": names["subtitle"], "left": texts[0], "right": " ".join(texts[1:])}
            else:
                yield self._para(names[next(iter(kinds))], " ".join(texts), self.marks.get(i) if "title" in kinds else None)
        yield self._table(i, sheet_orientation(sheet))
        for r in notes:
            yield self._para(names["note"], sheet.text(r, 0))

    def _table(self, i: int, orientation: str) -> dict[str, Any]:
        """A ruled table: column widths (points) as the DOCX's grid, each cell once with its spans."""
        page = self.layout["page"][orientation]
        table = table_at(self.pub, i)
        rows, header_last, spans = table.rows, table.header_last, table.spans
        widths = table.columns(round((page["width"] - page["left"] - page["right"]) * TWIPS_PER_MM))
        head, body = [], []
        for r in rows:
            for c in range(len(widths)):
                if (r, c) in table.covered:
                    continue
                text, align, bold, indent, header = table.content(r, c)
                last = spans.get((r, c), (r, c))
                cell = {"t": text, "a": "left" if align == "justify" else align, "b": bold, "i": indent, "h": header}
                cell |= {"cs": last[1] - c + 1} if last[1] > c else {}
                cell |= {"rs": min(last[0], rows[-1]) - r + 1} if last[0] > r else {}
                (head if r <= header_last else body).append(cell)
        return {"kind": "table", "widths": [w / 20 for w in widths], "look": TABLE_LOOKS, "head": head, "body": body}
