"""The RBA programme report card (guide section 7, report 6), as one description every format draws: the
page, the tagged PDF, DOCX, ODT and XLSX (`card_files`). Reads only; who sees what comes from the
selectors: the programme from `selectors.programmes_visible_to`, its measures and where they stand from
`selectors.standings` (published measures only for the public), values once approved, cleared
turn-the-curve entries only, plan actions from `plans.selectors.actions_visible_to`, and of feedback only
figures per question (suppressed below 5 responses, low base below 30) and comments both published by a
moderator and consented to by their writers. Never an individual response."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html

from equalchance.performance import feedback_scales as scales
from equalchance.performance import feedback_selectors, periods, presenting, selectors
from equalchance.performance import status as rules
from equalchance.performance.models import (
    FeedbackComment,
    FeedbackForm,
    FeedbackResponse,
    Measure,
    MeasureValue,
    Programme,
    TurnTheCurve,
)
from equalchance.performance.standing import Standing
from equalchance.plans import selectors as plan_selectors

SPARK_PERIODS = 8  # the sparkline and its table: the latest eight periods with approved values
QUOTES = 3  # guide 5, rule 5: "2-3 moderated quotes"
# Its own heading, not under the last form's quarter: the quotes are the latest of any form and quarter,
# each named (probe 8: Q3 quotes read as though under "...: Q2 2026/27").
QUOTES_HEADING = "In their words: the latest comments quoted, from any form and quarter"
THEMES_SHOWN = 3

# The quadrants as RBA draws them: quantity and quality across, effort and effect down.
QUADRANTS = (
    (Measure.Quadrant.QUANTITY_OF_EFFORT, "Quantity", "Effort", "How much did we do?"),
    (Measure.Quadrant.QUALITY_OF_EFFORT, "Quality", "Effort", "How well did we do it?"),
    (Measure.Quadrant.QUANTITY_OF_EFFECT, "Quantity", "Effect", "Is anyone better off? (number)"),
    (Measure.Quadrant.QUALITY_OF_EFFECT, "Quality", "Effect", "Is anyone better off? (percentage)"),
)

KEY_HEADING = "How to read this card"
KEY = (
    "Read across for quantity, then quality; down for effort (what the programme did), then effect (is "
    "anyone better off). Each status is given in words, with a shape and a colour: ● green, on or better "
    "than target; ▲ amber, within tolerance of target; ■ red, worse than target; ◆ grey, no data; ○ data "
    "only, a measure with no target. Status and values count approved values only. The direction of "
    "travel compares the latest period with the one before; for a measure fed by feedback it says "
    "improving or worsening only when the change is significant. Feedback is the percentage of everyone "
    "who answered a question whose answer was positive (\u201cneither\u201d and \u201cdon't know\u201d "
    "included): fewer than 5 responses, not shown; fewer than 30, low base. Comments are quoted only when "
    "a moderator published them and their writers agreed to be quoted. " + presenting.HEADLINE_MEANING
)
NO_QUOTES = (
    "No comment may be quoted: none is both published by a moderator and agreed to be quoted, from a "
    f"quarter with at least {rules.SUPPRESS_BELOW} responses."
)
NO_FEEDBACK = "No feedback yet from a quarter that has ended."
CURVE_CAPTION = (
    "Values once approved, targets and the forecast (dashed) by period. The table gives every value."
)
# The pictures' widths in the office files (A4 landscape has 267 mm between its margins).
CURVE_WIDTH_MM = 180
SPARKLINE_WIDTH_MM = 30
SYNTHETIC_RESPONSES = "Some or all of these responses are made up, for the demo."
SYNTHETIC_NOTE = "Synthetic data: the values, feedback or stories marked synthetic are made up, for the demo."


@dataclass
class CardMeasure:
    measure: Measure
    standing: Standing
    values: list[tuple[str, object, bool]]  # (period label, approved value, provisional), oldest first
    sparkline: str  # SVG, or "" with fewer than two values

    @property
    def percentage(self) -> bool:
        return self.measure.form == "percentage" or self.measure.value_type == "percentage"

    def shown(self, value) -> str:
        return presenting.figure(value, self.measure.decimal_places, percentage=self.percentage)

    @property
    def latest_said(self) -> str:
        """ "72.0%, Q2 2026/27 (Low base: 14 responses)", or "None yet"."""
        latest = self.standing.latest
        if latest is None:
            return "None yet"
        said = f"{self.shown(latest.actual)}, {latest.period.label}"
        if latest.counts:
            answered = latest.counts[1]
            responses = f"{answered:,} response{'' if answered == 1 else 's'}"
            said += f" (Low base: {responses})" if answered < rules.LOW_BASE_BELOW else f" ({responses})"
        return said

    @property
    def status_shown(self) -> presenting.Shown:
        current = self.standing.current
        return presenting.status_shown(self.standing.status, period=current.period.label if current else "")

    @property
    def direction_shown(self) -> presenting.Shown | None:
        return presenting.direction_shown(self.standing.direction)

    @property
    def values_said(self) -> str:
        """The sparkline's text alternative: every value it draws."""
        return (
            "; ".join(
                f"{label}: {self.shown(value)}" + (" (provisional)" if provisional else "")
                for label, value, provisional in self.values
            )
            or "No values yet"
        )


@dataclass
class Quadrant:
    key: str
    across: str
    down: str
    question: str
    measures: list[CardMeasure] = field(default_factory=list)


@dataclass
class QuestionResult:
    wording: str
    result: rules.PercentPositive
    direction: str
    held: str = ""  # why the result is not shown though enough answered: its measure's value waits

    @property
    def shown_value(self):
        """The percentage positive, or None when it is not shown."""
        return None if self.result.suppressed or self.held else self.result.value

    @property
    def note(self) -> str:
        if self.result.suppressed:
            return f"Fewer than {rules.SUPPRESS_BELOW} responses: not shown"
        if self.held:
            return self.held
        return "Low base" if self.result.low_base else ""

    @property
    def positive_said(self) -> str:
        if self.result.suppressed:
            return f"Not shown: fewer than {rules.SUPPRESS_BELOW} responses"
        if self.held:
            return f"Not shown: {self.held[0].lower()}{self.held[1:]}"
        said = f"{rules._one_place(self.result.value)}%"
        return f"{said} (low base)" if self.result.low_base else said

    @property
    def rate_said(self) -> str:
        if self.result.response_rate is None:
            return "Invitations not logged"
        return f"{rules._one_place(self.result.response_rate)}%"


@dataclass
class FormFeedback:
    form: FeedbackForm
    period_label: str
    responses: int
    questions: list[QuestionResult]
    themes: list[tuple[str, int]]  # (theme in words, comments), most first; none when suppressed
    synthetic: bool = False  # some of the quarter's responses are made up (the demo's)
    left_out: int = 0  # questions whose answers feed a measure the reader may not see

    @property
    def left_out_said(self) -> str:
        n = self.left_out
        return (
            f"{n} question{'' if n == 1 else 's'} of this form feed{'s' if n == 1 else ''} a measure you may "
            f"not see, so {'its result is' if n == 1 else 'their results are'} left out."
        )

    @property
    def themes_said(self) -> str:
        if self.responses < rules.SUPPRESS_BELOW:
            return f"Not shown: fewer than {rules.SUPPRESS_BELOW} responses."
        if not self.themes:
            return "No published comment coded to a theme in this quarter."
        return "; ".join(f"{words} ({n} comment{'' if n == 1 else 's'})" for words, n in self.themes) + "."


@dataclass
class Quote:
    text: str
    period_label: str
    form_title: str
    synthetic: bool

    @property
    def source(self) -> str:
        return f"{self.form_title}, {self.period_label}" + ("; synthetic" if self.synthetic else "")

    @property
    def said(self) -> str:
        return f"\u201c{self.text}\u201d ({self.source})"


@dataclass
class Story:
    measure: Measure
    entry: TurnTheCurve
    actions: list  # plan actions the reader may see


@dataclass
class ProgrammeCard:
    programme: Programme
    as_at: date
    providers: list[str]
    area: str
    results: list[str]
    quadrants: list[Quadrant]
    forms: list[FormFeedback]
    quotes: list[Quote]
    stories: list[Story]
    actions: list  # plans.selectors.ActionRow
    synthetic: bool

    @property
    def title(self) -> str:
        return f"RBA report card: {self.programme.name}"

    @property
    def measures(self) -> list[CardMeasure]:
        return [m for quadrant in self.quadrants for m in quadrant.measures]

    # The card's fixed words, said once here for the page, the PDF and the files.
    key_heading = KEY_HEADING
    key = KEY
    no_quotes = NO_QUOTES
    quotes_heading = QUOTES_HEADING
    no_feedback = NO_FEEDBACK
    synthetic_responses = SYNTHETIC_RESPONSES


def entry_credit(entry) -> str:
    """Who wrote a cleared turn-the-curve entry and who cleared it, when: the page, the PDF and the
    files all say it (probe 9: the DOCX, ODT and XLSX left it out)."""
    from equalchance.plans.templatetags.plans_tags import person

    on = timezone.localtime(entry.cleared_at).date() if entry.cleared_at else None
    return f"Written by {person(entry.author)}; cleared by {person(entry.cleared_by)}" + (
        f" on {on.day} {on:%B %Y}." if on else "."
    )


def sparkline(label: str, points: list[tuple[str, float]]) -> str:
    """A small line of a measure's values (the latest on the right, marked), with every value in words
    for screen readers; "" with fewer than two values."""
    if len(points) < 2:
        return ""
    width, height, pad = 120, 32, 3
    values = [v for _, v in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0

    def x(i: int) -> float:
        return pad + i * (width - 2 * pad) / (len(points) - 1)

    def y(v: float) -> float:
        return pad + (high - v) * (height - 2 * pad) / span

    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_, v) in enumerate(points))
    return format_html(
        '<svg class="app-sparkline" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
        'aria-label="{label}"><title>{label}</title>'
        '<polyline fill="none" stroke="#0b0c0c" stroke-width="2" points="{line}">'
        '</polyline><circle cx="{cx}" cy="{cy}" r="2.5"></circle></svg>',
        w=width,
        h=height,
        label=label,
        line=line,
        cx=f"{x(len(points) - 1):.1f}",
        cy=f"{y(points[-1][1]):.1f}",
    )


def _card_measure(*, user, found: selectors.MeasureStanding, withheld: frozenset) -> CardMeasure:
    """`withheld`: the starts of periods whose feedback result had fewer than 5 responses; such a result
    is never drawn, whatever was approved."""
    measure = found.measure
    approved = selectors.values_visible_to(user=user, measure=measure).filter(
        status=MeasureValue.Status.APPROVED
    )
    if withheld:
        approved = approved.exclude(period_start__in=withheld)
    rows = list(approved.order_by("-period_start")[:SPARK_PERIODS])[::-1]
    values = [(measure.period_of(v.period_start, v.period_end).label, v.value, v.provisional) for v in rows]
    made = CardMeasure(measure, found.standing, values, "")
    made.sparkline = sparkline(
        f"{measure.code} by period: {made.values_said}", [(label, float(v)) for label, v, _ in values]
    )
    return made


def _feedback(*, form: FeedbackForm, today: date, visible_measures: set[int]) -> FormFeedback | None:
    """The form's latest quarter with answers that has ended (a running quarter's few answers would
    replace the last full one): per question the percentage positive with n, response rate and
    direction (form_summary's rules), and the top themes of its published comments. A question that
    feeds a measure is left out for a reader who may not see that measure, and its result waits, as
    the measure's value does, until that value is approved."""
    from equalchance.performance.feedback_services import quarter_of

    summary = [
        row for row in feedback_selectors.form_summary(form=form) if quarter_of(row.period_start).end < today
    ]
    if not summary:
        return None
    latest = max(row.period_start for row in summary)
    rows = [row for row in summary if row.period_start == latest]
    fed = feedback_selectors.measures_fed(form=form)
    code_to_id = {question.code: question.pk for question in form.ordered_questions()}
    quarter_end = quarter_of(latest).end
    held_values = set(
        MeasureValue.objects.filter(
            measure__in=[m.pk for measures in fed.values() for m in measures],
            period_start__lte=quarter_end,
            period_end__gte=latest,
            status=MeasureValue.Status.APPROVED,
        ).values_list("measure_id", "period_start")
    )

    def approved(measure) -> bool:  # every period of the measure that overlaps the quarter
        overlapping = periods.periods_between(latest, quarter_end, measure.frequency, measure.calendar)
        return all((measure.pk, p.start) in held_values for p in overlapping)

    questions, left_out = [], 0
    for row in rows:
        measures = fed.get(code_to_id.get(row.code), [])
        if any(m.pk not in visible_measures for m in measures):
            left_out += 1
            continue
        waiting = [m.code for m in measures if not approved(m)]
        held = (
            f"Its measure {', '.join(waiting)} has no approved value for {row.period_label} yet"
            if waiting
            else ""
        )
        # A withheld result is not compared either: the comparison would say something of it.
        direction = "Not compared: the result is not shown" if held else row.direction or "No quarter before"
        questions.append(QuestionResult(row.wording, row.result, direction, held))
    quarter = FeedbackResponse.objects.filter(form=form, period_start=latest)
    responses = quarter.count()
    themes: list[tuple[str, int]] = []
    if responses >= rules.SUPPRESS_BELOW:
        counted = Counter(
            theme
            for comment_themes in FeedbackComment.objects.filter(
                response__form=form,
                response__period_start=latest,
                state=FeedbackComment.State.PUBLISHED,
            ).values_list("themes", flat=True)
            for theme in comment_themes or []
        )
        names = dict(scales.THEMES)
        themes = [(names.get(code, code), n) for code, n in counted.most_common(THEMES_SHOWN)]
    return FormFeedback(
        form=form,
        period_label=rows[0].period_label,
        responses=responses,
        questions=questions,
        themes=themes,
        synthetic=quarter.filter(synthetic=True).exists(),
        left_out=left_out,
    )


@dataclass(frozen=True)
class RowForecast:
    value: object
    how: str  # the method recorded, or how the year-end forecast was made


def row_forecast(row, where) -> RowForecast | None:
    """A period's forecast as every table of values shows it: one recorded by hand or drawn, or for the
    year's last period the year-end forecast the page works out (probe 8: the page showed it and the
    Word file said "No forecast")."""
    if row.forecast:
        return RowForecast(row.forecast.value, row.forecast.get_method_display())
    if where.year_forecast_projected and row.period.label == where.year_end_label:
        return RowForecast(where.year_forecast, f"Year-end forecast, from {where.year_forecast_how}")
    return None


def _quotes(programme: Programme) -> list[Quote]:
    from equalchance.performance.feedback_services import quarter_of

    comments = (
        feedback_selectors.comments_quotable(programme=programme)
        .select_related("response", "response__form")
        .order_by("-response__received_on", "-pk")[:QUOTES]
    )
    return [
        Quote(
            c.text,
            quarter_of(c.response.period_start).label,
            c.response.form.title,
            c.response.synthetic,
        )
        for c in comments
    ]


def programme_card(*, user, programme: Programme, today: date) -> ProgrammeCard:
    """The card of a programme the reader may see (the caller found it through programmes_visible_to)."""
    found = selectors.standings(user=user, today=today, measures=Measure.objects.filter(programme=programme))
    withheld = selectors.withheld_periods([row.measure.pk for row in found])
    quadrants = [Quadrant(key, across, down, question) for key, across, down, question in QUADRANTS]
    by_key = {q.key: q for q in quadrants}
    for row in found:
        by_key[row.measure.quadrant].measures.append(
            _card_measure(user=user, found=row, withheld=withheld.get(row.measure.pk, frozenset()))
        )
    visible_measures = set(selectors.measures_visible_to(user=user).values_list("pk", flat=True))
    forms = [
        made
        for form in FeedbackForm.objects.filter(programme=programme).order_by("title", "pk")
        if (made := _feedback(form=form, today=today, visible_measures=visible_measures)) is not None
    ]
    visible_actions = plan_selectors.actions_visible_to(user=user)
    entries = {}
    for entry in (
        TurnTheCurve.objects.filter(
            measure__in=[row.measure.pk for row in found], status=TurnTheCurve.Status.CLEARED
        )
        .select_related("measure", "author", "cleared_by")
        .order_by("measure__code", "-period_start")
    ):
        entries.setdefault(entry.measure_id, entry)  # the latest cleared entry of each measure
    stories = [
        Story(
            entry.measure,
            entry,
            list(visible_actions.filter(turn_the_curve=entry).order_by("plan__title", "order", "pk")),
        )
        for entry in entries.values()
    ]
    elements = set(programme.plan_elements.values_list("pk", flat=True))
    elements |= {row.measure.plan_element_id for row in found if row.measure.plan_element_id}
    linked = visible_actions.filter(
        Q(element__in=elements) | Q(turn_the_curve__in=[e.pk for e in entries.values()])
    ).values("pk")
    actions = plan_selectors.action_rows(
        user=user, today=today, actions=visible_actions.filter(pk__in=linked)
    )
    quotes = _quotes(programme)
    synthetic = (
        any(row.measure.synthetic for row in found)
        or any(f.synthetic for f in forms)
        or any(q.synthetic for q in quotes)
        or any(s.entry.synthetic for s in stories)
    )
    return ProgrammeCard(
        programme=programme,
        as_at=today,
        providers=[o.name for o in programme.providers.all()],
        area=programme.area.name if programme.area_id else "",
        results=[r.title for r in programme.results.all()],
        quadrants=quadrants,
        forms=forms,
        quotes=quotes,
        stories=stories,
        actions=actions,
        synthetic=synthetic,
    )
