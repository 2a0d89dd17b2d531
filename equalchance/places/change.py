"""Change in deprivation between releases, for LSOAs and for groups of them (wards, priority areas).

Ranks and deciles are relative within a release and scores are not strictly comparable between
releases, so change is shown as movement in national decile and in rank as a share of all LSOAs.
IoD2015 and IoD2019 share the 2011 LSOAs; IoD2025 uses 2021 LSOAs, reached through the ONS LSOA
2011 to 2021 lookup, which is not one-to-one where LSOAs were split, merged or redrawn.
"""

from dataclasses import dataclass

import numpy as np

from equalchance.places.models import LsoaSuccession
from equalchance.places.selectors import lsoa_frame


@dataclass(frozen=True)
class Position:
    code: str
    rank: int
    decile: int
    out_of: int

    @property
    def percentile(self) -> float:
        """Rank as a percentage of all LSOAs: 1% = among the most deprived."""
        return 100.0 * self.rank / self.out_of


@dataclass(frozen=True)
class LsoaChange:
    code: str
    before: Position
    after: list[Position]  # one, or several where the LSOA was split
    change_type: str  # U unchanged, S split, M merged, X redrawn ("" when both releases share LSOAs)

    @property
    def one_to_one(self) -> bool:
        return self.change_type in {"", "U"} and len(self.after) == 1

    @property
    def decile_change(self) -> int | None:
        """After minus before: negative = relatively more deprived. None where not one-to-one."""
        if len(self.after) != 1:
            return None
        return self.after[0].decile - self.before.decile


def successors(lsoa11_codes: list[str]) -> dict[str, list[tuple[str, str]]]:
    """2011 LSOA -> [(2021 LSOA, change indicator)]."""
    result: dict[str, list[tuple[str, str]]] = {code: [] for code in lsoa11_codes}
    for old, new, change in LsoaSuccession.objects.filter(lsoa11_id__in=lsoa11_codes).values_list(
        "lsoa11_id", "lsoa21_id", "change"
    ):
        result[old].append((new, change))
    return result


def _position(frame, code: str, domain: str) -> Position | None:
    i = frame.index.get(code)
    if i is None:
        return None
    rank = frame.columns[f"{domain}_rank"][i]
    if np.isnan(rank):
        return None
    return Position(code, int(rank), int(frame.columns[f"{domain}_decile"][i]), frame.release.lsoa_count)


def lsoa_changes(*, lsoa_codes: list[str], before: int, after: int, domain: str = "imd") -> list[LsoaChange]:
    """Movement of each 2011 LSOA between two releases (`before` must use 2011 LSOAs)."""
    frame_before, frame_after = lsoa_frame(before), lsoa_frame(after)
    same_geography = frame_before.release.geography == frame_after.release.geography
    links = {} if same_geography else successors(lsoa_codes)
    result = []
    for code in lsoa_codes:
        start = _position(frame_before, code, domain)
        if start is None:
            continue
        if same_geography:
            end = _position(frame_after, code, domain)
            result.append(LsoaChange(code, start, [end] if end else [], ""))
            continue
        targets = links.get(code, [])
        ends = [p for p in (_position(frame_after, new, domain) for new, _ in targets) if p]
        change = targets[0][1] if targets else "X"
        result.append(LsoaChange(code, start, ends, change))
    return result


@dataclass(frozen=True)
class GroupPosition:
    lsoa_count: int
    in_decile_1: int
    in_deciles_1_2: int
    median_percentile: float | None

    @property
    def share_decile_1(self) -> float:
        return self.in_decile_1 / self.lsoa_count if self.lsoa_count else 0.0

    @property
    def share_deciles_1_2(self) -> float:
        return self.in_deciles_1_2 / self.lsoa_count if self.lsoa_count else 0.0


def _group_position(positions: list[Position]) -> GroupPosition:
    unique = {p.code: p for p in positions}.values()  # a merged 2021 LSOA counts once
    deciles = [p.decile for p in unique]
    percentiles = [p.percentile for p in unique]
    return GroupPosition(
        lsoa_count=len(deciles),
        in_decile_1=sum(d == 1 for d in deciles),
        in_deciles_1_2=sum(d <= 2 for d in deciles),
        median_percentile=float(np.median(percentiles)) if percentiles else None,
    )


@dataclass(frozen=True)
class GroupChange:
    name: str
    before: GroupPosition
    after: GroupPosition
    not_one_to_one: int  # LSOAs split, merged or redrawn between the releases


def group_change(*, name: str, changes: list[LsoaChange]) -> GroupChange:
    return GroupChange(
        name=name,
        before=_group_position([c.before for c in changes]),
        after=_group_position([p for c in changes for p in c.after]),
        not_one_to_one=sum(not c.one_to_one for c in changes),
    )


def changes_by_group(changes: list[LsoaChange], *, group_of: dict[str, str]) -> list[GroupChange]:
    """One GroupChange per group (e.g. ward name by LSOA code), most deprived at the start first."""
    grouped: dict[str, list[LsoaChange]] = {}
    for lsoa_change in changes:
        grouped.setdefault(group_of[lsoa_change.code], []).append(lsoa_change)
    return sorted(
        (group_change(name=name, changes=members) for name, members in grouped.items()),
        key=lambda group: (-group.before.share_decile_1, group.name),
    )
