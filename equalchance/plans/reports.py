"""The reports a board needs, each frozen when produced (`ReportIssue.data`): what was shown is kept
even if the data later change. Builders read through the selectors as the person producing the report
(or as the public, for a public issue, so restricted items are left out) and return plain JSON.
Renderers draw HTML and tagged PDF from the frozen data only."""

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.template.loader import render_to_string

from equalchance.frontend.pdf import tagged_pdf
from equalchance.plans import selectors
from equalchance.plans.presenting import shown
from equalchance.plans.status import rag_counts

KINDS = {
    "tracker": "Action plan tracker",
    "exceptions": "Exception report",
    "plan-on-a-page": "Plan on a page",
    "scrutiny": "Partnership monitoring report",
    "area-baseline": "Area progress against baseline",
    "matrix": "Policy deployment matrix",
}
HEADLINE_KINDS = ("vision", "purpose", "ambition")
# The kinds that show actions' statuses, and so carry the key to reading them.
KEYED = ("tracker", "exceptions")


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _action(row: selectors.ActionRow) -> dict:
    action, result, latest = row.action, row.result, row.latest
    status = shown(result.state, result.rag)
    return {
        "id": action.pk,
        "title": action.title,
        "type": action.get_type_display(),
        "owner": _person(action.owner) or action.lead_text or "",
        "has_owner": action.owner_id is not None,
        "due": _day(action.due),
        "due_text": action.due_text,
        "original_due": _day(action.original_due),
        "status": action.get_status_display(),
        "state": str(result.state),
        "rag": str(result.rag) if result.rag else None,
        "shown": {"words": status.words, "shape": status.shape, "css": status.css},
        "reason": result.reason,
        "slippage_days": result.slippage_days,
        "completed_late": result.completed_late,
        "override": "override" in result.flags,
        "override_reason": latest.override_reason if latest and "override" in result.flags else "",
        "update_missing": row.update_missing,
        "exceptions": [{"code": code, "why": why} for code, why in row.exceptions],
        "latest_update": {
            "date": _day(latest.posted_at.date()),
            "progress": latest.progress,
            "next_steps": latest.next_steps,
            "synthetic": latest.synthetic,
        }
        if latest
        else None,
    }


def _reader(user, public: bool):
    return AnonymousUser() if public else user


def _rows(*, user, plans, today: date, public: bool) -> list:
    """The report's actions (`selectors.actions_for_report`) with their computed status."""
    actions = selectors.actions_for_report(plans=plans, public=public)
    return selectors.action_rows(user=_reader(user, public), today=today, actions=actions)


def tracker_data(*, user, plan, today: date, public: bool = False) -> dict:
    """Per goal (each top-level element and its sub-elements): current position, then each action with
    owner, due, original due, status, RAG, slippage and latest update; closed actions listed apart."""
    rows = _rows(user=user, plans=[plan], today=today, public=public)
    roots, loose = selectors.plan_tree(plan=plan, rows=rows)
    closed_states = {"closed_not_delivered"}
    sections = []
    for root in roots:
        nodes = list(root.walk())
        actions = [row for node in nodes for row in node.actions]
        sections.append(
            {
                "code": root.element.code,
                "kind": root.element.kind.label,
                "title": root.element.title,
                "current_position": root.element.current_position,
                "actions": [_action(r) for r in actions if r.result.state not in closed_states],
            }
        )
    if loose:
        sections.append(
            {
                "code": "",
                "kind": "",
                "title": "Other actions",
                "current_position": "",
                "actions": [_action(r) for r in loose if r.result.state not in closed_states],
            }
        )
    counts = rag_counts([r.result for r in rows])
    return {
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "status": plan.get_status_display(),
            "version": plan.version,
        },
        "as_at": today.isoformat(),
        "summary": counts.summary_sentence() if counts.total else "No actions.",
        "sections": sections,
        "closed": [_action(r) for r in rows if r.result.state in closed_states],
        "synthetic": any(r.latest and r.latest.synthetic for r in rows),
        "public": public,
    }


def exceptions_data(*, user, plan, today: date, public: bool = False) -> dict:
    rows = [r for r in _rows(user=user, plans=[plan], today=today, public=public) if r.exceptions]
    _, blind = selectors.exceptions(user=_reader(user, public), today=today, plan=plan)
    return {
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "status": plan.get_status_display(),
            "version": plan.version,
        }
        if plan
        else None,
        "as_at": today.isoformat(),
        "actions": [_action(r) | {"plan": r.action.plan.title} for r in rows],
        "blind": [
            {"id": b.element.pk, "title": b.element.title, "plan": b.element.plan.title, "why": b.why}
            for b in blind
        ],
        "synthetic": any(r.latest and r.latest.synthetic for r in rows),
        "public": public,
    }


def _plan_summary(plan) -> dict:
    return {"id": plan.pk, "title": plan.title, "status": plan.get_status_display(), "version": plan.version}


def plan_on_a_page_data(*, user, plan, today: date, public: bool = False) -> dict:
    """Seed 004's council plan on a page: vision, purpose and ambition, then each priority with its
    sub-priorities and key programmes, with a count of its actions by status."""
    rows = _rows(user=user, plans=[plan], today=today, public=public)
    roots, _ = selectors.plan_tree(plan=plan, rows=rows)
    headline = [
        {"kind": r.element.kind.label, "text": r.element.title}
        for r in roots
        if r.element.kind.key in HEADLINE_KINDS
    ]
    blocks = []
    for root in roots:
        if root.element.kind.key in HEADLINE_KINDS:
            continue
        nodes = list(root.walk())
        counts = rag_counts([row.result for node in nodes for row in node.actions])
        children = {}
        for child in root.children:
            children.setdefault(child.element.kind.label, []).append(
                f"{child.element.code} {child.element.title}"
            )
        blocks.append(
            {
                "code": root.element.code,
                "kind": root.element.kind.label,
                "title": root.element.title,
                "children": [{"kind": kind, "items": items} for kind, items in children.items()],
                "summary": counts.summary_sentence() if counts.total else "",
            }
        )
    return {
        "plan": _plan_summary(plan),
        "as_at": today.isoformat(),
        "headline": headline or ([{"kind": "Summary", "text": plan.summary}] if plan.summary else []),
        "blocks": blocks,
        "synthetic": any(r.latest and r.latest.synthetic for r in rows),
        "public": public,
    }


def _body_tree(body, bodies) -> list:
    below = [b for b in bodies if b.reports_to_id == body.pk]
    return [body] + [b for child in below for b in _body_tree(child, [x for x in bodies if x.pk != body.pk])]


def scrutiny_data(*, user, plan, today: date, public: bool = False) -> dict:
    """Seed 002's Overview & Scrutiny monitoring report: the strategy and its priorities, the structure
    under its board, and per board or group its chair, purpose, frequency, focus, priorities and
    progress, with its actions' status."""
    from equalchance.plans import structure

    reader = _reader(user, public)
    # Not what only some of the report's readers may see (see selectors.actions_for_report).
    bodies = list(selectors.bodies_visible_to(user=reader).exclude(visibility="restricted"))
    top = next((b for b in bodies if b.pk == plan.body_id), None)
    within = _body_tree(top, bodies) if top else []
    roots = structure.tree(within)
    rows = _rows(
        user=user,
        plans=selectors.plans_visible_to(user=reader)
        .filter(body__in=within)
        .exclude(visibility="restricted"),
        today=today,
        public=public,
    )
    groups = []
    for body in within:
        owned = [
            r
            for r in rows
            if r.action.body_id == body.pk or (r.action.body_id is None and r.action.plan.body_id == body.pk)
        ]
        counts = rag_counts([r.result for r in owned])
        groups.append(
            {
                "name": body.name,
                "type": body.get_type_display(),
                "chair": body.chair_role,
                "purpose": body.purpose,
                "frequency": body.meeting_frequency,
                "focus": body.current_focus,
                "priorities": [line for line in body.priorities.splitlines() if line.strip()],
                "progress": body.progress,
                "actions": counts.summary_sentence() if counts.total else "",
            }
        )
    priorities = [
        f"{e.code} {e.title}"
        for e in plan.elements.filter(parent__isnull=True)
        .exclude(kind__key__in=HEADLINE_KINDS)
        .order_by("order")
    ]
    return {
        "plan": _plan_summary(plan),
        "as_at": today.isoformat(),
        "summary": plan.summary,
        "priorities": priorities,
        "chart": str(structure.chart_svg(roots, title=f"The structure under {top.name}")) if top else "",
        "tree": [_tree_item(node) for node in roots],
        "groups": groups,
        "synthetic": any(r.latest and r.latest.synthetic for r in rows),
        "public": public,
    }


def _tree_item(node) -> dict:
    return {"name": node.body.name, "children": [_tree_item(child) for child in node.children]}


def area_baseline_data(*, user, plan, today: date, public: bool = False) -> dict:
    """Seed 001's report to Cabinet: the area's measures at the baseline and now, the action plan's
    status, blockages escalated and decisions taken."""
    from equalchance.plans import baselines

    baseline = plan.baselines.first()
    rows = _rows(user=user, plans=[plan], today=today, public=public)
    counts = rag_counts([r.result for r in rows])
    visible = {r.action.pk for r in rows}
    return {
        "plan": _plan_summary(plan),
        "as_at": today.isoformat(),
        "area": plan.priority_area.name if plan.priority_area else "",
        "baseline_on": baseline.frozen_on.isoformat() if baseline else None,
        "progress": baselines.progress(baseline.data, baselines.area_measures(plan)) if baseline else [],
        "summary": counts.summary_sentence() if counts.total else "No actions.",
        "escalations": [
            {
                "action": e.action.title,
                "summary": e.summary,
                "raised": e.raised_at.date().isoformat(),
                "placed": bool(e.agenda_item_id),
            }
            for e in selectors.Escalation.objects.filter(
                action__plan=plan, action_id__in=visible
            ).select_related("action")
        ],
        "decisions": [
            {"on": d.decided_on.isoformat(), "text": d.text, "kind": d.get_kind_display()}
            # Decisions a reader of the issue may see, and never one about an action the issue leaves out.
            for d in selectors.decisions_visible_to(user=_reader(user, public))
            .filter(plan=plan)
            .filter(
                Q(action__isnull=True)
                | Q(action__in=selectors.actions_for_report(plans=[plan], public=public))
            )
        ],
        "synthetic": any(r.latest and r.latest.synthetic for r in rows),
        "public": public,
    }


def matrix_data(*, user, plan, today: date, public: bool = False) -> dict:
    """The policy deployment (X-)matrix (seed 004) as a grid: down the side, the plan's elements and
    actions that contribute to the plans above it; across the top, what they contribute to; in each
    cell, strong, weak or nothing; the owner of each action beside it."""
    from equalchance.plans.models import Contribution

    reader = _reader(user, public)
    visible_plans = selectors.plans_visible_to(user=reader).exclude(visibility="restricted").values("pk")
    visible_actions = selectors.actions_for_report(plans=[plan], public=public)
    links = list(
        Contribution.objects.filter(Q(from_element__plan=plan) | Q(from_action__in=visible_actions))
        .filter(to_element__plan__in=visible_plans)
        .select_related("from_element__kind", "from_action__owner", "to_element__plan", "to_element__kind")
    )
    columns = sorted({link.to_element for link in links}, key=lambda e: (e.plan.title, e.order, e.pk))
    rows: dict[tuple, dict] = {}
    for link in links:
        origin = link.from_element or link.from_action
        key = ("element" if link.from_element else "action", origin.pk)
        row = rows.setdefault(
            key,
            {
                "kind": origin.kind.label if link.from_element else origin.get_type_display(),
                "code": getattr(origin, "code", ""),
                "title": origin.title,
                "owner": _person(getattr(origin, "owner", None)) or getattr(origin, "lead_text", ""),
                "order": (0 if link.from_element else 1, getattr(origin, "order", 0), origin.pk),
                "links": {},
            },
        )
        row["links"][link.to_element.pk] = link.strength
    ordered = sorted(rows.values(), key=lambda r: r["order"])
    return {
        "plan": _plan_summary(plan),
        "as_at": today.isoformat(),
        "columns": [
            {"code": e.code, "title": e.title, "plan": e.plan.title, "kind": e.kind.label} for e in columns
        ],
        "rows": [
            {k: v for k, v in r.items() if k not in ("order", "links")}
            | {"cells": [r["links"].get(e.pk) for e in columns]}
            for r in ordered
        ],
        "synthetic": False,
        "public": public,
    }


BUILDERS = {
    "matrix": matrix_data,
    "tracker": tracker_data,
    "exceptions": exceptions_data,
    "plan-on-a-page": plan_on_a_page_data,
    "scrutiny": scrutiny_data,
    "area-baseline": area_baseline_data,
}


def context(issue) -> dict:
    data = issue.data
    return {
        "issue": issue,
        "data": data,
        "as_at": date.fromisoformat(data["as_at"]),
        "template": f"plans/reports/{issue.kind}.html",
        "keyed": issue.kind in KEYED,
    }


def appendices(issue) -> list:
    """A cover report's appendices, to be bound in: (number, issue) for each frozen report of its plan
    that it names, numbered as its list of appendices numbers them (never another cover)."""
    from equalchance.plans.models import ReportIssue

    if issue.kind != ReportIssue.Kind.COVER:
        return []
    wanted = [a["id"] for a in issue.data.get("appendices") or []]
    kept = ReportIssue.objects.filter(pk__in=wanted, plan_id=issue.plan_id).exclude(kind=issue.kind)
    by_id = {appendix.pk: appendix for appendix in kept}
    return [(number, by_id[pk]) for number, pk in enumerate(wanted, start=1) if pk in by_id]


def html_document(issue) -> str:
    """The report as a standalone accessible HTML document (also what the PDF is drawn from), with a
    cover report's appendices bound in after it, each from a new page."""
    bound = [context(appendix) | {"number": number} for number, appendix in appendices(issue)]
    return render_to_string("plans/reports/document.html", context(issue) | {"bound": bound})


def pdf(issue) -> bytes:
    return tagged_pdf(html_document(issue))
