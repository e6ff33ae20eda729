from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhengzhi.audit.services import record
from zhengzhi.workcal.models import CalendarDay


@transaction.atomic
def set_day(day: dt.date, is_workday: bool, note: str, *, actor, request=None) -> CalendarDay:
    entry, _ = CalendarDay.objects.update_or_create(
        date=day, defaults={"is_workday": is_workday, "note": note, "created_by": actor}
    )
    record(
        "calendar.set_day",
        actor=actor,
        obj=entry,
        request=request,
        data={"date": day.isoformat(), "is_workday": is_workday, "note": note},
    )
    return entry


@transaction.atomic
def remove_day(entry: CalendarDay, *, actor, request=None) -> None:
    record(
        "calendar.remove_day",
        actor=actor,
        obj=entry,
        request=request,
        data={"date": entry.date.isoformat()},
    )
    entry.delete()
