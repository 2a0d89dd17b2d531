"""Performance's rows of the authorisation matrix (see tests/authorization/harness.py): published
measures for everyone; the partnership's measures for roles that read performance and for the people a
measure names; entering a value only by the measure's data-entry people (here a partner's provider, the
"receiving member"); approving or returning it only by its approver (here a viewer, the "referrer"),
whatever anyone else's role."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from equalchance.performance.models import MeasureValue
from equalchance.performance.periods import period_containing
from tests.authorization.harness import Case, for_every_signed_in

READERS = ("administrator", "analyst", "viewer", "plan_editor")

STRANGERS = ("moderator", "other_member")

DEFINERS = ("administrator", "analyst", "plan_editor")
NOT_DEFINERS = ("viewer", "moderator", "provider", "receiving_member", "referrer")


def populate(world) -> None:
    from equalchance.accounts.services import system_actor
    from equalchance.performance import services

    system = system_actor()
    enterer, approver = world.people["receiving_member"], world.people["referrer"]
    public = services.programme_create(by=system, name="Open programme", visibility="public")
    quiet = services.programme_create(by=system, name="Quiet programme")
    world.records["quiet_programme"] = quiet
    # Population results: one a public programme contributes to, one only the quiet programme.
    world.records["open_result"] = services.result_create(by=system, title="Open result")
    public.results.add(world.records["open_result"])
    world.records["quiet_result"] = services.result_create(by=system, title="Quiet result")
    quiet.results.add(world.records["quiet_result"])
    world.records["public_measure"] = services.measure_create(
        by=system,
        code="PM1",
        title="Open measure",
        category="how_much",
        owner=system,
        programme=public,
        visibility="public",
    )
    measure = services.measure_create(
        by=system,
        code="PM2",
        title="Partnership measure",
        category="how_well",
        owner=system,
        programme=quiet,
        data_entry=[enterer],
        approver=approver,
    )
    world.records["measure"] = measure
    # Defined before the periods they report, so their missing periods are owed (`periods.Period.owed`).
    from equalchance.performance.models import Measure
    from equalchance.performance.tests.factories import DEFINED_AT

    Measure.objects.update(created_at=DEFINED_AT)
    value = services.value_enter(
        by=enterer, measure=measure, period_start=date(2025, 4, 1), period_end=date(2025, 6, 30), value=7
    )
    world.records["submitted_value"] = services.value_submit(by=enterer, value=value)
    value = services.value_enter(
        by=enterer, measure=measure, period_start=date(2025, 10, 1), period_end=date(2025, 12, 31), value=8
    )
    world.records["approved_value"] = services.value_approve(
        by=approver, value=services.value_submit(by=enterer, value=value)
    )
    world.records["draft_entry"] = services.turn_the_curve_write(
        by=system,
        measure=measure,
        period_start=date(2025, 4, 1),
        period_end=date(2025, 6, 30),
        story="Partnership story",
    )
    # Feedback: the quiet programme's team is the partner's provider (the relationship decides).
    from equalchance.performance import feedback_services

    quiet.team.add(enterer)
    # A viewer in the same team: reads its responses and comments, changes nothing of its feedback.
    from equalchance.accounts.tests.factories import UserFactory

    world.people["team_viewer"] = UserFactory(role="viewer", username="team-viewer")
    quiet.team.add(world.people["team_viewer"])
    form = feedback_services.feedback_form_create(
        by=system,
        programme=quiet,
        title="Quiet feedback form",
        audience="parents_carers",
        questions=["govuk_satisfaction", "improve_comment"],
    )
    world.records["feedback_form"] = form
    response = feedback_services.feedback_response_receive(
        form=form, answers={"govuk_satisfaction": "satisfied"}, comments={"improve_comment": "Quiet comment"}
    )
    world.records["feedback_comment"] = response.comments.get()


def pk_of(key):
    return lambda world: {"pk": world.records[key].pk}


def values(world):
    return list(MeasureValue.objects.order_by("pk").values_list("pk", "value", "status"))


def definitions(world):
    from equalchance.performance.models import Baseline, ForecastPoint, Measure, Target

    return (
        list(Measure.objects.order_by("pk").values_list("pk", "title", "tolerance")),
        Target.objects.count(),
        Baseline.objects.count(),
        list(ForecastPoint.objects.values_list("pk", "value")),
    )


def turn_the_curve(world):
    from equalchance.performance.models import TurnTheCurve

    return list(TurnTheCurve.objects.values_list("pk", "story"))


def entry_states(world):
    from equalchance.performance.models import TurnTheCurve

    return list(TurnTheCurve.objects.values_list("pk", "status", "cleared_by"))


def definition(world):
    return {"code": "PMX", "title": "Hijacked", "category": "how_much", "owner": world.people["referrer"].pk}


def period_value(world):
    return {"period": "2026-04-01", "value": "9", "decision_text": "Minute 1", "decided_on": "1/3/2026"}


def programmes_and_results(world):
    from equalchance.performance.models import Programme, Result

    return (
        list(Programme.objects.order_by("pk").values_list("pk", "name", "visibility", "area")),
        list(Programme.team.through.objects.order_by("pk").values_list("programme", "user")),
        list(Programme.providers.through.objects.order_by("pk").values_list("programme", "organisation")),
        list(Result.objects.order_by("pk").values_list("pk", "title", "population", "area")),
    )


def programme_definition(world):
    """A team of the refused person themselves: adding oneself to a team would open its feedback."""
    return {"name": "Hijacked", "visibility": "public", "team": [world.people["referrer"].pk]}


def result_definition(world):
    return {"title": "Hijacked"}


def refused_definer_rows():
    """Defining, changing and setting targets, baselines and forecasts, and adding, changing and removing
    programmes (with their team) and population results: definers only; the rest are refused (and
    audited) with nothing written, whatever their relationship to the measure or programme (the quiet
    programme's team, the "receiving member", changes nothing of it)."""
    rows = []
    posts = [
        ("performance:measure-new", None, definition, definitions),
        ("performance:measure-edit", pk_of("measure"), definition, definitions),
        ("performance:target-new", pk_of("measure"), period_value, definitions),
        ("performance:baseline", pk_of("measure"), period_value, definitions),
        ("performance:forecast-new", pk_of("measure"), period_value, definitions),
        ("performance:forecast-trend", pk_of("measure"), lambda w: {}, definitions),
        ("performance:programme-new", None, programme_definition, programmes_and_results),
        (
            "performance:programme-edit",
            pk_of("quiet_programme"),
            programme_definition,
            programmes_and_results,
        ),
        ("performance:result-new", None, result_definition, programmes_and_results),
        ("performance:result-edit", pk_of("quiet_result"), result_definition, programmes_and_results),
        ("performance:programme-remove", pk_of("quiet_programme"), lambda w: {}, programmes_and_results),
        ("performance:result-remove", pk_of("quiet_result"), lambda w: {}, programmes_and_results),
    ]
    for url, args, data, unchanged in posts:
        # Programmes and results: also a stranger, and a viewer in the quiet programme's team.
        extra = ("other_member", "team_viewer") if unchanged is programmes_and_results else ()
        for who in (*NOT_DEFINERS, *extra):
            rows.append(Case(url, who, 403, args=args, refusal_audited=True))
            rows.append(
                Case(
                    url,
                    who,
                    403,
                    method="post",
                    args=args,
                    data=data,
                    refusal_audited=True,
                    unchanged=unchanged,
                )
            )
        rows.append(Case(url, "anonymous", 302, args=args))
        rows.append(Case(url, "anonymous", 302, method="post", args=args, data=data, unchanged=unchanged))
        rows.extend(Case(url, who, 200, args=args) for who in DEFINERS)
    return rows


def feedback_state(world):
    from equalchance.performance.models import (
        FeedbackComment,
        FeedbackForm,
        FeedbackInvitation,
        FeedbackMeasureLink,
        FeedbackResponse,
    )

    return (
        list(FeedbackForm.objects.order_by("pk").values_list("pk", "is_open")),
        FeedbackMeasureLink.objects.count(),
        list(FeedbackInvitation.objects.values_list("form", "count")),
        list(FeedbackComment.objects.order_by("pk").values_list("text", "state", "themes")),
        FeedbackResponse.objects.count(),
    )


def build_data(world):
    """A new form for the quiet form's programme, from the builder page."""
    return {
        "programme": str(world.records["feedback_form"].programme_id),
        "title": "Another quiet form",
        "audience": "parents_carers",
        "easy_read": "no",
        "position_govuk_satisfaction": "1",
    }


def token_of(world):
    return {"token": world.records["feedback_form"].token}


# Issue 12: feedback responses are never shown individually outside the programme team, whatever the
# role: those who define measures are not in the team here.
NOT_MANAGERS = ("viewer", "moderator", "other_member", "referrer")  # neither in the team nor definers
NOT_TEAM = (*NOT_MANAGERS, *DEFINERS)
FEEDBACK_WRITES = [
    ("feedback:form-open", pk_of("feedback_form"), lambda w: {"open": "no"}),
    ("feedback:invitations", pk_of("feedback_form"), lambda w: {"count": "40"}),
    (
        "feedback:comment",
        pk_of("feedback_comment"),
        # A moderator may only remove words (the comment is "Quiet comment"); a rewrite is refused to all.
        lambda w: {"text": "Quiet [removed]", "decision": "published", "themes": ["staff"]},
    ),
]


def import_data(world):
    """The import's last step (columns mapped): one response for the quiet form."""
    return {
        "content": "Date,Satisfied\n1/5/2026,Very satisfied\n",
        "file_name": "export.csv",
        "date_order": "dmy",
        "col_0": "date",
        "col_1": "govuk_satisfaction",
    }


def link_data(world):
    return {"question": "govuk_satisfaction", "measure": str(world.records["measure"].pk)}


# A viewer in the programme's team (probe: a viewer built forms, imported, published comments, opened
# and closed forms): reads the form, its answers and comments, and is offered nothing to change; every
# page that changes feedback is refused (403, audited) with nothing written.
TEAM_VIEWER_WRITES = [
    *FEEDBACK_WRITES,
    ("feedback:form-new", None, build_data),
    ("feedback:import", pk_of("feedback_form"), import_data),
    ("feedback:measure-link", pk_of("feedback_form"), link_data),
]
TEAM_VIEWER_ROWS = [
    Case(
        "feedback:forms",
        "team_viewer",
        200,
        shows=("Quiet feedback form",),
        hides=("Make a feedback form</a>",),
        why="(a viewer in its team)",
    ),
    Case(
        "feedback:form",
        "team_viewer",
        200,
        args=pk_of("feedback_form"),
        shows=("Quiet comment", "What people said, by quarter", "Your role (viewer) reads"),
        hides=("Close the form", "Import responses", "Log invitations", ">Moderate<", "Link a measure"),
        why="(a viewer in its team: reads, offered nothing to change)",
    ),
    Case(
        "feedback:form-new",
        "team_viewer",
        200,
        shows=("Your role (viewer) reads the feedback of your programmes but does not make forms",),
        hides=("Quiet programme</option>", "Make the form</button>"),
        why="(a viewer in a team: told why they make no forms)",
    ),
    *[
        Case(url, "team_viewer", 200, args=pk_of("feedback_form"), why="(a viewer in its team: reads)")
        for url in ("feedback:qr-svg", "feedback:qr-png", "feedback:poster")
    ],
    *[
        Case(url, "team_viewer", 403, args=pk_of(key), refusal_audited=True, why="(a viewer in its team)")
        for url, key in (
            ("feedback:comment", "feedback_comment"),
            ("feedback:import", "feedback_form"),
            ("feedback:measure-link", "feedback_form"),
        )
    ],
    *[
        Case(
            url,
            "team_viewer",
            403,
            method="post",
            args=args,
            data=data,
            refusal_audited=True,
            unchanged=feedback_state,
            why="(a viewer in its team)",
        )
        for url, args, data in TEAM_VIEWER_WRITES
    ],
]


def entry(world):
    ended = period_containing(
        period_containing(timezone.localdate(), "quarterly").start - timedelta(days=1), "quarterly"
    )
    return {"period": ended.start.isoformat(), "value": "5"}


def upload(world):
    """A file of one value for the partnership measure's second quarter of 2025/26."""
    text = b"measure_code,period,value\nPM2,Q2 2025/26,5\n"
    return {"file": SimpleUploadedFile("values.csv", text, content_type="text/csv")}


# Importing values, and the template to fill in: only people who enter some measure's values.
NOT_ENTERERS = (*READERS, *STRANGERS, "referrer")

IMPORT_ROWS = [
    Case("performance:values-import", "receiving_member", 200, why="(enters a measure's values)"),
    Case(
        "performance:values-import",
        "receiving_member",
        302,
        method="post",
        data=upload,
        why="(enters a measure's values)",
    ),
    *[Case("performance:values-import", who, 403, refusal_audited=True) for who in NOT_ENTERERS],
    *[
        Case(
            "performance:values-import",
            who,
            403,
            method="post",
            data=upload,
            refusal_audited=True,
            unchanged=values,
        )
        for who in NOT_ENTERERS
    ],
    Case("performance:values-import", "anonymous", 302),
    Case("performance:values-import", "anonymous", 302, method="post", data=upload, unchanged=values),
    Case(
        "performance:values-import-template",
        "receiving_member",
        200,
        shows=("measure_code,period,value", "PM2,"),
        hides=("PM1",),
        why="(enters a measure's values)",
    ),
    *[Case("performance:values-import-template", who, 403, refusal_audited=True) for who in NOT_ENTERERS],
    Case("performance:values-import-template", "anonymous", 302),
    # The measure list links to the import for those who may use it.
    Case(
        "performance:list",
        "receiving_member",
        200,
        shows=("Import values from a spreadsheet",),
        why="(enters a measure's values: the import link)",
    ),
    *[
        Case(
            "performance:list", who, 200, hides=("Import values from a spreadsheet",), why="(no import link)"
        )
        for who in ("anonymous", *NOT_ENTERERS)
    ],
]

ROWS = [
    # The list: everyone, each seeing what they may.
    Case("performance:list", "anonymous", 200, shows=("Open measure",), hides=("Partnership measure",)),
    *[Case("performance:list", who, 200, shows=("Open measure", "Partnership measure")) for who in READERS],
    *[Case("performance:list", who, 200, hides=("Partnership measure",)) for who in STRANGERS],
    Case(
        "performance:list", "receiving_member", 200, shows=("Partnership measure",), why="(enters its values)"
    ),
    # The exception report: everyone, listing only what each may see (both measures' data are overdue).
    Case("performance:exceptions", "anonymous", 200, shows=("Open measure",), hides=("Partnership measure",)),
    *[
        Case("performance:exceptions", who, 200, shows=("Open measure", "Partnership measure"))
        for who in READERS
    ],
    *[Case("performance:exceptions", who, 200, hides=("Partnership measure",)) for who in STRANGERS],
    # A published measure: everyone.
    Case("performance:measure", "anonymous", 200, args=pk_of("public_measure")),
    Case("performance:measure", "provider", 200, args=pk_of("public_measure")),
    # A partnership measure: roles that read performance and the people it names; 404 for anyone else.
    *[Case("performance:measure", who, 200, args=pk_of("measure")) for who in READERS],
    *[
        Case("performance:measure", who, 200, args=pk_of("measure"), why="(named by the measure)")
        for who in ("receiving_member", "referrer")
    ],
    *[
        Case("performance:measure", who, 404, args=pk_of("measure"), hides=("Partnership measure",))
        for who in (*STRANGERS, "anonymous")
    ],
    Case(
        "performance:measure",
        "receiving_member",
        200,
        args=pk_of("measure"),
        shows=("Enter a value",),
        why="(enters its values)",
    ),
    Case("performance:measure", "administrator", 200, args=pk_of("measure"), hides=("Enter a value",)),
    # Entering a value: the measure's data-entry people only, whatever anyone else's role.
    Case("performance:value-new", "receiving_member", 200, args=pk_of("measure")),
    Case(
        "performance:value-new",
        "receiving_member",
        302,
        method="post",
        args=pk_of("measure"),
        data=entry,
        why="(enters its values)",
    ),
    *[
        Case("performance:value-new", who, 403, args=pk_of("measure"), refusal_audited=True)
        for who in (*READERS, "referrer")
    ],
    *[
        Case(
            "performance:value-new",
            who,
            403,
            method="post",
            args=pk_of("measure"),
            data=entry,
            refusal_audited=True,
            unchanged=values,
        )
        for who in (*READERS, "referrer")
    ],
    *[
        Case(
            "performance:value-new",
            who,
            404,
            method="post",
            args=pk_of("measure"),
            data=entry,
            unchanged=values,
        )
        for who in STRANGERS
    ],
    Case("performance:value-new", "anonymous", 302, method="post", args=pk_of("measure"), data=entry),
    # The turn-the-curve report card, as a page and a PDF: whoever sees the measure.
    *[
        Case(url, who, 200, args=pk_of("public_measure"))
        for url in ("performance:card", "performance:card-pdf")
        for who in ("anonymous", "provider", "analyst")
    ],
    *[
        Case(url, who, 404, args=pk_of("measure"), hides=("Partnership measure",))
        for url in ("performance:card", "performance:card-pdf")
        for who in (*STRANGERS, "anonymous")
    ],
    *[Case("performance:card", who, 200, args=pk_of("measure")) for who in READERS],
    # Writing turn-the-curve entries: the measure's owner (here the system) and definers only.
    *[Case("performance:turn-the-curve", who, 200, args=pk_of("measure")) for who in DEFINERS],
    *[
        Case("performance:turn-the-curve", who, 403, args=pk_of("measure"), refusal_audited=True)
        for who in ("viewer", "receiving_member", "referrer")
    ],
    *[
        Case(
            "performance:turn-the-curve",
            who,
            403,
            method="post",
            args=pk_of("measure"),
            data=lambda w: {"period": "2026-04-01", "story": "Hijacked"},
            refusal_audited=True,
            unchanged=turn_the_curve,
        )
        for who in ("viewer", "receiving_member", "referrer")
    ],
    # Clearing a turn-the-curve entry: one who may write it, not its author (here the system).
    Case(
        "performance:turn-the-curve-clear",
        "analyst",
        302,
        method="post",
        args=pk_of("draft_entry"),
        why="(defines measures)",
    ),
    *[
        Case(
            "performance:turn-the-curve-clear",
            who,
            403,
            method="post",
            args=pk_of("draft_entry"),
            refusal_audited=True,
            unchanged=entry_states,
        )
        for who in ("viewer", "receiving_member", "referrer")
    ],
    *[
        Case(
            "performance:turn-the-curve-clear",
            who,
            404,
            method="post",
            args=pk_of("draft_entry"),
            unchanged=entry_states,
        )
        for who in STRANGERS
    ],
    Case(
        "performance:turn-the-curve-clear",
        "anonymous",
        302,
        method="post",
        args=pk_of("draft_entry"),
        unchanged=entry_states,
    ),
    # Defining measures and their targets, baselines and forecasts, programmes and results: definers only.
    *refused_definer_rows(),
    # Population results: everyone, each seeing the results of the programmes they may see.
    Case("performance:results", "anonymous", 200, shows=("Open result",), hides=("Quiet result", "Add a")),
    *[Case("performance:results", who, 200, shows=("Open result", "Quiet result")) for who in READERS],
    *[Case("performance:results", who, 200, hides=("Quiet result",)) for who in STRANGERS],
    Case(
        "performance:results",
        "receiving_member",
        200,
        shows=("Quiet result",),
        hides=("Add a population result",),
        why="(in the quiet programme's team)",
    ),
    *[Case("performance:results", who, 200, shows=("Add a population result",)) for who in DEFINERS],
    # The programme list and card offer adding and changing to definers only.
    Case(
        "performance:programmes",
        "analyst",
        200,
        shows=("Add a programme", "/edit/"),
        why="(defines measures)",
    ),
    *[Case("performance:programmes", who, 200, hides=("Add a programme", "/edit/")) for who in NOT_DEFINERS],
    Case(
        "performance:programme-card",
        "plan_editor",
        200,
        args=pk_of("quiet_programme"),
        shows=("Change the programme",),
        why="(defines measures)",
    ),
    Case(
        "performance:programme-card",
        "receiving_member",
        200,
        args=pk_of("quiet_programme"),
        hides=("Change the programme",),
        why="(in its team, not a definer)",
    ),
    Case(
        "performance:measure",
        "analyst",
        200,
        args=pk_of("measure"),
        shows=("Change the definition", "Set a target"),
        why="(defines measures)",
    ),
    *[
        Case("performance:measure", who, 200, args=pk_of("public_measure"), hides=("Change the definition",))
        for who in NOT_DEFINERS
    ],
    # The approver's queue: every signed-in user sees only what waits for them.
    *for_every_signed_in("performance:approvals", hides=("Partnership measure",)),
    Case("performance:approvals", "referrer", 200, shows=("Partnership measure",), why="(its approver)"),
    Case(
        "performance:approvals", "receiving_member", 200, hides=("Partnership measure",), why="(entered it)"
    ),
    # Approving or returning: the measure's approver only, never the person who entered the value.
    Case(
        "performance:value-decide",
        "referrer",
        302,
        method="post",
        args=pk_of("submitted_value"),
        data=lambda w: {"decision": "approve"},
        why="(its approver)",
    ),
    Case(
        "performance:value-decide",
        "referrer",
        302,
        method="post",
        args=pk_of("submitted_value"),
        data=lambda w: {"decision": "return", "reason": "Recount"},
        why="(its approver, returning)",
    ),
    *[
        Case(
            "performance:value-decide",
            who,
            403,
            method="post",
            args=pk_of("submitted_value"),
            data=lambda w: {"decision": "approve"},
            refusal_audited=True,
            unchanged=values,
        )
        for who in (*READERS, "receiving_member")
    ],
    *[
        Case(
            "performance:value-decide",
            who,
            404,
            method="post",
            args=pk_of("submitted_value"),
            data=lambda w: {"decision": "return", "reason": "Hijacked"},
            unchanged=values,
        )
        for who in STRANGERS
    ],
    Case(
        "performance:value-decide",
        "anonymous",
        302,
        method="post",
        args=pk_of("submitted_value"),
        data=lambda w: {"decision": "approve"},
        unchanged=values,
    ),
    # Returning an approved value for correction: its approver only.
    Case(
        "performance:value-reopen",
        "referrer",
        302,
        method="post",
        args=pk_of("approved_value"),
        data=lambda w: {"reason": "Recount"},
        why="(its approver)",
    ),
    *[
        Case(
            "performance:value-reopen",
            who,
            403,
            method=method,
            args=pk_of("approved_value"),
            data=lambda w: {"reason": "Hijacked"},
            unchanged=values,
        )
        for who in (*READERS, "receiving_member")
        for method in ("get", "post")
    ],
    *[
        Case(
            "performance:value-reopen",
            who,
            404,
            method="post",
            args=pk_of("approved_value"),
            data=lambda w: {"reason": "Hijacked"},
            unchanged=values,
        )
        for who in STRANGERS
    ],
    Case(
        "performance:value-reopen",
        "anonymous",
        302,
        method="post",
        args=pk_of("approved_value"),
        data=lambda w: {"reason": "Hijacked"},
        unchanged=values,
    ),
    # Feedback forms: answered by anyone from the link.
    *[
        Case("feedback:answer", who, 200, args=token_of, shows=("Quiet feedback form",))
        for who in ("anonymous", "provider", "viewer")
    ],
    # The thank-you page only after this browser's answers were received: otherwise back to the form.
    Case("feedback:thanks", "anonymous", 302, args=token_of),
    # Responses and comments: the programme's team only (here a partner's provider); those who define
    # measures manage the form (its set-up, link, QR code, poster, the measures it feeds) but never see
    # its responses or comments; everyone else sees neither the form's page nor its comments (404).
    *for_every_signed_in("feedback:forms", hides=("Quiet comment",)),
    Case("feedback:forms", "receiving_member", 200, shows=("Quiet feedback form",), why="(in its team)"),
    *[Case("feedback:forms", who, 200, hides=("Quiet feedback form",)) for who in NOT_MANAGERS],
    *[
        Case("feedback:forms", who, 200, shows=("Quiet feedback form",), hides=("Quiet comment",))
        for who in DEFINERS
    ],
    *[
        Case(url, "receiving_member", 200, args=pk_of(key), shows=("Quiet comment",), why="(in its team)")
        for url, key in (("feedback:form", "feedback_form"), ("feedback:comment", "feedback_comment"))
    ],
    *[
        Case(
            "feedback:form",
            who,
            200,
            args=pk_of("feedback_form"),
            shows=("Link and QR code",),
            hides=("Quiet comment",),
        )
        for who in DEFINERS
    ],
    Case("feedback:import", "receiving_member", 200, args=pk_of("feedback_form"), why="(in its team)"),
    *[
        Case(url, who, 404, args=pk_of(key), hides=("Quiet comment",))
        for url, key in (
            ("feedback:form", "feedback_form"),
            ("feedback:comment", "feedback_comment"),
            ("feedback:import", "feedback_form"),
        )
        for who in (NOT_MANAGERS if url == "feedback:form" else NOT_TEAM)
    ],
    *[
        Case(url, "anonymous", 302, args=pk_of(key))
        for url, key in (
            ("feedback:form", "feedback_form"),
            ("feedback:comment", "feedback_comment"),
            ("feedback:import", "feedback_form"),
            ("feedback:measure-link", "feedback_form"),
            ("feedback:qr-svg", "feedback_form"),
            ("feedback:qr-png", "feedback_form"),
            ("feedback:poster", "feedback_form"),
        )
    ],
    Case("feedback:form-new", "anonymous", 302),
    # Building a form: anyone signed in sees the page (which says who may make forms); a post for a
    # programme they may not manage is refused, audited, and writes nothing.
    *for_every_signed_in("feedback:form-new"),
    *[
        Case(
            "feedback:form-new",
            who,
            403,
            method="post",
            data=build_data,
            refusal_audited=True,
            unchanged=feedback_state,
        )
        for who in NOT_MANAGERS
    ],
    *[
        Case("feedback:form-new", who, 302, method="post", data=build_data)
        for who in ("receiving_member", *DEFINERS)
    ],
    # Linking a measure: those who define measures only; the team without that role is refused.
    *[Case("feedback:measure-link", who, 200, args=pk_of("feedback_form")) for who in DEFINERS],
    Case(
        "feedback:measure-link",
        "receiving_member",
        403,
        args=pk_of("feedback_form"),
        refusal_audited=True,
        why="(in its team)",
    ),
    *[Case("feedback:measure-link", who, 404, args=pk_of("feedback_form")) for who in NOT_MANAGERS],
    # The QR code and poster: whoever manages the form.
    *[
        Case(url, who, 200, args=pk_of("feedback_form"))
        for url in ("feedback:qr-svg", "feedback:qr-png", "feedback:poster")
        for who in ("receiving_member", *DEFINERS)
    ],
    *[
        Case(url, who, 404, args=pk_of("feedback_form"))
        for url in ("feedback:qr-svg", "feedback:qr-png", "feedback:poster")
        for who in NOT_MANAGERS
    ],
    *[
        Case(url, "receiving_member", 302, method="post", args=args, data=data, why="(in its team)")
        for url, args, data in FEEDBACK_WRITES
    ],
    *[
        Case(
            "feedback:form-open",
            who,
            302,
            method="post",
            args=pk_of("feedback_form"),
            data=lambda w: {"open": "no"},
        )
        for who in DEFINERS
    ],
    *[
        Case(url, who, 404, method="post", args=args, data=data, unchanged=feedback_state)
        for url, args, data in FEEDBACK_WRITES
        for who in (NOT_MANAGERS if url == "feedback:form-open" else NOT_TEAM)
    ],
    *[
        Case(url, "anonymous", 302, method="post", args=args, data=data, unchanged=feedback_state)
        for url, args, data in FEEDBACK_WRITES
    ],
]
ROWS += IMPORT_ROWS + TEAM_VIEWER_ROWS
