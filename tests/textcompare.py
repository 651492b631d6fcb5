"""The narrative measure: difflib ratio after removing white space and markup and folding widths."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def normalise(text: str) -> str:
    """Text without white space, dot leaders, Markdown markup or width differences."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\.{9,}", "", text)  # a 目录's dot leaders (……… after NFKC) are layout, like white space
    text = text.replace("“", '"').replace("”", '"').replace("λ", "入")
    text = re.sub(r"^\s*(#+|-\s)", "", text, flags=re.MULTILINE)
    text = re.sub(r"\|?\s*:?-{3,}:?\s*", "", text)
    return re.sub(r"[\s|*]", "", text)


def seed_text(name: str) -> str:
    """The seed's text part, copied verbatim from ../shared/seeds/<name>.txt without its tables.

    Leading lines starting with "# " say what was left out of the seed; they are not part of the text.
    """
    lines = (GOLDEN / f"{name}.text.txt").read_text("utf-8").split("\n")
    while lines and lines[0].startswith("# "):
        lines.pop(0)
    return "\n".join(lines)


def similarity(ours: str, seed: str) -> float:
    return difflib.SequenceMatcher(None, normalise(ours), normalise(seed), autojunk=False).ratio()
