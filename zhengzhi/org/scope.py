"""What a user may see: their unit and the units below it; the office and leaders see all.

Every query of a unit-owned object goes through `scope_for(user).filter(...)` or a per-resource
helper built on it, so another unit's object is simply "not found".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from zhengzhi.org.models import Unit, UnitKind


@dataclass(frozen=True)
class Scope:
    all_units: bool
    unit_ids: frozenset[int]
    can_write: bool

    def allows(self, unit_id: int | None) -> bool:
        return self.all_units or (unit_id is not None and unit_id in self.unit_ids)

    def filter(self, qs: QuerySet, field: str = "unit") -> QuerySet:
        if self.all_units:
            return qs
        return qs.filter(**{f"{field}__in": self.unit_ids})

    def get(self, qs: QuerySet, field: str = "unit", **lookup):
        """One object in scope, or 404 — whether it does not exist or is someone else's."""
        try:
            return self.filter(qs, field).get(**lookup)
        except qs.model.DoesNotExist:
            raise Http404 from None


NO_SCOPE = Scope(all_units=False, unit_ids=frozenset(), can_write=False)


def scope_for(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, "_zz_scope", None)
    if cached is not None:
        return cached
    scope = _compute(user)
    user._zz_scope = scope
    return scope


def _compute(user) -> Scope:
    from zhengzhi.core.roles import Role

    roles = user.role_set
    # A leader account reads everything and changes nothing, whatever else it holds (the
    # account rules refuse to combine the role with others; this holds even if they were).
    if Role.LEADER in roles and not user.is_superuser:
        return Scope(all_units=True, unit_ids=frozenset(), can_write=False)
    if user.is_superuser or Role.OFFICE_ADMIN in roles:
        return Scope(all_units=True, unit_ids=frozenset(), can_write=True)
    unit = user.unit
    if unit is None:
        return NO_SCOPE
    if unit.kind in (UnitKind.OFFICE, UnitKind.LEADING_GROUP):
        return Scope(all_units=True, unit_ids=frozenset(), can_write=True)
    ids = frozenset(Unit.objects.filter(path__startswith=unit.path).values_list("id", flat=True))
    return Scope(all_units=False, unit_ids=ids, can_write=True)


def visible_units(user) -> QuerySet[Unit]:
    return scope_for(user).filter(Unit.objects.all(), field="id")


def get_unit_for_user(user, pk: int) -> Unit:
    return scope_for(user).get(Unit.objects.all(), field="id", pk=pk)
