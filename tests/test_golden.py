"""Every figure printed in the seed's tables appears in the same row and column, after LibreOffice recalculated."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .golden import count_figures, load_golden, normal


def _printed_rows(book, layout, decimals: int) -> list[list[str]]:
    ws = book[layout.name]
    first = layout.repeat_rows[1] + 1
    width = len(layout.widths)
    return [[normal(ws.cell(r + 1, c + 1).value, decimals, layout.hidden_zero) for c in range(width)]
            for r in range(first, layout.rows)]


SEEDS = ["2023-shenzhen-sibj", "2022-shenzhen-luohu", "2025-shanghai-putuo-shangwuwei", "2025-shanghai-putuo-shangwuwei-unit"]


@pytest.mark.parametrize(("seed", "figures"), [("2023-shenzhen-sibj", 1091), ("2022-shenzhen-luohu", 723),
                                              ("2025-shanghai-putuo-shangwuwei", 550),
                                              ("2025-shanghai-putuo-shangwuwei-unit", 563),
                                              ("2026-shanghai-putuo-sifaju", 573), ("2026-shanghai-putuo-sifaju-unit", 598),
                                              ("2023-shanghai-putuo-wanli-jiedao", 1169),
                                              ("2024-shanghai-putuo-wanli-jiedao", 1402)])
def test_golden_holds_the_published_figures(seed, figures):
    assert count_figures(load_golden(f"{seed}.txt")) == figures


NEW_SHANGHAI = ["2026-shanghai-putuo-sifaju", "2026-shanghai-putuo-sifaju-unit", "2023-shanghai-putuo-wanli-jiedao",
                "2024-shanghai-putuo-wanli-jiedao"]


@pytest.mark.parametrize("seed", NEW_SHANGHAI)
def test_new_shanghai_golden_names_the_formats_nine_sheets(seed):
    """Golden data kept as printed (no spec yet): its sections are the shanghai-2025 sheets, in the format's order."""
    folder = Path(__file__).resolve().parent.parent / "templates" / "shanghai-2025" / "tables"
    sheets = dict.fromkeys(yaml.safe_load(f.read_text("utf-8"))["sheet"] for f in sorted(folder.glob("*.yaml")))
    golden = load_golden(f"{seed}.txt")
    assert list(golden) == [normal(s) for s in sheets]
    assert all(rows for rows in golden.values())


@pytest.mark.parametrize("seed", SEEDS)
def test_every_published_figure_in_place(seed, recalculated, layouts, documents):
    golden = load_golden(f"{seed}.txt")
    assert list(golden) == [normal(name) for name in list(layouts[seed])[: len(golden)]]
    for name, layout in layouts[seed].items():
        if normal(name) not in golden:
            continue
        decimals = int(documents[seed].format.settings.get("decimals", 0))
        width = len(layout.widths)
        exp = [[normal(c) for c in row] for row in golden[normal(name)]]
        if layout.hidden_zero:  # blank cells are part of what was published: compare whole rows
            exp = [row + [""] * (width - len(row)) for row in exp]
        got = _printed_rows(recalculated[seed], layout, decimals)
        for i, row in enumerate(exp):
            assert got[i][: len(row)] == row, f"{name} 第 {i + 1} 行"
        rest = [row for row in got[len(exp):] if any(row)]
        assert all(row[0].startswith("注") for row in rest) or name == "整体支出绩效目标表", f"{name} 多出的行：{rest[:2]}"
