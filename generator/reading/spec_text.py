"""A spec tree written back as YAML text, in the shape officers write by hand.

Lists of plain values (budget lines, indicators) are written on one line each;
numbers and codes stay unquoted; the loader reads every scalar back as the same text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _PLAIN_NUMBER.match(value):
        tag = "float" if "." in value else "int"  # the tag the plain text resolves to, so it is written bare
        return dumper.represent_scalar(f"tag:yaml.org,2002:{tag}", value)
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    flat = all(not isinstance(v, (list, dict)) for v in value) and len(value) <= 8
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flat and bool(value))


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)


def to_yaml(spec: dict[str, Any], header: str) -> str:
    """The spec as YAML text beginning with a comment line (empty values left out: absent means the same)."""
    body = yaml.dump(_without_empty(spec), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    return f"# {header}\n\n{body}"


def _without_empty(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_empty(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_empty(v) for v in value]
    return value
