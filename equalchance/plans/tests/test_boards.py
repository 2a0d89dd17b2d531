"""Boards and groups: the structure chart and its text alternative say the same; a board's page has its
forward plan, decision log and the blockages escalated to it; meetings download as iCalendar."""

import re
from datetime import UTC, date, datetime

import icalendar
import pytest
from django.urls import reverse

from equalchance.plans import services, structure
from equalchance.plans.models import Body

pytestmark = pytest.mark.django_db


@pytest.fixture
def boards(planner):
    top = services.body_create(
        by=planner, key="pgb", name="Partnership Governing Board", type="governing_board", visibility="public"
    )
    services.body_create(
        by=planner,
        key="dg",
        name="Delivery Group",
        type="delivery_group",
        reports_to=top,
        visibility="public",
    )
    services.body_create(
        by=planner,
        key="ehb",
        name="Early Help Board",
        type="thematic_group",
        reports_to=top,
        visibility="public",
    )
    return top


def test_the_chart_draws_one_box_per_body_and_the_list_nests_the_same_tree(client, boards):
    page = client.get(reverse("plans:bodies")).content.decode()
    svg = re.search(r"<svg class=\"app-structure-chart\".*?</svg>", page, re.S).group(0)
    assert svg.count("<rect") == Body.objects.count() == 3
    assert svg.count("<path") == 2  # one line from the board to each group
    listed = re.findall(r'href="/plans/boards/(\d+)/">([^<]+)</a>', page)
    assert {name for _, name in listed} == set(Body.objects.values_list("name", flat=True))
    # the groups sit in a list nested inside the board's item
    nested = page.split("Partnership Governing Board</a>", 2)[-1].split("</li>\n\n</ul>")[0]
    assert "Delivery Group" in nested and "Early Help Board" in nested


def test_a_loop_of_reports_to_does_not_hang_the_chart(boards):
    group = Body.objects.get(key="dg")
    Body.objects.filter(pk=boards.pk).update(reports_to=group)
    roots = structure.tree(list(Body.objects.all()))
    assert sum(1 for _ in structure._walk(roots)) == 3


def test_a_blockage_escalated_by_an_owner_shows_on_the_board_and_goes_on_its_next_agenda(
    client, boards, action, owner, planner
):
    services.action_update_post(
        by=owner,
        action=action,
        status="in_progress",
        progress="Stuck.",
        escalate_to=boards,
        escalation_summary="Agree a venue.",
    )
    client.force_login(planner)
    page = client.get(reverse("plans:body", args=[boards.pk])).content.decode()
    assert "Blockages escalated to it" in page and "Agree a venue." in page
    meeting = services.meeting_create(
        by=planner, body=boards, starts_at=datetime(2027, 1, 14, 14, tzinfo=UTC)
    )
    escalation = boards.escalations.get()
    response = client.post(
        reverse("plans:agenda-item-new", args=[meeting.pk]),
        {"title": "Venue for the parenting group", "purpose": "decision", "escalation": escalation.pk},
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.agenda_item.meeting == meeting
    page = client.get(reverse("plans:body", args=[boards.pk])).content.decode()
    assert "Blockages escalated to it" not in page and "Venue for the parenting group" in page


def test_a_decision_recorded_at_a_meeting_is_in_the_board_decision_log(client, boards, planner):
    meeting = services.meeting_create(
        by=planner, body=boards, starts_at=datetime(2026, 10, 1, 14, tzinfo=UTC), public=True
    )
    client.force_login(planner)
    client.post(
        reverse("plans:decision-new", args=[meeting.pk]), {"text": "Agreed the early help action plan."}
    )
    client.logout()
    page = client.get(reverse("plans:body", args=[boards.pk])).content.decode()
    assert "Agreed the early help action plan." in page and "1 October 2026" in page


def test_the_board_calendar_holds_its_meetings_the_reader_may_see(client, boards, planner):
    services.meeting_create(
        by=planner,
        body=boards,
        starts_at=datetime(2027, 1, 14, 14, tzinfo=UTC),
        public=True,
        venue="Civic Suite",
    )
    services.meeting_create(
        by=planner, body=boards, starts_at=datetime(2027, 2, 14, 14, tzinfo=UTC), public=False
    )
    response = client.get(reverse("plans:body-calendar", args=[boards.pk]))
    assert response["Content-Type"] == "text/calendar"
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["LOCATION"]) for e in events] == ["Civic Suite"]
    assert events[0].decoded("DTSTART") == datetime(2027, 1, 14, 14, tzinfo=UTC)


def test_a_meeting_ending_before_it_starts_is_refused_with_the_form_kept(client, boards, planner):
    client.force_login(planner)
    response = client.post(
        reverse("plans:meeting-new", args=[boards.pk]),
        {"day": "14/1/2027", "starts": "14:00", "ends": "13:00", "venue": "Hall"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The meeting must end after it starts." in page and 'value="Hall"' in page
    assert not boards.meetings.exists()


def test_a_public_meeting_does_not_name_an_escalated_action_the_public_may_not_see(
    client, boards, action, owner, planner
):
    services.action_update_post(
        by=owner,
        action=action,
        status="in_progress",
        progress="Stuck.",
        escalate_to=boards,
        escalation_summary="Secret.",
    )
    meeting = services.meeting_create(
        by=planner, body=boards, starts_at=datetime(2027, 1, 14, 14, tzinfo=UTC), public=True
    )
    services.agenda_item_add(
        by=planner, meeting=meeting, title="Blockages", escalation=boards.escalations.get()
    )
    page = client.get(reverse("plans:meeting", args=[meeting.pk])).content.decode()
    assert action.title not in page and "Secret." not in page and "not public" in page
    client.force_login(planner)
    assert action.title in client.get(reverse("plans:meeting", args=[meeting.pk])).content.decode()


def test_a_decision_needs_a_held_meeting_and_is_recorded_once(boards, planner):
    from django.core.exceptions import ValidationError

    future = services.meeting_create(by=planner, body=boards, starts_at=datetime(2030, 1, 14, 14, tzinfo=UTC))
    with pytest.raises(ValidationError):
        services.decision_record(by=planner, meeting=future, text="Agreed.")
    held = services.meeting_create(by=planner, body=boards, starts_at=datetime(2026, 10, 1, 14, tzinfo=UTC))
    services.decision_record(by=planner, meeting=held, text="Agreed.")
    with pytest.raises(ValidationError):
        services.decision_record(by=planner, meeting=held, text="Agreed.")
    assert held.decisions.count() == 1 and not future.decisions.exists()


def test_an_agenda_item_posted_twice_is_kept_once(client, boards, planner):
    meeting = services.meeting_create(
        by=planner, body=boards, starts_at=datetime(2027, 1, 14, 14, tzinfo=UTC)
    )
    client.force_login(planner)
    address = reverse("plans:agenda-item-new", args=[meeting.pk])
    posted = {"title": "Early help progress", "purpose": "decision", "presenter": "Head of Early Help"}
    assert client.post(address, posted).status_code == 302
    again = client.post(address, posted)
    assert again.status_code == 200 and "already has an item with this title" in again.content.decode()
    assert meeting.agenda.count() == 1


@pytest.mark.parametrize("day", ["1/3/1900", "1/3/2207"])
def test_a_meeting_in_a_mistyped_year_is_refused_with_the_form_kept(client, boards, planner, day):
    client.force_login(planner)
    response = client.post(
        reverse("plans:meeting-new", args=[boards.pk]), {"day": day, "starts": "10:00", "venue": "Hall"}
    )
    page = response.content.decode()
    assert (
        response.status_code == 200 and "Enter a date from 1 January 2000" in page and 'value="Hall"' in page
    )
    assert not boards.meetings.exists()


def test_the_decision_log_shows_the_public_only_decisions_of_public_meetings_and_public_plans(
    client, boards, planner, plan
):
    held = services.meeting_create(by=planner, body=boards, starts_at=datetime(2026, 10, 1, 14, tzinfo=UTC))
    open_meeting = services.meeting_create(
        by=planner, body=boards, starts_at=datetime(2026, 10, 8, 14, tzinfo=UTC), public=True
    )
    services.decision_record(by=planner, meeting=held, text="Agreed in private session.")
    services.decision_record(by=planner, meeting=open_meeting, text="Agreed in public.")
    plan.body = boards
    plan.save()
    services.plan_status_change(
        by=planner,
        plan=plan,
        status="approved",
        decision_text="Approved the draft.",
        decided_on=date(2026, 9, 1),
    )
    public = client.get(reverse("plans:body", args=[boards.pk])).content.decode()
    assert "Agreed in public." in public
    assert (
        "Agreed in private session." not in public and "Approved the draft." not in public
    )  # plan not public
    client.force_login(planner)
    staff = client.get(reverse("plans:body", args=[boards.pk])).content.decode()
    assert all(d in staff for d in ("Agreed in public.", "Agreed in private session.", "Approved the draft."))


def test_a_decision_about_a_plan_the_public_may_not_see_stays_hidden_even_from_a_public_meeting(
    client, boards, planner, plan
):
    held = services.meeting_create(
        by=planner, body=boards, starts_at=datetime(2026, 10, 8, 14, tzinfo=UTC), public=True
    )
    decision = services.decision_record(by=planner, meeting=held, text="Agreed the draft plan.")
    decision.plan = plan  # a partnership plan, not public
    decision.save()
    services.decision_record(by=planner, meeting=held, text="Agreed the venue.")
    for address in (reverse("plans:body", args=[boards.pk]), reverse("plans:meeting", args=[held.pk])):
        page = client.get(address).content.decode()
        assert "Agreed the venue." in page and "Agreed the draft plan." not in page
    client.force_login(planner)
    assert "Agreed the draft plan." in client.get(reverse("plans:meeting", args=[held.pk])).content.decode()


def test_a_decision_on_an_agenda_item_about_a_hidden_plan_is_left_out_of_the_meeting_page_and_api(
    client, boards, planner, plan
):
    held = services.meeting_create(
        by=planner, body=boards, starts_at=datetime(2026, 10, 8, 14, tzinfo=UTC), public=True
    )
    item = services.agenda_item_add(by=planner, meeting=held, title="The draft strategy")
    decision = services.decision_record(
        by=planner, meeting=held, text="Agreed the draft plan.", agenda_item=item
    )
    decision.plan = plan  # a partnership plan, not public
    decision.save()
    page = client.get(reverse("plans:meeting", args=[held.pk])).content.decode()
    api = client.get(f"/api/plans/meetings/{held.pk}/").json()
    assert "The draft strategy" in page and "Agreed the draft plan." not in page
    assert api["decisions"] == [] and all(i["decisions"] == [] for i in api["agenda"])
    client.force_login(planner)
    assert "Agreed the draft plan." in client.get(reverse("plans:meeting", args=[held.pk])).content.decode()
