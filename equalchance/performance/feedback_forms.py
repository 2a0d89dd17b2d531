"""Forms for service users' feedback. The services check everything again."""

import re
import secrets

from django import forms

from equalchance.performance import feedback_scales as scales
from equalchance.performance.feedback_services import COMMENT_LONGEST, CONSENT, DATE, DATE_ORDERS, IGNORE
from equalchance.performance.models import FeedbackComment, FeedbackForm

KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
CONSENT_FIELD = "consent_to_quote"
NO_PERSONAL_DETAILS = "Do not type your name or anyone's personal details."


def _field_name(code: str) -> str:
    return f"q_{code}"


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
                    label=question.words(easy_read=easy),
                    required=False,
                    max_length=COMMENT_LONGEST,
                    widget=forms.Textarea,
                    help_text=NO_PERSONAL_DETAILS,
                    error_messages={"max_length": f"Write at most {COMMENT_LONGEST:,} characters"},
                )
            else:
                self.fields[name] = forms.ChoiceField(
                    label=question.words(easy_read=easy),
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
        return key if KEY.match(key) else None

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
        self.column_fields, self.answer_fields = [], []
        for index, heading in enumerate(preview.header):
            name = f"col_{index}"
            self.fields[name] = forms.ChoiceField(
                label=heading or f"Column {index + 1}", choices=targets, required=False
            )
            self.column_fields.append(name)
            for number, words in enumerate(preview.distinct(index)):
                answer = f"ans_{index}_{number}"
                self.fields[answer] = forms.ChoiceField(
                    label=f"{heading}: \u201c{words}\u201d", choices=answer_choices, required=False
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
