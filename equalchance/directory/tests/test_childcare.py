"""Childcare is a first-class category: its own taxonomy (loaded once, served by the open feed), a
search filter, fields of the entry form that go through moderation (Ofsted URN, grade and inspection
date, each checked), a section of the service page, and synthetic providers in the demonstration."""

import re
from collections import Counter
from datetime import date

import pytest
from django.test import Client

from equalchance.accounts.models import Organisation
from equalchance.accounts.services import system_actor
from equalchance.directory import childcare
from equalchance.directory.importers.taxonomies import FAMILY_HUBS, taxonomies_load
from equalchance.directory.models import Service, Submission, Taxonomy, TaxonomyTerm
from equalchance.directory.search import Query, search, search_index_refresh
from equalchance.directory.synthetic import directory_generate
from equalchance.directory.tests.conftest import make
from equalchance.directory.tests.journeys import entry, register

pytestmark = pytest.mark.django_db

CHILDMINDER = str(childcare.term_id("childminder"))
NURSERY = str(childcare.term_id("day_nursery"))
THREES = str(childcare.term_id("funded_3_4_universal"))
TWOS = str(childcare.term_id("funded_2_support"))


def term(code: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.get(pk=childcare.term_id(code))


@pytest.fixture
def signed_in_provider(client):
    taxonomies_load()
    assert register(client).status_code == 200
    return client


def childcare_entry(**changes):
    typed = {
        "name": "Kingshurst Little Stars",
        "categories": [],
        "send_needs": [],
        "childcare_types": [NURSERY],
        "funded_hours": [TWOS, THREES],
        "ofsted_urn": "ey 123456",
        "ofsted_grade": "good",
        "ofsted_inspected_day": "12",
        "ofsted_inspected_month": "March",
        "ofsted_inspected_year": "2024",
    }
    return entry(**(typed | changes))


def test_the_childcare_taxonomy_is_the_products_own_and_loads_once():
    first = taxonomies_load()
    taxonomy = Taxonomy.objects.get(pk=childcare.TAXONOMY_ID)
    assert taxonomy.name == "Childcare"
    names = set(taxonomy.terms.values_list("name", flat=True))
    assert {"Childcare", "Childminders", "Day nurseries", "Pre-schools and playgroups"} <= names
    assert "Funded hours: 15 hours for all 3- and 4-year-olds" in names
    assert not TaxonomyTerm.objects.filter(taxonomy__name=FAMILY_HUBS, name__in=names).exists()
    assert all(t.parent_id == childcare.PARENT_ID for t in taxonomy.terms.exclude(pk=childcare.PARENT_ID))
    assert taxonomies_load() == first and TaxonomyTerm.objects.count() == first


def test_the_open_feed_serves_the_childcare_taxonomy_and_a_providers_terms(client):
    taxonomies_load()
    nursery = make(
        "Little Stars Nursery", "Day nursery.", terms=[term("day_nursery"), term("funded_3_4_universal")]
    )
    nursery.details = {"childcare": {"ofsted_urn": "EY123456", "ofsted_grade": "good"}}
    nursery.save()
    taxonomies = client.get("/api/oruk/taxonomies?per_page=50").json()["contents"]
    assert {"id": str(childcare.TAXONOMY_ID), "name": "Childcare"}.items() <= next(
        t for t in taxonomies if t["name"] == "Childcare"
    ).items()
    terms = client.get(f"/api/oruk/taxonomy_terms?taxonomy_id={childcare.TAXONOMY_ID}&per_page=50").json()
    assert terms["total_items"] == len(childcare.TERMS) + 1
    record = client.get(f"/api/oruk/services/{nursery.pk}").json()
    served = {(a["taxonomy_term"]["name"], a["taxonomy_term"]["taxonomy"]) for a in record["attributes"]}
    assert served == {
        ("Day nurseries", "Childcare"),
        ("Funded hours: 15 hours for all 3- and 4-year-olds", "Childcare"),
    }
    assert "childcare" not in record  # Ofsted details have no place in the standard's record
    filtered = client.get(f"/api/oruk/services?taxonomy_id={childcare.TAXONOMY_ID}").json()
    assert [s["id"] for s in filtered["contents"]] == [str(nursery.pk)]


def test_the_search_offers_childcare_and_each_term_and_childcare_finds_any_of_them(client):
    taxonomies_load()
    minder = make("Jo's Childminding", "Home-based care.", terms=[term("childminder")])
    funded = make("Funded Place", "Early education.", terms=[term("funded_2_support")])
    make("Swimming Club", "Lessons.", terms=[TaxonomyTerm.objects.get(name="Sports and recreation")])
    search_index_refresh()
    page = client.get("/directory/")
    choices = dict(page.context["form"].fields["category"].choices)
    assert choices[str(childcare.PARENT_ID)] == "Childcare"
    for t in childcare.TERMS:
        assert choices[str(childcare.term_id(t.code))] == f"Childcare: {t.name}"
    labels = list(choices.values())
    assert (
        labels.index("Activities, clubs and groups")
        < labels.index("Childcare")
        < labels.index("Family support")
    )

    found = client.get("/directory/", {"category": str(childcare.PARENT_ID)}).context["results"]
    assert {h.service.pk for h in found.hits} == {minder.pk, funded.pk}
    only = client.get("/directory/", {"category": CHILDMINDER}).context["results"]
    assert [h.service.pk for h in only.hits] == [minder.pk]
    assert {h.service.pk for h in search(Query(words="free childcare")).hits} == {funded.pk}
    assert client.get("/directory/", {"category": "not-a-term"}).context["form"].errors["category"]


def test_a_childcare_entry_goes_through_moderation_to_the_service_page(signed_in_provider, moderator):
    organisation = Organisation.objects.get()
    response = signed_in_provider.post(f"/directory/entries/{organisation.pk}/new/", childcare_entry())
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.data["ofsted_urn"] == "EY123456"
    assert submission.data["ofsted_inspected"] == "2024-03-12"

    rows = {r["field"]: r for r in moderator.get(f"/directory/moderation/{submission.pk}/").context["rows"]}
    assert rows["Type of childcare"]["after"] == "Day nurseries"
    assert rows["Ofsted registration number (URN)"] == {
        "field": "Ofsted registration number (URN)",
        "before": "",
        "after": "EY123456",
        "changed": True,
    }
    assert rows["Latest Ofsted grade"]["after"] == "Good"
    assert rows["Date of the latest Ofsted inspection"]["after"] == "12 March 2024"
    moderator.post(f"/directory/moderation/{submission.pk}/", {"decision": "approve"})
    service = Service.objects.get()
    assert service.details["childcare"] == {
        "ofsted_urn": "EY123456",
        "ofsted_grade": "good",
        "ofsted_inspected": "2024-03-12",
    }

    html = Client().get(f"/directory/services/{service.pk}/").content.decode()
    assert '<h2 class="govuk-heading-m" id="childcare">Childcare</h2>' in html
    assert 'href="https://reports.ofsted.gov.uk/search?q=EY123456"' in html
    assert "Ofsted registration number EY123456" in html
    assert "Latest Ofsted grade: Good (inspected 12 March 2024)" in html
    assert "15 hours for 2-year-olds in families getting some support" in html
    assert search(Query(category=childcare.PARENT_ID)).total == 1

    # A change starts from what is published and is shown to the moderator beside it.
    form = signed_in_provider.get(f"/directory/entries/{organisation.pk}/{service.pk}/edit/")
    page = form.content.decode()
    assert (
        'value="EY123456"' in page
        and 'name="ofsted_inspected_year" type="text" inputmode="numeric" value="2024"' in page
    )
    signed_in_provider.post(
        f"/directory/entries/{organisation.pk}/{service.pk}/edit/",
        childcare_entry(ofsted_grade="outstanding", ofsted_inspected_day="2", ofsted_inspected_month="10"),
    )
    change = Submission.objects.get(state="submitted")
    rows = {r["field"]: r for r in moderator.get(f"/directory/moderation/{change.pk}/").context["rows"]}
    assert rows["Latest Ofsted grade"] == {
        "field": "Latest Ofsted grade",
        "before": "Good",
        "after": "Outstanding",
        "changed": True,
    }
    assert rows["Date of the latest Ofsted inspection"]["after"] == "2 October 2024"
    assert not rows["Ofsted registration number (URN)"]["changed"]


def test_entries_that_are_not_childcare_do_not_show_childcare_rows_to_moderators(
    signed_in_provider, moderator
):
    organisation = Organisation.objects.get()
    signed_in_provider.post(f"/directory/entries/{organisation.pk}/new/", entry())
    rows = moderator.get(f"/directory/moderation/{Submission.objects.get().pk}/").context["rows"]
    assert not [r for r in rows if "Ofsted" in r["field"] or "childcare" in r["field"]]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"ofsted_urn": '=HYPERLINK("http://evil.example","x")'}, "ofsted_urn", "like EY123456 or 2654321"),
        ({"ofsted_urn": "javascript:alert(1)"}, "ofsted_urn", "like EY123456 or 2654321"),
        ({"ofsted_urn": "E" * 5000}, "ofsted_urn", "like EY123456 or 2654321"),
        ({"ofsted_urn": "SYN123456"}, "ofsted_urn", "like EY123456 or 2654321"),
        (
            {"ofsted_inspected_day": "31", "ofsted_inspected_month": "2", "ofsted_inspected_year": "2024"},
            "ofsted_inspected",
            "The date of the latest Ofsted inspection must be a real date",
        ),
        (
            {"ofsted_inspected_day": "12", "ofsted_inspected_month": "", "ofsted_inspected_year": "2024"},
            "ofsted_inspected",
            "The date of the latest Ofsted inspection must include a month",
        ),
        (
            {"ofsted_inspected_day": "12", "ofsted_inspected_month": "3", "ofsted_inspected_year": "24"},
            "ofsted_inspected",
            "must have a year of 4 numbers",
        ),
        (
            {"ofsted_inspected_day": "1", "ofsted_inspected_month": "1", "ofsted_inspected_year": "2999"},
            "ofsted_inspected",
            "must be today or in the past",
        ),
        ({"ofsted_grade": "brilliant"}, "ofsted_grade", "Choose the latest Ofsted grade from the list"),
        ({"ofsted_grade": "not_yet_inspected"}, "ofsted_inspected", "Leave the date of the latest Ofsted"),
        ({"childcare_types": []}, "childcare_types", "Choose the type of childcare"),
        ({"childcare_types": ["not-a-term"]}, "childcare_types", "Select a valid choice"),
        (
            {
                "childcare_types": [],
                "funded_hours": [],
                "ofsted_urn": "",
                "ofsted_grade": "",
                "ofsted_inspected_day": "",
                "ofsted_inspected_month": "",
                "ofsted_inspected_year": "",
            },
            "categories",
            "Choose at least one type of support, or a type of childcare",
        ),
    ],
)
def test_bad_childcare_details_are_refused_clearly_keeping_what_was_typed(
    signed_in_provider, changes, field, message
):
    organisation = Organisation.objects.get()
    response = signed_in_provider.post(
        f"/directory/entries/{organisation.pk}/new/", childcare_entry(**changes)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    # The error summary names and links to the field: a group of boxes by its first box.
    target = f"id_{field}_0" if field in ("childcare_types", "categories") else f"id_{field}"
    assert f'href="#{target}"' in html and f'id="{target}"' in html
    assert "Kingshurst Little Stars" in html  # what was typed is kept
    typed = changes.get("ofsted_urn")
    if typed and len(typed) < 100:
        assert f'value="{typed.replace(chr(34), "&quot;")}"' in html
    if "ofsted_inspected_day" in changes:
        day = changes["ofsted_inspected_day"]
        assert f'name="ofsted_inspected_day" type="text" inputmode="numeric" value="{day}"' in html
    assert not Submission.objects.exists()  # nothing written


def test_dates_are_read_as_people_write_them():
    today = date(2026, 5, 1)
    what = "The date"
    assert childcare.date_from_parts("12", "3", "2024", what=what, today=today) == date(2024, 3, 12)
    assert childcare.date_from_parts(" 2", "Sept", "2025", what=what, today=today) == date(2025, 9, 2)
    assert childcare.date_from_parts("", "", "", what=what, today=today) is None
    for parts, problem in [
        (("31", "2", "2024"), "must be a real date"),
        (("29", "2", "2023"), "must be a real date"),
        (("1", "13", "2024"), "must be a real date"),
        (("", "", "2024"), "must include a day and a month"),
        (("1", "1", "1999"), "in 2001 or later"),
        (("2", "5", "2026"), "today or in the past"),
    ]:
        with pytest.raises(childcare.DateProblem, match=problem):
            childcare.date_from_parts(*parts, what=what, today=today)
    assert childcare.urn_normalised(" ey-123 456 ") == "EY123456" and childcare.is_real_urn("EY123456")
    assert childcare.is_real_urn("2654321") and childcare.is_real_urn("123456")
    assert not childcare.is_real_urn("EY12345") and not childcare.is_real_urn("SYN123456")


def test_the_synthetic_demo_has_childcare_in_every_ward_labelled_and_never_linked_to_ofsted(client):
    made = directory_generate(district="E08000029", services=300, by=system_actor())
    assert made == 300
    cared = Service.objects.filter(terms__taxonomy_id=childcare.TAXONOMY_ID).distinct()
    assert cared.count() == 120 and all(s.synthetic for s in cared)
    kinds = Counter(t.code for s in cared for t in s.terms.filter(code__in=[k.code for k in childcare.TYPES]))
    assert kinds.most_common(1)[0][0] == "childminder"
    assert (
        kinds["day_nursery"] > kinds["nursery_class"] and kinds["pre_school"] and kinds["after_school_club"]
    )
    wards = Counter(s.service_at_locations.get().location.details["addresses"][0]["city"] for s in cared)
    assert wards  # placed in the district
    per_ward = Counter(s.description.split(" In ")[1].split(".")[0] for s in cared)
    assert len(per_ward) == len({a for a in per_ward}) and min(per_ward.values()) >= 5
    funded = cared.filter(terms__code__startswith="funded_").distinct().count()
    assert funded > 50
    for service in cared:
        details = service.details["childcare"]
        assert re.fullmatch(r"SYN\d{6}", details["ofsted_urn"])  # never a real URN's shape
        assert details["ofsted_grade"] in childcare.GRADE_NAMES
        assert ("ofsted_inspected" in details) == (details["ofsted_grade"] != "not_yet_inspected")
        assert "synthetic" in service.description

    service = cared.filter(details__childcare__ofsted_grade="good").first()
    html = client.get(f"/directory/services/{service.pk}/").content.decode()
    assert f"Ofsted registration number {service.details['childcare']['ofsted_urn']}" in html
    assert "reports.ofsted.gov.uk" not in html
    assert "not a real registration" in html and "Latest Ofsted grade: Good (inspected " in html


def test_childcare_can_be_browsed_and_its_providers_found_by_ofsted_and_their_number(client):
    """The defects (outside probe): childcare was not among the browse pages, the front door or the
    sitemap, and "ofsted" found nothing."""
    from equalchance.directory.search import Query, search, search_index_refresh

    directory_generate(district="E08000029", services=60, by=system_actor())
    search_index_refresh()
    page = client.get("/directory/browse/support/childcare/")
    assert page.status_code == 200 and "Childminders" in page.content.decode()
    assert 'href="/directory/browse/support/childcare/"' in client.get("/").content.decode()
    assert "/directory/browse/support/childcare/" in client.get("/sitemap.xml").content.decode()
    provider = Service.objects.filter(details__has_key="childcare").first()
    urn = provider.details["childcare"]["ofsted_urn"]
    assert search(Query(words="ofsted")).total > 0
    assert [hit.service.pk for hit in search(Query(words=urn)).hits] == [provider.pk]
