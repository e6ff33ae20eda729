"""What the registry's views share."""

from __future__ import annotations

from django.db.models import QuerySet

from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
from zhengzhi.org.scope import scope_for
from zhengzhi.sites.scope import can_change_sites, supervised_kind_ids
from zhengzhi.territory import basemap


def filter_units(user) -> list[tuple[int, str, int]]:
    """(id, name, depth) of the streets and communities the user sees, in tree order."""
    qs: QuerySet = Unit.objects.filter(
        kind=UnitKind.TERRITORY,
        level__in=[TerritoryLevel.STREET, TerritoryLevel.COMMUNITY],
        is_active=True,
    )
    if not supervised_kind_ids(user):  # a department filters its kinds across the county
        qs = scope_for(user).filter(qs, field="id")
    qs = qs.order_by("path")
    return list(qs.values_list("id", "name", "depth"))


def may_change(user) -> bool:
    return can_change_sites(user)


def map_config(**extra) -> dict:
    return {"basemap": basemap.map_settings(), **extra}
