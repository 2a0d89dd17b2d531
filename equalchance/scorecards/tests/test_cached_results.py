"""The scorecard page keeps its computation per data version: a repeat view does not compute again, and
after every kind of change (an import, a roll-back, a synthetic series, a line added or removed, a
polarity or baseline changed, the target redefined) the page shows the new numbers, never stale ones."""

from datetime import date

import pytest

from equalchance.indicators import services as indicators
from equalchance.indicators.models import ImportBatch, Indicator
from equalchance.indicators.synthetic import synthetic_series_generate
from equalchance.places.services import priority_area_version_create
from equalchance.scorecards import compute, selectors, services

pytestmark = pytest.mark.django_db
REAL_COMPUTE = compute.scorecard_compute


@pytest.fixture
def computations(monkeypatch):
    """How many times the scorecard was computed."""
    calls = []
    real = compute.scorecard_compute

    def counted(*args, **kwargs):
        calls.append(args[0].pk)
        return real(*args, **kwargs)

    monkeypatch.setattr(compute, "scorecard_compute", counted)
    return calls


def figures(themes) -> dict:
    """Per line: period, target value, gap with the rest, polarity, direction since the baseline."""
    return {
        line.indicator.code: (
            line.period_label,
            line.values.target.estimate.value if line.values else None,
            line.gaps["rest"].value if line.gaps else None,
            line.polarity,
            (line.from_baseline.period_label, str(line.from_baseline.direction))
            if line.from_baseline
            else None,
        )
        for theme in themes
        for line in theme.lines
    }


def shown(client, scorecard) -> dict:
    response = client.get(f"/scorecards/{scorecard.pk}/")
    assert response.status_code == 200
    return figures(response.context["themes"])


def figures_now(scorecard) -> dict:
    """What a fresh computation gives now (the real function, whatever is kept or counted)."""
    scorecard.refresh_from_db()
    return figures(REAL_COMPUTE(scorecard))


@pytest.fixture
def viewer_client(client, user_with_role):
    client.force_login(user_with_role("viewer"))
    return client


def test_a_repeat_view_reads_the_kept_result_instead_of_computing_again(
    viewer_client, scorecard, computations
):
    first = shown(viewer_client, scorecard)
    assert computations == [scorecard.pk]
    for _ in range(3):
        assert shown(viewer_client, scorecard) == first
    assert computations == [scorecard.pk]  # computed once
    viewer_client.get(f"/scorecards/{scorecard.pk}/?confidence=99.8")
    viewer_client.get(f"/scorecards/{scorecard.pk}/?as_at=2020")
    assert len(computations) == 3  # another level or year is another result
    viewer_client.get(f"/scorecards/{scorecard.pk}/?confidence=99.8")
    assert len(computations) == 3


def test_the_export_and_the_api_share_the_kept_result(viewer_client, scorecard, computations):
    assert viewer_client.get(f"/scorecards/{scorecard.pk}/export.csv").status_code == 200
    assert viewer_client.get(f"/api/scorecards/{scorecard.pk}/").status_code == 200
    assert viewer_client.get(f"/scorecards/{scorecard.pk}/export.xlsx").status_code == 200
    assert computations == [scorecard.pk]  # all three ask for today's data at 95%


def test_kept_results_are_copies_a_page_may_decorate(viewer_client, scorecard):
    themes = selectors.scorecard_results(scorecard=scorecard)
    themes[0].lines[0].sparkline = "changed by one caller"
    again = selectors.scorecard_results(scorecard=scorecard)
    assert not hasattr(again[0].lines[0], "sparkline")


def write_csv(tmp_path, rows: str):
    path = tmp_path / "returns.csv"
    path.write_text("indicator,area_code,period,numerator,denominator\n" + rows, encoding="utf-8")
    return path


def test_imports_and_roll_backs_show_at_once(viewer_client, scorecard, analyst, tmp_path):
    before = shown(viewer_client, scorecard)
    assert before["cpp-rate"][0] == "31 March 2025"
    # A new year for the district and England makes it the latest period of the line.
    path = write_csv(tmp_path, "cpp-rate,E08000029,2026,200,49000\ncpp-rate,E92000001,2026,50000,12000000\n")
    batch = indicators.import_batch_run(path=path, file_format="long", source="DfE", by=analyst)
    after_import = shown(viewer_client, scorecard)
    assert after_import["cpp-rate"][0] == "31 March 2026" and after_import == figures_now(scorecard)
    indicators.import_batch_roll_back(batch=batch, by=analyst)
    assert shown(viewer_client, scorecard) == before == figures_now(scorecard)


def test_rolling_back_and_generating_synthetic_series_show_at_once(viewer_client, scorecard, analyst, system):
    before = shown(viewer_client, scorecard)
    synthetic = ImportBatch.objects.get(
        file_format="synthetic", file_name="synthetic-E08000029", rolled_back_at=None
    )
    indicators.import_batch_roll_back(batch=synthetic, by=analyst)
    without = shown(viewer_client, scorecard)
    assert without["cpp-rate"][1] is None and without == figures_now(
        scorecard
    )  # no LSOA series for the target
    synthetic_series_generate(district="E08000029", by=system)
    assert shown(viewer_client, scorecard) == before == figures_now(scorecard)


def test_lines_added_and_removed_and_polarity_changes_show_at_once(viewer_client, scorecard, analyst):
    before = shown(viewer_client, scorecard)
    line = services.line_add(
        scorecard=scorecard,
        by=analyst,
        indicator=Indicator.objects.get(code="claimant-count-16-64"),
        theme=scorecard.themes.first(),
        new_theme="",
        polarity="",
    )
    added = shown(viewer_client, scorecard)
    assert set(added) == set(before) | {"claimant-count-16-64"} and added == figures_now(scorecard)
    services.line_remove(line=line, by=analyst)
    assert shown(viewer_client, scorecard) == before
    # The indicator's polarity turns the gap round (no judgement: by the first gap's sign).
    cpp = Indicator.objects.get(code="cpp-rate")
    indicators.indicator_update(indicator=cpp, by=analyst, polarity="high_is_good")
    turned = shown(viewer_client, scorecard)
    assert turned["cpp-rate"][3] == "high_is_good" and turned["cpp-rate"][2] == -before["cpp-rate"][2]
    assert turned == figures_now(scorecard)


def test_the_baseline_and_the_target_area_changes_show_at_once(viewer_client, scorecard, analyst):
    before = shown(viewer_client, scorecard)
    services.scorecard_update(scorecard=scorecard, by=analyst, baseline_year=2020)
    later_baseline = shown(viewer_client, scorecard)
    assert later_baseline == figures_now(scorecard) and later_baseline != before
    priority_area_version_create(
        priority_area=scorecard.target, by=analyst, note="One ward only", method="wards", codes=["E05001287"]
    )
    one_ward = shown(viewer_client, scorecard)
    assert one_ward["cpp-rate"][1] != later_baseline["cpp-rate"][1] and one_ward == figures_now(scorecard)


def test_a_published_snapshot_freezes_the_numbers_the_page_shows(viewer_client, scorecard, analyst):
    from equalchance.scorecards.publishing import snapshot_publish

    page = shown(viewer_client, scorecard)
    snapshot = snapshot_publish(
        scorecard=scorecard, title="Now", as_at=date.max, commentary={}, public=False, by=analyst
    )
    frozen = {line["indicator"]: line for theme in snapshot.data["themes"] for line in theme["lines"]}
    assert frozen["cpp-rate"]["areas"]["target"]["estimate"]["value"] == page["cpp-rate"][1]
