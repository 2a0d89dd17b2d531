"""Indicator pages: who may edit and import, what a bad upload shows, what a good one does."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from equalchance.accounts.models import Role
from equalchance.accounts.tests.factories import UserFactory
from equalchance.audit.models import AuditEvent
from equalchance.indicators.models import ImportBatch, Indicator

pytestmark = pytest.mark.django_db


def signed_in(client, role):
    user = UserFactory(username=role, role=role)
    client.force_login(user)
    return user


def test_the_catalogue_lists_the_scorecard_themes_first(client):
    signed_in(client, Role.VIEWER)
    themes = [theme for theme, _ in client.get("/indicators/").context["themes"]]
    assert themes[:5] == [
        "Education & Skills",
        "Employment & Poverty",
        "Health",
        "Housing & Environment",
        "Targeting Key Individuals",
    ]
    counts = {theme: len(items) for theme, items in client.get("/indicators/").context["themes"]}
    assert sum(counts[t] for t in themes[:5]) == 11


def test_an_indicator_page_shows_values_with_intervals_and_source(client):
    signed_in(client, Role.VIEWER)
    html = client.get("/indicators/cpp-rate/").content.decode()
    assert "Department for Education" in html and "Exact Poisson below 10 events" in html
    assert "40.6" in html and "36.0" in html  # England and Solihull, 31 March 2025


def test_a_viewer_cannot_edit_or_import_or_roll_back(client):
    signed_in(client, Role.VIEWER)
    assert client.get("/indicators/gld/edit/").status_code == 403
    assert client.post("/indicators/gld/edit/", {"name": "x"}).status_code == 403
    assert client.get("/indicators/imports/new/").status_code == 403
    batch = ImportBatch.objects.first()
    assert client.post(f"/indicators/imports/{batch.pk}/roll-back/").status_code == 403
    batch.refresh_from_db()
    assert batch.rolled_back_at is None


def test_an_analyst_edits_a_definition_and_it_is_audited(client):
    analyst = signed_in(client, Role.ANALYST)
    indicator = Indicator.objects.get(code="asb-rate")
    form = client.get("/indicators/asb-rate/edit/").context["form"]
    data = {
        name: form.initial.get(name) if form.initial.get(name) is not None else "" for name in form.fields
    }
    data["notes"] = "Includes incidents recorded by the council's ASB team from 2020."
    response = client.post("/indicators/asb-rate/edit/", data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.notes.startswith("Includes incidents")
    event = AuditEvent.objects.get(action="indicator.update", actor=analyst)
    assert set(event.changes) == {"notes"}


def test_an_edit_with_errors_keeps_what_was_typed(client):
    signed_in(client, Role.ANALYST)
    response = client.post("/indicators/asb-rate/edit/", {"name": "", "definition": "Kept text"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and "Kept text" in html
    assert "Enter the indicator&#x27;s name" in html


def test_a_bad_upload_lists_its_problems_and_imports_nothing(client):
    signed_in(client, Role.ANALYST)
    batches = ImportBatch.objects.count()
    upload = SimpleUploadedFile(
        "returns.csv", b"indicator,area_code,period,numerator,denominator\nasb-rate,E0800002,2019/20,1,10\n"
    )
    response = client.post(
        "/indicators/imports/new/", {"file": upload, "file_format": "long", "source": "Police"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "returns.csv, row 2, column area_code" in html
    assert 'value="Police"' in html  # the form keeps what was typed
    assert ImportBatch.objects.count() == batches


def test_a_good_upload_is_imported_and_can_be_rolled_back(client):
    signed_in(client, Role.ANALYST)
    upload = SimpleUploadedFile(
        "asb.csv", b"indicator,area_code,period,numerator,denominator\nasb-rate,E05001287,2020/21,280,11900\n"
    )
    response = client.post(
        "/indicators/imports/new/", {"file": upload, "file_format": "long", "source": "Police"}
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get(file_name="asb.csv")
    assert batch.observations.count() == 1 and batch.source == "Police"
    assert client.post(f"/indicators/imports/{batch.pk}/roll-back/").status_code == 302
    assert batch.observations.count() == 0


def edit_data(client, code: str) -> dict:
    form = client.get(f"/indicators/{code}/edit/").context["form"]
    return {
        name: form.initial.get(name) if form.initial.get(name) is not None else "" for name in form.fields
    }


def test_an_edit_is_audited_with_codes_from_and_to_but_typed_text_only_as_changed(client):
    analyst = signed_in(client, Role.ANALYST)
    data = edit_data(client, "asb-rate")
    data.update(notes="Told to us by Mrs Example", polarity="high_is_good", decimal_places=2)
    assert client.post("/indicators/asb-rate/edit/", data).status_code == 302
    event = AuditEvent.objects.get(action="indicator.update", actor=analyst)
    assert event.changes == {
        "notes": "changed",
        "polarity": {"from": "low_is_good", "to": "high_is_good"},
        "decimal_places": {"from": 1, "to": 2},
    }


@pytest.mark.parametrize(
    "address", ["javascript:alert(document.cookie)", "data:text/html,<script>x</script>"]
)
def test_a_source_address_that_is_not_a_web_address_is_refused_and_never_a_link(client, address):
    signed_in(client, Role.ANALYST)
    data = edit_data(client, "asb-rate")
    data["source_url"] = address
    response = client.post("/indicators/asb-rate/edit/", data)
    assert response.status_code == 200 and "Enter a valid URL" in response.content.decode()
    assert not Indicator.objects.filter(source_url=address).exists()
    Indicator.objects.filter(code="asb-rate").update(source_url=address)  # as if stored another way
    html = client.get("/indicators/asb-rate/").content.decode()
    source = html[html.index(">Source<") :][:400]
    assert "href=" not in source and "Police" in source  # the source's name, not a link


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(client, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from equalchance.indicators import forms, services

    monkeypatch.setattr(forms, "MAX_UPLOAD_BYTES", 1024)
    read = []
    monkeypatch.setattr(services, "import_batch_run", lambda **kwargs: read.append(kwargs))
    signed_in(client, Role.ANALYST)
    upload = SimpleUploadedFile(
        "big.csv", b"indicator,area_code,period,numerator,denominator\n" + b"x" * 2000
    )
    response = client.post("/indicators/imports/new/", {"file": upload, "file_format": "long", "source": "t"})
    assert (
        response.status_code == 200 and "files up to 1.0\xa0KB can be imported" in response.content.decode()
    )
    assert read == []
