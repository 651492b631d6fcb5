"""The text measure shared by `budgetgen compare` and the tests: difflib's ratio after removing white space and
markup and folding widths, with each compared character traced back to the text it came from (for quoting)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_DROPPED = (re.compile(r"\.{9,}"),  # a 目录's dot leaders (……… after NFKC) are layout, like white space
            re.compile(r"^\s*(#+|-\s)", re.MULTILINE),  # Markdown headings and list items
            re.compile(r"\|?\s*:?-{3,}:?\s*"))  # a Markdown table's rule
_FOLDED = str.maketrans({"“": '"', "”": '"', "λ": "入"})
_BLANK = re.compile(r"[\s|*]")


@dataclass(frozen=True)
class Normalised:
    """A text as compared (`chars`), and for each of its characters the index of the original one (`origin`)."""

    source: str
    chars: str
    origin: tuple[int, ...]

    def quote(self, start: int, end: int) -> str:
        """The original characters behind chars[start:end], white space and markup left out (a quote to read)."""
        seen = dict.fromkeys(self.origin[start:end])
        return "".join(self.source[i] for i in seen)


def normalised(text: str) -> Normalised:
    """Text without white space, dot leaders, Markdown markup or width differences, traced to `text`."""
    pairs = [(ch, i) for i, c in enumerate(text) for ch in unicodedata.normalize("NFKC", c)]
    for pattern in _DROPPED:
        joined = "".join(ch for ch, _ in pairs)
        gone = {k for m in pattern.finditer(joined) for k in range(m.start(), m.end())}
        pairs = [(ch.translate(_FOLDED), i) for k, (ch, i) in enumerate(pairs) if k not in gone]
    pairs = [(ch, i) for ch, i in pairs if not _BLANK.fullmatch(ch)]
    return Normalised(text, "".join(ch for ch, _ in pairs), tuple(i for _, i in pairs))


def normalise(text: str) -> str:
    """The text as the measure compares it."""
    return normalised(text).chars


def matcher(ours: str, theirs: str) -> difflib.SequenceMatcher:
    """The matcher behind `similarity`, for the differences themselves (no junk heuristics: every character counts)."""
    return difflib.SequenceMatcher(None, ours, theirs, autojunk=False)


def similarity(ours: str, theirs: str) -> float:
    """How alike two texts read, 0 to 1 (1: the same characters in the same order, layout aside)."""
    return matcher(normalise(ours), normalise(theirs)).ratio()
