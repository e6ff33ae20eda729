"""The open problems on the dashboard's map, clustered by the server: one GROUP BY over grid
cells of the visible box whose size follows the zoom (a quarter of a 256-pixel tile), so the
browser receives at most a few hundred clusters whatever the number of problems. From zoom
MAX_CLUSTER_ZOOM on, the problems themselves (at most MAX_POINTS)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, F, FloatField
from django.db.models.functions import Cast, Floor

from zhengzhi.ledger.selectors.filters import overdue_q
from zhengzhi.supervision.dashboard.figures import open_q, scoped

MAX_CLUSTER_ZOOM = 17
MAX_POINTS = 2000
CELLS_PER_TILE = 4


class BoxError(ValueError):
    pass


def parse_box(text: str) -> tuple[float, float, float, float]:
    try:
        w, s, e, n = (float(v) for v in text.split(","))
    except ValueError:
        raise BoxError("bbox: four numbers west,south,east,north") from None
    if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
        raise BoxError("bbox: west < east within ±180, south < north within ±90")
    return w, s, e, n


def cell_size(zoom: int) -> float:
    return 360.0 / (2**zoom) / CELLS_PER_TILE


def clusters(
    user, zoom: int, box: tuple[float, float, float, float], now: dt.datetime, unit_id=None
) -> dict:
    w, s, e, n = box
    qs = scoped(user, unit_id).filter(open_q(), lon__gte=w, lon__lt=e, lat__gte=s, lat__lt=n)
    if zoom >= MAX_CLUSTER_ZOOM:
        late = ExpressionWrapper(overdue_q(now), output_field=BooleanField())
        rows = qs.annotate(late=late).values("pk", "number", "lon", "lat", "late")[:MAX_POINTS]
        return {
            "points": [
                {
                    "id": r["pk"],
                    "number": r["number"],
                    "lon": r["lon"],
                    "lat": r["lat"],
                    "overdue": bool(r["late"]),
                }
                for r in rows
            ]  # fmt: skip
        }
    size = cell_size(zoom)
    rows = (
        qs.annotate(
            cx=Floor(Cast(F("lon"), FloatField()) / size),
            cy=Floor(Cast(F("lat"), FloatField()) / size),
        )
        .values("cx", "cy")
        .annotate(
            n=Count("*"),
            # due_at is set on every overdue problem: a column of the index, not the row.
            overdue=Count("due_at", filter=overdue_q(now)),
            lon=Avg("lon"),
            lat=Avg("lat"),
        )
        .order_by()
    )
    return {
        "clusters": [
            {"lon": r["lon"], "lat": r["lat"], "n": r["n"], "overdue": r["overdue"]} for r in rows
        ]
    }
