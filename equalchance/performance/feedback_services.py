"""Writes for service users' feedback (issue 12, item 6): forms, responses (from the public form or an
import), moderation of comments, invitations, and the measures that feedback feeds.

Nothing identifying is stored. A response keeps only the day it was received, its answers and its
comments, redacted (`redaction.py`) before they are written. A response from the public form is not in
the audit trail: an audit event holds the sender's address and the exact time, which would tie a response
to a person. For the same reason, the measures refreshed when a response arrives are refreshed with the
request's address and id cleared from the audit context (`_unattributed`).

Feedback measures: a percentage measure linked to a question (`FeedbackMeasureLink`) gets, per period of
its own frequency, numerator = positive answers, denominator = n = all answers to the question on its
programme's forms ("neither" and "don't know" included, guide section 5), written as a draft through
`services.value_enter` by the system actor (linking adds the system actor to the measure's data-entry
people). A period with fewer than 5 answers is suppressed: no value is written (the feedback pages say
"fewer than 5 responses"), and a draft written before for it is left for its data-entry people. A low base
(fewer than 30) is said in the value's comment. A value submitted or approved is never changed: its
approver returns it first. Refreshing runs when a response arrives (for the periods of that day only),
after an import (the periods it touched), and on demand (`feedback_measure_refresh` over every period)."""

import contextlib
import hashlib
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from equalchance.accounts.services import system_actor
from equalchance.audit.actions import Action as Audit
from equalchance.audit.services import audit_event_record, audit_refusal_record
from equalchance.common import request_context
from equalchance.common.validated_csv import DataFileError, Problem, csv_records
from equalchance.performance import feedback_scales as scales
from equalchance.performance import feedback_selectors, periods, services
from equalchance.performance.models import (
    FeedbackAnswer,
    FeedbackAudience,
    FeedbackComment,
    FeedbackForm,
    FeedbackFormQuestion,
    FeedbackImport,
    FeedbackInvitation,
    FeedbackMeasureLink,
    FeedbackQuestion,
    FeedbackResponse,
    Measure,
    MeasureValue,
    Programme,
)
from equalchance.performance.redaction import MODERATOR_MARKER, hand_redactions, redact

logger = logging.getLogger(__name__)
COMMENT_LONGEST = 2000
IMPORT_LARGEST_ROWS = 20000


def _refuse(by, *, what: str, obj_type: str, obj_id="", message: str) -> None:
    audit_refusal_record(
        actor=by, action=Audit.ACCESS_REFUSED, object_type=obj_type, object_id=obj_id, why=what
    )
    raise PermissionDenied(message)


READ_ONLY_REFUSAL = (
    "Your role only reads feedback: ask someone in the programme's team who is not a viewer, or someone "
    "who defines measures."
)


def _manager_check(by, programme, *, what: str, obj_type: str, obj_id="") -> None:
    """Making, opening and closing forms, linking measures: those who may change the programme's feedback
    (`feedback_selectors.may_change_feedback`: its team but a viewer, or those who define measures, who
    never see the responses for it)."""
    if not feedback_selectors.may_change_feedback(by, programme):
        _refuse(
            by,
            what=what,
            obj_type=obj_type,
            obj_id=obj_id,
            message=READ_ONLY_REFUSAL
            if feedback_selectors.may_see_responses(by, programme)
            else "Only the programme's team and those who define measures can do this.",
        )


def _team_check(by, programme, *, what: str, obj_type: str, obj_id="") -> None:
    """Importing, moderating, logging invitations: the team, but not a viewer
    (`feedback_selectors.may_change_responses`)."""
    if not feedback_selectors.may_change_responses(by, programme):
        _refuse(
            by,
            what=what,
            obj_type=obj_type,
            obj_id=obj_id,
            message=READ_ONLY_REFUSAL
            if feedback_selectors.may_see_responses(by, programme)
            else "Only the programme's team can do this: its feedback is theirs to see.",
        )


NO_TEAM = (
    "{name} has no team, so no one could read the form's answers or publish its comments. Add the people "
    "who run {name} to its team on the programme's page (Change the programme; analysts, plan editors and "
    "administrators may), then make the form."
)


def quarter_of(day: date) -> periods.Period:
    """The financial quarter a response falls in, by the day it was received."""
    return periods.period_containing(day, periods.Frequency.QUARTERLY)


# --- Forms -----------------------------------------------------------------------------------------


TITLE_LONGEST = 200  # FeedbackForm.title
QUESTIONS_MOST = 20
REPEAT_WINDOW = timedelta(minutes=10)  # the same form made again within this is the same post sent twice


class FormAlreadyMade(Exception):
    """The same form was made by the same post moments ago (sent twice): nothing more written."""

    def __init__(self, form: FeedbackForm):
        super().__init__(form.pk)
        self.form = form


def feedback_form_create(
    *, by, programme, title: str, audience: str, questions, easy_read: bool = False, synthetic: bool = False
) -> FeedbackForm:
    """A form for a programme's service users, its questions in the order given (codes or records).
    The same form (programme, title, audience, wording and questions) made again within
    `REPEAT_WINDOW` is a post sent twice: `FormAlreadyMade` names the one kept, and nothing is written."""
    _manager_check(
        by, programme, what="make feedback forms", obj_type="performance.programme", obj_id=programme.pk
    )
    if not feedback_selectors.programme_has_team(programme):
        raise ValidationError({"programme": NO_TEAM.format(name=programme.name)})
    title = (title if isinstance(title, str) else "").strip()
    if not title:
        raise ValidationError({"title": "Enter the form's title."})
    if len(title) > TITLE_LONGEST:
        raise ValidationError({"title": f"The title must be {TITLE_LONGEST} characters or fewer."})
    if not isinstance(audience, str) or audience not in FeedbackAudience.values:
        raise ValidationError({"audience": "Choose who the form is for."})
    if isinstance(questions, str | bytes) or len(questions := list(questions)) > QUESTIONS_MOST:
        raise ValidationError({"questions": f"Choose at most {QUESTIONS_MOST} questions."})
    chosen = []
    for item in questions:
        question = (
            item
            if isinstance(item, FeedbackQuestion)
            else FeedbackQuestion.objects.filter(code=item).first()
            if isinstance(item, str)
            else None
        )
        if question is None:
            raise ValidationError({"questions": f"There is no question {str(item)[:40]!r} in the bank."})
        if question in chosen:
            raise ValidationError({"questions": f"The question {question.code!r} is on the form twice."})
        chosen.append(question)
    if not any(q.scale != scales.FREE_TEXT for q in chosen):
        raise ValidationError({"questions": "Choose at least one question with answers to pick from."})
    with transaction.atomic():
        # One new form of a programme at a time (the row lock on PostgreSQL, the write lock on SQLite),
        # then the same form made moments ago is looked for: a post sent twice makes one form.
        Programme.objects.filter(pk=programme.pk).update(name=F("name"))
        repeated = _same_form_made(programme, title, audience, bool(easy_read), chosen)
        if repeated is not None:
            raise FormAlreadyMade(repeated)
        form = FeedbackForm.objects.create(
            programme=programme,
            title=title,
            audience=audience,
            easy_read=bool(easy_read),
            synthetic=bool(synthetic),
        )
        FeedbackFormQuestion.objects.bulk_create(
            FeedbackFormQuestion(form=form, question=q, order=number)
            for number, q in enumerate(chosen, start=1)
        )
        audit_event_record(
            actor=by,
            action=Audit.FEEDBACK_FORM_CREATE,
            obj=form,
            changes={"programme": programme.pk, "questions": [q.code for q in chosen]},
        )
    return form


def _same_form_made(programme, title, audience, easy_read, chosen) -> FeedbackForm | None:
    recent = FeedbackForm.objects.filter(
        programme=programme,
        title=title,
        audience=audience,
        easy_read=easy_read,
        created_at__gte=timezone.now() - REPEAT_WINDOW,
    ).order_by("-pk")
    wanted = [q.pk for q in chosen]
    for form in recent:
        if [q.pk for q in form.ordered_questions()] == wanted:
            return form
    return None


def feedback_form_open(*, by, form: FeedbackForm, is_open: bool) -> FeedbackForm:
    """Open or close a form: a closed form's link says it is closed and takes no answers."""
    _manager_check(
        by,
        form.programme,
        what="open or close feedback forms",
        obj_type="performance.feedbackform",
        obj_id=form.pk,
    )
    with transaction.atomic():
        form.is_open = bool(is_open)
        form.save(update_fields=["is_open"])
        audit_event_record(
            actor=by, action=Audit.FEEDBACK_FORM_OPEN, obj=form, changes={"is_open": form.is_open}
        )
    return form


# --- Responses -------------------------------------------------------------------------------------


class FormClosed(Exception):
    """The form takes no answers: it is closed."""


class AlreadyReceived(Exception):
    """This page's answers were received already (a second press of "Send"): nothing more written."""


def _comment_text(text: str) -> tuple[str, int]:
    text = (text or "").strip()
    if len(text) > COMMENT_LONGEST:
        raise ValidationError({"comment": f"Write at most {COMMENT_LONGEST:,} characters."})
    return redact(text)


def _answers_check(form_questions, answers: dict) -> dict:
    """Answer codes for the form's questions with scales; an unknown code is refused by question."""
    checked, errors = {}, {}
    known = {q.code: q for q in form_questions}
    for code, value in answers.items():
        question = known.get(code)
        if question is None or question.scale == scales.FREE_TEXT:
            errors[code] = "This question is not on the form."
        elif value in (None, ""):
            continue
        elif value not in scales.codes(question.scale):
            errors[code] = "Choose one of the answers."
        else:
            checked[question] = value
    if errors:
        raise ValidationError(errors)
    return checked


def feedback_response_receive(
    *,
    form: FeedbackForm,
    answers: dict[str, str],
    comments: dict[str, str] | None = None,
    consent_to_quote: bool = False,
    submission_key: str | None = None,
    received_on: date | None = None,
    synthetic: bool = False,
) -> FeedbackResponse:
    """A response from the public form (anyone; no user, no address, no time kept). Answers are codes
    by question code; comments are free text by question code, redacted before they are stored. The
    measures the form's questions feed are refreshed for the period of the day received."""
    if not form.is_open:
        raise FormClosed
    questions = form.ordered_questions()
    checked = _answers_check(questions, answers)
    texts = {}
    for code, text in (comments or {}).items():
        question = next((q for q in questions if q.code == code and q.scale == scales.FREE_TEXT), None)
        if question is None:
            raise ValidationError({code: "This question is not on the form."})
        cleaned, found = _comment_text(text)
        if cleaned:
            texts[question] = (cleaned, found)
    if not checked and not texts:
        raise ValidationError({"__all__": "Answer at least one question."})
    day = received_on or timezone.localdate()
    quarter = quarter_of(day)
    try:
        with transaction.atomic():
            response = FeedbackResponse.objects.create(
                form=form,
                received_on=day,
                period_start=quarter.start,
                period_end=quarter.end,
                source=FeedbackResponse.Source.FORM,
                submission_key=submission_key or None,
                synthetic=synthetic,
            )
            FeedbackAnswer.objects.bulk_create(
                FeedbackAnswer(response=response, question=q, value=v) for q, v in checked.items()
            )
            FeedbackComment.objects.bulk_create(
                FeedbackComment(
                    response=response,
                    question=q,
                    text=t,
                    redactions=n,
                    consent_to_quote=bool(consent_to_quote),
                )
                for q, (t, n) in texts.items()
            )
    except IntegrityError:
        if submission_key and FeedbackResponse.objects.filter(submission_key=submission_key).exists():
            raise AlreadyReceived from None
        raise
    try:
        with _unattributed():
            _refresh_for(form, {question.pk for question in checked}, days=[day])
    except (ValidationError, PermissionDenied):  # the response is kept; the measure is refreshed later
        logger.warning("feedback form %s: a measure was not refreshed", form.pk, exc_info=True)
    return response


@contextlib.contextmanager
def _unattributed():
    """Audit events written inside carry no request id or address (the anonymous sender's)."""
    tokens = (request_context._client_ip.set(None), request_context._request_id.set(""))
    try:
        yield
    finally:
        request_context._request_id.reset(tokens[1])
        request_context._client_ip.reset(tokens[0])


# --- Moderation and invitations --------------------------------------------------------------------


def feedback_comment_moderate(
    *, by, comment: FeedbackComment, text: str, themes, decision: str
) -> FeedbackComment:
    """A moderator of the programme's team redacts further (the text may only be changed, and is
    redacted again), codes themes and publishes or withholds. Publishing says the comment may be
    quoted publicly only if its writer consented."""
    programme = comment.response.form.programme
    _team_check(
        by, programme, what="moderate feedback", obj_type="performance.feedbackcomment", obj_id=comment.pk
    )
    if decision not in (FeedbackComment.State.PUBLISHED, FeedbackComment.State.WITHHELD):
        raise ValidationError({"decision": "Choose to publish or withhold the comment."})
    themes = list(dict.fromkeys(themes or []))
    unknown = [t for t in themes if t not in scales.THEME_CODES]
    if unknown:
        raise ValidationError({"themes": "Choose themes from the list."})
    cleaned, found = _comment_text(text)
    if not cleaned:
        raise ValidationError({"text": "The comment cannot be empty: withhold it instead."})
    by_hand = hand_redactions(comment.text, text or "")
    if by_hand is None:  # probe 8: a moderator rewrote a parent's words and the public card quoted them
        raise ValidationError(
            {
                "text": f"You can only remove words from a comment, putting {MODERATOR_MARKER} where they "
                "were: it must stay in its writer's own words."
            }
        )
    with transaction.atomic():
        comment.text, comment.redactions = cleaned, comment.redactions + found + by_hand
        comment.themes, comment.state = themes, decision
        comment.moderated_by, comment.moderated_at = by, timezone.now()
        comment.save()
        audit_event_record(
            actor=by,
            action=Audit.FEEDBACK_COMMENT_MODERATE,
            obj=comment,
            changes={"state": decision, "themes": themes, "redacted_more": found, "removed_by_hand": by_hand},
        )
    return comment


def feedback_invitations_log(*, by, form: FeedbackForm, day: date, count) -> FeedbackInvitation:
    """How many people were invited to answer in the quarter containing `day` (replaces the count)."""
    _team_check(
        by, form.programme, what="log invitations", obj_type="performance.feedbackform", obj_id=form.pk
    )
    try:
        count = int(str(count).strip())
        if count < 0:
            raise ValueError
    except ValueError:
        raise ValidationError({"count": "The number invited must be a whole number, 0 or more."}) from None
    quarter = quarter_of(day)
    with transaction.atomic():
        record, _ = FeedbackInvitation.objects.update_or_create(
            form=form,
            period_start=quarter.start,
            defaults={"period_end": quarter.end, "count": count, "logged_by": by},
        )
        audit_event_record(
            actor=by,
            action=Audit.FEEDBACK_INVITATIONS_LOG,
            obj=record,
            changes={"form": form.pk, "count": count},
        )
    return record


# --- Measures fed by feedback ----------------------------------------------------------------------


def feedback_measure_link(
    *, by, measure: Measure, question: FeedbackQuestion, form: FeedbackForm | None = None
) -> FeedbackMeasureLink:
    """Feed a percentage measure of a programme from a question with positive answers. The system actor
    becomes one of its data-entry people, so that responses arriving update its draft values. From a
    form's page (`form`): the measure must be of the form's programme and the question on the form."""
    if not services.selectors.may_define_measures(by):
        _refuse(
            by,
            what="link measures to feedback",
            obj_type="performance.measure",
            obj_id=measure.pk,
            message="Only administrators, analysts and plan editors can link measures to feedback.",
        )
    if form is not None:
        _manager_check(
            by,
            form.programme,
            what="link measures to feedback",
            obj_type="performance.feedbackform",
            obj_id=form.pk,
        )
        if measure.programme_id != form.programme_id:
            _refuse(
                by,
                what="link another programme's measure to a feedback form",
                obj_type="performance.measure",
                obj_id=measure.pk,
                message="Only a measure of the form's own programme can be fed by its answers.",
            )
        if not form.items.filter(question=question).exists():
            raise ValidationError({"question": "The question is not on this form."})
    if measure.programme_id is None:
        raise ValidationError(
            {"measure": "The measure belongs to no programme: feedback comes from a programme's forms."}
        )
    if measure.form != Measure.Form.PERCENTAGE:
        raise ValidationError({"measure": "Feedback feeds percentage measures (the percentage positive)."})
    if not question.positive_answers:
        raise ValidationError({"question": "The question has no positive answers to count."})
    with transaction.atomic():
        link, _ = FeedbackMeasureLink.objects.update_or_create(
            measure=measure, defaults={"question": question, "linked_by": by}
        )
        measure.data_entry.add(system_actor())
        audit_event_record(
            actor=by, action=Audit.FEEDBACK_MEASURE_LINK, obj=measure, changes={"question": question.code}
        )
    return link


def feedback_measure_refresh(
    *, by, measure: Measure, days: list[date] | None = None
) -> list[feedback_selectors.PeriodCount]:
    """Write each period's percentage positive as a draft value (see the module's note); returns what
    was done per period."""
    counts = feedback_selectors.feedback_counts(measure=measure, days=days)
    today = timezone.localdate()
    for entry in counts:
        if entry.result.suppressed:
            entry.written = "suppressed"
            continue
        if entry.period.start > today:
            entry.written = "not begun"
            continue
        existing = MeasureValue.objects.filter(measure=measure, period_start=entry.period.start).first()
        if existing and (existing.numerator, existing.denominator) == (entry.positive, entry.total):
            entry.written = "unchanged"
            continue
        if existing and existing.status in (MeasureValue.Status.SUBMITTED, MeasureValue.Status.APPROVED):
            entry.written = f"kept: {existing.get_status_display().lower()}"
            continue
        services.value_enter(
            by=by,
            measure=measure,
            period_start=entry.period.start,
            period_end=entry.period.end,
            numerator=entry.positive,
            denominator=entry.total,
            n=entry.total,
            comment=f"From the answers to \u201c{measure.feedback_link.question.wording}\u201d on the "
            f"programme's feedback forms: {entry.result.label}.",
            provisional=entry.period.end >= today,  # answers so far: the quarter is still running
            synthetic=measure.synthetic,
        )
        entry.written = "written"
    return counts


def _refresh_for(form: FeedbackForm, question_ids: set[int], *, days: list[date]) -> None:
    links = FeedbackMeasureLink.objects.select_related("measure", "question").filter(
        question_id__in=question_ids, measure__programme_id=form.programme_id
    )
    if not links:
        return
    actor = system_actor()
    for link in links:
        feedback_measure_refresh(by=actor, measure=link.measure, days=days)


# --- Importing from other tools --------------------------------------------------------------------

IGNORE = "ignore"
DATE = "date"
CONSENT = "consent"
RESPONDENT = "respondent"  # the other tool's ID of the response, so overlapping exports count it once
RESPONDENT_LONGEST = 200
DATE_ORDERS = {"dmy": "day/month/year (UK)", "mdy": "month/day/year (US, as SurveyMonkey may export)"}
_DATE = re.compile(r"^\s*(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T].*)?$")


def parse_day(text: str, order: str = "dmy") -> date:
    """A date as exports write it: 2026-11-29, 29/11/2026 or 29/11/26 (with any time after it), or in
    month/day/year order when asked."""
    match = _DATE.match(text or "")
    if not match:
        raise ValueError(f"{text!r} is not a date like 29/11/2026 or 2026-11-29")
    a, b, c = match.groups()
    try:
        if len(a) == 4:
            return date(int(a), int(b), int(c))
        day, month = (int(a), int(b)) if order == "dmy" else (int(b), int(a))
        year = int(c) + (2000 if len(c) == 2 else 0)
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


@dataclass
class ImportPreview:
    file_name: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)

    def distinct(self, column: int, most: int = 12) -> list[str]:
        seen = []
        for row in self.rows:
            cell = row[column].strip()
            if cell and cell not in seen:
                seen.append(cell)
                if len(seen) > most:
                    return []
        return seen


def import_read(*, file_name: str, text: str) -> ImportPreview:
    """The header and rows of an export (refused whole, naming file and row, if unreadable)."""
    text = text.lstrip("\ufeff")
    records = csv_records(io.StringIO(text, newline=""), file_name)
    header = [h.strip() for h in next(records, [])]
    if not any(header):
        raise DataFileError([Problem(file_name, 1, None, "has no header row")])
    preview = ImportPreview(file_name=file_name, header=header)
    problems = []
    for number, cells in enumerate(records, start=2):
        if not cells or not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(file_name, number, None, f"has {len(cells)} fields; the header has {len(header)}")
            )
            continue
        preview.rows.append(cells)
        preview.row_numbers.append(number)
    if len(preview.rows) > IMPORT_LARGEST_ROWS:
        problems.append(Problem(file_name, None, None, f"has more than {IMPORT_LARGEST_ROWS:,} rows"))
    if problems:
        raise DataFileError(problems)
    return preview


def _file_digest(text: str) -> str:
    """The file's contents as one hash, whatever its line endings or byte-order mark."""
    return hashlib.sha256(text.lstrip("\ufeff").replace("\r\n", "\n").encode()).hexdigest()


def _imported_before_check(form: FeedbackForm, file_name: str, digest: str) -> None:
    earlier = FeedbackImport.objects.filter(form=form, digest=digest).first()
    if earlier is not None:
        on = timezone.localtime(earlier.imported_at).date()
        raise DataFileError(
            [
                Problem(
                    file_name,
                    None,
                    None,
                    f"was imported into this form on {on.day} {on:%B %Y} ({earlier.responses:,} "
                    f"response{'' if earlier.responses == 1 else 's'}): importing it again would count "
                    "them twice, so nothing was imported",
                )
            ]
        )


def _import_key(form: FeedbackForm, respondent: str) -> str:
    """A response's ID in the other tool, hashed with the site's secret: the same ID gives the same key
    for the form, and an ID that is an e-mail address cannot be found from its key."""
    return salted_hmac(
        "equalchance.feedback.import", f"{form.pk}:{respondent}", algorithm="sha256"
    ).hexdigest()


@dataclass(frozen=True)
class Imported:
    written: int
    skipped: int  # responses whose ID an earlier import of the form already brought in

    def said(self, file_name: str) -> str:
        """ "12 responses imported from x.csv; 3 were imported before, from an earlier export, and
        are not counted again." """
        said = f"{self.written:,} response{'' if self.written == 1 else 's'} imported from {file_name}"
        if self.skipped:
            said += (
                f"; {self.skipped:,} {'was' if self.skipped == 1 else 'were'} imported before, from an "
                "earlier export, and " + ("is" if self.skipped == 1 else "are") + " not counted again"
            )
        return said + "."


def feedback_import(
    *,
    by,
    form: FeedbackForm,
    file_name: str,
    text: str,
    columns: dict[str, str],
    answers: dict[tuple[str, str], str] | None = None,
    date_order: str = "dmy",
    synthetic: bool = False,
) -> Imported:
    """Import an export's rows as responses to `form`, all or nothing. `columns` maps each heading to a
    question code of the form, "date" (the day answered: required), "consent" (yes/no to being quoted),
    "respondent" (the tool's response ID: a response an earlier import brought in is skipped, so
    overlapping exports count it once) or "ignore"; a heading not mapped is a problem. `answers` maps
    (heading, the export's words) to an answer code; words not mapped are matched to the scale's words,
    and otherwise are a problem naming file, row and column."""
    _team_check(
        by, form.programme, what="import feedback", obj_type="performance.feedbackform", obj_id=form.pk
    )
    preview = import_read(file_name=file_name, text=text)
    digest = _file_digest(text)
    _imported_before_check(form, file_name, digest)
    answers = answers or {}
    if date_order not in DATE_ORDERS:
        date_order = "dmy"
    questions = {q.code: q for q in form.ordered_questions()}
    problems: list[Problem] = []
    targets: dict[int, str] = {}
    for index, heading in enumerate(preview.header):
        target = columns.get(heading, "")
        if target in (IGNORE, DATE, CONSENT, RESPONDENT) or target in questions:
            targets[index] = target
        elif target:
            problems.append(
                Problem(file_name, 1, heading, f"is mapped to {target!r}, which is not on the form")
            )
        else:
            problems.append(
                Problem(file_name, 1, heading, "is not mapped: map it to a question, or choose ignore")
            )
    chosen = list(targets.values())
    if DATE not in chosen:
        problems.append(Problem(file_name, 1, None, "no column is mapped to the date answered"))
    for target in set(chosen) - {IGNORE}:
        if chosen.count(target) > 1:
            problems.append(Problem(file_name, 1, None, f"more than one column is mapped to {target!r}"))
    if problems:
        raise DataFileError(problems)
    today = timezone.localdate()
    parsed, rows_of = [], {}
    for cells, number in zip(preview.rows, preview.row_numbers, strict=True):
        row = {"day": None, "answers": {}, "comments": {}, "consent": False, "key": None}
        for index, target in targets.items():
            heading, cell = preview.header[index], cells[index].strip()
            if target == IGNORE:
                continue
            if target == RESPONDENT:
                if not cell or len(cell) > RESPONDENT_LONGEST:
                    problems.append(
                        Problem(
                            file_name,
                            number,
                            heading,
                            "is empty: each row needs the response's ID"
                            if not cell
                            else f"is longer than {RESPONDENT_LONGEST} characters, too long for an ID",
                        )
                    )
                elif cell in rows_of:  # the ID itself is not repeated: it may be an e-mail address
                    problems.append(
                        Problem(file_name, number, heading, f"has the same ID as row {rows_of[cell]}")
                    )
                else:
                    rows_of[cell] = number
                    row["key"] = _import_key(form, cell)
                continue
            if target == DATE:
                try:
                    row["day"] = parse_day(cell, date_order)
                    if row["day"] > today:
                        raise ValueError(f"{cell!r} is in the future")
                except ValueError as error:
                    problems.append(Problem(file_name, number, heading, str(error)))
                continue
            if target == CONSENT:
                code = (
                    (answers.get((heading, cell)) or scales.answer_from_words(scales.YES_NO, cell))
                    if cell
                    else "no"
                )
                if code not in ("yes", "no"):
                    problems.append(
                        Problem(file_name, number, heading, f"{cell!r} is not mapped to yes or no")
                    )
                row["consent"] = code == "yes"
                continue
            question = questions[target]
            if not cell:
                continue
            if question.scale == scales.FREE_TEXT:
                if len(cell) > COMMENT_LONGEST:
                    problems.append(
                        Problem(file_name, number, heading, f"is longer than {COMMENT_LONGEST:,} characters")
                    )
                row["comments"][question] = cell
                continue
            code = answers.get((heading, cell)) or scales.answer_from_words(question.scale, cell)
            if code == IGNORE:
                continue
            if code not in scales.codes(question.scale):
                problems.append(
                    Problem(
                        file_name,
                        number,
                        heading,
                        f"the answer {cell!r} is not mapped to an answer of the question",
                    )
                )
                continue
            row["answers"][question] = code
        parsed.append(row)
    if problems:
        raise DataFileError(problems)
    try:
        return _import_write(
            by=by, form=form, file_name=file_name, digest=digest, parsed=parsed, synthetic=synthetic
        )
    except IntegrityError:
        # Two exports holding the same responses imported at once: the first is kept whole.
        raise DataFileError(
            [
                Problem(
                    file_name,
                    None,
                    None,
                    "holds responses another import was bringing in at the same moment, so nothing "
                    "was imported: import it again to add the responses that one did not",
                )
            ]
        ) from None


def _import_write(*, by, form, file_name: str, digest: str, parsed: list[dict], synthetic: bool) -> Imported:
    written_days, question_ids, written, skipped = set(), set(), 0, 0
    keys = [row["key"] for row in parsed if row["key"]]
    with transaction.atomic():
        try:
            with transaction.atomic():  # the same file sent twice at once: one of them is kept
                record = FeedbackImport.objects.create(form=form, digest=digest, imported_by=by)
        except IntegrityError:
            _imported_before_check(form, file_name, digest)
            raise
        before = set(
            FeedbackResponse.objects.filter(form=form, import_key__in=keys).values_list(
                "import_key", flat=True
            )
        )
        for row in parsed:
            if not row["answers"] and not row["comments"]:
                continue
            if row["key"] in before:
                skipped += 1
                continue
            quarter = quarter_of(row["day"])
            response = FeedbackResponse.objects.create(
                form=form,
                received_on=row["day"],
                period_start=quarter.start,
                period_end=quarter.end,
                source=FeedbackResponse.Source.IMPORT,
                import_key=row["key"] or "",
                synthetic=synthetic,
            )
            FeedbackAnswer.objects.bulk_create(
                FeedbackAnswer(response=response, question=q, value=v) for q, v in row["answers"].items()
            )
            for question, text in row["comments"].items():
                cleaned, found = redact(text)
                FeedbackComment.objects.create(
                    response=response,
                    question=question,
                    text=cleaned,
                    redactions=found,
                    consent_to_quote=row["consent"],
                )
            written += 1
            written_days.add(row["day"])
            question_ids.update(q.pk for q in row["answers"])
        record.responses = written
        record.save(update_fields=["responses"])
        audit_event_record(
            actor=by,
            action=Audit.FEEDBACK_IMPORT,
            obj=form,
            changes={"rows": len(parsed), "responses": written, "skipped": skipped},
        )
        _refresh_for(form, question_ids, days=sorted(written_days))
    return Imported(written, skipped)


def question_bank_load() -> int:
    """Add any question of `data/feedback-questions.json` missing from the bank (as the migration does)."""
    import json
    from pathlib import Path

    bank = Path(__file__).parent / "data" / "feedback-questions.json"
    added = 0
    for spec in json.loads(bank.read_text(encoding="utf-8"))["questions"]:
        _, made = FeedbackQuestion.objects.get_or_create(
            code=spec["code"],
            defaults={
                "wording": spec["wording"],
                "easy_read_wording": spec["easy_read_wording"],
                "audience": spec["audience"],
                "scale": spec["scale"],
                "positive_answers": list(scales.DEFAULT_POSITIVE[spec["scale"]]),
            },
        )
        added += made
    return added
