"""Candidate duplicates: the same kind of problem, close by, still open or closed lately.

Shown to a citizen while filling in the public form (so a thing already reported need not be
reported again) and to the dispatcher on a problem's page (with a button to merge). The search is
one query: a bounding box on lon/lat around the point in SQL, then the exact distance (haversine)
in Python over the few rows in the box.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from zhengzhi.ledger.models import Category, Problem, Status

DEFAULT_RADIUS_M = 50
MAX_RADIUS_M = 1000
CLOSED_WITHIN = dt.timedelta(days=30)
# Not yet closed: waiting to be registered, registered, with a unit, deferred, being verified.
OPEN_STATES = (
    Status.REPORTED,
    Status.REGISTERED,
    Status.DISPATCHED,
    Status.ACCEPTED,
    Status.DEFERRED,
    Status.REPORTED_BACK,
)
EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE_LAT = 111_320.0
# Rows read from the box at most: a crowded box (a market street) must not read thousands.
BOX_ROWS = 500


@dataclass(frozen=True)
class Candidate:
    problem: Problem
    distance_m: float
    same_category: bool = True

    @property
    def distance_label(self) -> str:
        return f"{round(self.distance_m):d}"


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _box(lon: float, lat: float, radius_m: float) -> tuple[float, float, float, float]:
    dlat = radius_m / METRES_PER_DEGREE_LAT
    # Near the poles the box would be the whole world; China is far from them.
    dlon = radius_m / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01))
    return lon - dlon, lon + dlon, lat - dlat, lat + dlat


def find_duplicates(
    category: Category,
    lon: float,
    lat: float,
    *,
    radius_m: float = DEFAULT_RADIUS_M,
    now: dt.datetime | None = None,
    exclude_id: int | None = None,
    related: bool = False,
    limit: int = 10,
) -> list[Candidate]:
    """Problems of `category` within `radius_m` of the point that are open, or closed in the
    last 30 days, nearest first. With `related`, problems of the other sub-categories of the same
    main category come after them as weaker matches. Merged and rejected problems are never
    candidates (a merged problem's master is one itself)."""
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return []
    radius_m = min(max(float(radius_m), 1.0), MAX_RADIUS_M)
    now = now or timezone.now()
    lon0, lon1, lat0, lat1 = _box(lon, lat, radius_m)
    kinds = Q(category=category)
    if related and category.parent_id:
        kinds = Q(main_category_id=category.parent_id)
    qs = (
        Problem.objects.filter(
            kinds,
            Q(status__in=OPEN_STATES) | Q(status=Status.CLOSED, closed_at__gte=now - CLOSED_WITHIN),
            lon__gte=lon0,
            lon__lte=lon1,
            lat__gte=lat0,
            lat__lte=lat1,
        )
        .select_related("category", "main_category")
        .order_by("-reported_at", "-pk")
    )
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    found = []
    for p in qs[:BOX_ROWS]:
        if p.lon is None or p.lat is None:  # not in the box anyway; for the type checker
            continue
        d = distance_m(lon, lat, p.lon, p.lat)
        if d <= radius_m:
            found.append(Candidate(p, d, p.category_id == category.pk))
    found.sort(key=lambda c: (not c.same_category, c.distance_m, -c.problem.pk))
    return found[:limit]
