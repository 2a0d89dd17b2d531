from django import forms

from equalchance.directory import search
from equalchance.directory.importers.taxonomies import FAMILY_HUBS, SEND_NEEDS
from equalchance.directory.models import TaxonomyTerm

DISTANCES = [("1", "1 km"), ("2", "2 km"), ("5", "5 km"), ("10", "10 km"), ("25", "25 km")]


class SearchForm(forms.Form):
    """The public search: every field optional; the page works as a plain GET form without JavaScript."""

    q = forms.CharField(
        label="Search for", required=False, max_length=200, help_text="For example, stay and play"
    )
    category = forms.TypedChoiceField(label="Type of support", required=False, coerce=str, empty_value="")
    need = forms.TypedChoiceField(
        label="Special educational need or disability", required=False, empty_value=""
    )
    age = forms.IntegerField(
        label="Age of the child or young person",
        required=False,
        min_value=0,
        max_value=25,
        error_messages={
            "min_value": "Enter an age from 0 to 25",
            "max_value": "Enter an age from 0 to 25",
            "invalid": "Enter an age in years, like 4",
        },
    )
    free = forms.BooleanField(label="Free services only", required=False)
    postcode = forms.CharField(
        label="Near postcode", required=False, max_length=10, help_text="For example, B37 7UH"
    )
    within = forms.ChoiceField(label="Within", choices=DISTANCES, required=False, initial="5")
    sort = forms.ChoiceField(label="Sort by", choices=list(search.SORTS.items()), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = [("", "Any")]
        for parent in TaxonomyTerm.objects.filter(taxonomy__name=FAMILY_HUBS, parent=None).prefetch_related(
            "children"
        ):
            categories.append((str(parent.id), parent.name))
            categories += [(str(child.id), f"{parent.name}: {child.name}") for child in parent.children.all()]
        self.fields["category"].choices = categories
        self.fields["need"].choices = [("", "Any")] + [
            (str(t.id), t.name) for t in TaxonomyTerm.objects.filter(taxonomy__name=SEND_NEEDS)
        ]

    def query(self, page: int) -> search.Query:
        data = self.cleaned_data
        return search.Query(
            words=data.get("q") or "",
            category=data.get("category") or None,
            need=data.get("need") or None,
            age=data.get("age"),
            free=bool(data.get("free")),
            postcode=data.get("postcode") or "",
            within_km=float(data.get("within") or 5),
            sort=data.get("sort") or ("distance" if data.get("postcode") else "relevance"),
            page=page,
        )
