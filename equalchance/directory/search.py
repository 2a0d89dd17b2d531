"""Searching the directory: words (full text, stemmed, every word must match), category, SEND need,
age, free, and distance from a postcode; sorted and paged.

Full text uses the database's own engine: SQLite FTS5 (Porter stemmer) or PostgreSQL text search
(English stemmer), over one index table kept in step by `search_index_refresh`. The query is built the
same way for both (common English words dropped, the rest ANDed), so both give the same results. When
no service matches, each word that matches nothing is replaced by the closest word in the directory
("Showing results for ..."), which is our typo tolerance on either database.
"""

import difflib
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from math import ceil

from django.db import connection, transaction
from django.db.models import Max, Q

from equalchance.directory import postcodes
from equalchance.directory.models import Service, TaxonomyTerm

PER_PAGE = 20
SORTS = {
    "relevance": "Best match",
    "name": "Name (A to Z)",
    "distance": "Nearest first",
    "checked": "Recently checked",
}
LISTED = [Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED]
WORD = re.compile(r"[a-z0-9]+")
# PostgreSQL's English stop words would match nothing there; FTS5 would match them everywhere. Drop them.
STOP_WORDS = set(
    "a about above after again against all am an and any are as at be because been before being "
    "below between both but by can did do does doing down during each few for from further had "
    "has have having he her here hers herself him himself his how i if in into is it its itself "
    "just me more most my myself no nor not now of off on once only or other our ours ourselves "
    "out over own same she should so some such than that the their theirs them themselves then "
    "there these they this those through to too under until up very was we were what when where "
    "which while who whom why will with you your yours yourself yourselves".split()
)


def words_of(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS][:12]


def search_document(service: Service) -> tuple[str, str]:
    """What a service is found by: its name, and everything else a parent might type."""
    terms = " ".join(term.name for term in service.terms.all())
    body = " ".join(
        part
        for part in [
            service.description,
            service.organisation.name,
            terms,
            service.eligibility_description,
            service.fees_description,
        ]
        if part
    )
    return service.name, body


def _db_id(service_id: uuid.UUID) -> str:
    """A service id as the service table stores it (SQLite: 32 hex digits; PostgreSQL: a uuid)."""
    return service_id.hex if connection.vendor == "sqlite" else str(service_id)


def search_index_refresh(service_ids=None) -> int:
    """Re-index the given services (all when None): published ones in, others out."""
    with transaction.atomic(), connection.cursor() as cursor:
        if service_ids is None:
            cursor.execute("DELETE FROM directory_search")
            services = Service.objects.filter(published=True)
        else:
            ids = [_db_id(uuid.UUID(str(i))) for i in service_ids]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM directory_search WHERE service_id IN ({marks})", chunk)
            services = Service.objects.filter(published=True, id__in=list(service_ids))
        rows = [
            (_db_id(s.id), *search_document(s))
            for s in services.select_related("organisation").prefetch_related("terms")
        ]
        cursor.executemany("INSERT INTO directory_search (service_id, name, body) VALUES (%s, %s, %s)", rows)
    return len(rows)


def _match_sql(words: list[str]) -> tuple[str, str, str, list]:
    """Tables, condition and rank expression of the full-text match on this database, and its parameter."""
    if connection.vendor == "sqlite":
        return (
            "directory_search",
            "directory_search MATCH %s",
            "-bm25(directory_search, 0, 10.0, 1.0)",
            [" AND ".join(f'"{w}"' for w in words)],
        )
    return (
        "directory_search, to_tsquery('english', %s) query",
        "document @@ query",
        "ts_rank(document, query)",
        [" & ".join(words)],
    )


def text_matches(words: list[str]) -> dict[uuid.UUID, float]:
    """Service id -> rank (higher is better) for services whose text has every word: the bare
    full-text query."""
    if not words:
        return {}
    tables, condition, rank, params = _match_sql(words)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT service_id, {rank} FROM {tables} WHERE {condition}", params)
        return {uuid.UUID(str(service_id)): value for service_id, value in cursor.fetchall()}


def _matching_rows(words: list[str], candidates) -> list[tuple]:
    """(id, name, assured date, rank) of candidate services whose text has every word: one query."""
    tables, condition, rank, params = _match_sql(words)
    inner, inner_params = candidates.order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.id, s.name, s.assured_date, {rank} FROM directory_service s, {tables} "
            f"WHERE {condition} AND s.id = service_id AND s.id IN ({inner})",
            params + list(inner_params),
        )
        return [
            (uuid.UUID(str(i)), name, _date(assured), value) for i, name, assured, value in cursor.fetchall()
        ]


def _date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


_vocabulary: dict[tuple, list[str]] = {}


def vocabulary() -> list[str]:
    """Every word in the index, for suggesting a spelling; cached until the directory changes."""
    key = (
        Service.objects.filter(published=True).count(),
        Service.objects.aggregate(m=Max("last_modified"))["m"],
    )
    if key not in _vocabulary:
        _vocabulary.clear()
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, body FROM directory_search")
            words = {w for name, body in cursor.fetchall() for w in WORD.findall(f"{name} {body}".lower())}
        _vocabulary[key] = sorted(w for w in words if len(w) > 2 and not w.isdigit())
    return _vocabulary[key]


def corrected(words: list[str]) -> list[str]:
    """Each word that matches nothing replaced by the closest word in the directory, if one is close."""
    known = vocabulary()
    result = []
    for word in words:
        if text_matches([word]):
            result.append(word)
            continue
        close = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
        result.append(close[0] if close else word)
    return result


@dataclass(frozen=True)
class Query:
    words: str = ""
    category: uuid.UUID | None = None
    need: uuid.UUID | None = None
    age: int | None = None
    free: bool = False
    postcode: str = ""
    within_km: float = 5.0
    sort: str = "relevance"
    page: int = 1


@dataclass
class Hit:
    service: Service
    distance_km: float | None = None


@dataclass
class Results:
    hits: list[Hit]
    total: int
    page: int
    pages: int
    place: postcodes.Postcode | None = None
    showing_for: str = ""  # the corrected words, when the typed ones found nothing
    problems: dict[str, str] = field(default_factory=dict)


def _filtered(query: Query):
    services = Service.objects.filter(published=True, status__in=LISTED)
    if query.category:
        family = [
            query.category,
            *TaxonomyTerm.objects.filter(parent_id=query.category).values_list("id", flat=True),
        ]
        services = services.filter(terms__id__in=family)
    if query.need:
        services = services.filter(terms__id=query.need)
    if query.age is not None:
        services = services.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=query.age))
        services = services.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=query.age))
    if query.free:
        services = services.filter(free=True)
    return services.distinct()


def search(query: Query) -> Results:
    candidates = _filtered(query)
    words = words_of(query.words)
    showing_for = ""
    place = postcodes.postcode_find(query.postcode) if query.postcode else None
    problems = {}
    if query.postcode and place is None:
        problems["postcode"] = (
            "Enter a postcode in Solihull, Rotherham or Redditch, like B37 7UH"
            if postcodes.normalise(query.postcode)
            else "Enter a real postcode, like B37 7UH"
        )
    distances: dict[uuid.UUID, float] = {}
    if place:
        low_lat, high_lat, low_lon, high_lon = postcodes.bounding_box(
            place.latitude, place.longitude, query.within_km
        )
        candidates = candidates.filter(
            service_at_locations__location__latitude__range=(low_lat, high_lat),
            service_at_locations__location__longitude__range=(low_lon, high_lon),
        )
        for service_id, lat, lon in candidates.values_list(
            "id", "service_at_locations__location__latitude", "service_at_locations__location__longitude"
        ):
            km = postcodes.distance_km(place.latitude, place.longitude, lat, lon)
            if km <= query.within_km and km < distances.get(service_id, float("inf")):
                distances[service_id] = km
    if words:
        found = _matching_rows(words, candidates)
        if not found:
            better = corrected(words)
            if better != words:
                found, showing_for = _matching_rows(better, candidates), " ".join(better)
    else:
        found = [(*row, 0.0) for row in candidates.values_list("id", "name", "assured_date").distinct()]
    if place:
        found = [row for row in found if row[0] in distances]
    sort = query.sort if query.sort in SORTS else "relevance"
    if sort == "distance" and place:
        found.sort(key=lambda r: (distances[r[0]], r[1]))
    elif sort == "checked":
        found.sort(key=lambda r: (r[2] is None, -(r[2].toordinal() if r[2] else 0), r[1]))
    elif sort == "relevance" and words:
        found.sort(key=lambda r: (-r[3], r[1]))
    else:
        found.sort(key=lambda r: r[1].lower())
    pages = max(1, ceil(len(found) / PER_PAGE))
    page = min(max(1, query.page), pages)
    chosen = [r[0] for r in found[(page - 1) * PER_PAGE : page * PER_PAGE]]
    by_id = Service.objects.select_related("organisation").in_bulk(chosen)
    hits = [Hit(by_id[i], distances.get(i)) for i in chosen]
    return Results(hits, len(found), page, pages, place, showing_for, problems)
