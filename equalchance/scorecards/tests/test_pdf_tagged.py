"""Every PDF the product makes is tagged (PDF/UA): a structure tree, marked content, a language and a
title. One module draws them all (a repository check below keeps it so)."""

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from equalchance.frontend.tests.tagged import assert_tagged
from equalchance.scorecards.publishing import snapshot_publish

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_every_pdf_of_a_scorecard_is_tagged_with_its_language_and_title(client, scorecard, analyst):
    from equalchance.scorecards import compute, pdf, snapshots

    client.force_login(analyst)
    assert_tagged(client.get(f"/scorecards/{scorecard.pk}/export.pdf").content, scorecard.name)
    snapshot = snapshot_publish(
        scorecard=scorecard,
        title="Board, October 2026",
        as_at=date(2026, 12, 31),
        commentary={},
        public=False,
        by=analyst,
    )
    assert_tagged(
        client.get(f"/scorecards/snapshots/{snapshot.pk}/export.pdf").content, "Board, October 2026"
    )
    # The background board pack draws with the same function.
    as_at = date(2026, 12, 31)
    data = snapshots.freeze(compute.scorecard_compute(scorecard, as_at=as_at), as_at=as_at)
    assert_tagged(pdf.scorecard_pdf(data, title=scorecard.name, scorecard=scorecard), scorecard.name)


def test_one_module_draws_every_pdf_and_always_tagged():
    found = subprocess.run(
        ["git", "grep", "-l", "-E", r"write_pdf|from weasyprint|import weasyprint", "--", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    drawn = [path for path in found if "/tests/" not in path]
    assert drawn == ["equalchance/frontend/pdf.py"]
    assert re.search(r"write_pdf\(pdf_variant=PDF_VARIANT\)", (ROOT / drawn[0]).read_text())
