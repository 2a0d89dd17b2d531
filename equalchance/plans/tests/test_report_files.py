"""A frozen report as DOCX, ODT, XLSX and CSV: each opens in its reader and says what the page of the
same issue says; text never becomes a formula; the command line writes each format and refuses bad
input with nothing frozen or written; a public issue's files leave out restricted actions."""

import csv
import html
import io
import re
import zipfile
from datetime import date, datetime

import odfdo
import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from equalchance.audit.models import AuditEvent
from equalchance.plans import report_files, reports, services
from equalchance.plans.models import ReportIssue
from equalchance.plans.tests.factories import action_make

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)
FORMULA = '=HYPERLINK("http://example.invalid/","Open me")'


@pytest.fixture
def actions(plan, element, planner, owner):
    """Three actions whose statuses differ: slipped but on track; overdue; made better by an override."""
    slipped = action_make(by=planner, plan=plan, element=element, owner=owner)
    services.action_update_post(
        by=owner,
        action=slipped,
        today=TODAY,
        status="in_progress",
        progress="Contract signed late.",
        next_steps="Launch in January.",
        revised_due=date(2027, 2, 28),
        revised_due_reason="Supplier delay.",
    )
    action_make(
        by=planner,
        plan=plan,
        element=element,
        owner=owner,
        title="Open the family hub",
        due=date(2026, 10, 31),
    )
    overridden = action_make(
        by=planner, plan=plan, element=element, owner=owner, title="Train the lead professionals"
    )
    services.action_update_post(
        by=owner,
        action=overridden,
        today=TODAY,
        status="in_progress",
        progress="Two of twenty trained.",
        percent_complete=10,
        self_assessed="green",
        rag_reason="The rest are booked.",
        override_reason="All eighteen places are booked for December.",
    )
    return plan


def page_text(client, user, issue) -> str:
    """The words of the report's page, as a reader sees them (tags dropped, spaces collapsed)."""
    client.force_login(user)
    content = client.get(reverse("plans:report", args=[issue.pk])).content.decode()
    return words(content)


def words(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def page_rows(client, user, issue) -> list[list[str]]:
    """Every row of the page's tables (header rows too), each cell's words."""
    client.force_login(user)
    content = client.get(reverse("plans:report", args=[issue.pk])).content.decode()
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', content, re.S)
    return [[words(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)] for row in rows]


def figures(issue) -> list[str]:
    """What each action's row says on the page: title, owner, due dates, status words, slippage."""
    data = issue.data
    actions = [a for s in data.get("sections", []) for a in s["actions"]] + data.get("actions", [])
    out = []
    for a in actions:
        out += [a["title"], a["owner"], a["shown"]["words"], a["shown"]["shape"]]
        if issue.kind == "tracker":
            out += [report_files.day_shown(a["due"]), report_files.day_shown(a["original_due"])]
            out += [str(a["slippage_days"])]
            if a["latest_update"]:
                out.append(a["latest_update"]["progress"])
        if a["override"]:
            out += ["Owner's override"] + ([a["override_reason"]] if issue.kind == "tracker" else [])
        out += [e["why"] for e in a["exceptions"]] if issue.kind == "exceptions" else []
    return out


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def odt_text(content: bytes) -> str:
    return " ".join(odfdo.Document(io.BytesIO(content)).body.text_recursive.split())


def xlsx_sheets(content: bytes) -> dict[str, list[list]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in workbook}


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


@pytest.mark.parametrize("kind", ["tracker", "exceptions"])
@pytest.mark.parametrize("file_format", ["docx", "odt"])
def test_the_documents_open_in_their_readers_and_say_what_the_page_says(
    client, actions, stranger, kind, file_format
):
    issue = services.report_issue_create(by=stranger, kind=kind, plan=actions, today=TODAY)
    page = page_text(client, stranger, issue)
    content = report_files.render(issue, file_format)
    text = docx_text(content) if file_format == "docx" else odt_text(content)
    wanted = figures(issue)
    assert "Red: overdue" in wanted  # the fixture covers the cases
    assert ("Owner's override" in wanted) == (kind == "tracker")  # not an exception once overridden
    assert issue.title in page and issue.title in text
    for figure in wanted + [report_files.KEY, report_files.introduction(issue)]:
        assert figure in page, figure
        assert figure in text, figure
    # Cell for cell, the tables are the page's tables.
    if file_format == "docx":
        tables = [
            [[c.text for c in row.cells] for row in t.rows] for t in Document(io.BytesIO(content)).tables
        ]
    else:
        tables = [t.get_values() for t in odfdo.Document(io.BytesIO(content)).body.get_tables()]
    rows = [[" ".join(str(cell).split()) for cell in row] for table in tables for row in table]
    assert rows == page_rows(client, stranger, issue) and len(rows) > 2


def test_the_docx_has_its_title_language_headings_and_tables_with_repeating_header_rows(actions, stranger):
    issue = services.report_issue_create(by=stranger, kind="tracker", plan=actions, today=TODAY)
    document = Document(io.BytesIO(report_files.render(issue, "docx")))
    assert document.core_properties.title == issue.title
    assert document.core_properties.language == "en-GB"
    assert document.styles.element.find(f".//{qn('w:lang')}").get(qn("w:val")) == "en-GB"
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", issue.title)
    assert ("Heading 2", "How to read this report") in headings
    assert ("Heading 2", "Goal 1: Goal one") in headings
    (table,) = document.tables
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells] == [
        "Action",
        "Owner",
        "Due",
        "Originally due",
        "Status",
        "Slippage (days)",
        "Latest update",
    ]
    assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "Actions for Goal one"
    rows = {row.cells[0].text: row for row in table.rows[1:]}
    assert set(rows) == {"Publish the action plan", "Open the family hub", "Train the lead professionals"}
    overdue = rows["Open the family hub"].cells[4].paragraphs[0].runs[0]
    # The status in words and shape, shaded red as well: never the colour alone.
    assert overdue.text == "■ Red: overdue" and overdue.bold
    assert overdue._r.rPr.find(qn("w:shd")).get(qn("w:fill")) == "F4CDC6"
    assert rows["Publish the action plan"].cells[5].text == "59"


def test_the_odt_has_its_title_language_headings_and_tables_with_header_rows(actions, stranger):
    issue = services.report_issue_create(by=stranger, kind="exceptions", plan=actions, today=TODAY)
    document = odfdo.Document(io.BytesIO(report_files.render(issue, "odt")))
    assert document.meta.title == issue.title and document.meta.language == "en-GB"
    assert document.get_language() == "en-GB"
    headers = [(int(h.level), h.text_recursive) for h in document.body.get_headers()]
    assert headers[0] == (1, issue.title)
    assert (2, f"Actions ({len(issue.data['actions'])})") in headers
    (table,) = document.body.get_tables()
    assert table.get_elements("table:table-header-rows")
    values = table.get_values()
    assert values[0] == ["Action", "Owner", "Status", "Why it is listed"]
    assert {row[0] for row in values[1:]} == {a["title"] for a in issue.data["actions"]}


@pytest.mark.parametrize("kind", ["tracker", "exceptions"])
def test_the_xlsx_and_csv_annex_carry_the_figures_of_the_page_one_row_per_action(
    client, actions, stranger, kind
):
    issue = services.report_issue_create(by=stranger, kind=kind, plan=actions, today=TODAY)
    page = page_text(client, stranger, issue)
    workbook = openpyxl.load_workbook(io.BytesIO(report_files.render(issue, "xlsx")))
    assert workbook.sheetnames[:2] == ["About", "Actions"]
    assert workbook.properties.title == issue.title
    sheet = workbook["Actions"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == report_files.ANNEX_COLUMNS
    column = {name: number for number, name in enumerate(rows[0])}
    assert len(rows) - 1 == (3 if kind == "tracker" else 2)  # an override is not an exception
    whys = {a["title"]: [e["why"] for e in a["exceptions"]] for a in issue.data.get("actions", [])}
    assert kind == "tracker" or all(whys.values())
    for number, row in enumerate(rows[1:], start=2):
        assert row[column["Action"]] in page and row[column["Owner"]] in page
        for why in whys.get(row[column["Action"]], []):  # exceptions: the reasons the page gives
            assert why in page and why in row[column["Why listed"]], why
        for name in ("Due", "Original due"):
            value = row[column[name]]
            assert isinstance(value, datetime), (name, value)
            assert sheet.cell(number, column[name] + 1).number_format == "d mmm yyyy"
            if kind == "tracker":
                assert report_files.day_shown(value.date()) in page
        rag, state = row[column["RAG"]], row[column["State"]]
        assert f"{rag}: {state.lower()}" in page
        if kind == "tracker":
            assert str(row[column["Slippage (days)"]]) in page
    by_title = {row[column["Action"]]: row for row in rows[1:]}
    slipped = by_title["Publish the action plan"]
    assert slipped[column["Slippage (days)"]] == 59
    assert slipped[column["Due"]] == datetime(2027, 2, 28)
    assert slipped[column["Original due"]] == datetime(2026, 12, 31)
    assert by_title["Open the family hub"][column["RAG"]] == "Red"
    if kind == "tracker":
        overridden = by_title["Train the lead professionals"]
        assert overridden[column["Override reason"]] == "All eighteen places are booked for December."
        assert "All eighteen places are booked for December." in page
    # The CSV: the same header and rows, dates as ISO 8601.
    table = csv_rows(report_files.render(issue, "csv"))
    assert table[0] == report_files.ANNEX_COLUMNS
    as_text = [
        ["" if v is None else v.date().isoformat() if isinstance(v, datetime) else str(v) for v in row]
        for row in rows[1:]
    ]
    assert table[1:] == as_text


def test_the_about_sheet_says_what_the_report_is_and_that_progress_is_synthetic(actions, planner):
    services.report_issue_create(by=planner, kind="tracker", plan=actions, today=TODAY)
    issue = services.report_issue_create(by=planner, kind="tracker", plan=actions, today=TODAY, public=True)
    issue.data["synthetic"] = True  # as a demo plan's issue would be frozen
    about = dict((row[0], row[1]) for row in xlsx_sheets(report_files.render(issue, "xlsx"))["About"])
    assert about["Report"] == issue.title
    assert about["Data as at"] == datetime(2026, 11, 30)
    assert isinstance(about["Frozen on"], datetime)
    assert about["Public"].startswith("Yes")
    assert about["Synthetic"].startswith("Synthetic progress.")
    assert about["How to read this report"] == report_files.KEY
    for file_format in ("docx", "odt"):
        content = report_files.render(issue, file_format)
        text = docx_text(content) if file_format == "docx" else odt_text(content)
        assert "Synthetic progress." in text and "the public version (restricted items left out)" in text


def test_a_title_that_looks_like_a_formula_stays_text_in_the_xlsx_and_csv(plan, planner, stranger):
    action_make(by=planner, plan=plan, title=FORMULA, due_text="@SUM(1+1)")
    issue = services.report_issue_create(by=stranger, kind="tracker", plan=plan, today=TODAY)
    workbook = openpyxl.load_workbook(io.BytesIO(report_files.render(issue, "xlsx")))
    cells = [c for row in workbook["Actions"].iter_rows(min_row=2) for c in row]
    title = next(c for c in cells if isinstance(c.value, str) and FORMULA in c.value)
    assert title.data_type == "s" and title.value == "'" + FORMULA
    assert not [c for c in cells if c.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(report_files.render(issue, "xlsx"))) as package:
        assert not [n for n in package.namelist() if "<f>" in package.read(n).decode("utf-8", "replace")]
    (row,) = csv_rows(report_files.render(issue, "csv"))[1:]
    assert row[2] == "'" + FORMULA
    # A document is not a spreadsheet: there the title is shown as typed.
    assert FORMULA in docx_text(report_files.render(issue, "docx"))


def test_the_key_of_the_files_is_the_key_of_the_page(client, actions, stranger):
    issue = services.report_issue_create(by=stranger, kind="tracker", plan=actions, today=TODAY)
    page = page_text(client, stranger, issue)
    assert f"{report_files.KEY_HEADING} {report_files.KEY}" in page


def test_a_public_issues_files_leave_out_the_actions_the_public_may_not_see(client, planner, plan):
    plan.visibility = "public"
    plan.status = "active"
    plan.save()
    action_make(by=planner, plan=plan, title="Open work", visibility="public")
    action_make(by=planner, plan=plan, title="Partners' work", visibility="partnership")
    action_make(by=planner, plan=plan, title="Quiet work", visibility="restricted")
    public = services.report_issue_create(by=planner, kind="tracker", plan=plan, public=True, today=TODAY)
    private = services.report_issue_create(by=planner, kind="tracker", plan=plan, today=TODAY)
    for file_format in ("docx", "odt", "xlsx", "csv"):
        # The public reads the public issue's files without signing in.
        response = client.get(reverse("plans:report-download", args=[public.pk, file_format]))
        assert response.status_code == 200
        shown = {
            "docx": docx_text,
            "odt": odt_text,
            "xlsx": lambda c: str(xlsx_sheets(c)),
            "csv": lambda c: c.decode("utf-8"),
        }[file_format]
        text = shown(response.content)
        assert "Open work" in text and "Partners" not in text and "Quiet work" not in text
        # The partnership's issue has the partnership's actions, never restricted ones.
        text = shown(report_files.render(private, file_format))
        assert "Open work" in text and "Partners" in text and "Quiet work" not in text
        assert client.get(reverse("plans:report-download", args=[private.pk, file_format])).status_code == 404


@pytest.mark.parametrize("file_format", list(report_files.FORMATS))
def test_each_download_has_its_content_type_and_a_file_name_that_says_what_it_is(
    client, actions, stranger, file_format
):
    issue = services.report_issue_create(by=stranger, kind="tracker", plan=actions, today=TODAY)
    client.force_login(stranger)
    response = client.get(reverse("plans:report-download", args=[issue.pk, file_format]))
    assert response.status_code == 200
    assert response["Content-Type"] == report_files.FORMATS[file_format]
    assert response["Content-Disposition"] == (
        f'attachment; filename="action-plan-tracker-early-help-strategy-2026-11-30.{file_format}"'
    )
    page = client.get(reverse("plans:report", args=[issue.pk])).content.decode()
    assert reverse("plans:report-download", args=[issue.pk, file_format]) in page


def test_a_kind_without_a_file_layout_is_offered_and_served_as_html_and_pdf_only(
    client, actions, stranger, tmp_path
):
    issue = services.report_issue_create(by=stranger, kind="plan-on-a-page", plan=actions, today=TODAY)
    assert report_files.formats_for("plan-on-a-page") == ["html", "pdf"]
    client.force_login(stranger)
    page = client.get(reverse("plans:report", args=[issue.pk])).content.decode()
    for file_format in report_files.FORMATS:
        address = reverse("plans:report-download", args=[issue.pk, file_format])
        offered = file_format in ("html", "pdf")
        assert (address in page) == offered
        assert client.get(address).status_code == (200 if offered else 404)
    output = tmp_path / "page.html"
    args = ["--plan", str(actions.pk), "--format", "html", "--output", str(output)]
    call_command("plans", "report", "plan-on-a-page", *args, "--as", "stranger", stdout=io.StringIO())
    assert issue.title in output.read_text()


def test_an_unknown_download_format_is_not_found(client, actions, stranger):
    issue = services.report_issue_create(by=stranger, kind="tracker", plan=actions, today=TODAY)
    client.force_login(stranger)
    assert client.get(f"/plans/reports/{issue.pk}/report.rtf").status_code == 404


# The command line ----------------------------------------------------------------------------------

OPENS = {
    "html": lambda c: c.startswith(b"<!DOCTYPE html>"),
    "pdf": lambda c: c.startswith(b"%PDF-"),
    "docx": lambda c: "Publish the action plan" in docx_text(c),
    "odt": lambda c: "Publish the action plan" in odt_text(c),
    "xlsx": lambda c: xlsx_sheets(c)["Actions"][1][2] == "Publish the action plan",
    "csv": lambda c: csv_rows(c)[1][2] == "Publish the action plan",
}


def content(data: bytes):
    """A file's content: a zip package's members (not the times the zip stamps on them)."""
    if not data.startswith(b"PK"):
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


@pytest.mark.parametrize("file_format", list(report_files.FORMATS))
def test_the_command_freezes_an_issue_and_writes_each_format(tmp_path, action, system, file_format):
    output = tmp_path / f"tracker.{file_format}"
    out = io.StringIO()
    call_command(
        "plans",
        "report",
        "tracker",
        "--plan",
        str(action.plan_id),
        "--format",
        file_format,
        "--output",
        str(output),
        stdout=out,
    )
    issue = ReportIssue.objects.get()
    assert issue.kind == "tracker" and issue.generated_by == system and not issue.public
    assert OPENS[file_format](output.read_bytes())
    assert content(output.read_bytes()) == content(report_files.render(issue, file_format)) or (
        file_format == "pdf"  # a PDF carries the time it was drawn
    )
    assert str(output) in out.getvalue() and [p.name for p in tmp_path.iterdir()] == [output.name]


def test_the_command_acts_as_the_user_given_and_writes_the_public_version(tmp_path, planner, plan):
    plan.visibility = "public"
    plan.status = "active"
    plan.save()
    action_make(by=planner, plan=plan, title="Open work", visibility="public")
    action_make(by=planner, plan=plan, title="Quiet work", visibility="restricted")
    output = tmp_path / "public.csv"
    args = ["--plan", str(plan.pk), "--format", "csv", "--output", str(output), "--public"]
    call_command("plans", "report", "exceptions", *args, "--as", "planner", stdout=io.StringIO())
    issue = ReportIssue.objects.get()
    assert issue.public and issue.generated_by == planner and issue.kind == "exceptions"
    text = output.read_text()
    assert "Open work" in text and "Quiet work" not in text


def test_load_demo_still_works_beside_the_report_command(system):
    out = io.StringIO()
    call_command("plans", "load-demo", "--owners", "nobody", stdout=out)
    assert "Plans added:" in out.getvalue()


@pytest.mark.parametrize(
    ("kind", "plan_id", "file_format", "where", "said"),
    [
        ("cover", None, "pdf", "output.pdf", f"The kinds are: {', '.join(reports.BUILDERS)} "),
        ("nonsense", None, "pdf", "output.pdf", "KIND: there is no report of kind 'nonsense'"),
        ("tracker", "abc", "pdf", "output.pdf", "--plan: 'abc' is not a plan id"),
        ("tracker", "99999", "pdf", "output.pdf", "--plan: there is no plan with id 99999"),
        ("tracker", None, "rtf", "output.rtf", "--format: 'rtf' is not a format"),
        ("plan-on-a-page", None, "docx", "page.docx", "is written as html or pdf for now, not docx"),
        ("tracker", None, "docx", "missing/output.docx", "does not exist"),
        ("tracker", None, "docx", ".", "is a folder"),
    ],
)
def test_the_command_refuses_bad_input_saying_what_and_where_with_nothing_written(
    tmp_path, action, system, kind, plan_id, file_format, where, said
):
    output = tmp_path / where
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command(
            "plans",
            "report",
            kind,
            "--plan",
            plan_id or str(action.plan_id),
            "--format",
            file_format,
            "--output",
            str(output),
        )
    assert said in str(refused.value)
    assert not ReportIssue.objects.exists() and AuditEvent.objects.count() == events
    assert list(tmp_path.iterdir()) == []


def test_the_command_refuses_someone_who_may_not_read_the_plan_and_records_the_refusal(
    tmp_path, action, user_with_role
):
    user_with_role("provider", username="prov")
    output = tmp_path / "tracker.pdf"
    args = ["--plan", str(action.plan_id), "--format", "pdf", "--output", str(output)]
    with pytest.raises(CommandError, match="--as prov: You cannot produce reports of this plan."):
        call_command("plans", "--as", "prov", "report", "tracker", *args)
    assert not ReportIssue.objects.exists() and list(tmp_path.iterdir()) == []
    assert AuditEvent.objects.filter(refused=True, object_type="plan", object_id=str(action.plan_id)).exists()


def test_a_file_that_cannot_be_written_leaves_no_issue_and_no_file(tmp_path, action, system, monkeypatch):
    from equalchance.plans.management.commands import plans as command

    def full(target, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(command, "_write", full)
    output = tmp_path / "tracker.docx"
    args = ["--plan", str(action.plan_id), "--format", "docx", "--output", str(output)]
    with pytest.raises(CommandError, match="could not be written .No space left on device."):
        call_command("plans", "report", "tracker", *args)
    assert not ReportIssue.objects.exists() and list(tmp_path.iterdir()) == []
