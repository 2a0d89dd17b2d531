"""Form fields every part shares, and how a service's refusal is shown on a form."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from equalchance.common.keys import LARGEST_ID

_INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.IntegerField)


class ChosenFromList(forms.ModelMultipleChoiceField):
    """Boxes to tick from a list. Anything not on the list, whatever its shape (words, a number too large
    to be an id, a malformed UUID), is refused in the field's own "invalid_choice" words, and a number
    that cannot be an id is refused before any query is made."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)

    def _refused(self) -> forms.ValidationError:
        return forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")

    def _check_values(self, value):
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        if isinstance(key, _INTEGER_KEYS):
            for typed in value if isinstance(value, (list, tuple)) else ():
                try:
                    number = int(str(typed))
                except ValueError:
                    continue  # words: the list check below refuses them
                if not -LARGEST_ID - 1 <= number <= LARGEST_ID:
                    raise self._refused()
        try:
            return super()._check_values(value)
        except forms.ValidationError:
            raise self._refused() from None


def form_errors(form, error: ValidationError) -> None:
    """A service's refusal shown on its form: each message at its field, or at the top of the form when
    the field is not on it. A form never validated (an approval refused, with nothing typed) takes them
    too."""
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def answered(form) -> int:
    """The status a form's page answers with: 400 once it is refused (by its own checks or a service's,
    `form_errors`), as every refused form in the product answers, so a script or a test can tell."""
    return 400 if form is not None and form.errors else 200
