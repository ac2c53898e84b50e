"""Geometry for the report's inline SVG charts.

Python computes the numbers and the templates write the `<svg>` elements, so
every label goes through autoescaping and no markup is built as a string.
Coordinates are formatted with one decimal, so the same counts always give
the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def _f(x: float) -> str:
    return f"{x:.1f}"


@dataclass(frozen=True)
class Rect:
    css: str
    label: str
    count: int
    x: str
    y: str
    width: str
    height: str


@dataclass(frozen=True)
class BarRow:
    rect: Rect
    label: str
    count: int
    label_y: str
    count_x: str


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per category, labels left and counts right."""

    rows: tuple[BarRow, ...]
    width: int
    height: int
    label_width: int
    description: str


@dataclass(frozen=True)
class StackedBar:
    """One bar split into coloured parts, scaled so bars of different totals compare."""

    parts: tuple[Rect, ...]
    width: int
    height: int
    total: int
    description: str


def bar_chart(items: Sequence[tuple[str, str, int]], *, width: int = 340, row: int = 26,
              label_width: int = 120) -> BarChart:
    """`items` are (css class, label, count), drawn in the order given. Narrow enough that
    a phone shows it at full size, so its 13 px labels stay legible."""
    top = max((c for _, _, c in items), default=0) or 1
    room = width - label_width - 60
    rows = []
    for i, (css, label, count) in enumerate(items):
        y = i * row
        w = room * count / top
        rect = Rect(css, label, count, str(label_width), _f(y + 4), _f(w), _f(row - 8))
        rows.append(BarRow(rect, label, count, _f(y + row / 2 + 5), _f(label_width + w + 6)))
    desc = ", ".join(f"{label} {count}" for _, label, count in items)
    return BarChart(tuple(rows), width, max(row * len(items), row), label_width, desc)


def stacked_bar(items: Sequence[tuple[str, str, int]], scale_total: int, *, width: int = 240,
                height: int = 14) -> StackedBar:
    """`items` are (css class, label, count); empty parts are left out. `scale_total` is
    the total that fills the whole width (the largest total in the chart)."""
    total = sum(c for _, _, c in items)
    unit = width / (scale_total or 1)
    parts = []
    x = 0.0
    for css, label, count in items:
        if count <= 0:
            continue
        w = unit * count
        parts.append(Rect(css, label, count, _f(x), "0.0", _f(w), _f(height)))
        x += w
    desc = ", ".join(f"{count} {label}" for _, label, count in items if count > 0) or "no claims"
    return StackedBar(tuple(parts), width, height, total, desc)
