"""Geometry of the dashboard's bar charts, drawn by the templates as inline SVG (no chart library, no JavaScript).

The functions only compute positions and sizes; the numbers stay in the data so the page can also show them as a
table for screen readers and printing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["Bar", "Column", "ColumnChart", "horizontal_bars", "week_columns"]


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: label on the left, bar from ``x``, value after it."""

    label: str
    value: int
    y: float
    width: float


@dataclass(frozen=True)
class Column:
    """One vertical bar of a grouped column chart."""

    series: str
    value: int
    x: float
    y: float
    height: float


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    baseline: float
    columns: list[Column]
    labels: list[tuple[float, str]]  # (x centre, text) under each group
    maximum: int


def horizontal_bars(items: list[tuple[str, int]], *, max_width: float = 360, row_height: float = 28) -> list[Bar]:
    """Bars scaled to the largest value (a zero stays a hairline so the row is still visible)."""
    largest = max((value for _, value in items), default=0) or 1
    return [
        Bar(label=label, value=value, y=index * row_height, width=max(value / largest * max_width, 1 if value else 0))
        for index, (label, value) in enumerate(items)
    ]


def week_columns(
    weeks: list[tuple[date, dict[str, int]]],
    series: tuple[str, ...],
    *,
    height: int = 180,
    column_width: int = 14,
    gap: int = 14,
    top: int = 16,
    bottom: int = 28,
) -> ColumnChart:
    """Grouped columns, one group per week (label M/D of its Monday), one column per series."""
    largest = max((counts.get(name, 0) for _, counts in weeks for name in series), default=0) or 1
    plot = height - top - bottom
    group = column_width * len(series) + gap
    columns: list[Column] = []
    labels: list[tuple[float, str]] = []
    for index, (monday, counts) in enumerate(weeks):
        left = gap + index * group
        for offset, name in enumerate(series):
            value = counts.get(name, 0)
            bar = value / largest * plot
            columns.append(Column(name, value, left + offset * column_width, top + plot - bar, bar))
        labels.append((left + column_width * len(series) / 2, f"{monday.month}/{monday.day}"))
    return ColumnChart(
        width=gap + len(weeks) * group, height=height, baseline=top + plot, columns=columns, labels=labels,
        maximum=largest if any(c.value for c in columns) else 0,
    )
