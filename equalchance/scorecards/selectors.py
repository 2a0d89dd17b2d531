"""Reads for scorecards, including who may see what: the one place that says which scorecards and which
published snapshots a user may open, and the only way views get a snapshot (`snapshot_get_for`), which
refuses, audits and reads in one step."""

import copy
import hashlib
import threading
from collections import OrderedDict
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record, audit_refusal_record
from equalchance.common.keys import LARGEST_ID
from equalchance.indicators import selectors as indicators
from equalchance.places import selectors as places
from equalchance.places.models import ComparatorGroupMember, PriorityAreaVersion
from equalchance.scorecards import compute
from equalchance.scorecards.compute import ThemeResult, partnership_scorecards
from equalchance.scorecards.models import Scorecard, Snapshot, Theme

VIEW = "scorecards.view"


def scorecards_visible_to(*, user) -> QuerySet[Scorecard]:
    """The partnership's scorecards for roles that read scorecards; none for anyone else."""
    if not user_can(user, VIEW):
        return Scorecard.objects.none()
    return partnership_scorecards()


def public_snapshots() -> QuerySet[Snapshot]:
    """Snapshots the partnership has made public (shown with small numbers suppressed)."""
    return Snapshot.objects.filter(public=True).select_related("scorecard__target", "scorecard__district")


def snapshots_visible_to(*, user) -> QuerySet[Snapshot]:
    """Every snapshot of the partnership's scorecards, private ones included, for roles that read
    scorecards; only the public ones for anyone else (and those only through the public pages)."""
    if not user_can(user, VIEW):
        return public_snapshots()
    return Snapshot.objects.filter(scorecard__in=partnership_scorecards()).select_related(
        "scorecard__target", "scorecard__district", "published_by"
    )


def snapshots_get_for(
    *, user, ids: list[int], scorecard: Scorecard | None = None, purpose: str = "page"
) -> list[Snapshot]:
    """Published snapshots in full (counts included), in the order asked, for a role that reads
    scorecards.

    Refused (PermissionDenied) for every other role, whatever the ids, so a refusal says nothing about
    which snapshots exist; each private snapshot asked for is recorded as a refused read (and a request
    that named none as a refused access). Reading a
    private snapshot is audited once per request (`purpose`: page, csv, xlsx, pdf, api, compare).
    Raises Snapshot.DoesNotExist when an id is not one of the user's snapshots (or not `scorecard`'s)."""
    ids = [int(id) for id in ids]
    keys = [id for id in ids if 0 < id <= LARGEST_ID]  # others cannot be keys (nor reach the database)
    if not user_can(user, VIEW):
        if getattr(user, "is_authenticated", False):
            private = list(Snapshot.objects.filter(pk__in=keys, public=False).values_list("pk", flat=True))
            for pk in private:
                audit_refusal_record(
                    actor=user,
                    action=Action.SNAPSHOT_READ,
                    object_type=Snapshot._meta.label_lower,
                    object_id=pk,
                    why=VIEW,
                )
            if not private:  # refused all the same (pages and the API alike), recorded once
                audit_refusal_record(
                    actor=user,
                    action=Action.ACCESS_REFUSED,
                    object_type=Snapshot._meta.label_lower,
                    object_id=",".join(map(str, keys))[:64],
                    why=VIEW,
                )
        raise PermissionDenied("Your role cannot read published scorecards in full.")
    snapshots = snapshots_visible_to(user=user)
    if scorecard is not None:
        snapshots = snapshots.filter(scorecard=scorecard)
    found = {snapshot.pk: snapshot for snapshot in snapshots.filter(pk__in=keys)}
    if not ids or any(id not in found for id in ids):
        raise Snapshot.DoesNotExist("No such published scorecard")
    private = [snapshot for snapshot in found.values() if not snapshot.public]
    if private:
        with transaction.atomic():
            for snapshot in private:
                audit_event_record(
                    actor=user, action=Action.SNAPSHOT_READ, obj=snapshot, changes={"as": purpose}
                )
    return [found[id] for id in ids]


def snapshot_get_for(*, user, id: int, scorecard: Scorecard | None = None, purpose: str = "page") -> Snapshot:
    """One published snapshot in full: see `snapshots_get_for`, the only way views get them."""
    return snapshots_get_for(user=user, ids=[id], scorecard=scorecard, purpose=purpose)[0]


# ---------------------------------------------------------------------------------------------------
# Computed scorecards, kept per data version
#
# Computing a scorecard reads every line's observations and works out intervals, gaps and directions:
# seconds, not milliseconds. The result depends only on the scorecard's definition, the observations,
# the reference data and the as-at and confidence asked for, so it is kept in this process under a key
# made of all of them (read from the database on every request, a few small indexed queries). Any
# change (an import, a roll-back, a synthetic series, a line added or removed, a polarity changed, a
# priority area redefined) makes a new key, so a stale result is never served, by this process or any
# other; old keys age out of a small LRU.

CACHED_RESULTS = 32
_results: OrderedDict[tuple, list[ThemeResult]] = OrderedDict()
_results_lock = threading.Lock()
_computing: dict[tuple, threading.Lock] = {}


def scorecard_version(scorecard: Scorecard) -> str:
    """A digest of everything the computation of `scorecard` reads (as this object holds it)."""
    target = scorecard.target
    version_id = scorecard.target_version_id or (
        target.versions.order_by("-number").values_list("id", flat=True).first()
    )
    parts = [
        (scorecard.pk, scorecard.district_id, target.pk, target.name, scorecard.baseline_year),
        (scorecard.target_version_id, version_id, scorecard.comparator_group_id),
        list(
            PriorityAreaVersion.objects.filter(pk=version_id)
            .values_list("geography", "members__area_id")
            .order_by("members__area_id")
        ),
        list(
            Theme.objects.filter(scorecard=scorecard)
            .order_by("pk", "lines__pk")
            .values_list(
                "pk",
                "name",
                "order",
                "lines__pk",
                "lines__order",
                "lines__polarity",
                "lines__indicator_id",
                "lines__indicator__updated_at",
            )
        ),
        list(
            ComparatorGroupMember.objects.filter(group_id=scorecard.comparator_group_id)
            .order_by("area_id")
            .values_list("area_id", flat=True)
        ),
        indicators.observations_version(),
        places.data_version(),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def scorecard_results(
    *, scorecard: Scorecard, as_at: date | None = None, confidence: float = 0.95
) -> list[ThemeResult]:
    """`compute.scorecard_compute` for this scorecard, computed once per data version in this process
    (requests that arrive while it is being computed wait for it rather than compute it again). Each
    caller gets its own copies of the line results, free to decorate."""
    key = (scorecard.pk, scorecard_version(scorecard), as_at, confidence)
    with _results_lock:
        themes = _results.get(key)
        if themes is not None:
            _results.move_to_end(key)
            return _copies(themes)
        computing = _computing.setdefault(key, threading.Lock())
    with computing:
        with _results_lock:
            themes = _results.get(key)
        if themes is None:
            try:
                themes = compute.scorecard_compute(scorecard, as_at=as_at, confidence=confidence)
            finally:
                with _results_lock:
                    _computing.pop(key, None)
            with _results_lock:
                _results[key] = themes
                while len(_results) > CACHED_RESULTS:
                    _results.popitem(last=False)
    return _copies(themes)


def scorecard_results_forget() -> None:
    """Drop every kept result (tests start from nothing; nothing else needs it)."""
    with _results_lock:
        _results.clear()


def _copies(themes: list[ThemeResult]) -> list[ThemeResult]:
    return [ThemeResult(theme.name, [copy.copy(line) for line in theme.lines]) for theme in themes]


def data_up_to(data: dict, *, published: date | None = None) -> date | None:
    """The end of the latest period frozen data holds (snapshots.data_up_to), never after the day it
    was published. Data frozen before the period's end was kept has it worked out from each line's
    period label and its indicator's period type."""
    from equalchance.indicators.models import Indicator
    from equalchance.indicators.periods import parse_period
    from equalchance.scorecards import snapshots

    if data.get("data_up_to"):
        latest = date.fromisoformat(data["data_up_to"])
    else:
        lines = [line for theme in data["themes"] for line in theme["lines"] if line.get("period")]
        types = dict(
            Indicator.objects.filter(code__in={line["indicator"] for line in lines}).values_list(
                "code", "period_type"
            )
        )
        ends = {}
        for line in lines:
            try:
                ends[(line["indicator"], line["period"])] = parse_period(
                    line["period"], types.get(line["indicator"], "calendar")
                ).end
            except ValueError:  # a label that names no period: it says nothing about "up to"
                continue
        latest = snapshots.data_up_to(data, period_ends=ends)
    if latest is not None and published is not None:
        latest = min(latest, published)
    return latest


def snapshot_data_up_to(snapshot: Snapshot) -> date | None:
    from django.utils import timezone

    return data_up_to(snapshot.data, published=timezone.localdate(snapshot.published_at))
