from datetime import date

from django import forms
from django.conf import settings

from equalchance.indicators.models import Indicator, Polarity
from equalchance.places.models import ComparatorGroup, PriorityArea
from equalchance.scorecards.models import Scorecard


class ScorecardForm(forms.ModelForm):
    """What a scorecard compares: its target (a priority area), comparator group and baseline."""

    start_with_default = forms.BooleanField(
        label="Start with the eleven Narrowing the Gap measures under their five themes", required=False
    )

    class Meta:
        model = Scorecard
        fields = ["name", "target", "comparator_group", "baseline_year"]
        labels = {
            "name": "Name",
            "target": "Target area",
            "comparator_group": "Comparator group",
            "baseline_year": "Baseline year",
        }
        help_texts = {
            "name": "For example, Narrowing the Gap: Regeneration Wards",
            "target": "A priority area; it is compared with the rest of its district",
            "comparator_group": "Statistically similar authorities, from the shipped DfE and ONS lists",
            "baseline_year": "Direction of travel is also shown from the first period starting in this year",
        }
        error_messages = {
            "name": {"required": "Enter a name"},
            "target": {"required": "Choose a target area", "invalid_choice": "Choose a target area"},
            "baseline_year": {"required": "Enter a baseline year", "invalid": "Enter a year such as 2014"},
        }

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        districts = settings.EQUALCHANCE_DISTRICTS
        self.fields["target"].queryset = PriorityArea.objects.filter(
            district_id__in=districts
        ).select_related("district")
        self.fields["target"].label_from_instance = lambda area: f"{area.name} ({area.district.name})"
        self.fields["comparator_group"].queryset = ComparatorGroup.objects.filter(
            home_id__in=districts
        ).select_related("home")
        self.fields["comparator_group"].empty_label = "None"
        if not creating:
            del self.fields["start_with_default"]

    def clean_name(self):
        """One scorecard to a name (a form sent twice makes one scorecard, and lists stay readable)."""
        name = self.cleaned_data["name"].strip()
        same = Scorecard.objects.filter(
            district_id__in=settings.EQUALCHANCE_DISTRICTS, name__iexact=name
        ).exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(f"A scorecard called {name} already exists: choose another name")
        return name

    def clean_baseline_year(self):
        year = self.cleaned_data["baseline_year"]
        if not 2000 <= year <= date.today().year:
            raise forms.ValidationError(f"Enter a baseline year from 2000 to {date.today().year}")
        return year

    def clean(self):
        cleaned = super().clean()
        target, group = cleaned.get("target"), cleaned.get("comparator_group")
        if target and group and group.home_id != target.district_id:
            self.add_error(
                "comparator_group",
                f"Choose a comparator group of {target.district.name}, the target's district",
            )
        return cleaned


class LineForm(forms.Form):
    """A measure added to a scorecard, under an existing theme or a new one."""

    theme = forms.ChoiceField(label="Theme", required=False)
    new_theme = forms.CharField(
        label="Or a new theme",
        required=False,
        max_length=200,
        help_text="Leave empty to use the theme chosen above",
    )
    indicator = forms.ModelChoiceField(
        label="Measure",
        queryset=Indicator.objects.order_by("theme", "name"),
        error_messages={"required": "Choose a measure", "invalid_choice": "Choose a measure"},
    )
    polarity = forms.ChoiceField(
        label="Polarity",
        required=False,
        choices=[("", "The measure's own polarity")] + list(Polarity.choices),
        help_text="Whether a higher value is better in this scorecard",
    )

    def __init__(self, *args, scorecard: Scorecard, **kwargs):
        super().__init__(*args, **kwargs)
        self.scorecard = scorecard
        self.fields["theme"].choices = [("", "Choose a theme")] + [
            (str(theme.pk), theme.name) for theme in scorecard.themes.all()
        ]
        self.fields["indicator"].label_from_instance = lambda i: (
            f"{i.name} ({i.theme})" if i.theme else i.name
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("theme") and not cleaned.get("new_theme", "").strip():
            self.add_error("theme", "Choose a theme or enter a new one")
        indicator = cleaned.get("indicator")
        if indicator and self.scorecard.themes.filter(lines__indicator=indicator).exists():
            self.add_error("indicator", f"{indicator.name} is already on this scorecard")
        return cleaned


class PublishForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Narrowing the Gap, October 2026",
        error_messages={"required": "Enter a title"},
    )
    as_at = forms.TypedChoiceField(label="Latest data up to the end of", coerce=int)
    public = forms.BooleanField(
        label="The public may see this scorecard (small numbers are suppressed)", required=False
    )

    def __init__(self, *args, themes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        this_year = date.today().year
        self.fields["as_at"].choices = [(y, str(y)) for y in range(this_year, 2012, -1)]
        self.themes = themes
        for i, theme in enumerate(themes):
            self.fields[f"commentary_{i}"] = forms.CharField(
                label=f"The story behind the data: {theme}", required=False, widget=forms.Textarea
            )

    def commentary(self) -> dict[str, str]:
        return {theme: self.cleaned_data[f"commentary_{i}"] for i, theme in enumerate(self.themes)}
