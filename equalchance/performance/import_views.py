"""Importing measures' values from a spreadsheet, and the template to fill in. Only people who enter
some measure's values are shown either (anyone else is refused with a 403, which is audited); the
importer (`importing.values_import`) checks every row by the services' rules and writes all or nothing."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from equalchance.common.form_fields import answered
from equalchance.common.spreadsheets import csv_text
from equalchance.common.validated_csv import DataFileError
from equalchance.performance import importing, selectors
from equalchance.performance.forms import ValuesImportForm

PROBLEMS_SHOWN = 100


def _enterer_check(request) -> None:
    if not selectors.measures_entered_by(user=request.user).exists():
        raise PermissionDenied("Only people who enter a measure's values can import values.")


def values_import(request):
    _enterer_check(request)
    posted = request.method == "POST"
    form = ValuesImportForm(request.POST if posted else None, request.FILES if posted else None)
    problems, more = [], 0
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        name = Path(upload.name).name
        try:
            importing.file_check(name, upload.size)
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"upload{Path(name).suffix.lower()}"
                with path.open("wb") as kept:
                    for chunk in upload.chunks():
                        kept.write(chunk)
                done = importing.values_import(
                    by=request.user, path=path, file_name=name, submit=form.cleaned_data["submit_now"]
                )
        except DataFileError as refused:
            found = refused.problems
            problems, more = [str(p) for p in found[:PROBLEMS_SHOWN]], max(0, len(found) - PROBLEMS_SHOWN)
            form.add_error(
                "file",
                f"The file was refused with {len(found)} problem{'s' if len(found) != 1 else ''}: "
                "nothing was imported. Put them right and import it again",
            )
        else:
            messages.success(request, done.said())
            return redirect("performance:list")
    return render(
        request,
        "performance/value_import.html",
        {
            "form": form,
            "problems": problems,
            "more": more,
            "columns": importing.COLUMNS,
            "measures": selectors.measures_entered_by(user=request.user),
        },
        status=answered(form),
    )


def values_import_template(request):
    """A CSV to fill in: a row for each period that has ended, with no value held, of each measure this
    user enters values for."""
    _enterer_check(request)
    header, *rows = importing.template_rows(user=request.user, today=timezone.localdate())
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="values-to-import.csv"'
    return response
