"""Reads: summaries from the database, wards, priority area membership and change between releases."""

import numpy as np
import pytest

from equalchance.places import change, selectors
from equalchance.places.models import LsoaPlacement, LsoaSuccession

pytestmark = pytest.mark.django_db
SOLIHULL = "E08000029"


def test_district_summaries_cover_every_district_and_measure():
    rows = selectors.deprivation_summaries(release=2019, level="district")
    assert len({r.area_code for r in rows}) == 317
    assert len(rows) == 317 * 13  # IMD 5 measures, Income 4, Employment 4
    solihull = {(r.domain, r.measure): r for r in rows if r.area_code == SOLIHULL}
    assert round(solihull[("imd", "average_score")].value, 3) == 17.370
    assert solihull[("imd", "average_score")].ranked_among == 317


def test_releases_without_population_compute_only_the_unweighted_measure_and_say_why():
    rows = selectors.computed_summaries(release=2025, level="district")
    assert {r.measure for r in rows} == {"proportion_most_deprived_10pc"}
    assert len({r.area_code for r in rows}) == 296
    missing = selectors.measures_not_computed(2025)
    assert len(missing) == 28 - 8 and all("population denominators" in m.why for m in missing)


def test_iod2025_districts_get_every_published_measure_ranked_out_of_296():
    rows = selectors.deprivation_summaries(release=2025, level="district")
    assert len(rows) == 296 * 28 and all(r.published and r.ranked_among == 296 for r in rows)


def test_ward_summaries_rank_every_ward_in_england():
    rows = [
        r
        for r in selectors.deprivation_summaries(release=2019, level="ward")
        if r.measure == "average_rank" and r.domain == "imd"
    ]
    wards_in_lookup = LsoaPlacement.objects.filter(geography="2019").values("ward_id").distinct().count()
    assert len(rows) == wards_in_lookup
    assert sorted(r.rank for r in rows)[0] == 1
    assert max(r.rank for r in rows) <= wards_in_lookup


def test_a_set_of_all_the_districts_lsoas_has_the_districts_own_summaries():
    lsoas = [lsoa.code for lsoa in selectors.lsoas_in_district(release=2019, district=SOLIHULL)]
    as_set = {
        (r.domain, r.measure): r
        for r in selectors.lsoa_set_summaries(release=2019, lsoa_codes=lsoas, name="x")
    }
    computed = [
        r for r in selectors.computed_summaries(release=2019, level="district") if r.area_code == SOLIHULL
    ]
    assert len(computed) == 13 + 5 * 2  # and the other domains' average rank and proportion
    for row in computed:
        assert as_set[(row.domain, row.measure)].value == pytest.approx(row.value, rel=1e-12)


def test_lsoas_come_most_deprived_first_with_their_ward():
    lsoas = selectors.lsoas_in_district(release=2019, district=SOLIHULL)
    assert len(lsoas) == 134
    ranks = [lsoa.ranks["imd"] for lsoa in lsoas]
    assert ranks == sorted(ranks)
    assert lsoas[0].ward_name in {"Chelmsley Wood", "Smith's Wood", "Kingshurst and Fordbridge"}


def test_ward_rows_count_their_lsoas_and_people():
    wards = {w.name: w for w in selectors.wards_in_district(release=2019, district=SOLIHULL)}
    assert len(wards) == 17
    assert wards["Chelmsley Wood"].lsoa_count == 9
    assert wards["Chelmsley Wood"].decile("imd") in range(1, 11)


def test_same_geography_change_is_one_to_one():
    lsoas = [lsoa.code for lsoa in selectors.lsoas_in_district(release=2019, district=SOLIHULL)]
    changes = change.lsoa_changes(lsoa_codes=lsoas, before=2015, after=2019)
    assert len(changes) == 134 and all(c.one_to_one for c in changes)
    assert all(c.decile_change == c.after[0].decile - c.before.decile for c in changes)


def test_a_split_lsoa_is_followed_to_each_successor_and_flagged():
    split = LsoaSuccession.objects.filter(change="S").values_list("lsoa11_id", flat=True).first()
    successors = set(LsoaSuccession.objects.filter(lsoa11_id=split).values_list("lsoa21_id", flat=True))
    (moved,) = change.lsoa_changes(lsoa_codes=[split], before=2019, after=2025)
    assert {p.code for p in moved.after} == successors and len(successors) > 1
    assert not moved.one_to_one and moved.decile_change is None
    assert all(p.out_of == 33_755 for p in moved.after) and moved.before.out_of == 32_844


def test_a_group_counts_a_merged_2021_lsoa_once():
    merged_into = LsoaSuccession.objects.filter(change="M").values_list("lsoa21_id", flat=True).first()
    olds = list(LsoaSuccession.objects.filter(lsoa21_id=merged_into).values_list("lsoa11_id", flat=True))
    group = change.group_change(
        name="g", changes=change.lsoa_changes(lsoa_codes=olds, before=2019, after=2025)
    )
    assert group.before.lsoa_count == len(olds) > 1
    assert group.after.lsoa_count == 1
    assert group.not_one_to_one == len(olds)


def test_frames_hold_numbers_aligned_with_codes():
    frame = selectors.lsoa_frame(2019)
    i = frame.index["E01000001"]
    assert frame.columns["imd_rank"][i] == 29199
    assert np.isnan(frame.columns["education_score"]).all()  # not in the public IoD2019 copy
