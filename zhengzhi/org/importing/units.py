"""Importing units from Excel: every row is checked with the same rules as the unit form; one
bad row and nothing is imported."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.org.importing.workbook import (
    Column,
    Errors,
    ImportResult,
    Row,
    RowFailed,
    build_template,
    run_import,
)
from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
from zhengzhi.org.rules import UnitData, validate_unit
from zhengzhi.org.services import apply_unit, insert_unit

# Names a clerk may write in the 类型 and 层级 columns (the codes are accepted as well).
KIND_NAMES = {
    "部门": UnitKind.DEPARTMENT,
    "职能部门": UnitKind.DEPARTMENT,
    "条": UnitKind.DEPARTMENT,
    "属地": UnitKind.TERRITORY,
    "属地单位": UnitKind.TERRITORY,
    "区域": UnitKind.TERRITORY,
    "块": UnitKind.TERRITORY,
    "领导小组": UnitKind.LEADING_GROUP,
    "办公室": UnitKind.OFFICE,
    "领导小组办公室": UnitKind.OFFICE,
}
LEVEL_NAMES = {
    "区": TerritoryLevel.DISTRICT,
    "县": TerritoryLevel.DISTRICT,
    "区县": TerritoryLevel.DISTRICT,
    "区/县": TerritoryLevel.DISTRICT,
    "街道": TerritoryLevel.STREET,
    "乡镇": TerritoryLevel.STREET,
    "镇": TerritoryLevel.STREET,
    "乡": TerritoryLevel.STREET,
    "街道/乡镇": TerritoryLevel.STREET,
    "社区": TerritoryLevel.COMMUNITY,
    "村": TerritoryLevel.COMMUNITY,
    "社区/村": TerritoryLevel.COMMUNITY,
}

COLUMNS = [
    Column("code", "编码", required=True, width=16),
    Column("name", "名称", required=True, width=24),
    Column("kind", "类型", required=True, choices=("部门", "属地", "领导小组", "办公室")),
    Column("level", "层级", choices=("区", "街道", "乡镇", "社区", "村")),
    Column("parent", "上级编码", width=16),
    Column("division_code", "区划代码", width=16),
    Column("phone", "电话"),
    Column("address", "地址", width=30),
]


def template_bytes() -> bytes:
    notes = [
        _("Unit import: one row per unit; the first row holds the column headers."),
        _(
            "编码: short stable code (letters, digits, - and _); an existing code updates "
            "that unit."
        ),
        _("名称: the unit's name."),
        _(
            "类型: 部门 (department, 条), 属地 (territory, 块), 领导小组 (leading group) or "
            "办公室 (office)."
        ),
        _("层级: territories only: 区/县, 街道/乡镇 or 社区/村."),
        _(
            "上级编码: the code of the parent unit: an existing unit or a row above this one. "
            "Empty for a top-level unit."
        ),
        _(
            "区划代码: territories only: 6 digits for a district, 9 for a street/town, 12 for a "
            "community/village, starting with the parent's code."
        ),
        _("If any row has an error nothing is imported, and every bad row is listed."),
    ]
    return build_template(COLUMNS, notes, _("Units"))


def _choice(text: str, names: dict, values) -> str | None:
    if not text:
        return ""
    if text in names:
        return str(names[text])
    lowered = text.lower()
    return lowered if lowered in values else None


@dataclass
class _Plan:
    row: Row
    data: UnitData
    parent_code: str
    instance: Unit | None


def plan_units(rows: list[Row]) -> tuple[list[_Plan], Errors]:
    errors = Errors(COLUMNS, {"parent": "parent"})
    codes = [row["code"] for row in rows]
    wanted = set(codes) | {row["parent"] for row in rows if row["parent"]}
    existing = {u.code: u for u in Unit.objects.filter(code__in=wanted)}
    first_row = {}
    for row in rows:
        first_row.setdefault(row["code"], row.number)
    seen: dict[str, Unit] = {}  # code -> the unit as it will be after its row (maybe unsaved)
    division_rows: dict[str, int] = {}
    plans: list[_Plan] = []
    for row in rows:
        code = row["code"]
        kind = _choice(row["kind"], KIND_NAMES, UnitKind.values)
        level = _choice(row["level"], LEVEL_NAMES, TerritoryLevel.values)
        if kind is None:
            errors.add(
                row.number,
                "kind",
                _("Unknown kind “%(v)s”: use 部门, 属地, 领导小组 or 办公室.") % {"v": row["kind"]},
            )
        if level is None:
            errors.add(
                row.number,
                "level",
                _("Unknown level “%(v)s”: use 区/县, 街道/乡镇 or 社区/村.") % {"v": row["level"]},
            )
        if code and first_row[code] != row.number:
            errors.add(
                row.number,
                "code",
                _("The code %(code)s is already used in row %(row)d.")
                % {"code": code, "row": first_row[code]},
            )
            continue
        parent = _resolve_parent(row, seen, existing, first_row, errors)
        instance = existing.get(code)
        data = UnitData(
            name=row["name"],
            code=code,
            kind=kind or "",
            level=level or "",
            division_code=row["division_code"],
            phone=row["phone"],
            address=row["address"],
            parent=parent,
        )
        problems = validate_unit(data, instance=instance, check_database=False)
        if kind is None:
            problems.pop("kind", None)
        if level is None:
            problems.pop("level", None)
        errors.add_all(row.number, problems)
        _check_division_code(row, data, instance, division_rows, errors)
        seen[code] = Unit(
            path=instance.path if instance else "",
            depth=instance.depth if instance else 0,
            is_active=instance.is_active if instance else True,
            **{k: v for k, v in data.fields().items()},
        )
        plans.append(_Plan(row, data, row["parent"], instance))
    return plans, errors


def _resolve_parent(row: Row, seen, existing, first_row, errors: Errors) -> Unit | None:
    code = row["parent"]
    if not code:
        return None
    if code == row["code"]:
        errors.add(row.number, "parent", _("A unit cannot be its own parent."))
        return None
    if code in seen:
        return seen[code]
    if code in first_row:
        errors.add(
            row.number,
            "parent",
            _(
                "The parent %(code)s is defined in row %(row)d, below "
                "this one: list parents above their sub-units."
            )
            % {"code": code, "row": first_row[code]},
        )
        return None
    if code in existing:
        return existing[code]
    errors.add(row.number, "parent", _("There is no unit with the code %(code)s.") % {"code": code})
    return None


def _check_division_code(row: Row, data: UnitData, instance, division_rows, errors) -> None:
    dc = data.division_code
    if not dc:
        return
    if dc in division_rows:
        errors.add(
            row.number,
            "division_code",
            _("The division code %(code)s is already used in row %(row)d.")
            % {"code": dc, "row": division_rows[dc]},
        )
        return
    division_rows[dc] = row.number
    clash = Unit.objects.filter(division_code=dc).exclude(code=data.code).first()
    if clash is not None:
        errors.add(
            row.number,
            "division_code",
            _("The unit %(name)s (%(code)s) already has the division code %(dc)s.")
            % {"name": clash.name, "code": clash.code, "dc": dc},
        )


def import_units(upload, *, actor, request=None) -> ImportResult:
    return run_import(
        upload,
        COLUMNS,
        "units",
        plan_units,
        lambda plans, result: _apply(plans, result, actor=actor, request=request),
    )


def _apply(plans: list[_Plan], result: ImportResult, *, actor, request) -> None:
    saved: dict[str, Unit] = {}
    for plan in plans:
        data = plan.data
        with RowFailed.guard(plan.row.number):
            if plan.parent_code:
                data.parent = saved.get(plan.parent_code) or Unit.objects.get(code=plan.parent_code)
            # Each unit's creation or change is audited on its own, as on the unit pages.
            if plan.instance is None:
                unit = saved[data.code] = insert_unit(data)
                result.created.append(data.code)
                record(
                    "unit.create",
                    actor=actor,
                    obj=unit,
                    unit_id=unit.pk,
                    data={**data.fields(), "parent": data.parent.code if data.parent else None},
                    request=request,
                )
            else:
                unit = Unit.objects.get(pk=plan.instance.pk)
                diff = apply_unit(unit, data)
                (result.updated if diff else result.unchanged).append(data.code)
                saved[data.code] = unit
                if diff:
                    record(
                        "unit.update",
                        actor=actor,
                        obj=unit,
                        unit_id=unit.pk,
                        data=diff,
                        request=request,
                    )
    record(
        "org.import",
        actor=actor,
        actor_label="" if actor else "manage.py import_org",
        object_type="org.unit",
        data={
            "kind": "units",
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
        },
        request=request,
    )
