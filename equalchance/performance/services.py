"""Writes for performance. Each checks who may make the change (asking `selectors`), writes in one
transaction with its audit event, and refuses bad values with a ValidationError that names the field.
Audit events hold references and codes, never typed text (a comment, a reason, a definition).

A value goes draft -> submitted -> approved, or back to returned (with a reason) from submitted. An
approved value is never changed in place: its approver returns it (with a reason), and the data-entry
people then correct and submit it again. While a value waits for approval it is not changed either: the
approver approves or returns it first."""

import math
import re
from contextlib import contextmanager
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from equalchance.audit.actions import Action as Audit
from equalchance.audit.services import audit_event_record, audit_refusal_record
from equalchance.performance import periods, redaction, selectors
from equalchance.performance import status as rules
from equalchance.performance.models import (
    PROGRAMME_NAME_TAKEN,
    RESULT_TITLE_TAKEN,
    Baseline,
    FeedbackForm,
    ForecastPoint,
    Measure,
    MeasureChange,
    MeasureValue,
    Programme,
    Result,
    Target,
    TurnTheCurve,
)
from equalchance.plans.models import Decision

# What the database holds: 18 digits, 6 of them after the point.
LARGEST = Decimal("1e12")
TYPED_NUMBER = re.compile(
    r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]{1,4})?|[+-]?\.[0-9]+", re.ASCII
)
WHOLE_NUMBER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+", re.ASCII)
LARGEST_N = 1_000_000_000  # people or responses in one period: a billion is more than any service has
PLACES = Decimal("0.000001")
# A value due more than two years after its period ends is a mistake, and dates far past it overflow.
LAG_LIMIT_DAYS = 730
LAG_SAID = f"Enter a number of days from 0 to {LAG_LIMIT_DAYS:,} (two years)"
# Values are kept to 6 places, so no more can be shown.
PLACES_LIMIT = 6
PLACES_SAID = f"Show from 0 to {PLACES_LIMIT} decimal places"
# The fields of a measure a definer sets (the rest are kept by the product).
MEASURE_FIELDS = (
    "title",
    "programme",
    "plan_element",
    "owner",
    "approver",
    "category",
    "form",
    "headline",
    "data_only",
    "value_type",
    "unit",
    "decimal_places",
    "polarity",
    "range_low",
    "range_high",
    "frequency",
    "calendar",
    "cumulative",
    "data_lag_days",
    "tolerance",
    "tolerance_type",
    "definition",
    "rationale",
    "source",
    "collection",
    "calculation",
    "quality_assurance",
    "known_issues",
    "visibility",
    "synthetic",
)
# Definition sheet text: the change log says it changed, not what it said.
LONG_TEXT = {
    "definition",
    "rationale",
    "source",
    "collection",
    "calculation",
    "quality_assurance",
    "known_issues",
}


def _text(value: str | None) -> str:
    return (value or "").strip()


def _refuse(by, *, what: str, obj_type: str, obj_id="", message: str) -> None:
    audit_refusal_record(
        actor=by, action=Audit.ACCESS_REFUSED, object_type=obj_type, object_id=obj_id, why=what
    )
    raise PermissionDenied(message)


def _define_check(by, *, what: str, obj_type: str, obj_id="") -> None:
    if not selectors.may_define_measures(by):
        _refuse(
            by,
            what=what,
            obj_type=obj_type,
            obj_id=obj_id,
            message=f"Only administrators, analysts and plan editors can {what}.",
        )


def _number(field: str, value, *, label: str, required: bool = False) -> Decimal | None:
    """A number the database can hold, or a ValidationError naming the field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError({field: f"Enter the {label}."})
        return None
    if isinstance(value, bool):
        raise ValidationError({field: f"The {label} must be a number."})
    try:
        if isinstance(value, str):
            # Commas only between groups of three digits ("1,5" is not 15), ASCII digits only.
            if not TYPED_NUMBER.fullmatch(value.strip()):
                raise ValueError
            value = value.strip().replace(",", "")
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"The {label} must be a number, like 42, 1,250 or 61.5."}) from None
    if not number.is_finite() or (isinstance(value, float) and not math.isfinite(value)):
        raise ValidationError({field: f"The {label} must be a number, like 42, 1,250 or 61.5."})
    if abs(number) >= LARGEST:
        raise ValidationError({field: f"The {label} must be smaller than 1,000,000,000,000."})
    kept = number.quantize(PLACES)
    if number and not kept:
        too_small = f"The {label} is too small to keep: {PLACES_LIMIT} decimal places at most."
        raise ValidationError({field: too_small})
    return kept


def _period(measure: Measure, period_start, period_end, *, field: str = "period_start") -> periods.Period:
    if not isinstance(period_start, date) or not isinstance(period_end, date):
        raise ValidationError({field: "Choose the period."})
    try:
        return measure.period_of(period_start, period_end)
    except periods.PeriodError as error:
        raise ValidationError({field: str(error)}) from None


def _audit_fields(fields) -> list[str]:
    return sorted(fields)


# --- Results and programmes ---------------------------------------------------------------------


# The areas a result's population or a programme lives in: whole places, not LSOAs or wards.
AREA_LEVELS = ("country", "region", "county", "district")
AREA_LEVELS_SAID = "a district, county, region or country"
NAME_LIMIT = 300  # characters of a result's title, its population and a programme's name
TEXT_LIMIT = 10_000  # characters of a programme's description or customers
PROGRAMME_TEXT = ("name", "description", "customers")
PROGRAMME_LINKS = ("providers", "results", "plan_elements", "team")
RESULT_LINKS = ("programmes", "indicators", "plan_elements")


def _length_check(errors: dict, field: str, value: str, *, limit: int, label: str) -> None:
    if len(value) > limit:
        errors[field] = [f"{label} must be {limit:,} characters or fewer"]


def _area_check(errors: dict, area) -> None:
    if area is None:
        return
    level = getattr(area, "level", None)
    if level not in AREA_LEVELS:
        errors["area"] = [f"Choose {AREA_LEVELS_SAID} as the area, from the list"]


def _plan_elements_check(errors: dict, by, plan_elements, *, keep=()) -> None:
    """Only parts of plans the person may see are linked (those already linked and hidden from them are
    kept by the caller, never offered)."""
    from equalchance.plans import selectors as plan_selectors
    from equalchance.plans.models import PlanElement

    chosen = {getattr(e, "pk", None) for e in plan_elements} - set(keep)
    if not chosen:
        return
    seen = set(
        PlanElement.objects.filter(
            pk__in=[pk for pk in chosen if pk is not None],
            plan__in=plan_selectors.plans_visible_to(user=by).values("pk"),
        ).values_list("pk", flat=True)
    )
    hidden = sorted(str(pk) for pk in chosen - seen)  # an id the form never offered: recorded as refused
    if hidden:
        audit_refusal_record(
            actor=by,
            action=Audit.ACCESS_REFUSED,
            object_type="plans.planelement",
            object_id=hidden[0][:64],
            why=f"link {len(hidden)} part(s) of plans they may not see",
        )
        errors["plan_elements"] = ["Choose parts of plans from the list: one chosen is not one you may link"]


def _team_check(errors: dict, team) -> None:
    from equalchance.accounts.models import Role, User

    people = list(team)
    if any(not isinstance(person, User) for person in people):
        errors["team"] = ["Choose the team from the list of people"]
        return
    if any(not person.is_active or person.role == Role.SYSTEM for person in people):
        errors["team"] = ["Choose the team from the list of people: each must have an active account"]


def _providers_check(errors: dict, providers) -> None:
    from equalchance.accounts.models import Organisation

    if any(not isinstance(p, Organisation) for p in providers):
        errors["providers"] = ["Choose the providers from the list of organisations"]


def _saved_once(record, *, field: str, taken: str) -> None:
    """Save a result or programme whose name the checks found free; if the same name was saved in the
    meantime (the same form posted twice at once), the database's constraint refuses it in the check's
    words."""
    try:
        with transaction.atomic():  # a savepoint, so the caller's transaction carries on to roll back
            record.save()
    except IntegrityError:
        same = type(record).objects.filter(**{f"{field}__iexact": getattr(record, field)})
        if not same.exclude(pk=record.pk).exists():
            raise  # refused for some other reason: not the name's, so not in its words
        raise ValidationError({field: [taken]}) from None


def _result_check(by, *, title, population, area, plan_elements, keep=(), pk=None) -> None:
    errors: dict = {}
    if not title:
        errors["title"] = ["Enter the result: a condition of wellbeing, in plain words"]
    elif Result.objects.filter(title__iexact=title).exclude(pk=pk).exists():
        # A second post of the same form, or the same result twice: one would be linked, one forgotten.
        errors["title"] = [RESULT_TITLE_TAKEN]
    _length_check(errors, "title", title, limit=NAME_LIMIT, label="The result")
    _length_check(errors, "population", population, limit=NAME_LIMIT, label="The population")
    _area_check(errors, area)
    _plan_elements_check(errors, by, plan_elements, keep=keep)
    if errors:
        raise ValidationError(errors)


def result_create(
    *, by, title: str, population: str = "", area=None, plan_elements=(), indicators=()
) -> Result:
    _define_check(by, what="add population results", obj_type="performance.result")
    plan_elements = list(plan_elements)
    _result_check(
        by, title=_text(title), population=_text(population), area=area, plan_elements=plan_elements
    )
    with transaction.atomic():
        result = Result(title=_text(title), population=_text(population), area=area)
        _saved_once(result, field="title", taken=RESULT_TITLE_TAKEN)
        result.plan_elements.set(plan_elements)
        result.indicators.set(indicators)
        audit_event_record(actor=by, action=Audit.RESULT_CREATE, obj=result)
    return result


def _hidden_elements(by, record) -> set[int]:
    """The parts of plans already linked that this person may not see: kept as they are."""
    return selectors.plan_elements_unseen(user=by, record=record)


def _links_changed(record, name: str, chosen) -> dict | None:
    """The ids added and removed, for the audit trail: never the names."""
    before = set(getattr(record, name).values_list("pk", flat=True))
    after = {item.pk for item in chosen}
    if before == after:
        return None
    return {"added": sorted(after - before), "removed": sorted(before - after)}


def result_update(
    *,
    by,
    result: Result,
    title: str,
    population: str = "",
    area=None,
    plan_elements=(),
    indicators=(),
) -> Result:
    """Change a population result. The audit trail says which fields changed and the ids linked or
    unlinked, never what was typed."""
    _define_check(by, what="change population results", obj_type="performance.result", obj_id=result.pk)
    result = Result.objects.get(pk=result.pk)
    hidden = _hidden_elements(by, result)
    plan_elements = list(plan_elements)
    _result_check(
        by,
        title=_text(title),
        population=_text(population),
        area=area,
        plan_elements=plan_elements,
        keep=hidden,
        pk=result.pk,
    )
    plan_elements = [*plan_elements, *result.plan_elements.filter(pk__in=hidden)]
    indicators = list(indicators)
    changes: dict = {}
    fields = []
    for name, value in (("title", _text(title)), ("population", _text(population))):
        if getattr(result, name) != value:
            fields.append(name)
            setattr(result, name, value)
    if result.area_id != (area.pk if area else None):
        fields.append("area")
        changes["area"] = {"from": result.area_id, "to": area.pk if area else None}
        result.area = area
    for name, chosen in (("plan_elements", plan_elements), ("indicators", indicators)):
        changed = _links_changed(result, name, chosen)
        if changed:
            fields.append(name)
            changes[name] = changed
    if not fields:
        return result
    with transaction.atomic():
        _saved_once(result, field="title", taken=RESULT_TITLE_TAKEN)
        result.plan_elements.set(plan_elements)
        result.indicators.set(indicators)
        audit_event_record(
            actor=by,
            action=Audit.RESULT_UPDATE,
            obj=result,
            changes={"fields": _audit_fields(fields), **changes},
        )
    return result


def _programme_check(by, programme: Programme, *, providers, plan_elements, team, keep=()) -> None:
    errors: dict = {}
    if not programme.name:
        errors["name"] = ["Enter the programme's name"]
    elif Programme.objects.filter(name__iexact=programme.name).exclude(pk=programme.pk).exists():
        errors["name"] = [PROGRAMME_NAME_TAKEN]
    if not team and programme.pk and FeedbackForm.objects.filter(programme=programme).exists():
        # Only the team reads a programme's feedback, and only it runs the forms (see may_change_feedback).
        errors["team"] = [
            "Keep at least one person in the team: only the team reads the programme's feedback"
        ]
    _length_check(errors, "name", programme.name, limit=NAME_LIMIT, label="The programme's name")
    _length_check(errors, "description", programme.description, limit=TEXT_LIMIT, label="The description")
    _length_check(errors, "customers", programme.customers, limit=TEXT_LIMIT, label="Who its customers are")
    if programme.visibility not in dict(Programme._meta.get_field("visibility").flatchoices):
        errors["visibility"] = ["Choose who may see the programme"]
    _area_check(errors, programme.area)
    _plan_elements_check(errors, by, plan_elements, keep=keep)
    _team_check(errors, team)
    _providers_check(errors, providers)
    if errors:
        raise ValidationError(errors)


def programme_create(
    *,
    by,
    name: str,
    description: str = "",
    customers: str = "",
    area=None,
    visibility: str = "partnership",
    providers=(),
    results=(),
    plan_elements=(),
    team=(),
) -> Programme:
    _define_check(by, what="add programmes", obj_type="performance.programme")
    programme = Programme(
        name=_text(name),
        description=_text(description),
        customers=_text(customers),
        area=area,
        visibility=visibility,
    )
    providers, plan_elements, team = list(providers), list(plan_elements), list(team)
    _programme_check(by, programme, providers=providers, plan_elements=plan_elements, team=team)
    programme.full_clean(validate_constraints=False)  # the name: _programme_check and _saved_once
    with transaction.atomic():
        _saved_once(programme, field="name", taken=PROGRAMME_NAME_TAKEN)
        programme.providers.set(providers)
        programme.results.set(results)
        programme.plan_elements.set(plan_elements)
        programme.team.set(team)
        audit_event_record(
            actor=by, action=Audit.PROGRAMME_CREATE, obj=programme, changes={"visibility": visibility}
        )
    return programme


def programme_update(
    *,
    by,
    programme: Programme,
    name: str,
    description: str = "",
    customers: str = "",
    area=None,
    visibility: str = "partnership",
    providers=(),
    results=(),
    plan_elements=(),
    team=(),
) -> Programme:
    """Change a programme: its words, area, who may see it, and its providers, results, parts of plans
    and team (who read its feedback; those who are not viewers run its feedback forms). The audit trail
    names the fields changed and the ids linked or unlinked, never what was typed."""
    _define_check(by, what="change programmes", obj_type="performance.programme", obj_id=programme.pk)
    programme = Programme.objects.get(pk=programme.pk)
    hidden = _hidden_elements(by, programme)
    before = {name: getattr(programme, name) for name in (*PROGRAMME_TEXT, "area_id", "visibility")}
    programme.name, programme.description, programme.customers = (
        _text(name),
        _text(description),
        _text(customers),
    )
    programme.area, programme.visibility = area, visibility
    links = {
        "providers": list(providers),
        "results": list(results),
        "plan_elements": list(plan_elements),
        "team": list(team),
    }
    _programme_check(
        by,
        programme,
        providers=links["providers"],
        plan_elements=links["plan_elements"],
        team=links["team"],
        keep=hidden,
    )
    programme.full_clean(validate_constraints=False)  # the name: _programme_check and _saved_once
    links["plan_elements"] += list(programme.plan_elements.filter(pk__in=hidden))
    fields = [name for name in PROGRAMME_TEXT if before[name] != getattr(programme, name)]
    changes: dict = {}
    if before["area_id"] != programme.area_id:
        fields.append("area")
        changes["area"] = {"from": before["area_id"], "to": programme.area_id}
    if before["visibility"] != programme.visibility:
        fields.append("visibility")
        changes["visibility"] = {"from": before["visibility"], "to": programme.visibility}
    for name in PROGRAMME_LINKS:
        changed = _links_changed(programme, name, links[name])
        if changed:
            fields.append(name)
            changes[name] = changed
    if not fields:
        return programme
    with transaction.atomic():
        _saved_once(programme, field="name", taken=PROGRAMME_NAME_TAKEN)
        for name in PROGRAMME_LINKS:
            getattr(programme, name).set(links[name])
        audit_event_record(
            actor=by,
            action=Audit.PROGRAMME_UPDATE,
            obj=programme,
            changes={"fields": _audit_fields(fields), **changes},
        )
    return programme


def _removable_check(by, record, *, what: str) -> None:
    """Refuse, naming everything that holds it (`selectors.removal_holds`, which the page shows too)."""
    holds = selectors.removal_holds(user=by, record=record)
    if holds:
        raise ValidationError(
            f"The {what} cannot be removed: "
            + "; ".join(f"{hold.what} ({hold.remedy})" for hold in holds)
            + "."
        )


def result_delete(*, by, result: Result) -> None:
    """Remove a population result. It holds no values: its links to programmes, indicators and parts
    of plans go with it. The audit trail keeps the ids it was linked to, never its words."""
    _define_check(by, what="remove population results", obj_type="performance.result", obj_id=result.pk)
    with _refusal_recorded(by, Audit.RESULT_DELETE, result), transaction.atomic():
        result = _locked(Result, result.pk, what="population result")
        _removable_check(by, result, what="population result")
        audit_event_record(
            actor=by,
            action=Audit.RESULT_DELETE,
            obj=result,
            changes={
                name: sorted(getattr(result, name).values_list("pk", flat=True)) for name in RESULT_LINKS
            },
        )
        result.delete()


def programme_delete(*, by, programme: Programme) -> None:
    """Remove a programme that nothing records against: no measures and no feedback forms (their values
    and responses would lose their programme; move or remove them first). Its links to providers,
    results, parts of plans and its team go with it; the audit trail keeps their ids."""
    _define_check(by, what="remove programmes", obj_type="performance.programme", obj_id=programme.pk)
    with _refusal_recorded(by, Audit.PROGRAMME_DELETE, programme), transaction.atomic():
        programme = _locked(Programme, programme.pk, what="programme")
        _removable_check(by, programme, what="programme")
        audit_event_record(
            actor=by,
            action=Audit.PROGRAMME_DELETE,
            obj=programme,
            changes={
                name: sorted(getattr(programme, name).values_list("pk", flat=True))
                for name in PROGRAMME_LINKS
            },
        )
        try:
            with transaction.atomic():
                programme.delete()
        except (ProtectedError, IntegrityError):  # a measure or form made for it since the check above
            raise ValidationError(
                "Something now records against the programme: look again before removing it."
            ) from None


@contextmanager
def _refusal_recorded(by, action, record):
    """A removal refused in words (something holds the record, or it has gone) is recorded as refused,
    after its transaction is undone, with the record's id only."""
    try:
        yield
    except ValidationError:
        audit_refusal_record(
            actor=by,
            action=action,
            object_type=record._meta.label_lower,
            object_id=record.pk,
            why="not removable",
        )
        raise


def _locked(model, pk, *, what: str):
    """The record, locked for the rest of the transaction (PostgreSQL), or a ValidationError if it has
    gone (removed by someone else, or by this same form posted twice)."""
    found = model.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise ValidationError(f"The {what} has already been removed.")
    return found


# --- Measures and their definition sheets ------------------------------------------------------


def _measure_check(measure: Measure) -> None:
    own = {}  # said in words, in place of the model's "Ensure this value..." or "Constraint ... violated"
    lag = measure.data_lag_days
    if isinstance(lag, int) and not 0 <= lag <= LAG_LIMIT_DAYS:
        own["data_lag_days"] = [LAG_SAID]
    if isinstance(measure.tolerance, Decimal | int | float) and measure.tolerance < 0:
        own["tolerance"] = ["The tolerance must be 0 or more."]
    if isinstance(measure.decimal_places, int) and not 0 <= measure.decimal_places <= PLACES_LIMIT:
        own["decimal_places"] = [f"{PLACES_SAID}."]
    errors = {}
    try:
        # The constraints are checked below in words; the database still holds them.
        measure.full_clean(exclude=["data_entry", *own], validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    errors.update(own)
    if Measure.objects.filter(code=measure.code).exclude(pk=measure.pk).exists():
        errors["code"] = ["Another measure has this code: choose another."]
    if (
        measure.polarity == Measure.Polarity.IN_RANGE
        and measure.range_low is None
        and measure.range_high is None
    ):
        errors["range_low"] = ["A measure that is better within a range needs its lower or upper bound."]
    if (
        measure.range_low is not None
        and measure.range_high is not None
        and measure.range_low > measure.range_high
    ):
        errors["range_high"] = ["The upper bound must be at or above the lower bound."]
    if measure.data_entry_ids is not None and measure.approver_id in measure.data_entry_ids:
        errors["approver"] = ["The approver must not also enter the values: choose someone else."]
    if errors:
        raise ValidationError(errors)


def measure_create(*, by, code: str, title: str, category: str, owner, data_entry=(), **fields) -> Measure:
    """Define a measure: its identity, RBA category and form, how it is judged, and its definition sheet."""
    _define_check(by, what="define measures", obj_type="performance.measure")
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown measure fields: {', '.join(sorted(unknown))}")
    measure = Measure(code=_text(code), title=_text(title), category=category, owner=owner, **fields)
    measure.data_entry_ids = {user.pk for user in data_entry}
    _measure_check(measure)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the same definition posted twice at once
                measure.save()
        except IntegrityError:
            raise ValidationError({"code": ["Another measure has this code: choose another."]}) from None
        measure.data_entry.set(data_entry)
        MeasureChange.objects.create(measure=measure, by=by, what="Defined the measure.")
        audit_event_record(
            actor=by,
            action=Audit.MEASURE_CREATE,
            obj=measure,
            changes={"category": measure.category, "form": measure.form, "visibility": measure.visibility},
        )
    return measure


def _shown(measure: Measure, name: str, value) -> str:
    field = Measure._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "none"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def measure_update(*, by, measure: Measure, note: str = "", data_entry=None, **fields) -> Measure:
    """Change a measure's definition; the change log says what changed, in words (and the definer's
    note, if any). The code never changes: values and reports refer to it."""
    _define_check(by, what="change measures", obj_type="performance.measure", obj_id=measure.pk)
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown measure fields: {', '.join(sorted(unknown))}")
    measure = Measure.objects.get(pk=measure.pk)
    before = {name: getattr(measure, name) for name in fields}
    for name, value in fields.items():
        setattr(measure, name, value)
    old_entry = set(measure.data_entry.values_list("pk", flat=True))
    new_entry = old_entry if data_entry is None else {user.pk for user in data_entry}
    measure.data_entry_ids = new_entry
    _measure_check(measure)
    changed = [name for name in fields if _normal(before[name]) != _normal(getattr(measure, name))]
    if "approver" in changed and measure.approver_id:
        _approver_not_waiting_on_self(measure)
    words = []
    for name in changed:
        label = Measure._meta.get_field(name).verbose_name
        if name in LONG_TEXT:
            words.append(f"Changed the {label}.")
        elif Measure._meta.get_field(name).is_relation:
            words.append(f"Changed the {label}.")
        else:
            words.append(
                f"Changed the {label} from {_shown(measure, name, before[name])} "
                f"to {_shown(measure, name, getattr(measure, name))}."
            )
    if new_entry != old_entry:
        words.append("Changed who enters the values.")
        changed.append("data_entry")
    if not words:
        return measure
    if _text(note):
        words.append(_text(note))
    with transaction.atomic():
        measure.save()
        if data_entry is not None:
            measure.data_entry.set(data_entry)
        change = MeasureChange.objects.create(measure=measure, by=by, what=" ".join(words))
        audit_event_record(
            actor=by,
            action=Audit.MEASURE_UPDATE,
            obj=measure,
            changes={"fields": _audit_fields(changed), "change": change.pk},
        )
    return measure


def _approver_not_waiting_on_self(measure: Measure) -> None:
    """A new approver must not have entered a value still waiting for approval: nobody approves their
    own, so it would wait for ever, and the reminders would ask them to (probe 9)."""
    own = (
        measure.values.filter(status=MeasureValue.Status.SUBMITTED, entered_by_id=measure.approver_id)
        .order_by("period_start")
        .first()
    )
    if own is not None:
        raise ValidationError(
            {
                "approver": [
                    f"The person chosen entered the value for {own.period.label}, which waits for "
                    "approval, and nobody approves a value they entered: choose someone else, or have "
                    "that value returned first."
                ]
            }
        )


def _normal(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        try:
            return Decimal(str(value)) if not isinstance(value, str) or value.strip() else value
        except InvalidOperation:
            return value
    return value


# --- Values --------------------------------------------------------------------------------------


def _enter_check(by, measure: Measure, *, what: str) -> None:
    if not selectors.may_enter_values(by, measure):
        _refuse(
            by,
            what=what,
            obj_type="performance.measure",
            obj_id=measure.pk,
            message="Only the measure's data-entry people can enter and submit its values.",
        )


def _percentage(measure: Measure) -> bool:
    return measure.form == Measure.Form.PERCENTAGE or measure.value_type == Measure.ValueType.PERCENTAGE


def _measure_number(measure: Measure, value, *, label: str, whole_counts: bool = True) -> Decimal:
    """A number of the measure: a percentage from 0 to 100 ("50%" typed in a per-cent field is 50), a
    count's value a whole number, 0 or more (``whole_counts``: a baseline may be an average of counts).
    A value entered and a baseline declared are read alike (outside probe: a baseline of 150% was kept,
    "83.2%" refused)."""
    if _percentage(measure) and isinstance(value, str):
        value = value.strip().removesuffix("%")
    value = _number("value", value, label=label, required=True)
    if _percentage(measure) and not (0 <= value <= 100):
        raise ValidationError({"value": "A percentage must be between 0 and 100."})
    if measure.value_type != Measure.ValueType.COUNT or not whole_counts:
        return value
    if value < 0 or value != value.to_integral_value():
        raise ValidationError({"value": f"{measure.code} is a count: a whole number, 0 or more."})
    return value


def value_enter(
    *,
    by,
    measure: Measure,
    period_start: date,
    period_end: date,
    value=None,
    numerator=None,
    denominator=None,
    n=None,
    comment: str = "",
    provisional: bool = False,
    synthetic: bool = False,
) -> MeasureValue:
    """Enter a measure's value for a period as a draft, or replace a draft or returned one. For a
    percentage given as numerator and denominator the value is computed from them."""
    _enter_check(by, measure, what="enter values")
    period = _period(measure, period_start, period_end)
    errors = {}
    try:
        numerator = _number("numerator", numerator, label="numerator")
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        denominator = _number("denominator", denominator, label="denominator")
    except ValidationError as error:
        errors.update(error.message_dict)
    if n is not None and not isinstance(n, bool) and isinstance(n, str) and n.strip() == "":
        n = None
    if n is not None:
        text = str(n).strip() if not isinstance(n, bool) else ""
        if not WHOLE_NUMBER.fullmatch(text):
            errors["n"] = "The number of people or responses (n) must be a whole number, 0 or more."
        elif int(text.replace(",", "")) >= LARGEST_N:
            errors["n"] = f"The number of people or responses (n) must be smaller than {LARGEST_N:,}."
        else:
            n = int(text.replace(",", ""))
    if numerator is not None and numerator < 0:
        errors["numerator"] = "The numerator must be 0 or more."
    if denominator is not None and denominator <= 0:
        errors["denominator"] = "The denominator must be more than 0."
    if (
        (numerator is None) != (denominator is None)
        and "numerator" not in errors
        and "denominator" not in errors
    ):
        missing = "denominator" if denominator is None else "numerator"
        errors[missing] = f"Enter the {missing} too, or neither."
    problem = periods.entry_problem(period, timezone.localdate(), provisional=bool(provisional))
    if problem:
        errors["period_start"] = problem
    problem = _suppression_problem(measure, n)
    if problem and "n" not in errors:
        errors["n"] = problem
    if errors:
        raise ValidationError(errors)
    if numerator is not None and _percentage(measure):
        if numerator > denominator:
            raise ValidationError({"numerator": "The numerator must not be more than the denominator."})
        computed = (numerator * 100 / denominator).quantize(PLACES)
        typed = _number("value", value, label="value")
        places = Decimal(1).scaleb(-measure.decimal_places)
        shown = computed.quantize(places)
        if typed is not None and typed.quantize(places) != shown:
            raise ValidationError(
                {"value": f"The value must be the numerator divided by the denominator: {shown}%."}
            )
        value = computed
    else:
        value = _measure_number(measure, value, label="value")
    if comment and redaction.redact(str(comment))[1]:
        # Comments are read by everyone who may read the measure (the public, for a published one).
        raise ValidationError(
            {
                "comment": "The comment holds what looks like someone's personal details (an e-mail address, "
                "phone number, postcode or NHS number): take them out. Everyone who can read the measure "
                "reads its comments."
            }
        )
    with transaction.atomic():
        existing = _value_held(measure, period)
        if existing is not None and existing.status in (
            MeasureValue.Status.SUBMITTED,
            MeasureValue.Status.APPROVED,
        ):
            state = (
                "waits for approval" if existing.status == MeasureValue.Status.SUBMITTED else "is approved"
            )
            raise ValidationError(
                {"value": f"The value for {period.label} {state}: its approver returns it before it changes."}
            )
        record = existing or MeasureValue(measure=measure, period_start=period.start, period_end=period.end)
        record.value, record.numerator, record.denominator, record.n = value, numerator, denominator, n
        record.comment, record.provisional, record.synthetic = (
            _text(comment),
            bool(provisional),
            bool(synthetic),
        )
        record.status, record.entered_by = MeasureValue.Status.DRAFT, by
        record.approved_by, record.approved_at = None, None
        try:
            with transaction.atomic():  # a savepoint: the same first value posted twice at once
                record.save()
        except IntegrityError:
            said = f"A value for {period.label} was entered at the same moment: open the measure to see it."
            raise ValidationError({"value": said}) from None
        audit_event_record(
            actor=by,
            action=Audit.VALUE_ENTER,
            obj=record,
            changes={"measure": measure.pk, "period_start": period.start, "replaced": existing is not None},
        )
    return record


def _value_held(measure: Measure, period: periods.Period) -> MeasureValue | None:
    """The measure's value for the period, locked for the change (where the database locks rows)."""
    return MeasureValue.objects.select_for_update().filter(measure=measure, period_start=period.start).first()


def value_submit(*, by, value: MeasureValue) -> MeasureValue:
    """Send a draft or returned value to the measure's approver."""
    _enter_check(by, value.measure, what="submit values")
    with transaction.atomic():
        value = MeasureValue.objects.select_for_update().select_related("measure").get(pk=value.pk)
        if value.status not in (MeasureValue.Status.DRAFT, MeasureValue.Status.RETURNED):
            raise ValidationError({"status": f"This value is {value.get_status_display().lower()} already."})
        if value.measure.approver_id is None:
            raise ValidationError(
                {"status": "The measure has no approver: ask whoever defines it to name one."}
            )
        value.status, value.return_reason = MeasureValue.Status.SUBMITTED, ""
        value.save(update_fields=["status", "return_reason"])
        audit_event_record(
            actor=by, action=Audit.VALUE_SUBMIT, obj=value, changes={"measure": value.measure_id}
        )
    return value


def _approve_check(by, value: MeasureValue, *, what: str) -> None:
    if not selectors.may_approve_value(by, value):
        _refuse(
            by,
            what=what,
            obj_type="performance.measurevalue",
            obj_id=value.pk,
            message="Only the measure's approver approves or returns its values, never a value they entered.",
        )


def _suppression_problem(measure: Measure, n) -> str:
    """A measure fed by feedback never holds a result of fewer than SUPPRESS_BELOW responses, however it
    is entered (guide 5 and 6.5: it would say what a handful of people answered)."""
    if not hasattr(measure, "feedback_link"):
        return ""
    if n is None or n < rules.SUPPRESS_BELOW:
        return (
            f"This measure is fed by feedback: give n, the number of responses, which must be "
            f"{rules.SUPPRESS_BELOW} or more (fewer are never shown)."
        )
    return ""


def value_approve(*, by, value: MeasureValue) -> MeasureValue:
    _approve_check(by, value, what="approve values")
    with transaction.atomic():
        value = MeasureValue.objects.select_for_update().select_related("measure").get(pk=value.pk)
        if value.status != MeasureValue.Status.SUBMITTED:
            raise ValidationError({"status": "Only a value submitted for approval can be approved."})
        problem = _suppression_problem(value.measure, value.n)
        if problem:
            raise ValidationError({"status": problem})
        value.status, value.approved_by, value.approved_at = MeasureValue.Status.APPROVED, by, timezone.now()
        value.save(update_fields=["status", "approved_by", "approved_at"])
        audit_event_record(
            actor=by, action=Audit.VALUE_APPROVE, obj=value, changes={"measure": value.measure_id}
        )
    return value


def value_return(*, by, value: MeasureValue, reason: str) -> MeasureValue:
    """Return a submitted value, or an approved one that needs correcting, to its data-entry people
    with the reason (shown to them; never in the audit trail)."""
    _approve_check(by, value, what="return values")
    if not _text(reason):
        raise ValidationError({"reason": "Say why the value is returned, so it can be put right."})
    with transaction.atomic():
        value = MeasureValue.objects.select_for_update().select_related("measure").get(pk=value.pk)
        if value.status not in (MeasureValue.Status.SUBMITTED, MeasureValue.Status.APPROVED):
            raise ValidationError({"status": "Only a submitted or approved value can be returned."})
        was = value.status
        value.status, value.return_reason = MeasureValue.Status.RETURNED, _text(reason)
        value.approved_by, value.approved_at = None, None
        value.save(update_fields=["status", "return_reason", "approved_by", "approved_at"])
        audit_event_record(
            actor=by, action=Audit.VALUE_RETURN, obj=value, changes={"measure": value.measure_id, "from": was}
        )
    return value


# --- Targets and baselines -----------------------------------------------------------------------


def target_set(
    *,
    by,
    measure: Measure,
    period_start: date,
    period_end: date,
    value,
    decision: Decision | None = None,
    decision_text: str = "",
    decided_on: date | None = None,
    body=None,
) -> Target:
    """Set (or change) a measure's target for a period, by a recorded decision: one already minuted
    (`decision`, e.g. from plans.services.decision_record), or one recorded here with its words and its
    date (a decision of kind "set_target")."""
    _define_check(by, what="set targets", obj_type="performance.measure", obj_id=measure.pk)
    measure = Measure.objects.get(pk=measure.pk)  # as defined now, not as the caller last read it
    period = _period(measure, period_start, period_end)
    number = _number("value", value, label="target", required=True)
    if measure.data_only:
        raise ValidationError({"value": "This measure is data only: it has no targets."})
    if decision is None:
        errors = {}
        if not _text(decision_text):
            errors["decision_text"] = "Enter the decision that set the target, as it was recorded."
        if decided_on is None or decided_on > timezone.localdate():
            errors["decided_on"] = "Enter the date of the decision, today or in the past."
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        if decision is None:
            decision = Decision.objects.create(
                kind=Decision.Kind.SET_TARGET,
                text=_text(decision_text),
                decided_on=decided_on,
                body=body,
                recorded_by=by,
            )
            audit_event_record(
                actor=by, action=Audit.DECISION_RECORD, obj=decision, changes={"kind": decision.kind}
            )
        target, created = Target.objects.update_or_create(
            measure=measure,
            period_start=period.start,
            defaults={"period_end": period.end, "value": number, "decision": decision, "set_by": by},
        )
        audit_event_record(
            actor=by,
            action=Audit.TARGET_SET,
            obj=target,
            changes={
                "measure": measure.pk,
                "period_start": period.start,
                "decision": decision.pk,
                "replaced": not created,
            },
        )
    return target


def baseline_declare(
    *, by, measure: Measure, period_start: date, period_end: date, value, comment: str = ""
) -> Baseline:
    """Declare the baseline change is measured from (replacing an earlier declaration)."""
    _define_check(by, what="declare baselines", obj_type="performance.measure", obj_id=measure.pk)
    period = _period(measure, period_start, period_end)
    if period.end >= timezone.localdate():
        raise ValidationError(
            {"period": "A baseline is a period already measured: choose one that has ended."}
        )
    number = _measure_number(measure, value, label="baseline", whole_counts=False)
    with transaction.atomic():
        baseline, created = Baseline.objects.update_or_create(
            measure=measure,
            defaults={
                "period_start": period.start,
                "period_end": period.end,
                "value": number,
                "comment": _text(comment),
                "declared_by": by,
            },
        )
        audit_event_record(
            actor=by,
            action=Audit.BASELINE_DECLARE,
            obj=baseline,
            changes={"measure": measure.pk, "period_start": period.start, "replaced": not created},
        )
    return baseline


# --- Forecasts (drawn dashed: where the curve is heading if nothing changes) ------------------------


def forecast_set(*, by, measure: Measure, period_start: date, period_end: date, value) -> ForecastPoint:
    """Record a forecast for one period by hand (replacing any forecast for it)."""
    _define_check(by, what="record forecasts", obj_type="performance.measure", obj_id=measure.pk)
    period = _period(measure, period_start, period_end)
    number = _number("value", value, label="forecast", required=True)
    with transaction.atomic():
        point, created = ForecastPoint.objects.update_or_create(
            measure=measure,
            period_start=period.start,
            defaults={"period_end": period.end, "value": number, "method": ForecastPoint.Method.MANUAL},
        )
        audit_event_record(
            actor=by,
            action=Audit.FORECAST_SET,
            obj=point,
            changes={
                "measure": measure.pk,
                "period_start": period.start,
                "method": "manual",
                "replaced": not created,
            },
        )
    return point


def forecast_trend_make(*, by, measure: Measure, today: date) -> list[ForecastPoint]:
    """Record where the curve is heading if nothing changes (`selectors.forecast_trend`: the page's own
    year-end forecast rule) as the forecast for each period after the latest value to the end of the
    reporting year, so a board sees it drawn. Forecasts entered by hand are kept; earlier trend points
    are replaced."""
    _define_check(by, what="record forecasts", obj_type="performance.measure", obj_id=measure.pk)
    trend = selectors.forecast_trend(measure=measure, today=today)
    if trend.problem:
        raise ValidationError({"method": trend.problem})
    ahead, line = trend.periods, trend.values
    manual = set(
        measure.forecast.filter(method=ForecastPoint.Method.MANUAL).values_list("period_start", flat=True)
    )
    made = []
    with transaction.atomic():
        measure.forecast.filter(method=ForecastPoint.Method.LINEAR_TREND).delete()
        for period, value in zip(ahead, line, strict=True):
            if period.start in manual:
                continue
            rounded = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(PLACES)
            if abs(rounded) >= LARGEST:
                raise ValidationError({"method": "The trend runs beyond the numbers a measure can hold."})
            made.append(
                ForecastPoint.objects.create(
                    measure=measure,
                    period_start=period.start,
                    period_end=period.end,
                    value=rounded,
                    method=ForecastPoint.Method.LINEAR_TREND,
                )
            )
        audit_event_record(
            actor=by,
            action=Audit.FORECAST_SET,
            obj=measure,
            changes={
                "method": "linear_trend",
                "points": len(made),
                "from_values": trend.from_values,
            },
        )
    return made


# --- Turning the curve ---------------------------------------------------------------------------

TURN_THE_CURVE_TEXT = ("helping", "hurting", "partners", "what_works", "proposals", "data_development")


def turn_the_curve_write(
    *, by, measure: Measure, period_start: date, period_end: date, story: str, actions=(), **texts
) -> TurnTheCurve:
    """Write (or rewrite) the turn-the-curve entry for one period of a measure. A rewritten entry is a
    draft again, to be cleared afresh. Actions must be ones the writer may see."""
    from equalchance.plans.selectors import actions_visible_to

    measure = Measure.objects.get(pk=measure.pk)  # its owner as now, not as the caller last read it
    if not selectors.may_write_turn_the_curve(by, measure):
        _refuse(
            by,
            what="write turn-the-curve entries",
            obj_type="performance.measure",
            obj_id=measure.pk,
            message="Only the measure's owner and those who define measures write its turn-the-curve.",
        )
    unknown = set(texts) - set(TURN_THE_CURVE_TEXT)
    if unknown:
        raise TypeError(f"Unknown turn-the-curve fields: {', '.join(sorted(unknown))}")
    period = _period(measure, period_start, period_end)
    if not _text(story):
        raise ValidationError({"story": "Tell the story behind the curve: why it looks as it does."})
    action_ids = {a.pk for a in actions}
    if action_ids - set(actions_visible_to(user=by).filter(pk__in=action_ids).values_list("pk", flat=True)):
        raise ValidationError({"actions": "Choose actions from the plans you may see."})
    fields = {name: _text(texts.get(name, "")) for name in TURN_THE_CURVE_TEXT}
    with transaction.atomic():
        entry, created = TurnTheCurve.objects.update_or_create(
            measure=measure,
            period_start=period.start,
            defaults={
                "period_end": period.end,
                "story": _text(story),
                **fields,
                "status": TurnTheCurve.Status.DRAFT,
                "author": by,
                "cleared_by": None,
                "cleared_at": None,
            },
        )
        entry.actions.set(action_ids)
        audit_event_record(
            actor=by,
            action=Audit.TURN_THE_CURVE_WRITE,
            obj=entry,
            changes={
                "measure": measure.pk,
                "period_start": period.start,
                "created": created,
                "actions": len(action_ids),
            },
        )
    return entry


def turn_the_curve_clear(*, by, entry: TurnTheCurve) -> TurnTheCurve:
    """Clear a draft entry for showing with the measure: someone who may write it, not its author."""
    entry = TurnTheCurve.objects.select_related("measure").get(pk=entry.pk)
    if not selectors.may_clear_turn_the_curve(by, entry):
        _refuse(
            by,
            what="clear turn-the-curve entries",
            obj_type="performance.turn_the_curve",
            obj_id=entry.pk,
            message="Someone other than its author, who may write it, clears a turn-the-curve entry.",
        )
    if entry.status == TurnTheCurve.Status.CLEARED:
        raise ValidationError("This entry is already cleared.")
    with transaction.atomic():
        entry.status, entry.cleared_by, entry.cleared_at = TurnTheCurve.Status.CLEARED, by, timezone.now()
        entry.save(update_fields=["status", "cleared_by", "cleared_at"])
        audit_event_record(
            actor=by, action=Audit.TURN_THE_CURVE_CLEAR, obj=entry, changes={"measure": entry.measure_id}
        )
    return entry
