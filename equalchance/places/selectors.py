"""Reads for places and deprivation: areas, LSOA rows, summaries, priority areas, change between releases."""

import threading
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Q, QuerySet

from equalchance.places.domains import DOMAIN_LABELS, DOMAIN_POPULATION, SUMMARY_MEASURES
from equalchance.places.models import (
    Area,
    AreaLevel,
    DataLoad,
    Geography,
    LsoaDeprivation,
    LsoaPlacement,
    LsoaSuccession,
    PriorityArea,
    PriorityAreaVersion,
    PublishedSummary,
    Release,
)
from equalchance.stats.deprivation import (
    PUBLISHED_DECIMALS,
    SummaryInputs,
    format_half_up,
    rank_descending,
    round_half_up,
    summarise,
)

DOMAINS = list(DOMAIN_LABELS)


def releases() -> QuerySet[Release]:
    return Release.objects.all()


def release_get(year: int) -> Release:
    return Release.objects.get(year=year)


def district_get(code: str) -> Area:
    return Area.objects.get(code=code, level=AreaLevel.DISTRICT)


def districts_in_release(release: Release) -> QuerySet[Area]:
    codes = LsoaDeprivation.objects.filter(release=release).values("district_id")
    return Area.objects.filter(code__in=codes).order_by("name")


def data_version() -> int:
    """Changes whenever national data is (re)loaded; keys the in-process caches below."""
    latest = DataLoad.objects.order_by("-id").values_list("id", flat=True).first()
    return latest or 0


# ---------------------------------------------------------------------------------------------------
# LSOA frames: one release's LSOA rows as aligned numpy arrays, read once per data version.


@dataclass
class LsoaFrame:
    release: Release
    codes: np.ndarray  # LSOA codes
    district_codes: np.ndarray
    ward_codes: np.ndarray  # best-fit ward in the release's geography ("" if the lookup lacks it)
    columns: dict[str, np.ndarray]  # model field -> values (float; NaN where null)
    index: dict[str, int]

    def has(self, field: str) -> bool:
        return field in self.columns and not np.isnan(self.columns[field]).all()

    def rows_for(self, codes) -> np.ndarray:
        return np.array([self.index[c] for c in codes if c in self.index], dtype=np.int64)


_FRAME_FIELDS = [
    f.name
    for f in LsoaDeprivation._meta.get_fields()
    if f.concrete and f.name not in {"id", "release", "lsoa", "district"}
]
_frames: dict[tuple[int, int], LsoaFrame] = {}
_frames_lock = threading.Lock()


def lsoa_frame(year: int) -> LsoaFrame:
    key = (year, data_version())
    with _frames_lock:
        if key not in _frames:
            if len(_frames) >= 6:  # old data versions: drop them
                _frames.clear()
            _frames[key] = _read_frame(year)
        return _frames[key]


def _read_frame(year: int) -> LsoaFrame:
    release = release_get(year)
    rows = list(
        LsoaDeprivation.objects.filter(release=release)
        .order_by("lsoa_id")
        .values_list("lsoa_id", "district_id", *_FRAME_FIELDS)
    )
    wards = dict(LsoaPlacement.objects.filter(geography=release.geography).values_list("lsoa_id", "ward_id"))
    codes = np.array([r[0] for r in rows], dtype=object)
    values = np.array([r[2:] for r in rows], dtype=float) if rows else np.empty((0, len(_FRAME_FIELDS)))
    return LsoaFrame(
        release=release,
        codes=codes,
        district_codes=np.array([r[1] for r in rows], dtype=object),
        ward_codes=np.array([wards.get(r[0], "") for r in rows], dtype=object),
        columns={name: values[:, i] for i, name in enumerate(_FRAME_FIELDS)},
        index={code: i for i, code in enumerate(codes)},
    )


# ---------------------------------------------------------------------------------------------------
# Summary measures
#
# Districts: MHCLG's published File 10 values and ranks wherever the release's File 10 is held (IoD2019
# and IoD2025). Wards, priority areas and anything MHCLG does not publish: computed from the LSOA rows
# as MHCLG defines the measures, values rounded half up to the published decimal places.


@dataclass(frozen=True)
class SummaryRow:
    area_code: str
    area_name: str
    domain: str
    measure: str
    value: float
    rank: int | None  # 1 = most deprived among areas of this level in England
    ranked_among: int
    published: bool = False  # as MHCLG published it (File 10), not computed here

    @property
    def display(self) -> str:
        """The value as text at the places MHCLG publishes (a published value never loses a digit: MHCLG's
        Employment scale has fractions of a person); computed values are rounded half up, as MHCLG's."""
        decimals = PUBLISHED_DECIMALS[self.measure]
        if self.published:
            digits = repr(self.value).partition(".")[2]
            decimals = max(decimals, 0 if digits == "0" else len(digits))
        return format_half_up(self.value, decimals)


def available_measures(frame: LsoaFrame, domain: str) -> tuple[str, ...]:
    """The domain's published measures that this release's data allows."""
    has_pop = frame.has(DOMAIN_POPULATION[domain])
    has_score = frame.has(f"{domain}_score")
    available = []
    for measure in SUMMARY_MEASURES[domain]:
        if measure == "proportion_most_deprived_10pc":
            ok = frame.has(f"{domain}_decile")
        elif measure in {"average_score", "scale"}:
            ok = has_pop and has_score
        else:
            ok = has_pop and frame.has(f"{domain}_rank")
        if ok:
            available.append(measure)
    return tuple(available)


@dataclass(frozen=True)
class MissingMeasure:
    domain: str
    measure: str
    why: str


def measures_not_computed(release: int) -> list[MissingMeasure]:
    """Measures MHCLG defines that cannot be computed from this release's LSOA data, and why, in words."""
    frame = lsoa_frame(release)
    name = frame.release.name
    missing = []
    for domain in SUMMARY_MEASURES:
        if not frame.has(f"{domain}_decile"):
            continue  # the release has no such domain here at all
        available = available_measures(frame, domain)
        for measure in SUMMARY_MEASURES[domain]:
            if measure in available:
                continue
            if not frame.has(DOMAIN_POPULATION[domain]):
                why = (
                    f"Needs population denominators (it weights each LSOA by its population): {name}'s "
                    "are not in the open data held here."
                )
            else:
                why = f"Needs the {DOMAIN_LABELS[domain]} LSOA scores, which the public copy of {name} lacks."
            missing.append(MissingMeasure(domain, measure, why))
    return missing


def _inputs(
    frame: LsoaFrame, rows: np.ndarray, groups: np.ndarray, n_groups: int, domain: str
) -> SummaryInputs:
    pop_field = DOMAIN_POPULATION[domain]
    pop = frame.columns[pop_field][rows] if frame.has(pop_field) else None
    score = frame.columns[f"{domain}_score"][rows] if frame.has(f"{domain}_score") else None
    numerators = score * pop if (score is not None and pop is not None and domain != "imd") else None
    return SummaryInputs(
        groups=groups,
        n_groups=n_groups,
        ranks=frame.columns[f"{domain}_rank"][rows].astype(np.int64),
        deciles=frame.columns[f"{domain}_decile"][rows],
        n_lsoas=frame.release.lsoa_count,
        scores=score,
        populations=pop,
        numerators=numerators,
    )


def _rounded(measure: str, values: np.ndarray) -> list[float]:
    """Values rounded half up to the places MHCLG publishes (ranks are taken before rounding)."""
    decimals = PUBLISHED_DECIMALS[measure]
    return [float(round_half_up(v, decimals)) if v == v else float("nan") for v in values.tolist()]


_summaries: dict[tuple[int, str, int], list[SummaryRow]] = {}
_published: dict[tuple[int, int], list[SummaryRow]] = {}


def computed_summaries(*, release: int, level: str) -> list[SummaryRow]:
    """Summary measures computed from the LSOA rows for every district (as in the release's LSOA file)
    or every ward in England. For districts the product shows MHCLG's published values instead
    (`deprivation_summaries`); this is what wards and priority areas get, and how they are checked."""
    frame = lsoa_frame(release)
    key = (release, level, data_version())
    if key in _summaries:
        return _summaries[key]
    if level == AreaLevel.DISTRICT:
        group_codes = frame.district_codes
    elif level == AreaLevel.WARD:
        group_codes = frame.ward_codes
    else:
        raise ValueError(f"Summaries are for districts or wards, not {level!r}")
    rows = np.flatnonzero(group_codes != "")
    area_codes, groups = np.unique(group_codes[rows].astype(str), return_inverse=True)
    names = dict(Area.objects.filter(code__in=list(area_codes)).values_list("code", "name"))
    result: list[SummaryRow] = []
    for domain in SUMMARY_MEASURES:
        measures = available_measures(frame, domain)
        if not measures:
            continue
        values = summarise(_inputs(frame, rows, groups, len(area_codes), domain), measures)
        for measure in measures:
            ranks = rank_descending(values[measure])
            rounded = _rounded(measure, values[measure])
            for i, code in enumerate(area_codes):
                result.append(
                    SummaryRow(
                        str(code),
                        names.get(code, code),
                        domain,
                        measure,
                        rounded[i],
                        int(ranks[i]),
                        len(area_codes),
                    )
                )
    if len(_summaries) >= 12:
        _summaries.clear()
    _summaries[key] = result
    return result


def summaries_cache_clear() -> None:
    """Forget the summaries kept in this process (they are also dropped when the data is reloaded)."""
    _summaries.clear()
    _published.clear()


def published_summaries(*, release: int) -> list[SummaryRow]:
    """MHCLG's File 10 for the release as loaded (empty where none is held), in File 10's order of
    domains and measures, districts by code."""
    key = (release, data_version())
    if key not in _published:
        order = {
            (d, m): i
            for i, (d, m) in enumerate((d, m) for d in SUMMARY_MEASURES for m in SUMMARY_MEASURES[d])
        }
        rows = list(
            PublishedSummary.objects.filter(release_id=release).values_list(
                "area_id", "area__name", "domain", "measure", "value", "rank"
            )
        )
        count = len({r[0] for r in rows})
        rows.sort(key=lambda r: (order.get((r[2], r[3]), len(order)), r[0]))
        if len(_published) >= 6:
            _published.clear()
        _published[key] = [SummaryRow(*r, ranked_among=count, published=True) for r in rows]
    return _published[key]


def deprivation_summaries(*, release: int, level: str) -> list[SummaryRow]:
    """Summary measures for every district or every ward in England: for districts, MHCLG's published
    values and ranks where its File 10 is held; otherwise computed from the LSOA data."""
    if level == AreaLevel.DISTRICT:
        published = published_summaries(release=release)
        if published:
            return published
    return computed_summaries(release=release, level=level)


def summaries_are_published(*, release: int, level: str) -> bool:
    return level == AreaLevel.DISTRICT and bool(published_summaries(release=release))


def area_summaries(*, release: int, level: str, code: str) -> list[SummaryRow]:
    return [row for row in deprivation_summaries(release=release, level=level) if row.area_code == code]


def lsoa_set_summaries(*, release: int, lsoa_codes: list[str], name: str) -> list[SummaryRow]:
    """Summary measures for any set of LSOAs (a priority area, the rest of a district), computed as
    MHCLG defines them, with the rank it would take among England's districts (their published values
    where held, otherwise computed)."""
    frame = lsoa_frame(release)
    rows = frame.rows_for(lsoa_codes)
    if rows.size == 0:
        return []
    districts: dict[tuple[str, str], list[float]] = {}
    for row in deprivation_summaries(release=release, level=AreaLevel.DISTRICT):
        districts.setdefault((row.domain, row.measure), []).append(row.value)
    computed: dict[tuple[str, str], list[float]] = {}
    result = []
    for domain in SUMMARY_MEASURES:
        measures = available_measures(frame, domain)
        if not measures:
            continue
        values = summarise(_inputs(frame, rows, np.zeros(rows.size, dtype=np.int64), 1, domain), measures)
        for measure in measures:
            value = _rounded(measure, values[measure])[0]
            if (domain, measure) not in districts and not computed:
                for row in computed_summaries(release=release, level=AreaLevel.DISTRICT):
                    computed.setdefault((row.domain, row.measure), []).append(row.value)
            others = np.array(districts.get((domain, measure)) or computed.get((domain, measure), []))
            # Larger beyond floating-point noise (summing in another order moves the last digits).
            rank = int((others > value + 1e-9 * abs(value)).sum()) + 1
            result.append(SummaryRow("", name, domain, measure, value, rank, others.size))
    return result


# ---------------------------------------------------------------------------------------------------
# Areas within a district


@dataclass(frozen=True)
class LsoaRow:
    code: str
    name: str
    ward_code: str
    ward_name: str
    population: int | None
    score: float | None  # IMD score
    ranks: dict[str, int | None]
    deciles: dict[str, int | None]


def lsoas_in_district(*, release: int, district: str) -> list[LsoaRow]:
    """The district's LSOAs (as published in the release), most deprived on the IMD first."""
    frame = lsoa_frame(release)
    rows = np.flatnonzero(frame.district_codes == district)
    codes = [frame.codes[i] for i in rows]
    names = dict(Area.objects.filter(code__in=codes).values_list("code", "name"))
    ward_names = dict(Area.objects.filter(code__in=set(frame.ward_codes[rows])).values_list("code", "name"))
    domains = [d for d in DOMAINS if frame.has(f"{d}_rank")]
    result = []
    for i in rows:

        def value(field, i=i):
            v = frame.columns[field][i] if field in frame.columns else np.nan
            return None if np.isnan(v) else v

        result.append(
            LsoaRow(
                code=frame.codes[i],
                name=names.get(frame.codes[i], frame.codes[i]),
                ward_code=frame.ward_codes[i],
                ward_name=ward_names.get(frame.ward_codes[i], ""),
                population=None if value("pop_total") is None else int(value("pop_total")),
                score=value("imd_score"),
                ranks={d: None if value(f"{d}_rank") is None else int(value(f"{d}_rank")) for d in domains},
                deciles={
                    d: None if value(f"{d}_decile") is None else int(value(f"{d}_decile")) for d in domains
                },
            )
        )
    result.sort(key=lambda r: (r.ranks.get("imd") or 0, r.code))
    return result


def ward_ranking_available(*, release: int, domain: str) -> bool:
    """Wards are ranked on population-weighted average rank, which needs population denominators."""
    return domain in SUMMARY_MEASURES and "average_rank" in available_measures(lsoa_frame(release), domain)


def release_has_population(release: int) -> bool:
    return lsoa_frame(release).has("pop_total")


def domains_in_release(release: int) -> list[str]:
    frame = lsoa_frame(release)
    return [d for d in DOMAINS if frame.has(f"{d}_rank")]


@dataclass(frozen=True)
class WardRow:
    code: str
    name: str
    lsoa_count: int
    population: int | None
    summaries: dict[tuple[str, str], SummaryRow]

    def decile(self, domain: str) -> int | None:
        """National decile of wards on the domain's average rank (1 = most deprived tenth of wards)."""
        row = self.summaries.get((domain, "average_rank"))
        if row is None:
            return None
        return -(-row.rank * 10 // row.ranked_among)


def wards_in_district(*, release: int, district: str) -> list[WardRow]:
    frame = lsoa_frame(release)
    geography = frame.release.geography
    # A ward belongs to the district holding most of its LSOAs: an LSOA MHCLG moved to another district
    # (E01027305, see importers.open_data.DISTRICT_CORRECTIONS) keeps its best-fit ward, which stays
    # with that ward's own district.
    ward_codes = [
        row["ward_id"]
        for row in LsoaPlacement.objects.filter(
            geography=geography,
            ward_id__in=LsoaPlacement.objects.filter(geography=geography, district_id=district).values(
                "ward_id"
            ),
        )
        .values("ward_id")
        .annotate(total=Count("id"), inside=Count("id", filter=Q(district_id=district)))
        .order_by("ward_id")
        if 2 * row["inside"] > row["total"]
    ]
    by_ward: dict[str, dict] = {code: {} for code in ward_codes}
    for row in deprivation_summaries(release=release, level=AreaLevel.WARD):
        if row.area_code in by_ward:
            by_ward[row.area_code][(row.domain, row.measure)] = row
    names = dict(Area.objects.filter(code__in=ward_codes).values_list("code", "name"))
    result = []
    for code in ward_codes:
        rows = np.flatnonzero(frame.ward_codes == code)
        pop = frame.columns["pop_total"][rows]
        result.append(
            WardRow(
                code=code,
                name=names.get(code, code),
                lsoa_count=int(rows.size),
                population=None if np.isnan(pop).any() else int(pop.sum()),
                summaries=by_ward[code],
            )
        )
    imd_rank = ("imd", "average_rank")
    result.sort(key=lambda w: (w.summaries[imd_rank].rank if imd_rank in w.summaries else 0, w.name))
    return result


def ranked_areas(*, release: int, district: str, level: str, domain: str) -> list[dict]:
    """The district's LSOAs or wards with their national rank and decile on a domain, as table rows."""
    if level == AreaLevel.WARD:
        rows = []
        for ward in wards_in_district(release=release, district=district):
            ranking = ward.summaries[(domain, "average_rank")]
            score = ward.summaries.get((domain, "average_score"))
            rows.append(
                {
                    "code": ward.code,
                    "name": ward.name,
                    "decile": ward.decile(domain),
                    "rank": ranking.rank,
                    "of": ranking.ranked_among,
                    "score": score.display if score else "",
                    "lsoa_count": ward.lsoa_count,
                    "population": ward.population,
                    "ward_name": "",
                }
            )
        return rows
    lsoa_count = release_get(release).lsoa_count
    return [
        {
            "code": lsoa.code,
            "name": lsoa.name,
            "decile": lsoa.deciles.get(domain),
            "rank": lsoa.ranks.get(domain),
            "of": lsoa_count,
            "score": f"{lsoa.score:.3f}" if domain == "imd" and lsoa.score is not None else "",
            "ward_code": lsoa.ward_code,
            "ward_name": lsoa.ward_name,
            "population": lsoa.population,
        }
        for lsoa in lsoas_in_district(release=release, district=district)
    ]


# ---------------------------------------------------------------------------------------------------
# Priority areas


def priority_areas_for(*, districts: list[str]) -> QuerySet[PriorityArea]:
    return PriorityArea.objects.filter(district_id__in=districts).select_related("district")


def lsoas_in_geography(codes, *, source: str, target: str) -> list[str]:
    """The LSOAs of the `target` geography that cover `codes` of the `source` geography, through the ONS
    LSOA 2011 to 2021 lookup: an LSOA split in 2021 is followed to every part, LSOAs merged in 2021 to
    the merged one; going back from 2021, a part of a split LSOA brings the whole 2011 LSOA. Where the
    lookup is not one-to-one the result covers a little more than `codes` (say so where it matters)."""
    codes = sorted(set(codes))
    if source == target:
        return codes
    if (source, target) == (Geography.G2019, Geography.G2024):
        linked = LsoaSuccession.objects.filter(lsoa11_id__in=codes).values_list("lsoa21_id", flat=True)
    elif (source, target) == (Geography.G2024, Geography.G2019):
        linked = LsoaSuccession.objects.filter(lsoa21_id__in=codes).values_list("lsoa11_id", flat=True)
    else:
        raise ValueError(f"No LSOA lookup from geography {source} to {target}")
    return sorted(set(linked))


def priority_area_lsoas(version: PriorityAreaVersion, geography: str = Geography.G2019) -> list[str]:
    """The version's LSOAs in `geography`: picked LSOAs, the LSOAs of picked wards, or a rule's result,
    taken through the LSOA 2011 to 2021 lookup when the version was defined in the other geography.
    The default is the 2011 LSOAs, in which indicators and scorecards are held."""
    members = list(version.members.select_related("area").values_list("area_id", "area__level"))
    lsoas = [code for code, level in members if level == AreaLevel.LSOA]
    wards = [code for code, level in members if level == AreaLevel.WARD]
    if wards:
        lsoas += list(
            LsoaPlacement.objects.filter(geography=version.geography, ward_id__in=wards).values_list(
                "lsoa_id", flat=True
            )
        )
    return lsoas_in_geography(lsoas, source=version.geography, target=geography)


def lsoa_in_release(*, release: int, code: str) -> LsoaRow | None:
    """One LSOA's row in the release, or None when the release does not hold it (2011 and 2021 LSOAs
    differ: IoD2025 holds 2021 LSOAs, IoD2015 and IoD2019 hold 2011 ones)."""
    frame = lsoa_frame(release)
    if code not in frame.index:
        return None
    district = frame.district_codes[frame.index[code]]
    return next(
        (row for row in lsoas_in_district(release=release, district=district) if row.code == code), None
    )


def lsoas_in_ward(*, release: int, ward: str) -> list[LsoaRow]:
    """The ward's LSOAs in the release (best-fit lookup), most deprived on the IMD first."""
    frame = lsoa_frame(release)
    rows = np.flatnonzero(frame.ward_codes == ward)
    if not rows.size:
        return []
    districts = {frame.district_codes[i] for i in rows}
    found = [row for d in sorted(districts) for row in lsoas_in_district(release=release, district=d)]
    return sorted(
        (row for row in found if row.ward_code == ward), key=lambda r: (r.ranks.get("imd") or 0, r.code)
    )


def releases_holding(code: str) -> list[int]:
    """The years of the releases that hold this LSOA."""
    return sorted(
        LsoaDeprivation.objects.filter(lsoa_id=code).values_list("release__year", flat=True).distinct()
    )
