"""Lay a chart out as a few primitive shapes, once, for both writers.

The PDF writer turns the shapes into reportlab vector graphics; the DOCX writer paints the
very same shapes into a high-resolution image. So a chart is identical in both formats, and
neither writer needs a plotting library. Coordinates are points, origin bottom left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import model
from .style import Style


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True)
class Path:
    points: tuple[tuple[float, float], ...]
    color: str
    width: float


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    radius: float
    fill: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # baseline
    text: str
    size: float
    anchor: str  # "start" | "middle" | "end"
    color: str
    bold: bool = False


Shape = Box | Path | Dot | Label

WIDTH_PER_CHAR = 0.5  # of the font size: room reserved for a label before it is drawn


def _ticks(low: float, high: float) -> list[float]:
    """Round axis values covering ``low``–``high``: steps of 1, 2 or 5 × 10ⁿ, about five."""
    span = (high - low) or abs(high) or 1.0
    raw = span / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - 1e-9:
        ticks.append(ticks[-1] + step)
    return [round(t, 10) for t in ticks]


def figure(value: float) -> str:
    """A value as printed on the chart: ``5.7``, ``200``, ``1,250``."""
    return f"{value:,.10g}" if abs(value) < 1e15 else f"{value:.3g}"


def layout(chart: model.Chart, width: float, height: float, style: Style) -> list[Shape]:
    """The shapes of ``chart`` drawn in a ``width`` × ``height`` point box."""
    colors = style.colors
    palette = (colors.accent, colors.rule, colors.muted, colors.link)
    size = 8.5
    values = [v for s in chart.series for v in s.values]
    ticks = _ticks(min(0.0, *values), max(0.0, *values))
    low, high = ticks[0], ticks[-1]
    label_room = max(len(figure(t)) for t in ticks) * size * WIDTH_PER_CHAR + 6
    left, right = label_room + 2, width - 4
    bottom, top = size * 2.6, height - size * 3.2
    shapes: list[Shape] = []

    def y_of(value: float) -> float:
        return bottom + (value - low) / (high - low or 1) * (top - bottom)

    for tick in ticks:
        y = y_of(tick)
        shapes.append(Path(((left, y), (right, y)), colors.shade if tick else colors.rule, 0.6))
        shapes.append(Label(left - 4, y - size * 0.35, figure(tick), size, "end", colors.muted))
    if chart.unit:
        shapes.append(Label(0, height - size, chart.unit, size, "start", colors.muted))
    # Legend, top right: a swatch and the name of each series.
    x = right
    for index, series in reversed(list(enumerate(chart.series))):
        x -= len(series.name) * size * WIDTH_PER_CHAR + 4
        shapes.append(Label(x, height - size, series.name, size, "start", colors.ink))
        x -= size + 3
        shapes.append(Box(x, height - size - 0.5, size, size * 0.8, palette[index % 4]))
        x -= 10
    slot = (right - left) / len(chart.categories)
    for index, category in enumerate(chart.categories):
        middle = left + slot * (index + 0.5)
        shapes.append(Label(middle, bottom - size * 1.5, category, size, "middle", colors.ink))
    zero = y_of(0.0)
    if chart.kind == "bar":
        group = slot * 0.6
        bar = group / len(chart.series)
        for s_index, series in enumerate(chart.series):
            for c_index, value in enumerate(series.values):
                x0 = left + slot * c_index + (slot - group) / 2 + bar * s_index
                y0, y1 = sorted((zero, y_of(value)))
                shapes.append(Box(x0, y0, bar * 0.92, y1 - y0, palette[s_index % 4]))
                label_y = y1 + 3 if value >= 0 else y0 - size - 1
                shapes.append(
                    Label(x0 + bar * 0.46, label_y, figure(value), size, "middle", colors.ink, True)
                )
    else:
        for s_index, series in enumerate(chart.series):
            color = palette[s_index % 4]
            points = tuple((left + slot * (i + 0.5), y_of(v)) for i, v in enumerate(series.values))
            shapes.append(Path(points, color, 1.8))
            for (px, py), value in zip(points, series.values, strict=True):
                shapes.append(Dot(px, py, 2.6, color))
                shapes.append(Label(px, py + 5, figure(value), size, "middle", colors.ink, True))
    shapes.append(Path(((left, zero), (right, zero)), colors.ink, 0.8))
    return shapes
