"""Reads for performance, and the one place that decides who may see or change what: which measures a
user may see (`measures_visible_to`), which of a measure's values (`values_visible_to`), who enters a
measure's values (`may_enter_values`) and who approves one (`may_approve_value`). Views ask these; they
never re-derive a rule."""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet, prefetch_related_objects

from equalchance.accounts.permissions import user_can
from equalchance.performance import periods
from equalchance.performance import standing as standing_rules
from equalchance.performance import status as rules
from equalchance.performance.models import (
    FeedbackAnswer,
    FeedbackMeasureLink,
    ForecastPoint,
    Measure,
    MeasureValue,
    Programme,
    Result,
    Target,
    Visibility,
)
from equalchance.plans.models import Action, PlanElement

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


@dataclass(frozen=True)
class Hold:
    """Something that keeps a programme or result from being removed: what it is, in words, what to do
    about it, and a link to it (empty when there is none to give)."""

    what: str
    remedy: str
    url: str = ""


def plan_elements_unseen(*, user, record) -> set[int]:
    """The parts of plans linked to a programme or result that this person may not see."""
    from equalchance.plans import selectors as plan_selectors

    visible = plan_selectors.plans_visible_to(user=user).values("pk")
    return set(record.plan_elements.exclude(plan__in=visible).values_list("pk", flat=True))


def removal_holds(*, user, record: Programme | Result) -> list[Hold]:
    """Everything that keeps ``record`` from being removed by ``user``, all of it at once: the measures
    and feedback forms of a programme (their values and what service users said would lose their
    programme), and links to parts of plans the person may not see (removing would unlink them unseen).
    The removal page shows these and the removal service refuses on them: one rule."""
    from django.urls import reverse

    holds = []
    if isinstance(record, Programme):
        for measure in record.measures.order_by("code", "pk"):
            holds.append(
                Hold(
                    f"Measure {measure.code} {measure.title}",
                    "change its programme",
                    reverse("performance:measure", args=[measure.pk]),
                )
            )
        for form in record.feedback_forms.order_by("title", "pk"):
            holds.append(
                Hold(
                    f"Feedback form “{form.title}”",
                    "what service users said through it stays with the programme",
                    reverse("feedback:form", kwargs={"pk": form.pk}),
                )
            )
    if plan_elements_unseen(user=user, record=record):
        holds.append(
            Hold(
                "Parts of plans you may not see",
                "only someone who can see them may remove it",
            )
        )
    return holds


def was_removed(*, model, pk) -> bool:
    """Whether a programme or result with this id was removed (the audit trail says so)."""
    from equalchance.audit.actions import Action
    from equalchance.audit.models import AuditEvent

    action = {Programme: Action.PROGRAMME_DELETE, Result: Action.RESULT_DELETE}[model]
    return AuditEvent.objects.filter(action=action, object_id=str(pk)).exists()


def results_visible_to(*, user) -> QuerySet[Result]:
    """Every population result for those who define measures; for anyone else, the results linked to a
    programme they may see or to a part of a plan that a measure they may see measures."""
    results = Result.objects.select_related("area")
    if may_define_measures(user):
        return results
    programmes = programmes_visible_to(user=user).values("pk")
    elements = measures_visible_to(user=user).filter(plan_element__isnull=False).values("plan_element")
    return results.filter(
        pk__in=Result.objects.filter(Q(programmes__in=programmes) | Q(plan_elements__in=elements)).values(
            "pk"
        )
    )


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


def may_write_turn_the_curve(user, measure: Measure) -> bool:
    """The measure's owner and those who define measures write its turn-the-curve entries."""
    return _signed_in(user) and (measure.owner_id == user.pk or may_define_measures(user))


def may_clear_turn_the_curve(user, entry) -> bool:
    """A writer other than the entry's author clears it: a second pair of eyes before it is shown."""
    return may_write_turn_the_curve(user, entry.measure) and entry.author_id != user.pk


def turn_the_curve_actions_offered(*, user, measure: Measure):
    """Plan actions a turn-the-curve entry may propose: those the writer may see, in the plans of the
    measure's plan element and of its programme's plan elements."""
    from equalchance.plans.models import Plan
    from equalchance.plans.selectors import actions_visible_to

    elements = Q(pk=measure.plan_element_id) if measure.plan_element_id else Q(pk__in=[])
    if measure.programme_id:
        elements |= Q(programmes=measure.programme_id)
    plans = Plan.objects.filter(elements__in=PlanElement.objects.filter(elements).values("pk"))
    return (
        actions_visible_to(user=user)
        .filter(plan__in=plans.values("pk"))
        .select_related("plan")
        .order_by("plan__title", "order")
    )


def turn_the_curve_actions_shown(*, user, entry) -> list:
    """The plan actions a turn-the-curve entry proposes that this reader may see (a public reader never
    learns the titles of the partnership's restricted actions from a card)."""
    from equalchance.plans.selectors import actions_visible_to

    if entry is None:
        return []
    return list(
        actions_visible_to(user=user)
        .filter(turn_the_curve=entry)
        .select_related("plan", "owner")
        .order_by("plan__title", "order")
    )


def turn_the_curve_visible_to(*, user, measure: Measure):
    """Cleared entries for everyone who sees the measure; drafts too for those who may write them."""
    entries = measure.turn_the_curve.select_related("author", "cleared_by")
    if may_write_turn_the_curve(user, measure):
        return entries
    return entries.filter(status="cleared")


def values_visible_to(*, user, measure: Measure) -> QuerySet[MeasureValue]:
    values = measure.values.select_related("entered_by", "approved_by").order_by("period_start")
    if may_see_unapproved(user, measure):
        return values
    return values.filter(status=MeasureValue.Status.APPROVED)


def periods_held(*, measure: Measure) -> dict:
    """The starts of the measure's periods whose value is approved or waiting for approval, with its
    status: held from a new entry until its approver returns it."""
    return dict(
        measure.values.filter(
            status__in=(MeasureValue.Status.SUBMITTED, MeasureValue.Status.APPROVED)
        ).values_list("period_start", "status")
    )


def approvals_waiting() -> QuerySet[MeasureValue]:
    """Every value waiting for approval that its measure's approver may approve (`may_approve_value`:
    not one the approver entered), for the queues and the reminders."""
    return MeasureValue.objects.filter(
        status=MeasureValue.Status.SUBMITTED, measure__approver__isnull=False
    ).exclude(entered_by=F("measure__approver"))


def approvals_waiting_for(*, user) -> QuerySet[MeasureValue]:
    """The values waiting for this user's approval (never one they entered themselves)."""
    if not _signed_in(user):
        return MeasureValue.objects.none()
    return (
        approvals_waiting()
        .filter(measure__approver=user)
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
    forecast: ForecastPoint | None = None
    not_yet_due: bool = False  # no value, and its data is not yet late
    unjudged: str = ""  # why the row has no status, in words, when it has none (the pages and files say it)
    withheld: bool = False  # a feedback measure's period of too few responses: its value is not shown


# Said of a withheld period wherever its value would be, not "None yet": the answers came (outside probe).
WITHHELD_SAID = f"Not shown: fewer than {rules.SUPPRESS_BELOW} responses"


def value_rows(*, user, measure: Measure, today: date) -> list[ValueRow]:
    """The measure's periods, oldest first: from the first with a value the reader may see, a target or a
    forecast, to the last of those or the current period, whichever is later, so a period whose value is
    missing has its row. Status and direction of travel are judged on approved values only (a draft is
    shown, never judged)."""
    current = current_period(measure, today=today)
    values = {v.period_start: v for v in values_visible_to(user=user, measure=measure)}
    targets = {t.period_start: t for t in measure.targets.all()}
    forecasts = {f.period_start: f for f in measure.forecast.all()}
    approved = {
        start: standing_rules.Point(
            None,
            v.value,
            counts=None if v.numerator is None else (int(v.numerator), int(v.denominator)),
        )
        for start, v in values.items()
        if v.status == MeasureValue.Status.APPROVED
    }
    settings = settings_of(measure)
    nothing = standing_rules.Point(None)
    rows = []
    held = withheld_periods([measure.pk]).get(measure.pk, frozenset())
    starts = set(values) | set(targets) | set(forecasts) | held  # a withheld period has its row, saying so
    if not starts:
        return rows
    last = max(max(starts), current.start)
    for period in periods.periods_between(min(starts), last, measure.frequency, measure.calendar):
        start = period.start
        value, target, forecast = values.get(start), targets.get(start), forecasts.get(start)
        before = periods.period_containing(start - timedelta(days=1), measure.frequency, measure.calendar)
        now = approved.get(start, nothing)
        result = settings.status(now.actual, target.value if target else None)
        # As on the standing: the period just before, so a missing period gives no direction.
        direction = settings.travel(now, approved.get(before.start, nothing))
        waiting = value is None and period.start > current.start
        unjudged = ""
        if value is None and start in held:
            unjudged = WITHHELD_SAID
        elif value is not None and value.status != MeasureValue.Status.APPROVED:
            unjudged = "Judged once approved"
        elif waiting:
            unjudged = "Not yet due"
        elif value is not None and period.end >= today:
            # As `_ended` for the standing: a count so far is judged once its period has ended (probe 9).
            unjudged, direction = f"Not judged until {period.label} ends", None
        rows.append(
            ValueRow(period, value, target, result, direction, forecast, waiting, unjudged, start in held)
        )
    return rows


# --- Where each measure stands (standing.py's rules over the database) -----------------------------

# A series is at most this many periods long: five years of months, enough for any trend a page draws.
SERIES_LIMIT = 60
CLOSED_ACTIONS = ("completed", "cancelled", "deferred")
# A measure's action is live while it is worked on: on hold is not (plans count it as not on track), so a
# measure in trouble whose only action is on hold is "neglected".
NOT_LIVE_ACTIONS = (*CLOSED_ACTIONS, "on_hold")


@dataclass
class MeasureStanding:
    measure: Measure
    standing: standing_rules.Standing


def settings_of(measure: Measure, *, fed_by_feedback: bool | None = None) -> standing_rules.Settings:
    if fed_by_feedback is None:
        fed_by_feedback = FeedbackMeasureLink.objects.filter(measure=measure).exists()
    return standing_rules.Settings(
        significance=fed_by_feedback,
        polarity=measure.polarity,
        tolerance=measure.tolerance,
        tolerance_type=measure.tolerance_type,
        data_only=measure.data_only,
        range_low=measure.range_low,
        range_high=measure.range_high,
        is_percentage=measure.form == Measure.Form.PERCENTAGE
        or measure.value_type == Measure.ValueType.PERCENTAGE,
        decimals=measure.decimal_places,
        cumulative=measure.cumulative,
        frequency=measure.frequency,
        calendar=measure.calendar,
        data_lag_days=measure.data_lag_days,
        defined_on=measure.created_at.date() if measure.created_at else None,
    )


def current_period(measure: Measure, *, today: date) -> periods.Period:
    """The latest period whose data-due date has passed by ``today`` (guide 6.1, rule 1)."""
    return periods.latest_overdue(today, measure.frequency, measure.calendar, measure.data_lag_days)


def _ended(measure, approved, *, today: date) -> list:
    """The approved values of periods that have ended: a running period's provisional value (a count so
    far) is kept and listed, but judged against nothing until its period ends, else a part-quarter would
    read as "worsening" against a whole one and as the year's outturn (probe 8)."""
    cut = len(approved)
    while (
        cut
        and periods.period_containing(approved[cut - 1][0], measure.frequency, measure.calendar).end >= today
    ):
        cut -= 1
    return approved if cut == len(approved) else approved[:cut]


def _last_period(measure, approved, *, today: date) -> periods.Period:
    """The last period of a measure's series: its current period, or a later one with an approved value."""
    last = current_period(measure, today=today)
    if approved:
        last = max(last, periods.period_containing(approved[-1][0], measure.frequency, measure.calendar))
    return last


def _latest_three(measure, approved, targets, forecasts, *, today: date):
    """The last three points of the measure's series as `_series` makes them (without its other periods),
    newest first, for `standing.passed_over`; None when in doubt (a value between them, off this
    frequency's periods)."""
    approved = _ended(measure, approved, today=today)
    last = _last_period(measure, approved, today=today)
    before = periods.period_containing(last.start - timedelta(days=1), measure.frequency, measure.calendar)
    earliest = periods.period_containing(
        before.start - timedelta(days=1), measure.frequency, measure.calendar
    )

    def at(rows, start):  # rows are oldest first, with at most a few (targets ahead) after `last`
        for row_start, value in reversed(rows):
            if row_start <= start:
                return value if row_start == start else None
        return None

    for later, sooner in ((last, before), (before, earliest)):
        found = next((start for start, _ in reversed(approved) if start < later.start), None)
        if found is not None and sooner.start < found:
            return None
    return tuple(
        standing_rules.Point(p, at(approved, p.start), at(targets, p.start), at(forecasts, p.start))
        for p in (last, before, earliest)
    )


def _series(
    measure, approved, targets, forecasts, *, today: date, withheld=frozenset(), counts=None, waiting=None
) -> tuple[list, standing_rules.Point | None]:
    """The measure's periods from its first value, target or start up to the current period (or a later
    approved value), each as a standing Point; and the current year's last period if beyond them."""
    frequency, calendar = measure.frequency, measure.calendar
    approved = _ended(measure, approved, today=today)
    last = _last_period(measure, approved, today=today)
    starts = [start for start, _ in approved] + [start for start, _ in targets if start <= last.start]
    first_day = min([*starts, measure.created_at.date()] if starts else [measure.created_at.date()])
    first = periods.period_containing(min(first_day, last.start), frequency, calendar)
    spans = periods.periods_between(first.start, last.end, frequency, calendar)[-SERIES_LIMIT:]
    values, aims, ahead = dict(approved), dict(targets), dict(forecasts)
    points = [
        standing_rules.Point(
            p,
            values.get(p.start),
            aims.get(p.start),
            ahead.get(p.start),
            p.start in withheld,
            (counts or {}).get(p.start),
            (waiting or {}).get(p.start, ""),
        )
        for p in spans
    ]
    year_end = periods.periods_of_year(last.year, frequency, calendar)[-1]
    end_point = standing_rules.Point(
        year_end, values.get(year_end.start), aims.get(year_end.start), ahead.get(year_end.start)
    )
    return points, end_point


@dataclass(frozen=True)
class TrendForecast:
    """What "Draw the trend as the forecast" would record: the same line the page works out for the
    year end (`standing.projection`), read off at each period from after the latest value to the year's
    end. `problem` says why none can be drawn."""

    periods: list = field(default_factory=list)
    values: list = field(default_factory=list)
    from_values: int = 0
    through: str = ""  # "Q1 2025/26 to Q2 2026/27": the periods of the values it is drawn through
    problem: str = ""
    replaces: list = field(default_factory=list)  # trend forecasts recorded before, by period label
    kept: list = field(default_factory=list)  # forecasts entered by hand, which it leaves alone


FEEDBACK_NO_TREND = (
    "This measure is worked out from feedback: each result is a sample of a few answers, so a straight "
    "line through them would be noise, and none is drawn. Record a forecast by hand if the team has one."
)


def forecast_trend(*, measure: Measure, today: date) -> TrendForecast:
    approved = list(
        measure.values.filter(status=MeasureValue.Status.APPROVED, period_end__lt=today).order_by(
            "-period_start"
        )[: standing_rules.TREND_POINTS]
    )[::-1]
    if FeedbackMeasureLink.objects.filter(measure=measure).exists():
        return TrendForecast(problem=FEEDBACK_NO_TREND)
    if len(approved) < (1 if measure.cumulative else 2):
        return TrendForecast(problem="A trend needs approved values for at least two periods.")
    last = measure.period_of(approved[-1].period_start, approved[-1].period_end)
    following = periods.period_containing(last.end + timedelta(days=1), measure.frequency, measure.calendar)
    year = max(following.year, periods.reporting_year(today, measure.calendar))
    year_periods = periods.periods_of_year(year, measure.frequency, measure.calendar)
    if measure.cumulative:  # this year's values, counted from the year's first period
        index = {period.start: i for i, period in enumerate(year_periods)}
        approved = [v for v in approved if v.period_start in index]
        if not approved:
            return TrendForecast(
                problem=f"A year-to-date measure is carried on at this year's rate, and "
                f"{periods.year_label(year)} has no approved value yet."
            )
        ahead = [p for p in year_periods if p.start > last.start]
    else:
        series = periods.periods_between(
            approved[0].period_start, year_periods[-1].end, measure.frequency, measure.calendar
        )
        index = {period.start: i for i, period in enumerate(series)}
        ahead = [p for p in series if p.start > last.start]
    line = standing_rules.projection(
        [(index[v.period_start], v.value) for v in approved],
        [index[p.start] for p in ahead],
        cumulative=measure.cumulative,
    )
    recorded = list(measure.forecast.order_by("period_start"))
    first = measure.period_of(approved[0].period_start, approved[0].period_end)
    return TrendForecast(
        periods=ahead,
        values=line or [],
        from_values=len(approved),
        through=first.label if first == last else f"{first.label} to {last.label}",
        replaces=[
            measure.period_of(f.period_start, f.period_end).label
            for f in recorded
            if f.method == ForecastPoint.Method.LINEAR_TREND
        ],
        kept=[
            measure.period_of(f.period_start, f.period_end).label
            for f in recorded
            if f.method == ForecastPoint.Method.MANUAL
        ],
    )


def withheld_periods(measure_ids) -> dict[int, frozenset]:
    """For each feedback measure of `measure_ids`, the starts of its periods whose result is withheld
    for too few responses (as `feedback_selectors.feedback_counts` counts them, for all in one query)."""
    links = list(
        FeedbackMeasureLink.objects.filter(measure__in=measure_ids).select_related("measure", "question")
    )
    if not links:
        return {}
    answers = (
        FeedbackAnswer.objects.filter(
            question__in={link.question_id for link in links},
            response__form__programme__in={link.measure.programme_id for link in links},
        )
        .order_by()
        .values_list("question_id", "response__form__programme_id", "response__received_on", "value")
        .annotate(n=Count("pk"))
    )
    by_source: dict[tuple, list] = {}
    for question, programme, day, value, n in answers:
        by_source.setdefault((question, programme), []).append((day, value, n))
    withheld = {}
    for link in links:
        measure, positive_answers = link.measure, set(link.question.positive_answers)
        counts: dict[date, list[int]] = {}
        for day, value, n in by_source.get((link.question_id, measure.programme_id), []):
            start = periods.period_containing(day, measure.frequency, measure.calendar).start
            entry = counts.setdefault(start, [0, 0])
            entry[0] += n if value in positive_answers else 0
            entry[1] += n
        withheld[measure.pk] = frozenset(
            start
            for start, (positive, total) in counts.items()
            if rules.percent_positive(positive, total).suppressed
        )
    return withheld


def measures_of_plan(plan) -> QuerySet[Measure]:
    """The measures a plan's reports and its exception report carry: those of the plan's parts, or of
    programmes linked to them (a narrowing for `standings`, which decides what the reader sees). One
    rule: the exception report filtered by a plan once left out what its quarterly report listed."""
    return Measure.objects.filter(Q(plan_element__plan=plan) | Q(programme__plan_elements__plan=plan))


def exception_report_checked(*, user, plan=None):
    """What the exception report looked at (`plans.selectors.exceptions_checked`), measures too."""
    from equalchance.plans import selectors as plan_selectors

    measures = measures_visible_to(user=user)
    if plan is not None:
        measures = measures.filter(pk__in=measures_of_plan(plan).values("pk"))
    return replace(plan_selectors.exceptions_checked(user=user, plan=plan), measures=measures.count())


def standings(
    *, user, today: date, measures: QuerySet[Measure] | None = None, listed_only: bool = False
) -> list[MeasureStanding]:
    """Where each measure the reader may see stands today (one query per kind of record, however many
    measures). Statuses are judged on approved values only. `listed_only`: only the measures on the
    exception report (those with exceptions), the others passed over after the rules it needs."""
    visible = measures_visible_to(user=user)
    if measures is not None:
        visible = visible.filter(pk__in=measures.values("pk"))
    ids = visible.values("pk")
    # A measure's programme, owner and so on are read after judging, for the measures found only: a page
    # judges hundreds, and a model instance for each of their relations cost more than the rules.
    visible = list(visible.select_related(None).select_related("baseline").order_by("code"))
    # (period start, value) pairs per measure, oldest first: plain rows, not model instances, because a
    # page judges hundreds of measures.
    approved, targets, forecasts = {}, {}, {}
    for found_in, rows in (
        (approved, MeasureValue.objects.filter(measure__in=ids, status=MeasureValue.Status.APPROVED)),
        (targets, Target.objects.filter(measure__in=ids)),
        (forecasts, ForecastPoint.objects.filter(measure__in=ids)),
    ):
        for measure_id, start, value in rows.order_by("period_start").values_list(
            "measure_id", "period_start", "value"
        ):
            found_in.setdefault(measure_id, []).append((start, value))
    withheld_by_measure = withheld_periods(ids)
    fed = set(withheld_by_measure)
    counts: dict[int, dict] = {}  # a feedback measure's (positive, answered) per period
    for measure_id, start, positive, answered in MeasureValue.objects.filter(
        measure__in=fed, status=MeasureValue.Status.APPROVED, numerator__isnull=False
    ).values_list("measure_id", "period_start", "numerator", "denominator"):
        counts.setdefault(measure_id, {})[start] = (int(positive), int(answered))
    # A value entered but not approved is not judged, but an overdue period's reason says it is there.
    waiting: dict[int, dict] = {}
    for measure_id, start, status in (
        MeasureValue.objects.filter(measure__in=ids)
        .exclude(status=MeasureValue.Status.APPROVED)
        .values_list("measure_id", "period_start", "status")
    ):
        waiting.setdefault(measure_id, {})[start] = status
    elements = {m.plan_element_id for m in visible if m.plan_element_id}
    live = set(
        Action.objects.filter(element__in=elements)
        .exclude(status__in=NOT_LIVE_ACTIONS)
        .values_list("element", flat=True)
    )
    found = []
    for measure in visible:
        rows = approved.get(measure.pk, []), targets.get(measure.pk, []), forecasts.get(measure.pk, [])
        settings = settings_of(measure, fed_by_feedback=measure.pk in fed)
        if listed_only:
            latest = _latest_three(measure, *rows, today=today)  # (current, the period before, ...)
            if latest is not None and standing_rules.passed_over(*latest[:2], settings, latest[2]):
                continue
        points, year_end = _series(
            measure,
            *rows,
            today=today,
            withheld=withheld_by_measure.get(measure.pk, frozenset()),
            counts=counts.get(measure.pk),
            waiting=waiting.get(measure.pk),
        )
        baseline = getattr(measure, "baseline", None)
        where = standing_rules.standing(
            points,
            settings,
            baseline=baseline.value if baseline else None,
            year_end=year_end,
            has_live_action=measure.plan_element_id in live,
            in_plan=measure.plan_element_id is not None,
            listed_only=listed_only,
        )
        if where is not None:
            found.append(MeasureStanding(measure, where))
    prefetch_related_objects([row.measure for row in found], "programme", "plan_element", "owner", "approver")
    return found
