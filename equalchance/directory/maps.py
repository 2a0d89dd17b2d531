"""A small map of where a service is: the wards around the place, named, over their neighbourhoods
(LSOAs), with a pin, a scale bar and north. Drawn on the server as SVG from the boundaries the product
already holds, so it shows without JavaScript, prints, and fetches nothing from outside.

The projection is equirectangular about the place (x east, y north, in kilometres), true to well
under 1% over the few kilometres shown.
"""

import functools
import json
import math
from dataclasses import dataclass
from html import escape

from equalchance.frontend.area_maps import rings as _rings
from equalchance.places.models import AreaLevel, Boundary

KM_PER_DEGREE = 111.195
WIDTH, HEIGHT = 480, 320
HALF_WIDTH_KM = 2.5
LAND, HOME, EDGE, FAINT, PIN = "#f3f2f1", "#d2e2f1", "#505a5f", "#b1b4b6", "#d4351c"  # GOV.UK colours
TEXT = 'font-family="arial, sans-serif" font-size="16" fill="#0b0c0c"'
# Names stay readable over boundary lines: a white halo drawn under the letters.
LABEL = TEXT + ' font-weight="bold" stroke="#ffffff" stroke-width="4" paint-order="stroke"'


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # (longitude, latitude) rings
    box: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


@functools.cache
def _areas(level: str, version: int) -> list[Area]:
    """Boundaries of one level in the newest geography held (read once per loaded set)."""
    rows = Boundary.objects.filter(area__level=level).order_by("-geography", "area_id")
    newest = rows.values_list("geography", flat=True).first()
    areas = []
    for code, name, geometry in rows.filter(geography=newest).values_list(
        "area_id", "area__name", "geometry"
    ):
        rings = _rings(json.loads(geometry))
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        areas.append(Area(code, name, tuple(rings), (min(xs), min(ys), max(xs), max(ys))))
    return areas


def areas(level: str) -> list[Area]:
    return _areas(level, Boundary.objects.filter(area__level=level).count())


def _inside(x: float, y: float, ring) -> bool:
    """Ray casting: is the point inside the ring?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def contains(area: Area, longitude: float, latitude: float) -> bool:
    west, south, east, north = area.box
    if not (west <= longitude <= east and south <= latitude <= north):
        return False
    # Even-odd over all rings: inside an outer ring and not in a hole.
    return sum(_inside(longitude, latitude, list(ring)) for ring in area.rings) % 2 == 1


def ward_at(latitude: float, longitude: float) -> Area | None:
    return next((w for w in areas(AreaLevel.WARD) if contains(w, longitude, latitude)), None)


@dataclass(frozen=True)
class Frame:
    """From degrees to the picture's pixels, centred on the place."""

    latitude: float
    longitude: float
    pixels_per_km: float = WIDTH / (2 * HALF_WIDTH_KM)

    def point(self, longitude: float, latitude: float) -> tuple[float, float]:
        east = (longitude - self.longitude) * math.cos(math.radians(self.latitude)) * KM_PER_DEGREE
        north = (latitude - self.latitude) * KM_PER_DEGREE
        return WIDTH / 2 + east * self.pixels_per_km, HEIGHT / 2 - north * self.pixels_per_km

    def box(self) -> tuple[float, float, float, float]:
        """The picture's extent in degrees: min lon, min lat, max lon, max lat."""
        half_north = HEIGHT / 2 / self.pixels_per_km / KM_PER_DEGREE
        half_east = half_north * WIDTH / HEIGHT / math.cos(math.radians(self.latitude))
        return (
            self.longitude - half_east,
            self.latitude - half_north,
            self.longitude + half_east,
            self.latitude + half_north,
        )


def _overlaps(a, b) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _label_point(ward: Area, frame: Frame) -> tuple[float, float] | None:
    """Where to write the ward's name: the middle of the part of it in the picture, found on a grid
    of points (a boundary's own points may all lie outside the picture)."""
    west, south, east, north = frame.box()
    inside = [
        frame.point(x, y)
        for i in range(1, 24)
        for j in range(1, 16)
        if contains(ward, x := west + (east - west) * i / 24, y := south + (north - south) * j / 16)
    ]
    if len(inside) < 12:  # too little of it shows to hold a name
        return None
    return sum(x for x, _ in inside) / len(inside), sum(y for _, y in inside) / len(inside)


def _path(area: Area, frame: Frame) -> str:
    return " ".join(
        "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in (frame.point(*p) for p in ring)) + " Z"
        for ring in area.rings
    )


def place_map_svg(
    latitude: float, longitude: float, *, name: str, postcode: str = "", key: str = "place"
) -> str | None:
    """The SVG map of a place, or None when no ward boundary reaches it (nothing worth drawing).
    `key` keeps the ids inside the picture unique on a page with several maps."""
    frame = Frame(latitude, longitude)
    extent = frame.box()
    near = [w for w in areas(AreaLevel.WARD) if _overlaps(w.box, extent)]
    if not near:
        return None
    home = next((w for w in near if contains(w, longitude, latitude)), None)
    # Neighbourhoods (LSOAs) as faint lines for texture; wards over them, the place's ward shaded.
    lines = [
        f'<path d="{_path(lsoa, frame)}" fill="none" stroke="{FAINT}" stroke-width="0.8"/>'
        for lsoa in areas(AreaLevel.LSOA)
        if _overlaps(lsoa.box, extent)
    ]
    shapes, labels, taken = [], [], [(WIDTH / 2, HEIGHT / 2 - 20)]  # the pin's head

    def label(ward: Area, spot: tuple[float, float]) -> None:
        half = 4.5 * len(ward.name) + 4  # about half its width at 16px bold
        # The whole name in the picture, clear of the scale bar and credit, and of other names.
        spot = (min(max(spot[0], half), WIDTH - half), min(max(spot[1], 20), HEIGHT - 60))
        if all(abs(spot[0] - x) > 110 or abs(spot[1] - y) > 28 for x, y in taken):
            taken.append(spot)
            labels.append(
                f'<text x="{spot[0]:.0f}" y="{spot[1]:.0f}" text-anchor="middle" {LABEL}>'
                f"{escape(ward.name)}</text>"
            )

    if home:  # the place's own ward is named just under the pin
        label(home, (WIDTH / 2, HEIGHT / 2 + 24))
    for ward in near:
        fill = HOME if ward == home else LAND
        shapes.append(f'<path d="{_path(ward, frame)}" fill="{fill}" fill-rule="evenodd" stroke="none"/>')
        lines.append(
            f'<path d="{_path(ward, frame)}" fill="none" stroke="{EDGE}" stroke-width="2">'
            f"<title>{escape(ward.name)} ward ({ward.code})</title></path>"
        )
        spot = _label_point(ward, frame) if ward != home else None
        if spot:
            label(ward, spot)
    where = f"{name}, {postcode}" if postcode else name
    title = f"Map of {where}" + (f", in {home.name} ward" if home else "")
    bar = 1.0 * frame.pixels_per_km  # 1 kilometre
    cx, cy = WIDTH / 2, HEIGHT / 2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="app-place-map" '
        f'role="img" aria-labelledby="map-title-{key}" focusable="false">'
        f'<title id="map-title-{key}">{escape(title)}</title>'
        f'<defs><clipPath id="frame-{key}"><rect width="{WIDTH}" height="{HEIGHT}"/></clipPath></defs>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
        f'<g clip-path="url(#frame-{key})">{"".join(shapes)}{"".join(lines)}{"".join(labels)}</g>'
        # The pin: its point is on the place.
        f'<path d="M{cx},{cy} l-11,-22 a12.5,12.5 0 1,1 22,0 z" fill="{PIN}" stroke="#0b0c0c" '
        'stroke-width="1.5"/>'
        f'<circle cx="{cx}" cy="{cy - 31}" r="4.5" fill="#ffffff"/>'
        f'<g {TEXT}><rect x="12" y="{HEIGHT - 34}" width="{bar:.1f}" height="6" fill="#0b0c0c"/>'
        f'<text x="12" y="{HEIGHT - 40}">1 km</text>'
        f'<text x="{WIDTH - 24}" y="30" text-anchor="middle" font-weight="bold">N</text>'
        f'<path d="M{WIDTH - 24},36 l-7,18 l7,-5 l7,5 z" fill="#0b0c0c"/>'
        f'<text x="{WIDTH - 8}" y="{HEIGHT - 10}" text-anchor="end" font-size="12">'
        "Ward boundaries: ONS, OGL v3.0. Contains OS data © Crown copyright.</text></g></svg>"
    )


@dataclass(frozen=True)
class Pin:
    number: int  # as the list of results numbers it
    name: str
    latitude: float
    longitude: float


def results_map_svg(pins: list[Pin], *, near: tuple[float, float, str] | None = None) -> str | None:
    """A map of a page of search results: each result's place as a numbered pin (the list beside it
    carries the same numbers), over the wards, with the searched postcode (latitude, longitude, text)
    as a black square. None when no result has a place."""
    if not pins:
        return None
    lats = [p.latitude for p in pins] + ([near[0]] if near else [])
    lons = [p.longitude for p in pins] + ([near[1]] if near else [])
    middle = Frame((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
    squeeze = math.cos(math.radians(middle.latitude))
    wide_km = (max(lons) - min(lons)) * squeeze * KM_PER_DEGREE
    high_km = (max(lats) - min(lats)) * KM_PER_DEGREE
    # Every pin in the picture with a margin; never closer in than the single-place map.
    scale = min(
        WIDTH / (2 * HALF_WIDTH_KM),
        (WIDTH - 60) / max(wide_km, 0.01),
        (HEIGHT - 80) / max(high_km, 0.01),
    )
    frame = Frame(middle.latitude, middle.longitude, scale)
    extent = frame.box()
    wards = [
        f'<path d="{_path(w, frame)}" fill="{LAND}" stroke="{EDGE}" stroke-width="1">'
        f"<title>{escape(w.name)} ward</title></path>"
        for w in areas(AreaLevel.WARD)
        if _overlaps(w.box, extent)
    ]
    marks = []
    if near:
        x, y = frame.point(near[1], near[0])
        marks.append(
            f'<rect x="{x - 7:.1f}" y="{y - 7:.1f}" width="14" height="14" fill="#0b0c0c">'
            f"<title>{escape(near[2])}</title></rect>"
        )
    # Later numbers first, so that where pins overlap the first results are on top.
    for pin in sorted(pins, key=lambda p: -p.number):
        x, y = frame.point(pin.longitude, pin.latitude)
        marks.append(
            f"<g><title>{pin.number}. {escape(pin.name)}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="11" fill="{PIN}" stroke="#ffffff" stroke-width="2"/>'
            f'<text x="{x:.1f}" y="{y + 4.5:.1f}" text-anchor="middle" font-family="arial, sans-serif" '
            f'font-size="13" font-weight="bold" fill="#ffffff">{pin.number}</text></g>'
        )
    bar_km = 1 if WIDTH / scale < 12 else 5
    title = f"Map of {len(pins)} result{'s' if len(pins) != 1 else ''}, numbered as in the list" + (
        f", and {near[2]} (black square)" if near else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="app-place-map" '
        f'role="img" aria-labelledby="results-map-title" focusable="false">'
        f'<title id="results-map-title">{escape(title)}</title>'
        f'<defs><clipPath id="results-frame"><rect width="{WIDTH}" height="{HEIGHT}"/></clipPath></defs>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
        f'<g clip-path="url(#results-frame)">{"".join(wards)}{"".join(marks)}</g>'
        f'<g {TEXT}><rect x="12" y="{HEIGHT - 34}" width="{bar_km * scale:.1f}" height="6" fill="#0b0c0c"/>'
        f'<text x="12" y="{HEIGHT - 40}">{bar_km} km</text>'
        f'<text x="{WIDTH - 8}" y="{HEIGHT - 10}" text-anchor="end" font-size="12">'
        "Ward boundaries: ONS, OGL v3.0. Contains OS data © Crown copyright.</text></g></svg>"
    )
