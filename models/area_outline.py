"""Outlines of quarters and boroughs as GeoJSON, and the point-in-polygon lookup (no ORM).

An outline is a GeoJSON geometry (``Polygon`` or ``MultiPolygon``, or a ``Feature``
holding one) in WGS84 longitude/latitude, as cities publish them. The lookup
builds one STRtree over all outlines once and then answers many points in a
single vectorised query.
"""

import json
import threading

import numpy
import shapely

OUTLINE_TYPES = ("Polygon", "MultiPolygon")


class OutlineError(ValueError):
    """The text is not a usable outline; the message says why."""


def parse_outline(text):
    """The shapely geometry of a GeoJSON outline; raises ``OutlineError`` if it is none."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise OutlineError(f"not JSON ({error})") from error
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in OUTLINE_TYPES:
        raise OutlineError("not a GeoJSON Polygon or MultiPolygon")
    try:
        geometry = shapely.geometry.shape(data)
    except (ValueError, TypeError, IndexError, shapely.errors.ShapelyError) as error:
        raise OutlineError(f"unreadable coordinates ({error})") from error
    if geometry.is_empty or not geometry.is_valid:
        raise OutlineError(shapely.is_valid_reason(geometry))
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    if min_lon < -180 or max_lon > 180 or min_lat < -90 or max_lat > 90:
        raise OutlineError("coordinates are not longitude/latitude in degrees (WGS84)")
    return geometry


class OutlineIndex:
    """Which of a set of outlines contains a point.

    ``keys`` and ``outlines`` (GeoJSON texts) are parallel; where outlines touch or
    overlap, a point on the shared edge goes to the first of them in that order.
    """

    def __init__(self, keys, outlines):
        self.keys = list(keys)
        self.tree = shapely.STRtree([parse_outline(text) for text in outlines])
        # GEOS prepares the outlines lazily on the first query: one query at a time per index.
        self._lock = threading.Lock()

    def locate(self, points):
        """The key of the outline containing each (latitude, longitude), or None (also for a None point)."""
        result = [None] * len(points)
        known = [index for index, point in enumerate(points) if point]
        if not known or not self.keys:
            return result
        coordinates = numpy.array([points[index] for index in known], dtype=float)
        # GeoJSON and shapely take (x, y) = (longitude, latitude).
        geometries = shapely.points(coordinates[:, 1], coordinates[:, 0])
        with self._lock:
            point_indexes, outline_indexes = self.tree.query(geometries, predicate="intersects")
        # Sorted by point, then outline: the first pair of each point names its first outline.
        order = numpy.lexsort((outline_indexes, point_indexes))
        point_indexes, outline_indexes = point_indexes[order], outline_indexes[order]
        firsts = numpy.unique(point_indexes, return_index=True)[1]
        for point_index, outline_index in zip(
            point_indexes[firsts].tolist(), outline_indexes[firsts].tolist(), strict=True
        ):
            result[known[point_index]] = self.keys[outline_index]
        return result
