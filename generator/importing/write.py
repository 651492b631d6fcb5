"""The imported spec as YAML text: figures solved, texts read, and a comment wherever an officer must confirm."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..model import UNIT_TYPES, Line, Project
from ..reading.spec_text import to_yaml

UNSURE = "公开表格未确定此明细的金额（可移到同一功能科目的其他项目、或其他功能科目、资金来源），请核对"
SPLIT = ("# 各表只印功能科目和经济科目各自的合计：同一项目、功能科目、资金来源之内按经济科目（和单位类型）的拆分按常见配对"
         "（templates/importing/配对.csv）选定，印出的数不变；与预算系统中的明细不同时可照改\n")
UNNAMED = "项目名称和类别未公开，按功能科目命名：请改为实际项目"


def spec_text(head: Mapping[str, Any], lines: Sequence[tuple[Line, Decimal, bool]], projects: Sequence[Project],
              named: set[str], rest: Mapping[str, Any], header: str) -> str:
    """head keys, then 项目 and 预算明细 (each line with its comment), then the rest, in the shape officers write."""
    text = to_yaml(dict(head), header).rstrip("\n") + "\n\n"
    if projects:
        listed = [{"名称": p.name, "类别": p.category} | dict(p.facts) for p in projects]
        unnamed = [p.name for p in projects if p.name not in named]
        text += f"# {UNNAMED}：{'、'.join(unnamed)}\n" if unnamed else ""
        text += to_yaml({"项目": listed}, "").split("\n", 2)[2] + "\n"
    text += SPLIT + "预算明细:\n  # [性质或项目, 功能科目, 经济科目, 资金来源, 金额（元）, 单位类型]\n"
    default = head.get("单位类型", UNIT_TYPES[0])
    text += "".join(_line(line, amount, sure, default) for line, amount, sure in lines)
    body = to_yaml(dict(rest), "").split("\n", 2)[2] if rest else ""
    return re.sub(r"!!int '([^']*)'", r'"\1"', text + "\n" + body)  # a text like "0.00" stays text


def _line(line: Line, amount: Decimal, sure: bool, default: str) -> str:
    who = line.project or line.nature
    kind = f", {line.unit_type}" if line.unit_type != default else ""
    note = "" if sure else f"  # {UNSURE}"
    return f"  - [{_scalar(who)}, {line.function}, {line.economic}, {line.source}, {_amount(amount)}{kind}]{note}\n"


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".removesuffix(".00") if value == value.to_integral_value() else f"{value:.2f}"


def _scalar(text: str) -> str:
    return f'"{text}"' if any(ch in text for ch in ",[]{}:#") else text


def extra_codes(codes: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Codes outside the year's catalog as the spec's 补充科目 takes them: by kind (function codes begin with 2,
    economic ones with 3 or 5), each with the name the document prints."""
    kinds = {"功能科目": "2", "经济科目": "35"}
    found = {kind: {c: n for c, n in sorted(codes.items()) if c[:1] in first} for kind, first in kinds.items()}
    return {kind: named for kind, named in found.items() if named}


def known_difference(table: str, row: int, label: str, printed: str, ours: Decimal) -> dict[str, str]:
    """A contradiction of the document, recorded with the side budgetgen prints."""
    where = f"{table} 第{row}行" if row else table
    return {"规则": "公开文本", "位置": where,
            "说明": f"公开表中“{label}”印为 {printed or '空白'}，与其他各表不符；budgetgen 按明细印为 {ours:,.2f}"}
