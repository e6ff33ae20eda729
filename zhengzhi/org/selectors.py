"""Reading units for lists (pages and API); callers pass a queryset already in scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhengzhi.org.models import Unit


def filter_units(qs: QuerySet[Unit], data: dict) -> QuerySet[Unit]:
    if data.get("q"):
        q = data["q"]
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(division_code__startswith=q))
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("level"):
        qs = qs.filter(level=data["level"])
    if data.get("active") in ("0", "1"):
        qs = qs.filter(is_active=data["active"] == "1")
    return qs
