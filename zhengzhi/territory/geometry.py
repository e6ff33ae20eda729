"""GeoJSON in, checked shapely geometry out. Every failure says why, in words a user can act on."""

from __future__ import annotations

import math
from typing import Any

import shapely
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

AREA_TYPES = ("Polygon", "MultiPolygon")
LINE_TYPES = ("LineString", "MultiLineString")
# A grid with more vertices than this is a digitising mistake, and would slow every lookup.
MAX_VERTICES = 20_000


class GeometryError(ValueError):
    pass


def parse_geometry(value: Any, allowed: tuple[str, ...]) -> BaseGeometry:
    """A GeoJSON geometry dict -> a valid, non-empty shapely geometry of an allowed type."""
    if not isinstance(value, dict):
        raise GeometryError(_("The geometry is missing or is not a GeoJSON object."))
    kind = value.get("type")
    if kind not in allowed:
        raise GeometryError(
            _("The geometry type is %(found)s; expected %(allowed)s.")
            % {"found": kind or _("none"), "allowed": " / ".join(allowed)}
        )
    _check_coordinates(value.get("coordinates"))
    try:
        geom = shape(value)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.GEOSException) as exc:
        raise GeometryError(
            _("The coordinates do not form a %(type)s (%(error)s).") % {"type": kind, "error": exc}
        ) from None
    if geom.is_empty:
        raise GeometryError(_("The geometry is empty."))
    if shapely.get_num_coordinates(geom) > MAX_VERTICES:
        raise GeometryError(_("The geometry has more than %(n)d vertices.") % {"n": MAX_VERTICES})
    if not geom.is_valid:
        raise GeometryError(_("Invalid geometry: %(reason)s.") % {"reason": explain_validity(geom)})
    if kind in AREA_TYPES and geom.area <= 0:
        raise GeometryError(_("The polygon has no area."))
    if kind in LINE_TYPES and geom.length <= 0:
        raise GeometryError(_("The line has no length."))
    return geom


def _check_coordinates(coords: Any) -> None:
    """Every position is [lon, lat] in WGS84 range: swapped or projected coordinates are the
    usual mistake of a hand-made file, and would put the grid in the wrong place silently."""
    if not isinstance(coords, list) or not coords:
        raise GeometryError(_("The geometry has no coordinates."))
    stack = [coords]
    while stack:
        item = stack.pop()
        if not isinstance(item, list) or not item:
            raise GeometryError(_("The coordinates contain something that is not a number."))
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in item):
            if len(item) < 2:
                raise GeometryError(_("A position needs a longitude and a latitude."))
            lon, lat = item[0], item[1]
            if not (math.isfinite(lon) and math.isfinite(lat)):
                raise GeometryError(_("A coordinate is not a finite number."))
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise GeometryError(
                    _(
                        "The position %(lon)s, %(lat)s is outside longitude -180..180 / "
                        "latitude -90..90 (WGS84 degrees expected)."
                    )
                    % {"lon": lon, "lat": lat}
                )
        elif all(isinstance(v, list) for v in item):
            stack.extend(item)
        else:
            raise GeometryError(_("The coordinates contain something that is not a number."))


def to_geojson(geom: BaseGeometry) -> dict:
    """Plain JSON (lists, not tuples), so that what is stored equals what is read back."""
    return _listify(mapping(geom))


def _listify(value):
    if isinstance(value, tuple | list):
        return [_listify(v) for v in value]
    if isinstance(value, dict):
        return {k: _listify(v) for k, v in value.items()}
    return value


def bbox_fields(geom: BaseGeometry) -> dict[str, float]:
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    return {"min_lon": min_lon, "min_lat": min_lat, "max_lon": max_lon, "max_lat": max_lat}


def check_lon_lat(lon: float, lat: float) -> None:
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise GeometryError(_("Longitude and latitude must be finite numbers."))
    if not -180 <= lon <= 180:
        raise GeometryError(_("Longitude must be between -180 and 180."))
    if not -90 <= lat <= 90:
        raise GeometryError(_("Latitude must be between -90 and 90."))


EARTH_RADIUS_M = 6_371_008.8


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine), e.g. from where a verifier stood to the
    problem's point."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))
