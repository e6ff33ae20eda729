"""The office's own calendar days: a local holiday, or next year's adjusted working weekends
(调休) before a package release carries them. Each change is validated and audited; deadlines
already set are kept, the days count for deadlines computed afterwards."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.workcal.calendar import CACHE_KEY
from zhengzhi.workcal.models import CalendarDay

MIN_DATE, MAX_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
NOTE_MAX = CalendarDay._meta.get_field("note").max_length or 100


def day_errors(day: dt.date | None, note: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if day is None:
        errors["date"] = [_("Give a date.")]
    elif not MIN_DATE <= day <= MAX_DATE:
        errors["date"] = [
            _("Give a date from %(first)s to %(last)s.")
            % {"first": MIN_DATE.isoformat(), "last": MAX_DATE.isoformat()}
        ]
    if len(note) > NOTE_MAX:
        errors["note"] = [_("At most %(n)s characters.") % {"n": NOTE_MAX}]
    return errors


@transaction.atomic
def set_day(day: dt.date, is_workday: bool, note: str, *, actor, request=None) -> CalendarDay:
    """Adds the office's entry for a day, or changes it; the audit row holds what it was."""
    note = (note or "").strip()
    errors = day_errors(day, note)
    if errors:
        raise ValidationError(errors)
    before = CalendarDay.objects.select_for_update().filter(date=day).first()
    was = None if before is None else {"is_workday": before.is_workday, "note": before.note}
    entry, _created = CalendarDay.objects.update_or_create(
        date=day, defaults={"is_workday": is_workday, "note": note, "created_by": actor}
    )
    record(
        "calendar.set_day",
        actor=actor,
        obj=entry,
        request=request,
        data={"date": day.isoformat(), "is_workday": is_workday, "note": note, "before": was},
    )
    _forget_cached()
    return entry


def _forget_cached() -> None:
    """Pages showing working time read the calendar from the cache: drop it now, and again after
    the commit (a page read in between must not keep the old days for minutes)."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


@transaction.atomic
def remove_day(entry: CalendarDay, *, actor, request=None) -> bool:
    """Removes the office's entry; the national calendar applies to the day again. False when
    someone else removed it first."""
    current = CalendarDay.objects.select_for_update().filter(pk=entry.pk).first()
    if current is None:
        return False
    record(
        "calendar.remove_day",
        actor=actor,
        obj=current,
        request=request,
        data={
            "date": current.date.isoformat(),
            "is_workday": current.is_workday,
            "note": current.note,
        },
    )
    current.delete()
    _forget_cached()
    return True
