"""Line charts as SVG, drawn on the server: readable without JavaScript, printable, and always paired
with a data table on the page for people who cannot use the chart."""

import math
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# GOV.UK palette colours with at least 3:1 contrast against white, told apart by markers too.
COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#0b0c0c"]
MARKERS = ["circle", "square", "diamond", "triangle", "circle", "square"]


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class Series:
    name: str
    points: list[Point]


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high == low:
        high, low = high + 1, low - 1
    raw = (high - low) / count
    magnitude = (
        10 ** len(str(int(abs(raw)))) / 10 if raw >= 1 else 10 ** -len(str(raw).split(".")[1].lstrip("0"))
    )
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), default=raw)
    start = (low // step) * step
    ticks, tick = [], start
    while tick <= high + step * 0.001:
        ticks.append(round(tick, 10))
        tick += step
    if ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if kind == "diamond":
        corners = f"M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y:.1f}L{x:.1f} {y + 4.5:.1f}L{x - 4.5:.1f} {y:.1f}Z"
        return f'<path d="{corners}" fill="{colour}"/>'
    if kind == "triangle":
        corners = f"M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y + 3.5:.1f}L{x - 4.5:.1f} {y + 3.5:.1f}Z"
        return f'<path d="{corners}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'


def _hline(x1: float, x2: float, y: float, style: str) -> str:
    return f'<line x1="{x1}" x2="{x2}" y1="{y:.1f}" y2="{y:.1f}" {style}/>'


def line_chart(
    series: list[Series],
    *,
    title: str,
    y_label: str,
    zero_line: bool = False,
    band: bool = False,
    width: int = 720,
    height: int = 360,
) -> str:
    """Series over shared period labels; intervals as whiskers (or a shaded band when band=True)."""
    labels = []
    for s in series:
        for p in s.points:
            if p.label not in labels:
                labels.append(p.label)
    values = [v for s in series for p in s.points for v in (p.value, p.lower, p.upper) if v is not None]
    if not labels or not values:
        return ""
    if zero_line:
        values.append(0.0)
    ticks = _nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    left, right, top, bottom = 64, 16, 16, 56 + 22 * ((len(series) + 2) // 3)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(label: str) -> float:
        return left + (labels.index(label) + 0.5) * plot_w / len(labels)

    def y(v: float) -> float:
        return top + (high - v) * plot_h / (high - low)

    parts = [
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="#b1b4b6"/>'
    ]
    for tick in ticks:
        parts.append(_hline(left, left + plot_w, y(tick), 'stroke="#f3f2f1"'))
        parts.append(
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12">{tick:g}</text>'
        )
    if zero_line and low < 0 < high or zero_line and low == 0:
        parts.append(_hline(left, left + plot_w, y(0), 'stroke="#0b0c0c" stroke-dasharray="4 3"'))
    # Label every nth period so that labels never overlap (about 6.5 px a character at 12 px).
    longest = max(len(label) for label in labels) * 6.5 + 12
    every = max(1, math.ceil(len(labels) * longest / plot_w))
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            parts.append(
                f'<text x="{x(label):.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="12">'
                f"{escape(label)}</text>"
            )
    parts.append(
        f'<text transform="translate(14 {top + plot_h / 2:.0f}) rotate(-90)" text-anchor="middle" '
        f'font-size="12">{escape(y_label)}</text>'
    )
    for index, s in enumerate(series):
        colour, marker = COLOURS[index % len(COLOURS)], MARKERS[index % len(MARKERS)]
        present = [p for p in s.points if p.value is not None]
        if band and len(present) > 1 and all(p.lower is not None for p in present):
            outline = [f"{x(p.label):.1f},{y(p.upper):.1f}" for p in present] + [
                f"{x(p.label):.1f},{y(p.lower):.1f}" for p in reversed(present)
            ]
            parts.append(f'<polygon points="{" ".join(outline)}" fill="{colour}" fill-opacity="0.15"/>')
        elif not band:
            for p in present:
                if p.lower is not None and p.upper is not None:
                    parts.append(
                        f'<line x1="{x(p.label):.1f}" x2="{x(p.label):.1f}" y1="{y(p.lower):.1f}" '
                        f'y2="{y(p.upper):.1f}" stroke="{colour}" stroke-width="1.5"/>'
                    )
        if len(present) > 1:
            points = " ".join(f"{x(p.label):.1f},{y(p.value):.1f}" for p in present)
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts += [_marker(marker, x(p.label), y(p.value), colour) for p in present]
        legend_x = left + (index % 3) * plot_w / 3
        legend_y = top + plot_h + 40 + 22 * (index // 3)
        parts.append(_marker(marker, legend_x + 6, legend_y - 4, colour))
        parts.append(
            f'<text x="{legend_x + 16:.1f}" y="{legend_y:.1f}" font-size="13">{escape(s.name)}</text>'
        )
    return format_html(
        '<svg class="app-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
        'font-family="arial, sans-serif" fill="#0b0c0c">{}</svg>',
        width,
        height,
        title,
        mark_safe("".join(parts)),
    )
