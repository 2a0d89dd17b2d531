"""Performance in Results Based Accountability's terms (issue 12; plans-performance guide 4.3): population
results, the programmes that contribute to them, and the performance measures of those programmes with
their values, targets, baselines and forecasts. The rules (status, trend, periods) are pure modules
beside this one (`status.py`, `periods.py`); who may see or change what is decided in `selectors.py`."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from equalchance.accounts.models import Organisation
from equalchance.indicators.models import Indicator
from equalchance.performance import feedback_scales as scales
from equalchance.performance import periods
from equalchance.places.models import Area
from equalchance.plans.models import Decision, PlanElement


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    PARTNERSHIP = "partnership", "Partnership"


RESULT_TITLE_TAKEN = "There is already a population result with this wording: change that one"
PROGRAMME_NAME_TAKEN = "There is already a programme with this name: change that one, or name this apart"


class Result(models.Model):
    """A population result: a condition of wellbeing, in plain words, for a population in an area."""

    title = models.CharField(max_length=300)
    population = models.CharField(max_length=300, blank=True)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    plan_elements = models.ManyToManyField(PlanElement, blank=True, related_name="results")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="results")

    class Meta:
        ordering = ["title", "pk"]
        constraints = [  # one result per wording, in any case: two posts at once cannot both be saved
            models.UniqueConstraint(
                Lower("title"),
                name="performance_result_title_unique",
                violation_error_message=RESULT_TITLE_TAKEN,
            )
        ]

    def __str__(self) -> str:
        return self.title


class Programme(models.Model):
    """An RBA programme: a service, an agency or a service system, with its customers and providers."""

    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    customers = models.TextField(blank=True, help_text="Who the programme's customers are.")
    providers = models.ManyToManyField(Organisation, blank=True, related_name="programmes")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    results = models.ManyToManyField(Result, blank=True, related_name="programmes")
    plan_elements = models.ManyToManyField(PlanElement, blank=True, related_name="programmes")
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="programme_teams")
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.PARTNERSHIP)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [  # one programme per name, in any case: two posts at once cannot both be saved
            models.UniqueConstraint(
                Lower("name"),
                name="performance_programme_name_unique",
                violation_error_message=PROGRAMME_NAME_TAKEN,
            )
        ]

    def __str__(self) -> str:
        return self.name


class Measure(models.Model):
    """A performance measure, typed by RBA category and form so it falls in its quadrant, with its
    definition sheet."""

    class Category(models.TextChoices):
        HOW_MUCH = "how_much", "How much did we do?"
        HOW_WELL = "how_well", "How well did we do it?"
        BETTER_OFF = "better_off", "Is anyone better off?"

    class Form(models.TextChoices):
        NUMBER = "number", "Number"
        PERCENTAGE = "percentage", "Percentage"

    class Quadrant(models.TextChoices):
        QUANTITY_OF_EFFORT = "quantity_of_effort", "How much did we do?"
        QUALITY_OF_EFFORT = "quality_of_effort", "How well did we do it?"
        QUANTITY_OF_EFFECT = "quantity_of_effect", "Is anyone better off? (number)"
        QUALITY_OF_EFFECT = "quality_of_effect", "Is anyone better off? (percentage)"

    class ValueType(models.TextChoices):
        COUNT = "count", "Count"
        PERCENTAGE = "percentage", "Percentage"
        RATE = "rate", "Rate"
        MEAN = "mean", "Mean"
        CURRENCY = "currency", "Currency"
        DURATION = "duration", "Duration (days)"
        SCORE = "score", "Score"

    class Polarity(models.TextChoices):
        HIGHER_BETTER = "higher_better", "Higher is better"
        LOWER_BETTER = "lower_better", "Lower is better"
        IN_RANGE = "in_range", "Within a range is better"
        NONE = "none", "No better direction"

    class Frequency(models.TextChoices):
        MONTHLY = periods.Frequency.MONTHLY, "Monthly"
        QUARTERLY = periods.Frequency.QUARTERLY, "Quarterly"
        SIX_MONTHLY = periods.Frequency.SIX_MONTHLY, "Six-monthly"
        ANNUAL = periods.Frequency.ANNUAL, "Annual"

    class YearCalendar(models.TextChoices):
        FINANCIAL = periods.YearCalendar.FINANCIAL, "Financial year (1 April to 31 March)"
        ACADEMIC = periods.YearCalendar.ACADEMIC, "Academic year (1 September to 31 August)"

    class ToleranceType(models.TextChoices):
        RELATIVE = "relative", "Relative (a share of the target)"
        ABSOLUTE = "absolute", "Absolute (units, or percentage points)"

    code = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="measures"
    )
    plan_element = models.ForeignKey(
        PlanElement, null=True, blank=True, on_delete=models.PROTECT, related_name="performance_measures"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    data_entry = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="measures_entered")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    form = models.CharField(max_length=20, choices=Form.choices, default=Form.NUMBER)
    headline = models.BooleanField(default=False)  # HEADLINE_MEANING says what it means
    data_only = models.BooleanField(default=False)
    value_type = models.CharField(max_length=20, choices=ValueType.choices, default=ValueType.COUNT)
    unit = models.CharField(max_length=40, blank=True)
    decimal_places = models.PositiveSmallIntegerField(default=0)
    polarity = models.CharField(max_length=20, choices=Polarity.choices, default=Polarity.HIGHER_BETTER)
    range_low = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    range_high = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY)
    calendar = models.CharField(max_length=20, choices=YearCalendar.choices, default=YearCalendar.FINANCIAL)
    cumulative = models.BooleanField(
        default=False, help_text="Year to date: each value counts from the year's start."
    )
    data_lag_days = models.PositiveIntegerField(default=0)
    tolerance = models.DecimalField(max_digits=18, decimal_places=6, default=Decimal("0.05"))
    tolerance_type = models.CharField(
        max_length=20, choices=ToleranceType.choices, default=ToleranceType.RELATIVE
    )
    # The definition sheet.
    definition = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    source = models.TextField(blank=True)
    collection = models.TextField(blank=True)
    calculation = models.TextField(blank=True)
    quality_assurance = models.TextField(blank=True)
    known_issues = models.TextField(blank=True)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.PARTNERSHIP)
    synthetic = models.BooleanField(default=False, help_text="Made-up values for demonstration.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(range_low__isnull=True)
                | Q(range_high__isnull=True)
                | Q(range_low__lte=F("range_high")),
                name="measure_range_in_order",
            ),
            models.CheckConstraint(condition=Q(tolerance__gte=0), name="measure_tolerance_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def quadrant(self) -> str:
        """The RBA quadrant follows from category and form: "better off" splits by number/percentage."""
        if self.category == self.Category.HOW_MUCH:
            return self.Quadrant.QUANTITY_OF_EFFORT
        if self.category == self.Category.HOW_WELL:
            return self.Quadrant.QUALITY_OF_EFFORT
        if self.form == self.Form.PERCENTAGE:
            return self.Quadrant.QUALITY_OF_EFFECT
        return self.Quadrant.QUANTITY_OF_EFFECT

    def period_of(self, start, end) -> periods.Period:
        return periods.period_of(start, end, self.frequency, self.calendar)


class MeasureChange(models.Model):
    """The definition sheet's change log: when, who, and what changed, in words."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    what = models.TextField()

    class Meta:
        ordering = ["-at", "-pk"]


class MeasureValue(models.Model):
    """A measure's value for one period, with its approval state (draft, submitted, approved, or
    returned with a reason). An approved value is never changed: its approver returns it first."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for approval"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=6)
    numerator = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    n = models.PositiveIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    provisional = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField(blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["measure", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period_start"], name="measure_value_one_per_period"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="measure_value_period"
            ),
        ]

    @property
    def period(self) -> periods.Period:
        return self.measure.period_of(self.period_start, self.period_end)


class Target(models.Model):
    """A measure's target for a period, set by a recorded decision (plans.Decision)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=6)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="targets")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period_start"], name="target_one_per_period"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="target_period"),
        ]


class Baseline(models.Model):
    """A measure's declared baseline: the value of one period that change is measured from."""

    measure = models.OneToOneField(Measure, on_delete=models.CASCADE, related_name="baseline")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=6)
    comment = models.TextField(blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    declared_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="baseline_period"),
        ]

    @property
    def period(self) -> periods.Period:
        return self.measure.period_of(self.period_start, self.period_end)


class ForecastPoint(models.Model):
    """Where a measure's curve is heading for a period if nothing changes (drawn dashed)."""

    class Method(models.TextChoices):
        MANUAL = "manual", "Entered by hand"
        LINEAR_TREND = "linear_trend", "Linear trend"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="forecast")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=6)
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.MANUAL)
    made_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["measure", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period_start"], name="forecast_one_per_period"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="forecast_period"),
        ]


class ValueReminder(models.Model):
    """A person was e-mailed about one period of a measure: its value is due soon, it is late, or it
    waits for their approval. Once each, so nobody is e-mailed twice about the same thing."""

    class Kind(models.TextChoices):
        DUE = "due", "Due soon"
        LATE = "late", "Late"
        APPROVE = "approve", "Waiting for approval"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reminders")
    period_start = models.DateField()
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_start", "person", "kind"], name="one_value_reminder_each"
            )
        ]


class TurnTheCurve(models.Model):
    """Turning the curve for one measure and period (RBA's "turn the curve" talk, guide 4.3): the story
    behind the curve, what helps and hurts, partners with a role, what works, the actions proposed
    (linked to plan actions) and the data development agenda. Written as a draft, then cleared by a
    named person other than its author before it shows beyond the people who may write it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CLEARED = "cleared", "Cleared"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="turn_the_curve")
    period_start = models.DateField()
    period_end = models.DateField()
    story = models.TextField("story behind the curve")
    helping = models.TextField("what is helping", blank=True)
    hurting = models.TextField("what is hurting", blank=True)
    partners = models.TextField("partners with a role to play", blank=True)
    what_works = models.TextField("what works", blank=True)
    proposals = models.TextField("what we propose to do", blank=True)
    actions = models.ManyToManyField("plans.Action", blank=True, related_name="turn_the_curve")
    data_development = models.TextField("data development agenda", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["measure", "-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period_start"], name="turn_the_curve_one_per_period"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="turn_the_curve_period"
            ),
        ]

    @property
    def period(self) -> periods.Period:
        return self.measure.period_of(self.period_start, self.period_end)


# --- What service users say (issue 12, item 6; guide 4.5 and 5) -----------------------------------
# Nothing here identifies anyone: a response keeps the date it was received (no time, no address, no
# user), its answers, and comments redacted before they are stored (`redaction.py`).


# A form's key is typed from a poster by whoever cannot scan its code: lower case, no 0/o, 1/l/i, no
# hyphen for a printed line to break at. 12 of 31 characters is 59 bits: the link only lets people answer
# an anonymous form, one address a limited number of times, so it need not be a secret key.
FEEDBACK_TOKEN_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
FEEDBACK_TOKEN_LENGTH = 12


def _feedback_token() -> str:
    """A random key for a form's public link that people can type. Forms made before keep theirs, so
    printed posters keep working."""
    return "".join(secrets.choice(FEEDBACK_TOKEN_ALPHABET) for _ in range(FEEDBACK_TOKEN_LENGTH))


class FeedbackAudience(models.TextChoices):
    CHILDREN_YOUNG_PEOPLE = "children_young_people", "Children and young people"
    PARENTS_CARERS = "parents_carers", "Parents and carers"
    PROFESSIONALS = "professionals", "Professionals"
    ALL = "all", "Everyone"


class FeedbackQuestion(models.Model):
    """A question of the bank (shipped as `data/feedback-questions.json`, loaded by migration
    0004_feedback), with the answers that count as positive when it feeds a measure."""

    class Scale(models.TextChoices):
        SATISFACTION5 = scales.SATISFACTION5, scales.SCALE_NAMES[scales.SATISFACTION5]
        FFT = scales.FFT, scales.SCALE_NAMES[scales.FFT]
        AGREE5 = scales.AGREE5, scales.SCALE_NAMES[scales.AGREE5]
        YES_NO = scales.YES_NO, scales.SCALE_NAMES[scales.YES_NO]
        FREE_TEXT = scales.FREE_TEXT, scales.SCALE_NAMES[scales.FREE_TEXT]

    code = models.CharField(max_length=40, unique=True)
    wording = models.CharField(max_length=300)
    easy_read_wording = models.CharField(max_length=300, blank=True)
    audience = models.CharField(max_length=30, choices=FeedbackAudience.choices, default=FeedbackAudience.ALL)
    scale = models.CharField(max_length=20, choices=Scale.choices)
    positive_answers = models.JSONField(
        default=list, blank=True, help_text="Answer codes counted as positive."
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.wording

    def words(self, *, easy_read: bool = False) -> str:
        return (self.easy_read_wording or self.wording) if easy_read else self.wording


class FeedbackForm(models.Model):
    """A short form for one programme's service users, answered without signing in from its link."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="feedback_forms")
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=30, choices=FeedbackAudience.choices)
    easy_read = models.BooleanField(default=False)
    questions = models.ManyToManyField(FeedbackQuestion, through="FeedbackFormQuestion", related_name="+")
    is_open = models.BooleanField(default=True)
    token = models.CharField(max_length=40, unique=True, default=_feedback_token, editable=False)
    synthetic = models.BooleanField(default=False, help_text="Made-up responses for demonstration.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def ordered_questions(self) -> list[FeedbackQuestion]:
        return [item.question for item in self.items.select_related("question").order_by("order", "pk")]


class FeedbackFormQuestion(models.Model):
    form = models.ForeignKey(FeedbackForm, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(FeedbackQuestion, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["form", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "question"], name="feedback_form_question_once"),
        ]


class FeedbackResponse(models.Model):
    """One person's answers to a form. The period is the financial quarter it was received in; each
    measure fed by it groups responses by its own frequency from `received_on`."""

    class Source(models.TextChoices):
        FORM = "form", "This product's form"
        IMPORT = "import", "Imported from another tool"

    form = models.ForeignKey(FeedbackForm, on_delete=models.PROTECT, related_name="responses")
    received_on = models.DateField()
    period_start = models.DateField()
    period_end = models.DateField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    # A random value the form's page was served with, so a second press of "Send" writes nothing; it
    # says nothing about who answered.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    # An imported response's ID in the other tool, as a keyed hash (an export's ID column may hold an
    # e-mail address), so a response in two overlapping exports is counted once.
    import_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["form", "-received_on", "-pk"]
        indexes = [models.Index(fields=["form", "received_on"], name="feedback_response_form_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "import_key"],
                condition=~Q(import_key=""),
                name="feedback_response_imported_once",
            ),
        ]


class FeedbackAnswer(models.Model):
    """An answer to a question with a scale (its answer code). A free-text answer is the comment below,
    redacted, and never here."""

    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(FeedbackQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(max_length=30)

    class Meta:
        ordering = ["response", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="feedback_answer_once"),
        ]


class FeedbackComment(models.Model):
    """A free-text answer, redacted before it was stored, waiting for a moderator of the programme's
    team, who may redact it further, code it to themes, and publish or withhold it. Quoted outside the
    team only when published and the person consented to be quoted."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for moderation"
        PUBLISHED = "published", "Published"
        WITHHELD = "withheld", "Withheld"

    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey(FeedbackQuestion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(help_text="Redacted before it was stored.")
    redactions = models.PositiveSmallIntegerField(default=0, help_text="How many details were removed.")
    consent_to_quote = models.BooleanField(default=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.WAITING)
    themes = models.JSONField(default=list, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["response", "pk"]


class FeedbackImport(models.Model):
    """A file of responses imported into a form, known by its contents' SHA-256, so the same file sent
    twice (or its mapping page posted again) is refused rather than counted twice."""

    form = models.ForeignKey(FeedbackForm, on_delete=models.CASCADE, related_name="imports")
    digest = models.CharField(max_length=64)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    responses = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["form", "imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["form", "digest"], name="feedback_import_once_per_form"),
        ]


class FeedbackInvitation(models.Model):
    """How many people were invited to answer a form in a period (for the response rate)."""

    form = models.ForeignKey(FeedbackForm, on_delete=models.CASCADE, related_name="invitations")
    period_start = models.DateField()
    period_end = models.DateField()
    count = models.PositiveIntegerField()
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["form", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "period_start"], name="feedback_invitation_one_per_period"
            ),
        ]


class FeedbackMeasureLink(models.Model):
    """A percentage measure fed by a question: per period, the share of its programme's responses to
    that question that were positive."""

    measure = models.OneToOneField(Measure, on_delete=models.CASCADE, related_name="feedback_link")
    question = models.ForeignKey(FeedbackQuestion, on_delete=models.PROTECT, related_name="measure_links")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)
