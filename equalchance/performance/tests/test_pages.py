"""The performance pages: the measures by programme and quadrant, a measure's definition sheet and
values, entering a value, and the approver's queue."""

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from equalchance.performance import services
from equalchance.performance.models import MeasureValue
from equalchance.performance.tests.factories import measure_make, programme_make, value_approved_make

Q1 = {"period_start": date(2026, 4, 1), "period_end": date(2026, 6, 30)}
Q2 = {"period_start": date(2026, 7, 1), "period_end": date(2026, 9, 30)}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 30))


def approved(measure, enterer, approver, period, value):
    return value_approved_make(measure=measure, enterer=enterer, approver=approver, **period, value=value)


@pytest.fixture
def red_measure(measure, definer, enterer, approver):
    for period, value, target in ((Q1, 100, 100), (Q2, 80, 120)):
        services.target_set(
            by=definer,
            measure=measure,
            **period,
            value=target,
            decision_text="Minute 4",
            decided_on=date(2026, 3, 1),
        )
        approved(measure, enterer, approver, period, value)
    return measure


def test_the_list_groups_measures_by_programme_and_quadrant_with_status_in_words_and_direction(
    client, red_measure, percentage, stranger
):
    client.force_login(stranger)
    page = client.get(reverse("performance:list")).content.decode()
    assert "Family Help" in page
    assert page.index('data-quadrant="quantity_of_effort"') < page.index('data-quadrant="quality_of_effect"')
    assert "Red: worse than target" in page and "■" in page and "govuk-tag--red" in page
    assert "Worsening" in page and "Q2 2026/27" in page
    assert "No data" in page  # the percentage measure has no approved value


def test_the_public_list_shows_published_measures_only(client, definer):
    public = programme_make(by=definer, name="Open programme", visibility="public")
    measure_make(by=definer, code="PUB1", title="Published measure", programme=public, visibility="public")
    measure_make(by=definer, code="PRV1", title="Partnership measure", programme=public)
    page = client.get(reverse("performance:list")).content.decode()
    assert "Published measure" in page and "Partnership measure" not in page


def test_the_definition_sheet_shows_values_targets_status_and_the_change_log(
    client, red_measure, definer, stranger
):
    services.measure_update(by=definer, measure=red_measure, definition="Families counted at quarter end.")
    client.force_login(stranger)
    page = client.get(reverse("performance:measure", args=[red_measure.pk])).content.decode()
    assert page.index("Q2 2026/27") < page.index("Q1 2026/27")  # newest first
    assert "Green: on or better than target" in page and "Red: worse than target" in page
    assert "Families counted at quarter end." in page and "Changed the definition." in page
    assert "Approved" not in page  # a reader the measure does not name sees no approval states


def test_a_period_with_no_value_says_so_in_its_approval_cell_not_a_bare_label(client, measure, definer):
    """Outside probe: on a phone the stacked row read "Approval:" and nothing after it."""
    services.target_set(
        by=definer, measure=measure, **Q2, value=10, decision_text="Minute 4", decided_on=date(2026, 3, 1)
    )
    client.force_login(definer)
    page = client.get(reverse("performance:measure", args=[measure.pk])).content.decode()
    row = re.search(r"<tr[^>]*>\s*<th[^>]*>Q2 2026/27</th>.*?</tr>", page, re.S).group(0)
    assert re.search(r'data-label="Approval">No value entered</td>', row)


def test_a_hidden_measure_is_not_found(client, measure, user_with_role):
    client.force_login(user_with_role("moderator", username="mod"))
    assert client.get(reverse("performance:measure", args=[measure.pk])).status_code == 404


def test_a_data_entry_person_enters_and_sends_a_percentage_for_approval(client, percentage, enterer):
    client.force_login(enterer)
    url = reverse("performance:value-new", args=[percentage.pk])
    form = client.get(url).content.decode()
    assert "Q3 2026/27" in form and "Q4 2026/27" not in form
    response = client.post(
        url, {"period": "2026-07-01", "numerator": "45", "denominator": "60", "n": "60", "submit_now": "on"}
    )
    assert response.status_code == 302
    value = MeasureValue.objects.get()
    assert (value.value, value.status, value.period_start) == (75, "submitted", date(2026, 7, 1))


def test_a_bad_value_is_refused_on_the_form_keeping_what_was_typed(client, percentage, enterer):
    client.force_login(enterer)
    response = client.post(
        reverse("performance:value-new", args=[percentage.pk]),
        {"period": "2026-07-01", "numerator": "61", "denominator": "60", "comment": "Typed note"},
    )
    page = response.content.decode()
    # Probe 7: a refused value answered 200, where every other refused form answers 400.
    assert response.status_code == 400 and "There is a problem" in page
    assert "The numerator must not be more than the denominator." in page
    assert 'value="61"' in page and "Typed note" in page
    assert MeasureValue.objects.count() == 0


def test_a_per_cent_sign_typed_in_a_per_cent_field_is_understood(client, percentage, enterer):
    """Probe 7: "50%" was refused in a field labelled "Value, per cent"."""
    client.force_login(enterer)
    url = reverse("performance:value-new", args=[percentage.pk])
    assert client.post(url, {"period": "2026-07-01", "value": "50%"}).status_code == 302
    assert MeasureValue.objects.get().value == 50


def test_a_value_entered_and_sent_at_once_is_neither_when_sending_is_refused(client, definer, enterer):
    """Entered and sent for approval in one press: a refusal to send leaves no draft half-written."""
    measure = measure_make(by=definer, code="NOAPP", data_entry=[enterer])  # no approver: cannot be sent
    client.force_login(enterer)
    url = reverse("performance:value-new", args=[measure.pk])
    response = client.post(url, {"period": "2026-07-01", "value": "5", "submit_now": "on"})
    assert response.status_code == 400 and MeasureValue.objects.filter(measure=measure).count() == 0


def test_someone_else_who_reads_the_measure_is_refused_the_value_form(client, measure, approver):
    client.force_login(approver)
    url = reverse("performance:value-new", args=[measure.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"period": "2026-07-01", "value": "5"}).status_code == 403
    assert MeasureValue.objects.count() == 0


def test_the_approver_approves_and_returns_from_the_queue(client, measure, enterer, approver):
    first = services.value_enter(by=enterer, measure=measure, **Q1, value=10)
    second = services.value_enter(by=enterer, measure=measure, **Q2, value=12)
    services.value_submit(by=enterer, value=first)
    services.value_submit(by=enterer, value=second)
    client.force_login(approver)
    page = client.get(reverse("performance:approvals")).content.decode()
    assert "Q1 2026/27" in page and "Q2 2026/27" in page
    decide = reverse("performance:value-decide", args=[first.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 302
    refused = client.post(
        reverse("performance:value-decide", args=[second.pk]), {"decision": "return", "reason": ""}
    )
    assert refused.status_code == 400 and "Say why the value is returned" in refused.content.decode()
    client.post(
        reverse("performance:value-decide", args=[second.pk]), {"decision": "return", "reason": "Recount"}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.return_reason) == ("approved", "returned", "Recount")
    assert "Nothing is waiting" in client.get(reverse("performance:approvals")).content.decode()


def test_the_definition_sheet_reads_as_a_board_member_would_say_it_and_a_draft_is_not_judged(
    client, red_measure, enterer
):
    record = services.value_enter(
        by=enterer,
        measure=red_measure,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 12, 31),
        value=90,
        provisional=True,  # the quarter may still be running
    )
    services.value_submit(by=enterer, value=record)
    client.force_login(enterer)
    page = client.get(reverse("performance:measure", args=[red_measure.pk])).content.decode()
    assert "5% of the target" in page and "(1 April to 31 March)" in page
    assert "Judged once approved" in page  # the submitted Q3 value, not "No data"
    assert "Red: worse than target" in page  # Q2, approved


@pytest.mark.parametrize("plan", ["²", "٣", "9" * 5000, "9" * 30, "0", "abc"])
def test_an_exception_report_for_a_plan_that_is_no_plan_is_not_found(client, stranger, plan):
    """Probe finding: "²" (a digit to str.isdigit(), not to int()) and a 5,000-digit number gave a
    server error on both exception reports."""
    client.force_login(stranger)
    for name in ("performance:exceptions", "plans:exceptions"):
        assert client.get(reverse(name), {"plan": plan}).status_code == 404, name


def test_the_exception_report_lists_a_red_measure_with_why_beside_the_plans_actions(
    client, red_measure, stranger
):
    client.force_login(stranger)
    page = client.get(reverse("performance:exceptions")).content.decode()
    assert 'data-testid="exception-measures"' in page and "EH1 Families supported" in page
    assert "Red in Q2 2026/27." in page
    assert "It measures no part of a plan, so no plan action is linked to it." in page
    assert "Actions (" in page and "Not measured (" in page


def test_the_exception_report_refuses_a_plan_the_reader_may_not_see_or_a_bad_id(client, stranger):
    client.force_login(stranger)
    assert client.get(reverse("performance:exceptions"), {"plan": "99999"}).status_code == 404
    assert client.get(reverse("performance:exceptions"), {"plan": "1 OR 1=1"}).status_code == 404


def test_the_measure_page_says_where_it_stands_now_and_at_the_year_end(
    client, red_measure, definer, stranger
):
    services.target_set(
        by=definer,
        measure=red_measure,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 3, 31),
        value=130,
        decision_text="Minute 4",
        decided_on=date(2026, 3, 1),
    )
    client.force_login(stranger)
    page = client.get(reverse("performance:measure", args=[red_measure.pk])).content.decode()
    standing = html.unescape(page[page.index('data-testid="standing"') :])
    assert "Status now (Q2 2026/27)" in standing and "Red: worse than target" in standing
    # 100 then 80: a straight line falls 20 a quarter to 40 by Q4, against the year's target of 130.
    assert "Forecast for the year end (2026/27)" in standing
    assert (
        "40, from a straight line through the latest values (at most 8), against the year's target of 130."
        in standing
    )
    assert "Down for the latest period" in standing


def test_the_measure_page_draws_values_targets_and_the_forecast_dashed_from_the_latest_value(
    client, red_measure, definer, stranger
):
    services.forecast_trend_make(by=definer, measure=red_measure, today=date(2026, 11, 30))
    client.force_login(stranger)
    page = client.get(reverse("performance:measure", args=[red_measure.pk])).content.decode()
    chart = page[page.index('data-testid="chart"') : page.index("</figure>")]
    assert 'role="img"' in chart and "Forecast (dashed)" in chart
    lines = re.findall(r'<polyline points="([^"]+)"[^>]*?( stroke-dasharray="6 4")?/>', chart)
    assert len(lines) == 3  # values, targets, forecast
    values, _, forecast = lines
    # The dashed forecast (Q2's 80, then 60 and 40) starts where the values end, at Q2.
    assert forecast[1] and values[0].split()[-1] == forecast[0].split()[0]
    assert len(forecast[0].split()) == 3


def test_a_missing_year_end_target_is_said_as_such_not_as_data_only_and_tables_say_no_target(
    client, red_measure, stranger
):
    """Probe findings: a measure with targets showed "Data only" for its year-end forecast, and the
    tables printed the word "None"."""
    client.force_login(stranger)
    for url in (reverse("performance:list"), reverse("performance:measure", args=[red_measure.pk])):
        page = client.get(url).content.decode()
        assert "No target for the year end" in page
    page = client.get(reverse("performance:measure", args=[red_measure.pk])).content.decode()
    table = page[page.index('data-testid="values"') :]
    assert ">None<" not in table and "No forecast" in table


def test_the_chart_keeps_a_slot_for_a_missing_quarter_and_breaks_the_line_there(
    client, measure, enterer, approver, stranger
):
    """Probe finding: quarters with no value were closed up, and the line joined across them."""
    q4 = {"period_start": date(2026, 1, 1), "period_end": date(2026, 3, 31)}
    for period, value in ((q4, 90), (Q1, 100), (Q2, 80)):
        if period is not Q1:
            approved(measure, enterer, approver, period, value)
    client.force_login(stranger)
    page = client.get(reverse("performance:measure", args=[measure.pk])).content.decode()
    chart = page[page.index('data-testid="chart"') : page.index("</figure>")]
    assert "Q1 2026/27" in chart  # the missing quarter keeps its place on the axis
    solid = re.findall(r'<polyline points="([^"]+)"(?![^>]*stroke-dasharray)', chart)
    assert solid == []  # two lone points, no line between (the year-end forecast is dashed)


def test_the_year_end_forecast_worked_out_from_the_latest_values_is_drawn_dashed_to_the_years_end(
    client, measure, enterer, approver, stranger
):
    """Probe finding: the page said "Forecast for the year end: 40" but the chart did not draw it."""
    approved(measure, enterer, approver, Q1, 100)
    approved(measure, enterer, approver, Q2, 80)
    client.force_login(stranger)
    page = html.unescape(client.get(reverse("performance:measure", args=[measure.pk])).content.decode())
    assert "40, from a straight line through the latest values (at most 8)" in page
    chart = page[page.index('data-testid="chart"') : page.index("</figure>")]
    assert "Q4 2026/27" in chart and "Year-end forecast (dashed)" in chart
    dashed = re.findall(r'<polyline points="([^"]+)"[^>]*stroke-dasharray', chart)
    assert len(dashed) == 1
    xs_ys = [tuple(map(float, p.split(","))) for p in dashed[0].split()]
    assert len(xs_ys) == 3  # Q2 (the latest value), Q3 and Q4 on one straight line
    (x1, y1), (x2, y2), (x3, y3) = xs_ys
    assert abs((y2 - y1) - (y3 - y2)) <= 0.2 and x2 - x1 == x3 - x2  # equal steps (to 0.1 px)
    solid = re.findall(r'<polyline points="([^"]+)"(?![^>]*stroke-dasharray)', chart)
    assert solid[0].split()[-1] == dashed[0].split()[0]  # it starts at the latest value


def test_the_year_end_row_shows_the_worked_out_forecast_and_a_missing_value_is_none_yet(
    client, measure, definer, enterer, approver, stranger
):
    """Probe finding: the card's Value column said "No forecast" for a quarter with no value, and the
    year's last row said "No forecast" where the summary gave the year-end forecast."""
    approved(measure, enterer, approver, Q1, 100)
    approved(measure, enterer, approver, Q2, 80)
    q4 = {"period_start": date(2027, 1, 1), "period_end": date(2027, 3, 31)}
    services.target_set(
        by=definer, measure=measure, **q4, value=60, decision_text="Minute 9", decided_on=date(2026, 3, 1)
    )
    client.force_login(stranger)
    for url in (
        reverse("performance:measure", args=[measure.pk]),
        reverse("performance:card", args=[measure.pk]),
    ):
        page = html.unescape(client.get(url).content.decode())
        table = page[page.index('data-label="Period">Q4 2026/27') :]
        q4_row = table[: table.index("</tr>")]
        assert (
            "Year-end forecast, from a straight line through the latest values (at most 8)" in q4_row
            and "40" in q4_row
        )
        assert "None yet" in q4_row and "No forecast" not in q4_row


def test_a_value_returned_for_correction_can_be_corrected_from_the_form_however_old_its_period(
    client, measure, enterer, approver
):
    """Probe finding: an approved value of an older quarter, returned by its approver, could be put
    right only by an import: the form offered the last eight quarters alone."""
    old = {"period_start": date(2024, 10, 1), "period_end": date(2024, 12, 31)}
    value = approved(measure, enterer, approver, old, 223)
    services.value_return(by=approver, value=value, reason="Restated by the source")
    client.force_login(enterer)
    url = reverse("performance:value-new", args=[measure.pk])
    assert "Q3 2024/25" in client.get(url).content.decode()
    response = client.post(url, {"period": "2024-10-01", "value": "230", "submit_now": "on"})
    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.value, value.status) == (230, "submitted")


def test_the_value_form_and_the_import_open_the_same_periods(client, measure, enterer, tmp_path):
    """One rule (periods.entry_problem) for both: the running quarter only as provisional, any quarter
    of the last ten reporting years, and none older, whether typed in the form or in a file."""
    from equalchance.common.validated_csv import DataFileError
    from equalchance.performance.importing import values_import

    client.force_login(enterer)
    url = reverse("performance:value-new", args=[measure.pk])
    form = client.get(url).content.decode()
    assert "Q3 2026/27 (not yet ended: provisional)" in form
    assert "Q2 2024/25" in form and "Q1 2016/17" in form  # more than the last eight quarters
    assert "Q4 2015/16" not in form and "Q4 2026/27" not in form

    page = client.post(url, {"period": "2026-10-01", "value": "5"}).content.decode()
    assert "Q3 2026/27 has not ended" in html.unescape(page)
    page = client.post(url, {"period": "2016-01-01", "value": "5"}).content.decode()
    assert "Select a valid choice" in page
    assert MeasureValue.objects.count() == 0
    with pytest.raises(DataFileError) as error:
        path = tmp_path / "values.csv"
        path.write_text(
            f"measure_code,period,value\n{measure.code},Q4 2015/16,5\n{measure.code},Q3 2026/27,5\n"
        )
        values_import(by=enterer, path=path)
    said = [str(p) for p in error.value.problems]
    assert "Q4 2015/16 is too long ago" in said[0] and "row 2" in said[0]
    assert "Q3 2026/27 has not ended" in said[1] and "row 3" in said[1]
    assert MeasureValue.objects.count() == 0

    assert client.post(url, {"period": "2016-04-01", "value": "7"}).status_code == 302
    assert client.post(url, {"period": "2026-10-01", "value": "6", "provisional": "on"}).status_code == 302
    assert sorted(MeasureValue.objects.values_list("period_start", "provisional")) == [
        (date(2016, 4, 1), False),
        (date(2026, 10, 1), True),
    ]


def test_the_approver_returns_an_approved_value_from_the_measure_page_and_it_can_be_corrected(
    client, measure, enterer, approver
):
    value = approved(measure, enterer, approver, Q1, 10)
    client.force_login(enterer)
    page = client.get(reverse("performance:measure", args=[measure.pk])).content.decode()
    assert "Return for correction" not in page  # only for its approver
    client.force_login(approver)
    page = client.get(reverse("performance:measure", args=[measure.pk])).content.decode()
    reopen = reverse("performance:value-reopen", args=[value.pk])
    assert f'href="{reopen}"' in page and "Return for correction" in page

    refused = client.post(reopen, {"reason": "  "}).content.decode()
    assert "Say why the value is returned" in refused
    value.refresh_from_db()
    assert value.status == "approved"
    assert client.post(reopen, {"reason": "The count double-counted siblings"}).status_code == 302
    value.refresh_from_db()
    assert (value.status, value.approved_by) == ("returned", None)
    assert client.get(reopen).status_code == 404  # no longer approved: nothing to return

    client.force_login(enterer)
    url = reverse("performance:value-new", args=[measure.pk])
    assert client.post(url, {"period": "2026-04-01", "value": "9", "submit_now": "on"}).status_code == 302
    value.refresh_from_db()
    assert (value.value, value.status) == (9, "submitted")


def test_every_period_up_to_the_current_one_has_a_row_even_with_no_value_or_target(
    client, measure, enterer, approver, stranger
):
    """Probe finding: with no targets, the overdue quarters had no row, though the summary said "No data:
    it was due by 30 September 2026"."""
    approved(
        measure, enterer, approver, {"period_start": date(2026, 1, 1), "period_end": date(2026, 3, 31)}, 9
    )
    client.force_login(stranger)
    page = client.get(reverse("performance:measure", args=[measure.pk])).content.decode()
    table = page[page.index('data-testid="values"') :]
    assert [label for label in ("Q2 2026/27", "Q1 2026/27", "Q4 2025/26") if label in table] == [
        "Q2 2026/27",
        "Q1 2026/27",
        "Q4 2025/26",
    ]
    assert table.index("Q2 2026/27") < table.index("Q1 2026/27") < table.index("Q4 2025/26")  # newest first
    assert table.count("None yet") == 2 and "Q3 2026/27" not in table


def test_the_seed_001_row_explains_improving_after_a_fall_as_the_rule_says_it(
    client, measure, enterer, approver, stranger
):
    """Probe finding: "Improving" after a fall sat beside "Stabilised means no worsening in the last two
    changes", which read as a contradiction: the explanation now says what each answer means."""
    q4 = {"period_start": date(2026, 1, 1), "period_end": date(2026, 3, 31)}
    for period, value in ((q4, 100), (Q1, 80), (Q2, 90)):
        approved(measure, enterer, approver, period, value)
    client.force_login(stranger)
    page = html.unescape(client.get(reverse("performance:measure", args=[measure.pk])).content.decode())
    row = page[page.index("Stopped getting worse?") :]
    row = row[: row.index("</dd>")]
    assert "Yes: improving" in row and "Improving means the latest change was for the better" in row


def test_the_headline_tag_is_said_in_words_on_the_list_and_the_definition_form(client, definer):
    """Probe finding 13: "Headline" was tagged on measures and explained nowhere."""
    public = programme_make(by=definer, name="Open programme", visibility="public")
    measure_make(by=definer, code="PUB1", programme=public, visibility="public", headline=True)
    meaning = "one of the few measures chosen as telling most about the programme"
    listing = html.unescape(client.get(reverse("performance:list")).content.decode())
    assert "Headline</strong>" in listing and meaning in listing
    client.force_login(definer)
    form = html.unescape(client.get(reverse("performance:measure-new")).content.decode())
    assert meaning in form


def test_an_overdue_measure_names_the_period_judged_beside_the_latest_approved_value(
    client, measure, enterer, approver, stranger
):
    """Probe 6: the exception report said "No data" beside "10 in Q1 2026/27", never naming the period it
    judged, and "No approved value for Q2" while a Q2 value was waiting for approval."""
    approved(measure, enterer, approver, Q1, 10)
    services.value_submit(by=enterer, value=services.value_enter(by=enterer, measure=measure, **Q2, value=12))
    client.force_login(stranger)
    report = client.get(reverse("performance:exceptions")).content.decode()
    row = " ".join(report[report.index(measure.title) :].split("</tr>")[0].split())
    assert "No data for Q2 2026/27" in row and "Latest approved: 10 in Q1 2026/27" in row
    assert "it was due by 30 September 2026; a value is waiting for approval." in row
    page = " ".join(client.get(reverse("performance:measure", args=[measure.pk])).content.decode().split())
    assert "it was due by 30 September 2026; a value is waiting for approval." in page


def test_a_second_press_of_approve_or_return_says_the_value_is_decided_and_changes_nothing(
    client, measure, enterer, approver
):
    """Probe 7: approving a value twice (two presses, two tabs) was a server error."""
    value = services.value_enter(by=enterer, measure=measure, **Q1, value=10)
    draft = services.value_enter(by=enterer, measure=measure, **Q2, value=12)
    services.value_submit(by=enterer, value=value)
    client.force_login(approver)
    decide = reverse("performance:value-decide", args=[value.pk])
    client.post(decide, {"decision": "approve"}, follow=True)  # its message read
    for posted in ({"decision": "approve"}, {"decision": "return", "reason": "Recount"}):
        response = client.post(decide, posted, follow=True)
        assert response.status_code == 200
        assert "Q1 2026/27: not waiting for approval (it is approved), so nothing was changed." in (
            html.unescape(response.content.decode())
        )
    response = client.post(
        reverse("performance:value-decide", args=[draft.pk]), {"decision": "approve"}, follow=True
    )
    assert "Q2 2026/27: not waiting for approval (it is draft), so nothing was changed." in html.unescape(
        response.content.decode()
    )
    value.refresh_from_db()
    draft.refresh_from_db()
    assert (value.status, value.return_reason, draft.status) == ("approved", "", "draft")


def test_the_exception_report_for_a_plan_lists_the_measures_of_programmes_linked_to_it_as_its_reports_do(
    client, red_measure, programme, stranger, user_with_role
):
    """Probe 7: filtered by a plan, the exception report left out two overdue measures whose programme,
    not the measure, is linked to the plan, which the plan's quarterly report listed."""
    from equalchance.plans.tests.factories import element_make, plan_make

    editor = user_with_role("plan_editor", username="linking-editor")
    plan = plan_make(by=editor, title="Early help", visibility="partnership")
    programme.plan_elements.add(element_make(by=editor, plan=plan, title="Support under-fives"))
    assert red_measure.plan_element_id is None and red_measure.programme_id == programme.pk
    client.force_login(stranger)
    page = client.get(reverse("performance:exceptions"), {"plan": plan.pk}).content.decode()
    assert "Measures (1)" in page and red_measure.title in page


def test_the_approvals_queue_labels_a_synthetic_value_synthetic(client, measure, enterer, approver):
    """Probe 8: made-up values waited for approval with nothing saying they were made up."""
    made_up = services.value_enter(by=enterer, measure=measure, **Q1, value=10, synthetic=True)
    real = services.value_enter(by=enterer, measure=measure, **Q2, value=12)
    for value in (made_up, real):
        services.value_submit(by=enterer, value=value)
    client.force_login(approver)
    page = client.get(reverse("performance:approvals")).content.decode()
    cards = dict(re.findall(r"summary-card__title\">[^<]*(Q\d 2026/27)</h2>(.*?)</dl>", page, re.S))
    assert "Synthetic" in cards["Q1 2026/27"] and "Synthetic" not in cards["Q2 2026/27"]


def test_the_value_form_marks_periods_whose_value_is_approved_or_waiting(client, measure, enterer, approver):
    """Probe 8: every period back to 2016 was offered alike, and an approved one refused only after
    typing."""
    approved(measure, enterer, approver, Q1, 10)
    services.value_submit(by=enterer, value=services.value_enter(by=enterer, measure=measure, **Q2, value=12))
    client.force_login(enterer)
    page = html.unescape(client.get(reverse("performance:value-new", args=[measure.pk])).content.decode())
    assert "Q1 2026/27 (approved: its approver returns it to change it)" in page
    assert "Q2 2026/27 (waiting for approval)" in page
    assert re.search(r">Q4 2025/26</option>", page)  # a period free to take a value is as it was
