"""Choropleth maps: GeoJSON of areas coloured by national decile, from the stored boundaries."""

import json

from equalchance.places.domains import DECILE_COLOURS
from equalchance.places.models import Boundary

NO_DATA_COLOUR = "#b1b4b6"


def choropleth_geojson(areas: list[dict], geography: str) -> str:
    """GeoJSON FeatureCollection text for the areas (dicts with code, name, decile) that have a
    boundary in the geography, safe to place inside a <script> element."""
    geometries = dict(
        Boundary.objects.filter(area_id__in=[a["code"] for a in areas], geography=geography).values_list(
            "area_id", "geometry"
        )
    )
    features = []
    for area in areas:
        geometry = geometries.get(area["code"])
        if geometry is None:
            continue
        properties = json.dumps(
            {
                "code": area["code"],
                "name": area["name"],
                "decile": area["decile"],
                "colour": DECILE_COLOURS[area["decile"] - 1] if area["decile"] else NO_DATA_COLOUR,
            }
        )
        # Geometry is stored as GeoJSON text already: splice it in rather than parse and re-dump it.
        features.append(f'{{"type":"Feature","properties":{properties},"geometry":{geometry}}}')
    text = '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
    # The same escapes as Django's json_script.
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")


def legend() -> list[tuple[int, str]]:
    return [(i + 1, colour) for i, colour in enumerate(DECILE_COLOURS)]
