"""Reading the audit log: filters and keyset pagination (the log grows without end)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhengzhi.audit.models import AuditEvent
from zhengzhi.core.validators import DATE_MAX, DATE_MIN

PAGE_SIZE = 50


def filtered_events(data: dict) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.all()
    if data.get("action"):
        qs = qs.filter(action__startswith=data["action"])
    if data.get("actor"):
        qs = qs.filter(actor_label__icontains=data["actor"])
    if data.get("object_type"):
        qs = qs.filter(object_type=data["object_type"])
    if data.get("q"):
        q = data["q"]
        qs = qs.filter(Q(object_repr__icontains=q) | Q(object_id=q) | Q(action__icontains=q))
    tz = timezone.get_current_timezone()
    # The forms and the API refuse dates outside DATE_MIN..DATE_MAX; past those edges a bound
    # would overflow (year 0 in UTC, the day after 9999-12-31) and means "no bound" anyway.
    since, until = data.get("since"), data.get("until")
    if since and since > DATE_MIN:
        qs = qs.filter(at__gte=dt.datetime.combine(since, dt.time.min, tzinfo=tz))
    if until and until < DATE_MAX:
        qs = qs.filter(
            at__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        )
    return qs


def page_of(qs: QuerySet[AuditEvent], before: int | None) -> tuple[list[AuditEvent], int | None]:
    """Newest first; `before` is the seq the previous page ended at."""
    if before:
        qs = qs.filter(seq__lt=before)
    rows = list(qs.order_by("-seq")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, (rows[-1].seq if more and rows else None)
