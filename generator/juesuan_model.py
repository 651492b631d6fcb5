"""The 决算's own records beside its lines: income by type (收入明细) and 结转和结余 by fund (结转结余).

Each offers the same `fields()` as a budget line, so one table filter holds for lines, income and balances alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .problems import Place

FISCAL = "财政拨款"
"""The source group of the three 财政拨款 funds in the 决算 source catalog (决算资金来源.csv; the rest are 非财政拨款)."""
SURPLUS_USE = "使用非财政拨款结余"
"""A source lines may spend from that is no income: it has no 收入明细 and no 结转结余 of its own."""


@dataclass(frozen=True)
class Income:
    """A 决算's income of one type (a 财政拨款 fund or 事业收入 …) under a function code, as 收入决算表 classifies it."""

    unit: str
    function: str
    kind: str
    kind_group: str
    """财政拨款 or 非财政拨款, as the format's source catalog groups the kind."""
    amount: Decimal
    place: Place

    def fields(self) -> dict[str, str]:
        """Its 收入类型 is named 资金来源, as a line's fund: one table's filter holds for lines and income alike."""
        return {"单位": self.unit, "功能科目": self.function, "功能类": self.function[:3], "功能款": self.function[:5],
                "资金来源": self.kind, "资金大类": self.kind_group}


@dataclass(frozen=True)
class Balance:
    """A 决算's 结转和结余 of one fund (under a function code, or "" for a non-财政拨款 fund's whole) at the year's
    start and end: the 总表 and the 基金/国资 tables print them."""

    unit: str
    function: str
    source: str
    source_group: str
    opening: Decimal
    closing: Decimal
    place: Place

    def fields(self) -> dict[str, str]:
        return {"单位": self.unit, "功能科目": self.function, "功能类": self.function[:3], "功能款": self.function[:5],
                "资金来源": self.source, "资金大类": self.source_group}
