"""An imported spec's 措辞 learnt from the published text: each sentence name's rewording kept only where it helps.

The spec is rendered once with its named sentences, aligned with the published text (wording.py), and every
name printed otherwise gets the rewording that brings its sentences closest to the published ones: a variant of
the format that prints them all as published, else the publisher's words with figures by name (and the number
style they print in), else `不印` for an optional sentence the document leaves out. The spec with its 措辞 is
checked and rendered again; should it fail, or print further from the document, the spec stays as it was.
"""

from __future__ import annotations

import difflib
import re
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
    key,
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


def learnt(spec: str, published: str, source: Path, literal: bool = True, refused: tuple[str, ...] = ()) -> Learnt:
    """The spec with the publisher's wording: 措辞 learnt from `published`, the document's running text. Not
    `literal`, a figure that ties to none of ours stays computed (reported: the publisher's error, not its wording);
    an entry whose words match a `refused` pattern (a §7 rule the wording would break) is not learnt."""
    if not published.strip():
        return Learnt(spec, (), 0.0, 0.0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{source.stem}.yaml"
        rendered = _rendered(path, spec)
        if rendered is None:
            return Learnt(spec, (), 0.0, 0.0)
        md, said, sentences = rendered
        al = aligned(md, published)
        found, untied, left = _wording(occurrences(said, md), al, sentences, literal)
        found = {name: e for name, e in found.items() if not any(re.search(p, str(e), re.S) for p in refused)}
        before = _ratio(al)
        if not found:
            return Learnt(spec, _left_out(al, source) + _unfitted(left, source), before, before)
        text = _with_block(spec, _block(found, untied if literal else {}))
        again = _rendered(path, text)
        now = aligned(again[0], published) if again else None
        after = _ratio(now) if now else 0.0
        if now is None or after <= before:
            return Learnt(spec, _left_out(al, source) + _unfitted(left, source), before, before)
        told = "照印在“措辞”中，明年请核对" if literal else "budgetgen 照算出的数印，请核对公开文本"
        notes = [Problem("I611", Place(str(source), path=f"措辞.{name}"),
                         f"文中这句话的数与 budgetgen 算出的数对不上，{told}：{'；'.join(items)}", "warning")
                 for name, items in untied.items() if items and (name in found or not literal)]
        notes += _left_out(now, source) + _unfitted(left, source)
        return Learnt(text, tuple(notes), before, after)


def _rendered(path: Path, spec: str) -> tuple[str, list, Mapping[str, Sentence]] | None:
    """The spec's text and the sentences it said, or None if it does not load or render."""
    from ..build import narrative_read  # build imports the importer's neighbours
    from ..document import load_document, wordings

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


def _wording(occs: list[Occurrence], al: Alignment, sentences: Mapping[str, Sentence],
             literal: bool = True) -> tuple[dict, dict, dict]:
    """Each sentence name's 措辞 entry where one brings its sentences closer, the figures it leaves as printed, and
    the sentences still printed otherwise (one wording cannot fit them all)."""
    spans = {id(o): al.clip(o.a, o.b, False, True) for o in occs}  # text added after a sentence: with it
    by_name: dict[str, list[tuple[Occurrence, list]]] = {}
    for o in _flat(occs):
        by_name.setdefault(o.said.name, []).append((o, spans.get(id(o)) or al.clip(o.a, o.b, False, False)))
    found, untied, left = {}, {}, {}
    for name, items in by_name.items():
        if name in sentences:
            learnt_entry, untied[name], left[name] = _learn_one(sentences[name], items, al, literal)
            if learnt_entry is not None:
                found[name] = learnt_entry
    return found, untied, left


def _learn_one(sentence: Sentence, items: list, al: Alignment, literal: bool = True) -> tuple[Any, list[str], list[str]]:
    """The 措辞 entry for one sentence name (None: the format's), the figures it leaves as printed, and how the
    sentences it does not bring to the published words still differ."""
    occs = [(o, al.theirs[slice(*published_span(al, ops))]) for o, ops in items]
    if all(folded(o.said.text)[0] == theirs for o, theirs in occs):
        return None, [], []
    if sentence.optional and all(_absent(o, theirs) for o, theirs in occs):
        return DROP, [], []
    variant = variant_of(sentence, occs)
    if variant is not None:
        return variant, [], []
    base = occs[0][0].said.style
    words, style, untied = {}, base, []
    current = _total(sentence, occs, words, style)
    for case in dict.fromkeys(key(sentence, o) for o, _ in occs):  # each case its own words, the style shared
        best = None
        for o, ops in items:
            theirs = al.theirs[slice(*published_span(al, ops))]
            if key(sentence, o) != case or not SAME <= _like(o.said.text, theirs) < 1:
                continue
            candidate = reworded(o, al, ops, literal)
            trial = words | ({case: candidate.wording} if candidate.wording != o.said.wording else {})
            total = _total(sentence, occs, trial, candidate.style)
            if total > current:
                best, current = (trial, candidate), total
        if best is not None:
            words, style, untied = best[0], best[1].style, untied + best[1].untied
    printed = [(refill(o, words.get(key(sentence, o)), style, _published(o, al)), theirs) for o, theirs in occs]
    left = [_difference(text, theirs) for text, theirs in printed if SAME <= _like(text, theirs) < 1]
    if not words and style == base:
        return None, [], left
    return entry(words, style_keys(style, base)), untied, left


def _published(occ: Occurrence, al: Alignment) -> dict[str, Any]:
    """The sentence's figures with each sentence within it as published (its own differences are its own)."""
    return {name: al.theirs[slice(*published_span(al, al.clip(c.a, c.b, False, False)))]
            for name, c in occ.children.items()}


def _total(sentence: Sentence, occs: list, words: Mapping[str, str], style: Any) -> float:
    return sum(score(refill(o, words.get(key(sentence, o)), style), theirs) for o, theirs in occs)


def _like(text: str, theirs: str) -> float:
    return difflib.SequenceMatcher(None, folded(text)[0], theirs, autojunk=False).ratio()


def _difference(text: str, theirs: str, around: int = 6) -> str:
    """Where a sentence differs first: the published words there and ours."""
    ours = folded(text)[0]
    op = next(op for op in difflib.SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes() if op[0] != "equal")
    _, i1, i2, j1, j2 = op
    return f"印为“{theirs[max(0, j1 - around):j2 + around]}”，budgetgen 印“{ours[max(0, i1 - around):i2 + around]}”"


def _absent(occ: Occurrence, theirs: str) -> bool:
    ours = folded(occ.said.text)[0]
    return len(theirs) < len(ours) * 0.3 and difflib.SequenceMatcher(None, ours, theirs, autojunk=False).ratio() < 0.5


def _block(found: Mapping[str, Any], untied: Mapping[str, list[str]]) -> str:
    """The 措辞 section as YAML, after a comment naming what stays as printed."""
    loose = [f"#   {name}：{'；'.join(items)}" for name, items in untied.items() if items and name in found]
    head = "# 措辞由公开文本学得（与格式写法不同的句子）；{名称} 处每年重算"
    head += "。以下的数未能与算出的数对应，照印，请核对：\n" + "\n".join(loose) if loose else ""
    return head + "\n" + to_yaml({"措辞": dict(found)}, "").split("\n", 2)[2]


def _unfitted(left: Mapping[str, list[str]], source: Path) -> tuple[Problem, ...]:
    """I613: sentences of one name that the document prints otherwise each time, so that no one 措辞 fits them
    (mostly a figure the publisher computed otherwise)."""
    return tuple(Problem("I613", Place(str(source), path=f"措辞.{name}"),
                         f"文中有 {len(items)} 处这句话与 budgetgen 所印不同，一种措辞不能都照印，请核对："
                         f"{'；'.join(items[:3])}{'……' if len(items) > 3 else ''}", "note")
                 for name, items in left.items() if items)


def _with_block(spec: str, block: str) -> str:
    """The spec with the 措辞 block before its 已知差异 (kept last), else at its end."""
    head, mark, tail = spec.partition("\n已知差异:")
    return f"{head.rstrip()}\n\n{block}{mark.lstrip()}{tail}" if mark else f"{spec.rstrip()}\n\n{block}"


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
