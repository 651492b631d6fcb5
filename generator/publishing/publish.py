"""Publishing: the document's text, charts and tables arranged as one publication, then written as DOCX.

The DOCX is the document an officer may still edit; pdf.py prints it, so the two never differ.
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
    if layout.get("tables_at"):
        placed["tables_at"] = fill(layout["tables_at"], values)
    if layout.get("charts"):
        placed["charts"] = dict(layout["charts"]) | {k: fill(layout["charts"][k], values) for k in ("before", "heading")}
    return placed


def _pictures(charts: Sheet, styles: dict) -> list[tuple[str, bytes]]:
    from .plots import chart_png

    number = str(styles.get("chart_amount", {}).get("num_format", "#,##0"))
    return [(chart.title, chart_png(charts, chart, styles.get("charts", {}), number)) for chart in charts.charts]


def docx(pub: Publication, created: datetime) -> bytes:
    """The publication as DOCX bytes."""
    from .word import docx_bytes

    return docx_bytes(pub, created)
