"""An imported spec's 措辞 learnt from the published text: each sentence name's rewording kept only where it helps.

The spec is rendered once with its named sentences, aligned with the published text (wording.py), and every
name printed otherwise gets the rewording that brings its sentences closest to the published ones: a variant of
the format that prints them all as published, else the publisher's words with figures by name (and the number
style they print in), else `不印` for an optional sentence the document leaves out. The spec with its 措辞 is
checked and rendered again; should it fail, or print further from the document, the spec stays as it was.
"""

from __future__ import annotations

import difflib
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..problems import Place, Problem, SpecError
from ..reading.spec_text import to_yaml
from ..text.sentences import DROP, Sentence, WordingError
from .wording import (
    SAME,
    Alignment,
    Occurrence,
    aligned,
    entry,
    folded,
    occurrences,
    published_span,
    refill,
    reworded,
    score,
    style_keys,
    variant_of,
)

LEFT_OUT = 10
"""Published text of at least this many characters that nothing of ours prints is listed (I612)."""


@dataclass(frozen=True)
class Learnt:
    text: str
    """The spec with its 措辞 (the spec as given when nothing was learnt)."""
    notes: tuple[Problem, ...]
    before: float
    after: float
    """How alike our text and the published one are (difflib ratio, folded) without and with the 措辞."""


def learnt(spec: str, published: str, source: Path) -> Learnt:
    """The spec with the publisher's wording: 措辞 learnt from `published`, the document's running text."""
    if not published.strip():
        return Learnt(spec, (), 0.0, 0.0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{source.stem}.yaml"
        rendered = _rendered(path, spec)
        if rendered is None:
            return Learnt(spec, (), 0.0, 0.0)
        md, said, sentences = rendered
        al = aligned(md, published)
        found, untied = _wording(occurrences(said, md), al, sentences)
        before = _ratio(al)
        if not found:
            return Learnt(spec, _left_out(al, source), before, before)
        text = spec.rstrip("\n") + "\n\n" + _block(found, untied)
        again = _rendered(path, text)
        after = _ratio(aligned(again[0], published)) if again else 0.0
        if again is None or after <= before:
            return Learnt(spec, _left_out(al, source), before, before)
        notes = [Problem("I611", Place(str(source), path=f"措辞.{name}"),
                         f"文中这句话的数与 budgetgen 算出的数对不上，照印在“措辞”中，明年请核对：{'；'.join(items)}", "warning")
                 for name, items in untied.items() if items and name in found]
        return Learnt(text, tuple(notes) + _left_out(aligned(again[0], published), source), before, after)


def _rendered(path: Path, spec: str) -> tuple[str, list, Mapping[str, Sentence]] | None:
    """The spec's text and the sentences it said, or None if it does not load or render."""
    from ..build import load_document, narrative_read, wordings  # build imports the importer's neighbours

    path.write_text(spec, "utf-8")
    try:
        doc = load_document(path)
        words = wordings(doc)
        return narrative_read(doc, words).text, words.said, words.sentences
    except (SpecError, WordingError):
        return None


def _ratio(al: Alignment) -> float:
    matched = sum(i2 - i1 for tag, i1, i2, _, _ in al.ops if tag == "equal")
    total = len(al.ours) + len(al.theirs)
    return 2 * matched / total if total else 1.0


def _flat(occs: list[Occurrence]) -> list[Occurrence]:
    return [x for o in occs for x in [o, *_flat(list(o.children.values()))]]


def _wording(occs: list[Occurrence], al: Alignment, sentences: Mapping[str, Sentence]) -> tuple[dict, dict]:
    """Each sentence name's 措辞 entry where one brings its sentences closer, and the figures left as printed."""
    ends = {o.b for o in occs}
    spans = {id(o): al.clip(o.a, o.b, o.a not in ends, True) for o in occs}
    by_name: dict[str, list[tuple[Occurrence, list]]] = {}
    for o in _flat(occs):
        by_name.setdefault(o.said.name, []).append((o, spans.get(id(o)) or al.clip(o.a, o.b, False, False)))
    found, untied = {}, {}
    for name, items in by_name.items():
        if name in sentences:
            learnt_entry, loose = _learn_one(sentences[name], items, al)
            if learnt_entry is not None:
                found[name], untied[name] = learnt_entry, loose
    return found, untied


def _learn_one(sentence: Sentence, items: list, al: Alignment) -> tuple[Any, list[str]]:
    """The 措辞 entry for one sentence name (None to keep the format's), and the figures it leaves as printed."""
    occs = [(o, al.theirs[slice(*published_span(al, ops))]) for o, ops in items]
    if all(folded(o.said.text)[0] == theirs for o, theirs in occs):
        return None, []
    if sentence.optional and all(_absent(o, theirs) for o, theirs in occs):
        return DROP, []
    variant = variant_of(sentence, occs)
    if variant is not None:
        return variant, []
    base = sum(score(o.said.text, theirs) for o, theirs in occs)
    best, best_score = None, base
    for o, ops in items:
        theirs = al.theirs[slice(*published_span(al, ops))]
        if not SAME <= difflib.SequenceMatcher(None, folded(o.said.text)[0], theirs, autojunk=False).ratio() < 1:
            continue
        candidate = reworded(o, al, ops, sentence)
        total = sum(score(refill(p, candidate.wording if p.said.case == o.said.case else None, candidate.style), t)
                    for p, t in occs)
        if total > best_score + 1e-9:
            best, best_score = (o, candidate), total
    if best is None:
        return None, []
    o, candidate = best
    words = {} if candidate.wording == o.said.wording else {o.said.case or "写法": candidate.wording}
    return entry(sentence, words, style_keys(candidate.style, o.said.style)), candidate.untied


def _absent(occ: Occurrence, theirs: str) -> bool:
    ours = folded(occ.said.text)[0]
    return len(theirs) < len(ours) * 0.3 and difflib.SequenceMatcher(None, ours, theirs, autojunk=False).ratio() < 0.5


def _block(found: Mapping[str, Any], untied: Mapping[str, list[str]]) -> str:
    """The 措辞 section as YAML, after a comment naming what stays as printed."""
    loose = [f"#   {name}：{'；'.join(items)}" for name, items in untied.items() if items and name in found]
    head = "# 措辞由公开文本学得（与格式写法不同的句子）；{名称} 处每年重算"
    head += "。以下的数未能与算出的数对应，照印，请核对：\n" + "\n".join(loose) if loose else ""
    return head + "\n" + to_yaml({"措辞": dict(found)}, "").split("\n", 2)[2]


def _left_out(al: Alignment, source: Path) -> tuple[Problem, ...]:
    """I612: published text of some length that our text does not print at all."""
    parts = [al.raw(j1, j2) for tag, i1, i2, j1, j2 in al.ops if tag in ("insert", "replace")
             and j2 - j1 >= LEFT_OUT + i2 - i1]
    if not parts:
        return ()
    shown = "；".join(f"“{p[:40]}{'…' if len(p) > 40 else ''}”" for p in parts[:5])
    more = f"等 {len(parts)} 处" if len(parts) > 5 else ""
    return (Problem("I612", Place(str(source)), f"公开文本中有未能对应到任何句子的文字，规格未印，请核对：{shown}{more}",
                    "warning"),)
