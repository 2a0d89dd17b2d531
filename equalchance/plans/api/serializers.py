"""The shape of plans, actions, boards and meetings in the JSON API, documented for the OpenAPI
document. The views build plain dictionaries from what `plans.selectors` gives the caller and pass them
through these serializers, as the scorecard API does."""

from rest_framework import serializers

from equalchance.plans import status as rules
from equalchance.plans.models import Action, AgendaItem, Body, BodyMember, Decision, Meeting, Plan, Visibility

STATES = [str(state) for state in rules.State]
RAGS = [str(rag) for rag in rules.Rag]
FLAGS = [str(flag) for flag in rules.Flag]
EXCEPTIONS = [str(reason) for reason in rules.ExceptionReason]


class PlansErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What was wrong, in words")
    parameter = serializers.CharField(required=False, help_text="The query parameter that was wrong")
    allowed = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="The values the parameter takes"
    )


class PageSerializer(serializers.Serializer):
    """The page header the Open Referral UK feed uses, around a page of records."""

    total_items = serializers.IntegerField(help_text="Records that match, on every page")
    total_pages = serializers.IntegerField()
    page_number = serializers.IntegerField()
    size = serializers.IntegerField(help_text="Records on this page")
    first_page = serializers.BooleanField()
    last_page = serializers.BooleanField()
    empty = serializers.BooleanField()


class Reference(serializers.Serializer):
    """Another record the caller may see (never one they may not: then the field is null)."""

    id = serializers.IntegerField()
    name = serializers.CharField()


# --- Plans --------------------------------------------------------------------------------------


class PlanSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    title = serializers.CharField()
    type = serializers.ChoiceField(choices=Plan.Type.choices)
    type_label = serializers.CharField()
    status = serializers.ChoiceField(choices=Plan.Status.choices)
    status_label = serializers.CharField()
    version = serializers.IntegerField()
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    parent = serializers.IntegerField(
        allow_null=True, help_text="The plan it delivers (the golden thread), when the caller may see it"
    )
    board = Reference(allow_null=True, help_text="The owning board, when the caller may see it")
    lead_role = serializers.CharField(allow_blank=True, help_text="The lead's post as the plan names it")
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    priority_area = serializers.CharField(allow_null=True, help_text="The priority area of an area plan")
    source = serializers.CharField(allow_blank=True, help_text="The document it was transcribed from")


class PlansPageSerializer(PageSerializer):
    contents = PlanSummarySerializer(many=True)


class IndicatorReferenceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class MeasureSerializer(serializers.Serializer):
    indicator = IndicatorReferenceSerializer(
        allow_null=True, help_text="The scorecard indicator, or null for a metric named in words only"
    )
    text = serializers.CharField(allow_blank=True, help_text="The measure in the plan's words")


class ElementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text='As the plan numbers it, e.g. "2.a"')
    kind = serializers.CharField(help_text="The kind's key, e.g. priority, objective, goal")
    kind_label = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    current_position = serializers.CharField(allow_blank=True)
    measured_by = MeasureSerializer(many=True)
    actions = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of its actions the caller may see (see `actions`)"
    )


# The tree: each element holds its children, to any depth.
ElementSerializer._declared_fields["children"] = ElementSerializer(many=True)


class ExceptionSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=EXCEPTIONS)
    reason = serializers.CharField()


class ComputedStatusSerializer(serializers.Serializer):
    """The status computed by the rules of guide sections 6.3 and 6.4 (`plans.status`), as on the
    action's page and in every report."""

    state = serializers.ChoiceField(
        choices=STATES,
        help_text="complete, closed_not_delivered, on_hold, ongoing, not_yet_due, overdue, on_track, "
        "at_risk or off_track",
    )
    state_label = serializers.CharField()
    rag = serializers.ChoiceField(
        choices=RAGS,
        allow_null=True,
        help_text="green, amber, red or grey; null for complete actions and ongoing work with no "
        "self-assessment",
    )
    words = serializers.CharField(help_text='The status as every page shows it, e.g. "Red: off track"')
    shape = serializers.CharField(help_text="The shape shown with the colour, so colour is never alone")
    reason = serializers.CharField(help_text="Why, in one sentence")
    slippage_days = serializers.IntegerField(
        help_text="Due date minus original due date, in days (negative when brought forward)"
    )
    completed_late = serializers.BooleanField(help_text="Completed after the original due date")
    flags = serializers.ListField(child=serializers.ChoiceField(choices=FLAGS))
    update_missing = serializers.BooleanField(
        help_text="No update was posted in the current reporting cycle by the date it was due"
    )
    exceptions = ExceptionSerializer(
        many=True, help_text="Why it is on the exception report (guide 6.4); empty when it is not"
    )


class LatestUpdateSerializer(serializers.Serializer):
    """The owner's latest update, without who wrote it."""

    date = serializers.DateField()
    status = serializers.ChoiceField(choices=Action.Status.choices)
    percent_complete = serializers.IntegerField(allow_null=True)
    progress = serializers.CharField()
    self_assessed = serializers.ChoiceField(choices=["green", "amber", "red"], allow_null=True)
    override_reason = serializers.CharField(
        allow_blank=True, help_text="Why the owner overrode the computed status (flag `override`)"
    )
    synthetic = serializers.BooleanField(help_text="Made up for the demo, not real progress")


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    type = serializers.ChoiceField(choices=Action.Type.choices)
    category = serializers.ChoiceField(choices=[("", "None"), *Action.Category.choices], allow_blank=True)
    element = serializers.IntegerField(allow_null=True, help_text="The plan element it delivers")
    element_code = serializers.CharField(allow_null=True)
    parent = serializers.IntegerField(
        allow_null=True, help_text="The action it is a project or milestone of, when the caller may see it"
    )
    owner = serializers.CharField(allow_null=True, help_text="The owner's name as the pages show it")
    lead = serializers.CharField(allow_blank=True, help_text="The lead organisation, or the lead as named")
    start = serializers.DateField(allow_null=True)
    due = serializers.DateField(allow_null=True)
    original_due = serializers.DateField(allow_null=True)
    due_text = serializers.CharField(allow_blank=True, help_text="The due date in the plan's own words")
    completed = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=Action.Status.choices, help_text="As recorded")
    percent_complete = serializers.IntegerField(allow_null=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    computed = ComputedStatusSerializer()
    latest_update = LatestUpdateSerializer(allow_null=True)


class CountsSerializer(serializers.Serializer):
    green = serializers.IntegerField()
    amber = serializers.IntegerField()
    red = serializers.IntegerField()
    on_hold = serializers.IntegerField()
    no_rag = serializers.IntegerField()
    not_yet_due = serializers.IntegerField()
    complete = serializers.IntegerField()
    closed_not_delivered = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    summary = serializers.CharField(help_text='e.g. "2 green, 1 amber, 0 red of 3 in progress; 1 complete"')


class DecisionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Decision.Kind.choices)
    text = serializers.CharField()
    decided_on = serializers.DateField()


class PlanDetailSerializer(PlanSummarySerializer):
    summary = serializers.CharField(allow_blank=True)
    golden_thread = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the plans above it the caller may see, top first"
    )
    sub_plans = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the plans that deliver it the caller may see"
    )
    elements = ElementSerializer(many=True, help_text="The element tree, in the plan's order")
    actions = ActionSerializer(many=True, help_text="Its actions the caller may see, in the plan's order")
    counts = CountsSerializer(help_text="The actions above counted by status")
    contains_synthetic_data = serializers.BooleanField(
        help_text="Some progress updates are synthetic (made up for the demo)"
    )
    decisions = DecisionSummarySerializer(many=True, help_text="The latest ten decisions on the plan")


class ActionDetailSerializer(ActionSerializer):
    plan = Reference()
    description = serializers.CharField(allow_blank=True)
    accountable_board = Reference(allow_null=True)
    sub_actions = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of its projects and milestones the caller may see"
    )
    decisions = DecisionSummarySerializer(many=True)


# --- Boards and meetings ------------------------------------------------------------------------


class BoardSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=Body.Type.choices)
    type_label = serializers.CharField()
    purpose = serializers.CharField(allow_blank=True)
    chair_role = serializers.CharField(allow_blank=True, help_text="Who chairs it, as the post is named")
    meeting_frequency = serializers.CharField(allow_blank=True)
    reports_to = serializers.IntegerField(
        allow_null=True, help_text="The board it reports to, when the caller may see it"
    )
    active = serializers.BooleanField()
    visibility = serializers.ChoiceField(choices=Visibility.choices)


class BoardsPageSerializer(PageSerializer):
    contents = BoardSummarySerializer(many=True)


class MemberSerializer(serializers.Serializer):
    """A current member: role, post and the organisation represented (never the person)."""

    role = serializers.ChoiceField(choices=BodyMember.Role.choices)
    role_label = serializers.CharField()
    title = serializers.CharField(allow_blank=True, help_text='The post, e.g. "Cabinet Member for Children"')
    organisation = serializers.CharField(allow_null=True, help_text="The organisation they represent")


class MeetingSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    status = serializers.ChoiceField(choices=Meeting.Status.choices)
    public = serializers.BooleanField(help_text="Held in public")


class BoardDetailSerializer(BoardSummarySerializer):
    current_focus = serializers.CharField(allow_blank=True)
    priorities = serializers.ListField(child=serializers.CharField(), help_text="Action plan priorities")
    progress = serializers.CharField(allow_blank=True)
    source = serializers.CharField(allow_blank=True)
    members = MemberSerializer(many=True)
    reporting = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the boards and groups that report to it"
    )
    plans = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the plans it owns")
    meetings = MeetingSummarySerializer(many=True, help_text="Its meetings the caller may see, in time order")


class PaperSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    as_at = serializers.DateField()


class AgendaItemSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    title = serializers.CharField()
    purpose = serializers.ChoiceField(choices=AgendaItem.Purpose.choices)
    presenter = serializers.CharField(allow_blank=True)
    paper = PaperSerializer(allow_null=True, help_text="The frozen report tabled, when the caller may see it")
    escalated_action = serializers.IntegerField(
        allow_null=True, help_text="The action whose blockage was escalated, when the caller may see it"
    )
    decisions = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of its decisions")


class MeetingDecisionSerializer(DecisionSummarySerializer):
    agenda_item = serializers.IntegerField(allow_null=True, help_text="The agenda item's number")
    plan = serializers.IntegerField(
        allow_null=True, help_text="The plan it concerns, when the caller may see it"
    )
    action = serializers.IntegerField(
        allow_null=True, help_text="The action it concerns, when the caller may see it"
    )


class MeetingDetailSerializer(MeetingSummarySerializer):
    board = Reference()
    venue = serializers.CharField(allow_blank=True)
    agenda = AgendaItemSerializer(many=True)
    decisions = MeetingDecisionSerializer(many=True)
    actions_arising = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the actions arising the caller may see"
    )
