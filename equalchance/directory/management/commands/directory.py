"""`equalchance directory import PATH | export --format oruk-json PATH | load-taxonomies`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from equalchance.common.commands import actor_argument_add, command_actor
from equalchance.directory import oruk
from equalchance.directory.api import public_services
from equalchance.directory.importers.oruk import feed_import
from equalchance.directory.importers.taxonomies import taxonomies_load


class Command(BaseCommand):
    help = "Directory of services: import and export Open Referral UK data, load the shipped taxonomies."

    def add_arguments(self, parser):
        actor_argument_add(parser)
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "import", help="Import ORUK / HSDS JSON (a file or a folder of .json files) or an HSDS CSV folder"
        )
        load.add_argument("path", type=Path)
        export = sub.add_parser("export", help="Write the published directory")
        export.add_argument("--format", choices=["oruk-json", "hsds-csv"], required=True)
        export.add_argument("path", type=Path)
        sub.add_parser("load-taxonomies", help="Load the shipped open taxonomies")
        reminders = sub.add_parser(
            "send-reminders", help="E-mail organisations whose entries fall due for checking"
        )
        reminders.add_argument(
            "--enqueue", action="store_true", help="Queue it as background work for `equalchance db_worker`"
        )
        synthetic = sub.add_parser("generate-synthetic", help="Make the synthetic demonstration directory")
        synthetic.add_argument("--district", help="GSS code (default: the partnership's first district)")
        synthetic.add_argument("--services", type=int, default=300)

    def handle(self, *args, action: str, as_user=None, **options):
        if action == "send-reminders" and options["enqueue"]:
            from django.core.exceptions import PermissionDenied

            from equalchance.background.services import background_task_start

            try:
                task = background_task_start(kind="directory-reminders", by=command_actor(as_user))
            except PermissionDenied as problem:
                raise CommandError(str(problem)) from None
            self.stdout.write(f"Queued the reminders as background work {task.pk}.")
        elif action == "send-reminders":
            from django.utils import timezone

            from equalchance.directory.currency import reminders_send

            self.stdout.write(f"Sent {reminders_send(timezone.localdate())} reminder e-mails.")
        elif action == "generate-synthetic":
            from django.conf import settings

            from equalchance.directory.synthetic import directory_generate

            district = options["district"] or settings.EQUALCHANCE_DISTRICTS[0]
            try:
                made = directory_generate(
                    district=district, services=options["services"], by=command_actor(as_user)
                )
            except ValueError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"{made} synthetic services for {district}, labelled synthetic.")
        elif action == "load-taxonomies":
            self.stdout.write(f"{taxonomies_load():,} taxonomy terms held.")
        elif action == "import":
            try:
                result = feed_import(options["path"], by=command_actor(as_user))
            except (OSError, ValueError) as error:
                raise CommandError(str(error)) from None
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {result.services} services ({result.organisations} new organisations); "
                    f"{len(result.cleaned)} things cleaned:"
                )
            )
            for note in result.cleaned:
                self.stdout.write(f"  {note['file']}, {note['record']}, {note['field']}: {note['what']}")
        elif options["format"] == "hsds-csv":
            from equalchance.directory.hsds_csv import export

            self.stdout.write(
                f"Wrote {export(options['path'])} services as HSDS CSV files in {options['path']}."
            )
        else:
            services = public_services().prefetch_related("terms__taxonomy", "service_at_locations__location")
            records = [oruk.service_json(s) for s in services.order_by("name", "id")]
            options["path"].write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
            self.stdout.write(f"Wrote {len(records)} services to {options['path']}.")
