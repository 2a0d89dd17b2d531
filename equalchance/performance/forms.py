"""Forms for performance. The services check everything again and name the field of any refusal."""

from datetime import date, timedelta

from django import forms

from equalchance.performance import periods
from equalchance.performance.models import Measure
from equalchance.plans.forms import LimitedText

PERIODS_OFFERED = 8  # the periods a value may be entered for: the current one and those before it


def period_choices(measure: Measure, today) -> list[tuple[str, str]]:
    """The current period and the seven before it, newest first, as people write them."""
    current = periods.period_containing(today, measure.frequency, measure.calendar)
    found = [current]
    while len(found) < PERIODS_OFFERED:
        found.append(
            periods.period_containing(
                found[-1].start - timedelta(days=1), measure.frequency, measure.calendar
            )
        )
    return [(p.start.isoformat(), p.label) for p in found]


class ValueForm(LimitedText, forms.Form):
    period = forms.ChoiceField(label="Period", error_messages={"required": "Choose the period"})
    value = forms.CharField(label="Value", required=False, max_length=40)
    numerator = forms.CharField(label="Numerator (optional)", required=False, max_length=40)
    denominator = forms.CharField(label="Denominator (optional)", required=False, max_length=40)
    n = forms.CharField(label="Number of people or responses, n (optional)", required=False, max_length=20)
    comment = forms.CharField(
        label="Comment (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text="What a reader should know about this value. Do not include anyone's personal details.",
    )
    provisional = forms.BooleanField(label="The value is provisional", required=False)
    submit_now = forms.BooleanField(
        label="Send it for approval now", required=False, help_text="Leave unticked to keep it as a draft."
    )

    def __init__(self, *args, measure: Measure, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["period"].choices = period_choices(measure, today)
        if measure.form == Measure.Form.PERCENTAGE or measure.value_type == Measure.ValueType.PERCENTAGE:
            self.fields["value"].label = "Value, per cent"
            self.fields["value"].help_text = "Leave blank to work it out from the numerator and denominator."
        elif measure.unit:
            self.fields["value"].label = f"Value ({measure.unit})"

    def cleaned_period(self) -> periods.Period:
        start = date.fromisoformat(self.cleaned_data["period"])
        return periods.period_containing(start, self.measure.frequency, self.measure.calendar)


class ReturnForm(LimitedText, forms.Form):
    reason = forms.CharField(
        label="Why is it returned?",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Say why the value is returned, so it can be put right"},
        help_text="The data-entry people see this. Do not include anyone's personal details.",
    )


class ValuesImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or XLSX file",
        help_text="In the layout below, up to 2 MB and 2,000 rows.",
        error_messages={"required": "Choose a CSV or XLSX file", "empty": "The file is empty"},
    )
    submit_now = forms.BooleanField(
        label="Send every value for approval",
        required=False,
        help_text="Leave unticked to keep them as drafts, which you can change by importing again.",
    )
