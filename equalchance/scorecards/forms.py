from datetime import date

from django import forms


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
