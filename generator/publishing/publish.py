"""Publishing: the document's text, charts and tables arranged as one publication, then written as DOCX
(word.py, the file an officer may still edit) and typeset as PDF (typeset.py); both read the same plan.
"""

from __future__ import annotations

from datetime import datetime

from ..tables.cells import Sheet
from ..tables.rows import fill
from .publication import Publication, arrange, read_markdown


def publication(values: dict, layout: dict, table_styles: dict, markdown: str, tables: list[Sheet],
                charts: Sheet | None) -> Publication:
    """The publication of a built document: its Markdown text, its tables and its chart sheet."""
    layout = _placed(layout, values)
    pictures = _pictures(charts, table_styles) if charts is not None and layout.get("charts") else []
    title, preface, blocks = arrange(read_markdown(markdown), tables, pictures, layout)
    named = values | {"title": title}
    cover = tuple(preface) + tuple(fill(line, named) for line in layout.get("cover", []))
    heading = tuple(fill(line, named) for line in layout.get("cover_title", ["{title}"]))
    return Publication(title, str(values.get("title_name", "")), heading, cover, tuple(blocks), layout, table_styles)


def _placed(layout: dict, values: dict) -> dict:
    """The headings publish.yaml places things at, with their placeholders filled (五、{层级}预算表)."""
    placed = dict(layout) | {"drop": [fill(h, values) for h in layout.get("drop", [])]}
    if isinstance(layout.get("tables_at"), str):  # a {match: regex} is matched as written
        placed["tables_at"] = fill(layout["tables_at"], values)
    if layout.get("toc"):
        placed["toc"] = _toc(layout["toc"], values)
    if layout.get("charts"):
        placed["charts"] = dict(layout["charts"]) | {k: fill(layout["charts"][k], values) for k in ("before", "heading")}
    return placed


def _toc(toc: dict, values: dict) -> dict:
    """The 目录's wordings with their placeholders filled ({层级}预算表, {层级}主要职能)."""
    worded = {"entries": [w | {"entry": fill(w["entry"], values)} for w in toc.get("entries", [])]}
    return dict(toc) | worded | ({"tables_entry": fill(toc["tables_entry"], values)} if toc.get("tables_entry") else {})


def _pictures(charts: Sheet, styles: dict) -> list[tuple[str, bytes]]:
    from .plots import chart_png

    number = str(styles.get("chart_amount", {}).get("num_format", "#,##0"))
    return [(chart.title, chart_png(charts, chart, styles.get("charts", {}), number)) for chart in charts.charts]


def docx(pub: Publication, created: datetime) -> bytes:
    """The publication as DOCX bytes."""
    from .word import docx_bytes

    return docx_bytes(pub, created)


class PdfUnavailable(Exception):
    """The PDF could not be typeset (Typst missing, or it failed on this document)."""


def pdf(pub: Publication, created: datetime) -> bytes:
    """The publication as PDF bytes."""
    try:
        from .typeset import TypesetFailed, pdf_bytes
    except ImportError as exc:  # the typst wheel is a dependency; a broken install is a warning, not a crash
        raise PdfUnavailable(f"未能载入 Typst 排版程序（{exc}）") from None
    try:
        return pdf_bytes(pub, created)
    except TypesetFailed as exc:
        raise PdfUnavailable(f"Typst 排版失败：{exc}") from None
