"""Distances between places of the referential: a bounding box that an index can use, then the
great-circle distance, in the database and in Python (rows placed by PlacedInCommune)."""

import math

from django.db.models import Q
from django.db.models.functions import ACos, Cos, Greatest, Least, Radians, Sin

RAYON_TERRE_KM = 6371.0
KM_PAR_DEGRE = 111.2


def bbox_q(latitude: float, longitude: float, km: float, *, prefix: str = "") -> Q:
    """The rows whose stored coordinates (`<prefix>latitude`, `<prefix>longitude`) fall in the
    box around a point that holds the circle of `km`: an index-friendly first cut before the
    exact distance."""
    delta_lat = km / KM_PAR_DEGRE
    delta_lon = km / (KM_PAR_DEGRE * max(math.cos(math.radians(latitude)), 0.01))
    return Q(
        **{
            f"{prefix}latitude__range": (latitude - delta_lat, latitude + delta_lat),
            f"{prefix}longitude__range": (longitude - delta_lon, longitude + delta_lon),
        }
    )


def distance_km_expression(latitude: float, longitude: float, *, prefix: str = ""):
    """Great-circle distance in km from a point to the row's stored coordinates (spherical law
    of cosines, clamped so that rounding never leaves acos's domain): the database twin of
    `km_between`."""
    lat, lon = math.radians(latitude), math.radians(longitude)
    row_lat, row_lon = Radians(f"{prefix}latitude"), Radians(f"{prefix}longitude")
    cosine = Sin(row_lat) * math.sin(lat) + Cos(row_lat) * math.cos(lat) * Cos(row_lon - lon)
    return RAYON_TERRE_KM * ACos(Least(Greatest(cosine, -1.0), 1.0))


def km_between(lat_a, lon_a, lat_b, lon_b) -> float | None:
    """Great-circle distance between two points in Python, None when one is unknown."""
    if None in (lat_a, lon_a, lat_b, lon_b):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (lat_a, lon_a, lat_b, lon_b))
    cosine = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(
        lon2 - lon1
    )
    return RAYON_TERRE_KM * math.acos(max(-1.0, min(1.0, cosine)))
