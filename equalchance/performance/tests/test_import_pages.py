"""The import page: a data-entry person uploads a file and is told what was imported, or sees every
problem (the first hundred, and how many more) with nothing written; the template lists their measures."""

import html
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from equalchance.audit.models import AuditEvent
from equalchance.performance import importing
from equalchance.performance.models import MeasureValue
from equalchance.performance.tests.factories import measure_make

pytestmark = pytest.mark.django_db
URL = "/performance/values/import/"
HEADER = "measure_code,period,value,numerator,denominator,n,comment,provisional\n"


def upload(text, name="values.csv"):
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def written():
    return list(
        MeasureValue.objects.order_by("pk").values_list("pk", "value", "status")
    ), AuditEvent.objects.count()


def test_the_page_is_at_its_address_with_a_template_link_and_the_measures_listed(client, enterer, measure):
    assert reverse("performance:values-import") == URL
    client.force_login(enterer)
    page = client.get(URL).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'class="govuk-file-upload"' in page and 'accept=".csv,.xlsx"' in page
    assert reverse("performance:values-import-template") in page
    assert "<code>EH1</code> Families supported" in page


def test_a_good_file_imports_and_says_how_many_values_for_how_many_measures(
    client, enterer, measure, percentage
):
    client.force_login(enterer)
    text = HEADER + "EH1,Q1 2025/26,12,,,,,\nEH1,Q2 2025/26,14,,,,,\nEH2,Q1 2025/26,50,,,,,yes\n"
    response = client.post(URL, {"file": upload(text)}, follow=True)
    assert response.redirect_chain == [(reverse("performance:list"), 302)]
    assert "Imported 3 values for 2 measures as drafts." in response.content.decode()
    assert MeasureValue.objects.filter(status="draft").count() == 3


def test_send_for_approval_submits_every_imported_value(client, enterer, measure):
    client.force_login(enterer)
    response = client.post(
        URL, {"file": upload(HEADER + "EH1,Q1 2025/26,12,,,,,\n"), "submit_now": "on"}, follow=True
    )
    assert "Imported 1 value for 1 measure and sent them for approval." in response.content.decode()
    assert measure.values.get().status == "submitted"


def test_every_problem_is_listed_up_to_a_hundred_and_then_how_many_more_with_nothing_written(
    client, enterer, measure
):
    client.force_login(enterer)
    text = HEADER + "".join(f"EH{n},Q1 2025/26,1,,,,,\n" for n in range(100, 220))
    before = written()
    response = client.post(URL, {"file": upload(text)})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert written() == before
    assert "The file was refused with 120 problems: nothing was imported." in page
    assert 'class="govuk-error-summary"' in page and "<title>Error: " in page
    assert (
        "values.csv, row 2, column measure_code: there is no measure 'EH100' that you enter values for"
        in page
    )
    assert "values.csv, row 101, column measure_code: there is no measure 'EH199'" in page
    assert "'EH200'" not in page
    assert "<li>and 20 more</li>" in page


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("values.pdf", b"%PDF-1.4", "values.pdf: is not a CSV or XLSX file"),
        (
            "values.csv",
            b"measure_code;period;value\nEH1;Q1 2025/26;1\n",
            "has semicolons between its columns",
        ),
        ("values.xlsx", b"not a workbook", "values.xlsx: is not a readable spreadsheet"),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_on_the_page(client, enterer, measure, name, content, said):
    client.force_login(enterer)
    before = written()
    response = client.post(URL, {"file": upload(content, name=name)})
    assert response.status_code == 400
    assert said in html.unescape(response.content.decode())
    assert written() == before


def test_a_file_too_large_is_refused_before_it_is_read(client, enterer, measure, monkeypatch):
    monkeypatch.setattr(importing, "MAX_BYTES", 40)
    monkeypatch.setattr(importing, "values_import", lambda **kw: pytest.fail("the file was read"))
    client.force_login(enterer)
    response = client.post(URL, {"file": upload(HEADER + "EH1,Q1 2025/26,1,,,,,\n")})
    assert response.status_code == 400
    assert "values.csv: is larger than" in response.content.decode()
    assert not MeasureValue.objects.exists()


def test_no_file_chosen_is_said_in_the_error_summary(client, enterer, measure):
    client.force_login(enterer)
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "Choose a CSV or XLSX file" in response.content.decode()


def test_the_template_holds_the_users_measures_and_their_ended_periods(
    client, enterer, measure, definer, approver
):
    measure_make(by=definer, code="THEIRS", data_entry=[approver])
    client.force_login(enterer)
    response = client.get(reverse("performance:values-import-template"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="values-to-import.csv"'
    lines = response.content.decode().splitlines()
    assert lines[0] == ",".join(importing.COLUMNS)
    assert lines[1:] and all(line.startswith("EH1,Q") and line.endswith(",no") for line in lines[1:])
    assert "THEIRS" not in response.content.decode()


def test_the_template_imports_back_once_filled_in(client, enterer, measure):
    client.force_login(enterer)
    lines = client.get(reverse("performance:values-import-template")).content.decode().splitlines()
    filled = "\n".join([lines[0], *(line.replace(",,,,,,", ",7,,,,,", 1) for line in lines[1:])])
    response = client.post(URL, {"file": upload(filled)})
    assert response.status_code == 302
    assert measure.values.count() == len(lines) - 1
    assert set(measure.values.values_list("value", flat=True)) == {7}


def test_the_measure_list_links_to_the_import_only_for_those_who_enter_values(
    client, enterer, stranger, measure
):
    client.force_login(enterer)
    assert URL in client.get(reverse("performance:list")).content.decode()
    client.force_login(stranger)
    assert URL not in client.get(reverse("performance:list")).content.decode()
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": upload(HEADER + "EH1,Q1 2025/26,1,,,,,\n")}).status_code == 403
    assert not MeasureValue.objects.exists()
    assert measure.values.filter(period_start=date(2025, 4, 1)).count() == 0


def test_on_a_due_date_the_template_offers_the_period_and_the_pages_say_ended_not_due(
    client, monkeypatch, enterer, definer
):
    """Probe finding 14: on October's due date the template's page called October "now due" while the
    measure's "Status now" (rightly) judged September: a value is late only after its due date."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 30))
    measure_make(by=definer, code="MON1", frequency="monthly", data_lag_days=30, data_entry=[enterer])
    client.force_login(enterer)
    template = client.get(reverse("performance:values-import-template")).content.decode().splitlines()
    assert any(line.startswith("MON1,October 2026,") for line in template), template[:3]
    page = html.unescape(client.get(URL).content.decode())
    assert "now due" not in page and "each period that has ended" in page
    listing = html.unescape(client.get(reverse("performance:list")).content.decode())
    assert (
        "the latest period whose due date has passed (on the due date itself a value is not yet late)"
        in listing
    )
