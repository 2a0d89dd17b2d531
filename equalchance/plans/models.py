"""Plans and governance: the golden thread from a community strategy down to actions, and the boards
that hold it to account. The rules (action status and RAG, plan status workflow) are pure modules
beside this one (`status.py`, `workflow.py`); who may see or change what is decided in `selectors.py`."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from equalchance.accounts.models import Organisation
from equalchance.indicators.models import Indicator
from equalchance.places.models import Area, PriorityArea


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    PARTNERSHIP = "partnership", "Partnership"
    RESTRICTED = "restricted", "Restricted"


class Body(models.Model):
    """A board or group: it owns plans, holds actions to account and meets."""

    class Type(models.TextChoices):
        GOVERNING_BOARD = "governing_board", "Governing board"
        HEALTH_AND_WELLBEING_BOARD = "health_and_wellbeing_board", "Health and wellbeing board"
        EXECUTIVE_GROUP = "executive_group", "Executive group"
        DELIVERY_GROUP = "delivery_group", "Delivery group"
        THEMATIC_GROUP = "thematic_group", "Thematic group"
        SUB_GROUP = "sub_group", "Sub-group"
        LEADERSHIP_TEAM = "leadership_team", "Leadership team"
        CABINET = "cabinet", "Cabinet"
        SCRUTINY_COMMITTEE = "scrutiny_committee", "Scrutiny committee"
        AREA_GROUP = "area_group", "Area group"

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=40, choices=Type.choices)
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reporting"
    )
    purpose = models.TextField(blank=True)
    meeting_frequency = models.CharField(max_length=120, blank=True)
    # Who chairs it as the partnership describes the post ("Leader of the Council"); the person is a member.
    chair_role = models.CharField(max_length=200, blank=True)
    current_focus = models.TextField(blank=True)
    priorities = models.TextField(blank=True, help_text="Action plan priorities, one per line")
    progress = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.PARTNERSHIP)
    source = models.CharField(max_length=300, blank=True, help_text="The document this was transcribed from")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BodyMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        # The board's secretary manages its meetings, agendas, papers and decisions.
        SECRETARY = "secretary", "Secretary"
        OFFICER_SUPPORT = "officer_support", "Officer support"
        CO_OPTED = "co_opted", "Co-opted member"
        OBSERVER = "observer", "Observer"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    # The post as the document or the partnership names it, e.g. "Cabinet Member for Children".
    title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["body", "role", "pk"]


class ElementKind(models.Model):
    """A configurable label for plan elements: vision, priority, theme, objective, goal ..."""

    key = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=80)
    # Elements of this kind should be measured ("blind" when no indicator or line is linked).
    measurable = models.BooleanField(default=False)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class Plan(models.Model):
    class Type(models.TextChoices):
        COMMUNITY_STRATEGY = "community_strategy", "Community strategy"
        COUNCIL_PLAN = "council_plan", "Council plan"
        BUSINESS_PLAN = "business_plan", "Directorate or business plan"
        THEMATIC_PLAN = "thematic_plan", "Thematic plan"
        STRATEGY = "strategy", "Strategy"
        AREA_ACTION_PLAN = "area_action_plan", "Area action plan"
        SERVICE_PLAN = "service_plan", "Service plan"
        TEAM_PLAN = "team_plan", "Team plan"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONSULTATION = "consultation", "Consultation"
        APPROVED = "approved", "Approved"
        ACTIVE = "active", "Active"
        UNDER_REVIEW = "under_review", "Under review"
        SUPERSEDED = "superseded", "Superseded"
        ARCHIVED = "archived", "Archived"

    key = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    type = models.CharField(max_length=30, choices=Type.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_role = models.CharField(max_length=200, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(default=1)
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.PARTNERSHIP)
    priority_area = models.ForeignKey(
        PriorityArea, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    summary = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="plan_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PlanElement(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="elements")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.ForeignKey(ElementKind, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    current_position = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_element_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ElementMeasure(models.Model):
    """'Measured by': an element linked to a scorecard indicator, or to a metric the plan names in words
    that the product does not hold."""

    element = models.ForeignKey(PlanElement, on_delete=models.CASCADE, related_name="measures")
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(indicator__isnull=False) | ~Q(text=""), name="measure_names_something"
            )
        ]


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    public = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]


class ReportIssue(models.Model):
    """One produced report, frozen: what was shown is kept even if the data later change."""

    class Kind(models.TextChoices):
        COVER = "cover", "Cover report"
        TRACKER = "tracker", "Action plan tracker"
        PLAN_ON_A_PAGE = "plan-on-a-page", "Plan on a page"
        MATRIX = "matrix", "Policy deployment matrix"
        SCRUTINY = "scrutiny", "Partnership monitoring report"
        AREA_BASELINE = "area-baseline", "Area progress against baseline"
        EXCEPTIONS = "exceptions", "Exception report"
        QUARTERLY = "quarterly", "Quarterly performance and delivery report"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="report_issues"
    )
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="report_issues"
    )
    as_at = models.DateField()
    public = models.BooleanField(default=False)
    data = models.JSONField()
    generated_at = models.DateTimeField(auto_now_add=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-generated_at", "-pk"]


class AgendaItem(models.Model):
    class Purpose(models.TextChoices):
        DECISION = "decision", "For decision"
        DISCUSSION = "discussion", "For discussion"
        INFORMATION = "information", "For information"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.DISCUSSION)
    presenter = models.CharField(max_length=200, blank=True)
    paper = models.ForeignKey(
        ReportIssue, null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "order", "pk"]


class Action(models.Model):
    """A key action, project, milestone or task: one self-referencing table."""

    class Type(models.TextChoices):
        KEY_ACTION = "key_action", "Key action"
        PROJECT = "project", "Project"
        MILESTONE = "milestone", "Milestone"
        QUICK_WIN = "quick_win", "Quick win"
        PARTNER_AGREED = "partner_agreed_action", "Partner-agreed action"
        ONGOING = "ongoing", "Ongoing (business as usual)"

    class Category(models.TextChoices):
        BUSINESS_FUNDAMENTAL = "business_fundamental", "Business fundamental"
        CHANGE_PRIORITY = "change_priority", "Change priority"
        CORE_SERVICE = "core_service", "Core service"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        ON_HOLD = "on_hold", "On hold"
        COMPLETED = "completed", "Completed"
        DEFERRED = "deferred", "Deferred"
        CANCELLED = "cancelled", "Cancelled"
        ONGOING = "ongoing", "Ongoing"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="actions")
    element = models.ForeignKey(
        PlanElement, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    type = models.CharField(max_length=30, choices=Type.choices, default=Type.KEY_ACTION)
    category = models.CharField(max_length=30, choices=Category.choices, blank=True)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_text = models.CharField(max_length=300, blank=True, help_text="The lead as the plan names it")
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    start = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)
    original_due = models.DateField(null=True, blank=True)
    due_text = models.CharField(max_length=120, blank=True, help_text="The due date in the plan's own words")
    completed = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    percent_complete = models.PositiveSmallIntegerField(null=True, blank=True)
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.PARTNERSHIP)
    source_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_arising"
    )
    source = models.CharField(max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__isnull=True) | Q(percent_complete__lte=100),
                name="action_percent_at_most_100",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ReportingCycle(models.Model):
    """When updates are due: owners are reminded before `update_due`; an action with no update posted
    within the cycle by then is flagged "update missing"."""

    name = models.CharField(max_length=120)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="cycles")
    period_start = models.DateField()
    period_end = models.DateField()
    update_due = models.DateField()
    remind_days_before = models.PositiveSmallIntegerField(default=7)

    class Meta:
        ordering = ["update_due", "pk"]


class ActionUpdate(models.Model):
    """An owner's check-in. Never overwritten: the table is append-only (see `save`)."""

    class Rag(models.TextChoices):
        GREEN = "green", "Green"
        AMBER = "amber", "Amber"
        RED = "red", "Red"

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    posted_at = models.DateTimeField()
    cycle = models.ForeignKey(
        ReportingCycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="updates"
    )
    status = models.CharField(max_length=20, choices=Action.Status.choices)
    percent_complete = models.PositiveSmallIntegerField(null=True, blank=True)
    forecast_completion = models.DateField(null=True, blank=True)
    progress = models.TextField()
    next_steps = models.TextField(blank=True)
    blockers = models.TextField(blank=True)
    self_assessed = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_reason = models.TextField(blank=True)
    override_reason = models.TextField(blank=True)
    revised_due = models.DateField(null=True, blank=True)
    revised_due_reason = models.TextField(blank=True)
    synthetic = models.BooleanField(
        default=False, help_text="Made up for the demo, labelled so wherever it shows"
    )

    class Meta:
        ordering = ["action", "-posted_at", "-pk"]

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Action updates are never overwritten: post a new one.")
        super().save(*args, **kwargs)


class Decision(models.Model):
    """A recorded decision: approving, re-baselining or closing a plan, closing or re-baselining an
    action, escalation outcomes. Plans and actions change these ways only with one."""

    class Kind(models.TextChoices):
        APPROVE_PLAN = "approve_plan", "Approve a plan"
        REBASELINE_PLAN = "rebaseline_plan", "Re-baseline a plan"
        CLOSE_PLAN = "close_plan", "Close a plan"
        REBASELINE_ACTION = "rebaseline_action", "Re-baseline an action"
        CLOSE_ACTION = "close_action", "Close or defer an action"
        SET_TARGET = "set_target", "Set a performance measure's targets"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    decided_on = models.DateField()
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]


class Escalation(models.Model):
    """A blockage an owner raised to a board: it goes on the board's next agenda."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="escalations")
    update = models.ForeignKey(
        ActionUpdate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="escalations")
    summary = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    agenda_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="escalation"
    )

    class Meta:
        ordering = ["raised_at", "pk"]


class CommunityAsset(models.Model):
    """A place or group that contributes to wellbeing (seed 001's "resources and assets"; seed 002's
    community asset mapping)."""

    class Type(models.TextChoices):
        COMMUNITY_CENTRE = "community_centre", "Community centre"
        GREEN_SPACE = "green_space", "Green space"
        FAITH_GROUP = "faith_group", "Faith group"
        VOLUNTARY_GROUP = "voluntary_group", "Voluntary or community group"
        LIBRARY = "library", "Library"
        SPORTS = "sports", "Sport and leisure"
        SCHOOL = "school", "School or children's centre"
        HEALTH = "health", "Health"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    type = models.CharField(max_length=30, choices=Type.choices)
    owner = models.CharField(max_length=200, blank=True)
    contact = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    lsoa = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    description = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)
    source = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]


class PlanBaseline(models.Model):
    """An area plan's baseline: the area's deprivation profile and scorecard values, frozen on the
    day the plan was approved, so later progress is read against what was known then. Approving it
    again after a review (a re-baseline) freezes a new one; the earlier ones are kept."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="baselines")
    decision = models.ForeignKey("Decision", null=True, on_delete=models.PROTECT, related_name="+")
    frozen_on = models.DateField()
    data = models.JSONField()
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-frozen_on", "-pk"]


class UpdateReminder(models.Model):
    """An owner was e-mailed that an action's update is due in a reporting cycle (once per cycle)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "cycle"], name="one_reminder_per_cycle")]


class Contribution(models.Model):
    """An element or action of one plan contributing to an element of another (the golden thread):
    strongly or weakly, as the policy deployment (X-)matrix marks it."""

    class Strength(models.TextChoices):
        STRONG = "strong", "Strong"
        WEAK = "weak", "Weak"

    from_element = models.ForeignKey(
        PlanElement, null=True, blank=True, on_delete=models.CASCADE, related_name="contributes_to"
    )
    from_action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="contributes_to"
    )
    to_element = models.ForeignKey(PlanElement, on_delete=models.CASCADE, related_name="contributions")
    strength = models.CharField(max_length=6, choices=Strength.choices, default=Strength.STRONG)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(from_element__isnull=False, from_action__isnull=True)
                | Q(from_element__isnull=True, from_action__isnull=False),
                name="contribution_from_one_thing",
            ),
            models.UniqueConstraint(fields=["from_element", "to_element"], name="one_link_per_element_pair"),
            models.UniqueConstraint(fields=["from_action", "to_element"], name="one_link_per_action_pair"),
        ]
