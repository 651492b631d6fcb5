"""The publication as a DOCX: cover, 目录 with live page numbers, the text, the charts, every table.

Page numbers in the 目录 are PAGEREF fields to bookmarks on the headings: Word, WPS and LibreOffice
compute them when they lay the document out, so they are right in Word and in the PDF alike.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Mm
from lxml import etree

from ..tables.cells import Sheet
from .contents import contents, generated_contents
from .pages import page_starts, sheet_orientation, sheet_parts
from .publication import Block, Publication
from .wordxml import TWIPS_PER_MM, W, fitted_size, fonts, run, style_xml, table_at


def docx_bytes(pub: Publication, created: datetime) -> bytes:
    """The DOCX file; the same publication gives the same bytes (fixed dates, ids and zip times)."""
    writer = _Writer(pub, created)
    writer.write()
    buffer = io.BytesIO()
    writer.doc.save(buffer)
    return _stable_zip(buffer.getvalue(), created, writer.footers)


class _Writer:
    def __init__(self, pub: Publication, created: datetime) -> None:
        self.pub, self.layout = pub, pub.layout
        self.doc = Document()
        self.body = self.doc.element.find(f"{{{_NS}}}body")  # Document.element: the documented lxml root
        self.ids = {name: f"bg{i}" for i, name in enumerate(self.layout["styles"], 1)}
        self.look = self.layout["styles"]
        self.footers: dict[str, str] = {}  # a footer's marker → its runs
        self.marks: dict[int, str] = {}  # block index → bookmark of a 目录 entry
        self._properties(created)
        self._styles()

    def _properties(self, created: datetime) -> None:
        props = self.doc.core_properties
        props.title, props.author, props.last_modified_by = self.pub.title, self.pub.author, "budgetgen"
        props.created = props.modified = props.last_printed = created
        props.revision, props.comments, props.keywords, props.subject = 1, "", "", ""

    def _defaults(self) -> None:
        """Chinese where python-docx's template says Japanese or English: the default fonts and language,
        and Word asked to update fields (the 目录's page numbers) when it opens the file."""
        q = f"{{{_NS}}}"
        defaults = self.doc.styles.element.find(f"{q}docDefaults/{q}rPrDefault/{q}rPr")
        defaults.replace(defaults.find(f"{q}rFonts"), _xml(f"<w:rPr {W}>{fonts(self.look['正文']['font'])}</w:rPr>")[0])
        defaults.find(f"{q}lang").set(f"{q}eastAsia", "zh-CN")
        settings = self.doc.settings.element
        settings.find(f"{q}themeFontLang").set(f"{q}eastAsia", "zh-CN")
        settings.find(f"{q}compat").addprevious(_xml(f'<w:updateFields {W} w:val="true"/>'))

    def _styles(self) -> None:
        self._defaults()
        styles = self.doc.styles.element
        for name, look in self.look.items():
            width = self._width(look.get("page", "portrait"))
            styles.append(_xml(style_xml(self.ids[name], name, look, width)))

    def _width(self, orientation: str) -> int:
        page = self.layout["page"][orientation]
        return round((page["width"] - page["left"] - page["right"]) * TWIPS_PER_MM)

    def write(self) -> None:
        self._page(self.doc.sections[0], "portrait")
        self._raw_para("封面留白", "")
        for line in self.pub.cover_title:
            self._para("封面标题", line)
        for line in self.pub.cover:
            self._para("封面", line)
        body = self.doc.add_section(WD_SECTION.NEW_PAGE)
        if self.layout.get("page_number"):  # `page_number: null`: no page numbers (a 决算 prints none)
            self._footer(body)
        if generated_contents(self.layout):  # else the text's own 目录 is printed among its blocks
            self._contents()
        for i, new_page in page_starts(self.pub.blocks):
            if new_page:
                self._section(new_page)
            self._block(i, self.pub.blocks[i])

    def _page(self, section, orientation: str) -> None:
        page = self.layout["page"][orientation]
        section.orientation = WD_ORIENT.LANDSCAPE if orientation == "landscape" else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(page["width"]), Mm(page["height"])
        section.top_margin, section.bottom_margin = Mm(page["top"]), Mm(page["bottom"])
        section.left_margin, section.right_margin = Mm(page["left"]), Mm(page["right"])
        section.footer_distance = Mm(page.get("footer", min(page["bottom"] - 8, 28)))

    def _footer(self, section) -> None:
        """Page numbers from this section on; the cover counts as page 1 but shows none, and the
        目录's PAGEREF fields give the same numbers as the footers. With `page_number_sides` odd pages
        carry theirs on the right and even pages on the left, as GB/T 9704 has it."""
        section.footer.is_linked_to_previous = False
        footers = [(section.footer, "页码")]
        if self.layout.get("page_number_sides"):
            self.doc.settings.odd_and_even_pages_header_footer = True
            section.even_page_footer.is_linked_to_previous = False
            footers.append((section.even_page_footer, "页码双"))
        before, _, after = self.layout["page_number"].partition("{page}")
        for n, (footer, style) in enumerate(footers):
            font, marker = self.look[style]["font"], chr(_FOOTER + n)
            paragraph = footer.paragraphs[0]
            paragraph.style = self.doc.styles[style]
            paragraph.add_run(marker)  # python-docx writes no fields: the re-zip puts the runs in its place
            self.footers[marker] = run(before, font) + "".join(_field("PAGE", "1", font)) + run(after, font)

    def _section(self, orientation: str) -> None:
        """A new section on a new page; the paragraph that ends the last one takes no room."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        ending = self.body[-2]  # the paragraph now closing the last section; the body's own sectPr is last
        ppr = ending.find(f"{{{_NS}}}pPr")
        ppr.insert(0, _xml(f'<w:spacing {W} w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'))
        ppr.find(f"{{{_NS}}}sectPr").addprevious(_xml(f'<w:rPr {W}><w:sz w:val="2"/></w:rPr>'))
        self._page(section, orientation)

    def _contents(self) -> None:
        """The 目录: an entry per heading down to toc.levels, and per table, each with a PAGEREF page number."""
        self._para("目录标题", self.layout["toc"]["title"])
        for i, depth, text in contents(self.pub):
            mark = self.marks.setdefault(i, f"_Toc{len(self.marks) + 1:04d}")  # 五、部门预算表 and 1. share a block
            style = f"目录{depth}"
            size = fitted_size(text, self.look[style], self._width("portrait"))  # one line an entry, as published
            xml = run(text, self.look[style]["font"], size=size) + '<w:r><w:tab/></w:r>'
            xml += "".join(_field(f"PAGEREF {mark} \\h", "1", self.look[style]["font"]))
            self._raw_para(style, f'<w:hyperlink w:anchor="{mark}" w:history="1">{xml}</w:hyperlink>')

    def _block(self, i: int, block: Block) -> None:
        if block.kind == "heading":
            style = self.layout["headings"]["#" * block.level]
            self._raw_para(style, self._marked(i, run(block.text, self.look[style]["font"])))
        elif block.kind in ("paragraph", "item"):
            self._para(block.style or ("正文" if block.kind == "paragraph" else "列表"), block.text)
        elif block.kind == "table":
            self._insert_table(i, "portrait")
        elif block.kind == "picture":
            self.doc.add_picture(io.BytesIO(block.picture), width=Mm(self.layout["charts"]["width"]))
            self.doc.paragraphs[-1].alignment = 1
            self.doc.paragraphs[-1].paragraph_format.keep_with_next = True  # never a caption without its chart
            self._para("图题", block.text)
        elif block.kind == "sheet":
            self._sheet(i, block.sheet)

    def _marked(self, i: int, xml: str) -> str:
        mark = self.marks.get(i)
        if mark is None:
            return xml
        n = int(mark[4:])
        return f'<w:bookmarkStart w:id="{n}" w:name="{mark}"/>{xml}<w:bookmarkEnd w:id="{n}"/>'

    def _sheet(self, i: int, sheet: Sheet) -> None:
        """A table page: its lines above (表号, title, 部门名称/单位), the table, its notes."""
        above, _, _, notes = sheet_parts(sheet)
        for r, kinds in above:
            self._title_row(i, sheet, r, kinds)
        self._insert_table(i, sheet_orientation(sheet))
        for r in notes:
            self._para(self.layout["sheet_styles"]["note"], sheet.text(r, 0))

    def _title_row(self, i: int, sheet: Sheet, r: int, kinds: set[str]) -> None:
        texts = [sheet.text(rr, c) for (rr, c) in sorted(sheet.cells) if rr == r]
        if "subtitle_left" in kinds or "subtitle_right" in kinds:
            style = self.layout["sheet_styles"]["subtitle"]
            font = self.look[style]["font"]
            self._raw_para(style, run(texts[0], font) + "<w:r><w:tab/></w:r>" + run(" ".join(texts[1:]), font))
            return
        style = self.layout["sheet_styles"][next(iter(kinds))]
        xml = run(" ".join(texts), self.look[style]["font"])
        self._raw_para(style, self._marked(i, xml) if "title" in kinds else xml)

    def _insert_table(self, i: int, orientation: str) -> None:
        table = table_at(self.pub, i).xml(self._width(orientation), self.ids)
        self.body[-1].addprevious(_xml(table))

    def _para(self, style: str, text: str) -> None:
        self._raw_para(style, run(text, self.look[style]["font"]))

    def _raw_para(self, style: str, runs: str) -> None:
        self.body[-1].addprevious(_xml(f'<w:p {W}><w:pPr><w:pStyle w:val="{self.ids[style]}"/></w:pPr>{runs}</w:p>'))


_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_FOOTER = 0xE000
"""A footer is written with a private-use character (no document holds one), then replaced by its runs."""


def _xml(text: str) -> Any:
    """An element from WordprocessingML text."""
    return etree.fromstring(text, _PARSER)


def _field_open(instruction: str) -> tuple[str, str, str]:
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')


def _field(instruction: str, shown: str, font: str) -> tuple[str, ...]:
    """A field (PAGE, PAGEREF …) with a placeholder result that Word and LibreOffice recompute."""
    return (*_field_open(instruction), run(shown, font), '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _stable_zip(data: bytes, created: datetime, footers: dict[str, str]) -> bytes:
    """The same archive with every member dated `created` (python-docx stamps members with the clock), and
    each footer's marker run replaced by its runs (the PAGE field).
    (Zipping python-docx's parts once ourselves saves ~15 ms but needs its private PackageWriter methods.)"""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, created.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename.startswith("word/footer"):
                content = _fill_footer(content, footers)
            target.writestr(member, content)
    return out.getvalue()


def _fill_footer(xml: bytes, footers: dict[str, str]) -> bytes:
    for marker, runs in footers.items():
        xml = xml.replace(f"<w:r><w:t>{marker}</w:t></w:r>".encode(), runs.encode())
    return xml
