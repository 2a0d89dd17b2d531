"""The shared form field (`frontend/includes/field.html`) points assistive technology at its hint and
its error by id, with nothing else in the attribute."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string


class Everything(forms.Form):
    name = forms.CharField(help_text="As it is written on the sign")
    note = forms.CharField(widget=forms.Textarea, help_text="Optional")
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], help_text="Pick one")
    agreed = forms.BooleanField(help_text="Tick to agree")


@pytest.mark.parametrize("bound", [False, True], ids=["hint only", "hint and error"])
def test_a_fields_described_by_lists_its_hint_and_error_ids_and_nothing_else(bound):
    form = Everything({} if bound else None)
    form.is_valid()
    for field in form:
        html = render_to_string("frontend/includes/field.html", {"field": field})
        (described,) = re.findall(r'aria-describedby="([^"]*)"', html)
        expected = f"{field.auto_id}-hint" + (f" {field.auto_id}-error" if bound else "")
        assert described == expected, field.name
        for id_ in described.split():
            assert f'id="{id_}"' in html  # each points at something on the page


class Radios(forms.Form):
    satisfaction = forms.ChoiceField(choices=[("1", "Very good"), ("2", "Good")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A")], widget=forms.CheckboxSelectMultiple, required=False
    )

    def clean(self):
        raise forms.ValidationError("Answer at least one question")


def test_every_link_of_the_error_summary_leads_to_something_on_the_page_a_form_error_to_the_first_radio():
    """Probe 7: the public feedback form's "Answer at least one question" led to the id of its first
    question, which has none: its radios are numbered from _0."""
    form = Radios({"boxes": ["z"]})
    form.is_valid()
    page = render_to_string("frontend/includes/error_summary.html", {"form": form}) + "".join(
        render_to_string("frontend/includes/field.html", {"field": field}) for field in form
    )
    links = re.findall(r'<a href="#([^"]+)">', page)
    assert links == ["id_satisfaction_0", "id_satisfaction_0", "id_boxes_0"]
    for target in links:
        assert f'id="{target}"' in page


class NothingToFill(forms.Form):
    def clean(self):
        raise forms.ValidationError("You cannot remove your only second factor")


def test_a_form_with_nothing_to_fill_in_says_its_error_without_a_link_to_nowhere():
    form = NothingToFill({})
    form.is_valid()
    page = render_to_string("frontend/includes/error_summary.html", {"form": form})
    assert "<li>You cannot remove your only second factor</li>" in page and "href" not in page
