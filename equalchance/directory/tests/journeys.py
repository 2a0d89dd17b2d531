"""Steps the directory's tests share: an organisation registers through the public form (and opens the
link it is e-mailed), and the entry it proposes."""

import re

from django.core import mail

from equalchance.directory.importers.taxonomies import FAMILY_HUBS, SEND_NEEDS
from equalchance.directory.models import TaxonomyTerm


def link_in(message) -> str:
    """The path of the link in an e-mail the test server sent."""
    return re.search(r"http://testserver(/\S+)", message.body)[1]


def register(client, username="sam", organisation="Kingshurst Stay and Play", *, confirm=True):
    """Register through the public form and, unless told not to, open the link e-mailed to confirm
    the address."""
    response = client.post(
        "/directory/register/",
        {
            "organisation": organisation,
            "description": "Play sessions <script>alert(1)</script>for families.",
            "username": username,
            "email": f"{username}@example.org",
            "password": "a long enough password",
        },
    )
    if confirm and response.status_code == 302:
        assert mail.outbox[-1].to == [f"{username}@example.org"]
        assert client.get(link_in(mail.outbox[-1])).status_code == 302  # confirmed; back to their entries
    return response


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
