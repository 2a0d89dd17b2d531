"""Steps the accounts tests share: signing in through the form, as a person would."""

import re

PASSWORD = "a-long-test-password"  # the factories' password


def sign_in(client, login: str, password: str = PASSWORD, **extra):
    """Post the sign-in form (a username or an e-mail address, and a password)."""
    return client.post("/accounts/sign-in/", {"login": login, "password": password, **extra})


def confirm_it_is_you(client, password: str = PASSWORD):
    """Enter the password again, as allauth asks before any change to one's second factors."""
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, text(response)
    return response


def text(response) -> str:
    """The page's text with tags and runs of white space taken out, to find sentences in it."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def admin_change_data(page, **fields) -> dict:
    """What the admin's change page would post for a user, with `fields` changed: the form's current
    values, and the management forms of its inlines. A checkbox left out of `fields` stays as it was;
    pass `is_active=None` to untick one."""
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name in ("password", "last_login", "groups", "user_permissions") or value in (None, False):
            continue
        if name == "date_joined":
            data["date_joined_0"], data["date_joined_1"] = f"{value:%Y-%m-%d}", f"{value:%H:%M:%S}"
        else:
            data[name] = "on" if value is True else value
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({f"{management.prefix}-{k}": v for k, v in management.initial.items()})
    for name, value in fields.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
