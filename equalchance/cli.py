"""The `equalchance` command: one entry point for analysts, operators and automation.

`equalchance load-open-data` and `equalchance deprivation summaries ...` are the product's own
commands; any other subcommand goes to Django's management commands (migrate, runserver, ...).
"""

import os
import sys

# Command-line spellings of the product's management commands.
ALIASES = {"load-open-data": "load_open_data"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equalchance.config.settings")
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    argv[0] = "equalchance"

    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
