"""The narrative (文字部分): figures computed from the budget (figures.py), rendered by the format's Jinja templates.

Templates never hold a figure: every number comes from figures.py, the same numbers the tables print.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    UndefinedError,
)
from jinja2.sandbox import SandboxedEnvironment

from ..model import Budget
from ..problems import Place, Problem, SpecError
from .bounds import BoundedEnvironment, Limits, TemplateLimit
from .bounds import render as bounded
from .facts import Facts, asked, nearest, unread
from .figures import figures
from .filters import FILTERS
from .markdown import literal, literal_tree
from .sentences import WordingError, Wordings
from .template_cache import bytecode_cache

SPEC_NAMES = ("title_name", "department", "unit")
"""The values the spec itself names (the rest are the format's wordings and house style)."""


def loader(search_path: list[Path]) -> ChoiceLoader:
    """Templates by plain name from the most specific format that has them, or as `<format>/<name>`.

    The prefixed names let a variant's template extend the very template it overrides.
    """
    prefixed = PrefixLoader({str(folder.parent.name): FileSystemLoader(folder) for folder in search_path})
    return ChoiceLoader([FileSystemLoader(search_path), prefixed])


@functools.lru_cache(maxsize=16)
def environment(search_path: tuple[Path, ...]) -> SandboxedEnvironment:
    """One Jinja environment per format, so a batch worker compiles each template once.

    Sandboxed: an officer's own format folder, or one received with a spec, must not be able to run code,
    nor run on or fill the memory (bounds.py).
    """
    env = BoundedEnvironment(loader=loader(list(search_path)), undefined=FactUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True, autoescape=False)
    env.filters.update(FILTERS)
    env.filters["project"] = _find_project
    env.run_filters_when_rendering()
    env.globals.update(FILTERS)
    env.bytecode_cache = bytecode_cache(env)  # compiled templates kept between runs: a cold build skips compiling
    return env


def render(budget: Budget, search_path: list[Path], values: dict[str, Any],
           defined: Mapping[str, Any] | None = None) -> str:
    """The whole narrative document as Markdown."""
    return rendered(budget, search_path, values, defined)[0]


class Narrative(NamedTuple):
    """The text part, W245 for each fact of the spec it leaves out, and every fact path it asked for."""

    text: str
    unread: list[Problem]
    asked: frozenset[str]


def rendered(budget: Budget, search_path: list[Path], values: dict[str, Any],
             defined: Mapping[str, Any] | None = None, wordings: Wordings | None = None) -> Narrative:
    """The narrative as Markdown, and a warning for each fact of the spec the text never read (W245).

    `say(名称, …)` in a template writes the named sentence of `wordings` with the figures it is given."""
    env = environment(tuple(search_path))
    figured = figures(budget, defined)
    figured["上年"] = Facts(figured["上年"], "上年")
    figured["上年执行数"] = Facts(figured["上年执行数"], "上年执行数")
    names = {k: literal(v) for k in SPEC_NAMES if isinstance(v := values.get(k), str)}  # as typed, not as Markdown
    context = dict(values) | names | {"f": figured, "facts": Facts(budget.facts.get("概况", {}), "概况"),
                                      "说明": Facts(budget.facts.get("情况说明", {}), "情况说明"),  # a 决算's
                                      "budget": _literal_facts(budget), "say": _speaker(wordings)}
    place, limits = budget.places.get("概况", Place(budget.file)), Limits()
    try:
        text = bounded(env.get_template("document.md.j2"), context, limits)
    except TemplateLimit as exc:
        raise SpecError([Problem(exc.code, _where(exc), exc.message or "")]) from None
    except UndefinedError as exc:
        raise SpecError(_missing_facts(budget, env, context, str(exc.message), limits)) from None
    except WordingError as exc:
        raise SpecError([exc.problem]) from None
    except UnknownProject as exc:
        raise SpecError([Problem("E242", place, f"“{exc}”不是已定义的项目（见“概况”中的 重点项目、项目说明顺序）")]) from None
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise SpecError([Problem("E241", _where(exc), f"文字模板此处要计算的一项事实不是数字（{exc}）：请检查“概况”中的"
                                                      "金额和数量，或模板此处的写法")]) from None
    except TemplateNotFound as exc:
        raise SpecError([Problem("E900", _where(exc), f"模板有误：找不到模板“{exc.name}”（模板只能引用本格式及其 "
                                                      "extends 链上各格式的模板）")]) from None
    except TemplateError as exc:
        raise SpecError([Problem("E900", _where(exc), f"模板有误：{exc}")]) from None
    sections = (context["facts"], context["说明"], figured["上年"], figured["上年执行数"])
    return Narrative(text, unread(budget, sections), asked(sections))


def _literal_facts(budget: Budget) -> Budget:
    """The budget as a template may read it: its projects' facts (a 绩效目标填报表) as literal Markdown."""
    return replace(budget, projects=tuple(replace(p, facts=literal_tree(p.facts)) for p in budget.projects))


def _speaker(wordings: Wordings | None):
    """The template's `say`: a named sentence with its figures (情形 picks a case, 变体 a variant of the format)."""
    def say(name: str, 情形: str | None = None, 变体: str | None = None, **figures: Any) -> str:
        if wordings is None:
            raise WordingError(Problem("E252", Place(""), f"这个格式没有 sentences.yaml，文字模板却要写句子“{name}”"))
        return wordings.say(name, figures, 情形, 变体)
    return say


def _where(exc: Exception) -> Place:
    """The template file and line of an error, so the author can go there: a syntax error knows its own;
    an error while rendering (a missing include, a failed filter, a limit) is in the deepest template frame, of its
    own traceback or its cause's (a MemoryError reported as a limit)."""
    import traceback  # only for a broken template: every build would otherwise pay ~1 ms to import it

    frames = [frame for error in (exc, exc.__cause__) if error is not None
              for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith(".j2")]
    file, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if (not file or not line) and frames:
        file, line = frames[-1].filename, frames[-1].lineno
    return Place(file or getattr(exc, "name", None) or "document.md.j2", line)


def _missing_facts(budget: Budget, env: SandboxedEnvironment, context: dict[str, Any], message: str,
                   limits: Limits, most: int = 60) -> list[Problem]:
    """Every fact the text needs and the spec lacks, not only the first (a new department, a spec of last year's
    format): each found is stood in for and the text rendered again, until it renders or stops on something else."""
    found, fact = [_missing_fact(budget, message)], message
    while fact.startswith("事实:") and len(found) < most and _stand_in(context, fact, message == fact):
        try:
            bounded(env.get_template("document.md.j2"), context, limits)
            break
        except UndefinedError as exc:
            message = str(exc.message)
        except (TemplateError, UnknownProject, ArithmeticError, ValueError, TypeError):
            break  # the stand-in itself did not fit: what was found so far is still true
        if message.startswith("事实:"):
            fact = message
            found.append(_missing_fact(budget, message))
    # the items, not also the mapping that holds them
    return [p for p in found if not any(q.subject.startswith(f"{p.subject}.") for q in found)]


def _stand_in(context: dict[str, Any], fact: str, first: bool) -> bool:
    """Put a stand-in where a missing fact was: 0 for last year's amounts, first 待填写 for a text of 概况, then,
    if the text looked inside it, an empty mapping. False if the place is taken or cannot be found."""
    *path, key = fact[len("事实:"):].split(".")
    if not path:
        return False
    texts = {"概况": context["facts"], "情况说明": context["说明"]}
    where = texts[path[0]] if path[0] in texts else context["f"].get(path[0])
    for part in path[1:]:
        where = where.get(part) if isinstance(where, Facts) else None
    if not isinstance(where, Facts) or (key in where) == first or isinstance(where.get(key), Facts):
        return False
    text = path[0] in texts
    where[key] = ("待填写" if first else Facts({}, ".".join([*path, key]))) if text else Decimal(0)
    return first or text


def _missing_fact(budget: Budget, message: str) -> Problem:
    """A fact the text needs and the spec lacks, named by its whole path in the spec (概况.国有资产.车辆)."""
    found = re.search(r"^事实:(.+)$|has no attribute '([^']+)'|'([^']+)' is undefined", message)
    name = next((g for g in found.groups() if g), message) if found else message
    section = name.split(".")[0]
    place = budget.places.get(section, Place(budget.file))  # a section not written at all has no line to name
    return Problem("E240", place, f"文字部分需要“{name}”，规格中没有填写{_misspelt(budget.facts, name)}", subject=name)


def _misspelt(facts: Mapping[str, object], name: str) -> str:
    """A fact found missing while its mapping holds a key much like it was most often mistyped: name that key."""
    *path, key = name.split(".")
    where: object = facts
    for part in path:
        where = where.get(part) if isinstance(where, Mapping) else None
    near = nearest(key, [str(k) for k in where]) if isinstance(where, Mapping) else None
    return f"；规格中有“{'.'.join([*path, near])}”，是否是“{key}”写错了？" if near else ""


class FactUndefined(StrictUndefined):
    """StrictUndefined that names a missing fact by its path in the spec."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self._undefined_hint is None and isinstance(self._undefined_obj, Facts):
            self._undefined_hint = f"事实:{self._undefined_obj.path}.{self._undefined_name}"  # Jinja's message


def _find_project(name: str, projects: list[dict[str, Any]]) -> dict[str, Any]:
    """A project by its table or narrative name (for lists of key projects in the spec)."""
    for project in projects:
        if name in (project["名称"], project["文字名称"]):
            return project
    raise UnknownProject(name)


class UnknownProject(Exception):
    """A project named in the spec's facts that the spec does not define."""
