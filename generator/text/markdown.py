"""Spec text as literal Markdown: what an officer typed is printed as typed, in the .md, the DOCX and the PDF.

The narrative is Markdown, and a spec's text is put into it: `**`, `[x](y)`, `|`, a leading `# ` or `- `
would otherwise be read as emphasis, a link, a table cell, a heading or a bullet, dropped from the DOCX and PDF.
Only what Markdown would read is escaped, so a text without such syntax is left byte for byte as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_INLINE = re.compile(r"\\(?=[!-/:-@\[-`{-~]|\n|$)|[`*_|]|\](?=[(\[:])|<(?=[^\s<>]*[:@][^\s<>]*>)|&(?=#?\w+;)")
"""Where Markdown would read it: an escape or a line's hard break, code, emphasis, a table cell's edge, a link or
image (its `](`; a document number 普建委[2025]127号 stays as written), an autolink, an entity."""
_BLOCK = re.compile(r"^( {0,3})(#{1,6}(?=\s|$)|[-+](?=\s|$)|>(?![0-9=])|[=-]+(?=\s*$))", re.M)
"""At a line's start: a heading, a bullet, a quote, a heading's underline. Not an ordered item ("1. 商务委本部"):
its number is printed as written (publication.read_markdown), as officers number their own lists; nor a
comparison (">150.00(家)", ">=95%"), a performance target that templates print in a table's cell."""


_BARE_NUMBER = re.compile(r"^( {0,3}\d{1,9})([.)])(?=[ \t]*$)", re.M)
"""A line that is only a list number ("1." "2)"): an empty ordered item, which would print nothing."""


def literal(text: str) -> str:
    """The text as Markdown that reads back as exactly this text."""
    text = _INLINE.sub(lambda m: "\\" + m.group(), text)
    text = _BARE_NUMBER.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)
    return _BLOCK.sub(_block, text)


def _block(match: re.Match) -> str:
    lead, mark = match.groups()
    return f"{lead}\\{mark}"


def literal_tree(value: Any) -> Any:
    """Every text inside a spec value (lists and mappings of texts) as literal Markdown; other values as they are."""
    if isinstance(value, str):
        return literal(value)
    if isinstance(value, Mapping):
        return {k: literal_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(literal_tree(v) for v in value)
    return value
