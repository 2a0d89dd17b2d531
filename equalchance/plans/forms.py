"""Forms for plans and governance. Choices are limited to what the user may see; the services check
again and name the field of any refusal."""

import re

from django import forms
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator, RegexValidator
from django.utils import timezone
from django.utils.text import slugify

from equalchance.accounts.models import Organisation, User
from equalchance.common.form_fields import ChosenFromList
from equalchance.indicators.models import Indicator
from equalchance.places.models import Area, PriorityArea
from equalchance.plans import selectors, workflow
from equalchance.plans.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Body,
    CommunityAsset,
    ElementKind,
    Escalation,
    Plan,
    PlanElement,
)

DATE_HINT = "For example, 31 3 2027"
TEXT_LIMIT = 10_000  # characters of typed text in any one box


# Characters a person cannot see: control characters, and the ones that change the direction of the
# text around them (a right-to-left override makes a name read as something else). A one-line box also
# refuses the zero-width ones and line breaks, so no name is blank or split when shown.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069"
_HIDDEN_IN_BOXES = re.compile(f"[{_CONTROLS}]")
_HIDDEN_IN_LINES = re.compile(f"[{_CONTROLS}\\n\\r\u200b-\u200f\u2060-\u2065\ufeff]")


def _subject(label: str) -> str:
    """A field's label as the subject of an error message: "What it is (optional)" -> "What it is"."""
    return str(label).removesuffix(" (optional)").rstrip(":") or "This"


class LimitedText:
    """Every text box of a plans form takes at most TEXT_LIMIT characters (and says so, naming the
    field), unless the field sets a smaller limit, and no characters a reader cannot see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            subject = _subject(field.label or name.replace("_", " ").capitalize())
            if field.max_length is None:
                field.max_length = TEXT_LIMIT
                field.validators.append(MaxLengthValidator(TEXT_LIMIT))
            field.error_messages["max_length"] = f"{subject} must be {field.max_length:,} characters or fewer"
            one_line = not isinstance(field.widget, forms.Textarea)
            field.validators = [
                v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
            ]
            field.validators.append(
                RegexValidator(
                    _HIDDEN_IN_LINES if one_line else _HIDDEN_IN_BOXES,
                    inverse_match=True,
                    message=f"{subject} must not contain {'line breaks or ' if one_line else ''}characters "
                    "that cannot be seen, such as a zero-width space or a change of text direction",
                )
            )


class DateField(forms.DateField):
    """A date as people type it: 31/3/2027, 31 3 2027 or 2027-03-31."""

    input_formats = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", {"invalid": "Enter a real date, for example 31 3 2027"})
        kwargs.setdefault("help_text", DATE_HINT)
        super().__init__(*args, **kwargs)


def people_offered():
    """The people a form offers as owners, leads and the like: active accounts, not the system."""
    return (
        User.objects.filter(is_active=True)
        .exclude(role="system")
        .order_by("first_name", "last_name", "username")
    )


def person_label(user) -> str:
    return user.get_full_name() or user.username


class PlanForm(LimitedText, forms.ModelForm):
    period_start = DateField(label="Period starts")
    period_end = DateField(label="Period ends")

    class Meta:
        model = Plan
        fields = [
            "title",
            "type",
            "parent",
            "body",
            "lead",
            "lead_role",
            "period_start",
            "period_end",
            "visibility",
            "priority_area",
            "summary",
        ]
        labels = {
            "title": "Title",
            "type": "Type of plan",
            "parent": "Sits under (the plan it delivers)",
            "body": "Owning board",
            "lead": "Lead",
            "lead_role": "Lead's post",
            "visibility": "Who may see it",
            "priority_area": "Priority area (area action plans)",
            "summary": "Summary or vision",
        }
        help_texts = {
            "visibility": "Public plans are shown to everyone once out of draft; restricted ones only to "
            "plan editors, the lead, the owning board and action owners",
        }
        error_messages = {"title": {"required": "Enter the plan's title"}}

    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = plans if plans is not None else Plan.objects.all()
        self.fields["parent"].empty_label = "None: it is a top-level strategy"
        self.fields["body"].empty_label = "None"
        self.fields["lead"].queryset = people_offered()
        self.fields["lead"].label_from_instance = person_label
        self.fields["lead"].empty_label = "Nobody yet"
        self.fields["priority_area"].queryset = PriorityArea.objects.select_related("district")
        self.fields["priority_area"].empty_label = "None"
        self.fields["priority_area"].label_from_instance = lambda a: f"{a.name} ({a.district.name})"
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)

    def key(self) -> str:
        base = slugify(self.cleaned_data["title"])[:60] or "plan"
        key, n = base, 1
        while Plan.objects.filter(key=key).exists():
            n += 1
            key = f"{base}-{n}"
        return key


class StatusForm(LimitedText, forms.Form):
    status = forms.ChoiceField(label="New status", widget=forms.RadioSelect)
    decision_text = forms.CharField(
        label="The decision, as recorded",
        required=False,
        widget=forms.Textarea,
        help_text="Needed to approve, re-approve or close a plan: the minute or resolution",
    )
    decided_on = DateField(label="Date of the decision")
    body = forms.ModelChoiceField(
        label="Board that decided",
        queryset=Body.objects.all(),
        required=False,
        empty_label="The owning board",
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s, workflow.LABELS[s].capitalize()) for s in workflow.TRANSITIONS.get(plan.status, ())
        ]


class ElementForm(LimitedText, forms.Form):
    kind = forms.ModelChoiceField(
        label="Kind",
        queryset=ElementKind.objects.all(),
        error_messages={"required": "Choose the kind of element"},
    )
    code = forms.CharField(label="Code", max_length=20, help_text="For example 2 or 2.a")
    title = forms.CharField(label="Title", max_length=500)
    parent = forms.ModelChoiceField(
        label="Sits under",
        queryset=PlanElement.objects.none(),
        required=False,
        empty_label="Nothing: top level",
    )
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)
    current_position = forms.CharField(label="Current position", required=False, widget=forms.Textarea)
    indicator = forms.ModelChoiceField(
        label="Measured by (scorecard indicator)",
        queryset=Indicator.objects.order_by("name"),
        required=False,
        empty_label="None",
    )
    measure_text = forms.CharField(
        label="Or a measure in words", required=False, max_length=500, help_text="As the plan names it"
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = plan.elements.order_by("order")
        self.fields["parent"].label_from_instance = lambda e: f"{e.code} {e.title[:80]}"


class ActionForm(LimitedText, forms.ModelForm):
    start = DateField(label="Start")
    due = DateField(label="Due")

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "element",
            "parent",
            "type",
            "category",
            "owner",
            "delegate",
            "lead_organisation",
            "body",
            "area",
            "start",
            "due",
            "visibility",
        ]
        labels = {
            "area": "Where it happens (optional): an LSOA of the priority area, placed on the area's map",
            "element": "Part of the plan it delivers",
            "parent": "Sub-action of",
            "owner": "Owner",
            "delegate": "Delegate (may post updates for the owner)",
            "lead_organisation": "Lead organisation",
            "body": "Accountable board",
            "visibility": "Who may see it",
        }
        error_messages = {"title": {"required": "Enter what the action is"}}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].queryset = plan.elements.order_by("order")
        self.fields["element"].label_from_instance = lambda e: f"{e.code} {e.title[:80]}"
        self.fields["parent"].queryset = plan.actions.order_by("order")
        for name in ("owner", "delegate"):
            self.fields[name].queryset = people_offered()
            self.fields[name].label_from_instance = person_label
            self.fields[name].empty_label = "Nobody yet" if name == "owner" else "None"
        self.fields["lead_organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["category"].required = False
        for name in ("element", "parent", "lead_organisation", "body"):
            self.fields[name].empty_label = "None"
        codes = selectors.plan_area_codes(plan)
        if codes:  # only an area plan's actions are placed on its map
            self.fields["area"].queryset = Area.objects.filter(code__in=codes).order_by("name")
            self.fields["area"].label_from_instance = lambda a: f"{a.name} ({a.code})"
            self.fields["area"].empty_label = "Not placed"
        else:
            del self.fields["area"]


class UpdateForm(LimitedText, forms.Form):
    status = forms.ChoiceField(label="Status", choices=Action.Status.choices, widget=forms.RadioSelect)
    progress = forms.CharField(
        label="Progress since the last update", widget=forms.Textarea, required=False, max_length=5000
    )
    next_steps = forms.CharField(label="Next steps", widget=forms.Textarea, required=False)
    blockers = forms.CharField(
        label="Issues or blockers", widget=forms.Textarea, required=False, max_length=5000
    )
    percent_complete = forms.IntegerField(
        label="Per cent complete (optional)",
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": "Enter per cent complete as a whole number from 0 to 100",
            "min_value": "Per cent complete must be a whole number from 0 to 100",
            "max_value": "Per cent complete must be a whole number from 0 to 100",
        },
    )
    forecast_completion = DateField(label="Forecast completion (optional)")
    completed = DateField(label="Completed on (if complete)")
    self_assessed = forms.ChoiceField(
        label="Your assessment (optional)",
        required=False,
        widget=forms.RadioSelect,
        choices=[("", "No assessment")] + list(ActionUpdate.Rag.choices),
        help_text="Green: no issues or risks. Amber: issues or risks identified. "
        "Red: significant issues or risks.",
    )
    rag_reason = forms.CharField(
        label="Why this colour", required=False, widget=forms.Textarea, max_length=5000
    )
    override_reason = forms.CharField(
        label="Reason for overriding the computed status (only if yours is better)",
        required=False,
        widget=forms.Textarea,
        help_text="Every report shows an override and its reason",
    )
    revised_due = DateField(label="Revised due date (if it has moved)")
    revised_due_reason = forms.CharField(
        label="Why the due date moved", required=False, widget=forms.Textarea
    )
    escalate_to = forms.ModelChoiceField(
        label="Escalate a blockage to a board (optional)",
        queryset=Body.objects.filter(active=True),
        required=False,
        empty_label="Do not escalate",
        help_text="It goes on the board's next agenda",
    )
    escalation_summary = forms.CharField(
        label="What the board is asked to do", required=False, widget=forms.Textarea
    )


def _meeting_day(form, name: str):
    day = form.cleaned_data.get(name)
    problem = day and workflow.meeting_day_problem(day, today=timezone.localdate())
    if problem:
        raise forms.ValidationError(problem)
    return day


class MeetingForm(LimitedText, forms.Form):
    day = DateField(label="Date", required=True, help_text="For example, 14 1 2027")
    starts = forms.TimeField(
        label="Starts at",
        help_text="For example, 14:00",
        error_messages={"invalid": "Enter a time such as 14:00"},
    )
    ends = forms.TimeField(
        label="Ends at (optional)", required=False, error_messages={"invalid": "Enter a time such as 16:00"}
    )
    venue = forms.CharField(label="Venue or link", required=False, max_length=300)
    public = forms.BooleanField(label="Held in public (shown to everyone)", required=False)

    def clean_day(self):
        return _meeting_day(self, "day")


class AgendaItemForm(LimitedText, forms.Form):
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the item's title"}
    )
    purpose = forms.ChoiceField(label="Purpose", choices=AgendaItem.Purpose.choices, widget=forms.RadioSelect)
    presenter = forms.CharField(label="Presented by (post)", required=False, max_length=200)
    escalation = forms.ModelChoiceField(
        label="A blockage escalated to the board (optional)",
        queryset=Escalation.objects.none(),
        required=False,
        empty_label="None",
    )

    def __init__(self, *args, escalations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if escalations is not None:
            self.fields["escalation"].queryset = escalations
        self.fields["escalation"].label_from_instance = lambda e: (
            f"{e.action.title[:80]} (raised {e.raised_at:%d/%m/%Y})"
        )


class DecisionForm(LimitedText, forms.Form):
    text = forms.CharField(label="The decision, as minuted", widget=forms.Textarea)
    agenda_item = forms.ModelChoiceField(
        label="Agenda item", queryset=AgendaItem.objects.none(), required=False, empty_label="None"
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda.all()
        self.fields["agenda_item"].label_from_instance = lambda item: f"{item.order}. {item.title[:80]}"


class AssetForm(LimitedText, forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the asset's name"}
    )
    type = forms.ChoiceField(label="Kind", choices=CommunityAsset.Type.choices, widget=forms.RadioSelect)
    postcode = forms.CharField(label="Postcode", max_length=10, help_text="Where it is, for the map")
    owner = forms.CharField(label="Owner or who runs it", required=False, max_length=200)
    contact = forms.CharField(
        label="Contact (optional)",
        required=False,
        max_length=200,
        help_text="A public contact for the place, such as its office phone; not a private person's details",
    )
    description = forms.CharField(label="What it offers", required=False, widget=forms.Textarea)


class AssetImportForm(LimitedText, forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: name, type, owner, contact, postcode, description. Up to 2 MB.",
        error_messages={"required": "Choose a CSV file"},
    )


class CoverForm(LimitedText, forms.Form):
    """Seed 001's cover report (Rotherham's cabinet report layout), typed by the report's author."""

    meeting = forms.CharField(label="Meeting", max_length=200, help_text="For example, Cabinet")
    meeting_date = DateField(label="Date of the meeting", required=True)
    title = forms.CharField(label="Title", max_length=300)
    directorate = forms.CharField(label="Directorate", max_length=200, required=False)
    summary = forms.CharField(label="Summary", widget=forms.Textarea)
    recommendations = forms.CharField(
        label="Recommendations", widget=forms.Textarea, help_text="One recommendation per line"
    )
    proposals = forms.CharField(label="Proposals and details", widget=forms.Textarea, required=False)
    finance = forms.CharField(label="Finance", widget=forms.Textarea, required=False)
    risks = forms.CharField(label="Risks and uncertainties", widget=forms.Textarea, required=False)
    implications = forms.CharField(
        label="Policy and performance agenda implications", widget=forms.Textarea, required=False
    )
    contacts = forms.CharField(
        label="Contacts", widget=forms.Textarea, required=False, help_text="Posts to contact, one per line"
    )
    appendices = ChosenFromList(
        label="Appendices (reports of this plan already produced)",
        queryset=Plan.objects.none(),
        error_messages={"invalid_choice": "Choose the appendices from the list of reports"},
    )

    def clean_meeting_date(self):
        return _meeting_day(self, "meeting_date")

    def __init__(self, *args, issues=None, **kwargs):
        super().__init__(*args, **kwargs)
        if issues is not None:
            self.fields["appendices"].queryset = issues
        self.fields["appendices"].label_from_instance = lambda i: (
            f"{i.title}{', public version' if i.public else ''} (frozen {i.generated_at:%-d %B %Y, %H:%M})"
        )


class ContributionForm(LimitedText, forms.Form):
    to_element = forms.ModelChoiceField(
        label="Contributes to",
        queryset=PlanElement.objects.none(),
        error_messages={
            "required": "Choose what it contributes to",
            "invalid_choice": "Choose what it contributes to",
        },
    )
    strength = forms.ChoiceField(
        label="How strongly",
        choices=[("strong", "Strong: delivers it directly"), ("weak", "Weak: helps it")],
        widget=forms.RadioSelect,
        initial="strong",
    )

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if targets is not None:
            self.fields["to_element"].queryset = targets
        self.fields["to_element"].label_from_instance = lambda e: (
            f"{e.plan.title[:50]}: {e.code} {e.title[:60]}"
        )


class PlansImportForm(LimitedText, forms.Form):
    file = forms.FileField(
        label="CSV or XLSX file",
        help_text="In the layout below. Up to 5 MB.",
        error_messages={"required": "Choose a CSV or XLSX file"},
    )
