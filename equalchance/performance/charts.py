"""A measure's curve as a picture: its approved values, its targets, and its forecast drawn dashed from the
latest approved value on (the "turn the curve" picture). The values table on the same page holds every
number the chart draws."""

from equalchance.frontend.charts import Point, Series, line_chart
from equalchance.performance import periods
from equalchance.performance.standing import PROJECTED

# Each kind of series in the same colour and marker on every measure's chart (frontend.charts.COLOURS).
VALUE, TARGET, FORECAST, YEAR_END = 0, 1, 2, 3


def measure_chart(measure, rows, standing=None) -> str:
    """The SVG for `rows` (selectors.value_rows, oldest first); "" when there is nothing to draw. With
    the measure's `standing`, a year-end forecast worked out from the latest values (not recorded) is
    drawn dashed from the latest approved value to the year's last period, as the page states it."""
    if not rows:
        return ""
    last = rows[-1].period
    projected = (
        standing is not None
        and standing.year_forecast is not None
        and standing.year_forecast_how in PROJECTED
        and standing.latest is not None
    )
    if projected:
        year_end = periods.periods_of_year(last.year, measure.frequency, measure.calendar)[-1]
        if standing.year_end_label != year_end.label:  # the standing's year is a later one
            year_end = periods.period_from_label(standing.year_end_label, measure.frequency, measure.calendar)
        last = max(last, year_end)
    # One slot per period from the first to the last, so a missing period shows as a gap.
    labels = [
        p.label
        for p in periods.periods_between(rows[0].period.start, last.end, measure.frequency, measure.calendar)
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
    series = [Series("Value", [Point(label, actual.get(label)) for label in labels], style=VALUE)]
    if targets:
        series.append(Series("Target", [Point(label, targets.get(label)) for label in labels], style=TARGET))
    if forecast:
        series.append(
            Series(
                "Forecast (dashed)",
                [Point(label, forecast.get(label)) for label in labels],
                dashed=True,
                style=FORECAST,
            )
        )
    ends = (standing.latest.period.label, standing.year_end_label) if projected else ()
    if ends and set(ends) <= set(labels) and labels.index(ends[0]) < labels.index(ends[1]):
        # A straight dashed line: the slots between the two ends are on it, so no gap breaks it.
        first, end = labels.index(ends[0]), labels.index(ends[1])
        start_value, end_value = float(standing.latest.actual), float(standing.year_forecast)
        line = {
            labels[i]: start_value + (end_value - start_value) * (i - first) / (end - first)
            for i in range(first, end + 1)
        }
        series.append(
            Series(
                "Year-end forecast (dashed)",
                [Point(label, line.get(label)) for label in labels],
                dashed=True,
                style=YEAR_END,
            )
        )
    unit = "per cent" if measure.form == "percentage" or measure.value_type == "percentage" else measure.unit
    return line_chart(
        series,
        title=f"{measure.code} {measure.title}: values once approved, targets and forecast by period",
        y_label=unit or measure.get_value_type_display().lower(),
    )
