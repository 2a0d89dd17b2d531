from django import forms

from equalchance.accounts.models import User
from equalchance.audit.reports import type_label
from equalchance.audit.selectors import audited_object_types


class RecordForm(forms.Form):
    object_type = forms.ChoiceField(label="Type of record", choices=())
    object_id = forms.CharField(
        label="Record id",
        max_length=64,
        help_text="As it appears in the record's address, for example a referral's long id",
        error_messages={"required": "Enter the record's id"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = sorted(audited_object_types(), key=type_label)
        self.fields["object_type"].choices = [(t, type_label(t)) for t in types]
        self.fields["object_type"].error_messages["invalid_choice"] = "Choose a type of record from the list"

    def clean_object_id(self):
        return self.cleaned_data["object_id"].strip()


class UserForm(forms.Form):
    username = forms.CharField(
        label="Username", max_length=150, error_messages={"required": "Enter a username"}
    )

    def clean(self):
        data = super().clean()
        if "username" in data:
            user = User.objects.filter(username=data["username"].strip()).first()
            if user is None:
                self.add_error("username", "There is no user with that username")
            data["user"] = user
        return data
