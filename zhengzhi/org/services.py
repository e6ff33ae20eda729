"""State changes of units. Each validates with `org.rules`, writes and appends its audit row in
one transaction; a refused change raises ValidationError with the reasons by field."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengzhi.audit.services import changes, record
from zhengzhi.org.models import Unit, UnitKind
from zhengzhi.org.registry import territory_changed
from zhengzhi.org.rules import (
    UNIT_FIELDS,
    UnitData,
    deactivation_blockers,
    raise_if_invalid,
    validate_unit,
)


def parent_of(unit: Unit) -> Unit | None:
    return Unit.objects.get_parent(unit)


def data_from_unit(unit: Unit) -> UnitData:
    return UnitData(parent=parent_of(unit), **{name: getattr(unit, name) for name in UNIT_FIELDS})


@transaction.atomic
def create_unit(data: UnitData, *, actor, request=None) -> Unit:
    raise_if_invalid(validate_unit(data))
    unit = insert_unit(data)
    record(
        "unit.create",
        actor=actor,
        obj=unit,
        unit_id=unit.pk,
        data={**data.fields(), "parent": data.parent.code if data.parent else None},
        request=request,
    )
    return unit


def insert_unit(data: UnitData) -> Unit:
    """Writes a validated unit in its sorted place under its parent (or as a root)."""
    kwargs = data.fields()
    if data.parent is None:
        return Unit.objects.add_root(create_kwargs=kwargs)
    return Unit.objects.add_child(data.parent, create_kwargs=kwargs)


@transaction.atomic
def update_unit(unit: Unit, data: UnitData, *, actor, request=None) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    raise_if_invalid(validate_unit(data, instance=unit))
    diff = apply_unit(unit, data)
    if diff:
        record("unit.update", actor=actor, obj=unit, unit_id=unit.pk, data=diff, request=request)
    return unit


ROUTING_FIELDS = {"kind", "level", "division_code"}


def apply_unit(unit: Unit, data: UnitData) -> dict:
    """Writes validated `data` over `unit`, moving it when its parent or sort key changed.
    Returns the changes (empty when nothing changed)."""
    before = {name: getattr(unit, name) for name in UNIT_FIELDS}
    was_territory = unit.kind == UnitKind.TERRITORY
    old_parent = parent_of(unit)
    for name, value in data.fields().items():
        setattr(unit, name, value)
    diff = changes(unit, before, list(UNIT_FIELDS))
    new_parent = data.parent
    parent_changed = (old_parent.pk if old_parent else None) != (
        new_parent.pk if new_parent else None
    )
    if parent_changed:
        diff["parent"] = [
            old_parent.code if old_parent else None,
            new_parent.code if new_parent else None,
        ]
    if not diff:
        return diff
    unit.save(update_fields=list(UNIT_FIELDS))
    if parent_changed or {"name", "kind", "division_code"} & diff.keys():
        # Siblings are kept sorted (Unit.node_order_by).
        _move_sorted(unit, new_parent)
        unit.refresh_from_db()
    if (was_territory or unit.kind == UnitKind.TERRITORY) and (
        parent_changed or ROUTING_FIELDS & diff.keys()
    ):
        territory_changed()
    return diff


def _move_sorted(unit: Unit, parent: Unit | None) -> None:
    if parent is not None:
        Unit.objects.move(unit, parent, "sorted-child")
    else:
        Unit.objects.move(unit, Unit.objects.get_first_root_node(), "sorted-sibling")


@transaction.atomic
def deactivate_unit(unit: Unit, *, actor, request=None) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_active:
        return unit
    reasons = deactivation_blockers(unit)
    if reasons:
        raise ValidationError(reasons)
    unit.is_active = False
    unit.save(update_fields=["is_active"])
    record("unit.deactivate", actor=actor, obj=unit, unit_id=unit.pk, request=request)
    if unit.kind == UnitKind.TERRITORY:
        territory_changed()
    return unit


@transaction.atomic
def reactivate_unit(unit: Unit, *, actor, request=None) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.is_active:
        return unit
    parent = parent_of(unit)
    if parent is not None and not parent.is_active:
        raise ValidationError(_("Its parent unit is deactivated: reactivate the parent first."))
    unit.is_active = True
    unit.save(update_fields=["is_active"])
    record("unit.reactivate", actor=actor, obj=unit, unit_id=unit.pk, request=request)
    if unit.kind == UnitKind.TERRITORY:
        territory_changed()
    return unit
