"""Searching the directory: words (full text, stemmed, every word must match), category, SEND need,
accessibility of the place, open on a day or at a time of day, age, free, and distance from a
postcode; sorted and paged.

Full text uses the database's own engine: SQLite FTS5 (Porter stemmer) or PostgreSQL text search
(English stemmer), over one index table kept in step by `search_index_refresh`. The query is built the
same way for both (common English words dropped, the rest ANDed), so both give the same results. When
no service matches, each word that matches nothing is replaced by the closest word in the directory
("Showing results for ..."), which is our typo tolerance on either database.
"""

import difflib
import math
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import time
from math import ceil

from django.db import connection, transaction
from django.db.models import ExpressionWrapper, F, FloatField, Max, Q, Value
from django.db.models.expressions import RawSQL

from equalchance.directory import postcodes
from equalchance.directory.models import Location, OpeningTime, Service, TaxonomyTerm
from equalchance.directory.selectors import services_listed, services_public

PER_PAGE = 20
KM_PER_DEGREE = 111.195  # of latitude (mean Earth radius)
SORTS = {
    "relevance": "Best match",
    "name": "Name (A to Z)",
    "distance": "Nearest first",
    "checked": "Recently checked",
}
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


def folded(text: str) -> str:
    """Accents taken off (café -> cafe) before indexing and searching, so both databases agree."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def words_of(text: str) -> list[str]:
    return [w for w in WORD.findall(folded(text).lower()) if w not in STOP_WORDS][:12]


# What parents call a kind of support, beside the category's own name: indexed with the service, so
# "stay and play" finds parent, baby and toddler groups.
ALSO_CALLED = {
    "Parent, baby and toddler groups": "stay and play, toddler group, baby group, playgroup",
    "Pre-school playgroup": "pre-school, preschool, nursery, childcare",
    "Before and after school clubs": "breakfast club, after-school club, wraparound childcare",
    "Holiday clubs and schemes": "holiday activities, HAF, summer club",
    "Infant feeding support (including breastfeeding)": "breastfeeding, bottle feeding",
    "Mental health, social and emotional support": "anxiety, wellbeing, counselling",
    "Breaks and respite": "short breaks, respite care",
    # The Childcare taxonomy (childcare.py)
    "Childminders": "childminder, childcare",
    "Day nurseries": "nursery, day nursery, childcare",
    "Pre-schools and playgroups": "pre-school, preschool, playgroup, childcare",
    "Nursery classes in schools": "nursery class, school nursery, childcare",
    "Breakfast clubs": "breakfast club, wraparound childcare",
    "After-school clubs": "after-school club, wraparound childcare",
    "Holiday clubs": "holiday club, holiday childcare",
}
FUNDED_HOURS_ALSO_CALLED = "funded hours, free childcare, free hours, free nursery place, childcare"


def search_document(service: Service) -> tuple[str, str]:
    """What a service is found by: its name, and everything else a parent might type."""
    names = [term.name for term in service.terms.all()]
    terms = " ".join([*names, *(ALSO_CALLED[name] for name in names if name in ALSO_CALLED)])
    if any(name.startswith("Funded hours: ") for name in names):
        terms += " " + FUNDED_HOURS_ALSO_CALLED
    body = " ".join(
        part
        for part in [
            service.description,
            service.organisation.name,
            terms,
            service.eligibility_description,
            service.fees_description,
            *(service.details.get("local_offer") or {}).values(),
            _ofsted_words(service.details.get("childcare") or {}),
        ]
        if part
    )
    return folded(service.name), folded(body)


def _ofsted_words(details: dict) -> str:
    """An Ofsted-registered provider is found by "Ofsted", its registration number and its grade."""
    if not details.get("ofsted_urn"):
        return ""
    grade = str(details.get("ofsted_grade") or "").replace("_", " ")
    return f"Ofsted {details['ofsted_urn']} {grade}".strip()


def _db_id(service_id: uuid.UUID) -> str:
    """A service id as the service table stores it (SQLite: 32 hex digits; PostgreSQL: a uuid)."""
    return service_id.hex if connection.vendor == "sqlite" else str(service_id)


DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Parts of the day a parent asks for, as [from, to) in hours; a session counts if it overlaps.
TIMES_OF_DAY = {
    "morning": ("Morning (before 12 noon)", time(0), time(12)),
    "afternoon": ("Afternoon (12 noon to 5pm)", time(12), time(17)),
    "evening": ("Evening (after 5pm)", time(17), time(23, 59, 59)),
}


def _clock(text) -> time | None:
    """'09:00', '9:00:00' or '17:30Z' as a time of day; None if it is not one."""
    match = re.match(r"^\s*(\d{1,2}):(\d{2})", str(text or ""))
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


def weekly_sessions(schedules: list[dict]) -> list[tuple[int, time, time]]:
    """(weekday, opens, closes) for each day of each weekly HSDS schedule with both times; schedules
    given only as a description cannot be searched by time and give nothing."""
    sessions = []
    for schedule in schedules or []:
        opens, closes = _clock(schedule.get("opens_at")), _clock(schedule.get("closes_at"))
        if (schedule.get("freq") or "WEEKLY").upper() != "WEEKLY" or not opens or not closes:
            continue
        days = [d.strip().upper()[-2:] for d in str(schedule.get("byday") or "").split(",")]
        sessions += [(DAYS.index(d), opens, closes) for d in days if d in DAYS and opens < closes]
    return sessions


def _opening_times_refresh(services) -> None:
    OpeningTime.objects.bulk_create(
        OpeningTime(service_id=s.id, weekday=day, opens=opens, closes=closes)
        for s in services
        for day, opens, closes in weekly_sessions(s.details.get("schedules"))
    )


def search_index_refresh(service_ids=None) -> int:
    """Re-index the given services (all when None): published ones in, others out; their weekly
    sessions are read again too."""
    with transaction.atomic(), connection.cursor() as cursor:
        if service_ids is None:
            cursor.execute("DELETE FROM directory_search")
            cursor.execute("DELETE FROM directory_openingtime")
            services = services_public()
        else:
            ids = [_db_id(uuid.UUID(str(i))) for i in service_ids]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM directory_search WHERE service_id IN ({marks})", chunk)
                cursor.execute(f"DELETE FROM directory_openingtime WHERE service_id IN ({marks})", chunk)
            services = services_public().filter(id__in=list(service_ids))
        services = list(services.select_related("organisation").prefetch_related("terms"))
        _opening_times_refresh(services)
        rows = [(_db_id(s.id), *search_document(s)) for s in services]
        cursor.executemany("INSERT INTO directory_search (service_id, name, body) VALUES (%s, %s, %s)", rows)
        if len(rows) > 200:
            # Fresh statistics after a large change, so that the planner picks the covering indexes.
            cursor.execute("ANALYZE")
    return len(rows)


def _fts(words: list[str]) -> tuple[str, str, list, str]:
    """The full-text match on this database: its condition on directory_search, its rank (higher is
    better) with that rank's parameters, and the query text the condition takes."""
    if connection.vendor == "sqlite":
        return (
            "directory_search MATCH %s",
            "-bm25(directory_search, 0, 10.0, 1.0)",
            [],
            " AND ".join(f'"{w}"' for w in words),
        )
    text = " & ".join(words)
    return (
        "directory_search.document @@ to_tsquery('english', %s)",
        "ts_rank(directory_search.document, to_tsquery('english', %s))",
        [text],
        text,
    )


def text_matches(words: list[str]) -> dict[uuid.UUID, float]:
    """Service id -> rank (higher is better) for services whose text has every word: the bare
    full-text query."""
    if not words:
        return {}
    condition, rank, rank_params, text = _fts(words)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT service_id, {rank} FROM directory_search WHERE {condition}", [*rank_params, text]
        )
        return {uuid.UUID(str(service_id)): value for service_id, value in cursor.fetchall()}


_vocabulary: dict[tuple, list[str]] = {}


def vocabulary() -> list[str]:
    """Every word in the index, for suggesting a spelling; cached until the directory changes."""
    key = (
        services_public().count(),
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
    access: uuid.UUID | None = None  # an accessibility feature of the place
    day: int | None = None  # open on this weekday (0 is Monday)
    time_of_day: str = ""  # open at some point in this part of the day (TIMES_OF_DAY)
    age: int | None = None
    free: bool = False
    postcode: str = ""
    within_km: float = 5.0
    everywhere: bool = False  # include services placed outside the partnership's districts
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
    within_km: float = 5.0  # the distance searched, as the heading says it


def _filtered(query: Query):
    """Services passing every filter but words and distance; one row per service (term filters are
    subqueries, not joins)."""
    services = services_listed()
    tagged = Service.terms.through.objects
    if query.category:
        family = [
            query.category,
            *TaxonomyTerm.objects.filter(parent_id=query.category).values_list("id", flat=True),
        ]
        services = services.filter(id__in=tagged.filter(taxonomyterm_id__in=family).values("service_id"))
    for term in (query.need, query.access):
        if term:
            services = services.filter(id__in=tagged.filter(taxonomyterm_id=term).values("service_id"))
    if query.day is not None or query.time_of_day in TIMES_OF_DAY:
        sessions = OpeningTime.objects.all()
        if query.day is not None:
            sessions = sessions.filter(weekday=query.day)
        if query.time_of_day in TIMES_OF_DAY:
            _, start, end = TIMES_OF_DAY[query.time_of_day]
            sessions = sessions.filter(opens__lt=end, closes__gt=start)
        services = services.filter(id__in=sessions.values("service_id"))
    if query.age is not None:
        services = services.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=query.age))
        services = services.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=query.age))
    if query.free:
        services = services.filter(free=True)
    if not query.everywhere:
        services = services.exclude(id__in=_placed_elsewhere())
    return services


def _placed_elsewhere():
    """Services every one of whose mapped places lies outside the partnership's districts (each
    district's extent taken from its shipped postcodes). Services with no mapped place (by phone,
    online) are kept: where they serve cannot be told from a map."""
    inside = Q(pk__in=[])
    for west, south, east, north in postcodes.district_boxes().values():
        inside |= Q(latitude__range=(south, north), longitude__range=(west, east))
    placed = Location.objects.filter(latitude__isnull=False, longitude__isnull=False)
    with_place_inside = placed.filter(inside).values("service_at_locations__service_id")
    with_place = placed.values("service_at_locations__service_id")
    return Service.objects.filter(id__in=with_place).exclude(id__in=with_place_inside).values("id")


def _with_words(services, words: list[str]):
    """Only services whose text has every word, with their rank (higher is better), in the same query."""
    condition, rank, rank_params, text = _fts(words)
    return services.extra(
        select={"key": rank},
        select_params=rank_params,
        tables=["directory_search"],
        where=[condition, "directory_search.service_id = directory_service.id"],
        params=[text],
    )


def _near(services, place: postcodes.Postcode, km: float):
    """Only services with a place within km, each with the squared distance (in degrees of latitude)
    of that place: an equirectangular approximation, within 0.5% at a district's scale, worked in SQL.
    A service with several places in reach comes once per place."""
    squeeze = math.cos(math.radians(place.latitude))
    north = F("service_at_locations__location__latitude") - place.latitude
    east = (F("service_at_locations__location__longitude") - place.longitude) * squeeze
    low_lat, high_lat, low_lon, high_lon = postcodes.bounding_box(place.latitude, place.longitude, km)
    return (
        services.filter(
            service_at_locations__location__latitude__range=(low_lat, high_lat),
            service_at_locations__location__longitude__range=(low_lon, high_lon),
        )
        .annotate(key=ExpressionWrapper(north * north + east * east, output_field=FloatField()))
        .filter(key__lte=(km / KM_PER_DEGREE) ** 2)
    )


def having_words(services, words: list[str]):
    """Only services whose text has every word (no rank: for queries by distance)."""
    condition, _, _, text = _fts(words)
    return services.filter(
        id__in=RawSQL(f"SELECT service_id FROM directory_search WHERE {condition}", [text])
    )


def _matches(query: Query, words: list[str], place) -> dict:
    """Every service that matches, in one query: id (as the database gives it) -> (name, last checked as
    ISO text, key), where the key is the squared distance of its nearest place near a postcode, else the
    text rank when there are words. Counting, sorting and paging are then done on these few columns,
    not by asking the database again."""
    services = _filtered(query)
    if place:
        services = _near(having_words(services, words) if words else services, place, query.within_km)
    elif words:
        services = _with_words(services, words)
    else:
        services = services.annotate(key=Value(0.0, output_field=FloatField()))
    # Sorted below, not in SQL; read through the cursor because thousands of rows through the ORM's
    # converters cost more than the query. Ids and dates are read as text on both databases for the
    # same reason (PostgreSQL would make uuid and date objects of them).
    services = services.annotate(
        sid=RawSQL("CAST(directory_service.id AS TEXT)", []),
        checked=RawSQL("directory_service.assured_date || ''", []),
    )
    sql, params = services.order_by().values_list("sid", "name", "checked", "key").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found: dict = {}
    for service_id, name, checked, key in rows:
        if service_id not in found or key < found[service_id][2]:  # the nearest place counts
            found[service_id] = (name, checked, key)
    return found


def _order(sort: str, place, words: list[str]):
    """The sort key for a match (id, (name, checked, key)): ties always broken by name, then id."""
    if sort in ("distance", "relevance") and place:  # near a postcode, the best match is the nearest
        return lambda m: (m[1][2], m[1][0].casefold(), m[0])
    if sort == "checked":  # most recent first, never-checked last; "2025-01-10" -> -20250110
        return lambda m: (m[1][1] is None, -int((m[1][1] or "0").replace("-", "")), m[1][0].casefold(), m[0])
    if sort == "relevance" and words:
        return lambda m: (-m[1][2], m[1][0].casefold(), m[0])
    return lambda m: (m[1][0].casefold(), m[0])


def search(query: Query) -> Results:
    words = words_of(query.words)
    place = postcodes.postcode_find(query.postcode) if query.postcode else None
    problems = {}
    if query.postcode and place is None:
        problems["postcode"] = (
            "We can only search near postcodes in Solihull, Rotherham and Redditch, and this is not one of "
            "them: enter a postcode in the area, like B37 7UH, or search without one"
            if postcodes.normalise(query.postcode)
            else "Enter a real postcode, like B37 7UH"
        )
        # Nothing is listed for a postcode we cannot place: a list of everything would look like an
        # answer to "near this postcode".
        return Results([], 0, 1, 1, None, "", problems, query.within_km)
    found, showing_for = _matches(query, words, place), ""
    if words and not found:
        better = corrected(words)
        if better != words:
            # A correction is offered only when it finds something.
            corrected_found = _matches(query, better, place)
            if corrected_found:
                words, showing_for, found = better, " ".join(better), corrected_found
    sort = query.sort if query.sort in SORTS else "relevance"
    total = len(found)
    pages = max(1, ceil(total / PER_PAGE))
    page = min(max(1, query.page), pages)
    chosen = sorted(found.items(), key=_order(sort, place, words))[(page - 1) * PER_PAGE : page * PER_PAGE]
    chosen = [(uuid.UUID(service_id), key) for service_id, (_, _, key) in chosen]
    by_id = Service.objects.select_related("organisation").in_bulk([service_id for service_id, _ in chosen])
    hits = [Hit(by_id[i], math.sqrt(key) * KM_PER_DEGREE if place else None) for i, key in chosen]
    return Results(hits, total, page, pages, place, showing_for, problems, query.within_km)
