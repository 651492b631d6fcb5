"""A table's fixed rows must list every line its columns take in (C305, issue 23): an own format's table 8 written
as rows by economic code, one code forgotten, printed a 合计 short of table 5's basic spending and said nothing."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from generator.build import check, sheets
from generator.checks import Review, agreed_cell
from generator.document import load_document

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
UNIT = (SPECS / "2025-shanghai-putuo-shangwuwei-unit.yaml").read_text("utf-8")
TABLE8 = "08-一般公共预算基本支出经济分类预算表.yaml"
SHEET = "一般公共预算基本支出经济分类预算表"
BASIC = re.compile(r"^  - \[基本支出, (\d{7}), (\d{5}), 一般公共预算拨款, (\d+)\]$", re.M)
FORGOTTEN = "30213"


def _own_table8(folder: Path, codes: list[str]) -> Path:
    """An own format over shanghai-2025 whose table 8 is the shipped layout with its body as fixed rows, one a code
    (a 款, or a 类 of three digits), and a 合计 of them all."""
    layout = (ROOT / "templates" / "shanghai-2025" / "tables" / TABLE8).read_text("utf-8")
    head = layout[: layout.index("body:")]
    rows = "".join(f"        - {{key: '{c}', labels: {{0: '{c[:3]}', 1: '{c[3:]}'}}, "
                   f"where: {{{'经济科目' if len(c) == 5 else '经济类'}: '{c}'}}}}\n" for c in codes)
    total = f"        - {{labels: {{2: 合计}}, sum: [{', '.join(repr(c) for c in codes)}], style: total}}\n"
    (folder / "我的格式" / "tables").mkdir(parents=True)
    (folder / "我的格式" / "format.yaml").write_text("extends: shanghai-2025\n", "utf-8")
    (folder / "我的格式" / "tables" / TABLE8).write_text(f"{head}body:\n  - rows:\n      rows:\n{rows}{total}", "utf-8")
    spec = folder / "u.yaml"
    spec.write_text(UNIT.replace("格式: shanghai-2025", "格式: ./我的格式"), "utf-8")
    return spec


def _used_codes() -> list[str]:
    return sorted({m.group(2) for m in BASIC.finditer(UNIT)})


def _printed_total(spec: Path) -> Decimal:
    sheet = next(s for s in sheets(load_document(spec)) if s.name == SHEET)
    row = next(r for (r, c), cell in sheet.cells.items() if cell.value == "合计" and c == 2)
    return sheet.cells[(row, 3)].value


def test_a_fixed_row_layout_without_a_code_names_the_line_it_leaves_out(tmp_path):
    spec = _own_table8(tmp_path, [c for c in _used_codes() if c != FORGOTTEN])
    line = next(m for m in BASIC.finditer(UNIT) if m.group(2) == FORGOTTEN)
    number = UNIT[: line.start()].count("\n") + 1
    found = [p for p in check(spec) if p.code == "C305"]
    assert [(p.place.file, p.place.line) for p in found] == [(str(spec), number)]
    assert found[0].severity == "error" and SHEET in found[0].message and FORGOTTEN in found[0].message
    everything = sum(Decimal(m.group(3)) for m in BASIC.finditer(UNIT))
    assert _printed_total(spec) == everything - Decimal(line.group(3))  # what the table would print, silently
    disagree = [p.message for p in check(spec) if p.code == "C306"]
    assert len(disagree) == 1 and f"{everything:,}" in disagree[0] and f"{everything - Decimal(line.group(3)):,}" in disagree[0]


def test_a_line_listed_twice_makes_table_8_disagree_with_table_5(tmp_path):
    """Every line listed (no C305), but the 301 class listed beside its 款: table 8's 合计 counts them twice."""
    spec = _own_table8(tmp_path, [*_used_codes(), "301"])
    found = check(spec)
    assert [p for p in found if p.code == "C305"] == []
    disagree = [p for p in found if p.code == "C306"]
    assert len(disagree) == 1 and disagree[0].severity == "error"
    assert "一般公共预算支出功能分类预算表“合计”行“基本支出”列" in disagree[0].message and SHEET in disagree[0].message


def test_a_fixed_row_layout_with_every_code_is_not_reported(tmp_path):
    spec = _own_table8(tmp_path, _used_codes())
    assert [p for p in check(spec) if p.code in ("C305", "C306")] == []
    assert _printed_total(spec) == sum(Decimal(m.group(3)) for m in BASIC.finditer(UNIT))


SOURCES = ["一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款", "财政专户管理资金", "事业收入",
           "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入", "上年结余结转"]


@pytest.mark.parametrize("seed", ["2022-shenzhen-luohu.yaml", "2023-shenzhen-sibj.yaml",
                                  "2023-shanghai-putuo-wanli-jiedao.yaml", "2024-shanghai-putuo-wanli-jiedao.yaml",
                                  "2025-shanghai-putuo-shangwuwei-unit.yaml", "2026-shanghai-putuo-sifaju-unit.yaml"])
def test_no_shipped_format_leaves_out_a_line_of_any_source(tmp_path, seed):
    """Each shipped format's fixed rows (income by source, the “三公” row, table 8's classes) over a seed with a basic
    line of every source and economic class the formats split basic spending into."""
    text = (SPECS / seed).read_text("utf-8")
    first = re.search(r"^  - \[基本支出, +(\d{7}),.*\]$", text, re.M)
    extra = "".join(f"\n  - [基本支出, {first.group(1)}, {economic}, {source}, 1234]"
                    for source in SOURCES for economic in ("30101", "30201", "30302", "31002"))
    spec = tmp_path / seed
    spec.write_text(text[: first.end()] + extra + text[first.end():], "utf-8")
    assert [p.message for p in check(spec) if p.code in ("C305", "C306")] == []


@pytest.mark.parametrize("seed", ["2023-shanghai-putuo-wanli-jiedao.yaml", "2024-shanghai-putuo-wanli-jiedao.yaml",
                                  "2025-shanghai-putuo-shangwuwei-unit.yaml", "2025-shanghai-putuo-shangwuwei.yaml",
                                  "2026-shanghai-putuo-sifaju-unit.yaml", "2026-shanghai-putuo-sifaju.yaml"])
def test_every_agreeing_cell_of_a_shipped_format_is_found(seed):
    """A misnamed table, row or column in `agree` would compare nothing, silently: each names a printed cell."""
    doc = load_document(SPECS / seed)
    review = Review(doc.budget, tuple(sheets(doc)), Decimal(1), 2, "元")
    groups = doc.format.settings["agree"]
    missing = [spec for group in groups for spec in group if agreed_cell(review, spec) is None]
    assert len(groups) >= 5 and missing == []
