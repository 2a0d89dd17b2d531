"""Plans in and out of spreadsheets: a bad file is refused whole, naming file, row, column and reason,
with nothing written; a good one imports; importing it again changes nothing; an export imports back."""

import csv
import html
import io
import re
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from equalchance.common.validated_csv import DataFileError
from equalchance.plans.importing import plans_import
from equalchance.plans.models import Action, Plan, PlanElement
from equalchance.plans.tests.factories import action_make

pytestmark = pytest.mark.django_db
HEADER = (
    "record,plan,code,parent,kind,title,type,category,owner,lead,start,due,status,percent_complete,"
    "visibility\n"
)
GOOD = HEADER + (
    "plan,early-help-2027,,,,Early Help Strategy 2027,strategy,,,,1/4/2027,31/3/2030,,,partnership\n"
    "element,early-help-2027,1,,goal,Families get help early,,,,,,,,,\n"
    "element,early-help-2027,1.a,1,objective,Fewer crises,,,,,,,,,\n"
    'action,early-help-2027,1.a,,,"=HYPERLINK(""http://x"")",quick_win,,owner,Family Hub,'
    "1/4/2027,30/9/2027,in_progress,20,\n"
)


def write(tmp_path, text, name="plans.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_file_is_refused_whole_naming_row_and_column(planner, owner, tmp_path):
    bad = (
        GOOD.replace("goal,Families", "aim,Families")
        .replace("30/9/2027", "31/2/2027")
        .replace("quick_win,,owner", "quick_win,,nobody")
    )
    with pytest.raises(DataFileError) as refused:
        plans_import(by=planner, path=write(tmp_path, bad))
    said = [str(p) for p in refused.value.problems]
    assert any(s.startswith("plans.csv, row 3, column kind: 'aim' is not a kind of element") for s in said)
    assert any(s.startswith("plans.csv, row 5, column due: '31/2/2027' is not a date") for s in said)
    assert any(
        s.startswith("plans.csv, row 5, column owner: there is no active user called 'nobody'") for s in said
    )
    assert not Plan.objects.filter(key="early-help-2027").exists() and not PlanElement.objects.exists()


@pytest.mark.parametrize("percent", ["²", "101", "9" * 5000, "-5", "50%"])
def test_a_percentage_complete_that_is_not_0_to_100_is_refused_naming_row_and_column(
    planner, owner, tmp_path, percent
):
    """Probe finding: "²" (a digit to str.isdigit(), not to int()) stopped the import with an error."""
    with pytest.raises(DataFileError) as refused:
        plans_import(
            by=planner, path=write(tmp_path, GOOD.replace("in_progress,20,", f"in_progress,{percent},"))
        )
    said = [str(p) for p in refused.value.problems]
    assert "plans.csv, row 5, column percent_complete: must be a whole number from 0 to 100" in said
    assert not Plan.objects.filter(key="early-help-2027").exists()


def test_a_good_file_imports_and_importing_it_again_changes_nothing(planner, owner, tmp_path):
    path = write(tmp_path, GOOD)
    nothing_left = {"left_as_held": []}
    assert plans_import(by=planner, path=path) == {"plans": 1, "elements": 2, "actions": 1} | nothing_left
    plan = Plan.objects.get(key="early-help-2027")
    action = Action.objects.get(plan=plan)
    assert action.element.code == "1.a" and action.owner == owner and action.percent_complete == 20
    assert action.title == '=HYPERLINK("http://x")' and action.original_due == action.due
    assert PlanElement.objects.get(plan=plan, code="1.a").parent.code == "1"
    assert plans_import(by=planner, path=path) == {"plans": 0, "elements": 0, "actions": 0} | nothing_left


def test_a_re_import_that_differs_from_what_is_held_says_which_rows_and_columns_it_left(
    client, planner, owner, tmp_path
):
    plans_import(by=planner, path=write(tmp_path, GOOD))
    changed = GOOD.replace("30/9/2027,in_progress,20", "30/6/2027,completed,100").replace(
        "Fewer crises", "Fewer family crises"
    )
    result = plans_import(by=planner, path=write(tmp_path, changed))
    assert result["actions"] == 0 and result["elements"] == 0
    assert result["left_as_held"] == [
        "plans.csv, row 4: the element '1.a' is already held and was left as it is; "
        "the file differs in title",
        "plans.csv, row 5: the action '=HYPERLINK(\"http://x\")' is already held and was left as it is; "
        "the file differs in due, status, percent_complete",
    ]
    action = Action.objects.get()
    assert action.due == date(2027, 9, 30) and action.percent_complete == 20  # nothing changed
    client.force_login(planner)
    upload = SimpleUploadedFile("plans.csv", changed.encode(), content_type="text/csv")
    page = html.unescape(client.post(reverse("plans:import"), {"file": upload}, follow=True).content.decode())
    # One banner, not a success: it says what was left and why, before anything else.
    banners = re.findall(r'class="govuk-notification-banner(?: [^"]*)?"', page)
    assert len(banners) == 1 and "--success" not in banners[0]
    banner = page[page.index(banners[0]) :]
    assert banner.index("2 rows already held differ from the file") < banner.index(
        "the file differs in due, status, percent_complete"
    )


def test_an_export_imports_back_into_the_same_records_and_keeps_formulas_as_text(
    client, planner, owner, tmp_path
):
    plans_import(by=planner, path=write(tmp_path, GOOD))
    plan = Plan.objects.get(key="early-help-2027")
    client.force_login(planner)
    exported = client.get(reverse("plans:export", args=[plan.pk, "csv"])).content.decode()
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[-1][5] == '\'=HYPERLINK("http://x")'  # shown as text by spreadsheet programs
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("plans:export", args=[plan.pk, "xlsx"])).content)
    )
    assert workbook.active["F5"].data_type == "s"
    Action.objects.all().delete()
    # What is held and exported is what the file says: nothing is reported as differing.
    assert plans_import(by=planner, path=write(tmp_path, exported, "export.csv")) == {
        "plans": 0,
        "elements": 0,
        "actions": 1,
        "left_as_held": [],
    }
    assert Action.objects.get().title == '=HYPERLINK("http://x")'


def test_a_viewer_cannot_import_and_an_upload_that_is_not_a_spreadsheet_is_refused(client, planner, stranger):
    client.force_login(stranger)
    assert client.get(reverse("plans:import")).status_code == 403
    client.force_login(planner)
    response = client.post(
        reverse("plans:import"), {"file": io.BytesIO(b"\x00\x01binary")}, format="multipart"
    )
    assert response.status_code == 200 and not Plan.objects.exists()


def test_the_command_imports_a_file_and_refuses_a_bad_one_naming_row_and_column(planner, owner, tmp_path):
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("plans", "import", str(write(tmp_path, GOOD)), "--as", "planner", stdout=out)
    assert "Imported 1 plans, 2 elements and 1 actions." in out.getvalue()
    with pytest.raises(CommandError, match=r"bad\.csv, row 2, column type"):
        call_command("plans", "import", str(write(tmp_path, GOOD.replace("strategy,", "poem,"), "bad.csv")))
    with pytest.raises(CommandError, match="no such file"):
        call_command("plans", "import", str(tmp_path / "missing.csv"))


def test_an_export_holds_only_the_actions_its_reader_may_see(client, planner, stranger, plan):
    action_make(by=planner, plan=plan, title="Partners' work", visibility="partnership")
    action_make(by=planner, plan=plan, title="Quiet work", visibility="restricted", description="Secret")
    client.force_login(stranger)  # reads partnership plans, not restricted actions
    for file_format in ("csv", "xlsx"):
        content = client.get(reverse("plans:export", args=[plan.pk, file_format])).content
        text = (
            content.decode()
            if file_format == "csv"
            else str(
                [
                    [c.value for c in row]
                    for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows()
                ]
            )
        )
        assert "Partners" in text and "Quiet work" not in text and "Secret" not in text
    client.force_login(planner)
    assert "Quiet work" in client.get(reverse("plans:export", args=[plan.pk, "csv"])).content.decode()
