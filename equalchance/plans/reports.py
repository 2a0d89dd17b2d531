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
from equalchance.plans.models import PlanElement
from equalchance.plans.presenting import listed, none_listed, shown
from equalchance.plans.status import rag_counts

KINDS = {
    "tracker": "Action plan tracker",
    "exceptions": "Exception report",
    "plan-on-a-page": "Plan on a page",
    "scrutiny": "Partnership monitoring report",
    "area-baseline": "Area progress against baseline",
    "matrix": "Policy deployment matrix",
    "quarterly": "Quarterly performance and delivery report",
}
HEADLINE_KINDS = ("vision", "purpose", "ambition")
# The kinds that show actions' statuses, and so carry the key to reading them.
KEYED = ("tracker", "exceptions", "quarterly")


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
    every = _rows(user=user, plans=[plan], today=today, public=public)
    rows = [r for r in every if r.exceptions]
    _, blind = selectors.exceptions(user=_reader(user, public), today=today, plan=plan)
    measurable = selectors.exceptions_checked(user=_reader(user, public), plan=plan).measurable
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
        "none_listed": none_listed(plan=plan, actions=len(every), measurable=measurable),
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


# --- The quarterly performance and delivery report (guide section 7, report 2) -------------------

NO_RISK_REGISTER = "No risk register is kept in Equal Chance yet, so this report lists no risks."
MEASURE_STATES = ("green", "amber", "red", "no_data", "no_target", "data_only")
SUPPRESSED = "Not shown: fewer than 5 responses"
SERIES_SHOWN = 8  # periods in a sparkline and an exception's chart


def quarter_of(today: date) -> tuple[str, date, date]:
    """The latest quarter of the UK financial year that has ended by ``today``: ("Quarter 2, 2026/27",
    its first day, its last day)."""
    from equalchance.performance import periods

    quarter = periods.latest_overdue(today, periods.Frequency.QUARTERLY, periods.YearCalendar.FINANCIAL)
    return f"Quarter {quarter.number}, {periods.year_label(quarter.year)}", quarter.start, quarter.end


def _shown_dict(shown) -> dict:
    return {"words": shown.words, "shape": shown.shape, "css": shown.css}


def _number(value) -> float | None:
    return None if value is None else float(value)


def _measure_row(where, rows, *, reader, fed: bool, theme, today: date) -> dict:
    """One measure as the report freezes it: where it stands, its series (never a suppressed result),
    its owner's cleared commentary and the plan actions that answer it."""
    from equalchance.performance import periods, presenting
    from equalchance.performance import selectors as performance
    from equalchance.performance.status import LOW_BASE_BELOW, SUPPRESS_BELOW

    measure, standing = where.measure, where.standing
    percentage = measure.form == "percentage" or measure.value_type == "percentage"

    def figure(value) -> str:
        return presenting.figure(value, measure.decimal_places, percentage=percentage)

    def withheld(row) -> bool:
        value = row.value
        return (
            fed and value is not None and value.denominator is not None and value.denominator < SUPPRESS_BELOW
        )

    approved = {
        r.period.start: r
        for r in rows
        if r.value is not None and r.value.status == "approved" and not withheld(r)
    }
    current = standing.current
    # Feedback periods withheld for too few responses (guide 5: fewer than 5 are never shown).
    withheld_starts = {r.period.start for r in rows if withheld(r)}
    if fed:
        from equalchance.performance.feedback_selectors import feedback_counts

        withheld_starts |= {c.period.start for c in feedback_counts(measure=measure) if c.result.suppressed}
    # A result withheld now says nothing judged from it: no status, direction, trend, forecast or reason.
    hidden_now = fed and current is not None and current.period.start in withheld_starts
    by_start = {r.period.start: r for r in rows}
    series = []
    if current is not None and rows:
        first = min(rows[0].period.start, current.period.start)
        spans = periods.periods_between(first, current.period.end, measure.frequency, measure.calendar)
        for period in spans[-SERIES_SHOWN:]:
            r = by_start.get(period.start)
            value = _number(r.value.value) if period.start in approved else None
            target = _number(r.target.value) if r is not None and r.target is not None else None
            if value is not None:
                value_shown = figure(value)
                answered = r.value.denominator if fed and r is not None and r.value is not None else None
                if answered is not None and answered < LOW_BASE_BELOW:  # as the latest value says it
                    value_shown += " (low base)"
            elif period.start in withheld_starts:
                value_shown = f"Not shown: fewer than {SUPPRESS_BELOW} responses"
            else:
                value_shown = "None"
            series.append(
                {
                    "label": period.label,
                    "value": value,
                    "target": target,
                    "value_shown": value_shown,
                    "target_shown": figure(target) if target is not None else "None",
                }
            )
    # The latest value shown: approved, and for a feedback measure of at least SUPPRESS_BELOW responses.
    said = approved[max(approved)] if approved else None
    base = ""
    if fed and said is not None and said.value.denominator is not None:
        answered = int(said.value.denominator)
        responses = f"{answered:,} response{'' if answered == 1 else 's'}"
        base = f"Low base: {responses}" if answered < LOW_BASE_BELOW else responses
    target = current.target if current else None
    entries = performance.turn_the_curve_visible_to(user=reader, measure=measure).filter(status="cleared")
    entry = entries.order_by("-period_start").first()
    corrective = []
    visible_plans = selectors.plans_visible_to(user=reader).exclude(visibility="restricted")
    public = not getattr(reader, "is_authenticated", False)
    allowed = selectors.actions_for_report(plans=visible_plans, public=public)
    linked = allowed.filter(
        Q(pk__in=entry.actions.values("pk") if entry else [])
        | Q(element_id=measure.plan_element_id, element__isnull=False)
    ).exclude(status__in=("completed", "cancelled", "deferred"))
    for row in selectors.action_rows(user=reader, today=today, actions=linked):
        status = shown(row.result.state, row.result.rag)
        corrective.append(
            {
                "title": row.action.title,
                "plan": row.action.plan.title,
                "owner": _person(row.action.owner) or row.action.lead_text or "",
                "due": _day(row.action.due),
                "shown": _shown_dict(status),
            }
        )
    direction = None if hidden_now else presenting.direction_shown(standing.direction)
    year_end = None
    if standing.forecast_status is not None and not hidden_now:
        year_end = _shown_dict(presenting.status_shown(standing.forecast_status, period="the year end"))
    return {
        "id": measure.pk,
        "code": measure.code,
        "title": measure.title,
        "programme": measure.programme.name if measure.programme else "",
        "owner": _person(measure.owner),
        "theme": theme,
        "headline": measure.headline,
        "period": current.period.label if current else "",
        # Counted as shown: a measure with no target for the period under "No target", not "Data only".
        "state": "no_data"
        if hidden_now
        else "no_target"
        if standing.status.missing
        else str(standing.status.state),
        "status": _shown_dict(
            presenting.state_shown("no_data") if hidden_now else presenting.status_shown(standing.status)
        ),
        "reason": SUPPRESSED if hidden_now else (standing.status.reason or ""),
        "latest": _number(said.value.value) if said else None,
        "value": figure(said.value.value) if said else "",
        "value_period": said.period.label if said else "",
        "suppressed": hidden_now,
        "provisional": bool(said and said.value.provisional),
        "base": base,
        "feedback": fed,
        "target": figure(target) if target is not None else "",
        "direction": _shown_dict(direction) if direction else None,
        "trend": "Not yet known" if hidden_now else presenting.trend_said(standing.trend),
        "trend_n": 0 if hidden_now else standing.trend[1],
        "year_end": year_end,
        "year_end_value": figure(standing.year_forecast)
        if year_end and standing.year_forecast is not None
        else "",
        "year_end_label": standing.year_end_label or "",
        # How the forecast was made ("a straight line through the latest values"), said beside it.
        "year_end_how": standing.year_forecast_how if year_end else "",
        "series": series,
        "exceptions": [] if hidden_now else [{"code": code, "why": why} for code, why in standing.exceptions],
        "overdue_since": _day(standing.overdue_since),
        "has_target": target is not None,
        "data_only": measure.data_only or measure.polarity == "none",
        "defined": bool(measure.definition.strip()),
        "commentary": {"period": entry.period.label, "story": entry.story, "synthetic": entry.synthetic}
        if entry
        else None,
        "corrective": corrective,
        "synthetic": measure.synthetic,
    }


def _counts(states) -> dict:
    counts = dict.fromkeys(MEASURE_STATES, 0)
    for state in states:
        counts[state] += 1
    return counts | {"total": sum(counts.values())}


def measures_sentence(counts: dict) -> str:
    """ "2 green, 1 amber, 1 red; 1 no data, 1 without a target, 0 data only: 6 measures" (a report
    frozen before "no target" was counted says none)."""
    if not counts["total"]:
        return "No measures."
    return (
        f"{counts['green']} green, {counts['amber']} amber, {counts['red']} red; "
        f"{counts['no_data']} no data, {counts.get('no_target', 0)} without a target, "
        f"{counts['data_only']} data only: {counts['total']} measure{'' if counts['total'] == 1 else 's'}"
    )


def _action_counts(rows) -> dict:
    counts = rag_counts([r.result for r in rows])
    return {
        "green": counts.green,
        "amber": counts.amber,
        "red": counts.red,
        "on_hold": counts.on_hold,
        "no_rag": counts.no_rag,
        "not_yet_due": counts.not_yet_due,
        "complete": counts.complete,
        "closed": counts.closed_not_delivered,
        "total": counts.total,
        "summary": counts.summary_sentence(),
    }


def quarterly_data(*, user, plan, today: date, public: bool = False) -> dict:
    """Guide section 7, report 2: the executive summary; status counts by theme (the plan's top-level
    elements) for measures and actions; the exception report with the owner's cleared commentary and
    the corrective actions; the full scorecard; the action tracker by theme; key risks; a data-quality
    note. Measures are those attached to the plan's elements or to their programmes, as the reader
    (the producer, or the public for a public issue) sees them."""
    from equalchance.performance import selectors as performance
    from equalchance.performance.models import FeedbackMeasureLink

    reader = _reader(user, public)
    quarter, starts, ends = quarter_of(today)
    rows = _rows(user=user, plans=[plan], today=today, public=public)
    roots, loose = selectors.plan_tree(plan=plan, rows=rows)
    themes = [root for root in roots if root.element.kind.key not in HEADLINE_KINDS]
    theme_of = {node.element.pk: root for root in themes for node in root.walk()}
    standings = performance.standings(user=reader, today=today, measures=performance.measures_of_plan(plan))
    fed = set(
        FeedbackMeasureLink.objects.filter(measure__in=[w.measure.pk for w in standings]).values_list(
            "measure_id", flat=True
        )
    )
    programme_elements: dict[int, list] = {}
    for programme_id, element_id in PlanElement.objects.filter(
        plan=plan, programmes__in={w.measure.programme_id for w in standings if w.measure.programme_id}
    ).values_list("programmes", "pk"):
        programme_elements.setdefault(programme_id, []).append(element_id)

    def home(measure):
        """The theme a measure is counted in: its own element's, else its programme's first."""
        if measure.plan_element_id in theme_of:
            return theme_of[measure.plan_element_id]
        found = [theme_of[e] for e in programme_elements.get(measure.programme_id, []) if e in theme_of]
        return min(found, key=themes.index) if found else None

    measures = []
    for where in standings:
        root = home(where.measure)
        theme = f"{root.element.code} {root.element.title}".strip() if root else "Not under a theme"
        value_rows = performance.value_rows(user=reader, measure=where.measure, today=today)
        row = _measure_row(
            where, value_rows, reader=reader, fed=where.measure.pk in fed, theme=theme, today=today
        )
        row["theme_index"] = themes.index(root) if root else len(themes)
        measures.append(row)
    measures.sort(key=lambda m: (m["theme_index"], m["code"]))
    by_theme = []
    for index, root in enumerate([*themes, None]):
        actions = [r for node in root.walk() for r in node.actions] if root else list(loose)
        if root is None:
            actions += [
                r for other in roots if other not in themes for node in other.walk() for r in node.actions
            ]
        own = [m for m in measures if m["theme_index"] == index]
        if root is None and not own and not actions:
            continue
        by_theme.append(
            {
                "code": root.element.code if root else "",
                "kind": root.element.kind.label if root else "",
                "title": root.element.title if root else "Not under a theme",
                "current_position": root.element.current_position if root else "",
                "measures": _counts(m["state"] for m in own),
                "actions": _action_counts(actions),
                "tracker": [_action(r) for r in actions],
            }
        )
    for theme in by_theme:
        theme["measures_summary"] = measures_sentence(theme["measures"])
    # A theme with no measure and no action would be a row of noughts: it is named once instead.
    quiet = [t for t in by_theme if not t["measures"]["total"] and not t["actions"]["total"]]
    by_theme = [t for t in by_theme if t not in quiet]
    all_measures = _counts(m["state"] for m in measures)
    action_counts = _action_counts(rows)
    listed_actions = [_action(r) for r in rows if r.exceptions]
    _, blind = selectors.exceptions(user=reader, today=today, plan=plan)
    listed = [m for m in measures if m["exceptions"]]
    quality = {
        "overdue": [
            {"code": m["code"], "title": m["title"], "period": m["period"], "due": m["overdue_since"]}
            for m in measures
            if m["overdue_since"]
        ],
        "no_target": [
            {"code": m["code"], "title": m["title"], "period": m["period"]}
            for m in measures
            if not m["has_target"] and not m["data_only"]
        ],
        "no_definition": [{"code": m["code"], "title": m["title"]} for m in measures if not m["defined"]],
        "provisional": [
            {"code": m["code"], "title": m["title"], "period": m["value_period"]}
            for m in measures
            if m["provisional"]
        ],
        "suppressed": [{"code": m["code"], "title": m["title"]} for m in measures if m["suppressed"]],
    }
    visible = {r.action.pk for r in rows}
    escalations = [
        {"action": e.action.title, "summary": e.summary, "raised": e.raised_at.date().isoformat()}
        for e in selectors.Escalation.objects.filter(action_id__in=visible, agenda_item__isnull=True)
        .select_related("action")
        .order_by("raised_at", "pk")
    ]
    summary = [
        f"This report covers {quarter} ({_long(starts)} to {_long(ends)}), with data as at {_long(today)}.",
        f"Measures: {measures_sentence(all_measures)}.",
        f"Actions: {action_counts['summary']}.",
        f"{len(listed)} measure{'' if len(listed) == 1 else 's'} and {len(listed_actions)} "
        f"action{'' if len(listed_actions) == 1 else 's'} are on the exception report, each with the reason.",
    ]
    issues = sum(len(v) for k, v in quality.items() if k != "suppressed")
    summary.append(
        f"Data quality: {issues} point{'' if issues == 1 else 's'} to note."
        if issues
        else "Data quality: nothing to note."
    )
    return {
        "plan": _plan_summary(plan),
        "as_at": today.isoformat(),
        "quarter": quarter,
        "quarter_start": starts.isoformat(),
        "quarter_end": ends.isoformat(),
        "summary": summary,
        "measure_counts": all_measures,
        "action_counts": action_counts,
        "themes": by_theme,
        "quiet_themes": [f"{t['code']} {t['title']}".strip() for t in quiet],
        "measures": measures,
        "exception_actions": listed_actions,
        "blind": [{"id": b.element.pk, "title": b.element.title, "why": b.why} for b in blind],
        "none_listed": none_listed(
            plan=plan,
            actions=len(rows),
            measurable=selectors.exceptions_checked(user=reader, plan=plan).measurable,
            measures=len(measures),
        ),
        "risks": {"register": False, "text": NO_RISK_REGISTER, "escalations": escalations},
        "quality": quality,
        "synthetic": any(r.latest and r.latest.synthetic for r in rows),
        "synthetic_measures": any(m["synthetic"] for m in measures),
        "public": public,
    }


QUARTERLY_EXCEPTION_NOTE = (
    "Each measure and action listed says why (guide 6.4). The owner's commentary is the measure's latest "
    "cleared turn-the-curve story. \u201cActions linked\u201d are the open plan actions of the part of the "
    "plan the measure measures and those its turn-the-curve entry proposes, each with its own status: "
    "linked to the measure, not necessarily a remedy."
)
LINKED_ACTIONS = "Actions linked"


def readership(public: bool) -> str:
    """Who a frozen report is for and what it leaves out, said at its top: a partnership issue never
    carries restricted items either (`selectors.actions_for_report`), and its readers are told so."""
    if public:
        return "the public version (restricted items left out)"
    return "for the partnership (restricted items, which only some of its readers may see, left out)"


def quiet_themes_said(data: dict) -> str:
    """The sentence naming the themes left out of the counts for holding nothing ("" when none)."""
    quiet = data.get("quiet_themes") or []
    if not quiet:
        return ""
    return (
        f"Left out of these counts for holding no measure and no action ({len(quiet)} "
        f"theme{'' if len(quiet) == 1 else 's'}): {listed(quiet)}."
    )


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# Charts of the quarterly report, drawn from its frozen data whenever it is shown (the same every time);
# each has a table beside it holding the same numbers.

BAR_COLOURS = {
    "green": ("#00703c", "#ffffff"),
    "amber": ("#ffdd00", "#0b0c0c"),
    "red": ("#d4351c", "#ffffff"),
    "no_data": ("#b1b4b6", "#0b0c0c"),
    "no_target": ("#505a5f", "#ffffff"),
    "data_only": ("#1d70b8", "#ffffff"),
    "on_hold": ("#505a5f", "#ffffff"),
    "no_rag": ("#1d70b8", "#ffffff"),
    "not_yet_due": ("#b1b4b6", "#0b0c0c"),
    "complete": ("#4c2c92", "#ffffff"),
    "closed": ("#0b0c0c", "#ffffff"),
}
MEASURE_BARS = [
    ("green", "● Green"),
    ("amber", "▲ Amber"),
    ("red", "■ Red"),
    ("no_data", "◆ No data"),
    ("no_target", "○ No target"),
    ("data_only", "○ Data only"),
]
ACTION_BARS = [
    ("green", "● Green"),
    ("amber", "▲ Amber"),
    ("red", "■ Red"),
    ("on_hold", "◆ On hold"),
    ("no_rag", "No RAG"),
    ("not_yet_due", "◆ Not yet started"),
    ("complete", "✓ Complete"),
    ("closed", "◆ Closed"),
]


def stacked_bars(themes: list[dict], part: str, keys: list[tuple[str, str]], *, title: str) -> str:
    """One horizontal bar per theme, split by status, each part labelled with its count; the legend gives
    each status's shape and words (never colour alone)."""
    from django.utils.html import escape, format_html
    from django.utils.safestring import mark_safe

    if not themes or not any(t[part]["total"] for t in themes):
        return ""
    width, left, right, row = 720, 230, 24, 30
    top = 12
    legend_rows = (len(keys) + 3) // 4
    height = top + row * len(themes) + 28 + 22 * legend_rows
    most = max(t[part]["total"] for t in themes) or 1
    plot = width - left - right
    parts = []
    for i, theme in enumerate(themes):
        y = top + i * row
        name = f"{theme['code']} {theme['title']}".strip()
        name = name if len(name) <= 32 else name[:31] + "…"
        parts.append(
            f'<text x="{left - 8}" y="{y + 19}" text-anchor="end" font-size="12">{escape(name)}</text>'
        )
        x = float(left)
        for key, _ in keys:
            count = theme[part].get(key, 0)
            if not count:
                continue
            w = plot * count / most
            fill, ink = BAR_COLOURS[key]
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="20" fill="{fill}" stroke="#ffffff"/>'
            )
            if w >= 14:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 18}" text-anchor="middle" font-size="12" '
                    f'fill="{ink}">{count}</text>'
                )
            x += w
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 18}" font-size="12">{theme[part]["total"]}</text>'
            if theme[part]["total"]
            else f'<text x="{left + 4}" y="{y + 18}" font-size="12">none</text>'
        )
    base = top + row * len(themes) + 16
    for n, (key, label) in enumerate(keys):
        x = left + (n % 4) * plot / 4
        y = base + 22 * (n // 4)
        fill, _ = BAR_COLOURS[key]
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 10}" width="12" height="12" fill="{fill}" stroke="#0b0c0c"/>'
        )
        parts.append(f'<text x="{x + 16:.1f}" y="{y}" font-size="12">{escape(label)}</text>')
    return format_html(
        '<svg class="app-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
        'font-family="arial, sans-serif" fill="#0b0c0c"><title>{}</title>{}</svg>',
        width,
        height,
        title,
        title,  # <title>: a tagged PDF's figure takes its alternative text from it
        mark_safe("".join(parts)),  # noqa: S308 - escaped where built
    )


def series_said(measure: dict) -> str:
    """The values a sparkline draws, in words: "Q1 2026/27: 58.3%; Q2 2026/27: None"."""
    return "; ".join(f"{p['label']}: {p['value_shown']}" for p in measure["series"])


ANNEX_NOTE = (
    "The data behind this report, one row per measure, downloads beside it as a spreadsheet (XLSX, with "
    "sheets for themes, actions and data quality) and as CSV."
)


def quality_lines(data: dict) -> list[str]:
    """The data-quality note: values overdue, measures without targets or definitions, provisional
    values and results not shown for too few responses."""
    q = data["quality"]

    def names(items, extra=None) -> str:
        return listed(f"{i['code']} {i['title']}" + (f" ({extra(i)})" if extra else "") for i in items)

    lines = []
    if q["overdue"]:
        lines.append(
            "Values overdue: "
            + names(q["overdue"], lambda i: f"{i['period']}, due by {_long(date.fromisoformat(i['due']))}")
            + "."
        )
    if q["no_target"]:
        lines.append("Without a target for the period: " + names(q["no_target"], lambda i: i["period"]) + ".")
    if q["no_definition"]:
        lines.append("Without a definition: " + names(q["no_definition"]) + ".")
    if q["provisional"]:
        lines.append(
            "Provisional values (may be revised): " + names(q["provisional"], lambda i: i["period"]) + "."
        )
    if q["suppressed"]:
        lines.append(
            "Results not shown for fewer than 5 responses (feedback measures): "
            + names(q["suppressed"])
            + "."
        )
    return lines or ["Nothing to note: every value is in, every measure has a target and a definition."]


def sparkline(series: list[dict]) -> str:
    """A small line of a measure's approved values (a gap where there is none); hidden from screen
    readers, whose text beside it gives the same values."""
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    points = [(i, p["value"]) for i, p in enumerate(series) if p["value"] is not None]
    if len(points) < 2:
        return ""
    w, h, pad = 120, 32, 3
    values = [v for _, v in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (w - 2 * pad) / max(len(series) - 1, 1)
    runs, run, last = [], [], None
    for i, v in points:
        if last is not None and i != last + 1:
            runs.append(run)
            run = []
        run.append(f"{pad + i * step:.1f},{pad + (high - v) * (h - 2 * pad) / span:.1f}")
        last = i
    runs.append(run)
    lines = "".join(
        f'<polyline fill="none" stroke="#0b0c0c" stroke-width="2" points="{" ".join(r)}"></polyline>'
        for r in runs
        if len(r) > 1
    )
    end_x, end_y = runs[-1][-1].split(",")
    return format_html(
        '<svg class="app-sparkline" width="{}" height="{}" viewBox="0 0 {} {}" aria-hidden="true" '
        'focusable="false"><title>A small line of the values given beside it</title>{}'
        '<circle cx="{}" cy="{}" r="2.5"></circle></svg>',
        w,
        h,
        w,
        h,
        mark_safe(lines),  # noqa: S308 - numbers only
        end_x,
        end_y,
    )


def exception_chart(measure: dict) -> str:
    from equalchance.frontend.charts import Point, Series, line_chart

    series = measure["series"]
    drawn = [Series("Value", [Point(p["label"], p["value"]) for p in series])]
    if any(p["target"] is not None for p in series):
        drawn.append(Series("Target", [Point(p["label"], p["target"]) for p in series], dashed=True))
    return line_chart(
        drawn,
        title=f"{measure['code']} {measure['title']}: approved values and targets by period",
        y_label="per cent" if measure["value"].endswith("%") else "value",
        height=260,
    )


MEASURE_BARS_CAPTION = "Measures by status, per theme: the same counts are in the table that follows."
ACTION_BARS_CAPTION = "Actions by status, per theme: the same counts are in the table that follows."
# The pictures' widths in the office files (A4 landscape has 267 mm between its margins).
CHART_WIDTH_MM = 180
SPARKLINE_WIDTH_MM = 30


def listed_caption(measure: dict) -> str:
    return f"{measure['code']}: the values drawn are in the table that follows."


def quarterly_charts(data: dict) -> dict:
    themes = data["themes"]
    return {
        "measure_bars": stacked_bars(
            themes, "measures", MEASURE_BARS, title="Measures by status, per theme (the table follows)"
        ),
        "action_bars": stacked_bars(
            themes, "actions", ACTION_BARS, title="Actions by status, per theme (the table follows)"
        ),
        "scorecard": [(m, sparkline(m["series"]), series_said(m)) for m in data["measures"]],
        "measure_caption": MEASURE_BARS_CAPTION,
        "action_caption": ACTION_BARS_CAPTION,
        "listed": [(m, exception_chart(m), listed_caption(m)) for m in data["measures"] if m["exceptions"]],
        "suppressed": SUPPRESSED,
        "quality": quality_lines(data),
        "annex_note": ANNEX_NOTE,
    }


BUILDERS = {
    "matrix": matrix_data,
    "quarterly": quarterly_data,
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
        "quarterly": quarterly_charts(data) if issue.kind == "quarterly" else None,
        "exception_note": QUARTERLY_EXCEPTION_NOTE,
        "linked_actions": LINKED_ACTIONS,
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
