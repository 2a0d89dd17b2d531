"""Every template of every app, read as files: mistakes Django does not report but readers see."""

from pathlib import Path

import equalchance

TEMPLATES = sorted(Path(equalchance.__file__).parent.glob("*/templates/**/*.html"))


def test_there_are_templates_to_read():
    assert len(TEMPLATES) > 100


def test_no_short_comment_runs_over_a_line_break_where_django_would_print_it_on_the_page():
    """Probe 7: two "{# ... #}" comments of two lines each were printed above every page's header and
    in every folded list of boxes. Django's short comment ends at the line's end; longer ones need
    {% comment %}."""
    printed = []
    for path in TEMPLATES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            rest = line
            while "{#" in rest:
                rest = rest[rest.index("{#") + 2 :]
                if "#}" not in rest:
                    printed.append(f"{path.relative_to(Path(equalchance.__file__).parent)}:{number}")
                    break
                rest = rest[rest.index("#}") + 2 :]
    assert printed == []
