"""Postcode centroids (OS Code-Point Open, shipped for the partnership's districts) and distances."""

import csv
import functools
import gzip
import math
import re
from dataclasses import dataclass
from pathlib import Path

FILE = Path(__file__).resolve().parent / "data" / "codepoint_open_2018_solihull_rotherham_redditch.csv.gz"
PATTERN = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Postcode:
    postcode: str
    latitude: float
    longitude: float
    district: str
    ward: str
    district_name: str = ""
    ward_code: str = ""


def normalise(text: str) -> str | None:
    """'b377uh' -> 'B37 7UH'; None if it is not shaped like a UK postcode."""
    match = PATTERN.match("".join(text.upper().split()))
    return f"{match[1]} {match[2]}" if match else None


@functools.cache
def _centroids() -> dict[str, Postcode]:
    with gzip.open(FILE, "rt", encoding="utf-8") as handle:
        return {
            row["pcds"]: Postcode(
                row["pcds"],
                float(row["lat"]),
                float(row["lon"]),
                row["lad_code"],
                row["ward_name"],
                row["lad_name"],
                row["ward_code_2018"],
            )
            for row in csv.DictReader(handle)
        }


def postcode_find(text: str) -> Postcode | None:
    postcode = normalise(text)
    return _centroids().get(postcode) if postcode else None


@functools.cache
def district_boxes() -> dict[str, tuple[float, float, float, float]]:
    """Each shipped district's extent (west, south, east, north), from its postcodes' centroids."""
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for p in _centroids().values():
        west, south, east, north = boxes.get(p.district, (p.longitude, p.latitude, p.longitude, p.latitude))
        boxes[p.district] = (
            min(west, p.longitude),
            min(south, p.latitude),
            max(east, p.longitude),
            max(north, p.latitude),
        )
    return boxes


def all_postcodes() -> list[Postcode]:
    return list(_centroids().values())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(min lat, max lat, min lon, max lon) enclosing a circle of km around the point."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    dlon = math.degrees(km / (EARTH_RADIUS_KM * math.cos(math.radians(lat))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
