"""Reads for performance, and the one place that decides who may see or change what: which measures a
user may see (`measures_visible_to`), which of a measure's values (`values_visible_to`), who enters a
measure's values (`may_enter_values`) and who approves one (`may_approve_value`). Views ask these; they
never re-derive a rule."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from equalchance.accounts.permissions import user_can
from equalchance.performance import periods, presenting
from equalchance.performance import status as rules
from equalchance.performance.models import Measure, MeasureValue, Programme, Target, Visibility

VIEW = "performance.view"
DEFINE = "performance.define"


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def may_define_measures(user) -> bool:
    return user_can(user, DEFINE)


def may_read_partnership_measures(user) -> bool:
    return user_can(user, VIEW) or may_define_measures(user)


def _public_measures() -> Q:
    """Published: a public measure of a public programme (or of no programme, hanging off a plan)."""
    return Q(visibility=Visibility.PUBLIC) & (
        Q(programme__isnull=True) | Q(programme__visibility=Visibility.PUBLIC)
    )


def _part_in(user) -> Q:
    """Measures a signed-in user has a part in: they own it, enter its values, approve them, or sit in
    its programme's team."""
    return Q(owner=user) | Q(data_entry=user) | Q(approver=user) | Q(programme__team=user)


def measures_visible_to(*, user) -> QuerySet[Measure]:
    """Every measure for roles that read the partnership's performance; for anyone else signed in,
    published measures and those they have a part in; published measures only for the public."""
    measures = Measure.objects.select_related("programme", "plan_element", "owner", "approver")
    if may_read_partnership_measures(user):
        return measures
    if _signed_in(user):
        return measures.filter(
            pk__in=Measure.objects.filter(_public_measures() | _part_in(user)).values("pk")
        )
    return measures.filter(_public_measures())


def programmes_visible_to(*, user) -> QuerySet[Programme]:
    programmes = Programme.objects.prefetch_related("providers")
    if may_read_partnership_measures(user):
        return programmes
    if _signed_in(user):
        return programmes.filter(
            pk__in=Programme.objects.filter(Q(visibility=Visibility.PUBLIC) | Q(team=user)).values("pk")
        )
    return programmes.filter(visibility=Visibility.PUBLIC)


def may_enter_values(user, measure: Measure) -> bool:
    """Only the measure's data-entry people, whatever their role."""
    return _signed_in(user) and measure.data_entry.filter(pk=user.pk).exists()


def measures_entered_by(*, user) -> QuerySet[Measure]:
    """The measures whose values this user enters: `may_enter_values` for a whole list."""
    if not _signed_in(user):
        return Measure.objects.none()
    return Measure.objects.filter(data_entry=user).order_by("code")


def may_approve_value(user, value: MeasureValue) -> bool:
    """Only the measure's approver, and never the person who entered that value."""
    return _signed_in(user) and value.measure.approver_id == user.pk and value.entered_by_id != user.pk


def may_see_unapproved(user, measure: Measure) -> bool:
    """Values not yet approved are seen by those who define measures and by the people the measure
    names (owner, data entry, approver); everyone else sees approved values only."""
    if may_define_measures(user):
        return True
    if not _signed_in(user):
        return False
    return (
        user.pk in (measure.owner_id, measure.approver_id) or measure.data_entry.filter(pk=user.pk).exists()
    )


def values_visible_to(*, user, measure: Measure) -> QuerySet[MeasureValue]:
    values = measure.values.select_related("entered_by", "approved_by").order_by("period_start")
    if may_see_unapproved(user, measure):
        return values
    return values.filter(status=MeasureValue.Status.APPROVED)


def approvals_waiting_for(*, user) -> QuerySet[MeasureValue]:
    """The values waiting for this user's approval (never one they entered themselves)."""
    if not _signed_in(user):
        return MeasureValue.objects.none()
    return (
        MeasureValue.objects.filter(status=MeasureValue.Status.SUBMITTED, measure__approver=user)
        .exclude(entered_by=user)
        .select_related("measure", "entered_by")
        .order_by("period_start", "measure__code")
    )


# --- Rows as pages show them ----------------------------------------------------------------------


@dataclass
class ValueRow:
    """One period of a measure: its value (if any the reader may see), target, status and direction."""

    period: periods.Period
    value: MeasureValue | None
    target: Target | None
    status: rules.MeasureStatus
    direction: str | None


def value_rows(*, user, measure: Measure) -> list[ValueRow]:
    """The measure's periods that have a value the reader may see or a target, oldest first; status and
    direction of travel are judged on approved values only (a draft is shown, never judged)."""
    values = {v.period_start: v for v in values_visible_to(user=user, measure=measure)}
    targets = {t.period_start: t for t in measure.targets.all()}
    rows, previous = [], None
    for start in sorted(set(values) | set(targets)):
        value, target = values.get(start), targets.get(start)
        end = value.period_end if value else target.period_end
        approved = value.value if value and value.status == MeasureValue.Status.APPROVED else None
        result, direction = presenting.judged(
            actual=approved, target=target.value if target else None, previous=previous, measure=measure
        )
        rows.append(ValueRow(measure.period_of(start, end), value, target, result, direction))
        if approved is not None:
            previous = approved
    return rows


@dataclass
class MeasureRow:
    measure: Measure
    latest: ValueRow | None  # the latest period with an approved value


def measure_rows(*, user) -> list[MeasureRow]:
    """Every measure the reader may see with its latest approved value, status and direction of travel."""
    measures = measures_visible_to(user=user).prefetch_related("targets")
    approved = MeasureValue.objects.filter(
        measure__in=measures.values("pk"), status=MeasureValue.Status.APPROVED
    ).order_by("period_start")
    by_measure: dict[int, list[MeasureValue]] = {}
    for value in approved:
        by_measure.setdefault(value.measure_id, []).append(value)
    rows = []
    for measure in measures:
        history = by_measure.get(measure.pk, [])
        if not history:
            rows.append(MeasureRow(measure, None))
            continue
        latest = history[-1]
        previous = history[-2].value if len(history) > 1 else None
        target = next((t for t in measure.targets.all() if t.period_start == latest.period_start), None)
        result, direction = presenting.judged(
            actual=latest.value, target=target.value if target else None, previous=previous, measure=measure
        )
        row = ValueRow(
            measure.period_of(latest.period_start, latest.period_end), latest, target, result, direction
        )
        rows.append(MeasureRow(measure, row))
    return rows
