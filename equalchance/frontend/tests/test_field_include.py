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
