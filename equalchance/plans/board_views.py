"""Boards, groups and their meetings. Thin: `selectors` decide who sees what and who manages a board's
meetings; `services` make every change."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from equalchance.common.form_fields import form_errors
from equalchance.plans import ical, selectors, services, structure
from equalchance.plans.forms import AgendaItemForm, DecisionForm, MeetingForm
from equalchance.plans.models import Meeting
from equalchance.plans.views import found


@login_not_required  # open to all: the selectors decide what each reader sees
def body_list(request):
    bodies = list(selectors.bodies_visible_to(user=request.user))
    roots = structure.tree(bodies)
    return render(
        request,
        "plans/body_list.html",
        {"roots": roots, "chart": structure.chart_svg(roots, title="Partnership structure chart")},
    )


@login_not_required
def body_detail(request, pk: int):
    body = found(request, selectors.bodies_visible_to(user=request.user), pk)
    today = timezone.localdate()
    meetings = selectors.meetings_visible_to(user=request.user).filter(body=body)
    visible_actions = selectors.actions_visible_to(user=request.user).values("pk")
    return render(
        request,
        "plans/body_detail.html",
        {
            "body": body,
            "members": body.members.filter(ended_on__isnull=True).select_related("user", "organisation"),
            "reporting": selectors.bodies_visible_to(user=request.user).filter(reports_to=body),
            "plans": selectors.plans_visible_to(user=request.user).filter(body=body),
            "forward_plan": meetings.filter(starts_at__date__gte=today).prefetch_related("agenda"),
            "past": meetings.filter(starts_at__date__lt=today).order_by("-starts_at")[:12],
            "decisions": selectors.decisions_visible_to(user=request.user).filter(body=body),
            "escalations": selectors.escalations_pending(body=body).filter(action__in=visible_actions),
            "manages": selectors.may_manage_meetings(request.user, body),
        },
    )


@login_not_required
def body_calendar(request, pk: int):
    body = found(request, selectors.bodies_visible_to(user=request.user), pk)
    meetings = selectors.meetings_visible_to(user=request.user).filter(body=body)
    return _calendar(request, list(meetings), name=body.name, filename=f"{body.key}.ics")


@login_not_required
def meeting_detail(request, pk: int):
    meeting = found(request, selectors.meetings_visible_to(user=request.user), pk)
    visible_actions = selectors.actions_visible_to(user=request.user)
    return render(
        request,
        "plans/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": selectors.agenda_of(meeting),
            "decisions": selectors.decisions_visible_to(user=request.user)
            .filter(meeting=meeting)
            .select_related("agenda_item"),
            "arising": visible_actions.filter(source_meeting=meeting),
            "visible_actions": set(
                visible_actions.filter(escalations__agenda_item__meeting=meeting).values_list("pk", flat=True)
            ),
            "manages": selectors.may_manage_meetings(request.user, meeting.body),
        },
    )


@login_not_required
def meeting_calendar(request, pk: int):
    meeting = found(request, selectors.meetings_visible_to(user=request.user), pk)
    return _calendar(request, [meeting], name=meeting.body.name, filename=f"meeting-{meeting.pk}.ics")


def _calendar(request, meetings: list[Meeting], *, name: str, filename: str) -> HttpResponse:
    events = [
        ical.Event(
            uid=f"meeting-{m.pk}@{request.get_host()}",
            starts=m.starts_at,
            ends=m.ends_at,
            summary=m.body.name,
            location=m.venue,
            url=request.build_absolute_uri(reverse("plans:meeting", args=[m.pk])),
            cancelled=m.status == Meeting.Status.CANCELLED,
        )
        for m in meetings
    ]
    response = HttpResponse(
        ical.calendar(events, name=name, stamp=timezone.now()), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _managed_body(request, pk: int):
    body = found(request, selectors.bodies_visible_to(user=request.user), pk)
    if not selectors.may_manage_meetings(request.user, body):
        raise PermissionDenied("Only the board's secretary and plan editors can manage its meetings.")
    return body


def _managed_meeting(request, pk: int) -> Meeting:
    meeting = found(request, selectors.meetings_visible_to(user=request.user), pk)
    if not selectors.may_manage_meetings(request.user, meeting.body):
        raise PermissionDenied("Only the board's secretary and plan editors can manage its meetings.")
    return meeting


def meeting_new(request, pk: int):
    body = _managed_body(request, pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        zone = timezone.get_current_timezone()
        starts = datetime.combine(data["day"], data["starts"], tzinfo=zone)
        ends = datetime.combine(data["day"], data["ends"], tzinfo=zone) if data["ends"] else None
        try:
            meeting = services.meeting_create(
                by=request.user,
                body=body,
                starts_at=starts,
                ends_at=ends,
                venue=data["venue"],
                public=data["public"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Meeting arranged.")
            return redirect("plans:meeting", pk=meeting.pk)
    return render(request, "plans/meeting_form.html", {"form": form, "body": body})


def agenda_item_new(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = AgendaItemForm(request.POST or None, escalations=selectors.escalations_pending(body=meeting.body))
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(by=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Agenda item added.")
            return redirect("plans:meeting", pk=meeting.pk)
    return render(
        request, "plans/meeting_item_form.html", {"form": form, "meeting": meeting, "what": "agenda item"}
    )


def decision_new(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(by=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect("plans:meeting", pk=meeting.pk)
    return render(
        request, "plans/meeting_item_form.html", {"form": form, "meeting": meeting, "what": "decision"}
    )
