from django import forms
from django.conf import settings

from equalchance.places.domains import DOMAIN_LABELS
from equalchance.places.models import Area, AreaLevel, PriorityAreaVersion

RULE_DOMAINS = [(d, DOMAIN_LABELS[d]) for d in DOMAIN_LABELS]


class PriorityAreaDefinitionForm(forms.Form):
    """How a priority area's version is defined: picked wards, picked LSOAs, or a deprivation rule."""

    method = forms.ChoiceField(
        label="How do you want to define the area?",
        choices=PriorityAreaVersion.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how to define the area"},
    )
    wards = forms.MultipleChoiceField(
        label="Wards",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Wards as drawn in 2019 (2011 LSOAs); IoD2025 reaches them "
        "through the ONS LSOA 2011 to 2021 lookup",
    )
    lsoas = forms.MultipleChoiceField(
        label="LSOAs",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="2011 LSOAs, listed most deprived first, with their IoD2019 national IMD decile; IoD2025 "
        "reaches them through the ONS LSOA 2011 to 2021 lookup",
    )
    rule_domain = forms.ChoiceField(label="Domain", choices=RULE_DOMAINS, initial="imd", required=False)
    rule_max_decile = forms.TypedChoiceField(
        label="Include LSOAs in",
        choices=[
            (1, "the most deprived 10% in England"),
            (2, "the most deprived 20% in England"),
            (3, "the most deprived 30% in England"),
        ],
        coerce=int,
        initial=1,
        required=False,
        widget=forms.RadioSelect,
    )
    rule_release = forms.TypedChoiceField(
        label="Release",
        choices=[
            (2025, "IoD2025 (2021 LSOAs; the current release)"),
            (2019, "IoD2019 (2011 LSOAs)"),
            (2015, "IoD2015 (2011 LSOAs; IMD only)"),
        ],
        coerce=int,
        initial=2025,
        required=False,
        help_text="A rule selects LSOAs in the release's own geography. Figures held for 2011 LSOAs "
        "(indicators, scorecards, IoD2019) reach 2021 LSOAs through the ONS LSOA 2011 to 2021 lookup",
    )

    def __init__(self, *args, ward_choices=(), lsoa_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wards"].choices = ward_choices
        self.fields["lsoas"].choices = lsoa_choices

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if method == PriorityAreaVersion.Method.WARDS and not data.get("wards"):
            self.add_error("wards", "Select at least one ward")
        if method == PriorityAreaVersion.Method.LSOAS and not data.get("lsoas"):
            self.add_error("lsoas", "Select at least one LSOA")
        if method == PriorityAreaVersion.Method.RULE and not data.get("rule_max_decile"):
            self.add_error("rule_max_decile", "Choose which LSOAs to include")
        return data

    def definition(self) -> dict:
        method = self.cleaned_data["method"]
        codes = {"wards": self.cleaned_data["wards"], "lsoas": self.cleaned_data["lsoas"]}.get(method, [])
        rule = None
        if method == PriorityAreaVersion.Method.RULE:
            rule = {
                "release": self.cleaned_data["rule_release"] or 2025,
                "domain": self.cleaned_data["rule_domain"] or "imd",
                "max_decile": self.cleaned_data["rule_max_decile"],
            }
        return {"method": method, "codes": codes, "rule": rule}


class PriorityAreaCreateForm(PriorityAreaDefinitionForm):
    name = forms.CharField(
        label="Name",
        max_length=120,
        error_messages={"required": "Enter a name for the priority area"},
        help_text="For example, Regeneration Wards",
    )
    description = forms.CharField(label="Description (optional)", required=False, widget=forms.Textarea)
    field_order = ["name", "description", "method"]


class PriorityAreaVersionForm(PriorityAreaDefinitionForm):
    note = forms.CharField(
        label="Why is the area changing?",
        max_length=500,
        error_messages={"required": "Say why the area is changing"},
    )
    field_order = ["method", "wards", "lsoas", "rule_domain", "rule_max_decile", "rule_release", "note"]


def partnership_districts():
    return Area.objects.filter(code__in=settings.EQUALCHANCE_DISTRICTS, level=AreaLevel.DISTRICT)
