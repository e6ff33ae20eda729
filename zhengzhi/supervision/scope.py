"""Who sees and changes what of supervision.

- The office's writers (standards.scope.is_office: administrators, its unit leaders,
  dispatchers) configure series and review dates, draft, edit and issue editions.
- Whoever sees every unit (the office, leaders) reads drafts and issued editions and the full
  dashboard.
- Every other signed-in user reads the issued editions (they go to every unit) and, as a unit
  leader, the dashboard of their own units; a draft is "not found" to them.
- A unit's mentions and history are seen by the unit (and the units above it) only.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from zhengzhi.core.roles import Role
from zhengzhi.org.scope import scope_for
from zhengzhi.standards.scope import is_office
from zhengzhi.supervision.models import Edition, EditionStatus, Mention, Series

__all__ = ["is_office"]

DASHBOARD_ROLES = (Role.OFFICE_ADMIN, Role.LEADER, Role.SHIFT_LEADER, Role.DISPATCHER)


def sees_everything(user) -> bool:
    return scope_for(user).all_units


def full_dashboard(user) -> bool:
    """The leaders' and the office's dashboard (every unit)."""
    return sees_everything(user) and (
        user.is_superuser or user.has_role(*DASHBOARD_ROLES, Role.UNIT_LEADER)
    )


def unit_dashboard(user) -> bool:
    """A unit leader's dashboard, limited to the units in their scope."""
    scope = scope_for(user)
    return not scope.all_units and bool(scope.unit_ids) and user.has_role(Role.UNIT_LEADER)


def visible_editions(user) -> QuerySet[Edition]:
    qs = Edition.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if sees_everything(user):
        return qs
    return qs.filter(status=EditionStatus.ISSUED)


def get_edition_for_user(user, pk: int) -> Edition:
    try:
        return visible_editions(user).select_related("series__campaign").get(pk=pk)
    except Edition.DoesNotExist:
        raise Http404 from None


def get_series_for_office(user, pk: int) -> Series:
    if not is_office(user):
        raise Http404
    try:
        return Series.objects.select_related("campaign").get(pk=pk)
    except Series.DoesNotExist:
        raise Http404 from None


def visible_mentions(user) -> QuerySet[Mention]:
    scope = scope_for(user)
    qs = Mention.objects.filter(edition__status=EditionStatus.ISSUED)
    if scope.all_units:
        return qs
    return qs.filter(unit__in=scope.unit_ids)
