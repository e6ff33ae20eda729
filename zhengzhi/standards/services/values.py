"""Entering, correcting, confirming and returning indicator values.

A value is entered by a lead department for a unit and a period, with the document that proves
it. Entering again for the same (measure, unit, period) is a correction: the current row is
locked, kept as history (`current=False`) and replaced by the new one, which the office confirms
again. The caller names the row it corrects (`replaces`): if someone else corrected it meanwhile,
the change is refused rather than lost.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.files.models import StoredFile
from zhengzhi.org.models import Unit
from zhengzhi.standards.models import (
    Frequency,
    IndicatorValue,
    Measure,
    ValueKind,
    ValueSource,
    ValueStatus,
)
from zhengzhi.standards.rules import GRADES
from zhengzhi.standards.scope import can_fill, is_office
from zhengzhi.standards.services.errors import StandardsError

MAX_NUMBER = Decimal("999999999999")


def period_start(measure: Measure, day: dt.date) -> dt.date:
    """The first day of the measure's reporting period that holds `day`."""
    if measure.frequency == Frequency.MONTHLY:
        return day.replace(day=1)
    if measure.frequency == Frequency.QUARTERLY:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if measure.frequency == Frequency.HALF_YEARLY:
        return dt.date(day.year, 1 if day.month <= 6 else 7, 1)
    return dt.date(day.year, 1, 1)


def parse_value(measure: Measure, raw) -> dict:
    """The typed value as the row's fields, or a StandardsError saying what is wrong."""
    if measure.value_kind == ValueKind.YES_NO:
        if isinstance(raw, bool):
            return {"flag": raw}
        text = str(raw).strip().lower()
        if text in ("yes", "true", "1", "是", "有"):
            return {"flag": True}
        if text in ("no", "false", "0", "否", "无"):
            return {"flag": False}
        raise StandardsError(_("Answer yes or no."), code="value")
    if measure.value_kind == ValueKind.GRADE:
        grade = str(raw).strip().upper()
        if grade not in GRADES:
            raise StandardsError(_("Enter a grade A, B, C or D."), code="value")
        return {"grade": grade}
    try:
        number = Decimal(str(raw).strip().rstrip("%"))
    except (InvalidOperation, ValueError):
        raise StandardsError(_("Enter a number."), code="value") from None
    if not number.is_finite() or abs(number) > MAX_NUMBER:
        raise StandardsError(_("Enter a number."), code="value")
    return {"number": number.quantize(Decimal("0.0001"))}


def _document(user, document: StoredFile | None, unit: Unit) -> StoredFile | None:
    if document is None:
        return None
    if document.owner_type_id is not None or (
        document.uploaded_by_id != getattr(user, "pk", None) and document.unit_id != unit.pk
    ):
        raise StandardsError(_("The proving document was not found."), code="document")
    return document


@transaction.atomic
def enter_value(
    user,
    measure: Measure,
    unit: Unit,
    period: dt.date,
    raw,
    *,
    document: StoredFile | None = None,
    note: str = "",
    replaces: int | None = None,
    request=None,
    now: dt.datetime | None = None,
) -> IndicatorValue:
    if not can_fill(user, measure, unit.pk):
        raise PermissionDenied
    now = now or timezone.now()
    period = period_start(measure, period)
    if period > timezone.localdate(now):
        raise StandardsError(_("The period has not begun yet."), code="period")
    fields = parse_value(measure, raw)
    current = (
        IndicatorValue.objects.select_for_update()
        .filter(measure=measure, unit=unit, period=period, current=True)
        .first()
    )
    if (current.pk if current else None) != replaces:
        raise StandardsError(
            _("Someone changed this value meanwhile; reload to see it, then correct it."),
            code="stale",
        )
    if document is not None:
        doc = _document(user, document, unit)
    else:  # a correction keeps the document unless a new one comes with it
        doc = current.document if current else None
    if current is not None:
        current.current = False
        current.save(update_fields=["current"])
    try:
        with transaction.atomic():
            value = IndicatorValue.objects.create(
                measure=measure,
                unit=unit,
                period=period,
                document=doc,
                note=note.strip()[:300],
                source=ValueSource.TYPED,
                status=ValueStatus.ENTERED,
                replaces=current,
                entered_by=user,
                entered_at=now,
                **fields,
            )
    except IntegrityError:
        raise StandardsError(
            _("Someone changed this value meanwhile; reload to see it, then correct it."),
            code="stale",
        ) from None
    if document is not None:
        from zhengzhi.files.services import attach_files

        attach_files([document.pk], value, user=user, purpose="proof")
    record(
        "standards.value.corrected" if current else "standards.value.entered",
        actor=user,
        obj=value,
        unit_id=unit.pk,
        request=request,
        data={
            "measure": measure.code,
            "period": period.isoformat(),
            "value": str(value.value),
            "replaces": current.pk if current else None,
            "document": str(doc.pk) if doc else None,
        },
    )
    return value


def _locked(value_id: int) -> IndicatorValue:
    value = IndicatorValue.objects.select_for_update().filter(pk=value_id).first()
    if value is None or not value.current:
        raise StandardsError(_("This value has been corrected since; reload."), code="stale")
    return value


@transaction.atomic
def confirm_value(user, value_id: int, *, request=None, now=None) -> IndicatorValue:
    if not is_office(user):
        raise PermissionDenied
    value = _locked(value_id)
    if value.status == ValueStatus.CONFIRMED:
        return value
    value.status = ValueStatus.CONFIRMED
    value.confirmed_by, value.confirmed_at = user, now or timezone.now()
    value.return_reason = ""
    value.save(update_fields=["status", "confirmed_by", "confirmed_at", "return_reason"])
    record(
        "standards.value.confirmed",
        actor=user,
        obj=value,
        request=request,
        data={"value": str(value.value)},
    )
    return value


@transaction.atomic
def return_value(user, value_id: int, reason: str, *, request=None) -> IndicatorValue:
    if not is_office(user):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise StandardsError(_("Say why the value is returned."), code="reason")
    value = _locked(value_id)
    if value.status == ValueStatus.CONFIRMED:
        raise StandardsError(_("A confirmed value is corrected, not returned."), code="status")
    value.status, value.return_reason = ValueStatus.RETURNED, reason[:200]
    value.save(update_fields=["status", "return_reason"])
    record(
        "standards.value.returned",
        actor=user,
        obj=value,
        request=request,
        data={"reason": reason[:200]},
    )
    return value


@transaction.atomic
def record_fact(
    measure: Measure,
    unit: Unit,
    period: dt.date,
    number: Decimal,
    source: str,
    *,
    actor=None,
    note: str = "",
    now: dt.datetime | None = None,
) -> IndicatorValue:
    """A value the platform measured itself (facts, not typed): it replaces the current row of
    its period if the figure changed, confirmed at once (nobody typed it)."""
    now = now or timezone.now()
    period = period_start(measure, period)
    number = number.quantize(Decimal("0.0001"))
    current = (
        IndicatorValue.objects.select_for_update()
        .filter(measure=measure, unit=unit, period=period, current=True)
        .first()
    )
    if current is not None and current.number == number and current.source == source:
        return current
    if current is not None:
        current.current = False
        current.save(update_fields=["current"])
    value = IndicatorValue.objects.create(
        measure=measure,
        unit=unit,
        period=period,
        number=number,
        note=note[:300],
        source=source,
        status=ValueStatus.CONFIRMED,
        replaces=current,
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
        entered_at=now,
        confirmed_by=actor if getattr(actor, "is_authenticated", False) else None,
        confirmed_at=now,
    )
    record(
        "standards.value.filled",
        actor=actor,
        obj=value,
        unit_id=unit.pk,
        data={
            "measure": measure.code,
            "period": period.isoformat(),
            "value": str(number),
            "source": source,
        },
    )
    return value
