"""A frozen report as DOCX, ODT, XLSX and CSV: each opens in its reader and says what the page of the
same issue says; text never becomes a formula; the command line writes each format and refuses bad
input with nothing frozen or written; a public issue's files leave out restricted actions."""

import csv
import html
import io
import json
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
from equalchance.frontend.tests.tagged import assert_tagged, pdf_text
from equalchance.plans import demo, report_files, reports, services
from equalchance.plans.models import Plan, ReportIssue
from equalchance.plans.tests.factories import action_make, plan_make

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
    """What a reader reads: a picture's own title (its alternative text for a tagged PDF) is not text
    of the page."""
    markup = re.sub(r"<title>[^<]*</title>", " ", markup.split("</head>", 1)[-1])
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
    """The words of every paragraph and heading, in order (the body's own text marks lists up)."""
    body = odfdo.Document(io.BytesIO(content)).body
    return " ".join(" ".join(e.text_recursive for e in body.get_elements("//text:p|//text:h")).split())


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
    assert table.get_element("table:title").text == "Actions listed, with why"
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


# Every other kind, from the seed documents' plans -----------------------------------------------

SKIPPED_KEYS = {"id", "css", "state", "rag", "chart", "as_at", "plan", "public", "synthetic", "part", "unit"}
SKIPPED_KEYS |= {"same_data", "key", "before", "after", "change", "placed", "cells", "on", "raised"}
SKIPPED_KEYS |= {"baseline_on", "meeting_date", "appendices"}


def said(data, key=None):
    """Every piece of text the frozen data holds for a reader (not ids, codes for machines or numbers,
    whose shown form the tables' cell-for-cell check covers)."""
    if key in SKIPPED_KEYS:
        return
    if isinstance(data, dict):
        for k, v in data.items():
            yield from said(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from said(v, key)
    elif isinstance(data, str) and data.strip():
        yield from (line.strip() for line in data.splitlines() if line.strip())


def number(value) -> bool:
    """A number, or text that is one (CSV has no types; a spreadsheet gives 100.0 back as 100)."""
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return not isinstance(value, bool)


def _approved_area_plan(planner):
    plan = Plan.objects.filter(type="area_action_plan", key__startswith="rotherham").order_by("key").first()
    services.plan_status_change(
        by=planner, plan=plan, status="approved", decision_text="Cabinet agreed the plan", decided_on=TODAY
    )
    return plan


SEEDED = {
    "plan-on-a-page": lambda planner: Plan.objects.get(key="solihull-council-plan-2014-20"),
    "scrutiny": lambda planner: Plan.objects.get(key="redditch-sustainable-community-strategy"),
    "matrix": lambda planner: Plan.objects.get(key="solihull-children-skills-business-plan-2014-17"),
    "area-baseline": _approved_area_plan,
}


def cover_make(planner, plan):
    tracker = services.report_issue_create(by=planner, kind="tracker", plan=plan, today=TODAY)
    exceptions = services.report_issue_create(by=planner, kind="exceptions", plan=plan, today=TODAY)
    fields = {
        "meeting": "Cabinet",
        "meeting_date": date(2027, 6, 20),
        "title": "Early help: progress",
        "directorate": "",
        "summary": "Progress on the strategy.\nTwo actions are late.",
        "recommendations": "Note the progress.\nAgree the revised dates.",
        "proposals": "",
        "finance": "Within budget.",
        "risks": "",
        "implications": "",
        "contacts": "Head of Early Help",
    }
    cover = services.cover_report_create(
        by=planner, plan=plan, fields=fields, appendices=[tracker, exceptions]
    )
    return cover, [tracker, exceptions]


@pytest.fixture
def seeded(system):
    demo.seeds_load(by=system)


@pytest.mark.parametrize("kind", ["plan-on-a-page", "scrutiny", "matrix", "area-baseline", "cover"])
def test_every_kind_of_report_is_written_in_every_format_and_says_what_its_page_says(
    client, seeded, planner, actions, kind
):
    if kind == "cover":
        issue, appendices = cover_make(planner, actions)
    else:
        issue = services.report_issue_create(by=planner, kind=kind, plan=SEEDED[kind](planner), today=TODAY)
        appendices = []
    page = page_text(client, planner, issue)
    wanted = list(said(issue.data))
    assert len(wanted) > 5, wanted  # the seeds give each kind something to say
    documents = {
        "docx": docx_text(report_files.render(issue, "docx")),
        "odt": odt_text(report_files.render(issue, "odt")),
    }
    for text in [page, *documents.values()]:
        for words_said in wanted + [issue.title, report_files.introduction(issue)]:
            assert " ".join(words_said.split()) in text, words_said
        # The key to the statuses only where statuses are shown (not, say, on a cover, whose files
        # carry it with the tracker bound in).
        assert (report_files.KEY in text) == (kind in reports.KEYED or (kind == "cover" and text != page))
    # Cell for cell, the documents' tables are the page's tables.
    content = report_files.render(issue, "docx")
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in Document(io.BytesIO(content)).tables]
    odt_tables = odfdo.Document(io.BytesIO(report_files.render(issue, "odt"))).body.get_tables()
    shown = page_rows(client, planner, issue)
    for found in (tables, [t.get_values() for t in odt_tables]):
        rows = [[" ".join(str(cell).split()) for cell in row] for table in found for row in table]
        if appendices:  # a cover's files bind its appendices in after its own tables
            rows = rows[: len(shown)]
        assert rows == shown
    # The annex: an About sheet, then the kind's sheets; its first sheet is the CSV.
    sheets = xlsx_sheets(report_files.render(issue, "xlsx"))
    first = next(name for name in sheets if name != "About")
    assert list(sheets)[1] == first and len(sheets[first]) > 1
    table = csv_rows(report_files.render(issue, "csv"))
    as_text = [
        [
            ""
            if v is None
            else v.date().isoformat()
            if isinstance(v, datetime)
            else float(v)
            if number(v)
            else v
            for v in row
        ]
        for row in sheets[first]
    ]
    assert [[float(v) if number(v) else v for v in row] for row in table] == as_text
    for row in sheets[first][1:]:
        for value in row:
            for line in str(value).splitlines() if isinstance(value, str) else ():
                assert line.removeprefix("'") in page or line in ("Yes", "No", "Deprivation", "Scorecard"), (
                    line
                )


def test_a_cover_reports_files_bind_in_its_appendices_each_from_a_new_page(client, planner, actions):
    cover, (tracker, exceptions) = cover_make(planner, actions)
    client.force_login(planner)
    page = client.get(reverse("plans:report", args=[cover.pk])).content.decode()
    # The page links to the appendices; the files carry them.
    assert reverse("plans:report", args=[tracker.pk]) in page and "Train the lead professionals" not in page
    assert "bind in its 2 appendices" in words(page)
    document = Document(io.BytesIO(report_files.render(cover, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [cover.title, f"Appendix 1: {tracker.title}", f"Appendix 2: {exceptions.title}"]
    breaks = document.element.body.findall(f".//{qn('w:br')}")
    assert [b.get(qn("w:type")) for b in breaks].count("page") == 2
    # In the ODT, each appendix's heading has a style that starts a new page; other headings are headings.
    odt = odfdo.Document(io.BytesIO(report_files.render(cover, "odt")))
    headers = {h.text_recursive: h.style for h in odt.body.get_headers()}
    for title in (f"Appendix 1: {tracker.title}", f"Appendix 2: {exceptions.title}"):
        style = odt.get_style("paragraph", headers[title])
        assert style.get_properties(area="paragraph")["fo:break-before"] == "page"
    assert headers[cover.title] == "Heading_20_1" and headers["5. Summary"] == "Heading_20_2"
    for file_format, text in (
        ("docx", docx_text(report_files.render(cover, "docx"))),
        ("odt", odt_text(report_files.render(cover, "odt"))),
        ("pdf", " ".join(pdf_text(report_files.render(cover, "pdf")).split())),
        ("html", words(report_files.render(cover, "html").decode())),
    ):
        for figure in [f"Appendix 1: {tracker.title}", f"Appendix 2: {exceptions.title}"] + figures(tracker):
            assert figure in text, (file_format, figure)
    assert_tagged(report_files.render(cover, "pdf"), cover.title)
    standalone = report_files.render(cover, "html").decode()
    assert 'href="#appendix-1"' in standalone and 'id="appendix-1"' in standalone
    annex = xlsx_sheets(report_files.render(cover, "xlsx"))["Appendices"]
    assert [row[1] for row in annex[1:]] == [tracker.title, exceptions.title]


def test_a_cover_never_binds_in_a_report_of_another_plan_or_one_its_author_may_not_read(
    planner, stranger, actions
):
    other = plan_make(by=planner, title="Another plan")
    elsewhere = services.report_issue_create(by=planner, kind="tracker", plan=other, today=TODAY)
    cover, _ = cover_make(planner, actions)
    own = services.report_issue_create(by=planner, kind="tracker", plan=actions, today=TODAY)
    fields = {
        "meeting": "Cabinet",
        "meeting_date": TODAY,
        "title": "T",
        "summary": "S",
        "recommendations": "R",
    }
    made = services.cover_report_create(
        by=planner, plan=actions, fields=fields, appendices=[elsewhere, cover, own]
    )
    assert [a["id"] for a in made.data["appendices"]] == [own.pk]
    assert [a.pk for _, a in reports.appendices(made)] == [own.pk]


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
        ("cover", None, "pdf", "output.pdf", "--fields: a cover report needs its fields (a JSON file)"),
        ("nonsense", None, "pdf", "output.pdf", "KIND: there is no report of kind 'nonsense'"),
        ("nonsense", None, "pdf", "output.pdf", f"The kinds are: {', '.join(ReportIssue.Kind.values)}."),
        ("tracker", "abc", "pdf", "output.pdf", "--plan: 'abc' is not a plan id"),
        ("tracker", "99999", "pdf", "output.pdf", "--plan: there is no plan with id 99999"),
        ("tracker", None, "rtf", "output.rtf", "--format: 'rtf' is not a format"),
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


COVER = {
    "meeting": "Cabinet",
    "meeting_date": "20/6/2027",
    "title": "Early help: progress",
    "summary": "Progress on the strategy.",
    "recommendations": ["Note the progress.", "Agree the revised dates."],
}


def test_the_command_writes_a_cover_report_from_its_fields_with_its_appendices_bound_in(
    tmp_path, tmp_path_factory, action, planner
):
    tracker = services.report_issue_create(by=planner, kind="tracker", plan=action.plan, today=TODAY)
    fields = tmp_path_factory.mktemp("fields") / "cover.json"
    fields.write_text(json.dumps(COVER))
    output = tmp_path / "cover.docx"
    args = ["--plan", str(action.plan_id), "--format", "docx", "--output", str(output)]
    call_command(
        "plans", "--as", planner.username, "report", "cover", *args, "--fields", str(fields),
        "--appendix", str(tracker.pk), stdout=io.StringIO(),
    )  # fmt: skip
    cover = ReportIssue.objects.get(kind="cover")
    assert cover.data["recommendations"] == COVER["recommendations"] and cover.generated_by == planner
    text = docx_text(output.read_bytes())
    for said_here in ("Agree the revised dates.", f"Appendix 1: {tracker.title}", "Publish the action plan"):
        assert said_here in text


@pytest.mark.parametrize(
    ("fields", "appendix", "said"),
    [
        ("{not json", None, "is not JSON text"),
        ('["a list"]', None, "must hold one JSON object"),
        (
            json.dumps(COVER | {"finanse": "Within budget."}),
            None,
            "fields a cover report does not have: 'finanse'",
        ),
        (
            json.dumps(COVER | {"meeting_date": "1/1/1900"}),
            None,
            "field 'meeting_date': Enter a date from 1 January 2000",
        ),
        (json.dumps(COVER | {"meeting_date": "31/2/2027"}), None, "field 'meeting_date': Enter a real date"),
        (json.dumps({k: v for k, v in COVER.items() if k != "summary"}), None, "field 'summary'"),
        (json.dumps(COVER), "abc", "--appendix: 'abc' is not a report id"),
        (json.dumps(COVER), "elsewhere", "--appendix: Choose the appendices from the list of reports"),
    ],
)
def test_the_command_refuses_a_bad_cover_saying_what_and_where_with_nothing_written(
    tmp_path, tmp_path_factory, action, planner, fields, appendix, said
):
    other = plan_make(by=planner, title="Another plan")
    elsewhere = services.report_issue_create(by=planner, kind="tracker", plan=other, today=TODAY)
    path = tmp_path_factory.mktemp("fields") / "cover.json"
    path.write_text(fields)
    args = ["--plan", str(action.plan_id), "--format", "pdf", "--output", str(tmp_path / "cover.pdf")]
    if appendix:
        args += ["--appendix", str(elsewhere.pk) if appendix == "elsewhere" else appendix]
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("plans", "--as", planner.username, "report", "cover", *args, "--fields", str(path))
    assert said in str(refused.value)
    assert not ReportIssue.objects.filter(kind="cover").exists() and AuditEvent.objects.count() == events
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


@pytest.mark.parametrize("kind", ["exceptions", "quarterly"])
def test_a_frozen_report_of_an_empty_plan_says_there_was_nothing_to_check_on_the_page_and_in_files(
    client, planner, stranger, kind
):
    """Probe 6: an empty plan's exception report read as "all is well": no action needs attention, every
    objective has a measure. The frozen report keeps the words with its figures."""
    empty = plan_make(by=planner, title="Not yet written", visibility="partnership")
    issue = services.report_issue_create(by=stranger, kind=kind, plan=empty, today=TODAY)
    said = [
        "The plan has no actions, so none could be checked.",
        "The plan has no themes, objectives or goals, so none could be checked.",
    ] + (["The plan has no measures, so none could be checked."] if kind == "quarterly" else [])
    page = page_text(client, stranger, issue)
    documents = [docx_text(report_files.render(issue, "docx")), odt_text(report_files.render(issue, "odt"))]
    for sentence in said:
        assert sentence in page and all(sentence in text for text in documents), sentence
    for text in (page, *documents):
        assert "No action needs attention" not in text and "has a measure" not in text


def test_a_report_frozen_before_the_counts_were_kept_still_says_what_it_said(stranger, actions):
    issue = services.report_issue_create(by=stranger, kind="exceptions", plan=actions, today=TODAY)
    issue.data.pop("none_listed")
    issue.data["actions"], issue.data["blind"] = [], []
    text = docx_text(report_files.render(issue, "docx"))
    assert "No action needs attention." in text and "Every theme, objective and goal has a measure." in text
