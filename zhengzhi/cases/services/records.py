"""What the office keeps beside the cases: enforcement operations, destruction batches, the
licence consequences it confirms, its settings and the yearly table's entered figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.cases.models import (
    CaseSettings,
    DestructionBatch,
    LicenceConsequence,
    Operation,
    YearFigures,
)
from zhengzhi.cases.scope import can_file, is_office, visible_cases
from zhengzhi.cases.services.errors import CaseError
from zhengzhi.cases.services.filing import parse_money
from zhengzhi.cases.services.goods import to_sticks
from zhengzhi.org.scope import scope_for


def _unit_of(actor, unit):
    unit = unit or getattr(actor, "unit", None)
    if unit is None or not scope_for(actor).allows(unit.pk):
        raise CaseError(_("Choose a unit within your own."), "unit")
    return unit


def _count(value, name: str) -> int:
    if not isinstance(value, int) or value < 0 or value > 1_000_000:
        raise CaseError(_("%(name)s must be a whole number from 0.") % {"name": name}, "count")
    return value


@transaction.atomic
def save_operation(
    actor,
    *,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    people: int = 0,
    vehicles: int = 0,
    note: str = "",
    unit=None,
    operation: Operation | None = None,
    request=None,
) -> Operation:
    if not can_file(actor):
        raise CaseError(_("You may not record operations."), "not_allowed")
    if not name.strip():
        raise CaseError(_("Name the operation."), "name")
    if ends_on < starts_on:
        raise CaseError(_("The operation ends before it starts."), "ends_on")
    fields = {
        "name": name.strip()[:100],
        "starts_on": starts_on,
        "ends_on": ends_on,
        "people": _count(people, _("People deployed")),
        "vehicles": _count(vehicles, _("Vehicles deployed")),
        "note": note,
    }
    if operation is None:
        op = Operation.objects.create(unit=_unit_of(actor, unit), created_by=actor, **fields)
        action = "cases.operation.created"
    else:
        op = Operation.objects.select_for_update().get(pk=operation.pk)
        if not scope_for(actor).allows(op.unit_id):
            raise CaseError(_("You may not change this operation."), "not_allowed")
        for k, v in fields.items():
            setattr(op, k, v)
        op.save()
        action = "cases.operation.updated"
    record(
        action,
        actor=actor,
        obj=op,
        object_repr=op.name,
        unit_id=op.unit_id,
        request=request,
        data={"people": op.people, "vehicles": op.vehicles},
    )
    return op


@transaction.atomic
def record_destruction(
    actor,
    *,
    destroyed_on: dt.date,
    place: str,
    quantity: Decimal | int | str,
    quantity_unit: str,
    value: Decimal | int | str,
    witnesses: str = "",
    cases=(),
    unit=None,
    now: dt.datetime | None = None,
    request=None,
) -> DestructionBatch:
    if not can_file(actor):
        raise CaseError(_("You may not record destructions."), "not_allowed")
    if not place.strip():
        raise CaseError(_("Say where the goods were destroyed."), "place")
    if destroyed_on > timezone.localdate(now or timezone.now()):
        raise CaseError(_("The destruction date lies in the future."), "destroyed_on")
    sticks = to_sticks(quantity, quantity_unit)
    cases = list(cases)
    if cases and visible_cases(actor).filter(pk__in=[c.pk for c in cases]).count() != len(cases):
        raise CaseError(_("You may not name these cases."), "cases")
    batch = DestructionBatch.objects.create(
        destroyed_on=destroyed_on,
        place=place.strip()[:200],
        unit=_unit_of(actor, unit),
        quantity=Decimal(str(quantity)),
        quantity_unit=quantity_unit,
        sticks=sticks,
        value=parse_money(value, _("The value")),
        witnesses=witnesses.strip()[:200],
        created_by=actor,
    )
    if cases:
        batch.cases.set(cases)
    record(
        "cases.destruction.recorded",
        actor=actor,
        obj=batch,
        unit_id=batch.unit_id,
        request=request,
        data={"sticks": sticks, "value": str(batch.value), "cases": len(cases)},
    )
    return batch


@transaction.atomic
def decide_consequence(
    actor, consequence_id: int, confirm: bool, note: str = "", *, now=None, request=None
) -> LicenceConsequence:
    if not is_office(actor):
        raise CaseError(_("Only the office confirms licence consequences."), "not_allowed")
    row = LicenceConsequence.objects.select_for_update().filter(pk=consequence_id).first()
    if row is None:
        raise CaseError(_("No such proposal."), "not_found")
    if row.decision != LicenceConsequence.Decision.PROPOSED:
        raise CaseError(_("This proposal has been decided already."), "decided")
    row.decision = (
        LicenceConsequence.Decision.CONFIRMED if confirm else LicenceConsequence.Decision.DISMISSED
    )
    row.decided_by, row.decided_at = actor, now or timezone.now()
    row.note = note.strip()[:200]
    row.save(update_fields=["decision", "decided_by", "decided_at", "note"])
    record(
        "cases.consequence.confirmed" if confirm else "cases.consequence.dismissed",
        actor=actor,
        object_type="cases.licenceconsequence",
        object_id=row.pk,
        object_repr=f"{row.case_id} {row.kind}",
        request=request,
        data={"case": row.case_id, "kind": row.kind},
    )
    return row


@transaction.atomic
def update_settings(actor, *, major_threshold, request=None) -> CaseSettings:
    if not is_office(actor):
        raise CaseError(_("Only the office changes these settings."), "not_allowed")
    threshold = parse_money(major_threshold, _("The threshold"))
    if threshold == 0:
        raise CaseError(_("The threshold must be more than zero."), "major_threshold")
    row = CaseSettings.objects.select_for_update().order_by("pk").first() or CaseSettings()
    old = row.major_threshold if row.pk else None
    row.major_threshold = threshold
    row.save()
    record(
        "cases.settings.updated",
        actor=actor,
        obj=row,
        request=request,
        data={"major_threshold": [str(old) if old is not None else None, str(threshold)]},
    )
    return row


@transaction.atomic
def save_year_figures(
    actor, unit, year: int, *, sales_boxes=None, per_capita=None, box_price=None, request=None
) -> YearFigures:
    if not (scope_for(actor).can_write and scope_for(actor).allows(unit.pk)):
        raise CaseError(_("You may not enter figures for this unit."), "not_allowed")
    if not 1990 <= year <= 2100:
        raise CaseError(_("Choose a year."), "year")
    values = {
        "sales_boxes": None if sales_boxes is None else parse_money(sales_boxes, _("Sales")),
        "per_capita": None
        if per_capita is None
        else parse_money(per_capita, _("Sales per person")),
        "box_price": None if box_price is None else parse_money(box_price, _("Price per box")),
    }
    row, _created = YearFigures.objects.select_for_update().update_or_create(
        unit=unit, year=year, defaults=values
    )
    record(
        "cases.figures.saved",
        actor=actor,
        object_type="cases.yearfigures",
        object_id=row.pk,
        object_repr=f"{unit.name} {year}",
        unit_id=unit.pk,
        request=request,
        data={k: None if v is None else str(v) for k, v in values.items()},
    )
    return row
