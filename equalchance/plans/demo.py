"""The demo's plans: transcribed from the five public seed documents (`data/seed-*.json`, each citing
its document), with synthetic progress (updates, RAG history) labelled synthetic wherever it shows.

`seeds_load` builds the bodies, priority areas, plans, elements and actions through the services, as
the system actor; running it again changes nothing. `progress_generate` posts synthetic updates as
the demo's owners."""

import hashlib
import json
import re
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from equalchance.accounts.models import User
from equalchance.places import selectors as places
from equalchance.places import services as places_services
from equalchance.places.models import Area, PriorityArea
from equalchance.plans import services
from equalchance.plans.models import (
    Action,
    ActionUpdate,
    Body,
    ElementKind,
    Plan,
    PlanElement,
    ReportingCycle,
)

DATA = Path(__file__).parent / "data"
ROTHERHAM = "E08000018"
# Appendix A of Rotherham's report (its map of the eleven neighbourhoods) is not in the published text.
ROTHERHAM_NOTE = (
    "Approximation: the report's Appendix A (the map of the eleven most deprived neighbourhoods) is not in "
    "its published text. This is one of Rotherham's eleven most deprived middle-layer areas (MSOAs, named as "
    "ONS names their LSOAs) by population-weighted IMD 2019 score, computed from MHCLG's data shipped with "
    "the product."
)


def seed_documents() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(DATA.glob("seed-*.json"))]


def _date(text):
    return date.fromisoformat(text) if text else None


def _published(document: dict) -> date | None:
    """The document's date: a full date, or a year or "August 2015" read as its first day."""
    text = (document["document"].get("date") or "").strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    for pattern in ("%Y", "%B %Y", "%Y-%m"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _date_note(document: dict) -> str:
    """Said beside a decision dated from a document that gives only a year or a month."""
    text = (document["document"].get("date") or "").strip()
    try:
        date.fromisoformat(text)
    except ValueError:
        if text:
            return f" The document is dated {text} only, so the first day of that is recorded."
        return " The document is not dated, so the start of the plan's period is recorded."
    return ""


def _cite(document: dict, source: str | None) -> str:
    """'<document title> (seed 003), sections 3-7': the document named once, then where in it."""
    named = f"{document['document']['title']} (seed {document['document']['seed']})"
    where = re.sub(r"^Seed \d+,?\s*", "", source or "")
    return f"{named}{', ' + where if where else ''}"[:300]


def _bodies(documents, system) -> dict[str, Body]:
    found = {}
    for document in documents:
        for spec in document.get("bodies", []):
            body = Body.objects.filter(key=spec["key"]).first()
            if body is None:
                body = services.body_create(
                    by=system,
                    key=spec["key"],
                    name=spec["name"],
                    type=spec["type"],
                    purpose=spec.get("purpose") or "",
                    meeting_frequency=spec.get("meeting_frequency") or "",
                    chair_role=spec.get("chair") or "",
                    current_focus=spec.get("current_focus") or "",
                    priorities="\n".join(spec.get("priorities") or []),
                    progress=spec.get("progress") or "",
                    visibility="public",
                    source=_cite(document, spec.get("source")),
                )
                for title in spec.get("members") or []:
                    services.body_member_add(by=system, body=body, role="member", title=title[:200])
            found[spec["key"]] = body
    for document in documents:
        for spec in document.get("bodies", []):
            parent = found.get(spec.get("reports_to"))
            body = found[spec["key"]]
            if parent and body.reports_to_id != parent.pk:
                body.reports_to = parent
                body.save(update_fields=["reports_to"])
    return found


def _ward_codes(district: str, names: list[str]) -> list[str] | None:
    wards = {
        row.name.lower().replace("'", ""): row.code
        for row in places.wards_in_district(release=2019, district=district)
    }
    codes = [wards.get(name.lower().replace("'", "")) for name in names]
    return codes if codes and all(codes) else None


def _priority_areas(documents, system) -> dict[str, PriorityArea]:
    found = {}
    unnamed = [
        spec["key"]
        for document in documents
        for spec in document.get("priority_areas", [])
        if not spec.get("name") and spec["district"] == ROTHERHAM
    ]
    found.update(zip(sorted(unnamed), rotherham_neighbourhoods(system) if unnamed else []))
    for document in documents:
        for spec in document.get("priority_areas", []):
            district = Area.objects.filter(code=spec["district"]).first()
            if district is None:
                continue
            names = [spec["name"], *spec.get("also_known_as", [])] if spec.get("name") else []
            existing = PriorityArea.objects.filter(district=district, name__in=names).first()
            if existing is None and names:
                codes = _ward_codes(district.code, spec.get("wards") or [])
                if codes:
                    existing = places_services.priority_area_create(
                        name=spec["name"],
                        district=district,
                        description=(spec.get("description") or "")[:2000],
                        method="wards",
                        codes=codes,
                        by=system,
                    )
            if existing is not None:
                found[spec["key"]] = existing
    return found


def rotherham_neighbourhoods(system) -> list[PriorityArea]:
    """Seed 001's eleven most deprived neighbourhoods, approximated (see ROTHERHAM_NOTE)."""
    district = Area.objects.filter(code=ROTHERHAM).first()
    if district is None:
        return []
    groups: dict[str, list] = defaultdict(list)
    for row in places.lsoas_in_district(release=2019, district=ROTHERHAM):
        groups[row.name[:-1].strip()].append(row)

    def weighted(rows):
        people = sum(r.population or 0 for r in rows)
        return sum((r.score or 0) * (r.population or 0) for r in rows) / people if people else 0

    ranked = sorted(groups.items(), key=lambda item: (-weighted(item[1]), item[0]))[:11]
    areas = []
    for name, rows in ranked:
        wards = sorted({r.ward_name for r in rows if r.ward_name})
        label = f"{name} ({', '.join(wards)})"[:120]
        area = PriorityArea.objects.filter(district=district, name=label).first()
        if area is None:
            area = places_services.priority_area_create(
                name=label,
                district=district,
                description=ROTHERHAM_NOTE,
                method="lsoas",
                codes=sorted(r.code for r in rows),
                by=system,
            )
        areas.append(area)
    return areas


def _kind(key: str) -> ElementKind:
    kind, _ = ElementKind.objects.get_or_create(
        key=key, defaults={"label": key.replace("_", " ").capitalize()}
    )
    return kind


def _elements(plan, specs, document, system, links: list, parent=None, codes=None):
    """The element tree; each `contributes_to` is noted in `links` until every plan is loaded."""
    codes = {} if codes is None else codes
    from equalchance.indicators.models import Indicator

    for spec in specs:
        element = services.element_add(
            by=system,
            plan=plan,
            kind=_kind(spec["kind"]),
            code=spec["code"],
            title=spec["title"][:500],
            parent=parent,
            description=spec.get("description") or "",
            current_position=spec.get("current_position") or "",
            source=_cite(document, spec.get("source")),
        )
        codes[spec["code"]] = element
        if spec.get("contributes_to"):
            links.append((element, spec["contributes_to"], _cite(document, spec.get("source"))))
        for measure in spec.get("measured_by") or []:
            indicator = Indicator.objects.filter(code=measure.get("indicator") or "").first()
            services.element_measure_link(
                by=system,
                element=element,
                indicator=indicator,
                text="" if indicator else measure.get("text", ""),
            )
        _elements(plan, spec.get("children") or [], document, system, links, element, codes)
    return codes


def _plan(spec, document, system, bodies, areas, plans, links) -> Plan:
    summary = "\n\n".join(t for t in (spec.get("vision"), spec.get("description")) if t)
    area = areas.get(spec.get("area")) if spec.get("type") == "area_action_plan" or spec.get("area") else None
    plan = services.plan_create(
        by=system,
        key=spec["key"],
        title=spec["title"][:200],
        type=spec["type"],
        parent=plans.get(spec.get("parent")),
        body=bodies.get(spec.get("board")),
        lead_role=(spec.get("lead") or "")[:200],
        period_start=_date(spec.get("period_start")),
        period_end=_date(spec.get("period_end")),
        visibility="public",
        priority_area=area,
        summary=summary,
        source=_cite(document, spec.get("source")),
    )
    codes = _elements(plan, spec.get("elements") or [], document, system, links)
    for item in spec.get("actions") or []:
        due = _date(item.get("due"))
        services.action_create(
            by=system,
            plan=plan,
            title=item["title"][:500],
            element=codes.get(item.get("element")),
            type=item.get("type") or "key_action",
            category=item.get("category") or "",
            lead_text=(item.get("lead_organisation") or item.get("owner_role") or "")[:300],
            start=plan.period_start
            if plan.period_start and (due is None or plan.period_start <= due)
            else None,
            due=due,
            due_text=(item.get("due_text") or "")[:120],
            visibility="public",
            source=_cite(document, item.get("source")),
        )
    published = _published(document) or plan.period_start or timezone.localdate()
    if (spec.get("status") or "draft") != "draft":
        services.plan_status_change(
            by=system,
            plan=plan,
            status="approved",
            decision_text=f"Approved as published: {document['document']['title']}. "
            "Transcribed from the document." + _date_note(document),
            decided_on=min(published, timezone.localdate()),
        )
        services.plan_status_change(by=system, plan=plan, status="active")
    return plan


def seeds_load(*, by) -> dict[str, int]:
    """Everything the seed documents hold, once. Returns how many plans it added."""
    documents = seed_documents()
    added = 0
    links: list = []  # (element, {"plan": key, "element": code}, source)
    with transaction.atomic():
        bodies = _bodies(documents, by)
        areas = _priority_areas(documents, by)
        specs = {
            spec["key"]: (spec, document) for document in documents for spec in document.get("plans", [])
        }
        plans = {p.key: p for p in Plan.objects.filter(key__in=specs)}
        pending = [key for key in specs if key not in plans]
        while pending:  # parents first, whatever the file order
            ready = [
                k
                for k in pending
                if not specs[k][0].get("parent")
                or specs[k][0]["parent"] in plans
                or specs[k][0]["parent"] not in specs
            ]
            if not ready:
                raise ValueError(f"Plans whose parents never resolve: {', '.join(pending)}")
            for key in ready:
                spec, document = specs[key]
                plans[key] = _plan(spec, document, by, bodies, areas, plans, links)
                pending.remove(key)
                added += 1
        for element, target, source in links:  # the golden thread the documents draw
            to = PlanElement.objects.filter(plan__key=target["plan"], code=target["element"]).first()
            if to is not None:
                services.contribution_link(by=by, from_element=element, to_element=to, source=source)
    return {"plans": added, "bodies": len(bodies)}


# --- Synthetic progress -------------------------------------------------------------------------

# Each update is marked synthetic (ActionUpdate.synthetic), which every page, report, file and the API
# show beside its words; the words themselves no longer repeat it ("(synthetic): Synthetic: made up for
# the demo.", probe 7).


ASSET_KINDS = ("community_centre", "green_space", "voluntary_group")


def assets_generate(*, per_area: int = 3) -> int:
    """A few synthetic community assets inside each area plan's priority area, so that the area maps'
    asset layer has something to show: no register of real assets ships with the product. Each is
    labelled synthetic (register, map and tables); running it again adds nothing."""
    from equalchance.directory.maps import areas as shapes_of
    from equalchance.directory.maps import contains
    from equalchance.directory.postcodes import all_postcodes
    from equalchance.plans.models import CommunityAsset
    from equalchance.plans.selectors import plan_area_codes

    lsoas = {a.code: a for a in shapes_of("lsoa")}
    postcodes = sorted(all_postcodes(), key=lambda p: p.postcode)
    added = 0
    with transaction.atomic():
        for plan in Plan.objects.filter(type="area_action_plan").exclude(priority_area=None).order_by("pk"):
            codes = sorted(plan_area_codes(plan))
            if CommunityAsset.objects.filter(synthetic=True, lsoa_id__in=codes).exists():
                continue
            inside = [
                (p, code)
                for p in postcodes
                for code in codes
                if code in lsoas and contains(lsoas[code], p.longitude, p.latitude)
            ]
            step = max(len(inside) // per_area, 1)
            for number, (postcode, code) in enumerate(inside[::step][:per_area]):
                kind = ASSET_KINDS[number % len(ASSET_KINDS)]
                label = CommunityAsset.Type(kind).label
                CommunityAsset.objects.create(
                    name=f"{label} near {postcode.postcode}",
                    type=kind,
                    postcode=postcode.postcode,
                    latitude=postcode.latitude,
                    longitude=postcode.longitude,
                    lsoa_id=code,
                    description=f"Synthetic: made up for the demo map of {plan.priority_area.name}.",
                    synthetic=True,
                    source="Synthetic (demo)",
                )
                added += 1
    return added


def _pick(action: Action, n: int) -> int:
    return (
        int.from_bytes(hashlib.sha256(f"{action.plan.key}|{action.pk}|{action.title}".encode()).digest()[:4])
        % n
    )


def cycles_ensure(*, today: date) -> ReportingCycle:
    """Quarterly reporting cycles of the financial year: updates due a month into each quarter."""
    year = today.year if today.month >= 4 else today.year - 1
    current = None
    for quarter, month in enumerate((4, 7, 10, 13), start=1):
        start = date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        if start > today:
            break
        end = date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1) - timedelta(days=1)
        name = f"Q{quarter} {year}/{str(year + 1)[2:]}"
        current, _ = ReportingCycle.objects.get_or_create(
            name=name,
            plan=None,
            defaults={"period_start": start, "period_end": end, "update_due": start + timedelta(days=30)},
        )
    return current


def _post(action, owner, when: date, **fields) -> None:
    moment = timezone.make_aware(datetime.combine(when, time(10)))
    ActionUpdate.objects.create(action=action, author=owner, posted_at=moment, synthetic=True, **fields)


def _delivered(action, owner, done: date) -> None:
    _post(action, owner, done, status="completed", percent_complete=100, progress="Delivered.")
    action.status, action.percent_complete, action.completed = "completed", 100, done


def progress_generate(*, owners: list[User], today: date | None = None) -> int:
    """Give each dated action of the seeded plans an owner from `owners` and a synthetic history of
    updates: most delivered (some late), some re-planned and in progress, some stuck, one or two on
    hold or cancelled. Written directly (the history is in the past); the action's fields follow its
    latest update, as `services.action_update_post` leaves them."""
    today = today or timezone.localdate()
    cycle = cycles_ensure(today=today)
    posted = 0
    with transaction.atomic():
        actions = Action.objects.filter(updates__isnull=True).select_related("plan").order_by("pk")
        for i, action in enumerate(actions):
            owner = owners[i % len(owners)]
            action.owner = owner
            due = action.due or (action.plan.period_end or today)
            fate = _pick(action, 10)
            ended = action.plan.period_end
            historic = ended is not None and ended < today - timedelta(days=365)
            start = action.start or (due - timedelta(days=365))
            halfway = min(start + (due - start) / 2, today)
            # The made-up history says the action was held from its first update on.
            action.created_at = min(
                action.created_at, timezone.make_aware(datetime.combine(halfway, time(9)))
            )
            _post(
                action,
                owner,
                halfway,
                status="in_progress",
                percent_complete=40,
                progress="Work under way.",
                next_steps="Continue as planned.",
            )
            posted += 1
            if fate <= 4:  # delivered; fate 0 late
                done = due + timedelta(days=45) if fate == 0 else due - timedelta(days=10)
                _delivered(action, owner, min(done, today))
            elif fate <= 7 and historic:  # a plan long ended: re-planned by a year, then delivered late
                revised = due + timedelta(days=365)
                _post(
                    action,
                    owner,
                    min(due - timedelta(days=30), today),
                    status="in_progress",
                    percent_complete=70,
                    progress="Re-planned with partners.",
                    revised_due=revised,
                    revised_due_reason="Partners agreed a later date.",
                )
                _delivered(action, owner, min(revised - timedelta(days=10), today))
                posted += 1
                action.original_due = action.original_due or due  # the date first agreed, kept
                action.due = revised
            elif fate <= 7:  # re-planned into next year, in progress at various paces
                revised = date(today.year + 1, 3, 31)
                pc = (90, 70, 45)[fate - 5]
                when = (
                    cycle.period_start + timedelta(days=5)
                    if fate != 7
                    else cycle.period_start - timedelta(days=40)
                )
                _post(
                    action,
                    owner,
                    min(when, today),
                    status="in_progress",
                    percent_complete=pc,
                    progress="Re-planned with partners.",
                    next_steps="Agree the remaining steps at the next board.",
                    blockers="Funding for the next phase is not yet agreed." if fate == 7 else "",
                    self_assessed="amber" if fate == 6 else "",
                    rag_reason="Partners' capacity is stretched." if fate == 6 else "",
                    revised_due=revised,
                    revised_due_reason="The refreshed strategy moved the date.",
                )
                action.original_due = action.original_due or due  # the date first agreed, kept
                action.status, action.percent_complete, action.due = "in_progress", pc, revised
            elif fate == 8:
                _post(
                    action,
                    owner,
                    min(due, today),
                    status="on_hold",
                    progress="Paused while funding is reviewed.",
                )
                action.status = "on_hold"
            else:
                action.status = "in_progress"  # no word since halfway: overdue, update missing
            posted += 1 if fate != 9 else 0
            action.save(
                update_fields=[
                    "owner",
                    "status",
                    "percent_complete",
                    "completed",
                    "due",
                    "original_due",
                    "created_at",
                ]
            )
    return posted
