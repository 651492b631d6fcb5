"""What the outputs cannot carry, found where a spec's texts are read, so `check` and `build` never disagree.

A double-quoted YAML text can hold any character ("a\\x01b", "\\0", "\\uFFFE"), and a workbook cell any text;
the DOCX, the PDF and the workbooks are XML, which has no place for a control character. Found at the text's
line (E213), instead of a build ending in an XML error with no line.
"""

from __future__ import annotations

import re

from ..problems import Problem
from .load import Node

UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""C0 and C1 control characters (a tab and a line break are text), lone surrogates, U+FFFE and U+FFFF."""
MAX_TEXT = 32_767
"""Characters in one text: Excel's limit for a cell. The fill-in workbook (excel-template) holds each text of a
spec in one cell and would cut a longer one; the longest text a published document has is a few thousand."""


def unwritable(root: Node) -> list[Problem]:
    """E213 for each key or text of the spec holding a character no output can carry, or longer than a cell holds."""
    found = []
    stack = [root]  # walked without recursion, like placeholders(): it visits every value of the spec
    while stack:
        node = stack.pop()
        if isinstance(node.value, str):
            found += _problems(node, node.value, "文字")
        elif isinstance(node.value, dict):
            for key, child in node.value.items():
                found += _problems(child, key, "键")
            stack += reversed(node.value.values())
        elif isinstance(node.value, list):
            stack += reversed(node.value)
    return found


def _problems(node: Node, text: str, what: str) -> list[Problem]:
    if len(text) > MAX_TEXT:
        return [Problem("E213", node.place, f"{what}过长（{len(text):,} 个字）：一段文字最多 {MAX_TEXT:,} 个字"
                                            "（Excel 一个单元格所能容纳的），请分段写或删去多余的内容")]
    if bad := UNWRITABLE.search(text):
        count = len(UNWRITABLE.findall(text))
        return [Problem("E213", node.place, f"{what}中有 {count} 个不可见的控制字符（第一个是第 {bad.start() + 1} 个字符，"
                                            f"U+{ord(bad.group()):04X}），公开文本中不能印出：请删去")]
    return []
