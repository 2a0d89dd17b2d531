"""Importing responses exported from other tools (Viewpoint, SurveyMonkey, Microsoft Forms): each column
mapped to a question, the date answered, consent to quote or ignored; answers matched to the scale by
their words or mapped by hand; all or nothing, naming file, row and column of every problem."""

import hashlib
import html
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from equalchance.audit.models import AuditEvent
from equalchance.common.validated_csv import DataFileError
from equalchance.performance import feedback_selectors, feedback_services
from equalchance.performance.models import FeedbackAnswer, FeedbackComment, FeedbackResponse, MeasureValue


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 30))


SURVEYMONKEY = (
    "Respondent ID,Start Date,How satisfied were you?,I was treated with respect,Anything else?,Quote OK?\n"
    "101,10/05/2026 09:14,Very satisfied,Strongly agree,Great help. Email a@b.com,Yes\n"
    "102,11/05/2026 10:00,Satisfied,Agree,,No\n"
    "103,12/05/2026,Quite happy,Agree,,No\n"
    "104,13/05/2026,Dissatisfied,Disagree,Too slow,\n"
    "105,14/05/2026,Very satisfied,Strongly agree,,Yes\n"
    "106,02/11/2026,Very dissatisfied,Disagree,,No\n"
)
MAPPING = {
    "Respondent ID": "ignore",
    "Start Date": "date",
    "How satisfied were you?": "govuk_satisfaction",
    "I was treated with respect": "treated_with_respect",
    "Anything else?": "improve_comment",
    "Quote OK?": "consent",
}


def written():
    return (FeedbackResponse.objects.count(), FeedbackAnswer.objects.count(), FeedbackComment.objects.count())


def run(form, by, text=SURVEYMONKEY, columns=MAPPING, answers=None, **options):
    return feedback_services.feedback_import(
        by=by, form=form, file_name="monkey.csv", text=text, columns=columns, answers=answers, **options
    )


def test_a_mapped_export_imports_every_row_with_answers_dates_periods_and_redacted_comments(
    feedback_form, team_member, satisfaction
):
    count = run(feedback_form, team_member, answers={("How satisfied were you?", "Quite happy"): "satisfied"})
    assert count == feedback_services.Imported(6, 0) and written() == (6, 12, 2)
    first = FeedbackResponse.objects.get(received_on=date(2026, 5, 10))
    assert first.source == "import" and first.period_start == date(2026, 4, 1)
    comment = FeedbackComment.objects.get(response=first)
    assert comment.text == "Great help. Email [email address removed]" and comment.consent_to_quote
    assert not FeedbackComment.objects.get(text="Too slow").consent_to_quote
    # The quarter's feedback measure is refreshed: Q1 has 5 answers, 4 positive.
    value = MeasureValue.objects.get(measure=satisfaction, period_start=date(2026, 4, 1))
    assert (value.numerator, value.denominator) == (4, 5)


def test_unmapped_columns_and_answers_are_reported_by_file_row_and_column_and_nothing_is_written(
    feedback_form, team_member
):
    columns = {**MAPPING}
    del columns["Respondent ID"]
    with pytest.raises(DataFileError) as refused:
        run(feedback_form, team_member, columns=columns)
    assert [str(p) for p in refused.value.problems] == [
        "monkey.csv, row 1, column Respondent ID: is not mapped: map it to a question, or choose ignore"
    ]
    with pytest.raises(DataFileError) as refused:
        run(feedback_form, team_member)
    assert [str(p) for p in refused.value.problems] == [
        "monkey.csv, row 4, column How satisfied were you?: "
        "the answer 'Quite happy' is not mapped to an answer of the question"
    ]
    assert written() == (0, 0, 0)


def test_bad_dates_future_dates_and_ragged_rows_refuse_the_whole_file(feedback_form, team_member):
    text = SURVEYMONKEY.replace("02/11/2026", "31/02/2026").replace("13/05/2026", "01/12/2026")
    with pytest.raises(DataFileError) as refused:
        run(
            feedback_form,
            team_member,
            answers={("How satisfied were you?", "Quite happy"): "satisfied"},
            text=text,
        )
    shown = [str(p) for p in refused.value.problems]
    assert "monkey.csv, row 5, column Start Date: '01/12/2026' is in the future" in shown
    assert "monkey.csv, row 7, column Start Date: '31/02/2026' is not a real date" in shown
    with pytest.raises(DataFileError) as refused:
        run(feedback_form, team_member, text=SURVEYMONKEY + "107,1/1/2026\n")
    assert str(refused.value.problems[0]) == "monkey.csv, row 8: has 2 fields; the header has 6"
    assert written() == (0, 0, 0)


def test_us_ordered_dates_are_read_when_asked(feedback_form, team_member):
    text = "When,Overall\n05/10/2026 9:14:00 AM,Very satisfied\n"
    run(
        feedback_form,
        team_member,
        text=text,
        columns={"When": "date", "Overall": "govuk_satisfaction"},
        date_order="mdy",
    )
    assert FeedbackResponse.objects.get().received_on == date(2026, 5, 10)


def test_someone_outside_the_programmes_team_cannot_import_and_nothing_is_written(feedback_form, stranger):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(feedback_form, stranger)
    assert written() == (0, 0, 0)


def test_the_import_page_uploads_then_maps_columns_and_answers_then_imports(
    client, feedback_form, team_member
):
    client.force_login(team_member)
    url = reverse("feedback:import", kwargs={"pk": feedback_form.pk})
    upload = SimpleUploadedFile("monkey.csv", SURVEYMONKEY.encode("utf-8-sig"), content_type="text/csv")
    page = client.post(url, {"file": upload})
    body = page.content.decode()
    assert page.status_code == 200 and "Respondent ID" in body and "Quite happy" in body
    data = {"content": SURVEYMONKEY, "file_name": "monkey.csv", "date_order": "dmy"}
    for index, heading in enumerate(SURVEYMONKEY.splitlines()[0].split(",")):
        data[f"col_{index}"] = MAPPING[heading]
    refused = client.post(url, data)
    assert refused.status_code == 400 and "nothing was written" in refused.content.decode()
    assert "row 4, column How satisfied were you?" in refused.content.decode() and written() == (0, 0, 0)
    # "Quite happy" is the third distinct answer of the third column.
    data["ans_2_2"] = "satisfied"
    done = client.post(url, data)
    assert done.status_code == 302 and written() == (6, 12, 2)
    assert "6 responses imported from monkey.csv." in client.get(done.url).content.decode()
    # Probe 8: the mapping page posted again counted every response twice.
    again = client.post(url, data)
    assert again.status_code == 400 and written() == (6, 12, 2)
    said = again.content.decode()
    assert "monkey.csv: was imported into this form on " in said and " (6 responses): importing it" in said


def test_the_same_file_imported_twice_is_refused_whole_and_counted_once(feedback_form, team_member):
    """Probe 8: a second import of the same export doubled its responses, which moves percentages and
    can carry a quarter over the 5 and 30 response lines."""
    answers = {("How satisfied were you?", "Quite happy"): "satisfied"}
    assert run(feedback_form, team_member, answers=answers).written == 6
    windows_copy = "\ufeff" + SURVEYMONKEY.replace("\n", "\r\n")  # the same file, saved elsewhere
    for text in (SURVEYMONKEY, windows_copy):
        with pytest.raises(DataFileError) as error:
            run(feedback_form, team_member, text=text, answers=answers)
        assert "importing it again would count them twice, so nothing was imported" in str(error.value)
    assert written() == (6, 12, 2)


# --- Overlapping exports: a response's ID in the other tool -----------------------------------------

WITH_ID = {**MAPPING, "Respondent ID": "respondent"}
ANSWERS = {("How satisfied were you?", "Quite happy"): "satisfied"}
HEADER, *ROWS = SURVEYMONKEY.splitlines(keepends=True)
EARLY = HEADER + "".join(ROWS[:4])  # responses 101 to 104, exported in June
LATE = HEADER + "".join(ROWS[2:])  # 103 to 106, exported in November: 103 and 104 again


def test_a_response_in_two_overlapping_exports_is_counted_once_when_its_id_column_is_mapped(
    feedback_form, team_member, satisfaction
):
    """Exports from SurveyMonkey or Microsoft Forms hold every response so far: the second of two
    overlapping files counted 103 and 104 twice, moving the quarter's percentage and its n."""
    assert run(feedback_form, team_member, text=EARLY, columns=WITH_ID, answers=ANSWERS).written == 4
    second = run(feedback_form, team_member, text=LATE, columns=WITH_ID, answers=ANSWERS)
    assert second == feedback_services.Imported(written=2, skipped=2)
    assert second.said("late.csv") == (
        "2 responses imported from late.csv; 2 were imported before, from an earlier export, and are not "
        "counted again."
    )
    assert written() == (6, 12, 2)
    # By hand: Q1 2026/27 (10 to 14 May) has 5 answers, 4 of them satisfied or very satisfied.
    (q1,) = [
        c for c in feedback_selectors.feedback_counts(measure=satisfaction) if c.period.label == "Q1 2026/27"
    ]
    assert (q1.positive, q1.total) == (4, 5)


def test_without_the_id_column_mapped_nothing_tells_two_responses_apart_so_both_are_kept(
    feedback_form, team_member
):
    run(feedback_form, team_member, text=EARLY, answers=ANSWERS)
    assert run(feedback_form, team_member, text=LATE, answers=ANSWERS).skipped == 0
    assert written()[0] == 8  # two people may well give the same answers on the same day


def test_an_id_is_kept_only_as_a_keyed_hash_never_as_written(feedback_form, team_member):
    text = SURVEYMONKEY.replace("101,", "jo.bloggs@example.org,", 1)
    run(feedback_form, team_member, text=text, columns=WITH_ID, answers=ANSWERS)
    keys = list(FeedbackResponse.objects.values_list("import_key", flat=True))
    assert len(set(keys)) == 6 and all(re.fullmatch(r"[0-9a-f]{64}", key) for key in keys)
    assert not any("jo.bloggs" in key or key in ("102", "103") for key in keys)
    assert hashlib.sha256(b"jo.bloggs@example.org").hexdigest() not in keys  # not a bare hash either
    assert "jo.bloggs" not in str(list(AuditEvent.objects.values_list("changes", flat=True)))


def test_a_repeated_or_missing_id_in_one_file_refuses_it_whole_naming_the_rows_but_not_the_id(
    feedback_form, team_member
):
    repeated = SURVEYMONKEY.replace("104,", "102,", 1).replace("106,", ",", 1)
    with pytest.raises(DataFileError) as error:
        run(feedback_form, team_member, text=repeated, columns=WITH_ID, answers=ANSWERS)
    said = [str(p) for p in error.value.problems]
    assert said == [
        "monkey.csv, row 5, column Respondent ID: has the same ID as row 3",
        "monkey.csv, row 7, column Respondent ID: is empty: each row needs the response's ID",
    ]
    assert written() == (0, 0, 0)


def test_the_mapping_page_offers_the_id_column_and_says_what_was_skipped(client, feedback_form, team_member):
    client.force_login(team_member)
    url = reverse("feedback:import", kwargs={"pk": feedback_form.pk})
    # "Quite happy" is the third distinct answer of the satisfaction column in June's file, the first in
    # November's.
    for text, name, quite_happy in ((EARLY, "june.csv", "ans_2_2"), (LATE, "november.csv", "ans_2_0")):
        data = {"content": text, "file_name": name, "date_order": "dmy", quite_happy: "satisfied"}
        for index, heading in enumerate(HEADER.strip().split(",")):
            data[f"col_{index}"] = WITH_ID[heading]
        page = client.get(url)
        assert "Response ID (a response in an earlier export is not counted again)" in html.unescape(
            client.post(url, {"file": SimpleUploadedFile(name, text.encode())}).content.decode()
        )
        done = client.post(url, data)
        assert done.status_code == 302, done.content.decode()
    said = html.unescape(client.get(done.url).content.decode())
    assert "2 responses imported from november.csv; 2 were imported before" in said
    assert page.status_code == 200 and written() == (6, 12, 2)


def test_the_mapping_page_chooses_columns_headed_with_a_questions_words_and_offers_no_answer_for_long_cells(
    client, feedback_form, team_member
):
    """Outside probe: a 5,000-character response ID was offered as an answer to map, on one unbroken line
    that made the page 53,385 pixels wide on a phone; and no column was chosen even where its heading was
    the question's own words."""
    from equalchance.performance.models import FeedbackQuestion

    wording = FeedbackQuestion.objects.get(code="treated_with_respect").wording
    long_id = "7" * 5000
    text = f"ID,When,{wording.upper()},Comment\n{long_id},10/05/2026,Agree,=1+1\n2,11/05/2026,Disagree,\n"
    client.force_login(team_member)
    url = reverse("feedback:import", kwargs={"pk": feedback_form.pk})
    page = client.post(url, {"file": SimpleUploadedFile("long.csv", text.encode())})
    form = page.context["mapping"]
    assert page.status_code == 200 and form["col_2"].initial == "treated_with_respect"
    assert form["col_0"].initial == "" and form["col_3"].initial == ""
    offered = [words for _name, _heading, words in form.answer_fields]
    assert {"2", "Agree", "Disagree", "=1+1"} <= set(offered) and long_id not in "".join(offered)
    assert "\u201cAgree\u201d in the column \u201c" in page.content.decode()
    assert written() == (0, 0, 0)


CONCURRENT_SETUP = """
import django
django.setup()
from django.utils import timezone
from equalchance.accounts.tests.factories import UserFactory
from equalchance.performance import feedback_services
from equalchance.performance.tests.factories import programme_make
feedback_services.question_bank_load()
definer = UserFactory(role="analyst", username="definer")
member = UserFactory(role="provider", username="member", email_verified_at=timezone.now())
programme = programme_make(by=definer)
programme.team.add(member)
form = feedback_services.feedback_form_create(
    by=definer, programme=programme, title="Tell us", audience="parents_carers",
    questions=["govuk_satisfaction", "treated_with_respect", "improve_comment"],
)
print(form.pk)
"""

CONCURRENT_IMPORT = """
import django, time
django.setup()
from equalchance.accounts.models import User
from equalchance.common.validated_csv import DataFileError
from equalchance.performance import feedback_services
from equalchance.performance.models import FeedbackForm
form, member = FeedbackForm.objects.get(), User.objects.get(username="member")
while time.time() < {start}:
    time.sleep(0.005)
try:
    done = feedback_services.feedback_import(
        by=member, form=form, file_name="{name}", text={text!r}, columns={columns!r}, answers={answers!r}
    )
    print("imported", done.written, done.skipped)
except DataFileError as error:
    print("refused", error.problems[0].reason)
"""


def test_overlapping_exports_imported_at_the_same_moment_count_each_response_once(
    fresh_database, python_at_once
):
    import subprocess
    import sys
    import time

    made = subprocess.run(
        [sys.executable, "-c", CONCURRENT_SETUP],
        env=fresh_database,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    start = time.time() + 8  # both processes start up first, then import together
    scripts = [
        CONCURRENT_IMPORT.format(start=start, name=name, text=text, columns=WITH_ID, answers=ANSWERS)
        for name, text in (("june.csv", EARLY), ("november.csv", LATE))
    ]
    said = sorted(line.strip() for line in python_at_once(fresh_database, scripts))
    counted = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup()\n"
            "from equalchance.performance.models import FeedbackResponse\n"
            "kept = FeedbackResponse.objects\n"
            "print(kept.count(), kept.values('import_key').distinct().count())",
        ],
        env=fresh_database,
        capture_output=True,
        text=True,
        timeout=120,
    )
    total, distinct = map(int, counted.stdout.split())
    assert total == distinct  # never one response twice, whichever way the two imports met
    if said[-1].startswith("refused"):  # they met: the first kept whole, the other refused whole
        assert said[0] == "imported 4 0" and total == 4
        assert "at the same moment, so nothing was imported" in said[-1]
    else:  # one finished before the other began: the second skipped the two the first brought in
        assert said == ["imported 2 2", "imported 4 0"] and total == 6
