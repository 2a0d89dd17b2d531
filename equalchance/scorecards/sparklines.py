"""Small inline SVG charts of a gap over time (with its values in words for screen readers)."""

from django.utils.html import format_html

WIDTH, HEIGHT, PAD = 120, 32, 3


def gap_sparkline(series) -> str:
    """A line of the target minus the rest per period, as measured; the dashed line is no difference
    (above it: target higher)."""
    points = [(label, gap.value) for label, gap in series if gap.available]
    if len(points) < 2:
        return ""
    values = [v for _, v in points] + [0.0]
    low, high = min(values), max(values)
    span = (high - low) or 1.0

    def y(v: float) -> str:
        return f"{PAD + (high - v) * (HEIGHT - 2 * PAD) / span:.1f}"

    def x(i: int) -> str:
        return f"{PAD + i * (WIDTH - 2 * PAD) / (len(points) - 1):.1f}"

    line = " ".join(f"{x(i)},{y(v)}" for i, (_, v) in enumerate(points))
    words = "; ".join(f"{label}: {value:+.1f}" for label, value in points)
    return format_html(
        '<svg class="app-sparkline" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
        'aria-label="{label}"><title>{label}</title>'
        '<line x1="0" x2="{w}" y1="{zero}" y2="{zero}" stroke="#505a5f" stroke-dasharray="2 2"></line>'
        '<polyline fill="none" stroke="#0b0c0c" stroke-width="2" points="{line}"></polyline>'
        '<circle cx="{last_x}" cy="{last_y}" r="2.5"></circle></svg>',
        w=WIDTH,
        h=HEIGHT,
        label=f"Target minus the rest over time (above zero: target higher): {words}",
        zero=y(0.0),
        line=line,
        last_x=x(len(points) - 1),
        last_y=y(points[-1][1]),
    )
