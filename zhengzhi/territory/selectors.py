"""Reading the territory within a user's scope: a community sees its own grids, a street its
communities' grids, the office everything. Another unit's grid is "not found"."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse

from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
from zhengzhi.org.scope import scope_for
from zhengzhi.territory.models import Grid, Segment, UnitBoundary
from zhengzhi.territory.routing import Resolution


def visible_grids(user) -> QuerySet[Grid]:
    return scope_for(user).filter(Grid.objects.all(), field="community")


def get_grid_for_user(user, pk: int) -> Grid:
    qs = Grid.objects.select_related("community", "worker")
    return scope_for(user).get(qs, field="community", pk=pk)


def visible_segments(user) -> QuerySet[Segment]:
    scope = scope_for(user)
    if scope.all_units:
        return Segment.objects.all()
    return Segment.objects.filter(Q(unit__in=scope.unit_ids) | Q(community__in=scope.unit_ids))


def visible_boundaries(user) -> QuerySet[UnitBoundary]:
    return scope_for(user).filter(UnitBoundary.objects.all(), field="unit")


def visible_communities(user) -> QuerySet[Unit]:
    qs = Unit.objects.filter(kind=UnitKind.TERRITORY, level=TerritoryLevel.COMMUNITY)
    return scope_for(user).filter(qs, field="id").order_by("division_code", "name")


def parents_of(units) -> dict[int, Unit]:
    """unit id -> parent unit, for many units in one query (treebeard paths)."""
    step = Unit.steplen
    wanted = {u.pk: u.path[:-step] for u in units if len(u.path) > step}
    by_path = {p.path: p for p in Unit.objects.filter(path__in=set(wanted.values()))}
    return {pk: by_path[path] for pk, path in wanted.items() if path in by_path}


def grid_properties(grid: Grid, street: Unit | None, can_open: bool = True) -> dict:
    return {
        "id": grid.pk,
        "code": grid.code,
        "name": grid.name,
        "community": grid.community.name,
        "community_id": grid.community_id,
        "street": street.name if street else "",
        "worker": grid.worker_name,
        "phone": grid.worker_phone,
        "responsible_party": grid.responsible_party,
        "active": grid.is_active,
        "url": reverse("territory:grid_detail", args=[grid.pk]) if can_open else "",
    }


def _feature(geometry: dict, properties: dict) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def grids_geojson(user, grids: QuerySet[Grid] | None = None) -> dict:
    grids = list((grids if grids is not None else visible_grids(user)).select_related("community"))
    streets = parents_of({g.community for g in grids})
    return {
        "type": "FeatureCollection",
        "features": [
            _feature(g.geometry, grid_properties(g, streets.get(g.community_id))) for g in grids
        ],
    }


def map_data(user) -> dict:
    """Everything the map page draws, in the user's scope, in a handful of queries."""
    grids = grids_geojson(user, visible_grids(user).filter(is_active=True))
    boundaries = [
        _feature(b.geometry, {"unit": b.unit.name, "level": b.unit.level, "unit_id": b.unit_id})
        for b in visible_boundaries(user).select_related("unit")
    ]
    segments = [
        _feature(
            s.geometry,
            {
                "code": s.code,
                "name": s.name,
                "unit": s.unit.name,
                "community": s.community.name if s.community else "",
                "responsible_party": s.responsible_party,
            },
        )
        for s in visible_segments(user).filter(is_active=True).select_related("unit", "community")
    ]
    return {
        "grids": grids,
        "boundaries": {"type": "FeatureCollection", "features": boundaries},
        "segments": {"type": "FeatureCollection", "features": segments},
    }


def describe_resolution(res: Resolution, user, lon: float, lat: float) -> dict:
    """A routing answer for people. Where a point belongs is no secret: a problem recorded
    anywhere must find its owner, so the territorial units are always named. Everything else,
    the grid (code, id, name), its worker and contacts, and the ids of units, is shown only
    within the user's scope."""
    scope = scope_for(user)
    ids = {res.community_id, res.street_id, res.district_id, res.unit_id} - {None}
    names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}

    def unit(pk):
        if not pk:
            return None
        return {"id": pk if scope.allows(pk) else None, "name": names.get(pk, "")}

    out = {
        "lon": lon,
        "lat": lat,
        "via": res.via,
        "grid": None,
        "unit": unit(res.unit_id),
        "community": unit(res.community_id),
        "street": unit(res.street_id),
        "district": unit(res.district_id),
    }
    if res.grid_id is not None and scope.allows(res.community_id):
        row = (
            Grid.objects.filter(pk=res.grid_id)
            .values("name", "worker_name", "worker_phone", "responsible_party")
            .first()
        )
        if row:
            out["grid"] = {
                "code": res.grid_code,
                "id": res.grid_id,
                "url": reverse("territory:grid_detail", args=[res.grid_id]),
                "name": row["name"],
                "worker": row["worker_name"],
                "phone": row["worker_phone"],
                "responsible_party": row["responsible_party"],
            }
    return out
