"""Great-circle distance: the one measure of "how far apart" that scoring and merging share."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
"""The mean Earth radius (IUGG), in kilometres."""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine).

    Example:
        >>> round(distance_km(34.53, 69.17, 31.61, 65.71))  # Kabul to Kandahar
        458
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
