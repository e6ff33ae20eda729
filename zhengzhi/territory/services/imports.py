"""Loading grids, street segments and unit boundaries from a GeoJSON FeatureCollection.

All or nothing: every feature is checked first and every problem is reported with the feature's
number (1-based, in file order) and its code; if there is any problem nothing is written. Features
whose code already exists update that grid or segment; a property left out of a feature keeps the
stored value, a property present but empty clears it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.org.models import UnitKind
from zhengzhi.territory.geometry import AREA_TYPES, LINE_TYPES, bbox_fields, to_geojson
from zhengzhi.territory.models import Grid, Segment, UnitBoundary
from zhengzhi.territory.services.features import (
    Feature,
    FeatureError,
    FileProblem,
    ImportResult,
    check_duplicate,
    existing_by_code,
    read_features,
    units_by_key,
)
from zhengzhi.territory.services.grids import (
    boundary_unit_errors,
    bump_version,
    code_errors,
    community_errors,
)

GRIDS, SEGMENTS, BOUNDARIES = "grids", "segments", "boundaries"


def _duplicate_code() -> str:
    return _("The code %(key)s already appears in feature %(n)d.")


# --- Grids --------------------------------------------------------------------------------------

GRID_TEXT = {"worker_name": 60, "worker_phone": 30, "responsible_party": 200}


def _validate_grids(features: list, errors: list[FeatureError]) -> list[dict]:
    feats = [Feature(i, raw, errors, "code") for i, raw in enumerate(features, 1)]
    refs = {str(f.props.get("community") or "").strip() for f in feats}
    refs |= {f.code[:12] for f in feats}
    communities = units_by_key(refs, kind=UnitKind.TERRITORY)
    usernames = {str(f.props.get("worker") or "").strip() for f in feats} - {""}
    users = {u.get_username(): u for u in get_user_model().objects.filter(username__in=usernames)}
    seen: dict[str, int] = {}
    rows = []
    for feat in feats:
        if not feat.ok:
            continue
        row: dict[str, Any] = {"code": feat.code}
        for msg in code_errors(feat.code, None):
            feat.fail(msg)
        ref = feat.text("community", 40)
        community = communities.get(ref or feat.code[:12])
        if ref and community is None:
            feat.fail(_("Unknown community “%(ref)s”.") % {"ref": ref})
        elif community is None and feat.ok:
            feat.fail(
                _("No community given, and none has the division code %(d)s.")
                % {"d": feat.code[:12]}
            )
        elif community is not None:
            community_msgs = community_errors(community)
            for msg in community_msgs or code_errors(feat.code, community):
                feat.fail(msg)
        check_duplicate(feat, feat.code, seen, _duplicate_code())
        row["community"] = community
        row["name"] = feat.text("name", 100, required=True)
        for key, max_length in GRID_TEXT.items():
            if feat.has(key):
                row[key] = feat.text(key, max_length)
        if feat.has("worker"):
            username = feat.text("worker", 150)
            row["worker"] = users.get(username) if username else None
            if username and row["worker"] is None:
                feat.fail(_("Unknown user “%(u)s” as grid worker.") % {"u": username})
        if feat.has("active"):
            row["is_active"] = feat.flag("active")
        row["geom"] = feat.geom(AREA_TYPES)
        if feat.ok:
            rows.append(row)
    return rows


def _grid_values(row: dict) -> dict:
    values = {k: v for k, v in row.items() if k != "geom"}
    worker = values.get("worker")
    if worker is not None:
        # As on the edit page: the account's name and phone fill what the file leaves blank.
        values["worker_name"] = values.get("worker_name") or worker.full_name or worker.username
        values["worker_phone"] = values.get("worker_phone") or worker.phone
    values["geometry"] = to_geojson(row["geom"])
    values.update(bbox_fields(row["geom"]))
    return values


def _write_rows(model, rows, result, actor, request, values_of: Callable, unit_of: Callable):
    existing = existing_by_code(model, [r["code"] for r in rows])
    label = model._meta.model_name
    for row in rows:
        values = values_of(row)
        obj = existing.get(row["code"])
        if obj is None:
            obj = model.objects.create(**values)
            record(
                f"territory.{label}.created",
                actor=actor,
                obj=obj,
                unit_id=unit_of(obj),
                data={"code": obj.code, "via": "import"},
                request=request,
            )
            result.created += 1
            continue
        diff = {}
        for key, new in values.items():
            old = getattr(obj, key)
            if old != new:
                diff[key] = ["…", "…"] if key == "geometry" else [str(old), str(new)]
                setattr(obj, key, new)
        for key in ("min_lon", "min_lat", "max_lon", "max_lat"):
            diff.pop(key, None)
        if diff:
            obj.save()
            record(
                f"territory.{label}.updated",
                actor=actor,
                obj=obj,
                unit_id=unit_of(obj),
                data={**diff, "via": "import"},
                request=request,
            )
            result.updated += 1
        else:
            result.unchanged += 1


def _write_grids(rows, result, actor, request) -> None:
    _write_rows(Grid, rows, result, actor, request, _grid_values, lambda g: g.community_id)


# --- Segments -----------------------------------------------------------------------------------


def _validate_segments(features: list, errors: list[FeatureError]) -> list[dict]:
    feats = [Feature(i, raw, errors, "code") for i, raw in enumerate(features, 1)]
    refs = {str(f.props.get(k) or "").strip() for f in feats for k in ("unit", "community")}
    units = units_by_key(refs)
    seen: dict[str, int] = {}
    rows = []
    for feat in feats:
        if not feat.ok:
            continue
        if not feat.code:
            feat.fail(_("Property “%(key)s” is required.") % {"key": "code"})
        check_duplicate(feat, feat.code, seen, _duplicate_code())
        row: dict[str, Any] = {"code": feat.code, "name": feat.text("name", 100, required=True)}
        ref = feat.text("unit", 40, required=True)
        row["unit"] = units.get(ref or "")
        if ref and row["unit"] is None:
            feat.fail(_("Unknown unit “%(ref)s”.") % {"ref": ref})
        if feat.has("responsible_party"):
            row["responsible_party"] = feat.text("responsible_party", 200)
        if feat.has("community"):
            ref = feat.text("community", 40)
            row["community"] = units.get(ref) if ref else None
            if ref and row["community"] is None:
                feat.fail(_("Unknown community “%(ref)s”.") % {"ref": ref})
            elif row["community"] is not None:
                for msg in community_errors(row["community"]):
                    feat.fail(msg)
        if feat.has("active"):
            row["is_active"] = feat.flag("active")
        row["geom"] = feat.geom(LINE_TYPES)
        if feat.ok:
            rows.append(row)
    return rows


def _segment_values(row: dict) -> dict:
    values = {k: v for k, v in row.items() if k != "geom"}
    values["geometry"] = to_geojson(row["geom"])
    values.update(bbox_fields(row["geom"]))
    return values


def _write_segments(rows, result, actor, request) -> None:
    _write_rows(Segment, rows, result, actor, request, _segment_values, lambda s: s.unit_id)


# --- Unit boundaries ----------------------------------------------------------------------------


def _validate_boundaries(features: list, errors: list[FeatureError]) -> list[dict]:
    feats = [Feature(i, raw, errors, "unit") for i, raw in enumerate(features, 1)]
    units = units_by_key({f.code for f in feats})
    seen: dict[int, int] = {}
    rows = []
    for feat in feats:
        if not feat.ok:
            continue
        unit = units.get(feat.code)
        if not feat.code:
            feat.fail(_("Property “%(key)s” is required.") % {"key": "unit"})
        elif unit is None:
            feat.fail(_("Unknown unit “%(ref)s”.") % {"ref": feat.code})
        else:
            for msg in boundary_unit_errors(unit):
                feat.fail(msg)
            check_duplicate(feat, unit.pk, seen, _("This unit already appears in feature %(n)d."))
        geom = feat.geom(AREA_TYPES)
        if feat.ok:
            rows.append({"unit": unit, "geom": geom})
    return rows


def _write_boundaries(rows, result, actor, request) -> None:
    existing = {
        b.unit_id: b for b in UnitBoundary.objects.filter(unit__in=[r["unit"] for r in rows])
    }
    for row in rows:
        geojson = to_geojson(row["geom"])
        old = existing.get(row["unit"].pk)
        if old is not None and old.geometry == geojson:
            result.unchanged += 1
            continue
        boundary, created = UnitBoundary.objects.update_or_create(
            unit=row["unit"], defaults={"geometry": geojson, **bbox_fields(row["geom"])}
        )
        action = "territory.boundary.created" if created else "territory.boundary.updated"
        record(
            action,
            actor=actor,
            obj=boundary,
            unit_id=boundary.unit_id,
            data={"via": "import"},
            request=request,
        )
        if created:
            result.created += 1
        else:
            result.updated += 1


KINDS = {
    GRIDS: (_validate_grids, _write_grids),
    SEGMENTS: (_validate_segments, _write_segments),
    BOUNDARIES: (_validate_boundaries, _write_boundaries),
}


def import_geojson(
    kind: str, raw: bytes | str | dict, *, actor, dry_run: bool = False, request=None
) -> ImportResult:
    """Checks every feature, then writes all of them in one transaction, or nothing."""
    validate, write = KINDS[kind]
    result = ImportResult(kind=kind, dry_run=dry_run)
    try:
        features = read_features(raw)
    except FileProblem as exc:
        result.errors.append(FeatureError(None, "", str(exc)))
        return result
    result.total = len(features)
    rows = validate(features, result.errors)
    if result.errors:
        result.errors.sort(key=lambda e: e.index or 0)  # file order; stable within a feature
        return result
    try:
        with transaction.atomic():
            write(rows, result, actor, request)
            if result.created or result.updated:
                bump_version()
            record(
                f"territory.{kind}.imported",
                actor=actor,
                object_type=f"territory.{kind}",
                data=result.counts(),
                request=request,
            )
            if dry_run:
                # A dry run does all the writing, so its counts are exact, then takes it back.
                transaction.set_rollback(True)
    except DatabaseError as exc:
        result.created = result.updated = result.unchanged = 0
        result.errors.append(FeatureError(None, "", _("Nothing was saved: %(e)s") % {"e": exc}))
    return result


def import_grids(raw, *, actor, dry_run: bool = False, request=None) -> ImportResult:
    return import_geojson(GRIDS, raw, actor=actor, dry_run=dry_run, request=request)


def import_segments(raw, *, actor, dry_run: bool = False, request=None) -> ImportResult:
    return import_geojson(SEGMENTS, raw, actor=actor, dry_run=dry_run, request=request)


def import_boundaries(raw, *, actor, dry_run: bool = False, request=None) -> ImportResult:
    return import_geojson(BOUNDARIES, raw, actor=actor, dry_run=dry_run, request=request)
