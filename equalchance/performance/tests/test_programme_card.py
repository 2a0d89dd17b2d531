"""The RBA programme report card (guide section 7, report 6) and the report cards' files: the quadrants,
who sees what in every format (page, tagged PDF, DOCX, ODT, XLSX), feedback suppressed below 5 responses,
quotes only when published and consented to, and typed text kept as text in a spreadsheet."""

import html
import io
import re
import zipfile
from datetime import date
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from equalchance.performance import cards, feedback_services, services
from equalchance.performance.models import FeedbackComment, Measure, MeasureValue, Programme
from equalchance.performance.tests.factories import measure_make, target_make, value_approved_make

Q1 = {"period_start": date(2026, 4, 1), "period_end": date(2026, 6, 30)}
Q2 = {"period_start": date(2026, 7, 1), "period_end": date(2026, 9, 30)}
TODAY = date(2026, 11, 30)
FORMULA = '=HYPERLINK("http://example.invalid","Click")'
FILES = ("pdf", "docx", "odt", "xlsx")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


@pytest.fixture
def published(programme):
    Programme.objects.filter(pk=programme.pk).update(visibility="public")
    programme.refresh_from_db()
    return programme


@pytest.fixture
def four(definer, enterer, approver, published):
    """A measure in each quadrant, all published, each with two approved values."""
    made = {}
    for code, category, form in (
        ("HM1", "how_much", "number"),
        ("HW1", "how_well", "percentage"),
        ("BN1", "better_off", "number"),
        ("BP1", "better_off", "percentage"),
    ):
        made[code] = measure_make(
            by=definer,
            code=code,
            title=f"Measure {code}",
            category=category,
            form=form,
            value_type="percentage" if form == "percentage" else "count",
            decimal_places=1 if form == "percentage" else 0,
            programme=published,
            data_entry=[enterer],
            approver=approver,
            frequency="quarterly",
            visibility="public",
        )
        for period, value in ((Q1, 61), (Q2, 64)):
            value_approved_make(measure=made[code], enterer=enterer, approver=approver, **period, value=value)
    return made


def files(client, programme) -> dict[str, bytes]:
    out = {}
    for file_format in FILES:
        response = client.get(reverse("performance:programme-card-file", args=[programme.pk, file_format]))
        assert response.status_code == 200, file_format
        out[file_format] = response.content
    return out


def page_text(client, programme) -> str:
    response = client.get(reverse("performance:programme-card", args=[programme.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def odt_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    return " ".join("".join(root.itertext()).split())


def xlsx_cells(content: bytes) -> dict[str, list[list]]:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}


def xlsx_text(content: bytes) -> str:
    return "\n".join(
        " ".join("" if v is None else str(v) for v in row)
        for rows in xlsx_cells(content).values()
        for row in rows
    )


def every_text(client, programme) -> dict[str, str]:
    made = files(client, programme)
    return {
        "page": page_text(client, programme),
        "pdf": pdf_text(made["pdf"]),
        "docx": docx_text(made["docx"]),
        "odt": odt_text(made["odt"]),
        "xlsx": xlsx_text(made["xlsx"]),
    }


def test_the_quadrants_hold_the_right_measures_as_rba_draws_them(four, published, user_with_role):
    card = cards.programme_card(user=user_with_role("viewer"), programme=published, today=TODAY)
    held = {q.key: [m.measure.code for m in q.measures] for q in card.quadrants}
    assert held == {
        "quantity_of_effort": ["HM1"],
        "quality_of_effort": ["HW1"],
        "quantity_of_effect": ["BN1"],
        "quality_of_effect": ["BP1"],
    }
    # Quantity and quality across, effort and effect down: the grid is read row by row.
    assert [(q.across, q.down) for q in card.quadrants] == [
        ("Quantity", "Effort"),
        ("Quality", "Effort"),
        ("Quantity", "Effect"),
        ("Quality", "Effect"),
    ]
    measure = card.quadrants[1].measures[0]
    assert measure.values == [("Q1 2026/27", 61, False), ("Q2 2026/27", 64, False)]
    assert measure.values_said == "Q1 2026/27: 61.0%; Q2 2026/27: 64.0%"
    assert 'role="img"' in measure.sparkline and "Q2 2026/27: 64.0%" in measure.sparkline


def test_the_page_puts_each_measure_in_its_quadrant_with_status_direction_and_sparkline(
    client, four, published
):
    page = page_text(client, published)
    sections = dict(re.findall(r'data-quadrant="(\w+)"[^>]*>(.*?)</section>', page, re.S))
    assert "HM1" in sections["quantity_of_effort"] and "HW1" not in sections["quantity_of_effort"]
    assert "HW1" in sections["quality_of_effort"]
    assert "BN1" in sections["quantity_of_effect"] and "BP1" in sections["quality_of_effect"]
    assert "No target" in sections["quality_of_effort"] and "Improving" in sections["quality_of_effort"]
    assert 'aria-label="HW1 by period: Q1 2026/27: 61.0%; Q2 2026/27: 64.0%"' in page
    assert "Latest approved value: 64.0%, Q2 2026/27" in page


def test_the_status_is_words_shape_and_colour_in_the_page_and_the_files(
    client, four, published, definer, approver
):
    for period in (Q1, Q2):
        target_make(by=definer, measure=four["HW1"], **period, value=90)
    texts = every_text(client, published)
    for name in ("pdf", "docx", "odt"):
        assert "■ Red: worse than target" in texts[name], name
    assert "Red: worse than target" in texts["xlsx"]
    assert 'govuk-tag--red app-rag"><span aria-hidden="true">■ </span>Red: worse than target' in texts["page"]


def test_performance_links_each_programme_to_its_card(client, four, published):
    listing = client.get(reverse("performance:list")).content.decode()
    assert reverse("performance:programme-card", args=[published.pk]) in listing
    programmes = client.get(reverse("performance:programmes")).content.decode()
    assert reverse("performance:programme-card", args=[published.pk]) in programmes


def test_the_public_gets_a_404_for_an_unpublished_programmes_card_in_every_format(
    client, measure, programme, stranger
):
    assert programme.visibility == "partnership"
    assert client.get(reverse("performance:programme-card", args=[programme.pk])).status_code == 404
    for file_format in FILES:
        url = reverse("performance:programme-card-file", args=[programme.pk, file_format])
        assert client.get(url).status_code == 404, file_format
    assert programme.name not in client.get(reverse("performance:programmes")).content.decode()
    client.force_login(stranger)  # a role that reads the partnership's performance sees it
    assert client.get(reverse("performance:programme-card", args=[programme.pk])).status_code == 200


def test_the_public_never_sees_an_unpublished_measure_in_any_format(client, four, published, definer):
    hidden = measure_make(
        by=definer, code="SECRET9", title="Unpublished count", category="how_much", programme=published
    )
    assert hidden.visibility == "partnership"
    for name, text in every_text(client, published).items():
        assert "HM1" in text and "Measure BP1" in text, name
        assert "SECRET9" not in text and "Unpublished count" not in text, name
    client.force_login(definer)
    assert "SECRET9" in page_text(client, published)


def test_a_file_format_the_card_is_not_written_in_is_a_404(client, four, published):
    url = reverse("performance:programme-card-file", args=[published.pk, "exe"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("performance:card-file", args=[four["HM1"].pk, "csv2"])).status_code == 404


def test_file_names_say_which_programme_and_when_never_who(client, four, published):
    response = client.get(reverse("performance:programme-card-file", args=[published.pk, "docx"]))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="rba-report-card-family-help-2026-11-30.docx"'
    )


# --- Feedback ------------------------------------------------------------------------------------


def respond(form, count: int, *, answer="very_satisfied", day=date(2026, 8, 3), comment="", consent=False):
    for _ in range(count):
        feedback_services.feedback_response_receive(
            form=form,
            answers={"govuk_satisfaction": answer},
            comments={"improve_comment": comment} if comment else {},
            consent_to_quote=consent,
            received_on=day,
        )


def test_feedback_below_5_responses_never_shows_a_percentage_in_any_format(
    client, four, published, feedback_form, satisfaction, definer
):
    Measure.objects.filter(pk=satisfaction.pk).update(visibility="public")  # the public may see it
    respond(feedback_form, 3)  # all three positive: 100% if it were shown
    texts = every_text(client, published)
    for name, text in texts.items():
        assert "Tell us about Family Help" in text, name
        assert "100.0%" not in text and "100%" not in text, name
    for name in ("page", "pdf", "docx", "odt"):
        assert "Not shown: fewer than 5 responses" in texts[name], name
        # The quarter after the form's title in brackets: titles end "?", and "think?: Q2" read oddly.
        assert "Tell us about Family Help (Q2 2026/27)" in texts[name], name
    rows = xlsx_cells(files(client, published)["xlsx"])["Feedback"]
    header, row = rows[0], rows[1]
    assert row[header.index("Responses")] == 3
    assert row[header.index("Positive (%)")] is None
    assert row[header.index("Note")] == "Fewer than 5 responses: not shown"
    client.force_login(definer)  # sees the measure the question feeds: no value below 5 either
    for name, text in every_text(client, published).items():
        assert "FB1 Families satisfied with Family Help" in text and "100.0%" not in text, name


def test_feedback_of_5_or_more_shows_n_the_percentage_and_low_base_below_30(
    client, four, published, feedback_form, team_member
):
    respond(feedback_form, 4)
    respond(feedback_form, 2, answer="dissatisfied")
    feedback_services.feedback_invitations_log(
        by=team_member, form=feedback_form, day=date(2026, 8, 3), count=24
    )
    card = cards.programme_card(user=team_member, programme=published, today=TODAY)
    (question,) = [q for q in card.forms[0].questions if "feel about the service" in q.wording]
    assert (question.result.n, question.positive_said, question.rate_said) == (6, "66.7% (low base)", "25.0%")
    page = page_text(client, published)
    assert "66.7% (low base)" in page and "25.0%" in page
    assert "66.7% (low base)" in docx_text(files(client, published)["docx"])


def test_only_comments_published_and_consented_to_are_quoted_in_any_format(
    client, four, published, feedback_form, team_member
):
    said = {
        (True, True): "Published and consented",
        (True, False): "Published without consent",
        (False, True): "Withheld with consent",
    }
    for (publish, consent), text in said.items():
        respond(feedback_form, 1, comment=text, consent=consent)
        comment = FeedbackComment.objects.get(text=text)
        feedback_services.feedback_comment_moderate(
            by=team_member,
            comment=comment,
            text=text,
            themes=["staff"],
            decision="published" if publish else "withheld",
        )
    respond(feedback_form, 1, comment="Waiting with consent", consent=True)  # never moderated
    respond(feedback_form, 1)  # the quarter's fifth response: fewer, and nothing would be quoted
    for name, text in every_text(client, published).items():
        assert "Published and consented" in text, name
        for never in ("Published without consent", "Withheld with consent", "Waiting with consent"):
            assert never not in text, (name, never)


def test_with_no_quotable_comment_the_card_says_so(client, four, published, feedback_form):
    respond(feedback_form, 5, comment="Not agreed to be quoted", consent=False)
    page = page_text(client, published)
    assert cards.NO_QUOTES in page and "Not agreed to be quoted" not in page


# --- Stories, actions and synthetic data -----------------------------------------------------------


def story_cleared(measure, *, by, clearer, story="Groups grew too big."):
    entry = services.turn_the_curve_write(by=by, measure=measure, **Q2, story=story, hurting="Vacancies")
    return services.turn_the_curve_clear(by=clearer, entry=entry)


def test_only_cleared_stories_show_and_a_formula_typed_in_one_stays_text_in_xlsx(
    client, four, published, definer, user_with_role
):
    second = user_with_role("analyst", username="second-definer")
    draft = services.turn_the_curve_write(by=definer, measure=four["HM1"], **Q2, story="A draft not cleared")
    assert draft.status == "draft"
    story_cleared(four["HW1"], by=definer, clearer=second, story=FORMULA)
    texts = every_text(client, published)
    for name, text in texts.items():
        assert "A draft not cleared" not in text, name
        assert "HYPERLINK" in text, name
    stories = xlsx_cells(files(client, published)["xlsx"])["Stories"]
    cell = next(row[3] for row in stories if row[2] == "The story behind the curve")
    assert cell == "'" + FORMULA  # text, never a formula


def test_synthetic_measures_and_forms_are_labelled_synthetic_in_every_format(
    client, four, published, definer, feedback_form
):
    services.measure_update(by=definer, measure=four["HM1"], synthetic=True)
    for name, text in every_text(client, published).items():
        assert "Synthetic" in text or "synthetic" in text, name
    page = page_text(client, published)
    assert re.search(r'data-measure="HM1".*?Synthetic', page, re.S)


def test_what_the_programme_is_shows_in_the_page_and_documents_when_it_is_said(client, published):
    """Probe finding: a programme's "What it is" was asked for and never shown."""
    for text in every_text(client, published).values():
        assert "What it is" not in text
    Programme.objects.filter(pk=published.pk).update(description="Groups for parents of babies.")
    for name, text in every_text(client, published).items():
        if name != "xlsx":  # the workbook holds the card's tables of figures, not the programme's particulars
            assert "What it is" in text and "Groups for parents of babies." in text, name


# --- The turn-the-curve card's files ---------------------------------------------------------------


def test_the_turn_the_curve_card_is_written_as_docx_odt_and_xlsx_with_what_the_page_says(
    client, four, published, definer, user_with_role
):
    measure = four["HW1"]
    story_cleared(measure, by=definer, clearer=user_with_role("analyst", username="clearer"), story=FORMULA)
    page = html.unescape(client.get(reverse("performance:card", args=[measure.pk])).content.decode())
    for file_format in ("docx", "odt", "xlsx"):
        assert reverse("performance:card-file", args=[measure.pk, file_format]) in page
    made = {
        f: client.get(reverse("performance:card-file", args=[measure.pk, f])).content
        for f in ("docx", "odt", "xlsx")
    }
    for text in (docx_text(made["docx"]), odt_text(made["odt"])):
        assert "HW1 Measure HW1" in text and "Q2 2026/27" in text and "64.0%" in text
        assert "HYPERLINK" in text and "Vacancies" in text and "Improving" in text
    sheets = xlsx_cells(made["xlsx"])
    assert [row[0] for row in sheets["Values"][1:]] == ["Q2 2026/27", "Q1 2026/27"]
    assert sheets["Values"][1][3] == 64
    assert sheets["Turn the curve"][2] == ["The story behind the curve", "'" + FORMULA]
    # Who wrote and cleared it, as the page says (probe 9: the DOCX, ODT and XLSX left it out).
    credit = re.search(r"Written by [^<]+ on \d+ \w+ \d{4}\.", page)[0]
    assert sheets["Turn the curve"][1] == ["Cleared", credit]
    assert credit in docx_text(made["docx"]) and credit in odt_text(made["odt"])


def test_the_public_gets_a_404_for_an_unpublished_measures_card_files(client, measure):
    for file_format in ("docx", "odt", "xlsx"):
        assert client.get(reverse("performance:card-file", args=[measure.pk, file_format])).status_code == 404


# --- Feedback waits for its measure, keeps to ended quarters, and follows who may see the measure --------


def test_a_feedback_result_shows_only_once_the_value_of_the_measure_it_feeds_is_approved(
    client, four, published, feedback_form, satisfaction, enterer, approver
):
    """Probe finding: the card printed a feedback result (57.1%) whose measure value was only submitted,
    though the card says it counts approved values only."""
    from equalchance.performance.models import MeasureValue

    Measure.objects.filter(pk=satisfaction.pk).update(visibility="public")
    respond(feedback_form, 6)
    waiting = "Not shown: its measure FB1 has no approved value for Q2 2026/27 yet"
    for name, text in every_text(client, published).items():
        assert "100.0%" not in text and "100%" not in text, name
        if name != "xlsx":
            assert waiting in text, name
    rows = xlsx_cells(files(client, published)["xlsx"])["Feedback"]
    header, row = rows[0], rows[1]
    assert row[header.index("Positive (%)")] is None
    assert row[header.index("Note")] == "Its measure FB1 has no approved value for Q2 2026/27 yet"
    value = MeasureValue.objects.get(measure=satisfaction, period_start=Q2["period_start"])
    assert "Not compared: the result is not shown" in page_text(client, published)  # says nothing of it
    services.value_submit(by=enterer, value=value)
    assert waiting in page_text(client, published)  # submitted is not approved
    services.value_approve(by=approver, value=value)
    assert "100.0%" in page_text(client, published) and waiting not in page_text(client, published)


def test_a_running_quarters_few_answers_neither_replace_the_last_full_quarter_nor_are_quoted(
    client, four, published, feedback_form, team_member
):
    """Probe finding: three answers in the running quarter replaced the last full quarter's results, and
    their three published comments were quoted word for word while the numbers said "fewer than 5"."""
    respond(feedback_form, 6)  # Q2 2026/27, ended
    for text in ("First words", "Second words", "Third words"):
        respond(feedback_form, 1, day=date(2026, 11, 2), comment=text, consent=True)  # Q3, running
        comment = FeedbackComment.objects.get(text=text)
        feedback_services.feedback_comment_moderate(
            by=team_member, comment=comment, text=text, themes=["staff"], decision="published"
        )
    for name, text in every_text(client, published).items():
        assert "Q2 2026/27" in text and "Q3 2026/27" not in text, name
        for words in ("First words", "Second words", "Third words"):
            assert words not in text, (name, words)
    assert cards.NO_QUOTES in page_text(client, published)


def test_a_question_feeding_a_measure_the_reader_may_not_see_is_left_out_and_said_so(
    client, four, published, feedback_form, satisfaction, enterer, approver, definer
):
    """Probe finding: the percentage behind a partnership-only measure was on the public card."""
    from equalchance.performance.models import MeasureValue

    respond(feedback_form, 6)
    value = MeasureValue.objects.get(measure=satisfaction, period_start=Q2["period_start"])
    services.value_submit(by=enterer, value=value)
    services.value_approve(by=approver, value=value)
    public = every_text(client, published)
    for name, text in public.items():
        assert "100.0%" not in text and "how did you feel about the service" not in text, name
        if name != "xlsx":
            assert (
                "1 question of this form feeds a measure you may not see, so its result is left out." in text
            )
    client.force_login(definer)  # may see the partnership measure
    assert "100.0%" in page_text(client, published)


def test_a_measure_with_no_data_for_its_current_period_names_that_period_beside_its_latest_value(
    client, four, published, definer, enterer, approver
):
    """Probe finding: "Latest approved value: 42.9%, Q1 2026/27 ... Status now: No data" read as though
    the measure had no data at all."""
    late = measure_make(
        by=definer,
        code="LT1",
        title="Measure LT1",
        category="how_much",
        programme=published,
        data_entry=[enterer],
        approver=approver,
        frequency="quarterly",
        visibility="public",
    )
    value_approved_make(measure=late, enterer=enterer, approver=approver, **Q1, value=5)
    page = page_text(client, published)
    assert "No data for Q2 2026/27" in page
    assert "No data for Q2 2026/27" in docx_text(files(client, published)["docx"])


def test_an_action_whose_progress_is_synthetic_is_labelled_so_on_the_card_and_its_files(
    client, four, published, user_with_role
):
    """Probe 8: the card's plan actions showed made-up progress with no "Synthetic" beside it."""
    from equalchance.plans import services as plans
    from equalchance.plans.tests.factories import action_make, element_make, plan_make

    planner = user_with_role("plan_editor", username="planner")
    plan = plan_make(by=planner, title="Family Help Plan", visibility="public")
    element = element_make(by=planner, plan=plan, code="1", title="Help early")
    Programme.objects.get(pk=published.pk).plan_elements.add(element)
    action = action_make(
        by=planner, plan=plan, element=element, title="Open the hub", owner=planner, visibility="public"
    )
    plans.action_update_post(
        by=planner, action=action, status="in_progress", progress="Going well.", synthetic=True
    )
    client.force_login(planner)
    page = client.get(reverse("performance:programme-card", args=[published.pk])).content.decode()
    actions = re.search(r'data-testid="actions".*?</table>', page, re.S).group(0)
    assert "Open the hub" in actions and "Synthetic" in actions
    sheet = xlsx_cells(files(client, published)["xlsx"])["Actions"]
    assert sheet[0][-1] == "Progress synthetic" and sheet[1][-1] == "Yes"


def test_the_quotes_have_their_own_heading_not_the_last_forms_quarter(client, four, published):
    """Probe 8: Q3 quotes stood under the heading of a form's Q2 results, as though from Q2."""
    for name, text in every_text(client, published).items():
        if name != "xlsx":
            assert cards.QUOTES_HEADING in text, name
    assert "from any form and quarter" in cards.QUOTES_HEADING


def test_the_year_end_forecast_in_the_values_table_is_the_same_on_the_page_and_in_the_files(
    client, four, published, definer
):
    """Probe 8: the card's table gave Q4 2026/27 a forecast on the page and "No forecast" in Word."""
    measure = four["HW1"]  # 61.0% then 64.0%: a straight line reaches 70.0% in Q4
    target_make(
        by=definer, measure=measure, period_start=date(2027, 1, 1), period_end=date(2027, 3, 31), value=75
    )
    page = html.unescape(client.get(reverse("performance:card", args=[measure.pk])).content.decode())
    assert re.search(
        r"Q4 2026/27</th>.*?70\.0%<br><span class=\"govuk-body-s\">Year-end forecast", page, re.S
    )
    for file_format in ("docx", "odt"):
        content = client.get(reverse("performance:card-file", args=[measure.pk, file_format])).content
        text = docx_text(content) if file_format == "docx" else odt_text(content)
        assert "70.0% (Year-end forecast, from" in text, file_format


def test_the_programme_card_pdf_is_tagged_with_alternative_text_on_every_sparkline(client, four, published):
    """Probe 8: the card PDF's four figures had no /Alt."""
    from equalchance.frontend.tests.tagged import assert_tagged

    assert_tagged(files(client, published)["pdf"], f"RBA report card: {published.name}")


def test_the_workbooks_hold_values_as_the_page_shows_them_with_their_unit(
    client, four, published, definer, enterer, approver
):
    """Probe 8: the workbook held 42.857143 where the page said 42.9%, with no unit."""
    measure = four["HW1"]  # a percentage shown to one place
    services.value_return(
        by=approver,
        value=MeasureValue.objects.get(measure=measure, period_start=Q2["period_start"]),
        reason="Recount",
    )
    value_approved_make(
        measure=measure, enterer=enterer, approver=approver, **Q2, value=None, numerator=3, denominator=7
    )
    sheets = xlsx_cells(files(client, published)["xlsx"])
    row = next(r for r in sheets["Measures"][1:] if r[1] == "HW1")
    assert row[4:6] == [42.9, "%"]
    assert ["HW1", "Q2 2026/27", 42.9, "%", "No"] in sheets["Values"]
    card = client.get(reverse("performance:card-file", args=[measure.pk, "xlsx"])).content
    values = xlsx_cells(card)["Values"]
    assert values[0][3:6] == ["Approved value", "Unit", "Provisional"]
    assert values[1][0] == "Q2 2026/27" and values[1][3:6] == [42.9, "%", "No"]


def docx_pictures(content: bytes) -> list[str]:
    """The alternative text of every picture in a Word document."""
    from docx import Document

    return [shape._inline.docPr.get("descr") for shape in Document(io.BytesIO(content)).inline_shapes]


def odt_pictures(content: bytes) -> list[str]:
    import odfdo

    return [frame.svg_title for frame in odfdo.Document(io.BytesIO(content)).body.get_frames()]


def test_the_turn_the_curve_cards_documents_draw_its_curve_as_a_picture_with_the_pages_alt_text(
    client, four, published
):
    """Issue 12, item 4: the card's DOCX and ODT had the values table but no chart."""
    measure = four["HW1"]
    page = html.unescape(client.get(reverse("performance:card", args=[measure.pk])).content.decode())
    (title,) = re.findall(r'<svg class="app-chart"[^>]*><title>([^<]+)</title>', page)
    assert title.startswith("HW1 Measure HW1")
    for file_format, pictures in (("docx", docx_pictures), ("odt", odt_pictures)):
        content = client.get(reverse("performance:card-file", args=[measure.pk, file_format])).content
        assert pictures(content) == [title], file_format
        text = docx_text(content) if file_format == "docx" else odt_text(content)
        assert cards.CURVE_CAPTION in text and cards.CURVE_CAPTION in page


def test_a_measure_with_no_value_yet_has_no_picture_in_its_cards_documents(client, published, measure):
    Measure.objects.filter(pk=measure.pk).update(visibility="public")
    for file_format, pictures in (("docx", docx_pictures), ("odt", odt_pictures)):
        response = client.get(reverse("performance:card-file", args=[measure.pk, file_format]))
        assert response.status_code == 200 and pictures(response.content) == []


def test_the_programme_cards_documents_draw_each_measures_sparkline_beside_its_values_in_words(
    client, four, published
):
    made = files(client, published)
    expected = sorted(f"{code} by period: " + cards_values(code) for code in four)
    assert sorted(docx_pictures(made["docx"])) == expected
    assert sorted(odt_pictures(made["odt"])) == expected


def cards_values(code: str) -> str:
    shown = ("61.0%", "64.0%") if code in ("HW1", "BP1") else ("61", "64")
    return f"Q1 2026/27: {shown[0]}; Q2 2026/27: {shown[1]}"


def test_a_provisional_value_of_a_running_quarter_is_marked_and_not_judged_in_the_pages_and_files(
    client, four, published, enterer, approver
):
    """Probe 9: a count so far for Q3, the quarter running, approved as provisional, showed as Red and
    worsening on the measure page and as a final value on the cards and in their files."""
    Q3 = {"period_start": date(2026, 10, 1), "period_end": date(2026, 12, 31)}
    measure = four["HW1"]
    value_approved_make(measure=measure, enterer=enterer, approver=approver, **Q3, value=20, provisional=True)
    not_judged = "Not judged until Q3 2026/27 ends"
    client.force_login(enterer)
    page = html.unescape(client.get(reverse("performance:measure", args=[measure.pk])).content.decode())
    q3_row = re.search(r"Q3 2026/27</th>(.*?)</tr>", page, re.S)[1]
    assert not_judged in q3_row and "Provisional" in q3_row and "Worsening" not in q3_row
    client.logout()
    card = html.unescape(client.get(reverse("performance:card", args=[measure.pk])).content.decode())
    q3_row = re.search(r"Q3 2026/27</th>(.*?)</tr>", card, re.S)[1]
    assert not_judged in q3_row and "Provisional" in q3_row
    for file_format in ("docx", "odt"):
        content = client.get(reverse("performance:card-file", args=[measure.pk, file_format])).content
        text = docx_text(content) if file_format == "docx" else odt_text(content)
        assert "20.0% (provisional)" in text and not_judged in text
    sheets = xlsx_cells(client.get(reverse("performance:card-file", args=[measure.pk, "xlsx"])).content)
    (q3,) = [row for row in sheets["Values"] if row[0] == "Q3 2026/27"]
    assert "Yes" in q3 and not_judged in q3
    made = files(client, published)
    said = "Q1 2026/27: 61.0%; Q2 2026/27: 64.0%; Q3 2026/27: 20.0% (provisional)"
    assert said in page_text(client, published) and said in docx_text(made["docx"])
    programme_values = xlsx_cells(made["xlsx"])["Values"]
    assert programme_values[0][-1] == "Provisional"
    assert ["HW1", "Q3 2026/27", 20, "%", "Yes"] in [list(row) for row in programme_values]
