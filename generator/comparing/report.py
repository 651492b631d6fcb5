"""A comparison as lines of Chinese for the officer (cli.py prints them)."""

from __future__ import annotations

from itertools import groupby

from .compare import Comparison
from .tables import CellDifference


def report_lines(result: Comparison) -> list[str]:
    """Tables, then text, then the verdict; each difference names where it is."""
    lines = [f"比较：{result.built.path}（生成）与 {result.reference.path}（参照）"]
    lines += [f"说明：{note}" for side in (result.built, result.reference) for note in side.notes]
    lines += _tables(result) + _text(result)
    unexplained, sentences = len(result.unexplained), len(result.sentences)
    if result.same:
        lines.append("结论：相同" + ("（已知差异除外）" if result.tables else ""))
    else:
        lines.append(f"结论：不同（表格 {unexplained} 处，文字 {sentences} 句）")
    return lines


def _tables(result: Comparison) -> list[str]:
    if result.built.tables is None or result.reference.tables is None:
        return ["表格：未比较（有一方没有表格）"]
    known = len(result.tables) - len(result.unexplained)
    lines = [f"表格：比较 {result.cells} 格，{len(result.unexplained)} 处不同" + (f"，另有已知差异 {known} 处" if known else "")]
    lines += [f"  {cell_line(d)}" for d in result.unexplained]
    explained = sorted((d for d in result.tables if d.known), key=lambda d: d.known)
    for reason, group in groupby(explained, key=lambda d: d.known):
        lines.append(f"  已知差异（规格中说明：{reason}）：")
        lines += [f"    {cell_line(d)}" for d in group]
    return lines


def cell_line(d: CellDifference) -> str:
    """One difference: table (title), row (label), column (header), and what each side prints."""
    if not d.row:
        return f"表“{d.table}”：{'参照中没有这张表' if d.built else '生成的文档中没有这张表'}"
    if not d.column:
        side = f"只在生成的文档中：{d.built}" if d.built else f"只在参照中：{d.reference}"
        return f"表“{d.table}” 行“{d.row}”：{side}"
    return f"表“{d.table}” 行“{d.row}” 列“{d.column}”：生成 {_shown(d.built)}，参照 {_shown(d.reference)}"


def _shown(text: str) -> str:
    return text if text else "（空）"


_KINDS = {"数字": "只是数字不同", "待填写": "待填写", "措辞": "措辞不同"}


def _text(result: Comparison) -> list[str]:
    if result.similarity is None:
        return ["文字：未比较（有一方没有文字部分）"]
    kinds = {kind: sum(d.kind == kind for d in result.sentences) for kind in _KINDS}
    counted = "，".join(f"{words} {kinds[kind]} 句" for kind, words in _KINDS.items() if kinds[kind])
    lines = [f"文字：相似度 {result.similarity:.4f}，{len(result.sentences)} 句不同" + (f"（{counted}）" if counted else "")]
    for d in result.sentences:
        lines.append(f"  〔{d.section or '开头'}〕{_KINDS[d.kind]}")
        lines.append(f"    生成：{d.built}")
        lines.append(f"    参照：{d.reference or '（没有这句）'}")
    return lines
