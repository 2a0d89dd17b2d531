"""Measures' values in from a spreadsheet: a good file enters every value (and submits them when asked);
a bad one is refused whole, each problem naming file, row, column and reason, with nothing written."""

import io
from datetime import date

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError

from equalchance.audit.actions import Action
from equalchance.audit.models import AuditEvent
from equalchance.common.validated_csv import DataFileError
from equalchance.performance import importing, services
from equalchance.performance.importing import template_rows, values_import
from equalchance.performance.models import MeasureValue
from equalchance.performance.tests.factories import measure_make

pytestmark = pytest.mark.django_db

HEADER = "measure_code,period,value,numerator,denominator,n,comment,provisional\n"
GOOD = HEADER + (
    "EH1,Q1 2025/26,120,,,,First quarter,no\nEH1,2025-07-01,135,,,,,yes\nEH2,Q1 2025/26,,45,60,60,,\n"
)


def write(tmp_path, text, name="values.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def workbook(tmp_path, rows, name="values.xlsx", formula=None):
    path = tmp_path / name
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("values")
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    if formula:
        sheet.write_formula(*formula)
    book.close()
    return path


def written():
    """What an import may write: the values and the audit trail."""
    return (
        list(MeasureValue.objects.order_by("pk").values_list("pk", "value", "status")),
        AuditEvent.objects.count(),
    )


def refused(by, path, **options) -> list[str]:
    before = written()
    with pytest.raises(DataFileError) as error:
        values_import(by=by, path=path, **options)
    assert written() == before, "a refused file wrote something"
    return [str(p) for p in error.value.problems]


def test_a_csv_file_enters_every_value_as_a_draft_with_one_audit_event_for_the_import(
    enterer, measure, percentage, tmp_path
):
    done = values_import(by=enterer, path=write(tmp_path, GOOD))
    assert (done.values, done.submitted, done.measures) == (3, 0, ["EH1", "EH2"])
    assert done.said() == "Imported 3 values for 2 measures as drafts."
    q1, q2 = measure.values.order_by("period_start")
    assert (q1.period_start, q1.period_end, q1.value, q1.comment, q1.provisional) == (
        date(2025, 4, 1),
        date(2025, 6, 30),
        120,
        "First quarter",
        False,
    )
    assert (q2.period_start, q2.value, q2.provisional, q2.status) == (date(2025, 7, 1), 135, True, "draft")
    share = percentage.values.get()
    assert (share.value, share.numerator, share.denominator, share.n) == (75, 45, 60, 60)
    event = AuditEvent.objects.get(action=Action.VALUES_IMPORT)
    assert event.actor == enterer
    assert event.changes == {"values": 3, "submitted": 0, "measures": ["EH1", "EH2"]}
    assert AuditEvent.objects.filter(action=Action.VALUE_ENTER).count() == 3


def test_an_xlsx_workbook_with_headings_in_any_case_imports_and_submits_for_approval(
    enterer, measure, percentage, tmp_path
):
    path = workbook(
        tmp_path,
        [
            ["Measure_Code", "PERIOD", "Value", "Numerator", "Denominator", "Provisional"],
            ["EH1", "Q3 2025/26", 98, None, None, "No"],
            ["EH2", "Q3 2025/26", 62.5, 25, 40, "yes"],
        ],
    )
    done = values_import(by=enterer, path=path, submit=True)
    assert (done.values, done.submitted) == (2, 2)
    assert done.said() == "Imported 2 values for 2 measures and sent them for approval."
    assert list(MeasureValue.objects.values_list("status", flat=True)) == ["submitted", "submitted"]
    assert percentage.values.get().provisional is True
    assert AuditEvent.objects.filter(action=Action.VALUE_SUBMIT).count() == 2
    assert AuditEvent.objects.get(action=Action.VALUES_IMPORT).changes["submitted"] == 2


def test_an_xlsx_date_cell_names_the_period_by_its_first_day(enterer, measure, tmp_path):
    path = tmp_path / "dates.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["measure_code", "period", "value"])
    sheet.write_row(1, 0, ["EH1"])
    sheet.write_datetime(1, 1, date(2025, 10, 1), book.add_format({"num_format": "dd/mm/yyyy"}))
    sheet.write_number(1, 2, 7)
    book.close()
    values_import(by=enterer, path=path)
    assert measure.values.get().period_start == date(2025, 10, 1)


def test_every_problem_is_listed_with_file_row_column_and_reason_and_nothing_is_written(
    enterer, measure, percentage, tmp_path
):
    bad = HEADER + (
        "EH1,Q1 2025/26,120,,,,,\n"  # fine on its own
        "EH1,Q5 2025/26,1,,,,,\n"
        "EH1,Q2 2025/26,lots,,,,,\n"
        "EH2,Q2 2025/26,,70,60,,,\n"
        "EH1,Q3 2025/26,4,,,-2,,\n"
        "EH1,Q4 2025/26,4,,,,,maybe\n"
        "EH1,Q1 2025/26,121,,,,,\n"
        "EH1,Q4 2099/00,4,,,,,\n"
        "EH2,Q4 2025/26,101,,,,,\n"
        "EH1,Q2 2024/25,4,,,99999999999999999999,,\n"  # probe 8: a server error, not a message
        'EH1,Q3 2024/25,"1,5",,,,,\n'  # probe 8: kept as 15
    )
    said = refused(enterer, write(tmp_path, bad))
    assert said == [
        'values.csv, row 3, column period: "Q5 2025/26" is not a quarter of the financial year: Q1 to Q4.',
        "values.csv, row 4, column value: The value must be a number, like 42, 1,250 or 61.5.",
        "values.csv, row 5, column numerator: The numerator must not be more than the denominator.",
        "values.csv, row 6, column n: The number of people or responses (n) must be a whole number, "
        "0 or more.",
        'values.csv, row 7, column provisional: "maybe" is not yes or no',
        "values.csv, row 8, column period: EH1 Q1 2025/26 is in the file already, at row 2",
        "values.csv, row 9, column period: Q4 2099/00 has not begun: "
        "a value is entered once its period has begun.",
        "values.csv, row 10, column value: A percentage must be between 0 and 100.",
        "values.csv, row 11, column n: The number of people or responses (n) must be smaller than "
        "1,000,000,000.",
        "values.csv, row 12, column value: The value must be a number, like 42, 1,250 or 61.5.",
    ]


def test_a_measure_that_is_not_the_importers_reads_the_same_as_one_that_does_not_exist(
    enterer, measure, definer, approver, tmp_path
):
    measure_make(by=definer, code="OTHER1", data_entry=[approver], approver=definer)
    text = HEADER + "OTHER1,Q1 2025/26,5,,,,,\nNOPE9,Q1 2025/26,5,,,,,\n"
    said = refused(enterer, write(tmp_path, text))
    assert said == [
        "values.csv, row 2, column measure_code: there is no measure 'OTHER1' that you enter values for",
        "values.csv, row 3, column measure_code: there is no measure 'NOPE9' that you enter values for",
    ]


def test_the_approver_and_definer_of_a_measure_may_not_import_its_values(
    definer, approver, measure, tmp_path
):
    path = write(tmp_path, HEADER + "EH1,Q1 2025/26,5,,,,,\n")
    for who in (definer, approver):
        assert refused(who, path) == [
            "values.csv, row 2, column measure_code: there is no measure 'EH1' that you enter values for"
        ]


@pytest.mark.parametrize("state", ["submitted", "approved"])
def test_a_value_submitted_or_approved_refuses_the_whole_file(enterer, approver, measure, tmp_path, state):
    held = services.value_enter(
        by=enterer, measure=measure, period_start=date(2025, 4, 1), period_end=date(2025, 6, 30), value=9
    )
    held = services.value_submit(by=enterer, value=held)
    if state == "approved":
        services.value_approve(by=approver, value=held)
    text = HEADER + "EH1,Q2 2025/26,10,,,,,\nEH1,Q1 2025/26,11,,,,,\n"
    said = refused(enterer, write(tmp_path, text))
    how = "waits for approval" if state == "submitted" else "is approved"
    assert said == [
        f"values.csv, row 3, column value: The value for Q1 2025/26 {how}: "
        "its approver returns it before it changes."
    ]


def test_importing_the_same_file_again_replaces_drafts_but_is_refused_once_submitted(
    enterer, measure, percentage, tmp_path
):
    path = write(tmp_path, GOOD)
    values_import(by=enterer, path=path)
    first = list(MeasureValue.objects.order_by("pk").values_list("pk", flat=True))
    path = write(tmp_path, GOOD.replace(",120,", ",125,"))
    values_import(by=enterer, path=path, submit=True)
    assert list(MeasureValue.objects.order_by("pk").values_list("pk", flat=True)) == first
    assert measure.values.get(period_start=date(2025, 4, 1)).value == 125
    assert set(MeasureValue.objects.values_list("status", flat=True)) == {"submitted"}
    said = refused(enterer, path, submit=True)
    assert len(said) == 3 and all("waits for approval" in s for s in said)


def test_a_submit_the_measure_cannot_take_is_refused_with_nothing_written(
    definer, enterer, measure, tmp_path
):
    measure_make(by=definer, code="NOAPP", data_entry=[enterer])
    text = HEADER + "EH1,Q1 2025/26,5,,,,,\nNOAPP,Q1 2025/26,5,,,,,\n"
    assert refused(enterer, write(tmp_path, text), submit=True) == [
        "values.csv, row 3: The measure has no approver: ask whoever defines it to name one."
    ]


def test_formulas_are_refused_in_csv_and_in_xlsx(enterer, measure, tmp_path):
    said = refused(enterer, write(tmp_path, HEADER + 'EH1,Q1 2025/26,"=SUM(A1:A3)",,,,,\n'))
    assert said == [
        'values.csv, row 2, column value: "=SUM(A1:A3)" is a formula: type the number itself, not a formula'
    ]
    path = workbook(
        tmp_path,
        [["measure_code", "period", "value"], ["EH1", "Q1 2025/26"]],
        formula=(1, 2, "=SUM(4,5)", None, 9),
    )
    assert refused(enterer, path) == [
        "values.xlsx, row 2, column value: holds a formula: type the number itself, not a formula"
    ]
    path = workbook(
        tmp_path,
        [["measure_code", "period", "value", "comment"], ["EH1", "Q1 2025/26", 5]],
        formula=(1, 3, '=HYPERLINK("http://x.example","see")', None, "see"),
    )
    assert refused(enterer, path) == [
        "values.xlsx, row 2, column comment: holds a formula: type the text itself, not a formula"
    ]


def test_a_text_cell_in_an_xlsx_number_column_is_refused(enterer, measure, tmp_path):
    path = workbook(tmp_path, [["measure_code", "period", "value", "n"], ["EH1", "Q1 2025/26", 5, "ten"]])
    assert refused(enterer, path) == [
        "values.xlsx, row 2, column n: "
        "The number of people or responses (n) must be a whole number, 0 or more."
    ]


def test_unknown_missing_and_repeated_columns_are_reported(enterer, measure, tmp_path):
    said = refused(enterer, write(tmp_path, "measure_code,when,value,Value\nEH1,Q1 2025/26,5,5\n"))
    assert said == [
        "values.csv, row 1, column when: is not a column of this layout (the columns are measure_code, "
        "period, value, numerator, denominator, n, comment, provisional)",
        "values.csv, row 1, column value: appears twice",
        "values.csv, row 1, column period: required column is missing",
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("values.csv", b"", "values.csv: is empty"),
        ("values.csv", HEADER.encode(), "values.csv: has no rows of values under its headings"),
        (
            "values.csv",
            (HEADER + ",,,,,,,\n").encode(),
            "values.csv: has no rows of values under its headings",
        ),
        ("values.txt", GOOD.encode(), "values.txt: is not a CSV or XLSX file"),
        ("values.xls", GOOD.encode(), "values.xls: is not a CSV or XLSX file"),
        ("values.xlsx", GOOD.encode(), "values.xlsx: is not a readable spreadsheet"),
        ("values.csv", b"\x89PNG\r\n\x1a\n\x00\xff", "values.csv: is not UTF-8 text"),
        # Probe finding: a binary file that decodes as UTF-8 echoed its control bytes as column names.
        (
            "values.csv",
            b"\x00\x01\x02pk garbage,\x03\x04\n1,2\n",
            "values.csv: is not a readable spreadsheet",
        ),
        (
            "values.csv",
            b"measure_code;period;value\nEH1;Q1 2025/26;5\n",
            "values.csv, row 1: has semicolons between its columns: save it as CSV UTF-8 (comma delimited)",
        ),
    ],
)
def test_files_of_the_wrong_kind_are_refused_clearly(enterer, measure, tmp_path, name, content, reason):
    said = refused(enterer, write(tmp_path, content, name=name))
    assert len(said) == 1 and said[0].startswith(reason)


def test_a_csv_with_a_byte_order_mark_imports(enterer, measure, tmp_path):
    values_import(by=enterer, path=write(tmp_path, GOOD.split("EH2")[0], encoding="utf-8-sig"))
    assert measure.values.count() == 2


def test_huge_files_are_refused_by_size_and_by_rows(enterer, measure, tmp_path, monkeypatch):
    big = HEADER + "EH1,Q1 2025/26,5,,,,," + "x" * importing.MAX_BYTES + ",\n"
    assert refused(enterer, write(tmp_path, big)) == [
        "values.csv: is larger than 2 MB: split it into smaller files"
    ]
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    many = HEADER + "".join(f"EH1,Q{q} 2025/26,5,,,,,\n" for q in range(1, 5))
    assert refused(enterer, write(tmp_path, many)) == [
        "values.csv: has 4 rows of values; at most 3 are taken at once: split it"
    ]


def test_the_template_lists_the_importers_measures_with_the_periods_now_due(
    enterer, approver, measure, definer, tmp_path
):
    measure_make(by=definer, code="OTHER1", data_entry=[approver])
    held = services.value_enter(
        by=enterer, measure=measure, period_start=date(2026, 7, 1), period_end=date(2026, 9, 30), value=9
    )
    services.value_submit(by=enterer, value=held)
    rows = template_rows(user=enterer, today=date(2026, 11, 30))
    assert rows[0] == importing.COLUMNS
    assert [row[:2] for row in rows[1:4]] == [
        ["EH1", "Q1 2026/27"],  # Q3 has not ended; Q2 is submitted already
        ["EH1", "Q4 2025/26"],
        ["EH1", "Q3 2025/26"],
    ]
    assert {row[0] for row in rows[1:]} == {"EH1"}
    assert template_rows(user=definer, today=date(2026, 11, 30)) == [importing.COLUMNS]


def test_the_formula_scan_names_the_cell_of_the_formula_not_an_empty_cell_before_it():
    sheet = (
        b'<row r="2"><c r="A2" s="1"/><c r="B2" t="s"><v>1</v></c>'
        b'<c r="C2" s="2"><f>SUM(4,5)</f><v>9</v></c></row><row r="3"><c r="AB3"><f>1+1</f></c></row>'
    )
    assert [m.groups() for m in importing._CELL_WITH_FORMULA.finditer(sheet)] == [
        (b"C", b"2"),
        (b"AB", b"3"),
    ]


def test_the_command_imports_as_the_named_person_and_submits_when_asked(enterer, measure, tmp_path):
    out = io.StringIO()
    path = write(tmp_path, HEADER + "EH1,Q1 2025/26,12,,,,,\nEH1,Q2 2025/26,13,,,,,\n")
    call_command("performance", "import-values", str(path), "--as", "enterer", "--submit", stdout=out)
    assert out.getvalue().strip() == "Imported 2 values for 1 measure and sent them for approval."
    assert list(measure.values.values_list("status", "entered_by")) == [("submitted", enterer.pk)] * 2


def test_the_command_refuses_with_the_same_messages_and_writes_nothing(enterer, measure, stranger, tmp_path):
    path = write(tmp_path, HEADER + "EH1,Q1 2025/26,12,,,,,\nEH1,Q9 2025/26,13,,,,,\n")
    before = written()
    with pytest.raises(CommandError) as refused:
        call_command("performance", "import-values", str(path), "--as", "enterer")
    assert str(refused.value) == (
        "1 problem(s); nothing was written:\n"
        '  values.csv, row 3, column period: "Q9 2025/26" is not a quarter of the financial year: Q1 to Q4.'
    )
    with pytest.raises(CommandError, match="there is no measure 'EH1' that you enter values for"):
        call_command("performance", "import-values", str(path), "--as", "stranger")
    with pytest.raises(CommandError, match="Name the person entering the values with --as USERNAME"):
        call_command("performance", "import-values", str(path))
    with pytest.raises(CommandError, match="there is no such file"):
        call_command("performance", "import-values", str(tmp_path / "missing.csv"), "--as", "enterer")
    assert written() == before


def test_a_workbooks_formulas_are_listed_with_every_other_problem_of_the_file(enterer, measure, tmp_path):
    """Probe 9: a workbook with two formulas was refused naming only them; its other problems came to
    light only once the formulas were gone."""
    path = tmp_path / "values.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("values")
    sheet.write_row(0, 0, ["measure_code", "period", "value", "provisional"])
    sheet.write_row(1, 0, ["EH1", "Q1 2025/26"])
    sheet.write_formula(1, 2, "=SUM(4,5)", None, 9)
    sheet.write_row(2, 0, ["EH1", "Q2 2025/26", 5, "maybe"])
    sheet.write_row(3, 0, ["EH1", "Q3 2025/26", 7])
    sheet.write_formula(3, 3, '=IF(1,"yes","no")', None, "yes")
    sheet.write_row(4, 0, ["NOPE", "Q4 2025/26", 8])
    book.close()
    before = written()
    assert refused(enterer, path) == [
        "values.xlsx, row 2, column value: holds a formula: type the number itself, not a formula",
        'values.xlsx, row 3, column provisional: "maybe" is not yes or no',
        "values.xlsx, row 4, column provisional: holds a formula: type the text itself, not a formula",
        "values.xlsx, row 5, column measure_code: " + importing.NOT_YOURS.format(code="NOPE"),
    ]
    assert written() == before
