"""An officer's format folder checked against format.schema.json: every value's kind, range and name, with
the file, line and key of each one that is wrong (E243), before anything is built from it.

The schema is data in a small subset of JSON Schema, read here without jsonschema (a test dependency only):
type, properties, additionalProperties, propertyNames, items, required, enum, minimum, exclusiveMinimum,
maximum, minItems, minProperties, maxProperties, pattern, format "regex", anyOf and local $ref.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

SCHEMA_FILE = Path(__file__).with_name("format.schema.json")
KINDS = {"format.yaml": "format", "publish.yaml": "publish", "import.yaml": "import"}
TYPE_NAMES = {"string": "文字", "integer": "整数", "number": "数", "boolean": "true/false",
              "object": "键值表（“键: 值”）", "array": "列表（[ ]）", "null": "空"}
Key = tuple[str | int, ...]


@functools.cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text("utf-8"))


def kind_of(path: Path) -> str:
    """Which part of the schema a format file follows: by its name, and tables/*.yaml are table layouts."""
    return KINDS.get(path.name, "table" if path.parent.name == "tables" else "")


def problems(data: Any, kind: str) -> list[tuple[Key, str]]:
    """Each value of `data` that the schema's `kind` refuses: its key path and a Chinese message."""
    return list(_check(data, {"$ref": f"#/$defs/{kind}"}, ()))


def _resolve(rule: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in rule:
        rule = schema()["$defs"][rule["$ref"].rsplit("/", 1)[1]]
    return rule


def _check(value: Any, rule: dict[str, Any], key: Key) -> Iterator[tuple[Key, str]]:
    rule = _resolve(rule)
    if "anyOf" in rule:
        found = [list(_check(value, option, key)) for option in rule["anyOf"]]
        if all(found):  # each option's own problems, from the first of the value's kind: they say most
            typed = [f for f, option in zip(found, rule["anyOf"], strict=True) if _is(value, _resolve(option).get("type", []))]
            yield from typed[0] if typed else [(key, f"应为{_expected(rule)}，而不是{_shown(value)}")]
        return
    found = _scalar_problem(value, rule)
    if found:
        yield key, found
    elif isinstance(value, dict):
        yield from _mapping(value, rule, key)
    elif isinstance(value, list):
        if len(value) < rule.get("minItems", 0):
            yield key, f"至少应有 {rule['minItems']} 项"
        for i, item in enumerate(value):
            yield from _check(item, rule.get("items", {}), (*key, i))


def _scalar_problem(value: Any, rule: dict[str, Any]) -> str:
    """The message for a value of the wrong kind or outside its range, or ''."""
    if "type" in rule and not _is(value, rule["type"]):
        return f"应为{_expected(rule)}，而不是{_shown(value)}"
    if "enum" in rule and value not in rule["enum"]:
        return f"应为 {'、'.join(map(str, rule['enum']))} 之一，而不是{_shown(value)}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "exclusiveMinimum" in rule and not value > rule["exclusiveMinimum"]:
            return f"应大于 {rule['exclusiveMinimum']}，而不是 {value}"
        if "minimum" in rule and value < rule["minimum"] or "maximum" in rule and value > rule["maximum"]:
            return f"应在 {rule.get('minimum', '')}—{rule.get('maximum', '')} 之间，而不是 {value}"
    if isinstance(value, str):
        if "pattern" in rule and not re.search(rule["pattern"], value):
            return f"写法不对：{_shown(value)}"
        if rule.get("format") == "regex":
            try:
                re.compile(value)
            except re.error as exc:
                return f"不是正确的正则表达式（{exc}）"
    return ""


def _mapping(value: dict, rule: dict[str, Any], key: Key) -> Iterator[tuple[Key, str]]:
    properties, extra = rule.get("properties", {}), rule.get("additionalProperties", True)
    for name in rule.get("required", []):
        if name not in value:
            yield key, f"缺少“{name}”"
    if not rule.get("minProperties", 0) <= len(value) <= rule.get("maxProperties", len(value)):
        yield key, f"应有 {rule.get('minProperties', 0)}—{rule.get('maxProperties', '')} 项，而不是 {len(value)} 项"
    names = rule.get("propertyNames", {}).get("enum")
    for name, item in value.items():
        if names is not None and name not in names:
            yield (*key, name), f"没有“{name}”这一项，可用：{'、'.join(names)}"
        elif name in properties:
            yield from _check(item, properties[name], (*key, name))
        elif extra is False:
            yield (*key, name), f"没有设置“{name}”，可用：{'、'.join(properties)}"
        elif isinstance(extra, dict):
            yield from _check(item, extra, (*key, name))


def _is(value: Any, wanted: str | list[str]) -> bool:
    kinds = [wanted] if isinstance(wanted, str) else wanted
    checks = {"string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool),
              "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
              "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v == v,
              "object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list),
              "null": lambda v: v is None}
    return any(checks[k](value) for k in kinds)


def _expected(rule: dict[str, Any]) -> str:
    rule = _resolve(rule)
    if "anyOf" in rule:
        return "或".join(dict.fromkeys(_expected(option) for option in rule["anyOf"]))
    if "enum" in rule:
        return f" {'、'.join(map(str, rule['enum']))} 之一"
    kinds = rule.get("type", "object")
    return "或".join(TYPE_NAMES[k] for k in ([kinds] if isinstance(kinds, str) else kinds))


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return f"“{text if len(text) <= 40 else text[:40] + '…'}”"


def line_of(text: str, key: Key) -> int | None:
    """The line where the value at `key` is written (the nearest enclosing value that is found)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in key:
        node = _child(node, part)
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _child(node: yaml.Node | None, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def dotted(key: Key) -> str:
    """A key path as the README writes one: charts.items[2].kind."""
    return "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in key).lstrip(".")
