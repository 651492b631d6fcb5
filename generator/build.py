"""The flow, written once: load → check → model → tables → write.

Each step lives in its own module; this one only runs them in order and writes
files atomically, so a failed build never leaves or replaces a broken file.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .checks import Review, run_checks
from .format_schema import line_of
from .formats import (
    Format,
    FormatError,
    FormatLink,
    FormatOutside,
    available,
    load_catalog,
    load_format,
    templates_root,
)
from .house import check_house, house_style, table_title
from .model import Budget
from .problems import Place, Problem, SpecError, errors
from .reading.catalog import TEXT, check_print_names
from .reading.spec import UNIT_KEYS, load_tree, plain, read_spec
from .reading.spec_text import to_yaml
from .tables.cells import Sheet
from .tables.charts import chart_sheet
from .tables.data import data_sheets
from .tables.layout import build_sheet
from .tables.rows import fill
from .tables.workbook import workbook_bytes
from .text.narrative import Narrative, rendered
from .text.reference import reference
from .text.sentences import Sentence, Wordings, text_style
from .text.sentences import load as load_sentences
from .text.wording_checks import check as check_wording
from .text.wording_checks import invalid as invalid_sentences

if TYPE_CHECKING:  # publishing and the fill-in workbook are imported where used: a one-spec build starts faster
    from .publishing.publication import Publication

SCHEMA_FILE = Path(__file__).with_name("spec.schema.json")  # shipped beside the code; editors read it
ALL_KINDS = frozenset({"xlsx", "md", "docx", "pdf"})


@dataclass(frozen=True)
class Document:
    """A budget with its format, ready to render."""

    budget: Budget
    format: Format

    @property
    def values(self) -> dict[str, object]:
        """The placeholders every layout and template may use, the house style (版式) among them."""
        b = self.budget
        return self.format.wording(b.kind) | {
            "year": b.year, "last_year": b.year - 1, "title_name": b.title_name, "department": b.department,
            "kind": b.kind, "版式": self.house,
            "unit": b.units[0].name if len(b.units) == 1 else b.title_name,
            "部门名称": b.title_name, "年度": b.year, "上年度": b.year - 1}  # the names an officer writes in 版式 words

    @property
    def house(self) -> dict[str, Any]:
        """The format's house style with the spec's own choices over it."""
        return house_style(self.format.settings.get("版式", {}), self.budget.house)


def load_document(path: Path, extra_catalog: Path | None = None) -> Document:
    """Read a spec and find its format; SpecError for anything wrong with either."""
    budget = read_spec(path, extra=extra_catalog)
    place = budget.places.get("格式", Place(str(path), None, "格式"))
    fmt = _format(budget.format, place, path.parent)
    fields = {*Document(budget, fmt).values, "number"}  # what a table's words may name ({year}, {层级} …)
    problems = check_house(budget.house, fmt.settings, budget.places.get("版式", place), fmt.sheet_columns(), fields)
    problems += check_print_names(budget.names, tuple(fmt.sheet_columns()))
    problems += check_wording(budget.wording, budget.places, sentences(fmt), budget.file)
    if errors(problems):
        raise SpecError(problems)
    notes = problems + _year_warning(budget, fmt, place)
    return Document(replace(budget, notes=budget.notes + tuple(notes)), fmt)


def _format(name: str, place: Place, near: Path | None = None) -> Format:
    """The format called `name` (or an officer's folder beside the spec), or E230/E235 at `place`."""
    try:
        found = load_format(name, near)
        found.sheet_columns()  # every table layout read now: a broken one is named before anything is built
        found.publishing(), found.merged("import.yaml")  # and an officer's publish.yaml and import.yaml
        _own_house(found)
        return found
    except FormatError as exc:
        raise SpecError(_format_problems(exc)) from None
    except FormatLink as exc:
        message = f"格式文件夹“{name}”中有链接“{exc.link}”：格式文件夹中不能有链接（链接可指向其他位置的任何文件），请换成文件本身"
        raise SpecError([Problem("E235", place, message)]) from None
    except FormatOutside:
        message = f"格式文件夹“{name}”不在规格文件所在的文件夹之内：只能用随 budgetgen 提供的格式，或规格旁边的格式文件夹"
        raise SpecError([Problem("E235", place, message)]) from None
    except KeyError as exc:
        missing = exc.args[0] if exc.args else name
        extending = exc.args[1] if len(exc.args) > 1 else None
        which = f"格式“{missing}”不存在"
        if extending is not None:  # named by a format's extends: found at that line
            text = extending.read_text("utf-8")
            line = text.count("\n", 0, max(text.find("extends:"), 0)) + 1
            place, which = Place(str(extending), line, "extends"), f"extends 所指的{which}（或它又 extends 了本格式）"
        raise SpecError([Problem("E230", place, f"{which}，可用：{'、'.join(available())}，"
                                                "或规格旁边含 format.yaml 的格式文件夹（如 ./我的格式）")]) from None


def _format_problems(exc: FormatError) -> list[Problem]:
    """E243 for each problem a format's files have, at its file, line and key."""
    return [Problem("E243", Place(str(e.path), e.line, e.key), f"格式文件有误：{e.message}") for e in (exc, *exc.also)]


def _own_house(fmt: Format) -> None:
    """An officer's format's own 版式 defaults, held to its 版式选项 as a spec's 版式 is (E237 at its format.yaml)."""
    own = fmt.search_path[0] / "format.yaml"
    if own.is_relative_to(templates_root()):
        return
    place = Place(str(own), line_of(own.read_text("utf-8"), ("版式",)))
    problems = check_house(fmt.settings.get("版式", {}), fmt.settings, place, fmt.sheet_columns())
    if problems:
        raise SpecError(problems)


def _year_warning(budget: Budget, fmt: Format, place: Place) -> list[Problem]:
    """W239: a spec of one year in another year's format prints that year's wording and tables."""
    year = fmt.settings.get("year")
    if year is None or int(year) == budget.year:
        return []
    later = (f"；要编 {year} 年的预算，可由这份 {budget.year} 年的规格用 budgetgen next-year 生成（年度和上年数随之更新）"
             if int(year) > budget.year else "")
    return [Problem("W239", place, f"规格的年度为 {budget.year} 年，而格式“{fmt.name}”是 {year} 年的格式，"
                                   f"措辞和表样可能与本年度的要求不同{later}", "warning")]


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


def wordings(doc: Document) -> Wordings:
    """The document's sentences: the format's sentences.yaml down its chain, the spec's 措辞 over them."""
    return Wordings(sentences(doc.format), doc.budget.wording, doc.budget.places, text_style(doc.house), doc.budget.file)


def wording_reference(name: str, near: Path | None = None) -> str:
    """The reference of a format's sentences and 版式 keys (budgetgen sentences), from its own files."""
    fmt = _format(name, Place(name, None, "格式"), near)
    return reference(fmt.name, sentences(fmt), fmt.settings)


def sentences(fmt: Format) -> dict[str, Sentence]:
    """A format's named sentences (sentences.yaml merged down its `extends` chain); E243 for one that cannot be used."""
    try:
        data = fmt.merged("sentences.yaml")
    except FormatError as exc:
        raise SpecError(_format_problems(exc)) from None
    problem = invalid_sentences(data)
    if problem:
        where = next((f / "sentences.yaml" for f in fmt.search_path if (f / "sentences.yaml").is_file()), fmt.search_path[0])
        raise SpecError([Problem("E243", Place(str(where)), f"格式文件有误：{problem}")])
    return load_sentences(data)


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


def input_workbook(source: Path | None, year: int | None = None, format_name: str | None = None) -> bytes:
    """The fill-in workbook: empty (drop-downs from the year's catalog), holding a valid unit spec, or holding a
    format's `new` skeleton, so an officer sees every key that format's text needs and its own drop-downs."""
    from .reading.excel_template import template_bytes  # only for this command, as `official` below

    if source is None and format_name is not None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "新单位.yaml"
            path.write_text(skeleton(format_name), "utf-8")
            return input_workbook(path)
    if source is None:
        return template_bytes(None, load_catalog(year))
    doc = load_document(source)
    if len(doc.budget.units) > 1:
        raise SpecError([Problem("E308", Place(str(source)), "部门规格由多个单位合成，请分别导出各下属单位的规格")])
    return template_bytes(plain(load_tree(source)), doc.budget.catalog, doc.format.settings.get("document", "预算"))


def official(spec: Path) -> bytes:
    """The official fill-in workbook of the spec's format, filled with its tables and texts (E621 if it has none)."""
    from .publishing.fillin import filled, official_workbook  # openpyxl: only when this is asked for

    doc = load_document(spec)
    b = doc.budget
    book = official_workbook(doc.format, b.kind, str(spec))
    return filled(sheets(doc), narrative(doc), b.title_name, b.year, book, doc.format.settings.get("styles", {}))


def workbook_to_spec(path: Path) -> str:
    """A filled input workbook as YAML spec text; SpecError naming sheet!cell if it is not a valid spec."""
    read_spec(path)
    tree = plain(load_tree(path))
    ordered = {k: tree[k] for k in UNIT_KEYS if k in tree} | tree
    if isinstance(ordered.get("绩效目标"), dict):
        ordered["绩效目标"] = {k: ordered["绩效目标"][k] for k in ("任务", "年度总体目标", "指标") if k in ordered["绩效目标"]}
    return to_yaml(ordered, f"由 budgetgen import 从 {path.name} 导入的预算规格")


def skeleton(format_name: str, beside: Path | None = None, kind: str = "unit") -> str:
    """A commented spec to fill for a new unit (or, kind "department", a department) of the format, from its own
    folder or the format it extends; written to `beside`, its editor line points at budgetgen's schema from there
    (the shipped line holds only inside specs/)."""
    name = "skeleton.yaml" if kind == "unit" else f"skeleton-{kind}.yaml"
    text = _format(format_name, Place(format_name)).find(name).read_text("utf-8")
    text = re.sub(r"^格式: .*$", f"格式: {format_name}", text, count=1, flags=re.M)
    if beside is None:
        return text
    return re.sub(r"^# yaml-language-server: \$schema=.*$", lambda _: _schema_line(beside), text, count=1, flags=re.M)


def _schema_line(beside: Path) -> str:
    """The editor line for a spec written to `beside`: the schema's path from there, when budgetgen runs from its
    source tree. An installed budgetgen's schema is inside its virtualenv, which is rebuilt or moved at will: the
    line then says how to put the schema beside the spec instead of pointing into it."""
    if SCHEMA_FILE.resolve().is_relative_to(Path(sys.prefix).resolve()):
        return ("# 编辑器检查与补全中文键：运行 budgetgen schema > spec.schema.json，"
                "再把本行改为 # yaml-language-server: $schema=spec.schema.json")
    try:
        schema_ref = Path(os.path.relpath(SCHEMA_FILE, beside.resolve().parent)).as_posix()
    except ValueError:  # another drive: no relative path
        schema_ref = SCHEMA_FILE.as_uri()
    return f"# yaml-language-server: $schema={schema_ref}"


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
