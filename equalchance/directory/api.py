"""The Open Referral UK 3.0 API at /api/oruk/: open to anyone (no sign-in, no keys), CORS open,
published services only. Query parameters combine (AND), as HSDS requires."""

import itertools
import json
import math
import uuid
from datetime import UTC, datetime
from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_not_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import ExpressionWrapper, F, FloatField, Prefetch, Q, Value
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from equalchance.directory import local_offer, openapi, oruk, postcodes, search
from equalchance.directory.models import ServiceAtLocation, Taxonomy, TaxonomyTerm
from equalchance.directory.selectors import organisations_public, services_public

UK = ZoneInfo("Europe/London")
NDJSON = "application/x-ndjson"


class BadParameter(ValueError):
    """A query parameter that cannot be read: answered 400, naming the parameter and what is wrong."""

    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.name, self.problem = name, problem


def bad_request(error: BadParameter) -> JsonResponse:
    return JsonResponse({"detail": str(error), "parameter": error.name, "problem": error.problem}, status=400)


def open_api(view):
    """Anyone may call it, from any origin (CORS: cors.OpenFeedCorsMiddleware, errors included). A
    malformed query parameter answers 400 in JSON naming it; unknown ids in the path answer 404 in
    JSON. HEAD is answered as GET, without the body."""

    @login_not_required
    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except BadParameter as error:
            response = bad_request(error)
        return without_body(response) if request.method == "HEAD" else response

    return wrapped


def without_body(response):
    """HEAD: the answer GET would give, headers and length, without its body."""
    if response.streaming:
        response.streaming_content = []
    else:
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response


def _text(request, name: str) -> str:
    return request.GET.get(name, "").strip()


def _int(request, name: str, default: int | None, low: int, high: int) -> int | None:
    """A whole number of at least `low` (a larger one than `high` is read as `high`); the default when
    absent."""
    text = _text(request, name)
    if not text:
        return default
    try:
        number = int(text)
    except ValueError:
        raise BadParameter(name, f"{text[:40]!r} is not a whole number") from None
    if number < low:
        raise BadParameter(name, f"{number} is below the smallest allowed, {low}")
    return min(number, high)


def _uuid(request, name: str) -> uuid.UUID | None:
    """The id asked for; None when absent."""
    text = _text(request, name)
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        raise BadParameter(name, f"{text[:40]!r} is not an id of this directory (ids are UUIDs)") from None


def _bool(request, name: str) -> bool | None:
    """true or false (any case); None when absent."""
    text = _text(request, name).lower()
    if not text:
        return None
    if text not in ("true", "false"):
        raise BadParameter(name, f"{text[:40]!r} is neither true nor false")
    return text == "true"


def _moment(request, name: str) -> datetime | None:
    """An ISO 8601 date or date and time (UK time when it has no zone), in UTC; None when absent. A
    moment beyond what can be represented is kept at the first or last representable one."""
    text = _text(request, name)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        raise BadParameter(
            name, f"{text[:40]!r} is not a date and time (ISO 8601, e.g. 2025-09-01T00:00:00Z)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UK)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # before the first or after the last representable moment
        return datetime.min.replace(tzinfo=UTC) if moment.year < 2000 else datetime.max.replace(tzinfo=UTC)


FORMATS = ("json", "ndjson")
NDJSON_BATCH = 500


def _format(request) -> str:
    text = _text(request, "format").lower() or "json"
    if text not in FORMATS:
        raise BadParameter("format", f"{text[:40]!r} is not a format this feed gives (json or ndjson)")
    return text


def _ndjson(queryset, serialise) -> StreamingHttpResponse:
    """Every record, one JSON object a line, without pages (the standard's format=ndjson), read from
    the database in batches."""

    def lines():
        for start in itertools.count(0, NDJSON_BATCH):
            batch = list(queryset[start : start + NDJSON_BATCH])
            for record in batch:
                yield json.dumps(serialise(record), cls=DjangoJSONEncoder, ensure_ascii=False) + "\n"
            if len(batch) < NDJSON_BATCH:
                return

    return StreamingHttpResponse(lines(), content_type=NDJSON)


def _paged(request, queryset, serialise, *, per_page_default: int = oruk.DEFAULT_PER_PAGE, most=None):
    """A page of records in the standard's page header, or all of them as ndjson."""
    if _format(request) == "ndjson":
        return _ndjson(queryset, serialise)
    most = most or oruk.MAX_PER_PAGE
    number = _int(request, "page", 1, 1, 1_000_000)
    per_page = _int(request, "per_page", min(per_page_default, most), 1, most)
    total = queryset.count()
    items = [serialise(o) for o in queryset[(number - 1) * per_page : number * per_page]]
    return JsonResponse(oruk.page(items, page_number=number, per_page=per_page, total=total))


def public_services():
    return services_public().select_related("organisation")


def _name_filter(queryset, request):
    """Records whose name has every word searched for (words as the full-text search reads them, so
    control characters such as NUL, which PostgreSQL refuses, never reach the database)."""
    for word in search.words_of(request.GET.get("search", "")):
        queryset = queryset.filter(name__icontains=word)
    return queryset


DEFAULT_PROXIMITY_M = 5000  # a postcode alone: within 5 km, as the public search's default
MAX_PROXIMITY_M = 100_000


def _near(request) -> tuple[postcodes.Postcode | None, float] | None:
    """(the postcode's centroid, the distance in km) asked for by `postcode` and `proximity` (metres);
    None when no postcode is given (a proximity alone has nothing to measure from, and is not used).
    The centroid is None for a well-formed postcode this directory cannot place: nothing is near it."""
    text, proximity = _text(request, "postcode"), _text(request, "proximity")
    metres = None
    if proximity:
        try:
            metres = float(proximity)
        except ValueError:
            raise BadParameter("proximity", f"{proximity[:40]!r} is not a distance in metres") from None
        if not math.isfinite(metres) or metres <= 0:
            raise BadParameter("proximity", f"{proximity[:40]!r} is not a distance in metres above 0")
    if not text:
        return None
    if not postcodes.normalise(text):
        raise BadParameter("postcode", f"{text[:20]!r} is not shaped like a UK postcode")
    return postcodes.postcode_find(text), min(metres or DEFAULT_PROXIMITY_M, MAX_PROXIMITY_M) / 1000


def _squared_distance(place: postcodes.Postcode, prefix: str = ""):
    """The squared distance of a location from the place, in degrees of latitude (the public search's
    equirectangular approximation, worked in SQL)."""
    north = F(f"{prefix}latitude") - place.latitude
    east = (F(f"{prefix}longitude") - place.longitude) * math.cos(math.radians(place.latitude))
    return ExpressionWrapper(north * north + east * east, output_field=FloatField())


def _within(queryset, place: postcodes.Postcode | None, km: float, prefix: str = ""):
    if place is None:  # a postcode outside the shipped districts: no place is known to be near it
        return queryset.none().annotate(squared_distance=Value(0.0, output_field=FloatField()))
    low_lat, high_lat, low_lon, high_lon = postcodes.bounding_box(place.latitude, place.longitude, km)
    return (
        queryset.filter(
            **{
                f"{prefix}latitude__range": (low_lat, high_lat),
                f"{prefix}longitude__range": (low_lon, high_lon),
            }
        )
        .annotate(squared_distance=_squared_distance(place, prefix))
        .filter(squared_distance__lte=(km / search.KM_PER_DEGREE) ** 2)
    )


def _answering(*questions: str | None) -> Q:
    """Services answering any of these Local Offer questions: the answers are served as attributes
    whose taxonomy term is the question, so the term filters match them too."""
    condition = Q(pk__in=[])  # matches nothing
    for key in questions:
        if key:
            condition |= Q(**{"details__local_offer__has_key": key})
    return condition


def services_filtered(request):
    services = public_services()
    if words := search.words_of(request.GET.get("search", "")):  # the same full text as the public search
        services = search.having_words(services, words)
    if term := _uuid(request, "taxonomy_term_id"):
        services = services.filter(Q(terms__id=term) | _answering(local_offer.TERM_IDS.get(str(term))))
    if taxonomy := _uuid(request, "taxonomy_id"):
        questions = local_offer.BY_KEY if taxonomy == local_offer.TAXONOMY_ID else []
        services = services.filter(Q(terms__taxonomy_id=taxonomy) | _answering(*questions))
    if organisation := _uuid(request, "organization_id"):
        services = services.filter(organisation_id=organisation)
    if (moment := _moment(request, "modified_after")) is not None:
        services = services.filter(last_modified__gte=moment)
    if near := _near(request):  # services with a place within the distance
        places = _within(ServiceAtLocation.objects.all(), *near, prefix="location__")
        services = services.filter(id__in=places.values("service_id"))
    # Ages a service is for overlap the asked range (the draft UK profile's filters).
    if (low := _int(request, "minimum_age", None, 0, 120)) is not None:
        services = services.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=low))
    if (high := _int(request, "maximum_age", None, 0, 120)) is not None:
        services = services.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=high))
    return services.distinct().order_by("name", "id")


@open_api
def openapi_document(request):
    """The ORUK 3.0 document, self-contained and describing this server (see openapi.py)."""
    return JsonResponse(openapi.document())


@open_api
def root(request):
    return JsonResponse(
        {
            "version": oruk.VERSION,
            "profile": oruk.PROFILE,
            "openapi_url": request.build_absolute_uri("openapi.json"),
        }
    )


@open_api
def services(request):
    """A page of services: one-to-one fields by default; `full=true` nests everything a service's own
    address gives; `minimal=true` only what identifies a service and when it changed, as many as
    can be asked for in one call."""
    minimal, full = _bool(request, "minimal"), _bool(request, "full")  # minimal wins over full
    queryset = services_filtered(request)
    if minimal:
        return _paged(
            request,
            queryset,
            oruk.service_minimal_json,
            per_page_default=oruk.MAX_MINIMAL_PER_PAGE,
            most=oruk.MAX_MINIMAL_PER_PAGE,
        )
    if full:
        return _paged(request, queryset.prefetch_related(*SERVICE_PARTS), oruk.service_json)
    return _paged(request, queryset, lambda s: oruk.service_json(s, full=False))


SERVICE_PARTS = ("terms__taxonomy", "service_at_locations__location")


@open_api
def service(request, pk: uuid.UUID):
    found = get_object_or_404(public_services().prefetch_related(*SERVICE_PARTS), pk=pk)
    return JsonResponse(oruk.service_json(found))


def _with_services(queryset, *, full: bool):
    services = public_services().order_by("name", "id")
    if full:
        services = services.prefetch_related(*SERVICE_PARTS)
    return queryset.prefetch_related(Prefetch("services", queryset=services, to_attr="published_services"))


@open_api
def organisations(request):
    """A page of organisations; `full=true` adds each one's services, `full_service=true` each one's
    services fully nested."""
    full, full_service = _bool(request, "full"), _bool(request, "full_service")
    queryset = _name_filter(organisations_public(), request).order_by("name", "id")
    if not (full or full_service):
        return _paged(request, queryset, oruk.organisation_json)
    return _paged(
        request,
        _with_services(queryset, full=bool(full_service)),
        lambda o: oruk.organisation_json(o, services=o.published_services, full_services=bool(full_service)),
    )


@open_api
def organisation(request, pk: uuid.UUID):
    """An organisation with its services (`full_service=true`: fully nested)."""
    full_service = bool(_bool(request, "full_service"))
    found = get_object_or_404(_with_services(organisations_public(), full=full_service), pk=pk)
    return JsonResponse(
        oruk.organisation_json(found, services=found.published_services, full_services=full_service)
    )


@open_api
def taxonomies(request):
    queryset = _name_filter(Taxonomy.objects.all(), request)
    return _paged(request, queryset.order_by("name", "id"), oruk.taxonomy_json)


@open_api
def taxonomy(request, pk: uuid.UUID):
    return JsonResponse(oruk.taxonomy_json(get_object_or_404(Taxonomy, pk=pk)))


@open_api
def taxonomy_terms(request):
    queryset = _name_filter(TaxonomyTerm.objects.select_related("taxonomy"), request)
    if taxonomy_id := _uuid(request, "taxonomy_id"):
        queryset = queryset.filter(taxonomy_id=taxonomy_id)
    if parent := _uuid(request, "parent_id"):
        queryset = queryset.filter(parent_id=parent)
    if _bool(request, "top_only"):
        queryset = queryset.filter(parent=None)
    return _paged(request, queryset.order_by("name", "id"), oruk.term_json)


@open_api
def taxonomy_term(request, pk: uuid.UUID):
    return JsonResponse(oruk.term_json(get_object_or_404(TaxonomyTerm, pk=pk)))


@open_api
def service_at_locations(request):
    """Services at their places, each with its location and service; `full=true` nests the service
    fully, `full=false` gives only the ids. With `postcode`, only places within `proximity` metres of
    its centroid (5 km when not given), nearest first."""
    full = _bool(request, "full")
    queryset = ServiceAtLocation.objects.filter(service__in=services_filtered(request)).select_related(
        "location", "service__organisation"
    )
    order = ("service__name", "id")
    if near := _near(request):  # this place within the distance, nearest first
        queryset, order = _within(queryset, *near, prefix="location__"), ("squared_distance", "id")
    if full:
        queryset = queryset.prefetch_related(*(f"service__{part}" for part in SERVICE_PARTS))
    return _paged(
        request,
        queryset.order_by(*order),
        lambda link: oruk.service_at_location_json(link, full=full is not False, full_service=bool(full)),
    )


@open_api
def service_at_location(request, pk: uuid.UUID):
    found = get_object_or_404(ServiceAtLocation.objects.filter(service__in=services_public()), pk=pk)
    return JsonResponse(oruk.service_at_location_json(found))
