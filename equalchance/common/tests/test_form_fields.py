"""Multi-choice fields refuse what is not on their list in their own words, never with a server error."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms

import equalchance
from equalchance.accounts.models import User
from equalchance.accounts.tests.factories import UserFactory
from equalchance.common.form_fields import ChosenFromList
from equalchance.common.keys import LARGEST_ID
from equalchance.plans.forms import LimitedText


def people_field():
    return ChosenFromList(
        queryset=User.objects.order_by("pk"), error_messages={"invalid_choice": "Choose people from the list"}
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        str(LARGEST_ID + 1),
        str(-LARGEST_ID - 2),
        "99999999999999999999999999999999",
        "abc",
        "1.5",
        "",
        "0",
        '=HYPERLINK("http://x","y")',
    ],
)
def test_a_number_too_large_to_be_an_id_or_anything_not_on_the_list_is_refused_in_the_fields_words(typed):
    """Probe finding: 99999999999999999999 in a programme's team gave a server error (SQLite's
    OverflowError) where 999999 gave "Choose ... from the list"."""
    person = UserFactory()
    with pytest.raises(forms.ValidationError) as refused:
        people_field().clean([str(person.pk), typed])
    assert refused.value.messages == ["Choose people from the list"]


@pytest.mark.django_db
def test_ids_on_the_list_are_chosen():
    first, second = UserFactory(), UserFactory()
    assert set(people_field().clean([str(first.pk), str(second.pk)])) == {first, second}
    assert list(people_field().clean([])) == []


def forms_of_the_project():
    for module in pkgutil.walk_packages(equalchance.__path__, "equalchance."):
        if "forms" not in module.name.rsplit(".", 1)[-1] or ".tests" in module.name:
            continue
        for _, form in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.name:
                yield form


def test_every_multi_choice_field_of_the_projects_forms_refuses_numbers_that_cannot_be_ids():
    found = list(forms_of_the_project())
    assert len(found) > 40  # the walk finds the forms of every part
    plain = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in found
        for name, field in form.base_fields.items()
        if isinstance(field, forms.ModelMultipleChoiceField) and not isinstance(field, ChosenFromList)
    ]
    assert plain == []


class Note(LimitedText, forms.Form):
    title = forms.CharField(label="Title", max_length=20)
    body = forms.CharField(label="What happened (optional)", widget=forms.Textarea, required=False)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"title": "Hubs", "body": "Two lines\r\nof notes, and a family 👨‍👩‍👧 emoji"}, None),
        ({"title": "Hubs", "body": "x" * 10_001}, "What happened must be 10,000 characters or fewer"),
        ({"title": "x" * 21}, "Title must be 20 characters or fewer"),
        ({"title": "Hubs\n"}, None),  # a line break at the end is stripped, as spaces are
        ({"title": "Hu\nbs"}, "Title must not contain line breaks or characters that cannot be seen"),
        ({"title": "\u200b"}, "Title must not contain line breaks or characters that cannot be seen"),
        ({"title": "Hubs", "body": "evil\u202e"}, "What happened must not contain characters that cannot be"),
        (
            {"title": "Hubs", "body": "a\x00b"},
            "What happened must not contain characters that cannot be seen",
        ),
    ],
)
def test_text_boxes_name_their_field_when_too_long_or_holding_characters_nobody_can_see(data, error):
    form = Note(data)
    if error is None:
        assert form.is_valid(), form.errors
    else:
        assert not form.is_valid()
        assert any(message.startswith(error) for messages in form.errors.values() for message in messages)
