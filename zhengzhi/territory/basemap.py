"""The territory's part of the base map: what every map page sends to basemap.js, and the
district's own street layer, drawn when no base map is configured so that a fresh install (and
an office with no map service and no offline file) still shows streets and places by name.

The street layer is the same for everyone, the citizen's map included: road names and the
names and shapes of communities are public. It carries no grid worker, phone or responsible
party."""

from __future__ import annotations

import re

from django.urls import reverse
from shapely.geometry import shape

from zhengzhi.core import basemap
from zhengzhi.org.models import TerritoryLevel
from zhengzhi.territory.models import Segment, UnitBoundary

# "解放路（中山路—延安路段）" is labelled "解放路": a road's name, not its segment's.
_SECTION = re.compile(r"\s*[（(].*$")


def map_settings(*, public: bool = False) -> dict:
    """The `basemap` entry of a map page's JSON config (see zhengzhi/core/basemap.py)."""
    return {**basemap.config(public=public), "streetsUrl": reverse("territory:streets")}


def road_label(name: str) -> str:
    return _SECTION.sub("", name) or name


def _label_point(geometry: dict) -> list[float] | None:
    try:
        point = shape(geometry).representative_point()
    except (ValueError, TypeError, AttributeError):
        return None
    return [round(point.x, 7), round(point.y, 7)]


def street_layer() -> dict:
    """Segments as lines labelled with their road's name; street and community boundaries as
    areas labelled with their names (two queries)."""
    segments = [
        {
            "type": "Feature",
            "geometry": geometry,
            "properties": {"name": name, "label": road_label(name)},
        }
        for geometry, name in Segment.objects.filter(is_active=True)
        .order_by("code")
        .values_list("geometry", "name")
    ]
    areas = []
    levels = (TerritoryLevel.STREET, TerritoryLevel.COMMUNITY)
    rows = (
        UnitBoundary.objects.filter(unit__level__in=levels)
        .order_by("unit__path")
        .values_list("geometry", "unit__name", "unit__level")
    )
    for geometry, name, level in rows:
        areas.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {"name": name, "level": level, "at": _label_point(geometry)},
            }
        )
    return {
        "segments": {"type": "FeatureCollection", "features": segments},
        "areas": {"type": "FeatureCollection", "features": areas},
    }
