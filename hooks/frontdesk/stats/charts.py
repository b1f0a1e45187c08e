"""Inline SVG line charts, drawn at build time: no JavaScript, no external file.

A chart is a series of monthly values with gaps (None) for months without a figure,
and an optional target drawn as a dashed line. Sizes live in the viewBox, so CSS decides
how wide a chart is; colours come from CSS classes, so they follow the light and dark palettes.

The value axis runs over a range a reader would expect: durations and counts from zero, and
percentages and scores over at least a set span (two points of availability), so a month just
under the target does not look like an outage. The target's value sits in the axis gutter, never
on the data, and labels are drawn large enough to read on a phone (12px at the narrowest chart).

A chart is kept small, since every page's HTML is read again by the search index and other
plugins: about a dozen elements, whatever the number of months. The months' points are one
path per state (met, missed), each point a round dot; the exact values are in the table that
goes with every chart.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

WIDTH = 320
HEIGHT = 156
_LEFT, _RIGHT, _TOP, _BOTTOM = 50, 310, 10, 122  # the plot area inside the viewBox
LABEL_SIZE = 13  # viewBox units: 12 CSS px or more wherever the chart is 296px wide or wider
_LABEL_GAP = LABEL_SIZE + 2  # the least distance between two labels on the value axis


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
    least_span: float | None = None  # bounded measures: the value axis spans at least this much
    tick: Callable[[float], str] | None = None  # a short form for the axis ('99.5%', '4 h')

    def axis_text(self, value: float) -> str:
        return (self.tick or self.format)(value)


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
    """The value axis: from zero for durations and counts; for bounded measures, a round range
    that holds every value and the target and spans at least `least_span`."""
    values = [v for _, v in series.points if v is not None]
    if series.target is not None:
        values.append(series.target)
    if not values:
        return _Scale(0.0, 1.0, len(series.points))
    lowest, highest = min(values), max(values)
    if series.ceiling is None or series.least_span is None:
        low = 0.0 if lowest >= 0 else _round_down(lowest, _step(highest - lowest))
        high = _round_up(highest * 1.08 if highest > 0 else 1.0, _step(max(highest, 1.0) - low))
        return _Scale(low, max(high, low + 1.0), len(series.points))
    span = max(highest - lowest, series.least_span)
    step = _step(span)
    high = min(series.ceiling, _round_up(highest + step / 2, step))
    low = _round_down(min(lowest - step / 4, high - series.least_span), step)
    return _Scale(low, high, len(series.points))


def _step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) that cuts a span into about four."""
    raw = max(span, 1e-9) / 4
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= raw)


def _round_down(value: float, step: float) -> float:
    return round(math.floor(value / step) * step, 10)


def _round_up(value: float, step: float) -> float:
    return round(math.ceil(value / step) * step, 10)


def _axes(series: Series, scale: _Scale) -> list[str]:
    """The frame, the values at the top, the bottom and the target, and the first, middle and last month."""
    parts = [f'<path class="fd-chart__axis" d="M{_LEFT} {_BOTTOM}H{_RIGHT}"/>']
    parts += [_label(_LEFT - 5, round(y + LABEL_SIZE * 0.35, 1), "end", text, kind)
              for y, text, kind in _value_labels(series, scale)]
    count = len(series.points)
    for index in sorted({0, count // 2, count - 1}):
        anchor = "start" if index == 0 else "end" if index == count - 1 else "middle"
        parts.append(_label(scale.x(index), _BOTTOM + LABEL_SIZE + 6, anchor, f"{series.points[index][0]:%b %Y}"))
    return parts


def _value_labels(series: Series, scale: _Scale) -> list[tuple[float, str, str]]:
    """The value axis's labels (top, bottom, target), leaving out an edge the target would touch."""
    edges = [(scale.y(scale.high), series.axis_text(scale.high), ""),
             (scale.y(scale.low), series.axis_text(scale.low), "")]
    if series.target is None:
        return edges
    target_y = scale.y(series.target)
    kept = [edge for edge in edges if abs(edge[0] - target_y) >= _LABEL_GAP]
    return [*kept, (target_y, series.axis_text(series.target), "target")]


def _label(x: float, y: float, anchor: str, text: str, kind: str = "") -> str:
    """Text on a chart; where it is anchored (start, middle, end) is a class."""
    classes = f"fd-chart__label fd-chart__label--{anchor}" + (f" fd-chart__label--{kind}" if kind else "")
    return f'<text class="{classes}" x="{x}" y="{y}">{_text(text)}</text>'


def _target(series: Series, scale: _Scale) -> list[str]:
    if series.target is None:
        return []
    return [f'<path class="fd-chart__target" d="M{_LEFT} {scale.y(series.target)}H{_RIGHT}"/>']


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
