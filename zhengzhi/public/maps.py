"""The public map's data: the area we look after (grid and boundary shapes only) and recent
problems (kind, public status, date, point; never a description, a name or a unit's staff)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone

from zhengzhi.ledger.models import Problem, Source, Status
from zhengzhi.org.models import Unit
from zhengzhi.public.timeline import PUBLIC_STATUS
from zhengzhi.territory import routing
from zhengzhi.territory.models import Grid, UnitBoundary

RECENT_DAYS = 60
MAX_POINTS = 2000
# Not on a public map: what was refused or folded into another problem, and what the office
# found on covert visits (暗访), whose findings are not published.
HIDDEN_STATUSES = (Status.REJECTED, Status.MERGED)
HIDDEN_SOURCES = (Source.COVERT,)


def _feature(geometry: dict, properties: dict) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def areas() -> dict:
    """The shapes a citizen taps on: active grids and the territorial boundaries."""
    grids = Grid.objects.filter(is_active=True).values_list("geometry", "community_id")
    boundaries = UnitBoundary.objects.values_list("geometry", "unit__level")
    return {
        "grids": {
            "type": "FeatureCollection",
            "features": [_feature(g, {"community_id": c}) for g, c in grids],
        },
        "boundaries": {
            "type": "FeatureCollection",
            "features": [_feature(g, {"level": level}) for g, level in boundaries],
        },
    }


def _float(value) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if x == x and abs(x) != float("inf") else None


def where(lon, lat) -> dict:
    x, y = _float(lon), _float(lat)
    if x is None or y is None or not (-180 <= x <= 180 and -90 <= y <= 90):
        return {"inside": False, "valid": False, "place": ""}
    res = routing.resolve_point(x, y)
    if res.unit_id is None:
        return {"inside": False, "valid": True, "place": ""}
    ids = [i for i in (res.street_id, res.community_id or res.unit_id) if i]
    names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
    place = " · ".join(names[i] for i in dict.fromkeys(ids) if i in names)
    return {"inside": True, "valid": True, "place": place}


def _recent(now: dt.datetime | None = None):
    since = (now or timezone.now()) - dt.timedelta(days=RECENT_DAYS)
    return (
        Problem.objects.filter(
            reported_at__gte=since,
            category__is_public=True,
            lon__isnull=False,
            lat__isnull=False,
        )
        .exclude(status__in=HIDDEN_STATUSES)
        .exclude(source__in=HIDDEN_SOURCES)
        .order_by("-reported_at", "-id")
    )


def recent_problems(now: dt.datetime | None = None) -> list[dict]:
    """Newest first, at most MAX_POINTS, in one query."""
    rows = _recent(now).values(
        "lon",
        "lat",
        "status",
        "reported_at",
        "report_count",
        kind=F("category__name"),
        main=F("main_category__name"),
    )[:MAX_POINTS]
    out = []
    for r in rows:
        label, css = PUBLIC_STATUS.get(r["status"], PUBLIC_STATUS[Status.DISPATCHED])
        out.append(
            {
                "lon": round(r["lon"], 6),
                "lat": round(r["lat"], 6),
                "kind": r["kind"],
                "main": r["main"],
                "status": str(label),
                "css": css,
                "date": timezone.localtime(r["reported_at"]).date().isoformat(),
                "times": r["report_count"],
            }
        )
    return out


def recent_geojson(now: dt.datetime | None = None) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            _feature(
                {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                {k: r[k] for k in ("kind", "main", "status", "css", "date", "times")},
            )
            for r in recent_problems(now)
        ],
    }
