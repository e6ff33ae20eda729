"""Which sites a user sees: a territorial unit the sites in its territory (by owning unit), a
department the sites of the kinds it supervises across the county, the office and leaders all.
Another unit's site is "not found" on every page, answer, export and file."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from zhengzhi.org.models import Unit, UnitKind
from zhengzhi.org.scope import scope_for
from zhengzhi.sites.models import Site, SiteKind


def supervised_kind_ids(user) -> frozenset[int]:
    """The kinds supervised by the user's department or a department above it (a bureau's
    local office sees what its bureau supervises)."""
    cached = getattr(user, "_zz_site_kinds", None)
    if cached is not None:
        return cached
    unit = getattr(user, "unit", None)
    ids: frozenset[int] = frozenset()
    if unit is not None and unit.kind == UnitKind.DEPARTMENT:
        prefixes = [unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
        ids = frozenset(
            SiteKind.objects.filter(
                departments__path__in=prefixes, departments__kind=UnitKind.DEPARTMENT
            ).values_list("id", flat=True)
        )
    user._zz_site_kinds = ids
    return ids


def site_filter(user) -> Q | None:
    """The condition on Site for the user; None when they see every site."""
    scope = scope_for(user)
    if scope.all_units:
        return None
    kinds = supervised_kind_ids(user)
    cond = Q(owner_unit__in=scope.unit_ids) if scope.unit_ids else Q(pk__in=[])
    if kinds:
        cond |= Q(kind__in=kinds)
    return cond


def visible_sites(user, qs: QuerySet | None = None) -> QuerySet:
    qs = Site.objects.all() if qs is None else qs
    cond = site_filter(user)
    return qs if cond is None else qs.filter(cond)


def get_site_for_user(user, pk: int, qs: QuerySet | None = None) -> Site:
    try:
        return visible_sites(user, qs).get(pk=pk)
    except Site.DoesNotExist:
        raise Http404 from None


def registrable_kinds(user) -> QuerySet:
    """The kinds a user may register sites of: a department only those it supervises (it has
    no territory of its own), everyone else every active kind."""
    kinds = SiteKind.objects.filter(is_active=True)
    scope = scope_for(user)
    unit = getattr(user, "unit", None)
    if not scope.all_units and unit is not None and unit.kind == UnitKind.DEPARTMENT:
        kinds = kinds.filter(pk__in=supervised_kind_ids(user))
    return kinds


def can_change_sites(user) -> bool:
    return scope_for(user).can_write
