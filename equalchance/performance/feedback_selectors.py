"""Reads for service users' feedback, and who may see what (issue 12, item 6): individual responses and
comments only to the programme's team (`Programme.team`) and those who define measures; everyone else sees
only the aggregated measure. A comment is quoted outside the team only when a moderator published it AND
its writer consented to be quoted."""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from equalchance.accounts.models import Role
from equalchance.performance import feedback_scales as scales
from equalchance.performance import periods, selectors
from equalchance.performance import status as rules
from equalchance.performance.models import (
    FEEDBACK_TOKEN_ALPHABET,
    FEEDBACK_TOKEN_LENGTH,
    FeedbackAnswer,
    FeedbackComment,
    FeedbackForm,
    FeedbackInvitation,
    FeedbackMeasureLink,
    FeedbackQuestion,
    FeedbackResponse,
    Measure,
    MeasureValue,
    Programme,
)


def may_see_responses(user, programme: Programme) -> bool:
    """The programme's team only (issue 12: "feedback responses are never shown individually outside
    the programme team"), whatever else their role lets them do; everyone else sees the measures."""
    return selectors._signed_in(user) and programme.team.filter(pk=user.pk).exists()


# Roles that read but never change: a viewer in a programme's team reads its responses and comments;
# the system's account cannot sign in. (Those who define measures change forms' set-up by that role.)
READ_ONLY_ROLES = (Role.VIEWER, Role.SYSTEM)


def _changes_as_team_member(user) -> bool:
    return selectors._signed_in(user) and user.role not in READ_ONLY_ROLES


def may_change_feedback(user, programme: Programme) -> bool:
    """Changing anything of a programme's feedback (making, opening and closing its forms, linking
    measures, importing responses, moderating comments, logging invitations): a member of its team whose
    role is not read-only (`READ_ONLY_ROLES`), or those who define measures. Everyone in the team, a
    viewer too, reads its responses and comments (`may_see_responses`). Those who define measures do not
    see responses, so what touches them is also the team's only: `may_change_responses`."""
    if selectors.may_define_measures(user):
        return True
    return _changes_as_team_member(user) and may_see_responses(user, programme)


def may_change_responses(user, programme: Programme) -> bool:
    """Importing responses, moderating (publishing) comments, logging invitations: those who may change
    the programme's feedback (`may_change_feedback`) and see its responses (its team)."""
    return may_see_responses(user, programme) and may_change_feedback(user, programme)


def programmes_with_feedback_for(*, user) -> QuerySet[Programme]:
    if not selectors._signed_in(user):
        return Programme.objects.none()
    return Programme.objects.filter(team=user)


def forms_visible_to(*, user) -> QuerySet[FeedbackForm]:
    """Forms (with their responses and comments) a user may read: their programmes' forms."""
    visible = programmes_with_feedback_for(user=user).values("pk")
    return FeedbackForm.objects.filter(programme__in=visible).select_related("programme")


def programmes_without_team() -> QuerySet[Programme]:
    """Programmes with no one in their team who can sign in: a form for one could never have its answers
    read or its comments published, so none is made (`feedback_form_create`)."""
    readers = Programme.objects.filter(team__is_active=True).exclude(team__role=Role.SYSTEM)
    return Programme.objects.exclude(pk__in=readers.values("pk"))


def programme_has_team(programme: Programme) -> bool:
    return not programmes_without_team().filter(pk=programme.pk).exists()


def programmes_changeable(*, user) -> QuerySet[Programme]:
    """The programmes whose feedback a user may change (`may_change_feedback`): every programme for those
    who define measures, their own programmes' for a team member whose role is not read-only."""
    if selectors.may_define_measures(user):
        return Programme.objects.all()
    if not _changes_as_team_member(user):
        return Programme.objects.none()
    return Programme.objects.filter(team=user)


def programmes_for_forms(*, user) -> QuerySet[Programme]:
    """The programmes a user may make forms for: those whose feedback they may change
    (`programmes_changeable`) that have a team to read the answers (`programmes_without_team`)."""
    return programmes_changeable(user=user).exclude(pk__in=programmes_without_team().values("pk"))


def forms_manageable_by(*, user) -> QuerySet[FeedbackForm]:
    """Forms whose set-up (questions, link, QR code, poster, measures fed) a user may see: those of the
    programmes whose feedback they may change, and their own programmes' (a viewer in a team reads them).
    Changing them is `may_change_feedback`; their responses and comments stay with `forms_visible_to`."""
    programmes = programmes_changeable(user=user).values("pk")
    team = programmes_with_feedback_for(user=user).values("pk")
    return FeedbackForm.objects.filter(Q(programme__in=programmes) | Q(programme__in=team)).select_related(
        "programme"
    )


def uses_feedback_pages(user) -> bool:
    """Whether `/feedback/manage/` has anything for the user, to link it: they may make forms, or a
    programme's forms are theirs to read (its team) or change."""
    return programmes_changeable(user=user).exists() or programmes_with_feedback_for(user=user).exists()


def measures_linkable(*, user, form: FeedbackForm) -> QuerySet[Measure]:
    """The measures a form's answers may feed: percentage measures of its own programme, for those who
    define measures (nobody else links)."""
    if not selectors.may_define_measures(user):
        return Measure.objects.none()
    return Measure.objects.filter(programme_id=form.programme_id, form=Measure.Form.PERCENTAGE).order_by(
        "code"
    )


def questions_linkable(*, form: FeedbackForm) -> list[FeedbackQuestion]:
    """The form's questions that can feed a measure: those with positive answers to count."""
    return [q for q in form.ordered_questions() if q.positive_answers]


def measures_fed(*, form: FeedbackForm) -> dict[int, list[Measure]]:
    """Per question of the form (by id), the measures of its programme its answers feed."""
    fed: dict[int, list[Measure]] = {}
    links = FeedbackMeasureLink.objects.filter(
        measure__programme_id=form.programme_id, question__in=form.items.values("question")
    ).select_related("measure")
    for link in links.order_by("measure__code"):
        fed.setdefault(link.question_id, []).append(link.measure)
    return fed


def responses_visible_to(*, user) -> QuerySet[FeedbackResponse]:
    return FeedbackResponse.objects.filter(form__in=forms_visible_to(user=user).values("pk"))


def comments_visible_to(*, user) -> QuerySet[FeedbackComment]:
    return FeedbackComment.objects.filter(
        response__in=responses_visible_to(user=user).values("pk")
    ).select_related("response", "response__form", "question")


def unusual_days(*, form: FeedbackForm) -> list:
    """Days on which unusually many answers came through the form's own link (`status.unusual_days`);
    imported responses, which arrive together by nature, are not counted."""
    counts = dict(
        FeedbackResponse.objects.filter(form=form, source=FeedbackResponse.Source.FORM)
        .order_by()
        .values_list("received_on")
        .annotate(n=Count("pk"))
    )
    return rules.unusual_days(counts)


def unusual_days_feeding(*, measure: Measure) -> list:
    """The unusual days (`unusual_days`) of the forms whose answers feed the measure, for whoever judges
    its values: one place may have sent many answers (probe 9: one address within its limits turned a
    question to 0.0% of 55, and only the team's page said so)."""
    link = FeedbackMeasureLink.objects.filter(measure=measure).select_related("question").first()
    if link is None or measure.programme_id is None:
        return []
    forms = FeedbackForm.objects.filter(programme_id=measure.programme_id, questions=link.question)
    by_form: dict[int, dict] = {}  # one query for every form: a day's count on each
    for form_id, day, n in (
        FeedbackResponse.objects.filter(form__in=forms.values("pk"), source=FeedbackResponse.Source.FORM)
        .order_by()
        .values_list("form_id", "received_on")
        .annotate(n=Count("pk"))
    ):
        by_form.setdefault(form_id, {})[day] = n
    return sorted(
        (day for counts in by_form.values() for day in rules.unusual_days(counts)), key=lambda found: found[0]
    )


def comments_quotable(*, programme: Programme) -> QuerySet[FeedbackComment]:
    """What may be quoted to anyone: published by a moderator and consented to by its writer, from a
    quarter of its form with at least SUPPRESS_BELOW responses (the numbers of a smaller quarter are
    withheld because so few could point to who answered; its words would point more surely)."""
    responses = (
        FeedbackResponse.objects.filter(
            form=OuterRef("response__form"), period_start=OuterRef("response__period_start")
        )
        .order_by()
        .values("form")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        FeedbackComment.objects.filter(
            response__form__programme=programme, state=FeedbackComment.State.PUBLISHED, consent_to_quote=True
        )
        .annotate(quarter_responses=Subquery(responses))
        .filter(quarter_responses__gte=rules.SUPPRESS_BELOW)
    )


def form_open_for_answers(token: str) -> FeedbackForm | None:
    """The form behind a public link (open or closed), or None for a token that names none."""
    if not isinstance(token, str) or not token.isascii() or len(token) > 40:
        return None
    forms = FeedbackForm.objects.select_related("programme")
    found = forms.filter(token=token).first()
    typed = token.lower().replace("-", "")
    if found is None and re.fullmatch(f"[{FEEDBACK_TOKEN_ALPHABET}]{{{FEEDBACK_TOKEN_LENGTH}}}", typed):
        # A key typed from a poster in capitals or with hyphens: new keys are lower case, with none.
        found = forms.filter(token=typed).first()
    return found


@dataclass
class QuestionSummary:
    code: str
    wording: str
    period_label: str
    period_start: object
    result: rules.PercentPositive
    counts: list[tuple[str, int]]
    positive: int = 0
    total: int = 0
    direction: str = ""  # against the quarter before, by rules.feedback_direction


DIRECTION_WORDS = {
    rules.FeedbackDirection.IMPROVING: "Improving (significant at 95%)",
    rules.FeedbackDirection.WORSENING: "Worsening (significant at 95%)",
    rules.FeedbackDirection.NO_SIGNIFICANT_CHANGE: "No significant change",
}


def form_summary(*, form: FeedbackForm) -> list[QuestionSummary]:
    """Per question with answers and per financial quarter: the percentage positive with n (suppressed
    below 5, low base below 30) and the response rate where invitations were logged."""
    from equalchance.performance.feedback_services import quarter_of

    invited = {i.period_start: i.count for i in FeedbackInvitation.objects.filter(form=form)}
    responses = dict(
        FeedbackResponse.objects.filter(form=form).values_list("period_start").annotate(n=Count("pk"))
    )
    rows = (
        FeedbackAnswer.objects.filter(response__form=form)
        .values("question_id", "question__code", "response__period_start", "value")
        .annotate(n=Count("pk"))
    )
    grouped: dict[tuple, dict[str, int]] = {}
    for row in rows:
        grouped.setdefault((row["question_id"], row["response__period_start"]), {})[row["value"]] = row["n"]
    out = []
    for question in form.ordered_questions():
        if question.scale == scales.FREE_TEXT:
            continue
        for (question_id, start), counts in sorted(grouped.items(), key=lambda kv: kv[0][1], reverse=True):
            if question_id != question.pk:
                continue
            total = sum(counts.values())
            positive = sum(n for code, n in counts.items() if code in question.positive_answers)
            rate_base = invited.get(start)
            result = rules.percent_positive(
                positive,
                total,
                invited=rate_base if rate_base is not None and rate_base >= responses.get(start, 0) else None,
            )
            out.append(
                QuestionSummary(
                    code=question.code,
                    wording=(form.easy_read and question.easy_read_wording) or question.wording,
                    period_label=quarter_of(start).label,
                    period_start=start,
                    result=result,
                    # In the words the people answering were shown.
                    counts=[
                        (words, counts.get(code, 0))
                        for code, words in scales.choices(question.scale, easy_read=form.easy_read)
                    ]
                    if not result.suppressed
                    else [],
                    positive=positive,
                    total=total,
                )
            )
    _directions(out)
    return out


def _directions(rows: list[QuestionSummary]) -> None:
    """Each quarter against the quarter before it (when both have answers), improving or worsening only
    when their Wilson intervals do not overlap (`status.feedback_direction`); none when either is
    suppressed."""
    from datetime import timedelta

    from equalchance.performance.feedback_services import quarter_of

    by_key = {(row.code, row.period_start): row for row in rows}
    for row in rows:
        before = by_key.get((row.code, quarter_of(row.period_start - timedelta(days=1)).start))
        if before is None:
            continue
        direction = rules.feedback_direction(
            positive_now=row.positive,
            total_now=row.total,
            positive_before=before.positive,
            total_before=before.total,
        )
        if direction:
            row.direction = DIRECTION_WORDS[direction]
        else:  # say which quarter had too few: this one's count is beside it (probe 9)
            short = "this quarter" if row.total < rules.SUPPRESS_BELOW else "the quarter before"
            row.direction = f"Not compared: {short} had fewer than {rules.SUPPRESS_BELOW} responses"


def waiting_comments(*, user) -> QuerySet[FeedbackComment]:
    """The comments waiting for this user to moderate: a read-only member of the team reads them but
    moderates none, so is not told they wait (probe 9: told 9 wait, then refused each one)."""
    if not _changes_as_team_member(user):
        return FeedbackComment.objects.none()
    return comments_visible_to(user=user).filter(state=FeedbackComment.State.WAITING)


@dataclass
class PeriodCount:
    period: periods.Period
    positive: int = 0
    total: int = 0
    invited: int | None = None
    result: rules.PercentPositive | None = None
    written: str = ""  # "written", "suppressed", "kept: approved", ...


def feedback_counts(*, measure: Measure, days: list[date] | None = None) -> list[PeriodCount]:
    """Per period of the measure's frequency, the positive and all answers to its question on forms
    of its programme (optionally only the periods containing `days`), oldest first."""
    link = measure.feedback_link
    answers = FeedbackAnswer.objects.filter(
        question=link.question, response__form__programme_id=measure.programme_id
    )
    wanted = None
    if days:
        wanted = {measure_period(measure, d) for d in days}
        span = Q()
        for period in wanted:
            span |= Q(response__received_on__range=(period.start, period.end))
        answers = answers.filter(span)
    rows = answers.values("response__received_on").annotate(
        total=Count("pk"), positive=Count("pk", filter=Q(value__in=link.question.positive_answers))
    )
    counts: dict[date, PeriodCount] = {}
    for row in rows:
        period = measure_period(measure, row["response__received_on"])
        entry = counts.setdefault(period.start, PeriodCount(period))
        entry.positive += row["positive"]
        entry.total += row["total"]
    for entry in counts.values():
        entry.result = rules.percent_positive(entry.positive, entry.total)
    return [counts[start] for start in sorted(counts)]


def measure_period(measure: Measure, day: date) -> periods.Period:
    return periods.period_containing(day, measure.frequency, measure.calendar)


@dataclass(frozen=True)
class Behind:
    """An approved (or submitted) feedback value the answers received since no longer give."""

    period: periods.Period
    kept: MeasureValue
    now: rules.PercentPositive


def values_behind(*, measure: Measure) -> list[Behind]:
    """The periods whose value, kept as approved or waiting for approval, differs from what the answers
    now give (answers imported late, say): the approver returns it to bring it up to date (probe 8: the
    form's page said 46.7% of 15 while the approved value said 42.9% of 14, and nothing said so). Periods
    now below the line of 5 answers are left out: their result is never shown."""
    if not FeedbackMeasureLink.objects.filter(measure=measure).exists():
        return []
    kept = {
        v.period_start: v
        for v in MeasureValue.objects.filter(
            measure=measure, status__in=(MeasureValue.Status.SUBMITTED, MeasureValue.Status.APPROVED)
        )
    }
    return [
        Behind(entry.period, kept[entry.period.start], entry.result)
        for entry in feedback_counts(measure=measure)
        if entry.period.start in kept
        and not entry.result.suppressed
        and (kept[entry.period.start].numerator, kept[entry.period.start].denominator)
        != (entry.positive, entry.total)
    ]
