"""WordprocessingML snippets: paragraph styles from publish.yaml, runs with East Asian fonts, and a
budget table (a Sheet) as one w:tbl with merged cells and header rows repeated on every page.

Built as XML text and parsed once per table: python-docx's cell API is quadratic in table size.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..tables.cells import Cell, Sheet, printed, style_parts
from .pages import sheet_parts
from .publication import Block, Publication

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TWIPS_PER_MM = 56.6929
INDENT = 120  # twips a tree level is indented in a table cell
JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}


def fonts(font: str) -> str:
    """The four font slots set to one name, so Word and WPS use it for Chinese and Latin text alike."""
    name = quoteattr(str(font))  # a name from publish.yaml is data: "Times & 仿宋" or a quote never breaks the XML
    return f'<w:rFonts w:ascii={name} w:hAnsi={name} w:eastAsia={name} w:cs={name}/>'


def run(text: str, font: str, bold: bool = False, size: float | None = None) -> str:
    """A run of text carrying its East Asian font by name (and a type size in points where it is not the style's)."""
    sized = f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>' if size else ""
    return (f'<w:r><w:rPr>{fonts(font)}{"<w:b/><w:bCs/>" if bold else ""}{sized}</w:rPr>'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>')


def fitted_size(text: str, look: Mapping[str, Any], text_width: int) -> float | None:
    """The size (points, in half points as Word keeps them) at which a 目录 entry fits its line with an em of
    leader before the page number, or None when it fits at its style's size. Word cannot measure, so the
    width is counted as Chinese type sets: a full-width character an em, a Latin letter or digit half of one."""
    size = float(look.get("size", 16))
    room = text_width / 20 / size - float(look.get("indent", 0)) - float(look.get("indent_right", 0)) - 1
    wide = sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)
    return None if wide <= room else int(size * room / wide * 2) / 2


def style_xml(style_id: str, name: str, look: Mapping[str, Any], text_width: int) -> str:
    """A paragraph style from publish.yaml: font, size (pt), spacing (pt), indents (characters), outline level."""
    size = float(look.get("size", 16))
    half_points = round(size * 2)
    ppr = "<w:keepNext/>" if look.get("outline") or look.get("keep_next") else ""  # a heading never ends a page
    ppr += "<w:pageBreakBefore/>" if look.get("page_break") else ""
    ppr += f'<w:tabs><w:tab w:val="right" w:leader={quoteattr(str(look["tab_right"]))} w:pos="{text_width}"/></w:tabs>' \
        if look.get("tab_right") else ""
    line = f' w:line="{round(float(look["line"]) * 20)}" w:lineRule="exact"' if "line" in look else ""
    ppr += (f'<w:spacing w:before="{round(float(look.get("before", 0)) * 20)}" '
            f'w:after="{round(float(look.get("after", 0)) * 20)}"{line}/>')
    ppr += _indent(look, size)
    ppr += f'<w:jc w:val="{JC[look.get("align", "left")]}"/>'
    ppr += f'<w:outlineLvl w:val="{int(look["outline"]) - 1}"/>' if look.get("outline") else ""
    bold = "<w:b/><w:bCs/>" if look.get("bold") else ""
    return (f'<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val={quoteattr(name)}/>'
            f'<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{fonts(look.get("font", "宋体"))}'
            f'{bold}<w:color w:val="000000"/><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
            f'<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:style>')


def _indent(look: Mapping[str, Any], size: float) -> str:
    """Indents in characters (首行缩进两字; a page number 空一字 from the edge), as Word writes them: in
    hundredths of a character and in twips."""
    first, left, right = (float(look.get(key, 0)) for key in ("first_line", "indent", "indent_right"))
    if not first and not left and not right:
        return ""
    return (f'<w:ind w:leftChars="{round(left * 100)}" w:left="{round(left * size * 20)}" '
            f'w:rightChars="{round(right * 100)}" w:right="{round(right * size * 20)}" '
            f'w:firstLineChars="{round(first * 100)}" w:firstLine="{round(first * size * 20)}"/>')


def table_at(pub: Publication, i: int) -> TableXml:
    """Block i's table (a table of the text, or a table page's), its cells worked out once for both renderers."""
    found = pub.tables.get(i)
    if found is None:
        block = pub.blocks[i]
        if block.kind == "table":
            sheet, styles = text_sheet(block)
            found = TableXml(sheet, range(len(block.rows)), 0, styles, pub.layout["styles"])
        else:
            _, body, header_last, _ = sheet_parts(block.sheet)
            found = TableXml(block.sheet, body, header_last, pub.table_styles, pub.layout["styles"])
        pub.tables[i] = found
    return found


class TableXml:
    """A Sheet's table part as w:tbl: the rows between its titles and its notes."""

    def __init__(self, sheet: Sheet, rows: range, header_last: int, styles: Mapping[str, Any],
                 look: Mapping[str, Any]) -> None:
        self.sheet, self.rows, self.header_last = sheet, rows, header_last
        self.styles, self.look = styles, look
        self.spans = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in sheet.merges}
        self.covered = {(r, c): (r1, c1) for r1, c1, r2, c2 in sheet.merges
                        for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1)}
        self._looks: dict[str, tuple[str, dict]] = {}  # a table has a few styles and thousands of cells
        self._grids: dict[int, list[int]] = {}
        self._contents: dict[tuple[int, int], tuple[str, str, bool, int, bool]] = {}

    def xml(self, width: int, ids: Mapping[str, str]) -> str:
        """The w:tbl, its paragraphs in the DOCX's styles `ids` (style name → id)."""
        self.grid, self.ids = self.columns(width), ids
        border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                         for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        head = (f'<w:tblPr><w:tblW w:w="{sum(self.grid)}" w:type="dxa"/><w:jc w:val="center"/>'
                f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
                '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
                '</w:tblPr><w:tblGrid>' + "".join(f'<w:gridCol w:w="{w}"/>' for w in self.grid) + "</w:tblGrid>")
        return f"<w:tbl {W}>{head}{''.join(self._row(r) for r in self.rows)}</w:tbl>"

    def columns(self, width: int) -> list[int]:
        """Column widths in twips: the layout's proportions, but never so narrow that a code or an
        amount would break over two lines; the room comes from the columns that have it."""
        if width not in self._grids:
            self._grids[width] = self._columns(width)
        return self._grids[width]

    def _columns(self, width: int) -> list[int]:
        total = sum(self.sheet.widths) or 1
        grid = [width * w / total for w in self.sheet.widths]
        need = [0.0] * len(grid)
        size = float(self.look["表格"].get("size", 9)) * 20
        for (r, c), cell in self.sheet.cells.items():
            if r in self.rows and c < len(grid) and (r, c) not in self.spans:
                longest = max((len(t) for t in _unbreakable(self._props(cell.style)[1], cell.value)), default=0)
                need[c] = max(need[c], longest * size * 0.56 + style_parts(cell.style)[2] * INDENT + 160)
        short = sum(max(0.0, n - g) for g, n in zip(grid, need, strict=True))
        spare = sum(max(0.0, g - n) for g, n in zip(grid, need, strict=True)) or 1
        return [round(n if n > g else g - (g - n) * min(1.0, short / spare)) for g, n in zip(grid, need, strict=True)]

    def _row(self, r: int) -> str:
        header = "<w:tblHeader/>" if r <= self.header_last else ""
        cells = "".join(self._cell(r, c) for c in range(len(self.grid)) if not self._inside(r, c))
        return f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{cells}</w:tr>"

    def _inside(self, r: int, c: int) -> bool:
        """Covered by a merge, but not the first column of a vertical merge (Word needs a cell there)."""
        corner = self.covered.get((r, c))
        return corner is not None and c != corner[1]

    def _cell(self, r: int, c: int) -> str:
        corner = self.covered.get((r, c), (r, c))
        last = self.spans.get(corner, corner)
        span = last[1] - corner[1] + 1
        props = f'<w:tcW w:w="{sum(self.grid[c:c + span])}" w:type="dxa"/>'
        props += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        if last[0] > corner[0]:
            props += '<w:vMerge w:val="restart"/>' if corner == (r, c) else "<w:vMerge/>"
        text = self._paragraph(r, c) if corner == (r, c) else self._paragraph(-1, -1)
        return f'<w:tc><w:tcPr>{props}<w:vAlign w:val="center"/></w:tcPr>{text}</w:tc>'

    def _props(self, style: str) -> tuple[str, dict]:
        """A cell style's kind ('amount', 'header' …) and its properties, as the workbook applies them
        (read once a style: do not change the dict)."""
        found = self._looks.get(style)
        if found is None:
            kind, row_style, _ = style_parts(style)
            found = kind, dict(self.styles.get(kind, {})) | dict(self.styles.get("rows", {}).get(row_style, {}))
            self._looks[style] = found
        return found

    def content(self, r: int, c: int) -> tuple[str, str, bool, int, bool]:
        """What a cell prints and how, for any renderer: text, alignment, bold, indent level, header."""
        found = self._contents.get((r, c))
        if found is None:
            found = self._contents[r, c] = self._content(r, c)
        return found

    def _content(self, r: int, c: int) -> tuple[str, str, bool, int, bool]:
        cell = self.sheet.cells.get((r, c))
        style = cell.style if cell else "body"
        kind, props = self._props(style)
        number = cell.num_format if cell is not None and cell.num_format is not None else props.get("num_format", "General")
        header = kind == "header"
        text = printed(cell.value, str(number)) if cell else ""
        align = props.get("align", "center" if header else "left")
        return text, align, bool(props.get("bold")), style_parts(style)[2], header

    def _paragraph(self, r: int, c: int) -> str:
        text, align, bold, indent, header = self.content(r, c)
        look = self.look["表格表头" if header else "表格"]
        ind = f'<w:ind w:left="{indent * INDENT}"/>' if indent else ""
        body = run(text, look.get("font", "宋体"), bold) if text else ""
        return (f'<w:p><w:pPr><w:pStyle w:val="{self.ids["表格表头" if header else "表格"]}"/>{ind}'
                f'<w:jc w:val="{JC[align]}"/></w:pPr>{body}</w:p>')


def _unbreakable(props: Mapping[str, Any], value: Decimal | str | None) -> list[str]:
    """The runs of a cell that must not wrap: codes and amounts (digits, separators, a sign)."""
    return re.findall(r"[-\d,.%]+", printed(value, str(props.get("num_format", "General"))))


def text_sheet(block: Block) -> tuple[Sheet, dict[str, dict[str, str]]]:
    """A table of the text as a Sheet with its cell styles: header row centred, columns aligned as written."""
    sheet = Sheet("", widths=_text_widths(block.rows, len(block.aligns)))
    styles = {"header": {"align": "center"}} | {f"c{c}": {"align": a} for c, a in enumerate(block.aligns)}
    for r, row in enumerate(block.rows):
        for c, text in enumerate(row):
            sheet.put(r, c, Cell(text, style="header" if r == 0 else f"c{c}"))
    return sheet, styles


def _text_widths(rows: tuple[tuple[str, ...], ...], count: int) -> list[float]:
    """Column shares for a table of text: a short column (an amount, a name) gets all it needs, so its
    header does not wrap; the long ones (goals, descriptions) share the rest by their length."""
    need = [max(_measure(row[c]) for row in rows if c < len(row)) + 1.5 for c in range(count)]
    short = [n if n <= 16 else 0.0 for n in need]
    line = 40.0 - sum(short)  # characters a portrait line holds in the table's type, about
    long = sum(n for n, s in zip(need, short, strict=True) if not s) or 1.0
    return [s or max(8.0, line * n / long) for n, s in zip(need, short, strict=True)]


def _measure(text: str) -> float:
    """Width in Chinese characters: Latin letters and digits are about half as wide."""
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text)
