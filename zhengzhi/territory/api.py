"""/api/v1/territory/: grids, street segments and point routing, within the caller's scope."""

from typing import Annotated

from django.db.models import Q
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from zhengzhi.core.validators import DbId, Text
from zhengzhi.territory import routing
from zhengzhi.territory.geometry import GeometryError, check_lon_lat
from zhengzhi.territory.selectors import (
    describe_resolution,
    get_grid_for_user,
    grids_geojson,
    visible_grids,
    visible_segments,
)

router = Router(tags=["territory"])


class GridOut(Schema):
    id: int
    code: str
    name: str
    community_id: int
    community_name: str
    worker_id: int | None
    worker_name: str
    worker_phone: str
    responsible_party: str
    is_active: bool
    bbox: list[float]

    @staticmethod
    def resolve_community_name(obj) -> str:
        return obj.community.name

    @staticmethod
    def resolve_bbox(obj) -> list[float]:
        return [obj.min_lon, obj.min_lat, obj.max_lon, obj.max_lat]


class GridDetailOut(GridOut):
    geometry: dict


class SegmentOut(Schema):
    id: int
    code: str
    name: str
    unit_id: int
    unit_name: str
    community_id: int | None
    responsible_party: str
    is_active: bool
    geometry: dict

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name


class UnitRef(Schema):
    id: int | None = Field(None, description="only for units in the caller's scope")
    name: str


class GridRef(Schema):
    code: str
    id: int
    url: str
    name: str
    worker: str
    phone: str
    responsible_party: str


class RouteOut(Schema):
    lon: float
    lat: float
    via: str
    grid: GridRef | None = Field(
        None, description="the grid, when it is in the caller's scope (else only the units)"
    )
    unit: UnitRef | None
    community: UnitRef | None
    street: UnitRef | None
    district: UnitRef | None


class ErrorOut(Schema):
    detail: str


@router.get("/grids", response=list[GridOut])
@paginate
def list_grids(
    request,
    community: DbId | None = None,
    q: Annotated[Text, Field(max_length=100, description="code, name or worker")] = "",
    include_inactive: bool = False,
):
    qs = visible_grids(request.user).select_related("community").order_by("code")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if community is not None:
        qs = qs.filter(community_id=community)
    if q := q.strip():
        qs = qs.filter(Q(code__startswith=q) | Q(name__icontains=q) | Q(worker_name__icontains=q))
    return qs


@router.get("/grids/{int:grid_id}", response=GridDetailOut)
def get_grid(request, grid_id: DbId):
    return get_grid_for_user(request.user, grid_id)


@router.get("/geojson", response=dict, summary="Grids as a GeoJSON FeatureCollection")
def grids_feature_collection(request, community: DbId | None = None):
    qs = visible_grids(request.user).filter(is_active=True).order_by("code")
    if community is not None:
        qs = qs.filter(community_id=community)
    return grids_geojson(request.user, qs)


@router.get("/route", response={200: RouteOut, 400: ErrorOut})
def route(request, lon: float, lat: float):
    """The grid and territorial unit of a WGS84 point (grid first, then unit boundaries)."""
    try:
        check_lon_lat(lon, lat)
    except GeometryError as exc:
        return Status(400, {"detail": str(exc)})
    res = routing.resolve_point(lon, lat)
    return Status(200, describe_resolution(res, request.user, lon, lat))


@router.get("/segments", response=list[SegmentOut])
@paginate
def list_segments(request, community: DbId | None = None):
    qs = visible_segments(request.user).select_related("unit").order_by("code")
    if community is not None:
        qs = qs.filter(community_id=community)
    return qs
