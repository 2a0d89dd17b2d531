"""Server-drawn SVG charts."""

import math
import re

import pytest

from equalchance.frontend.charts import COLOURS, Point, Series, _nice_ticks, line_chart


def test_each_series_is_a_line_with_a_marker_per_value_and_a_legend_entry():
    svg = line_chart(
        [
            Series(
                "Target <area>", [Point("2019", 10, 8, 12), Point("2020", 12, 10, 14), Point("2021", None)]
            ),
            Series("England", [Point("2019", 9), Point("2020", 9.5), Point("2021", 9.7)]),
        ],
        title="A chart",
        y_label="%",
    )
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-label="A chart"' in svg
    assert svg.count("<polyline") == 2
    assert "Target &lt;area&gt;" in svg and "<area>" not in svg  # names are escaped
    whiskers = re.findall(r'<line x1="([\d.]+)" x2="\1"', svg)
    assert len(whiskers) == 2  # one interval per target value held


def test_a_band_is_drawn_for_an_interval_series_and_zero_is_marked():
    svg = line_chart(
        [Series("Gap", [Point("a", 5, 2, 8), Point("b", -1, -3, 1)])],
        title="Gap",
        y_label="gap",
        zero_line=True,
        band=True,
    )
    assert "<polygon" in svg and 'stroke-dasharray="4 3"' in svg


def test_nothing_to_draw_gives_no_chart():
    assert line_chart([Series("x", [Point("a", None)])], title="t", y_label="y") == ""


def test_ticks_cover_the_values_with_round_steps():
    ticks = _nice_ticks(17.4, 118.3)
    assert (
        ticks[0] <= 17.4
        and ticks[-1] >= 118.3
        and len(set(round(b - a, 9) for a, b in zip(ticks, ticks[1:]))) == 1
    )


def test_a_dashed_series_is_drawn_dashed_and_so_is_its_legend_entry():
    svg = line_chart(
        [
            Series("Actual", [Point("Q1", 10), Point("Q2", 12), Point("Q3", None)]),
            Series("Forecast", [Point("Q1", None), Point("Q2", 12), Point("Q3", 14)], dashed=True),
        ],
        title="A measure",
        y_label="families",
    )
    assert svg.count('stroke-dasharray="6 4"') == 2  # the line and its legend
    solid = re.findall(r"<polyline [^>]*/>", svg)
    assert len(solid) == 2 and "stroke-dasharray" not in solid[0]


def test_a_missing_value_breaks_the_line_rather_than_joining_across_it():
    svg = line_chart(
        [
            Series(
                "Value", [Point("Q1", 10), Point("Q2", 12), Point("Q3", None), Point("Q4", 9), Point("Q5", 8)]
            )
        ],
        title="A measure with a gap",
        y_label="families",
    )
    lines = re.findall(r'<polyline points="([^"]+)"', svg)
    assert [len(line.split()) for line in lines] == [2, 2]


@pytest.mark.parametrize(
    ("low", "high"),
    [(4.55, 7.28), (0.0012, 0.0041), (60.4, 97.1), (-5.2, 12.9), (100_000, 870_000), (3, 3), (0.2, 0.9)],
)
def test_ticks_are_round_steps_of_1_2_2_5_or_5_times_a_power_of_ten_covering_the_values(low, high):
    """Probe finding: a small range was ticked 4.55238, 5.00762, ...: the step was the raw width."""
    ticks = _nice_ticks(low, high)
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5, 10))
    assert ticks[0] <= low and ticks[-1] >= high and 3 <= len(ticks) <= 8
    assert all(math.isclose(round(t / step), t / step, abs_tol=1e-6) for t in ticks)  # on the step


def test_a_series_keeps_its_style_whatever_its_place_in_the_list():
    only_forecast = line_chart(
        [Series("Forecast", [Point("Q1", 1.0), Point("Q2", 2.0)], style=2)], title="t", y_label="y"
    )
    assert COLOURS[2] in only_forecast and COLOURS[0] not in only_forecast


@pytest.mark.parametrize("count", [2, 5, 9, 12, 13, 17, 24, 40, 61])
def test_period_labels_never_run_together_and_the_latest_period_is_always_labelled(count):
    """Probe finding: the last label was forced in beside its neighbour ("Q3 2026/27Q4 2026/27")."""
    labels = [f"Q{i % 4 + 1} {2000 + i // 4}/{(i // 4 + 1) % 100:02d}" for i in range(count)]
    svg = line_chart(
        [Series("v", [Point(lb, float(i)) for i, lb in enumerate(labels)])], title="t", y_label="y"
    )
    drawn = re.findall(
        r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" font-size="12">([^<]+)</text>', svg
    )
    drawn = [(float(x), text) for x, text in drawn if text in labels]
    assert drawn[-1][1] == labels[-1]
    width = max(len(label) for label in labels) * 6.5  # as wide as the chart reckons a label is
    assert all(b[0] - a[0] >= width for a, b in zip(drawn, drawn[1:], strict=False))
