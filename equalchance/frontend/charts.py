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
    dashed: bool = False  # a forecast or projection: drawn dashed, in the legend too
    style: int | None = None  # its colour and marker (an index), so a kind of series looks the same on
    # every chart; by default, its place in the list


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high == low:
        high, low = high + 1, low - 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))  # the power of ten at or below the raw step
    step = min(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
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


def _picture(parts: list[str], *, width: int, height: int, title: str) -> str:
    """The chart's SVG element around its parts (drawn from numbers and escaped names)."""
    return format_html(
        '<svg class="app-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
        'font-family="arial, sans-serif" fill="#0b0c0c"><title>{}</title>{}</svg>',
        width,
        height,
        title,
        title,  # <title>: a tagged PDF's figure takes its alternative text from it
        mark_safe("".join(parts)),  # noqa: S308 - escaped where built
    )


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
    # Label every nth period counting back from the latest, which is always labelled, so that labels
    # never overlap (about 6.5 px a character at 12 px).
    longest = max(len(label) for label in labels) * 6.5 + 12
    every = max(1, math.ceil(len(labels) * longest / plot_w))
    for i, label in enumerate(labels):
        if (len(labels) - 1 - i) % every == 0:
            parts.append(
                f'<text x="{x(label):.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="12">'
                f"{escape(label)}</text>"
            )
    parts.append(
        f'<text transform="translate(14 {top + plot_h / 2:.0f}) rotate(-90)" text-anchor="middle" '
        f'font-size="12">{escape(y_label)}</text>'
    )
    for index, s in enumerate(series):
        style = index if s.style is None else s.style
        colour, marker = COLOURS[style % len(COLOURS)], MARKERS[style % len(MARKERS)]
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
        # A missing value breaks the line: a gap is never drawn as though it were known.
        runs: list[list[Point]] = [[]]
        for p in s.points:
            if p.value is None:
                runs.append([])
            else:
                runs[-1].append(p)
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        for joined in runs:
            if len(joined) > 1:
                points = " ".join(f"{x(p.label):.1f},{y(p.value):.1f}" for p in joined)
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
                )
        parts += [_marker(marker, x(p.label), y(p.value), colour) for p in present]
        legend_x = left + (index % 3) * plot_w / 3
        legend_y = top + plot_h + 40 + 22 * (index // 3)
        if s.dashed:
            parts.append(
                f'<line x1="{legend_x - 8:.1f}" x2="{legend_x + 20:.1f}" y1="{legend_y - 4:.1f}" '
                f'y2="{legend_y - 4:.1f}" stroke="{colour}" stroke-width="2" stroke-dasharray="6 4"/>'
            )
        parts.append(_marker(marker, legend_x + 6, legend_y - 4, colour))
        parts.append(
            f'<text x="{legend_x + (26 if s.dashed else 16):.1f}" y="{legend_y:.1f}" font-size="13">'
            f"{escape(s.name)}</text>"
        )
    return _picture(parts, width=width, height=height, title=title)


# Better, similar or worse than a benchmark: shape and colour together, always with words beside them
# (the comparisons template tag, the compare-areas chart and the map share these). Better: a green
# circle. Similar: a yellow diamond, outlined. Worse: a red square. Higher and lower (no judgement):
# blue triangles pointing up and down. The shapes are drawn in a 14 by 14 box.
COMPARISON_COLOURS = {
    "better": "#00703c",
    "similar": "#ffdd00",
    "worse": "#d4351c",
    "higher": "#1d70b8",
    "lower": "#1d70b8",
    "not compared": "#b1b4b6",
}
COMPARISON_SHAPES = {
    "better": '<circle cx="7" cy="7" r="6" fill="#00703c"></circle>',
    "similar": '<polygon points="7,0.8 13.2,7 7,13.2 0.8,7" fill="#ffdd00" stroke="#0b0c0c" '
    'stroke-width="1.2"></polygon>',
    "worse": '<rect x="1" y="1" width="12" height="12" fill="#d4351c"></rect>',
    "higher": '<polygon points="7,1 13.5,13 0.5,13" fill="#1d70b8"></polygon>',
    "lower": '<polygon points="0.5,1 13.5,1 7,13" fill="#1d70b8"></polygon>',
}


def comparison_shape_at(comparison: str, x: float, y: float) -> str:
    """The comparison's shape centred on (x, y), or nothing when not compared."""
    shape = COMPARISON_SHAPES.get(str(comparison))
    return f'<g transform="translate({x - 7:.1f} {y - 7:.1f})">{shape}</g>' if shape else ""


@dataclass(frozen=True)
class Bar:
    name: str
    value: float | None
    lower: float | None
    upper: float | None
    comparison: str  # a stats.Comparison value


def compare_chart(
    bars: list[Bar],
    *,
    title: str,
    benchmarks: list[tuple[str, float | None]],  # (label as people read it, value)
    x_label: str,
    width: int = 720,
) -> str:
    """Fingertips' "compare areas": one horizontal bar per area with its interval as a whisker, the
    comparison's shape beside its name, and each benchmark (e.g. the district, England) as a vertical
    line: solid for the first, dashed for the rest."""
    values = [v for b in bars for v in (b.value, b.lower, b.upper) if v is not None]
    values += [v for _, v in benchmarks if v is not None] + [0.0]
    if not bars or len(values) == 1:
        return ""
    ticks = _nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    row = 22
    left, right, top = 230, 24, 44
    plot_w, plot_h = width - left - right, row * len(bars)
    height = top + plot_h + 48

    def x(v: float) -> float:
        return left + (v - low) * plot_w / (high - low)

    parts = [
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="#b1b4b6"/>'
    ]
    for tick in ticks:
        parts.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top}" y2="{top + plot_h}" stroke="#f3f2f1"/>'
            f'<text x="{x(tick):.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="12">'
            f"{tick:g}</text>"
        )
    parts.append(
        f'<text x="{left + plot_w / 2:.0f}" y="{top + plot_h + 38}" text-anchor="middle" font-size="12">'
        f"{escape(x_label)}</text>"
    )
    for i, bar in enumerate(bars):
        middle = top + i * row + row / 2
        name = bar.name if len(bar.name) <= 30 else bar.name[:29] + "…"
        parts.append(
            f'<text x="{left - 26}" y="{middle + 4:.1f}" text-anchor="end" font-size="12">'
            f"{escape(name)}</text>"
        )
        parts.append(comparison_shape_at(bar.comparison, left - 14, middle))
        if bar.value is None:
            parts.append(f'<text x="{left + 6}" y="{middle + 4:.1f}" font-size="12">no value</text>')
            continue
        start, end = sorted((x(max(low, min(0.0, high))), x(bar.value)))
        colour = COMPARISON_COLOURS.get(str(bar.comparison), COMPARISON_COLOURS["not compared"])
        parts.append(
            f'<rect x="{start:.1f}" y="{middle - 7:.1f}" width="{max(end - start, 1):.1f}" height="14" '
            f'fill="{colour}" stroke="#0b0c0c" stroke-width="0.5"><title>{escape(bar.name)}</title></rect>'
        )
        if bar.lower is not None and bar.upper is not None:
            a, b = x(bar.lower), x(bar.upper)
            parts.append(
                f'<path d="M{a:.1f} {middle:.1f}H{b:.1f}M{a:.1f} {middle - 5:.1f}V{middle + 5:.1f}'
                f'M{b:.1f} {middle - 5:.1f}V{middle + 5:.1f}" stroke="#0b0c0c" stroke-width="1.5" '
                'fill="none"/>'
            )
    for number, (name, value) in enumerate(benchmarks):
        if value is None:
            continue
        dash = "" if number == 0 else ' stroke-dasharray="6 4"'
        parts.append(
            f'<line x1="{x(value):.1f}" x2="{x(value):.1f}" y1="{top - 6}" y2="{top + plot_h}" '
            f'stroke="#0b0c0c" stroke-width="2"{dash}/>'
        )
        anchor = "end" if x(value) > left + plot_w / 2 else "start"
        parts.append(
            f'<text x="{x(value):.1f}" y="{top - 12 - 16 * number}" text-anchor="{anchor}" font-size="12" '
            f'font-weight="bold">{escape(name)}</text>'
        )
    return _picture(parts, width=width, height=height, title=title)
