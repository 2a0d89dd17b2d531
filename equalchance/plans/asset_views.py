"""The community asset register: places and groups that contribute to wellbeing (seed 001's
"resources and assets"; seed 002's asset mapping). Staff who read plans see it; plan editors add to it,
by hand or from a CSV file validated whole."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from equalchance.common.form_fields import form_errors
from equalchance.common.validated_csv import DataFileError
from equalchance.plans import selectors, services
from equalchance.plans.forms import AssetForm, AssetImportForm

MAX_UPLOAD = 2 * 1024 * 1024


def asset_list(request):
    if not selectors.may_see_assets(request.user):
        raise PermissionDenied("The community asset register is for the partnership's staff.")
    return render(
        request,
        "plans/asset_list.html",
        {
            "assets": selectors.assets_visible_to(user=request.user),
            "can_edit": selectors.may_edit_plans(request.user),
        },
    )


def asset_new(request):
    if not selectors.may_edit_plans(request.user):
        raise PermissionDenied("Only plan editors can add community assets.")
    form = AssetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            asset = services.asset_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Added {asset.name}.")
            return redirect("plans:assets")
    return render(request, "plans/asset_form.html", {"form": form})


def asset_import(request):
    if not selectors.may_edit_plans(request.user):
        raise PermissionDenied("Only plan editors can import community assets.")
    form = AssetImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", "The file is larger than 2 MB: split it, or remove columns not listed")
        else:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "assets.csv"
                path.write_bytes(upload.read())
                try:
                    added = services.assets_import(
                        by=request.user, path=path, file_name=Path(upload.name).name
                    )
                except DataFileError as refused:
                    problems = [str(p) for p in refused.problems[:20]]
                    form.add_error(
                        "file", f"The file was refused: {len(refused.problems)} problem(s); nothing was added"
                    )
                else:
                    messages.success(request, f"Imported {added} new asset{'s' if added != 1 else ''}.")
                    return redirect("plans:assets")
    return render(request, "plans/asset_import.html", {"form": form, "problems": problems})
