from django import forms
from django.template.defaultfilters import filesizeformat

from equalchance.indicators.models import Indicator

EDITABLE = [
    "name",
    "theme",
    "definition",
    "numerator",
    "denominator",
    "value_type",
    "multiplier",
    "ci_method",
    "polarity",
    "period_type",
    "source",
    "source_url",
    "licence",
    "disclosure_minimum",
    "decimal_places",
    "fingertips_id",
    "notes",
]


class IndicatorForm(forms.ModelForm):
    source_url = forms.URLField(label="Source URL", required=False, assume_scheme="https")

    class Meta:
        model = Indicator
        fields = EDITABLE
        widgets = {name: forms.Textarea for name in ["definition", "numerator", "denominator", "notes"]}
        error_messages = {
            "name": {"required": "Enter the indicator's name"},
            "definition": {"required": "Enter a definition"},
            "numerator": {"required": "Say what is counted"},
            "source": {"required": "Enter the source"},
        }


# Files are read whole into memory to be checked before anything is written; the largest real series
# (a national Fingertips download of one indicator, every area and year) is a few megabytes.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Data file",
        help_text="CSV or XLSX in the long format, or a CSV downloaded from OHID Fingertips",
        error_messages={"required": "Choose a file to import"},
    )
    file_format = forms.ChoiceField(
        label="Format",
        choices=[
            ("long", "Long format (indicator, area_code, period, numerator, denominator, ...)"),
            ("fingertips", "OHID Fingertips data download"),
        ],
        widget=forms.RadioSelect,
        initial="long",
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="Where the data came from; shown beside every value",
        error_messages={"required": "Enter where the data came from"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; files up to {filesizeformat(MAX_UPLOAD_BYTES)} "
                "can be imported (split it into several files)"
            )
        return upload
