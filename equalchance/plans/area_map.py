"""Seed 001's "mapping and overlaying": one map of an area plan's priority area with layers a reader
switches on and off (its LSOAs by deprivation decile, directory services, community assets, the
plan's actions by location), drawn on the server as SVG; each layer's features are numbered as the
tables beside the map list them. Without JavaScript the layers are chosen by a form."""

import math
from dataclasses import dataclass, field
from html import escape

from equalchance.frontend.area_maps import KM_PER_DEGREE, _centroid, _ring_area, rings

WIDTH, MARGIN = 640, 12
CREDIT = "Boundaries: ONS, OGL v3.0. Contains OS data © Crown copyright. Deprivation: MHCLG."
LAYERS = {
    "deprivation": "LSOAs by deprivation decile",
    "services": "Directory services",
    "assets": "Community assets",
    "actions": "Actions by location",
}
# Deciles 1 (most deprived) to 10, dark to light; the decile number is written on each area too.
DECILE_FILL = [
    "#0b3d6b",
    "#1d5a8c",
    "#2874a6",
    "#3f8fc0",
    "#5ea5cf",
    "#82bbdc",
    "#a6d0e8",
    "#c6e1f1",
    "#e1eef8",
    "#f3f8fc",
]
MARKS = {
    "services": ("#1d70b8", "circle"),
    "assets": ("#00703c", "triangle"),
    "actions": ("#d4351c", "square"),
}


@dataclass
class Feature:
    number: int
    name: str
    latitude: float
    longitude: float
    detail: str = ""
    link: str = ""


@dataclass
class AreaMap:
    lsoas: list[dict] = field(default_factory=list)  # code, name, decile, geometry
    layers: dict[str, list[Feature]] = field(default_factory=dict)  # services, assets, actions


def _mark(kind: str, x: float, y: float, number: int) -> str:
    colour, shape = MARKS[kind]
    if shape == "circle":
        body = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{colour}"/>'
    elif shape == "triangle":
        corners = f"M{x:.1f},{y - 11:.1f} L{x + 10:.1f},{y + 7:.1f} L{x - 10:.1f},{y + 7:.1f} Z"
        body = f'<path d="{corners}" fill="{colour}"/>'
    else:
        body = f'<rect x="{x - 8:.1f}" y="{y - 8:.1f}" width="16" height="16" fill="{colour}"/>'
    return (
        f'<g stroke="#ffffff" stroke-width="2">{body}</g>'
        f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="10" font-weight="bold" '
        f'fill="#ffffff">{number}</text>'
    )


def map_svg(area_map: AreaMap, *, title: str, shown: set[str]) -> str:
    """The map with each layer in its own group (`data-layer`), hidden unless in `shown`."""
    shapes = [(lsoa, rings(lsoa["geometry"])) for lsoa in area_map.lsoas]
    if not shapes:
        return ""
    xs = [x for _, rs in shapes for ring in rs for x, _ in ring]
    ys = [y for _, rs in shapes for ring in rs for _, y in ring]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    squeeze = math.cos(math.radians((south + north) / 2))
    km_wide = max((east - west) * squeeze, 1e-6) * KM_PER_DEGREE
    scale = (WIDTH - 2 * MARGIN) / km_wide
    height = round(max(north - south, 1e-6) * KM_PER_DEGREE * scale + 2 * MARGIN + 40)

    def point(lon: float, lat: float) -> tuple[float, float]:
        return MARGIN + (lon - west) * squeeze * KM_PER_DEGREE * scale, MARGIN + (
            north - lat
        ) * KM_PER_DEGREE * scale

    outline, fills, labels = [], [], []
    for lsoa, area_rings in shapes:
        d = " ".join(
            "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in (point(*p) for p in ring)) + " Z"
            for ring in area_rings
        )
        decile = lsoa.get("decile")
        colour = DECILE_FILL[decile - 1] if decile else "#b1b4b6"
        outline.append(f'<path d="{d}" fill="#f3f2f1" stroke="#505a5f" stroke-width="1"/>')
        fills.append(
            f'<path d="{d}" fill="{colour}" stroke="#ffffff" stroke-width="1">'
            f"<title>{escape(lsoa['name'])}: decile {decile or 'not known'}</title></path>"
        )
        x, y = point(*_centroid(list(max(area_rings, key=_ring_area))))
        ink = "#ffffff" if decile and decile <= 4 else "#0b0c0c"
        labels.append(
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="11" fill="{ink}">'
            f"{decile or '–'}</text>"
        )
    groups = [f'<g data-layer="base">{"".join(outline)}</g>']
    hidden = ' display="none"'
    groups.append(
        f'<g data-layer="deprivation"{"" if "deprivation" in shown else hidden}>'
        f"{''.join(fills)}{''.join(labels)}</g>"
    )
    for kind in ("services", "assets", "actions"):
        marks = [
            _mark(kind, *point(f.longitude, f.latitude), f.number) for f in area_map.layers.get(kind, [])
        ]
        groups.append(f'<g data-layer="{kind}"{"" if kind in shown else hidden}>{"".join(marks)}</g>')
    km = 1 if km_wide < 12 else 2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="app-area-map" '
        f'role="img" aria-labelledby="area-map-title" focusable="false" font-family="arial, sans-serif">'
        f'<title id="area-map-title">{escape(title)}</title>'
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>'
        + "".join(groups)
        + f'<g fill="#0b0c0c" font-size="13">'
        f'<rect x="{MARGIN}" y="{height - 22}" width="{km * scale:.1f}" height="6"/>'
        f'<text x="{MARGIN}" y="{height - 28}">{km} km</text>'
        f'<text x="{WIDTH - MARGIN}" y="{height - 8}" text-anchor="end" font-size="11">{CREDIT}</text>'
        "</g></svg>"
    )
