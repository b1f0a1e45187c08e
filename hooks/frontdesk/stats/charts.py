"""Inline SVG line charts, drawn at build time: no JavaScript, no external file.

A chart is a series of monthly values with gaps (None) for months without a figure,
and an optional target drawn as a dashed line. Sizes live in the viewBox, so CSS decides
how wide a chart is; colours come from CSS classes, so they follow the light and dark palettes.

A chart is kept small, since every page's HTML is read again by the search index and other
plugins: about a dozen elements, whatever the number of months. The months' points are one
path per state (met, missed), each point a round dot; the exact values are in the table that
goes with every chart.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

WIDTH = 320
HEIGHT = 150
_LEFT, _RIGHT, _TOP, _BOTTOM = 46, 312, 12, 118  # the plot area inside the viewBox


@dataclass(frozen=True)
class Series:
    """What one chart shows: a value (or a gap) per month, and the target."""

    chart_id: str
    title: str
    points: Sequence[tuple[date, float | None]]
    format: Callable[[float], str]
    target: float | None = None
    higher_is_better: bool = True
    ceiling: float | None = None  # the highest value possible (100 for a percentage)


@dataclass(frozen=True)
class _Scale:
    low: float
    high: float
    count: int

    def x(self, index: int) -> float:
        step = (_RIGHT - _LEFT) / max(self.count - 1, 1)
        return round(_LEFT + index * step, 1)

    def y(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        return round(_BOTTOM - share * (_BOTTOM - _TOP), 1)


def line_chart(series: Series) -> Markup:
    """The chart as an <svg> element, with a <title> and a <desc> saying what it shows."""
    scale = _scale(series)
    parts = [
        f'<svg class="fd-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{_text(series.chart_id)}-title {_text(series.chart_id)}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{_text(series.chart_id)}-title">{_text(_title(series))}</title>',
        f'<desc id="{_text(series.chart_id)}-desc">{_text(describe(series))}</desc>',
        *_axes(series, scale),
        *_target(series, scale),
        *_lines(series, scale),
        *_points(series, scale),
        "</svg>",
    ]
    return Markup("".join(parts))


def _text(value: str) -> str:
    return html.escape(value, quote=True)


def _title(series: Series) -> str:
    first, last = series.points[0][0], series.points[-1][0]
    return f"{series.title}, {first:%B %Y} to {last:%B %Y}"


def describe(series: Series) -> str:
    """The chart in words: latest value, range, target and how many months missed it."""
    known = [(month, value) for month, value in series.points if value is not None]
    if not known:
        return f"No {series.title.lower()} figures in these months."
    month, latest = known[-1]
    values = [value for _, value in known]
    words = [f"Latest: {series.format(latest)} in {month:%B %Y}.",
             f"Lowest {series.format(min(values))}, highest {series.format(max(values))}."]
    if series.target is not None:
        missed = sum(1 for value in values if not _meets(series, value))
        words.append(f"Target {series.format(series.target)}; missed in {missed} of {len(values)} "
                     f"month{'s' if len(values) != 1 else ''}.")
    gaps = len(series.points) - len(known)
    if gaps:
        words.append(f"No figure for {gaps} month{'s' if gaps != 1 else ''}.")
    return " ".join(words)


def _meets(series: Series, value: float) -> bool:
    if series.target is None:
        return True
    return value >= series.target if series.higher_is_better else value <= series.target


def _scale(series: Series) -> _Scale:
    values = [v for _, v in series.points if v is not None]
    if series.target is not None:
        values.append(series.target)
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.12 or max(abs(high) * 0.05, 0.5)
    top = high + pad if series.ceiling is None else min(high + pad, max(series.ceiling, high))
    return _Scale(low - pad, top if top > low - pad else high + pad, len(series.points))


def _axes(series: Series, scale: _Scale) -> list[str]:
    """The frame, the value at the top and bottom, and the first, middle and last month."""
    parts = [
        f'<path class="fd-chart__axis" d="M{_LEFT} {_BOTTOM}H{_RIGHT}"/>',
        _label(_LEFT - 4, _TOP + 4, "end", series.format(scale.high)),
        _label(_LEFT - 4, _BOTTOM, "end", series.format(scale.low)),
    ]
    count = len(series.points)
    for index in sorted({0, count // 2, count - 1}):
        anchor = "start" if index == 0 else "end" if index == count - 1 else "middle"
        parts.append(_label(scale.x(index), _BOTTOM + 16, anchor, f"{series.points[index][0]:%b %Y}"))
    return parts


def _label(x: float, y: float, anchor: str, text: str, kind: str = "") -> str:
    """Text on a chart; where it is anchored (start, middle, end) is a class."""
    classes = f"fd-chart__label fd-chart__label--{anchor}" + (f" fd-chart__label--{kind}" if kind else "")
    return f'<text class="{classes}" x="{x}" y="{y}">{_text(text)}</text>'


def _target(series: Series, scale: _Scale) -> list[str]:
    if series.target is None:
        return []
    y = scale.y(series.target)
    return [f'<path class="fd-chart__target" d="M{_LEFT} {y}H{_RIGHT}"/>',
            _label(_RIGHT, round(y - 3, 1), "end", f"target {series.format(series.target)}", "target")]


def segments(points: Sequence[tuple[date, float | None]]) -> list[list[int]]:
    """Runs of consecutive months with a value: a gap breaks the line."""
    runs: list[list[int]] = []
    current: list[int] = []
    for index, (_, value) in enumerate(points):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(index)
    return [*runs, current] if current else runs


def _lines(series: Series, scale: _Scale) -> list[str]:
    paths = []
    for run in segments(series.points):
        if len(run) < 2:
            continue
        steps = " ".join(f"{'M' if n == 0 else 'L'}{scale.x(i)} {scale.y(series.points[i][1] or 0)}"
                         for n, i in enumerate(run))
        paths.append(f'<path class="fd-chart__line" d="{steps}"/>')
    return paths


def _points(series: Series, scale: _Scale) -> list[str]:
    """One path per state: a round dot (a line of no length) for each month met, and each missed."""
    dots: dict[str, list[str]] = {"met": [], "missed": []}
    for index, (_, value) in enumerate(series.points):
        if value is not None:
            dots["met" if _meets(series, value) else "missed"].append(f"M{scale.x(index)} {scale.y(value)}h0")
    return [f'<path class="fd-chart__points fd-chart__points--{state}" d="{"".join(moves)}"/>'
            for state, moves in dots.items() if moves]
