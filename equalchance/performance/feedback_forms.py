"""Forms for service users' feedback. The services check everything again."""

import re
import secrets

from django import forms

from equalchance.common.keys import whole_number
from equalchance.performance import feedback_scales as scales
from equalchance.performance.feedback_services import (
    COMMENT_LONGEST,
    CONSENT,
    DATE,
    DATE_ORDERS,
    IGNORE,
    RESPONDENT,
    TITLE_LONGEST,
)
from equalchance.performance.models import FeedbackAudience, FeedbackComment, FeedbackForm, FeedbackQuestion

KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
CONSENT_FIELD = "consent_to_quote"
NO_PERSONAL_DETAILS = "Do not type your name or anyone's personal details."


OPTIONAL = {False: " (optional)", True: " (you do not have to answer)"}


def _field_name(code: str) -> str:
    return f"q_{code}"


def question_label(question: FeedbackQuestion, *, easy_read: bool = False) -> str:
    """A question as the person answering reads it. Every question may be left out (the page says so);
    a free-text question's label also says "(optional)" once, as GOV.UK labels do: the stored wording
    never does."""
    words = question.words(easy_read=easy_read)
    return words + OPTIONAL[bool(easy_read)] if question.scale == scales.FREE_TEXT else words


class AnswerForm(forms.Form):
    """A feedback form's questions as GOV.UK radios and text boxes; easy-read wording when the form is
    easy read. Every question may be left out, but at least one must be answered."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, feedback_form: FeedbackForm, **kwargs):
        super().__init__(*args, **kwargs)
        self.feedback_form = feedback_form
        easy = feedback_form.easy_read
        self.questions = feedback_form.ordered_questions()
        has_text = False
        for question in self.questions:
            name = _field_name(question.code)
            if question.scale == scales.FREE_TEXT:
                has_text = True
                self.fields[name] = forms.CharField(
                    label=question_label(question, easy_read=easy),
                    required=False,
                    max_length=COMMENT_LONGEST,
                    widget=forms.Textarea,
                    help_text=NO_PERSONAL_DETAILS,
                    error_messages={"max_length": f"Write at most {COMMENT_LONGEST:,} characters"},
                )
            else:
                self.fields[name] = forms.ChoiceField(
                    label=question_label(question, easy_read=easy),
                    choices=scales.choices(question.scale, easy_read=easy),
                    required=False,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": "Choose one of the answers"},
                )
        if has_text:
            self.fields[CONSENT_FIELD] = forms.ChoiceField(
                label=(
                    "Can we use your words in reports? We never show your name."
                    if easy
                    else "May we quote what you wrote in our reports? We would not say who wrote it."
                ),
                choices=[("yes", "Yes"), ("no", "No")],
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose yes or no"},
            )
        if not self.is_bound:
            self.initial["submission_key"] = secrets.token_urlsafe(24)

    def clean_submission_key(self):
        key = self.cleaned_data.get("submission_key") or ""
        if KEY.match(key):
            return key
        # Without the page's key a second press of "Send" would be kept twice (probe 8): nothing is kept,
        # and the page comes back with a fresh key and the answers as they were.
        self.data = self.data.copy()
        self.data["submission_key"] = secrets.token_urlsafe(24)
        self.add_error(None, "Something went wrong with the page: check your answers and press Send again")
        return None

    def clean(self):
        data = super().clean()
        answered = [q for q in self.questions if (data.get(_field_name(q.code)) or "").strip()]
        if not answered and not self.errors:
            raise forms.ValidationError("Answer at least one question")
        return data

    def answers(self) -> dict[str, str]:
        return {
            q.code: self.cleaned_data.get(_field_name(q.code)) or ""
            for q in self.questions
            if q.scale != scales.FREE_TEXT
        }

    def comments(self) -> dict[str, str]:
        return {
            q.code: self.cleaned_data.get(_field_name(q.code)) or ""
            for q in self.questions
            if q.scale == scales.FREE_TEXT
        }

    def consent(self) -> bool:
        return self.cleaned_data.get(CONSENT_FIELD) == "yes"


class ModerateForm(forms.Form):
    text = forms.CharField(
        label="Comment (remove anything that could identify someone)",
        help_text="You can only remove words: put [removed] where they were. It stays in its writer's own "
        "words.",
        widget=forms.Textarea,
        max_length=COMMENT_LONGEST,
        error_messages={"required": "The comment cannot be empty: withhold it instead"},
    )
    themes = forms.MultipleChoiceField(
        label="Themes", choices=scales.THEMES, required=False, widget=forms.CheckboxSelectMultiple
    )
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            (FeedbackComment.State.PUBLISHED, "Publish (quoted only if its writer agreed)"),
            (FeedbackComment.State.WITHHELD, "Withhold"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose to publish or withhold the comment"},
    )


class InvitationsForm(forms.Form):
    count = forms.IntegerField(
        label="People invited to answer this quarter",
        min_value=0,
        max_value=10_000_000,
        error_messages={"required": "Enter how many people were invited", "invalid": "Enter a whole number"},
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV export (Viewpoint, SurveyMonkey, Microsoft Forms)",
        help_text="A CSV file, UTF-8, with a header row, at most 2 MB.",
        error_messages={"required": "Choose a CSV file"},
    )


ANSWER_LONGEST = 80  # characters: the longest answer of any scale is far shorter


class MappingForm(forms.Form):
    """Each column of the export mapped to a question, the date answered, consent to quote, or ignored;
    each distinct answer of a question's column to one of the scale's answers."""

    date_order = forms.ChoiceField(label="Dates in the file are written", choices=list(DATE_ORDERS.items()))

    def __init__(self, *args, preview, feedback_form: FeedbackForm, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = preview
        questions = feedback_form.ordered_questions()
        targets = [
            ("", "Choose"),
            (IGNORE, "Ignore this column"),
            (DATE, "Date answered"),
            (CONSENT, "Consent to quote (yes or no)"),
            (RESPONDENT, "Response ID (a response in an earlier export is not counted again)"),
        ]
        targets += [(q.code, q.wording) for q in questions]
        answer_choices = [("", "Work it out from the words"), (IGNORE, "Not answered")]
        answer_choices += [
            (code, f"{scales.SCALE_NAMES[q.scale]}: {words}")
            for q in questions
            if q.scale != scales.FREE_TEXT
            for code, words in scales.choices(q.scale)
        ]
        answer_choices = list(dict.fromkeys(answer_choices))
        # A column headed with a question's own words is chosen for it, to be changed if it is wrong.
        worded = {" ".join(q.wording.split()).casefold(): q.code for q in questions}
        self.column_fields, self.answer_fields = [], []
        for index, heading in enumerate(preview.header):
            name = f"col_{index}"
            self.fields[name] = forms.ChoiceField(
                label=heading or f"Column {index + 1}",
                choices=targets,
                required=False,
                initial=worded.get(" ".join(heading.split()).casefold(), ""),
            )
            self.column_fields.append(name)
            # Longer words are no scale's answer (an ID, a comment): nothing to choose for them.
            offered = [words for words in preview.distinct(index) if len(words) <= ANSWER_LONGEST]
            for number, words in enumerate(offered):
                answer = f"ans_{index}_{number}"
                self.fields[answer] = forms.ChoiceField(
                    label=f"\u201c{words}\u201d in the column \u201c{heading or f'Column {index + 1}'}\u201d",
                    choices=answer_choices,
                    required=False,
                )
                self.answer_fields.append((answer, heading, words))

    def columns(self) -> dict[str, str]:
        return {
            heading: self.cleaned_data.get(f"col_{index}") or ""
            for index, heading in enumerate(self.preview.header)
        }

    def answers(self) -> dict[tuple[str, str], str]:
        return {
            (heading, words): self.cleaned_data[name]
            for name, heading, words in self.answer_fields
            if self.cleaned_data.get(name)
        }


# --- Building a form, and linking measures to its questions ---------------------------------------


class _RecordChoiceField(forms.ChoiceField):
    """A choice of record offered from a list, that passes on any id (a whole number) so the service
    decides, and audits, a record the user may not use; anything else is an error naming the field."""

    def valid_value(self, value) -> bool:
        return whole_number(value, digits=12) is not None


AUDIENCES = [
    (FeedbackAudience.CHILDREN_YOUNG_PEOPLE, FeedbackAudience.CHILDREN_YOUNG_PEOPLE.label),
    (FeedbackAudience.PARENTS_CARERS, FeedbackAudience.PARENTS_CARERS.label),
    (FeedbackAudience.PROFESSIONALS, FeedbackAudience.PROFESSIONALS.label),
]


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st, 22nd."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def position_name(code: str) -> str:
    return f"position_{code}"


class FormBuildForm(forms.Form):
    """A new feedback form: its programme, title, audience, wording, and the bank's questions it asks, in
    the order given by each question's position (no JavaScript)."""

    programme = _RecordChoiceField(
        label="Programme",
        error_messages={
            "required": "Choose the programme the form is for",
            "invalid_choice": "Choose a programme from the list",
        },
    )
    title = forms.CharField(
        label="Title",
        help_text="What people see at the top of the form and on its poster.",
        max_length=TITLE_LONGEST,
        error_messages={
            "required": "Enter the form's title",
            "max_length": f"The title must be {TITLE_LONGEST} characters or fewer",
        },
    )
    audience = forms.ChoiceField(
        label="Who is the form for?",
        choices=AUDIENCES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who the form is for",
            "invalid_choice": "Choose who the form is for",
        },
    )
    easy_read = forms.ChoiceField(
        label="Words",
        choices=[("no", "Standard wording"), ("yes", "Easy-read wording (short words, short sentences)")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose standard or easy-read wording",
            "invalid_choice": "Choose standard or easy-read wording",
        },
    )

    def __init__(self, *args, programmes, questions: list[FeedbackQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", "Choose a programme")] + [
            (str(p.pk), p.name) for p in programmes
        ]
        self.bank = questions
        places = [("", "Not on the form")] + [
            (str(n), f"{ordinal(n)} question") for n in range(1, len(questions) + 1)
        ]
        self.question_names = []
        for question in questions:
            name = position_name(question.code)
            answers = ", ".join(words for _, words in scales.choices(question.scale)) or "Free text"
            easy = question_label(question, easy_read=True)
            self.fields[name] = forms.ChoiceField(
                label=question_label(question),
                help_text=f"Easy read: \u201c{easy}\u201d. Answers: {answers}. "
                f"For: {FeedbackAudience(question.audience).label.lower()}.",
                choices=places,
                required=False,
                error_messages={"invalid_choice": "Choose a position from the list"},
            )
            self.question_names.append(name)

    def question_fields(self):
        return [self[name] for name in self.question_names]

    def clean(self):
        data = super().clean()
        taken: dict[str, str] = {}
        for question, name in zip(self.bank, self.question_names, strict=True):
            place = data.get(name)
            if not place:
                continue
            if place in taken:
                self.add_error(name, f"Another question is {ordinal(int(place))}: give each its own position")
            taken[place] = question.code
        if not taken and not any(name in self.errors for name in self.question_names):
            raise forms.ValidationError("Choose the questions the form asks: give each a position")
        self.ordered_codes = [taken[place] for place in sorted(taken, key=int)]
        return data


class MeasureLinkForm(forms.Form):
    """Which of the form's questions feeds which measure of its programme."""

    question = forms.ChoiceField(
        label="Question",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a question", "invalid_choice": "Choose a question of this form"},
    )
    measure = _RecordChoiceField(
        label="Measure it feeds (the percentage of positive answers)",
        error_messages={"required": "Choose a measure", "invalid_choice": "Choose a measure from the list"},
    )

    def __init__(self, *args, questions: list[FeedbackQuestion], measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [(q.code, q.wording) for q in questions]
        self.fields["measure"].choices = [("", "Choose a measure")] + [
            (str(m.pk), f"{m.code}: {m.title}") for m in measures
        ]
