"""Forms for performance. The services check everything again and name the field of any refusal."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import Case, When

from equalchance.accounts.models import Organisation
from equalchance.common.form_fields import ChosenFromList
from equalchance.indicators.models import Indicator
from equalchance.performance import periods, presenting, selectors
from equalchance.performance.models import Measure, MeasureValue, Programme, Result, Visibility
from equalchance.performance.services import (
    AREA_LEVELS,
    LAG_LIMIT_DAYS,
    LAG_SAID,
    MEASURE_FIELDS,
    NAME_LIMIT,
    PLACES_LIMIT,
    PLACES_SAID,
)
from equalchance.places.models import Area
from equalchance.plans.forms import DateField, LimitedText, people_offered, person_label
from equalchance.plans.presenting import by_title, shortened


def period_choices(measure: Measure, today, *, for_values: bool = True) -> list[tuple[str, str]]:
    """The periods a value may be entered for (`periods.periods_enterable`, the service's own rule),
    newest first, as people write them (each names its year). For a value, the running period says its
    value will be provisional."""
    return [("", "Choose the period")] + [
        (
            p.start.isoformat(),
            p.label + (" (not yet ended: provisional)" if for_values and p.end >= today else ""),
        )
        for p in periods.periods_enterable(today, measure.frequency, measure.calendar)
    ]


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
        # A period whose value is approved or waiting for approval is marked, not left to be refused
        # after typing (probe 8); the service refuses it all the same.
        held = selectors.periods_held(measure=measure)
        said = {
            MeasureValue.Status.APPROVED: " (approved: its approver returns it to change it)",
            MeasureValue.Status.SUBMITTED: " (waiting for approval)",
        }
        self.fields["period"].choices = [
            (start, label + said.get(held.get(date.fromisoformat(start)) if start else None, ""))
            for start, label in period_choices(measure, today)
        ]
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


class MeasureForm(LimitedText, forms.ModelForm):
    """A measure's definition: what it counts and for whom, how it is judged, and its definition sheet.
    The form offers choices; `services.measure_create`/`measure_update` check them again."""

    note = forms.CharField(
        label="Why is it changing? (optional)",
        required=False,
        max_length=1000,
        help_text="Goes into the definition sheet's change log.",
    )

    class Meta:
        model = Measure
        fields = ["code", *MEASURE_FIELDS[:4], "data_entry", *MEASURE_FIELDS[4:]]
        labels = {
            "code": "Code",
            "title": "Title",
            "programme": "Programme (optional)",
            "plan_element": "Part of a plan it measures (optional)",
            "owner": "Owner",
            "data_entry": "Who enters its values",
            "approver": "Who approves its values",
            "category": "Which question it answers",
            "form": "Number or percentage",
            "headline": "A headline measure",
            "data_only": "Data only: it has no target",
            "value_type": "Kind of value",
            "unit": "Unit (optional)",
            "decimal_places": "Decimal places shown",
            "polarity": "Which way is better",
            "range_low": "Lower bound of the range (when within a range is better)",
            "range_high": "Upper bound of the range (when within a range is better)",
            "frequency": "How often it is reported",
            "calendar": "Year",
            "cumulative": "Year to date: each value counts from the year's start",
            "data_lag_days": "Days after a period ends that its value is due",
            "tolerance": "Tolerance",
            "tolerance_type": "Tolerance is",
            "quality_assurance": "Quality assurance",
            "known_issues": "Known issues",
            "visibility": "Who may see it",
            "synthetic": "Its values are made up, for a demonstration",
        }
        help_texts = {
            "code": "A short code reports use, for example EH-W1. It never changes.",
            "category": "How much did we do, how well did we do it, or is anyone better off.",
            "tolerance": "How far worse than the target is still amber: 0.05, relative, is 5%.",
            "approver": "Someone who does not enter its values.",
            "headline": presenting.HEADLINE_MEANING,
        }
        widgets = {"data_entry": forms.CheckboxSelectMultiple}
        field_classes = {"data_entry": ChosenFromList}
        error_messages = {
            "data_entry": {"invalid_choice": "Choose who enters its values from the list of people"},
            "code": {"required": "Enter the measure's code", "unique": "Another measure has this code"},
            "title": {"required": "Enter what the measure counts"},
            "owner": {"required": "Choose the measure's owner"},
            "category": {"required": "Choose which question it answers"},
            "data_lag_days": {
                "min_value": LAG_SAID,
                "max_value": LAG_SAID,
                "invalid": "Enter the number of days as a whole number, like 30",
            },
            "decimal_places": {
                "min_value": PLACES_SAID,
                "max_value": PLACES_SAID,
                "invalid": f"Enter the decimal places as a whole number from 0 to {PLACES_LIMIT}",
            },
            "tolerance": {"invalid": "Enter the tolerance as a number, like 0.05"},
        }

    def __init__(self, *args, plan_elements, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        people = people_offered()
        for name in ("owner", "approver", "data_entry"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = person_label
        self.fields["approver"].empty_label = "Nobody yet"
        self.fields["data_lag_days"].validators.append(MaxValueValidator(LAG_LIMIT_DAYS))
        self.fields["decimal_places"].validators.append(MaxValueValidator(PLACES_LIMIT))
        self.fields["programme"].queryset = programmes
        self.fields["programme"].empty_label = "None"
        self.fields["plan_element"].queryset = plan_elements.select_related("plan")
        # Shortened at words, keeping each name's start and end (probes 7 and 9: never mid-word, and
        # "area 1 of 11" is told from "area 1 of 2").
        self.fields["plan_element"].label_from_instance = lambda e: (
            f"{shortened(e.plan.title, 8)}: {e.code} {shortened(e.title, 10)}"
        )
        self.fields["plan_element"].empty_label = "None"
        if self.instance.pk:
            self.fields["code"].disabled = True
        else:
            del self.fields["note"]

    def _post_clean(self):
        """The services check the measure as a whole (one rule, one place), naming the field in words; the
        model form's own check would say "Constraint ... is violated"."""

    def definition(self) -> dict:
        """The fields as the services take them."""
        data = dict(self.cleaned_data)
        data.pop("code", None)
        data.pop("note", None)
        return data


def future_period_choices(measure: Measure, today, *, years_ahead: int = 2) -> list[tuple[str, str]]:
    """Periods from the start of last reporting year to the end of `years_ahead` years from now."""
    year = periods.reporting_year(today, measure.calendar)
    found = []
    for y in range(year - 1, year + years_ahead + 1):
        found.extend(periods.periods_of_year(y, measure.frequency, measure.calendar))
    return [(p.start.isoformat(), p.label) for p in found]


def past_period_choices(measure: Measure, today) -> list[tuple[str, str]]:
    """The periods that have ended, newest first, as far back as values go: a baseline is a period
    already measured (probe 9: the baseline form offered only the last six quarters)."""
    return [
        (p.start.isoformat(), p.label)
        for p in periods.periods_enterable(today, measure.frequency, measure.calendar)
        if p.end < today
    ]


class PeriodValueForm(LimitedText, forms.Form):
    """A period and a number: the base of the target, baseline and forecast forms."""

    period = forms.ChoiceField(
        label="Period",
        error_messages={"required": "Choose the period", "invalid_choice": "Choose a period from the list"},
    )
    value = forms.CharField(label="Value", max_length=40, error_messages={"required": "Enter the value"})

    def __init__(self, *args, measure: Measure, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["period"].choices = choices
        if measure.form == Measure.Form.PERCENTAGE or measure.value_type == Measure.ValueType.PERCENTAGE:
            self.fields["value"].help_text = "A percentage, from 0 to 100: for example 61.5."

    def cleaned_period(self) -> periods.Period:
        start = date.fromisoformat(self.cleaned_data["period"])
        return periods.period_containing(start, self.measure.frequency, self.measure.calendar)


class TargetForm(PeriodValueForm):
    decision_text = forms.CharField(
        label="The decision that set it",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="As it was recorded, for example: Early Help Board, 4 March 2026, minute 7.",
        error_messages={"required": "Enter the decision that set the target, as it was recorded"},
    )
    decided_on = DateField(label="Date of the decision", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].label = "Target"
        self.fields["decided_on"].error_messages["required"] = "Enter the date of the decision"


class BaselineForm(PeriodValueForm):
    comment = forms.CharField(
        label="Comment (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].label = "Baseline value"


class ForecastForm(PeriodValueForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].label = "Forecast"


class TurnTheCurveForm(LimitedText, forms.Form):
    """RBA's turn-the-curve talk for one period, in the words of the plans-performance guide (4.3)."""

    period = forms.ChoiceField(label="Period", error_messages={"required": "Choose the period"})
    story = forms.CharField(
        label="The story behind the curve",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why the curve looks as it does. Do not include anyone's personal details.",
        error_messages={"required": "Tell the story behind the curve: why it looks as it does"},
    )
    helping = forms.CharField(
        label="What is helping (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    hurting = forms.CharField(
        label="What is hurting (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    partners = forms.CharField(
        label="Partners with a role to play (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    what_works = forms.CharField(
        label="What works: the evidence (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    proposals = forms.CharField(
        label="What we propose to do (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    actions = ChosenFromList(
        label="Plan actions that turn the curve (optional)",
        queryset=None,
        error_messages={"invalid_choice": "Choose the plan actions from the list"},
    )
    data_development = forms.CharField(
        label="Data development agenda (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The data we need and do not yet have.",
    )

    def __init__(self, *args, measure: Measure, today, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["period"].choices = period_choices(measure, today, for_values=False)
        self.fields["actions"].queryset = actions
        self.fields["actions"].label_from_instance = lambda a: f"{a.title[:90]} ({a.plan.title[:50]})"

    def cleaned_period(self) -> periods.Period:
        start = date.fromisoformat(self.cleaned_data["period"])
        return periods.period_containing(start, self.measure.frequency, self.measure.calendar)


class ValuesImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or XLSX file",
        help_text="In the layout above, up to 2 MB and 2,000 rows.",
        error_messages={"required": "Choose a CSV or XLSX file", "empty": "The file is empty"},
    )
    submit_now = forms.BooleanField(
        label="Send every value for approval",
        required=False,
        help_text="Leave unticked to keep them as drafts, which you can change by importing again.",
    )


# --- Population results and programmes ----------------------------------------------------------


def _element_label(element) -> str:  # under its plan's title (`group_of`)
    return f"{element.code} {element.title}"


def _choose(name: str) -> dict:
    return {
        "invalid_choice": f"Choose {name} from the list",
        "invalid_pk_value": f"Choose {name} from the list",
        "invalid_list": f"Choose {name} from the list",
    }


def _area_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Area (optional)",
        # Districts first (a partnership's own), then counties, regions and countries.
        queryset=Area.objects.filter(level__in=AREA_LEVELS).order_by(
            Case(*(When(level=level, then=rank) for rank, level in enumerate(reversed(AREA_LEVELS)))), "name"
        ),
        required=False,
        empty_label="None",
        help_text="A district, county, region or country.",
        error_messages=_choose("a district, county, region or country as the area"),
    )


def _plan_elements_field(label: str) -> forms.ModelMultipleChoiceField:
    return ChosenFromList(
        label=label,
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choose("parts of plans"),
    )


class _Links:
    """The choices of a results or programmes form, from what the person may see."""

    def _offer(self, plan_elements, instance, names) -> None:
        self.fields["area"].label_from_instance = lambda a: f"{a.name} ({a.get_level_display()})"
        self.fields["plan_elements"].queryset = plan_elements.select_related("plan")
        self.fields["plan_elements"].label_from_instance = _element_label
        self.fields["plan_elements"].group_of = lambda element: element.plan
        self.fields["plan_elements"].group_order = by_title
        if instance is not None and not self.is_bound:
            for name in names:
                value = getattr(instance, name)
                self.initial[name] = list(value.all()) if hasattr(value, "all") else value


class ResultForm(_Links, LimitedText, forms.Form):
    """A population result: a condition of wellbeing for a population in an area."""

    title = forms.CharField(
        label="The result",
        max_length=NAME_LIMIT,
        help_text="A condition of wellbeing, in plain words: for example, children are safe at home.",
        error_messages={"required": "Enter the result: a condition of wellbeing, in plain words"},
    )
    population = forms.CharField(
        label="For whom (optional)",
        max_length=NAME_LIMIT,
        required=False,
        help_text="The population: for example, children and young people in the county.",
    )
    area = _area_field()
    indicators = ChosenFromList(
        label="Scorecard indicators that tell how it is going (optional)",
        queryset=Indicator.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choose("indicators"),
    )
    plan_elements = _plan_elements_field("Parts of plans it contributes to (optional)")

    def __init__(self, *args, plan_elements, instance: Result | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].label_from_instance = lambda i: i.name
        self._offer(plan_elements, instance, ("title", "population", "area", "indicators", "plan_elements"))


class ProgrammeForm(_Links, LimitedText, forms.Form):
    """A programme: a service, an agency or a service system, with its customers, providers, area,
    team, and the results and parts of plans it contributes to."""

    name = forms.CharField(
        label="Name",
        max_length=NAME_LIMIT,
        error_messages={"required": "Enter the programme's name"},
    )
    description = forms.CharField(label="What it is (optional)", widget=forms.Textarea, required=False)
    customers = forms.CharField(
        label="Who its customers are (optional)",
        widget=forms.Textarea,
        required=False,
        help_text="Describe them as a group. Do not include anyone's personal details.",
    )
    area = _area_field()
    providers = ChosenFromList(
        label="Providers (optional)",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choose("the providers"),
    )
    team = ChosenFromList(
        label="Team (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The team reads the programme's feedback; members who are not viewers run its "
        "feedback forms.",
        error_messages={key: "Choose the team from the list of people" for key in _choose("")},
    )
    results = ChosenFromList(
        label="Population results it contributes to (optional)",
        queryset=Result.objects.order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choose("population results"),
    )
    plan_elements = _plan_elements_field("Parts of plans it contributes to (optional)")
    visibility = forms.ChoiceField(
        label="Who may see it",
        choices=Visibility.choices,
        initial=Visibility.PARTNERSHIP,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who may see the programme",
            **_choose("who may see the programme"),
        },
    )

    def __init__(self, *args, plan_elements, instance: Programme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = people_offered()
        self.fields["team"].label_from_instance = person_label
        self.fields["results"].label_from_instance = lambda r: r.title
        # The demo has 70 organisations: folded by kind, in the order the kinds are listed.
        self.fields["providers"].group_of = lambda organisation: organisation.get_kind_display()
        self.fields["providers"].group_order = Organisation.Kind.labels.index
        self._offer(
            plan_elements,
            instance,
            (
                "name",
                "description",
                "customers",
                "area",
                "providers",
                "team",
                "results",
                "plan_elements",
                "visibility",
            ),
        )
