"""The narrative measure (generator/comparing/measure.py, the one `budgetgen compare` reports) and the seeds' text."""

from __future__ import annotations

from pathlib import Path

from generator.comparing.measure import normalise, similarity

__all__ = ["GOLDEN", "normalise", "seed_text", "similarity"]

GOLDEN = Path(__file__).resolve().parent / "golden"


def seed_text(name: str) -> str:
    """The seed's text part, copied verbatim from ../shared/seeds/<name>.txt without its tables.

    Leading lines starting with "# " say what was left out of the seed; they are not part of the text.
    """
    lines = (GOLDEN / f"{name}.text.txt").read_text("utf-8").split("\n")
    while lines and lines[0].startswith("# "):
        lines.pop(0)
    return "\n".join(lines)
