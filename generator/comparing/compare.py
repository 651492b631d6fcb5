"""`budgetgen compare`: two documents read alike, then their tables and texts compared; a record, never printed here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .sides import Side, read_side
from .tables import CellDifference, compare_tables
from .text import SentenceDifference, compare_texts


@dataclass(frozen=True)
class Comparison:
    """What differs between a built document and a reference, and how alike their texts are."""

    built: Side
    reference: Side
    cells: int
    """How many table cells were compared (0 when one side has no tables)."""
    tables: tuple[CellDifference, ...]
    similarity: float | None
    """The text measure (as the tests measure it), None when one side has no text part."""
    sentences: tuple[SentenceDifference, ...]

    @property
    def unexplained(self) -> tuple[CellDifference, ...]:
        """Table differences no 已知差异 of the spec explains."""
        return tuple(d for d in self.tables if not d.known)

    @property
    def same(self) -> bool:
        """Nothing differs but what the spec's 已知差异 records (an officer has seen those)."""
        return not self.unexplained and not self.sentences


def compare(built: Path, reference: Path) -> Comparison:
    """Read both documents and compare them; SpecError naming the file that cannot be read."""
    ours, theirs = read_side(built), read_side(reference)
    cells, tables = 0, ()
    if ours.tables is not None and theirs.tables is not None:
        cells, tables = compare_tables(ours.tables, theirs.tables, ours.known + theirs.known)
    similarity, sentences = None, ()
    if ours.text is not None and theirs.text is not None:
        text = compare_texts(ours.text, theirs.text, ours.markdown)
        similarity, sentences = text.similarity, text.differences
    return Comparison(ours, theirs, cells, tables, similarity, sentences)
