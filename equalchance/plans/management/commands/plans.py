"""`equalchance plans load-demo`: the plans, boards and areas of the five seed documents, with synthetic
progress for the demo's owners (labelled synthetic wherever it shows). Running it again adds nothing.

`equalchance plans import FILE`: plans, elements and actions from a CSV or XLSX file in the layout of
`plans/importing.py`, checked whole (nothing written on any problem); importing again changes nothing.

`equalchance plans report KIND --plan ID --format FORMAT --output FILE [--public]`: produce (freeze) a
report of a plan and write it as a file, as the user given with `--as` (default: the system actor).
Every kind is written in every format. A cover report (KIND `cover`) takes what its author would type
in the browser from `--fields FILE` (a JSON object with the cover form's fields) and binds in the
plan's frozen reports given with `--appendix ID` (repeatable). Bad input (an unknown kind, plan or
format, an output that cannot be written) is refused with what and where, before anything is frozen
or written."""

import argparse
import json
import os
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from equalchance.accounts.models import User
from equalchance.common.commands import actor_argument_add, command_actor


class Command(BaseCommand):
    help = (
        "Plans commands. load-demo: the seed documents' plans, boards and areas, with synthetic progress. "
        "report: produce a frozen report of a plan and write it as HTML, PDF, DOCX, ODT, XLSX or CSV."
    )

    def add_arguments(self, parser):
        from equalchance.plans.report_files import FORMATS

        actor_argument_add(parser)
        sub = parser.add_subparsers(dest="action", required=True)
        demo = sub.add_parser("load-demo", help="Load the seed documents' plans (and synthetic progress)")
        demo.add_argument(
            "--owners",
            default="viewer,analyst",
            help="Usernames (comma-separated) who own the demo's actions and post its synthetic updates",
        )
        report = sub.add_parser("report", help="Produce a frozen report of a plan and write it as a file")
        report.add_argument(
            "kind",
            metavar="KIND",
            help="The kind of report: cover, tracker, plan-on-a-page, matrix, scrutiny, area-baseline, "
            "exceptions or quarterly",
        )
        report.add_argument("--plan", required=True, metavar="ID", help="The plan's id (as in its address)")
        report.add_argument(
            "--format", dest="file_format", required=True, metavar="FORMAT", help=", ".join(FORMATS)
        )
        report.add_argument("--output", required=True, metavar="FILE", help="The file to write")
        report.add_argument(
            "--public",
            action="store_true",
            help="The public version: restricted items left out (plan editors only)",
        )
        report.add_argument(
            "--fields",
            metavar="FILE",
            help="KIND cover only: a JSON object with the cover report's fields (meeting, meeting_date, "
            "title, directorate, summary, recommendations, proposals, finance, risks, implications, "
            "contacts)",
        )
        report.add_argument(
            "--appendix",
            dest="appendices",
            action="append",
            default=[],
            metavar="ID",
            help="KIND cover only: a frozen report of the plan to bind in (repeat for more)",
        )
        # `--as` after the subcommand too; SUPPRESS keeps one given before it.
        report.add_argument("--as", dest="as_user", metavar="USERNAME", default=argparse.SUPPRESS)
        imported = sub.add_parser("import", help="Import plans, elements and actions from a CSV or XLSX file")
        imported.add_argument("file", metavar="FILE", help="In the layout of equalchance/plans/importing.py")
        imported.add_argument("--as", dest="as_user", metavar="USERNAME", default=argparse.SUPPRESS)

    def handle(self, *args, action: str, as_user=None, **options):
        if action == "report":
            return self._report(as_user, **options)
        if action == "import":
            return self._import(as_user, options["file"])
        from equalchance.plans import demo

        by = command_actor(as_user)
        try:
            loaded = demo.seeds_load(by=by)
        except PermissionDenied as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"Plans added: {loaded['plans']}; boards and groups: {loaded['bodies']}.")
        assets = demo.assets_generate()
        self.stdout.write(
            f"Synthetic community assets added for the area maps: {assets} (labelled synthetic)."
        )
        owners = list(User.objects.filter(username__in=options["owners"].split(","), is_active=True))
        if owners:
            posted = demo.progress_generate(owners=owners)
            self.stdout.write(f"Synthetic updates posted: {posted} (labelled synthetic wherever they show).")
        else:
            self.stdout.write("No demo owners found: actions are left without owners or progress.")

    def _report(
        self, as_user, *, kind: str, plan: str, file_format: str, output: str, public: bool, **options
    ):
        from equalchance.plans import report_files, services
        from equalchance.plans.models import Plan, ReportIssue

        if kind not in ReportIssue.Kind.values:
            raise CommandError(
                f"KIND: there is no report of kind {kind!r}. "
                f"The kinds are: {', '.join(ReportIssue.Kind.values)}."
            )
        cover = kind == ReportIssue.Kind.COVER
        if cover and not options.get("fields"):
            raise CommandError("--fields: a cover report needs its fields (a JSON file); see --help.")
        if not cover and (options.get("fields") or options.get("appendices")):
            raise CommandError("--fields and --appendix are for a cover report (KIND cover) only.")
        if cover and public:
            raise CommandError("--public: a cover report is for the partnership, not a public version.")
        file_format = file_format.lower()
        if file_format not in report_files.FORMATS:
            raise CommandError(
                f"--format: {file_format!r} is not a format the report is written in. "
                f"Choose one of: {', '.join(report_files.FORMATS)}."
            )
        if not (plan.isascii() and plan.isdigit() and len(plan) <= 18):
            raise CommandError(f"--plan: {plan!r} is not a plan id (a whole number, as in its address).")
        found = Plan.objects.filter(pk=int(plan)).first()
        if found is None:
            raise CommandError(f"--plan: there is no plan with id {plan}.")
        target = _writable(output)
        by = command_actor(as_user)
        if cover:
            fields, appendices = _cover_fields(by, found, options["fields"], options["appendices"])
        refused = None
        try:
            with transaction.atomic():  # the issue is kept only if its file is written
                try:
                    if cover:
                        issue = services.cover_report_create(
                            by=by, plan=found, fields=fields, appendices=appendices
                        )
                    else:
                        issue = services.report_issue_create(by=by, kind=kind, plan=found, public=public)
                except (PermissionDenied, ValidationError) as problem:
                    refused = problem  # caught inside, so that the refusal's audit event is kept
                else:
                    _write(target, report_files.render(issue, file_format))
        except OSError as problem:
            raise CommandError(f"--output: {target} could not be written ({problem.strerror}).") from None
        if refused is not None:
            raise CommandError(f"--as {by.username}: {' '.join(_messages(refused))}")
        self.stdout.write(
            f"Wrote {target}: {issue.title}, issue {issue.pk}, data as at {issue.as_at:%Y-%m-%d}"
            f"{' (public version)' if public else ''}."
        )

    def _import(self, as_user, file: str) -> None:
        from equalchance.common.validated_csv import DataFileError
        from equalchance.plans.importing import import_said, plans_import

        by = command_actor(as_user)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: there is no such file.")
        try:
            counts = plans_import(by=by, path=path)
        except PermissionDenied as refused:
            raise CommandError(str(refused)) from None
        except DataFileError as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(import_said(counts)[1])


def _cover_fields(by, plan, path: str, appendix_ids: list[str]):
    """The cover report's fields from a JSON file, checked by the browser's form (the same rules and
    messages), and its appendices: reports of the plan that `by` may read."""
    from equalchance.plans import selectors
    from equalchance.plans.forms import CoverForm

    try:
        typed = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as problem:
        raise CommandError(f"--fields: {path} could not be read ({problem.strerror}).") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise CommandError(f"--fields: {path} is not JSON text ({problem}).") from None
    if not isinstance(typed, dict):
        raise CommandError(f"--fields: {path} must hold one JSON object of field names and text.")
    known = [name for name in CoverForm.base_fields if name != "appendices"]
    unknown = sorted(set(typed) - set(known))
    if unknown:  # a misspelt field would otherwise leave its section empty without a word
        raise CommandError(
            f"--fields: {path} has fields a cover report does not have: {', '.join(map(repr, unknown))}. "
            f"Its fields are: {', '.join(known)}."
        )
    for number in appendix_ids:
        if not (number.isascii() and number.isdigit() and len(number) <= 18):
            raise CommandError(f"--appendix: {number!r} is not a report id (a whole number).")
    issues = selectors.report_issues_visible_to(user=by).filter(plan=plan).exclude(kind="cover")
    data = {k: "\n".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in typed.items()}
    form = CoverForm(data={**data, "appendices": appendix_ids}, issues=issues)
    if not form.is_valid():
        problems = [
            f"{'--appendix' if name == 'appendices' else f'{path}, field {name!r}'}: {' '.join(messages)}"
            for name, messages in form.errors.items()
        ]
        raise CommandError("\n".join(problems))
    fields = {k: v for k, v in form.cleaned_data.items() if k != "appendices"}
    return fields, list(form.cleaned_data["appendices"])


def _messages(problem) -> list[str]:
    if isinstance(problem, ValidationError):
        return list(problem.messages)
    return [str(problem) or "Not allowed."]


def _writable(output: str) -> Path:
    """The output file, if it can be written: its folder exists and may be written in, and it is not a
    folder itself. Refused with what is wrong and where."""
    if not output or output == "-":
        raise CommandError("--output: give the file to write (the report is a file, not text on the screen).")
    target = Path(output).expanduser().absolute()
    folder = target.parent
    if target.is_dir():
        raise CommandError(f"--output: {target} is a folder; give a file name inside it.")
    if not folder.is_dir():
        raise CommandError(f"--output: the folder {folder} does not exist.")
    if not os.access(folder, os.W_OK | os.X_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise CommandError(f"--output: {target} cannot be written (no permission).")
    return target


def _write(target: Path, content: bytes) -> None:
    """Write the whole file or none of it: into a temporary file beside it, then moved into place."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        mask = os.umask(0)  # the permissions a new file gets (mkstemp's are owner-only)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
