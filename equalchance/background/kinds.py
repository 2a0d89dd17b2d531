"""The kinds of background work: who may start each, what parameters it takes, and what it runs.

Each runs the same function the command line and the tests call synchronously (`open_data_load`,
`national_recompute`, `scorecard_pdf`, the directory's and the plans' `reminders_send`, a plan's
report), as the person who started it, telling
`progress(done, total, step)` how far it has got."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from equalchance.background.models import Kind
from equalchance.common.keys import whole_number

Progress = Callable[[int, int, str], None]


class WorkRefused(Exception):
    """Bad parameters or a state that stops the work, said in words a user can act on."""


@dataclass(frozen=True)
class Outcome:
    summary: str
    file_name: str = ""
    content_type: str = ""
    content: bytes = b""


@dataclass(frozen=True)
class KindSpec:
    capability: str
    run: Callable[..., Outcome]  # (by, parameters, progress) -> Outcome
    clean: Callable[[dict], dict] = lambda parameters: {}  # checks what a form or command gave


def _open_data_load(*, by, parameters: dict, progress: Progress) -> Outcome:
    from equalchance.indicators.services import real_series_load
    from equalchance.places.importers.comparators import comparator_groups_load
    from equalchance.places.importers.open_data import READ_STEPS, open_data_load

    steps = READ_STEPS + 3  # the files, the write, the comparator groups, the indicator series
    result = open_data_load(by=by, progress=lambda done, total, step: progress(done, steps, step))
    progress(READ_STEPS + 1, steps, "Loading the comparator groups")
    groups, _ = comparator_groups_load()
    progress(READ_STEPS + 2, steps, "Loading the indicator series")
    series = real_series_load(by=by)
    loaded = sum(rows for _, rows, _ in series)
    if result.loaded:
        rows = sum(rows for _, rows in result.files.values())
        said = f"Loaded {len(result.files)} files of national open data ({rows:,} rows)."
    else:
        said = "The national open data was already loaded from the same files."
    return Outcome(f"{said} Comparator groups: {groups:,}. Indicator values loaded: {loaded:,}.")


def _national_recompute(*, by, parameters: dict, progress: Progress) -> Outcome:
    from equalchance.scorecards.national import national_recompute

    recompute = national_recompute(by=by, progress=progress)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(recompute.csv_rows())
    directions = ", ".join(f"{name} {count:,}" for name, count in sorted(recompute.directions().items()))
    summary = (
        f"{len(recompute.results)} scorecard indicators for {len(recompute.geography.wards):,} wards and "
        f"{len(recompute.geography.districts):,} districts in England, from modelled series (synthetic). "
        f"Directions of travel from the previous period: {directions}."
    )
    return Outcome(
        summary,
        file_name=f"national-recompute-{timezone.localdate():%Y-%m-%d}.csv",
        content_type="text/csv; charset=utf-8",
        content=buffer.getvalue().encode(),
    )


def _scorecard_parameters(parameters: dict) -> dict:
    from equalchance.scorecards.compute import partnership_scorecards

    scorecard = whole_number(str(parameters.get("scorecard", "")).strip(), digits=19)
    if scorecard is None or not partnership_scorecards().filter(pk=scorecard).exists():
        raise WorkRefused("There is no such scorecard in this partnership.")
    text = str(parameters.get("as_at") or "").strip()
    year = whole_number(text, digits=4)
    if text and (year is None or not 2000 <= year <= timezone.localdate().year):
        raise WorkRefused(f"The year of the data must be a year from 2000 to now, not {text[:10]!r}.")
    return {"scorecard": scorecard, "as_at": year}


def _scorecard_pdf(*, by, parameters: dict, progress: Progress) -> Outcome:
    from django.core.exceptions import PermissionDenied

    from equalchance.accounts.permissions import user_can
    from equalchance.scorecards import compute, exports, pdf, snapshots

    if not user_can(by, "scorecards.view"):
        raise PermissionDenied("Only people who may see scorecards can prepare their board packs.")
    scorecard = compute.partnership_scorecards().filter(pk=parameters["scorecard"]).first()
    if scorecard is None:
        raise WorkRefused("The scorecard no longer exists.")
    as_at = date(parameters["as_at"], 12, 31) if parameters.get("as_at") else timezone.localdate()
    progress(0, 2, "Computing the scorecard")
    data = snapshots.freeze(compute.scorecard_compute(scorecard, as_at=as_at), as_at=as_at)
    progress(1, 2, "Drawing the PDF")
    content = pdf.scorecard_pdf(data, title=scorecard.name, scorecard=scorecard)
    progress(2, 2, "Drawn")
    size = f"{len(content) // 1024:,} KB"
    held = snapshots.data_up_to(data)  # the end of the latest period held, not the date asked for
    said = f"with data up to {held:%-d %B %Y}" if held else "with no data held"
    name = exports.file_name(scorecard.name, district=scorecard.district.name, day=timezone.localdate())
    return Outcome(
        f"The board pack of {scorecard.name}, {said} ({size}).",
        file_name=f"{name}.pdf",
        content_type="application/pdf",
        content=content,
    )


def _directory_reminders(*, by, parameters: dict, progress: Progress) -> Outcome:
    from equalchance.directory.currency import reminders_send

    progress(0, 1, "Sending the reminders")
    sent = reminders_send(timezone.localdate())
    progress(1, 1, "Sent")
    return Outcome(f"Sent {sent} reminder e-mail{'' if sent == 1 else 's'} to organisations.")


def _plans_reminders(*, by, parameters: dict, progress: Progress) -> Outcome:
    from equalchance.plans.reminders import reminders_send

    progress(0, 1, "Sending the reminders")
    sent = reminders_send(by=by, today=timezone.localdate())
    progress(1, 1, "Sent")
    return Outcome(f"Sent {sent} reminder e-mail{'' if sent == 1 else 's'} to action owners.")


def _performance_reminders(*, by, parameters: dict, progress: Progress) -> Outcome:
    from equalchance.performance.reminders import reminders_send

    progress(0, 1, "Sending the reminders")
    sent = reminders_send(by=by, today=timezone.localdate())
    progress(1, 1, "Sent")
    return Outcome(sent.said())


def _plans_report_parameters(parameters: dict) -> dict:
    from equalchance.plans.reports import BUILDERS

    plan = whole_number(str(parameters.get("plan", "")).strip(), digits=19)
    kind = str(parameters.get("report", "")).strip()
    if plan is None:
        raise WorkRefused("Say which plan the report is of.")
    if kind not in BUILDERS:
        raise WorkRefused(f"There is no kind of report called {kind[:30]!r}.")
    return {"plan": plan, "report": kind}


def _plans_report(*, by, parameters: dict, progress: Progress) -> Outcome:
    """A long pack: the report is frozen, then drawn as tagged PDF, with progress."""
    from equalchance.plans import reports, selectors, services

    plan = selectors.plans_visible_to(user=by).filter(pk=parameters["plan"]).first()
    if plan is None:
        raise WorkRefused("There is no such plan, or you may not see it.")
    progress(0, 2, "Reading the plan and freezing the report")
    issue = services.report_issue_create(by=by, kind=parameters["report"], plan=plan)
    progress(1, 2, "Drawing the PDF")
    content = reports.pdf(issue)
    progress(2, 2, "Drawn")
    return Outcome(
        f"{issue.title}, frozen on {issue.as_at:%-d %B %Y} ({len(content) // 1024:,} KB).",
        file_name=f"{issue.kind}-{issue.pk}.pdf",
        content_type="application/pdf",
        content=content,
    )


KINDS: dict[str, KindSpec] = {
    Kind.OPEN_DATA_LOAD: KindSpec("reference_data.manage", _open_data_load),
    Kind.NATIONAL_RECOMPUTE: KindSpec("scorecards.recompute", _national_recompute),
    Kind.SCORECARD_PDF: KindSpec("scorecards.view", _scorecard_pdf, _scorecard_parameters),
    Kind.DIRECTORY_REMINDERS: KindSpec("directory.remind", _directory_reminders),
    Kind.PLANS_REMINDERS: KindSpec("plans.edit", _plans_reminders),
    Kind.PLANS_REPORT: KindSpec("plans.view", _plans_report, _plans_report_parameters),
    Kind.PERFORMANCE_REMINDERS: KindSpec("performance.define", _performance_reminders),
}
