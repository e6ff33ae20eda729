"""Changing grids and boundaries: validate, write, audit, tell the router; one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import changes, record
from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
from zhengzhi.territory import routing
from zhengzhi.territory.geometry import (
    AREA_TYPES,
    GeometryError,
    bbox_fields,
    parse_geometry,
    to_geojson,
)
from zhengzhi.territory.models import Grid, TerritoryVersion, UnitBoundary, grid_code_validator

GRID_FIELDS = [
    "code",
    "name",
    "community",
    "worker",
    "worker_name",
    "worker_phone",
    "responsible_party",
    "is_active",
]


def bump_version() -> None:
    """Every change of grids or boundaries (and of territorial units: org.services) calls this
    inside its transaction. Other processes see the new number within a few seconds and rebuild
    their index; this one drops it now, and rebuilds it right after the commit (a rebuild in
    between would have read uncommitted rows). Many changes in one transaction rebuild once:
    the first callback brings the index to the committed version, the others find it there."""
    now = timezone.now()
    if not TerritoryVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
        TerritoryVersion.objects.get_or_create(pk=1, defaults={"version": 1, "changed_at": now})
    routing.invalidate()
    transaction.on_commit(routing.rebuild_after_commit)


def community_errors(community: Unit | None) -> list[str]:
    if community is None:
        return [_("Choose the community the grid belongs to.")]
    if community.kind != UnitKind.TERRITORY or community.level != TerritoryLevel.COMMUNITY:
        return [_("%(unit)s is not a community.") % {"unit": community}]
    if len(community.division_code or "") != 12:
        return [_("Community %(unit)s has no 12-digit division code.") % {"unit": community}]
    return []


def code_errors(code: str, community: Unit | None) -> list[str]:
    try:
        grid_code_validator(code)
    except ValidationError as exc:
        return list(exc.messages)
    if community is not None and community.division_code and code[:12] != community.division_code:
        return [
            _("The code %(code)s must begin with the division code %(division)s of %(unit)s.")
            % {"code": code, "division": community.division_code, "unit": community}
        ]
    return []


def clean_grid_values(values: dict[str, Any], *, exclude_pk: int | None = None):
    """Checks a grid's fields; returns the parsed geometry. Raises ValidationError by field."""
    errors: dict[str, list[str]] = {}
    community = values.get("community")
    if msgs := community_errors(community):
        errors["community"] = msgs
    code = (values.get("code") or "").strip()
    if msgs := code_errors(code, None if errors.get("community") else community):
        errors["code"] = msgs
    elif Grid.objects.filter(code=code).exclude(pk=exclude_pk).exists():
        errors["code"] = [_("Another grid already has the code %(code)s.") % {"code": code}]
    if not (values.get("name") or "").strip():
        errors["name"] = [_("Give the grid a name.")]
    geom = None
    try:
        geom = parse_geometry(values.get("geometry"), AREA_TYPES)
    except GeometryError as exc:
        errors["geometry"] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    return geom


def _fill_worker(values: dict[str, Any]) -> None:
    worker = values.get("worker")
    if worker is not None:
        if not values.get("worker_name"):
            values["worker_name"] = worker.full_name or worker.get_username()
        if not values.get("worker_phone"):
            values["worker_phone"] = worker.phone


def _audit_grid(action: str, grid: Grid, actor, request, data: dict) -> None:
    record(action, actor=actor, obj=grid, unit_id=grid.community_id, data=data, request=request)


@transaction.atomic
def create_grid(*, actor, request=None, **values) -> Grid:
    """values: code, name, community, geometry (GeoJSON), and optionally worker, worker_name,
    worker_phone, responsible_party."""
    values["code"] = (values.get("code") or "").strip()
    geom = clean_grid_values(values)
    _fill_worker(values)
    fields = {k: values[k] for k in GRID_FIELDS if k in values}
    grid = Grid.objects.create(**fields, geometry=to_geojson(geom), **bbox_fields(geom))
    _audit_grid("territory.grid.created", grid, actor, request, {"code": grid.code})
    bump_version()
    return grid


@transaction.atomic
def update_grid(grid: Grid, *, actor, request=None, **values) -> Grid:
    """Changes the given fields (any of GRID_FIELDS and geometry)."""
    unknown = set(values) - set(GRID_FIELDS) - {"geometry"}
    if unknown:
        raise TypeError(f"update_grid: unknown fields {sorted(unknown)}")
    grid = Grid.objects.select_for_update().get(pk=grid.pk)
    current = {k: getattr(grid, k) for k in GRID_FIELDS}
    merged = {**current, "geometry": grid.geometry, **values}
    merged["code"] = (merged.get("code") or "").strip()
    geom = clean_grid_values(merged, exclude_pk=grid.pk)
    if "worker" in values:
        _fill_worker(merged)
    for name in GRID_FIELDS:
        setattr(grid, name, merged[name])
    diff = changes(grid, current, GRID_FIELDS)
    new_geojson = to_geojson(geom)
    if new_geojson != grid.geometry:
        diff["geometry"] = ["…", "…"]
        grid.geometry = new_geojson
        for k, v in bbox_fields(geom).items():
            setattr(grid, k, v)
    if not diff:
        return grid
    grid.save()
    _audit_grid("territory.grid.updated", grid, actor, request, diff)
    if {"code", "community", "is_active", "geometry"} & set(diff):
        bump_version()
    return grid


def deactivate_grid(grid: Grid, *, actor, request=None) -> Grid:
    return update_grid(grid, actor=actor, request=request, is_active=False)


def assign_worker(
    grid: Grid, *, actor, worker=None, worker_name: str = "", worker_phone: str = "", request=None
) -> Grid:
    """Names the grid's worker: an account (its name and phone fill blanks), or just a name."""
    return update_grid(
        grid,
        actor=actor,
        request=request,
        worker=worker,
        worker_name=worker_name,
        worker_phone=worker_phone,
    )


def boundary_unit_errors(unit: Unit | None) -> list[str]:
    if unit is None:
        return [_("Choose a territorial unit.")]
    if unit.kind != UnitKind.TERRITORY:
        return [_("%(unit)s is not a territorial unit.") % {"unit": unit}]
    return []


@transaction.atomic
def set_unit_boundary(unit: Unit, geometry: dict, *, actor, request=None) -> UnitBoundary:
    errors = {}
    if msgs := boundary_unit_errors(unit):
        errors["unit"] = msgs
    try:
        geom = parse_geometry(geometry, AREA_TYPES)
    except GeometryError as exc:
        errors["geometry"] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    geojson = to_geojson(geom)
    boundary = UnitBoundary.objects.filter(unit=unit).first()
    if boundary is not None and boundary.geometry == geojson:
        return boundary
    boundary, created = UnitBoundary.objects.update_or_create(
        unit=unit, defaults={"geometry": geojson, **bbox_fields(geom)}
    )
    record(
        "territory.boundary.created" if created else "territory.boundary.updated",
        actor=actor,
        obj=boundary,
        unit_id=unit.pk,
        request=request,
    )
    bump_version()
    return boundary


@transaction.atomic
def remove_unit_boundary(unit: Unit, *, actor, request=None) -> bool:
    deleted, _per_model = UnitBoundary.objects.filter(unit=unit).delete()
    if deleted:
        record(
            "territory.boundary.removed",
            actor=actor,
            object_type="territory.unitboundary",
            object_id=unit.pk,
            object_repr=str(unit),
            unit_id=unit.pk,
            request=request,
        )
        bump_version()
    return bool(deleted)
