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
