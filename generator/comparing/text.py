"""Texts compared sentence by sentence: the measure's character alignment, reported per sentence of the built
text with its section (heading) and the reference's words in the same place.

Aligning characters, not sentences, keeps the report right when a PDF wraps lines or glues a heading to the
sentence after it: each built sentence's span is carried over to the reference through the matched characters.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from .measure import Normalised, matcher, normalised

_ENDS = "。;!?"
"""What ends a sentence, as the measure folds it (；！？ become ; ! ?)."""
_PARAGRAPH_END = tuple("。；：！？;:!?")


_FIGURE = re.compile(r"(?:增加|减少|增长|下降)?\d[\d,.．]*(?:%|万元)?|持平")
"""A figure and the direction word a comparison prints with it (增加25万元, 持平): they change with the figures."""


@dataclass(frozen=True)
class SentenceDifference:
    """A sentence (or run of sentences) of the built text worded differently in the reference; empty: not there."""

    section: str
    built: str
    reference: str

    @property
    def kind(self) -> str:
        """数字: the same words around other figures (years, amounts, percentages, 增加/减少/持平), as a new year's
        document differs; 待填写: the built text still waits for the officer's words; 措辞: a rewording."""
        if self.reference and _FIGURE.sub("#", self.built) == _FIGURE.sub("#", self.reference):
            return "数字"
        return "待填写" if "待填写" in self.built else "措辞"


@dataclass(frozen=True)
class TextComparison:
    similarity: float
    differences: tuple[SentenceDifference, ...]


def compare_texts(built: str, reference: str, markdown: bool) -> TextComparison:
    """The similarity of two texts (the measure the tests use) and their differences sentence by sentence."""
    ours, theirs = normalised(built), normalised(reference)
    match = matcher(ours.chars, theirs.chars)
    ratio = match.ratio()
    codes = match.get_opcodes()
    spans, sections = _sentences(ours, markdown)
    groups: list[list[int]] = []
    for tag, i1, i2, _, _ in codes:
        if tag == "equal":
            continue
        first = _index(spans, i1)
        last = _index(spans, max(i1, i2 - 1))
        if groups and first <= groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], last)
        else:
            groups.append([first, last])
    return TextComparison(ratio, tuple(_difference(ours, theirs, codes, spans, sections, a, b) for a, b in groups))


def _index(spans: list[tuple[int, int]], position: int) -> int:
    """The sentence holding a position (the last one for the end of the text)."""
    return max(0, min(bisect.bisect_right([s for s, _ in spans], position) - 1, len(spans) - 1))


def _difference(ours: Normalised, theirs: Normalised, codes: list, spans: list[tuple[int, int]],
                sections: list[str], first: int, last: int) -> SentenceDifference:
    start, end = spans[first][0], spans[last][1]
    their_start = 0 if start == 0 else _carried(codes, start)
    their_end = len(theirs.chars) if end == len(ours.chars) else _carried(codes, end)
    return SentenceDifference(sections[first], ours.quote(start, end), theirs.quote(their_start, their_end))


def _carried(codes: list, position: int) -> int:
    """Where a boundary of the built text falls in the reference: text the reference adds at a boundary goes
    with the sentence after it."""
    for tag, i1, i2, j1, _ in codes:
        if i1 == i2 == position or i1 <= position < i2:
            return j1 + (position - i1 if tag == "equal" else 0)
    return codes[-1][4] if codes else 0


def _sentences(text: Normalised, markdown: bool) -> tuple[list[tuple[int, int]], list[str]]:
    """The spans of the sentences of a normalised text and each one's section: sentences end at 。；！？ and
    at paragraph breaks (every line of Markdown; a heading line of printed text)."""
    breaks = {k + 1 for k, ch in enumerate(text.chars) if ch in _ENDS}
    headings: list[tuple[int, str]] = []
    starts = list(text.origin)
    for begin, line, heading in _lines(text.source, markdown):
        at = bisect.bisect_left(starts, begin)
        breaks.add(at)
        if heading:
            breaks.add(bisect.bisect_left(starts, begin + len(line)))
            headings.append((at, re.sub(r"\s+", "", line.strip().lstrip("#"))))
    cuts = sorted(b for b in breaks | {0, len(text.chars)} if 0 <= b <= len(text.chars))
    spans = [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a] or [(0, len(text.chars))]
    section_starts = [at for at, _ in headings]
    sections = []
    for a, _ in spans:
        n = bisect.bisect_right(section_starts, a) - 1
        sections.append(headings[n][1] if n >= 0 else "")
    return spans, sections


def _lines(source: str, markdown: bool) -> list[tuple[int, str, bool]]:
    """The lines that start a paragraph, each with its offset and whether it is a heading."""
    found, offset, previous = [], 0, ""
    lines = source.split("\n")
    longest = _full_width(lines)
    for line in lines:
        stripped = line.strip()
        if markdown and stripped:
            found.append((offset, line, stripped.startswith("#")))
        elif stripped and _printed_heading(stripped, previous, longest):
            found.append((offset, line, True))
            stripped = "。"  # what follows a heading starts a paragraph, as after a finished sentence
        previous = stripped or previous
        offset += len(line) + 1
    return found


def _width(line: str) -> int:
    """A line's printed width: a Chinese character is two of a digit's."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _full_width(lines: list[str]) -> float:
    """The width of a full line of the page (a wrapped paragraph's lines), the 目录's dot leaders left out."""
    widths = sorted(_width(line.strip()) for line in lines if line.strip() and not re.search(r"\.{5}|…", line))
    return widths[int(0.9 * (len(widths) - 1))] if widths else 0


def _printed_heading(line: str, previous: str, longest: float) -> bool:
    """A heading in printed text: a short line after a finished paragraph, not ending like a sentence."""
    return (_width(line) < 0.8 * longest and not line.endswith(_PARAGRAPH_END + tuple("，、,"))
            and (not previous or previous.endswith(_PARAGRAPH_END)) and not re.fullmatch(r"[\d.]+", line))
