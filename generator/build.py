"""The flow, written once: load → check → model → tables → write.

Each step lives in its own module; this one only runs them in order and writes
files atomically, so a failed build never leaves or replaces a broken file.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .checks import Review, run_checks
from .document import Document, load_document, wordings
from .house import table_title
from .problems import Place, Problem, SpecError, errors
from .reading.catalog import TEXT
from .tables.cells import Sheet
from .tables.charts import chart_sheet
from .tables.data import data_sheets
from .tables.layout import build_sheet
from .tables.rows import fill
from .tables.workbook import workbook_bytes
from .text.narrative import Narrative, rendered
from .text.sentences import Wordings, text_style

if TYPE_CHECKING:  # publishing and the fill-in workbook are imported where used: a one-spec build starts faster
    from .publishing.publication import Publication

ALL_KINDS = frozenset({"xlsx", "md", "docx", "pdf"})


def sheets(doc: Document) -> list[Sheet]:
    """Every table of the document, then the data sheets they sum from."""
    settings = doc.format.settings
    data = data_sheets(doc.budget, settings["data_sheets"])
    tables = [build_sheet(t, doc.budget, data, settings, doc.values | {"number": n})
              for n, t in enumerate(doc.format.tables(doc.budget.kind), 1)]
    charts = chart_sheet(doc.budget, data["明细"], settings, doc.values) if doc.house.get("图表", True) else None
    return tables + ([charts] if charts else []) + [d.sheet() for d in data.values()]


def created(doc: Document) -> datetime:
    """Every file's date: 1 January of the budget year, so the same spec gives the same bytes."""
    return datetime(doc.budget.year, 1, 1)


def workbook(doc: Document, tables: list[Sheet] | None = None) -> bytes:
    """The document's xlsx file as bytes (its sheets built here unless given)."""
    return workbook_bytes(tables if tables is not None else sheets(doc), doc.format.settings["styles"], created(doc))


def narrative(doc: Document) -> str:
    """The document's text part (and list of tables) as Markdown."""
    return narrative_read(doc)[0]


def narrative_read(doc: Document, words: Wordings | None = None) -> Narrative:
    """The text part, W245 for each fact of the spec it leaves out (a mistyped key, one the format never prints),
    and the facts it asked for (a reason the text never prints is not demanded, C351); `words` (else the document's
    own) record each sentence said."""
    titles = [fill(table_title(doc.house, t), doc.values) for t in doc.format.tables(doc.budget.kind)]
    folders = [folder / "narrative" for folder in doc.format.search_path]
    catalog = doc.budget.catalog.printed(doc.budget.names, TEXT)  # the text prints the spec's 科目名称 too
    budget = doc.budget if catalog is doc.budget.catalog else replace(doc.budget, catalog=catalog)
    return rendered(budget, folders, doc.values | {"tables": titles}, doc.format.settings.get("figures", {}),
                    words or wordings(doc))


def _told(doc: Document) -> tuple[Narrative | None, list[Problem]]:
    """The text part, or the problems that kept it from being written (reported after the checks' findings: a W239
    saying the spec is of another year explains a page of missing facts)."""
    try:
        return narrative_read(doc), []
    except SpecError as exc:
        return None, list(exc.problems)


def review(doc: Document, tables: list[Sheet] | None = None, asked: frozenset[str] | None = None) -> list[Problem]:
    """Every rule's findings on the document (tables built here unless given)."""
    settings = doc.format.settings
    built = tuple(tables if tables is not None else sheets(doc))
    return run_checks(Review(doc.budget, built, Decimal(settings["divisor"]), int(settings.get("decimals", 0)),
                             str(settings.get("unit", "万元")), settings.get("text_sums", {}),
                             tuple(settings.get("reasons", ())), tuple(settings.get("basic_classes", ())),
                             settings.get("figures", {}), asked, tuple(settings.get("agree", ())), text_style(doc.house)))


def check(path: Path, extra_catalog: Path | None = None) -> list[Problem]:
    """Every finding on a spec, as `build` would see them, without writing anything."""
    doc = load_document(path, extra_catalog)
    told, failed = _told(doc)
    findings = review(doc, asked=told.asked if told else None)
    if told is None:
        raise SpecError([*findings, *failed])
    return findings + told.unread


def published(doc: Document, tables: list[Sheet], text: str) -> Publication:
    """The document arranged for print: cover, text, charts and tables in the format's order."""
    from .publishing.publish import publication  # only when publishing: `--no-docx --no-pdf` never loads it

    charts = next((s for s in tables if s.charts), None)
    printed = tables[: len(doc.format.tables(doc.budget.kind))]
    return publication(doc.values, doc.format.publishing(), dict(doc.format.settings["styles"]), text, printed, charts)


def _publish(doc: Document, tables: list[Sheet], text: str, spec: Path, out_dir: Path,
             kinds: frozenset[str]) -> tuple[dict[Path, bytes], list[Problem]]:
    """The DOCX and PDF wanted, both from one publication; a warning if the PDF could not be typeset."""
    if not kinds & {"docx", "pdf"}:
        return {}, []
    from .publishing.publish import PdfUnavailable, docx, pdf  # only when publishing, as in `published`

    pub = published(doc, tables, text)
    files = {out_dir / f"{spec.stem}.docx": docx(pub, created(doc))} if "docx" in kinds else {}
    if "pdf" not in kinds:
        return files, []
    try:
        return files | {out_dir / f"{spec.stem}.pdf": pdf(pub, created(doc))}, []
    except PdfUnavailable as exc:
        return files, [Problem("W316", Place(str(spec)), f"未生成 PDF：{exc}。可用 --no-pdf 只生成其余文件", "warning")]


def build(path: Path, out_dir: Path, force: bool = False, extra_catalog: Path | None = None,
          kinds: frozenset[str] = ALL_KINDS) -> tuple[list[Path], list[Problem]]:
    """Build one spec into out_dir; return the files written and the findings that did not stop it."""
    doc = load_document(path, extra_catalog)
    tables = sheets(doc)
    told, failed = _told(doc)
    findings = review(doc, tables, told.asked if told else None)
    if errors(findings) and not force:
        raise SpecError(findings)
    if any((out_dir / f"{path.stem}.{kind}").resolve() == path.resolve() for kind in kinds | {"xlsx", "md"}):
        raise SpecError([Problem("E309", Place(str(path)), "生成的文件会覆盖作为输入的工作簿，请用 -o 指定另一个输出文件夹")])
    if told is None:
        raise SpecError([*findings, *failed])
    text, unread = told.text, told.unread
    outputs = {out_dir / f"{path.stem}.xlsx": workbook(doc, tables), out_dir / f"{path.stem}.md": text.encode()}
    published_files, warnings = _publish(doc, tables, text, path, out_dir, kinds)
    outputs |= published_files
    findings = [*findings, *unread, *warnings]
    write_atomic(outputs)
    return list(outputs), findings


def write_atomic(outputs: dict[Path, bytes]) -> None:
    """Write every file to a temporary beside its target, then rename them all into place.

    An interrupted or failing build leaves no partial file, and replaces nothing
    unless every file of the document was written whole.
    """
    temps: list[tuple[str, Path]] = []
    mode = 0o666 & ~_umask()  # as an ordinary new file: mkstemp's own 0600 would hide it from colleagues
    try:
        for target, data in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            temps.append((tmp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, mode)
        for tmp, target in temps:
            os.replace(tmp, target)
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
