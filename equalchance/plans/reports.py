"""The reports a board needs, each frozen when produced (`ReportIssue.data`): what was shown is kept
even if the data later change. Builders read through the selectors as the person producing the report
(or as the public, for a public issue, so restricted items are left out) and return plain JSON.
Renderers draw HTML and tagged PDF from the frozen data only."""

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from equalchance.frontend.pdf import tagged_pdf
from equalchance.plans import selectors
from equalchance.plans.presenting import shown
from equalchance.plans.status import rag_counts

KINDS = {"tracker": "Action plan tracker", "exceptions": "Exception report"}


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


def tracker_data(*, user, plan, today: date, public: bool = False) -> dict:
    """Per goal (each top-level element and its sub-elements): current position, then each action with
    owner, due, original due, status, RAG, slippage and latest update; closed actions listed apart."""
    reader = _reader(user, public)
    rows = selectors.action_rows(user=reader, plan=plan, today=today)
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
    reader = _reader(user, public)
    rows, blind = selectors.exceptions(user=reader, today=today, plan=plan)
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


BUILDERS = {"tracker": tracker_data, "exceptions": exceptions_data}


def context(issue) -> dict:
    data = issue.data
    return {
        "issue": issue,
        "data": data,
        "as_at": date.fromisoformat(data["as_at"]),
        "template": f"plans/reports/{issue.kind}.html",
    }


def html_document(issue) -> str:
    """The report as a standalone accessible HTML document (also what the PDF is drawn from)."""
    return render_to_string("plans/reports/document.html", context(issue))


def pdf(issue) -> bytes:
    return tagged_pdf(html_document(issue))
