from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone

from zhengzhi.campaigns.scope import can_manage


def require_manage(user) -> None:
    if not can_manage(user):
        raise Http404


def parse_day(value: str | None) -> tuple[dt.date, str]:
    """The day asked for, or today with a note when it cannot be read."""
    today = timezone.localdate()
    if not value:
        return today, ""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return today, "bad"
    if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 1, 1):
        return today, "bad"
    return day, ""
