"""A measure's curve as a picture: its approved values, its targets, and its forecast drawn dashed from the
latest approved value on (the "turn the curve" picture). The values table on the same page holds every
number the chart draws."""

from equalchance.frontend.charts import Point, Series, line_chart
from equalchance.performance import periods


def measure_chart(measure, rows) -> str:
    """The SVG for `rows` (selectors.value_rows, oldest first); "" when there is nothing to draw."""
    if not rows:
        return ""
    # One slot per period from the first to the last, so a missing period shows as a gap.
    labels = [
        p.label
        for p in periods.periods_between(
            rows[0].period.start, rows[-1].period.end, measure.frequency, measure.calendar
        )
    ]
    actual = {
        row.period.label: float(row.value.value)
        for row in rows
        if row.value is not None and row.value.status == "approved"
    }
    targets = {row.period.label: float(row.target.value) for row in rows if row.target is not None}
    forecast = {row.period.label: float(row.forecast.value) for row in rows if row.forecast is not None}
    if forecast and actual:
        # The dashed line starts from the latest approved value before the forecast.
        before = [
            label
            for label in labels
            if label in actual and labels.index(label) < labels.index(min(forecast, key=labels.index))
        ]
        if before:
            forecast[before[-1]] = actual[before[-1]]
    series = [Series("Value", [Point(label, actual.get(label)) for label in labels])]
    if targets:
        series.append(Series("Target", [Point(label, targets.get(label)) for label in labels]))
    if forecast:
        series.append(
            Series("Forecast (dashed)", [Point(label, forecast.get(label)) for label in labels], dashed=True)
        )
    unit = "per cent" if measure.form == "percentage" or measure.value_type == "percentage" else measure.unit
    return line_chart(
        series,
        title=f"{measure.code} {measure.title}: values once approved, targets and forecast by period",
        y_label=unit or measure.get_value_type_display().lower(),
    )
