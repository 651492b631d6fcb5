"""Every figure printed in the seed's tables appears in the same row and column, after LibreOffice recalculated."""

from __future__ import annotations

import pytest

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
                                              ("2025-shanghai-putuo-shangwuwei-unit", 563)])
def test_golden_holds_the_published_figures(seed, figures):
    assert count_figures(load_golden(f"{seed}.txt")) == figures


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
