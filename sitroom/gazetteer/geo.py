"""Points on the globe: great-circle distance and the one-degree grid cell the index is searched by."""

from __future__ import annotations

import math

__all__ = ["EARTH_RADIUS_KM", "distance_km", "grid_cell"]

EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def grid_cell(lat: float | None, lon: float | None) -> int | None:
    """One-degree grid cell of a point (indexed, for nearest-place queries)."""
    if lat is None or lon is None:
        return None
    return (int(math.floor(lat)) + 90) * 360 + (int(math.floor(lon)) + 180) % 360
