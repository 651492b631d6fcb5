"""Typed readers over loaded Nodes: each returns a value or records a Problem at the node's place."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..model import UNIT_TYPES
from ..problems import Place, Problem
from .load import Node

MAX_AMOUNT = Decimal("1e12")
_AMOUNT = re.compile(r"^-?[0-9][0-9,]*(\.[0-9]+)?$")
_CENT = Decimal("0.01")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_FOREIGN_DIGIT = re.compile(r"(?![0-9０-９])\d")
AMOUNT_PLACEHOLDER = "待填写"


def numeral(text: str) -> str | None:
    """A number as typed, for amounts, years and codes alike: full-width digits (a Chinese input method's) read as
    0-9; None when it has digits of another script (١٢٣), which the officer meant as no figure of ours."""
    return None if _FOREIGN_DIGIT.search(text) else text.translate(_FULL_WIDTH)


class Reader:
    """Collects problems while a spec is read, so one run reports them all."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def fail(self, code: str, place: Place, message: str) -> None:
        problem = Problem(code, place, message)
        if problem not in self.problems:
            self.problems.append(problem)

    def child(self, node: Node, key: str, required: bool = True) -> Node | None:
        """The value under `key`, recording a problem if it is missing and required."""
        if not isinstance(node.value, dict):
            self.fail("E201", node.place, "此处应为键值表（“键: 值”）")
            return None
        found = node.value.get(key)
        if (found is None or found.value is None) and required:
            path = f"{node.path}.{key}" if node.path else key
            place = found.place if found is not None else Place(node.file, node.line, path)
            self.fail("E202", place, f"缺少必填项“{key}”")
        return found if found is not None and found.value is not None else None

    def text(self, node: Node | None, key: str, required: bool = True, default: str = "") -> str:
        """A text value under `key`."""
        found = self.child(node, key, required) if node is not None else None
        if found is None:
            return default
        if not isinstance(found.value, str):
            self.fail("E203", found.place, f"“{key}”应为文字")
            return default
        return found.value.strip()

    def items(self, node: Node | None, key: str, required: bool = False) -> list[Node]:
        """The entries of a list under `key` (empty when absent)."""
        found = self.child(node, key, required) if node is not None else None
        if found is None:
            return []
        if not isinstance(found.value, list):
            self.fail("E204", found.place, f"“{key}”应为列表（每项以“- ”开头）")
            return []
        return found.value

    def amount_of(self, node: Node, what: str) -> Decimal:
        """An exact non-negative amount in yuan, at most two decimals. An amount still written 待填写 (the 决算数 a
        spec started from the 预算 leaves to the officer) reads as 0: check names it once, as any placeholder (C350)."""
        raw = node.value
        if isinstance(raw, str) and raw.strip() == AMOUNT_PLACEHOLDER:
            return Decimal(0)
        text = numeral(raw.strip()) if isinstance(raw, str) else ""
        if text is None:
            self.fail("E215", node.place, _foreign(what, raw))
            return Decimal(0)
        if not text or not _AMOUNT.match(text):
            self.fail("E205", node.place, f"{what}应为数字（元），而不是“{_show(raw)}”")
            return Decimal(0)
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            self.fail("E205", node.place, f"{what}应为数字（元），而不是“{raw}”")
            return Decimal(0)
        if value < 0:
            self.fail("E206", node.place, f"{what}不能为负数：{raw}")
        elif value >= MAX_AMOUNT:
            self.fail("E207", node.place, f"{what}过大（{raw} 元），请检查单位是否为元")
        elif value != value.quantize(_CENT):
            self.fail("E208", node.place, f"{what}最多两位小数（到分）：{raw}")
        return value

    def amount(self, node: Node | None, key: str, required: bool = True) -> Decimal:
        """The amount under `key` (0 when absent and not required)."""
        found = self.child(node, key, required) if node is not None else None
        return Decimal(0) if found is None else self.amount_of(found, f"“{key}”")

    def year(self, node: Node, key: str) -> int:
        found = self.child(node, key)
        if found is None:
            return 0
        text = numeral(found.value.strip()) if isinstance(found.value, str) else ""
        if text is None:
            self.fail("E215", found.place, _foreign(f"“{key}”", found.value))
            return 0
        if not re.fullmatch(r"20[0-9][0-9]", text):
            self.fail("E209", found.place, f"“{key}”应为四位数字的年份，而不是“{_show(found.value)}”")
            return 0
        return int(text)

    def choice(self, node: Node, key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(node, key)
        found = node.get(key)
        if value and value not in allowed:
            self.fail("E210", found.place if found else node.place,
                      f"“{key}”应为 {'、'.join(allowed)} 之一，而不是“{value}”")
        return value


def _foreign(what: str, raw: object) -> str:
    return f"{what}应以阿拉伯数字 0-9 书写（全角数字也可以），而不是“{raw}”：其中有另一种文字的数字"


def _show(raw: object) -> str:
    if raw is None:
        return "（空）"
    if isinstance(raw, dict):
        return "键值表"
    if isinstance(raw, list):
        return "列表"
    return str(raw)


def unit_type_of(r: Reader, node: Node, default: str) -> str:
    """A line's own 单位类型 (E236 if not one of UNIT_TYPES, and the default kept)."""
    if node.value not in UNIT_TYPES:
        shown = node.value.strip() if isinstance(node.value, str) else ""
        r.fail("E236", node.place, f"单位类型“{shown}”不对，应为 {'、'.join(UNIT_TYPES)} 之一")
        return default
    return str(node.value)
