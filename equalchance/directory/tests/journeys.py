"""Steps the directory's tests share: an organisation registers through the public form (and opens the
link it is e-mailed), and the entry it proposes."""

import re

from django.core import mail

from equalchance.accounts.models import User
from equalchance.directory.importers.taxonomies import FAMILY_HUBS, SEND_NEEDS
from equalchance.directory.models import TaxonomyTerm


def link_in(message) -> str:
    """The path of the link in an e-mail the test server sent."""
    return re.search(r"http://testserver(/\S+)", message.body)[1]


def register(client, name="sam", organisation="Kingshurst Stay and Play", *, confirm=True, sign_in=True):
    """Register through the public form, then (unless told not to) open the link e-mailed to confirm the
    address and sign in as the new provider. Returns the form's response."""
    email = f"{name}@example.org"
    response = client.post(
        "/directory/register/",
        {
            "organisation": organisation,
            "kind": "voluntary",
            "description": "Play sessions <script>alert(1)</script>for families.",
            "public_email": "",
            "email": email,
            "password": "a long enough password",
        },
    )
    user = User.objects.filter(email=email).first()
    if user is not None and response.status_code == 200:
        if confirm:
            assert mail.outbox[-1].to == [email]
            assert client.get(link_in(mail.outbox[-1])).status_code == 200  # confirmed
        if sign_in:
            client.force_login(user)
    return response


def provider(name="sam") -> User:
    """The provider who registered as `name`."""
    return User.objects.get(email=f"{name}@example.org")


def entry(**changes):
    parenting = TaxonomyTerm.objects.get(taxonomy__name=FAMILY_HUBS, name="Parenting support")
    autism = TaxonomyTerm.objects.get(taxonomy__name=SEND_NEEDS, name="Autism")
    return {
        "name": "Kingshurst Parents' Café",
        "description": "A weekly <b>drop-in</b> café for parents, with toys for the children.",
        "categories": [str(parenting.id)],
        "send_needs": [str(autism.id)],
        "minimum_age": "0",
        "maximum_age": "5",
        "free": "yes",
        "opening_times": "Wednesdays 10am to 12pm",
        "address": "Kingshurst Village Centre",
        "postcode": "B37 6BN",
        "phone": "0121 496 0123",
        **changes,
    }
