"""The plans JSON API (/api/plans/): the same people see the same things as on the pages, because both
ask `plans.selectors`; hidden ids answer 404 as missing ones do; the computed status is the selectors'
own; bad parameters are a 400 naming the parameter, and nothing a caller types makes a server error."""

from datetime import timedelta

import pytest
from django.utils import timezone

from equalchance.indicators.models import Indicator
from equalchance.plans import selectors, services
from equalchance.plans.models import Action, Plan
from equalchance.plans.tests import access
from equalchance.plans.tests.factories import action_make, element_make, plan_make
from tests.authorization.harness import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(user_with_role):
    """The records of the authorisation matrix (see access.populate): a public plan with a public and a
    restricted action, a partnership plan, a restricted plan whose one action the "referrer" owns, a
    public board with a public and a private meeting, and a partnership group."""
    referrer = user_with_role("viewer", username="referrer", first_name="Rae", last_name="Referrer")
    world = World(people={"referrer": referrer})
    access.populate(world)
    return world


def get(client, path, user=None, status=200):
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json", path
    return response.json()


def listed(client, path, user=None):
    return {item["id"] for item in get(client, path, user)["contents"]}


def every_action_id(plan_body) -> set[int]:
    """Every action id a plan's answer mentions: its actions, their parents, and each element's list."""
    found = {a["id"] for a in plan_body["actions"]} | {a["parent"] for a in plan_body["actions"]}

    def walk(elements):
        for element in elements:
            found.update(element["actions"])
            walk(element["children"])

    walk(plan_body["elements"])
    return found - {None}


def test_the_public_never_sees_a_non_public_plan_action_board_or_meeting_by_list_or_id(
    client, world, planner
):
    w = world
    draft = plan_make(by=planner, title="Public draft", visibility="public")  # public, but a draft
    assert listed(client, "/api/plans/") == {w.public_plan.pk}
    for plan in (w.partnership_plan, w.restricted_plan, draft):
        assert get(client, f"/api/plans/{plan.pk}/", status=404)["detail"]
    for action in (w.hidden_action, w.owned_action):
        get(client, f"/api/plans/actions/{action.pk}/", status=404)
    assert listed(client, "/api/plans/boards/") == {w.board.pk}
    get(client, f"/api/plans/boards/{w.group.pk}/", status=404)
    board = get(client, f"/api/plans/boards/{w.board.pk}/")
    assert [m["id"] for m in board["meetings"]] == [w.public_meeting.pk]
    assert board["reporting"] == []  # the partnership group reports to it, unseen
    for meeting in (w.private_meeting, w.group_meeting):
        get(client, f"/api/plans/meetings/{meeting.pk}/", status=404)
    assert get(client, f"/api/plans/meetings/{w.public_meeting.pk}/")["board"]["id"] == w.board.pk


def test_nothing_of_a_restricted_action_shows_inside_a_public_plan(client, world, planner):
    w = world
    milestone = action_make(
        by=planner, plan=w.public_plan, title="Open milestone", visibility="public", parent=w.hidden_action
    )
    services.action_edit(by=planner, action=w.public_action, element=w.public_element)
    response = client.get(f"/api/plans/{w.public_plan.pk}/")
    assert response.status_code == 200 and "Quiet action" not in response.content.decode()
    body = response.json()
    assert every_action_id(body) == {w.public_action.pk, milestone.pk}
    assert body["elements"][0]["actions"] == [w.public_action.pk]
    assert next(a for a in body["actions"] if a["id"] == milestone.pk)["parent"] is None
    assert body["counts"]["in_progress"] + body["counts"]["not_yet_due"] == 2
    # and the editor, who may see it, gets it in the same places
    editor = get(client, f"/api/plans/{w.public_plan.pk}/", planner)
    assert w.hidden_action.pk in every_action_id(editor)
    assert next(a for a in editor["actions"] if a["id"] == milestone.pk)["parent"] == w.hidden_action.pk


def test_a_restricted_action_escalated_to_a_public_meeting_is_not_named_to_the_public(client, world, planner):
    w = world
    services.action_update_post(
        by=w.people["referrer"],
        action=w.owned_action,
        status="in_progress",
        progress="Stuck.",
        blockers="No venue.",
        escalate_to=w.board,
        escalation_summary="Find a venue.",
    )
    escalation = selectors.escalations_pending(body=w.board).get()
    services.agenda_item_add(by=planner, meeting=w.public_meeting, title="Blockages", escalation=escalation)
    response = client.get(f"/api/plans/meetings/{w.public_meeting.pk}/")
    assert response.status_code == 200 and "Owned action" not in response.content.decode()
    assert [(i["title"], i["escalated_action"]) for i in response.json()["agenda"]] == [("Blockages", None)]
    seen = get(client, f"/api/plans/meetings/{w.public_meeting.pk}/", planner)
    assert seen["agenda"][0]["escalated_action"] == w.owned_action.pk


def test_a_viewer_sees_partnership_items_but_restricted_ones_only_where_they_own_an_action(
    client, world, stranger
):
    w = world
    assert listed(client, "/api/plans/", stranger) == {
        w.public_plan.pk,
        w.partnership_plan.pk,
        w.area_plan.pk,
    }
    get(client, f"/api/plans/{w.partnership_plan.pk}/")
    get(client, f"/api/plans/{w.restricted_plan.pk}/", status=404)
    get(client, f"/api/plans/actions/{w.owned_action.pk}/", status=404)
    get(client, f"/api/plans/actions/{w.hidden_action.pk}/", status=404)
    assert w.hidden_action.pk not in every_action_id(get(client, f"/api/plans/{w.public_plan.pk}/"))
    assert listed(client, "/api/plans/boards/") == {w.board.pk, w.group.pk}
    get(client, f"/api/plans/meetings/{w.private_meeting.pk}/")

    owner = w.people["referrer"]
    assert listed(client, "/api/plans/", owner) == {
        w.public_plan.pk,
        w.partnership_plan.pk,
        w.restricted_plan.pk,
        w.area_plan.pk,
    }
    restricted = get(client, f"/api/plans/{w.restricted_plan.pk}/")
    assert [a["id"] for a in restricted["actions"]] == [w.owned_action.pk]
    assert get(client, f"/api/plans/actions/{w.owned_action.pk}/")["owner"] == "Rae Referrer"
    get(client, f"/api/plans/actions/{w.hidden_action.pk}/", status=404)  # owns nothing in that one


def test_a_provider_sees_what_the_public_sees(client, world, user_with_role):
    w = world
    provider = user_with_role("provider", username="prov")
    assert listed(client, "/api/plans/", provider) == {w.public_plan.pk}
    get(client, f"/api/plans/{w.partnership_plan.pk}/", status=404)
    assert listed(client, "/api/plans/boards/") == {w.board.pk}


def test_the_computed_status_is_the_selectors_own_for_every_action(client, world, planner):
    w = world
    today = timezone.localdate()
    late = action_make(
        by=planner,
        plan=w.partnership_plan,
        title="Late",
        start=today - timedelta(days=100),
        due=today - timedelta(days=3),
        original_due=today - timedelta(days=40),
        status="in_progress",
    )
    services.action_update_post(
        by=w.people["referrer"],
        action=w.owned_action,
        status="in_progress",
        progress="Going",
        percent_complete=5,
    )
    client.force_login(planner)
    for action in Action.objects.all():
        row = selectors.action_row(
            Action.objects.get(pk=action.pk),
            today=today,
            cycle=selectors.cycle_current(plan=action.plan, today=today),
        )
        computed = get(client, f"/api/plans/actions/{action.pk}/")["computed"]
        assert computed["state"] == row.result.state and computed["rag"] == row.result.rag
        assert computed["reason"] == row.result.reason
        assert computed["slippage_days"] == row.result.slippage_days
        assert computed["completed_late"] == row.result.completed_late
        assert set(computed["flags"]) == set(row.result.flags)
        assert [(e["code"], e["reason"]) for e in computed["exceptions"]] == row.exceptions
        assert computed["update_missing"] == row.update_missing
        in_plan = get(client, f"/api/plans/{action.plan_id}/")["actions"]
        assert next(a for a in in_plan if a["id"] == action.pk)["computed"] == computed
    late_status = get(client, f"/api/plans/actions/{late.pk}/")["computed"]
    assert (late_status["state"], late_status["rag"], late_status["slippage_days"]) == ("overdue", "red", 37)
    assert "slipped" in late_status["flags"] and late_status["words"] == "Red: overdue"


def test_an_action_twenty_per_cent_done_eleven_months_into_twelve_is_red(client, planner):
    # Worked by hand: 11 of 12 months gone, so 91.7% of the work is expected; 20 / 91.7 is 22% of the
    # schedule, below the 70% amber line: red, off track.
    today = timezone.localdate()
    start = today - timedelta(days=335)
    plan = plan_make(by=planner, title="Schedule")
    action = action_make(
        by=planner,
        plan=plan,
        start=start,
        due=start + timedelta(days=365),
        status="in_progress",
        percent_complete=20,
    )
    computed = get(client, f"/api/plans/actions/{action.pk}/", planner)["computed"]
    assert (computed["state"], computed["rag"], computed["shape"]) == ("off_track", "red", "■")
    assert [e["code"] for e in computed["exceptions"]] == ["red", "no_owner"]


def test_the_latest_update_is_dated_and_labelled_but_never_says_who_wrote_it(
    client, planner, owner, user_with_role
):
    delegate = user_with_role("viewer", username="deputy", first_name="Dee", last_name="Deputy")
    plan = plan_make(by=planner, title="Updates")
    action = action_make(by=planner, plan=plan, owner=owner, delegate=delegate)
    services.action_update_post(
        by=delegate,
        action=action,
        status="in_progress",
        progress="Venue booked.",
        percent_complete=40,
        synthetic=True,
    )
    response = client.get(f"/api/plans/actions/{action.pk}/")
    assert response.status_code == 404  # a partnership plan: not for the public
    client.force_login(planner)
    response = client.get(f"/api/plans/actions/{action.pk}/")
    text = response.content.decode()
    body = response.json()
    assert body["owner"] == "Olu Owner"
    latest = body["latest_update"]
    assert (latest["progress"], latest["percent_complete"], latest["synthetic"]) == (
        "Venue booked.",
        40,
        True,
    )
    assert latest["date"] == timezone.localdate().isoformat()
    assert "Dee" not in text and "deputy" not in text and "author" not in text
    assert "delegate" not in text


def test_the_element_tree_nests_children_with_what_they_are_measured_by(client, planner):
    plan = plan_make(by=planner, title="Community strategy", visibility="public")
    services.plan_status_change(by=planner, plan=plan, status="consultation")
    theme = element_make(by=planner, plan=plan, code="2", title="Safer", kind="theme")
    objective = element_make(
        by=planner,
        plan=plan,
        code="2.a",
        title="Less harm",
        kind="objective",
        parent=theme,
        current_position="Rates fell in 2024.",
    )
    indicator = Indicator.objects.get(code="cpp-rate")
    services.element_measure_link(by=planner, element=objective, indicator=indicator)
    services.element_measure_link(by=planner, element=objective, text="Residents feeling safe")
    body = get(client, f"/api/plans/{plan.pk}/")
    assert [(e["code"], e["kind"]) for e in body["elements"]] == [("2", "theme")]
    child = body["elements"][0]["children"][0]
    assert (child["code"], child["kind"], child["current_position"]) == (
        "2.a",
        "objective",
        "Rates fell in 2024.",
    )
    assert child["measured_by"] == [
        {"indicator": {"code": "cpp-rate", "name": indicator.name}, "text": ""},
        {"indicator": None, "text": "Residents feeling safe"},
    ]
    assert child["children"] == []


def test_members_are_given_by_role_and_post_never_by_name(client, world, planner, user_with_role):
    chair = user_with_role("viewer", username="chairperson", first_name="Chris", last_name="Chairman")
    services.body_member_add(
        by=planner, body=world.board, role="chair", title="Leader of the Council", user=chair
    )
    for user in (None, planner):  # the public, then a plan editor
        if user is not None:
            client.force_login(user)
        response = client.get(f"/api/plans/boards/{world.board.pk}/")
        text = response.content.decode()
        assert "Chris" not in text and "chairperson" not in text
        member = {
            "role": "chair",
            "role_label": "Chair",
            "title": "Leader of the Council",
            "organisation": None,
        }
        assert member in response.json()["members"]


def test_plans_filter_by_status_and_type_and_come_a_page_at_a_time(client, world, planner):
    w = world
    client.force_login(planner)
    assert listed(client, "/api/plans/?status=approved") == {w.public_plan.pk}
    assert listed(client, "/api/plans/?status=draft") == {
        w.partnership_plan.pk,
        w.restricted_plan.pk,
        w.area_plan.pk,
    }
    assert listed(client, "/api/plans/?type=council_plan") == set()
    assert listed(client, "/api/plans/?type=strategy&status=draft") == {
        w.partnership_plan.pk,
        w.restricted_plan.pk,
    }
    titles = [p["title"] for p in get(client, "/api/plans/")["contents"]]
    assert titles == ["Area plan", "Open strategy", "Partnership plan", "Restricted plan"]
    second = get(client, "/api/plans/?per_page=3&page=2")
    assert [p["title"] for p in second["contents"]] == ["Restricted plan"]
    assert (second["total_items"], second["total_pages"], second["first_page"], second["last_page"]) == (
        4,
        2,
        False,
        True,
    )


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("status=open", "status"),
        ("status=DRAFT", "status"),
        ("type=plan", "type"),
        ("page=two", "page"),
        ("page=0", "page"),
        ("per_page=-5", "per_page"),
        ("page=%C2%B2", "page"),  # "²": a digit to str.isdigit, not to people
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(client, world, query, parameter):
    body = get(client, f"/api/plans/?{query}", status=400)
    assert body["parameter"] == parameter and body["detail"].startswith(f"{parameter}:")
    if parameter == "status":
        assert body["allowed"] == Plan.Status.values and "under_review" in body["detail"]
    if parameter == "type":
        assert body["allowed"] == Plan.Type.values
    if parameter == "page":
        assert get(client, f"/api/plans/boards/?{query}", status=400)["parameter"] == "page"


def test_huge_page_numbers_and_odd_ids_answer_without_a_server_error(client, world, planner):
    huge = "9" * 40
    for path in (f"/api/plans/?page={huge}", f"/api/plans/boards/?page={huge}&per_page={huge}"):
        page = get(client, path)
        assert page["empty"] and page["contents"] == [] and page["last_page"]
    assert get(client, f"/api/plans/boards/?per_page={huge}")["size"] == 1
    for kind in ("", "actions/", "boards/", "meetings/"):
        for pk in ("abc", "-1", "0", "1.5", str(2**63), huge, "%C2%B2"):
            response = client.get(f"/api/plans/{kind}{pk}/")
            assert response.status_code == 404 and response.json()["detail"], (kind, pk)


def test_a_plan_costs_the_same_number_of_queries_however_many_actions_it_has(client, planner, owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = plan_make(by=planner, title="Counted")
    element = element_make(by=planner, plan=plan)
    client.force_login(planner)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            get(client, f"/api/plans/{plan.pk}/")
        return len(captured)

    action_make(by=planner, plan=plan, element=element, owner=owner)
    few = queries()
    for n in range(10):
        action = action_make(by=planner, plan=plan, element=element, owner=owner, title=f"Action {n}")
        services.action_update_post(by=owner, action=action, status="in_progress", progress="Going.")
    assert queries() == few
