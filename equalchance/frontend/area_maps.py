"""A choropleth drawn on the server as SVG: areas filled by how they compare with a benchmark, with
the comparison's shape on each area too (never colour alone), a scale bar and north. It shows without
JavaScript, prints, and fetches nothing from outside; the page puts the same figures in a table.

The projection is equirectangular about the areas' middle, true to about 1% across a district."""

import math
from dataclasses import dataclass
from html import escape

from equalchance.frontend.charts import COMPARISON_COLOURS, comparison_shape_at

KM_PER_DEGREE = 111.195
WIDTH, MARGIN = 640, 12
CREDIT = "Boundaries: ONS, OGL v3.0. Contains OS data © Crown copyright."


def rings(geometry: dict) -> list[tuple[tuple[float, float], ...]]:
    """Every ring of a GeoJSON Polygon or MultiPolygon, as (longitude, latitude) points."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [tuple((x, y) for x, y, *_ in ring) for polygon in polygons for ring in polygon]


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    geometry: dict  # GeoJSON, longitude/latitude
    comparison: str  # a stats.Comparison value
    says: str  # the area's figure and comparison in words, for its tooltip


def _ring_area(points) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]))) / 2


def _centroid(points) -> tuple[float, float]:
    """The centroid of a ring (where the area's shape is drawn); the mean of its points if degenerate."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        cross = x1 * y2 - x2 * y1
        a, cx, cy = a + cross, cx + (x1 + x2) * cross, cy + (y1 + y2) * cross
    if abs(a) < 1e-12:
        return sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)
    return cx / (3 * a), cy / (3 * a)


def choropleth_svg(areas: list[MapArea], *, title: str, key: str = "map") -> str:
    """The map of the areas, or "" when none has a boundary."""
    if not areas:
        return ""
    shapes = [(area, rings(area.geometry)) for area in areas]
    xs = [x for _, rs in shapes for ring in rs for x, _ in ring]
    ys = [y for _, rs in shapes for ring in rs for _, y in ring]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    squeeze = math.cos(math.radians((south + north) / 2))
    km_wide, km_high = (
        max((east - west) * squeeze, 1e-6) * KM_PER_DEGREE,
        max(north - south, 1e-6) * KM_PER_DEGREE,
    )
    scale = (WIDTH - 2 * MARGIN) / km_wide  # pixels per kilometre
    height = round(km_high * scale + 2 * MARGIN + 40)

    def point(lon: float, lat: float) -> tuple[float, float]:
        return MARGIN + (lon - west) * squeeze * KM_PER_DEGREE * scale, MARGIN + (
            north - lat
        ) * KM_PER_DEGREE * scale

    paths, marks = [], []
    for area, area_rings in shapes:
        d = " ".join(
            "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in (point(*p) for p in ring)) + " Z"
            for ring in area_rings
        )
        fill = COMPARISON_COLOURS.get(area.comparison, COMPARISON_COLOURS["not compared"])
        paths.append(
            f'<path d="{d}" fill="{fill}" fill-rule="evenodd" stroke="#ffffff" stroke-width="1.5">'
            f"<title>{escape(area.name)}: {escape(area.says)}</title></path>"
        )
        largest = max(area_rings, key=_ring_area)
        marks.append(comparison_shape_at(area.comparison, *point(*_centroid(list(largest)))))
    km = 1 if km_wide < 12 else 2 if km_wide < 30 else 5
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="app-area-map" '
        f'role="img" aria-labelledby="{key}-title" focusable="false" font-family="arial, sans-serif">'
        f'<title id="{key}-title">{escape(title)}</title>'
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>{"".join(paths)}'
        # A white outline under each shape keeps it readable on any fill.
        f'<g stroke="#ffffff" stroke-width="3" paint-order="stroke">{"".join(marks)}</g>'
        f'<g fill="#0b0c0c" font-size="13"><rect x="{MARGIN}" y="{height - 22}" width="{km * scale:.1f}" '
        f'height="6"/><text x="{MARGIN}" y="{height - 28}">{km} km</text>'
        f'<text x="{WIDTH - 24}" y="26" text-anchor="middle" font-weight="bold">N</text>'
        f'<path d="M{WIDTH - 24},32 l-7,18 l7,-5 l7,5 z"/>'
        f'<text x="{WIDTH - MARGIN}" y="{height - 8}" text-anchor="end" font-size="11">{CREDIT}</text>'
        "</g></svg>"
    )
