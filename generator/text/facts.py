"""The spec's facts as the narrative's templates see them, noting what the text reads, so a fact it never
prints (a mistyped key under 概况, or one the chosen format does not use) is named rather than silently dropped."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from ..model import Budget
from ..problems import Place, Problem
from .markdown import literal_tree


class Facts(dict):
    """The spec's facts as templates see them, each mapping knowing its path for messages and which of its keys
    the text asked for and was handed (`read`): a fact never handed out is one the text leaves out (W245)."""

    def __init__(self, values: Mapping[str, Any], path: str) -> None:
        super().__init__({k: Facts(v, f"{path}.{k}") if isinstance(v, Mapping) else literal_tree(v)
                          for k, v in values.items()})  # the spec's texts as literal Markdown: printed as typed
        self.path = path
        self.read: set[Any] = set()
        self.asked: set[Any] = set()
        self.spared: set[Any] = set()
        """Keys the text does not need as the figures stand (no reason where two figures print the same): `spare`."""

    def _hand(self, key: Any) -> bool:
        self.asked.add(key)
        found = dict.__contains__(self, key)
        if found:
            self.read.add(key)
        return found

    def __getitem__(self, key: Any) -> Any:
        self._hand(key)
        return dict.__getitem__(self, key)

    def get(self, key: Any, default: Any = None) -> Any:
        return dict.__getitem__(self, key) if self._hand(key) else default

    def __contains__(self, key: object) -> bool:
        return self._hand(key)

    def __iter__(self) -> Iterator[Any]:
        self.read.update(dict.keys(self))
        return dict.__iter__(self)

    def keys(self) -> list[Any]:  # type: ignore[override]
        return list(iter(self))

    def items(self) -> list[tuple[Any, Any]]:  # type: ignore[override]
        return list(zip(self.keys(), dict.values(self), strict=True))

    def values(self) -> list[Any]:  # type: ignore[override]
        return [value for _, value in self.items()]


def asked(sections: tuple[Facts, ...]) -> frozenset[str]:
    """Every fact path the text asked for (概况.功能科目变动原因.2040601), written in the spec or not: what it prints."""
    found: set[str] = set()
    stack = list(sections)
    while stack:
        facts = stack.pop()
        found |= {f"{facts.path}.{key}" for key in facts.asked | facts.read}
        stack += [v for v in dict.values(facts) if isinstance(v, Facts)]
    return frozenset(found)


def unread(budget: Budget, sections: tuple[Facts, ...]) -> list[Problem]:
    """W245 for each fact the text was never handed: the fact itself, or the mapping holding it if the text
    never looked inside (one finding for a mistyped mapping's key, not one per line below it)."""
    pending = _pending(budget)
    return [_unread(budget, facts, key) for section in sections for facts, key in _never_read(section)
            if not pending(f"{facts.path}.{key}")]


def _pending(budget: Budget) -> Callable[[str], bool]:
    """Whether a fact, or anything written below it, still holds a placeholder (待填写: C350 names each): not yet
    the officer's words, and whether the text prints it may hang on figures not entered yet either (a reason for a
    change, while the 决算数 are still 待填写). Named once it is written and still not printed."""
    held = {path[:end] for p in budget.notes if p.code == "C350" for path in [p.place.path]
            for end in [*(i for i, c in enumerate(path) if c in ".["), len(path)]}
    return held.__contains__


def _never_read(facts: Facts) -> Iterator[tuple[Facts, Any]]:
    for key, value in dict.items(facts):
        if value in (None, "", [], {}):
            continue  # written empty: nothing is left out of the text
        if key not in facts.read:
            yield facts, key
        elif isinstance(value, Facts):
            yield from _never_read(value)


def _unread(budget: Budget, facts: Facts, key: Any) -> Problem:
    path = f"{facts.path}.{key}"
    place = budget.places.get(path) or budget.places.get(facts.path.split(".")[0]) or Place(budget.file)
    if key in facts.spared:
        return Problem("W245", replace(place, path=path), f"“{path}”此处用不到：两数印出相同（持平），文字部分不写原因；"
                       "这一条可删去，两数不同时再写", "warning", subject=path)
    return Problem("W245", replace(place, path=path), f"文字部分没有用到“{path}”，它不会出现在公开文本中"
                   f"{_meant(facts, key)}", "warning", subject=path)


def _meant(facts: Facts, key: Any) -> str:
    """The key the text asked for and did not find that this one most resembles: most often the one it was meant
    to be (a key the spec also has is not)."""
    near = nearest(str(key), [str(k) for k in facts.asked - facts.read])
    return f"；文字部分要读的是“{facts.path}.{near}”（规格中没有），是否是它写错了？" if near else ""


def nearest(key: str, keys: list[str], cutoff: float = 0.7) -> str | None:
    """The key among `keys` that `key` was most likely mistyped for, if one is close. Never for a code (2040613):
    codes a digit apart are different 科目, each with its own figure."""
    if key.isdigit():
        return None
    found = difflib.get_close_matches(key, sorted(k for k in keys if not k.isdigit()), n=1, cutoff=cutoff)
    return found[0] if found else None
