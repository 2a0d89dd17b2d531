"""Turning the curve: the measure's owner or a definer writes the entry, someone else who may write it
clears it, and only then does it show beyond the writers; the report card shows the curve, where the
measure stands and the entry, as a page and a tagged PDF."""

import html
import io
import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equalchance.audit.models import AuditEvent
from equalchance.performance import services
from equalchance.performance.models import TurnTheCurve
from equalchance.performance.tests.factories import target_make, value_approved_make

Q1 = {"period_start": date(2026, 4, 1), "period_end": date(2026, 6, 30)}
Q2 = {"period_start": date(2026, 7, 1), "period_end": date(2026, 9, 30)}
STORY = "Referrals rose after the schools' autumn term began; the hub lost two workers."


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 30))


@pytest.fixture
def owner(user_with_role):
    return user_with_role("viewer", username="owner")


@pytest.fixture
def owned(measure, definer, owner, enterer, approver):
    services.measure_update(by=definer, measure=measure, owner=owner, visibility="public")
    measure.programme.visibility = "public"  # so the public sees the measure
    measure.programme.save()
    measure.refresh_from_db()
    for period, value in ((Q1, 100), (Q2, 80)):
        target_make(by=definer, measure=measure, **period, value=120)
        value_approved_make(measure=measure, enterer=enterer, approver=approver, **period, value=value)
    return measure


def write(by, measure, **changes):
    return services.turn_the_curve_write(
        by=by, measure=measure, **Q2, story=STORY, hurting="Staff vacancies", **changes
    )


def test_the_owner_writes_a_draft_and_a_definer_clears_it(owned, owner, definer):
    entry = write(owner, owned)
    assert entry.status == "draft" and entry.author == owner
    services.turn_the_curve_clear(by=definer, entry=entry)
    entry.refresh_from_db()
    assert entry.status == "cleared" and entry.cleared_by == definer
    # Written again, it is a draft again, to be cleared afresh.
    entry = write(owner, owned, helping="A new family hub")
    assert (entry.status, entry.cleared_by) == ("draft", None) and TurnTheCurve.objects.count() == 1


def test_the_author_cannot_clear_their_own_entry_and_others_cannot_write(owned, owner, stranger, enterer):
    entry = write(owner, owned)
    with pytest.raises(PermissionDenied):
        services.turn_the_curve_clear(by=owner, entry=entry)
    for who in (stranger, enterer):
        with pytest.raises(PermissionDenied):
            write(who, owned, helping="Hijacked")
    entry.refresh_from_db()
    assert entry.status == "draft" and entry.helping == ""
    assert AuditEvent.objects.filter(action="access.refused").count() == 3


def test_a_story_is_needed_and_actions_must_be_ones_the_writer_may_see(owned, owner, user_with_role):
    with pytest.raises(ValidationError) as refused:
        services.turn_the_curve_write(by=owner, measure=owned, **Q2, story="  ")
    assert "story" in refused.value.message_dict
    from equalchance.plans.tests.factories import action_make, plan_make

    editor = user_with_role("plan_editor", username="editor")
    hidden = plan_make(by=editor, title="Restricted plan", visibility="restricted")
    action = action_make(by=editor, plan=hidden, visibility="restricted")
    with pytest.raises(ValidationError) as refused:
        write(owner, owned, actions=[action])
    assert "actions" in refused.value.message_dict
    assert not TurnTheCurve.objects.exists()


def test_the_card_shows_a_cleared_entry_to_the_public_and_a_draft_only_to_writers(
    client, owned, owner, definer
):
    entry = write(owner, owned)
    url = reverse("performance:card", args=[owned.pk])
    assert STORY not in html.unescape(client.get(url).content.decode())
    client.force_login(owner)
    assert "Not yet cleared" in client.get(url).content.decode()
    services.turn_the_curve_clear(by=definer, entry=entry)
    client.logout()
    page = html.unescape(client.get(url).content.decode())
    assert STORY in page and "Staff vacancies" in page and "Draft" not in page
    assert "Red: worse than target" in page and 'role="img"' in page


def test_the_card_pdf_is_tagged_and_says_what_the_page_says(client, owned, owner, definer):
    from pypdf import PdfReader

    from equalchance.frontend.tests.tagged import _elements, assert_tagged

    services.turn_the_curve_clear(by=definer, entry=write(owner, owned))
    response = client.get(reverse("performance:card-pdf", args=[owned.pk]))
    assert response["Content-Type"] == "application/pdf"
    # Named as the card's other files are, with the day it stands at (outside probe: the PDF had none).
    docx = client.get(reverse("performance:card-file", args=[owned.pk, "docx"]))["Content-Disposition"]
    assert response["Content-Disposition"] == docx.replace(".docx", ".pdf")
    assert re.fullmatch(
        r'attachment; filename="turn-the-curve-eh1-\d{4}-\d\d-\d\d\.pdf"', docx.replace(".docx", ".pdf")
    )
    reader = PdfReader(io.BytesIO(response.content))
    # Tagged, and its chart a figure with alternative text (probe 8: the chart's figure had none).
    assert_tagged(response.content, "Turn-the-curve report card: EH1 Families supported")
    figures = [e for e in _elements(reader.trailer["/Root"]["/StructTreeRoot"]) if e.get("/S") == "/Figure"]
    assert figures and all("by period" in str(f["/Alt"]) for f in figures)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "EH1 Families supported" in text and "Referrals rose after the schools" in text
    assert "Red: worse than target" in text


def test_the_writing_form_keeps_what_was_typed_when_refused_and_saves_a_draft(client, owned, owner):
    client.force_login(owner)
    url = reverse("performance:turn-the-curve", args=[owned.pk])
    page = client.post(url, {"period": "2026-07-01", "story": "", "hurting": "Vacancies"}).content.decode()
    assert "Tell the story behind the curve" in page and "Vacancies" in page
    assert not TurnTheCurve.objects.exists()
    response = client.post(url, {"period": "2026-07-01", "story": STORY})
    assert response.status_code == 302 and TurnTheCurve.objects.get().story == STORY
    # Opened again for the period, it holds what was written.
    assert STORY in html.unescape(client.get(url, {"period": "2026-07-01"}).content.decode())
    assert client.get(url, {"period": "not-a-date"}).status_code == 200


def test_the_actions_offered_are_those_of_the_measures_plans_the_writer_may_see(
    owned, owner, definer, user_with_role
):
    from equalchance.performance import selectors
    from equalchance.plans.tests.factories import action_make, element_make, plan_make

    editor = user_with_role("plan_editor", username="editor")
    plan = plan_make(by=editor)
    element = element_make(by=editor, plan=plan, kind="objective")
    services.measure_update(by=definer, measure=owned, plan_element=element)
    offered = action_make(by=editor, plan=plan, element=element, title="Open evening groups")
    action_make(by=editor, plan=plan, title="Restricted work", visibility="restricted")
    action_make(by=editor, plan=plan_make(by=editor, title="Another plan"), title="Elsewhere")
    owned.refresh_from_db()
    assert list(selectors.turn_the_curve_actions_offered(user=owner, measure=owned)) == [offered]


def test_a_public_card_never_names_a_restricted_action_the_entry_proposes(
    client, owned, owner, user_with_role
):
    """Found in review: the card listed every action of the entry, whoever read it."""
    from equalchance.plans.tests.factories import action_make, element_make, plan_make

    editor = user_with_role("plan_editor", username="editor")
    plan = plan_make(by=editor, visibility="public")
    element = element_make(by=editor, plan=plan, kind="objective")
    services.measure_update(by=editor, measure=owned, plan_element=element)
    shown = action_make(by=editor, plan=plan, element=element, title="Open evening groups")
    hidden = action_make(
        by=editor, plan=plan, element=element, title="Quiet staffing move", visibility="restricted"
    )
    owned.refresh_from_db()
    entry = write(editor, owned, actions=[shown, hidden])
    services.turn_the_curve_clear(by=owner, entry=entry)
    url = reverse("performance:card", args=[owned.pk])
    assert "Quiet staffing move" not in client.get(url).content.decode()  # the public
    client.force_login(user_with_role("viewer", username="reader"))
    page = client.get(url).content.decode()
    assert "Open evening groups" in page and "Quiet staffing move" not in page
    client.force_login(editor)
    assert "Quiet staffing move" in client.get(url).content.decode()
