"""Strict YAML loading: every value keeps its line and path; duplicate keys are errors.

Scalars stay text, so amounts become exact `Decimal`s later and nothing is guessed
(YAML 1.1 would read `0755` as octal and `1e3` as a float).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import yaml

from ..problems import Place, Problem, SpecError
from .limits import check_spec_size

Value = dict[str, "Node"] | list["Node"] | str | None
_NULLS = {"", "~", "null", "Null", "NULL"}
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
"""PyYAML's documented loader that resolves no implicit tags: scalars stay text, so a tag is never read
(libyaml's when present: the same nodes, several times faster)."""


class Node(NamedTuple):
    """A loaded value with the file, line and path it came from (a NamedTuple: a spec has thousands of
    nodes, and a frozen dataclass takes over twice as long to make)."""

    value: Value
    file: str
    line: int | None
    path: str
    cell: str = ""

    @property
    def place(self) -> Place:
        return Place(self.file, self.line, self.path, self.cell)

    def get(self, key: str) -> Node | None:
        """The child under `key` of a mapping, or None."""
        return self.value.get(key) if isinstance(self.value, dict) else None


def load_text(text: str, file: str) -> Node:
    """Parse YAML text into a Node tree, or raise SpecError naming the place."""
    tab = re.search(r"^( *)\t", text, re.MULTILINE) if "\t" in text else None  # the search alone is a tenth of a ms
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        raise SpecError([Problem("E101", Place(file, line), "缩进中有制表符(Tab)，请改用空格")])
    try:
        if "*" in text:  # no alias without one: a second parse of every spec is a fifth of reading it
            _reject_aliases(text, file)
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise SpecError([Problem("E102", Place(file, line), f"YAML 格式错误：{_explain(str(exc.problem or exc))}")]) from None
    except yaml.YAMLError as exc:
        raise SpecError([Problem("E102", Place(file), f"YAML 格式错误：{exc}")]) from None
    if root is None:
        raise SpecError([Problem("E103", Place(file, 1), "文件是空的")]) from None
    return _convert(root, file, "")


_YAML_PROBLEMS = {
    "expected ',' or ']'": "列表“[ ]”没有正确结束：缺少逗号或“]”",
    "expected ',' or '}'": "键值表“{ }”没有正确结束：缺少逗号或“}”",
    "mapping values are not allowed": "此处不能出现“: ”：可能是缩进与上一行不一致，或文字中含冒号（请给文字加引号）",
    "could not find expected ':'": "缺少“: ”（每个键后应有冒号和空格）",
    "found unexpected end of stream": "文件意外结束：引号或括号没有闭合",
    "expected <block end>": "缩进不一致：同一层的键应对齐",
    "did not find expected key": "缩进不一致，或列表项与键混在同一层",
    "did not find expected '-' indicator": "列表项缩进不一致：每项应以对齐的“- ”开头",
    "found undefined alias": "使用了未定义的别名（*）",
    "found character": "含有 YAML 不允许的字符",
    "found unknown escape character": "双引号中的反斜杠“\\”用法不对",
    "invalid Unicode character escape": "双引号中的“\\u”转义不是有效的字符",
}


def _explain(problem: str) -> str:
    """PyYAML's English problem in Chinese words an officer can act on; the English only for a problem not
    translated here, as the one clue there is."""
    words = next((text for key, text in _YAML_PROBLEMS.items() if key in problem), None)
    return words or f"无法解析（{problem}）"


def _reject_aliases(text: str, file: str) -> None:
    """An alias (*name) would silently copy a whole part of the spec somewhere else: refuse it."""
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            place = Place(file, event.start_mark.line + 1)
            raise SpecError([Problem("E102", place, f"不支持 YAML 别名“*{event.anchor}”：请把内容直接写在这里")])


def load_file(path: Path) -> Node:
    """Read and parse a spec file; unreadable or non-text files are SpecErrors too."""
    try:
        check_spec_size(path, path.stat().st_size)
        data = path.read_bytes()
    except OSError as exc:
        raise SpecError([Problem("E100", Place(str(path)), f"无法读取文件：{exc.strerror}")]) from None
    if b"\0" in data:
        raise SpecError([Problem("E104", Place(str(path)), "不是文本文件（含二进制内容）")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SpecError([Problem("E104", Place(str(path), line), "不是 UTF-8 编码的文本")]) from None
    return load_text(text, str(path))


def _convert(node: yaml.Node, file: str, path: str) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):  # asked first: most nodes are scalars
        plain = not node.style  # PyYAML says None for a plain scalar, libyaml ""
        return Node(None if plain and node.value in _NULLS else node.value, file, line, path)
    if isinstance(node, yaml.MappingNode):
        return Node(_mapping(node, file, path), file, line, path)
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(item, file, f"{path}[{i}]") for i, item in enumerate(node.value, 1)]
        return Node(items, file, line, path)
    raise SpecError([Problem("E102", Place(file, line, path), "不支持的 YAML 结构（别名或标签）")])


def _mapping(node: yaml.MappingNode, file: str, path: str) -> dict[str, Node]:
    result: dict[str, Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            place = Place(file, key_node.start_mark.line + 1, path)
            raise SpecError([Problem("E105", place, "键必须是文字")])
        key = key_node.value
        child = f"{path}.{key}" if path else key
        if key in result:
            place = Place(file, key_node.start_mark.line + 1, child)
            first = result[key].line
            raise SpecError([Problem("E106", place, f"键“{key}”重复（第 {first} 行已有）")])
        result[key] = _convert(value_node, file, child)
    return result
