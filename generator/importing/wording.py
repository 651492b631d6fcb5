"""The publisher's wording learnt from its text: each named sentence aligned with the published text, reworded.

The imported spec's text is rendered with its named sentences (Wordings.said: each sentence's words, wording and
figures); both texts are folded (widths, quotes, white space) and aligned once, in order. A sentence printed
otherwise becomes a rewording in the spec's 措辞: what the publisher wrote, with each figure that prints as one of
the sentence's own figures (in the sentence's number style, or another one then written as its 数字) written as
that figure's name, so next year recomputes it. A figure that ties to none stays as printed and is listed (I611);
published text that falls in no sentence is listed (I612). A rewording is kept only if it brings every sentence
of that name closer to what was printed (a name's rewording holds for each of them).
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from ..text.sentences import FIELD, STYLE_CHOICES, Change, NumberStyle, Said, Sentence, fill, printed

SAME = 0.6
"""A published sentence this like ours (difflib ratio) is ours worded otherwise; less alike is another sentence."""
_QUOTES = {"“": '"', "”": '"', "‘": "'", "’": "'"}
_SKIPPED = set("|*#")
_NUMBER = re.compile(r"(?<![\d.,])\d[\d,]*(?:\.\d+)?(?![\d.])")
_SENTENCE = re.compile(r"[^。；：]*[。；：]|[^。；：]+")
_LEADER = re.compile(r"\.{4,}\d{0,3}?(?=\d\.|\D|$)")
"""A 目录's dot leaders (……… after NFKC) and the page number after them, layout like white space (the page
number ends where the next line's own number begins: ……162.2024年 is page 16, then 2.)."""


@functools.lru_cache(maxsize=16384)
def folded(text: str) -> tuple[str, tuple[int, ...]]:
    """The text as compared (NFKC, straight quotes, no white space or Markdown marks) and, for each of its
    characters, where it stands in the text."""
    chars, where = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            c = _QUOTES.get(c, c)
            if not c.isspace() and c not in _SKIPPED:
                chars.append(c)
                where.append(i)
    leaders = {k for m in _LEADER.finditer("".join(chars)) for k in range(m.start(), m.end())}
    kept = [k for k in range(len(chars)) if k not in leaders]
    return "".join(chars[k] for k in kept), tuple(where[k] for k in kept)


@dataclass
class Alignment:
    """Our text and the published one, folded and aligned (difflib opcodes)."""

    ours: str
    theirs: str
    theirs_raw: str
    theirs_at: tuple[int, ...]
    ops: list[tuple[str, int, int, int, int]]

    def clip(self, a: int, b: int, start: bool, end: bool) -> list[tuple[str, int, int, int, int]]:
        """The operations over ours[a:b], cut at its ends; inserts at a (b) only if `start` (`end`)."""
        out = []
        for tag, i1, i2, j1, j2 in self.ops:
            if i1 == i2:
                if a < i1 < b or (i1 == a and start) or (i1 == b and end):
                    out.append((tag, i1, i2, j1, j2))
            elif i1 < b and i2 > a:
                lo, hi = max(a, i1), min(b, i2)
                if tag == "equal":
                    out.append((tag, lo, hi, j1 + lo - i1, j1 + hi - i1))
                else:
                    scale = (j2 - j1) / (i2 - i1)
                    out.append((tag, lo, hi, j1 + round((lo - i1) * scale), j1 + round((hi - i1) * scale)))
        return out

    def raw(self, j1: int, j2: int) -> str:
        """The published characters of theirs[j1:j2], as printed."""
        if j1 >= j2:
            return ""
        return self.theirs_raw[self.theirs_at[j1]:self.theirs_at[j2 - 1] + 1]


@dataclass
class Occurrence:
    """One sentence said: where it stands in our folded text, its pieces, and the sentences within it."""

    said: Said
    a: int
    b: int
    children: dict[str, Occurrence] = field(default_factory=dict)

    def pieces(self) -> list[tuple[str | None, str]]:
        """The wording cut into literal text (None) and figures (name), each as printed."""
        out, pos, wording = [], 0, self.said.wording
        for m in FIELD.finditer(wording):
            out += [(None, wording[pos:m.start()]), (m.group(1).strip(), printed(self.said.figures.get(m.group(1).strip()),
                                                                                self.said.style))]
            pos = m.end()
        return out + [(None, wording[pos:])]


@dataclass
class Reworded:
    """A sentence's learnt wording: its words with figure names, the number style they print in, what stays literal."""

    wording: str
    style: NumberStyle
    untied: list[str] = field(default_factory=list)


def occurrences(said: list[Said], text: str) -> list[Occurrence]:
    """Each sentence said, placed in `text` (sentences said inside another as its figure, within that one)."""
    pending: list[Occurrence] = []
    for item in said:
        if not item.text or not item.wording:
            continue
        occ = Occurrence(item, 0, 0)
        for name, value in item.figures.items():
            inner = next((p for p in reversed(pending) if isinstance(value, str) and p.said.text == value), None)
            if inner is not None:
                occ.children[name] = inner
                pending.remove(inner)
        texts = [v for v in item.figures.values() if isinstance(v, str)]  # a list of sentences joined into one
        pending = [p for p in pending if not any(p.said.text in t for t in texts)] + [occ]
    folded_text, at = folded(text)
    placed, cursor = [], 0
    for occ in pending:
        start = text.find(occ.said.text, cursor)
        if start < 0:
            continue
        cursor = start + len(occ.said.text)
        occ.a, occ.b = bisect_left(at, start), bisect_left(at, cursor)
        if _place_children(occ):
            placed.append(occ)
    return placed


def _place_children(occ: Occurrence) -> bool:
    """Where each figure of the sentence stands (the sentences within it among them); False if the wording does
    not give its words (a template changed them after)."""
    if "".join(text for _, text in occ.pieces()) != occ.said.text:
        return False
    pos = occ.a
    for name, text in occ.pieces():
        size = len(folded(text)[0])
        if name in occ.children:
            child = occ.children[name]
            child.a, child.b = pos, pos + size
            if not _place_children(child):
                del occ.children[name]
        pos += size
    return pos == occ.b


def aligned(ours: str, theirs: str) -> Alignment:
    """The two texts folded and aligned: by sentence first (fast on a long text), then by character where the
    sentences differ."""
    a, _ = folded(ours)
    b, at = folded(theirs)
    mine, others = _sentences(a), _sentences(b)
    starts = [0, *itertools.accumulate(len(x) for x in mine)], [0, *itertools.accumulate(len(x) for x in others)]
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, mine, others, autojunk=False).get_opcodes():
        a1, a2, b1, b2 = starts[0][i1], starts[0][i2], starts[1][j1], starts[1][j2]
        if tag == "equal":
            ops.append(("equal", a1, a2, b1, b2))
            continue
        ops += [(t, a1 + x1, a1 + x2, b1 + y1, b1 + y2) for t, x1, x2, y1, y2 in
                difflib.SequenceMatcher(None, a[a1:a2], b[b1:b2], autojunk=False).get_opcodes()]
    return Alignment(a, b, theirs, at, ops)


def _sentences(text: str) -> list[str]:
    return [m.group() for m in _SENTENCE.finditer(text)]


def published_span(al: Alignment, ops: list) -> tuple[int, int]:
    """Where in the published (folded) text the operations over a part of ours fall."""
    js = [j for _, _, _, j1, j2 in ops for j in (j1, j2)]
    return (min(js), max(js)) if js else (0, 0)


def reworded(occ: Occurrence, al: Alignment, ops: list, literal: bool = True) -> Reworded:
    """The sentence as published: our words where they agree, the publisher's where not, figures by name (one that
    ties to none printed as published, or, not `literal`, still by name: the publisher's figure taken for an error)."""
    pieces, pos, owned = occ.pieces(), occ.a, []
    bounds = []
    for name, text in pieces:
        size = len(folded(text)[0])
        bounds.append((name, text, pos, pos + size))
        pos += size
    for op in ops:
        owned += _split(bounds, op)
    style = _style(occ, al, bounds, owned)
    words, untied = [], []
    for k, (name, text, pa, _) in enumerate(bounds):
        mine = [op for who, op in owned if who == k]
        if name is None:
            words.append(_literal(text, pa, mine, al, lambda chunk: _named(chunk, occ, style)))
        elif name in occ.children or all(op[0] == "equal" for op in mine) or _tied(occ, name, _theirs(al, mine), style):
            words.append("{" + name + "}")
        else:
            theirs = al.raw(*published_span(al, mine))
            words.append(_escaped(theirs) if literal else "{" + name + "}")
            untied.append(f"{name} 印为“{theirs}”（计算为 {text}）")
    return Reworded("".join(words), style, untied)


def _split(bounds: list, op: tuple) -> list[tuple[int, tuple]]:
    """An operation cut at the pieces it spans, each part with its piece; an insert goes to the piece it lies in,
    or, between a literal and a figure, to the literal."""
    tag, i1, i2, j1, j2 = op
    if i1 == i2:
        touching = [k for k, (_, _, pa, pb) in enumerate(bounds) if pa <= i1 <= pb]
        inside = [k for k in touching if bounds[k][2] < i1 < bounds[k][3]]
        literal = [k for k in touching if bounds[k][0] is None]
        return [((inside or literal or touching or [len(bounds) - 1])[0], op)]
    parts = []
    for k, (_, _, pa, pb) in enumerate(bounds):
        lo, hi = max(pa, i1), min(pb, i2)
        if lo < hi:
            scale = (j2 - j1) / (i2 - i1)
            start, stop = (j1 + lo - i1, j1 + hi - i1) if tag == "equal" else (
                j1 + round((lo - i1) * scale), j1 + round((hi - i1) * scale))
            parts.append((k, (tag, lo, hi, start, stop)))
    return parts


def _literal(text: str, pa: int, ops: list, al: Alignment, named: Callable[[str], str]) -> str:
    """A literal piece: our characters where they agree (white space kept), the publisher's where not (with the
    sentence's figures by name)."""
    _, at = folded(text)
    out = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            stop = at[i2 - pa] if i2 - pa < len(at) else len(text)
            out.append(text[at[i1 - pa] if i1 > pa else 0:stop])
        else:
            out.append(named(al.raw(j1, j2)))
    return "".join(out) if ops else text


def _named(chunk: str, occ: Occurrence, style: NumberStyle) -> str:
    """Published words with each figure that prints as exactly one of the sentence's figures by its name."""
    shown: dict[str, list[str]] = {}
    for name, value in occ.said.figures.items():
        if isinstance(value, Decimal | Change | int) and not isinstance(value, bool) and name not in occ.children:
            shown.setdefault(folded(printed(value, style))[0], []).append(name)

    def one(m: re.Match[str]) -> str:
        """The figure's name if exactly one figure prints so (0 ties to too many to tell)."""
        names = shown.get(folded(m.group())[0], [])
        return "{" + names[0] + "}" if len(names) == 1 and m.group() != "0" else m.group()

    return _NUMBER.sub(one, _escaped(chunk))


def _escaped(text: str) -> str:
    """Published words as a wording's literal text: a brace would read as a figure."""
    return text.replace("{", "｛").replace("}", "｝")


def _theirs(al: Alignment, ops: list) -> str:
    return al.theirs[slice(*published_span(al, ops))]


def _tied(occ: Occurrence, name: str, theirs: str, style: NumberStyle) -> bool:
    value = occ.said.figures.get(name)
    return folded(printed(value, style))[0] == theirs


def _style(occ: Occurrence, al: Alignment, bounds: list, owned: list) -> NumberStyle:
    """The number style the published amounts print in: the nearest to ours under which most of them tie."""
    amounts = [(name, _theirs(al, [op for who, op in owned if who == k])) for k, (name, _, _, _) in enumerate(bounds)
               if name and name not in occ.children and isinstance(occ.said.figures.get(name), Decimal | Change)]
    if not amounts:
        return occ.said.style
    return max(_styles(occ.said.style),
               key=lambda s: (sum(_tied(occ, n, t, s) for n, t in amounts), -_distance(s, occ.said.style)))


def _styles(base: NumberStyle) -> list[NumberStyle]:
    keys = list(STYLE_CHOICES)
    return [replace(base, **dict(zip(keys, combo, strict=True))) for combo in itertools.product(*STYLE_CHOICES.values())]


def _distance(a: NumberStyle, b: NumberStyle) -> int:
    return sum(getattr(a, k) != getattr(b, k) for k in STYLE_CHOICES)


def style_keys(style: NumberStyle, base: NumberStyle) -> dict[str, Any]:
    """The 数字 entries that turn `base` into `style`."""
    return {k: getattr(style, k) for k in STYLE_CHOICES if getattr(style, k) != getattr(base, k)}


def score(text: str, theirs: str) -> float:
    """How much of the two agrees: minus the characters either has that the other does not."""
    ours = folded(text)[0]
    matched = sum(m.size for m in difflib.SequenceMatcher(None, ours, theirs, autojunk=False).get_matching_blocks())
    return 2 * matched - len(ours) - len(theirs)


def refill(occ: Occurrence, wording: str | None, style: NumberStyle, figures: Mapping[str, Any] | None = None) -> str:
    """The occurrence's words with another wording (None: its own) and number style (and some figures changed)."""
    return fill(wording if wording is not None else occ.said.wording, occ.said.figures | dict(figures or {}), style,
                lambda key: "")


def variant_of(sentence: Sentence, occs: list[tuple[Occurrence, str]]) -> str | None:
    """The format's variant that prints every occurrence as published, if one does."""
    for name, variant in sentence.variants.items():
        if all(folded(refill(o, _case(variant, o), o.said.style))[0] == theirs for o, theirs in occs):
            return name
    return None


def _case(wording: str | Mapping[str, str], occ: Occurrence) -> str:
    return str(wording.get(occ.said.case, "")) if isinstance(wording, Mapping) else str(wording)


def key(sentence: Sentence, occ: Occurrence) -> str:
    """Where a rewording of this occurrence goes in its 措辞 entry: its case, or 写法."""
    return occ.said.case if isinstance(sentence.wording, Mapping) and occ.said.case else "写法"


def entry(words: Mapping[str, str], style: dict[str, Any]) -> Any:
    """The 措辞 entry: the words alone, or by case, with their 数字 if the numbers print otherwise."""
    if not style and set(words) == {"写法"}:
        return words["写法"]
    return dict(words) | ({"数字": style} if style else {})
