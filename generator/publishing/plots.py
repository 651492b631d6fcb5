"""Pictures of the chart sheet's charts for the DOCX and PDF, drawn with matplotlib.

They read the same cells the workbook's native charts read, so the three agree. matplotlib
is imported here only, when a document is published: building a workbook never pays for it.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..tables.cells import Chart, Sheet, printed

FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei"]
SIZE_CM = (16.0, 7.5)
DPI = 200


def chart_png(sheet: Sheet, chart: Chart, look: Mapping[str, Any], num_format: str) -> bytes:
    """One chart as PNG bytes, without its title (the document prints it as the caption);
    the same sheet gives the same bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels = [sheet.text(r, chart.label_col) for r in range(chart.first_row, chart.last_row + 1)]
    series = [(name, [_value(sheet, r, col) for r in range(chart.first_row, chart.last_row + 1)])
              for name, col in chart.series]
    colors = list(look.get("colors", [])) or None
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": _fonts(list(look.get("fonts", FONTS))),
                                "font.size": 11, "svg.hashsalt": "budgetgen", "axes.unicode_minus": False}):
        figure = Figure(figsize=(SIZE_CM[0] / 2.54, SIZE_CM[1] / 2.54), dpi=DPI, layout="constrained")
        canvas = FigureCanvasAgg(figure)  # placing and drawing share its renderer, so each text is measured once
        axes = figure.add_subplot()
        _DRAW[chart.kind](axes, labels, series, colors, lambda v: printed(Decimal(str(v)), num_format))
        # savefig would draw the figure twice, once unseen to place the axes: placing them is all that
        # draw was for, so the figure is placed here and drawn once (the same pixels, a fifth less time).
        figure.get_layout_engine().execute(figure)
        figure.set_layout_engine(None)
        canvas.draw()
        return png(canvas.buffer_rgba())


def png(pixels) -> bytes:
    """RGBA pixels (height × width × 4) as a PNG of its print size, by Pillow (matplotlib's own image library)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombuffer("RGBA", (pixels.shape[1], pixels.shape[0]), bytes(pixels), "raw", "RGBA", 0, 1).save(
        buffer, "PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


def _fonts(wanted: list[str]) -> list[str]:
    """The wanted families; if matplotlib knows none (its font cache predates the fonts), it looks again once."""
    from matplotlib import font_manager

    if not {f.name for f in font_manager.fontManager.ttflist} & set(wanted):
        _add_system_fonts()
    return wanted


@functools.cache
def _add_system_fonts() -> None:
    """Every font file of the system added to matplotlib's font list, through its public addfont."""
    from matplotlib import font_manager

    for path in sorted(font_manager.findSystemFonts()):
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            continue  # a file FreeType cannot read is not a font we want


def _value(sheet: Sheet, row: int, col: int) -> float:
    cell = sheet.cells.get((row, col))
    return float(cell.value) if cell is not None and isinstance(cell.value, Decimal) else 0.0


def _pie(axes, labels, series, colors, show) -> None:
    values = series[0][1]
    total = sum(values) or 1.0
    texts = [f"{label}\n{show(v)}（{v / total:.1%}）" for label, v in zip(labels, values, strict=True)]
    axes.pie(values, labels=texts, colors=colors, startangle=90, counterclock=False,
             wedgeprops={"linewidth": 1, "edgecolor": "white"})
    axes.set_aspect("equal")


def _bar(axes, labels, series, colors, show) -> None:
    values = series[0][1]
    bars = axes.barh(range(len(labels)), values, color=(colors or [None])[0])
    axes.set_yticks(range(len(labels)), labels)
    axes.invert_yaxis()
    axes.bar_label(bars, labels=[show(v) for v in values], padding=3)
    _plain_axes(axes, "x")


def _column(axes, labels, series, colors, show) -> None:
    width = 0.8 / len(series)
    for i, (name, values) in enumerate(series):
        positions = [x + (i - (len(series) - 1) / 2) * width for x in range(len(labels))]
        bars = axes.bar(positions, values, width, label=name, color=colors[i % len(colors)] if colors else None)
        axes.bar_label(bars, labels=[show(v) for v in values], padding=2, fontsize=8)
    axes.set_xticks(range(len(labels)), labels)
    axes.legend(frameon=False)
    _plain_axes(axes, "y")


def _plain_axes(axes, value_axis: str) -> None:
    """No frame on three sides, no value ticks: the figures are printed on the bars."""
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    (axes.xaxis if value_axis == "x" else axes.yaxis).set_visible(False)
    axes.spines["bottom" if value_axis == "x" else "left"].set_visible(False)
    axes.margins(**{value_axis: 0.15})


_DRAW = {"pie": _pie, "bar": _bar, "column": _column}
