"""Load a spec and find its format: the Document every later step renders, or SpecError saying what is wrong.

Also the format's named sentences and the wordings built from them, which loading checks a spec's 措辞 against.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .format_schema import line_of
from .formats import Format, FormatError, FormatLink, FormatOutside, available, load_format
from .house import check_house, house_style
from .model import Budget
from .problems import Place, Problem, SpecError, errors
from .reading.catalog import check_print_names
from .reading.spec import read_spec
from .shipped import templates_root
from .text.reference import reference
from .text.sentences import Sentence, Wordings, text_style
from .text.sentences import load as load_sentences
from .text.wording_checks import check as check_wording
from .text.wording_checks import invalid as invalid_sentences


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
    fmt = find_format(budget.format, place, path.parent)
    fields = {*Document(budget, fmt).values, "number"}  # what a table's words may name ({year}, {层级} …)
    problems = check_house(budget.house, fmt.settings, budget.places.get("版式", place), fmt.sheet_columns(), fields)
    problems += check_print_names(budget.names, tuple(fmt.sheet_columns()))
    problems += check_wording(budget.wording, budget.places, sentences(fmt), budget.file)
    if errors(problems):
        raise SpecError(problems)
    notes = problems + _year_warning(budget, fmt, place)
    return Document(replace(budget, notes=budget.notes + tuple(notes)), fmt)


def find_format(name: str, place: Place, near: Path | None = None) -> Format:
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


def wordings(doc: Document) -> Wordings:
    """The document's sentences: the format's sentences.yaml down its chain, the spec's 措辞 over them."""
    return Wordings(sentences(doc.format), doc.budget.wording, doc.budget.places, text_style(doc.house), doc.budget.file)


def wording_reference(name: str, near: Path | None = None) -> str:
    """The reference of a format's sentences and 版式 keys (budgetgen sentences), from its own files."""
    fmt = find_format(name, Place(name, None, "格式"), near)
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
