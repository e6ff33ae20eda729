"""Reading users for lists (pages and API), always starting from the viewer's scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhengzhi.accounts.models import User
from zhengzhi.accounts.scope import visible_users


def filter_users(viewer, data: dict) -> QuerySet[User]:
    """`data`: q (text), unit (a Unit in the viewer's scope: it and the units below), role,
    active ("1"/"0" or True/False)."""
    qs = visible_users(viewer)
    if data.get("q"):
        q = data["q"]
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(phone__icontains=q))
    if data.get("unit") is not None:
        qs = qs.filter(unit__path__startswith=data["unit"].path)
    if data.get("role"):
        qs = qs.filter(roles__role=data["role"])
    active = data.get("active")
    if active in ("1", "0", True, False):
        qs = qs.filter(is_active=active in ("1", True))
    return qs.select_related("unit").prefetch_related("roles").order_by("unit__path", "username")
