"""Who sees what of inspections.

The office (and leaders) see everything. A unit sees the plans it runs (a self or peer
inspection) and the visits to its places — except a covert plan, its visits and findings, which
the inspected units do not see until the office releases them. An inspector sees the visits
assigned to them. Another unit's plan or visit is "not found" on every page, answer and export.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from zhengzhi.core.roles import Role
from zhengzhi.inspections.models import COVERT_KINDS, Plan, Visit
from zhengzhi.org.scope import scope_for

# A visit the inspected unit may see: not covert, or its plan released.
NOT_HIDDEN = Q(covert=False) | Q(plan__released_at__isnull=False)


def visit_filter(user) -> Q | None:
    """The condition on Visit; None: every visit."""
    scope = scope_for(user)
    if scope.all_units:
        return None
    if not user.is_authenticated:
        return Q(pk__in=[])
    ids = scope.unit_ids
    return (
        (Q(unit__in=ids) & NOT_HIDDEN)
        | Q(plan__unit__in=ids, plan__kind__in=RUN_BY_UNITS)
        | Q(inspector=user)
    )


# Kinds a unit runs itself (its own checks, the 查一补三 rechecks it owes): it sees their
# visits wherever they go.
RUN_BY_UNITS = ("self", "peer", "recheck")


def visible_visits(user, qs: QuerySet[Visit] | None = None) -> QuerySet[Visit]:
    qs = Visit.objects.all() if qs is None else qs
    cond = visit_filter(user)
    return qs if cond is None else qs.filter(cond)


def visible_plans(user, qs: QuerySet[Plan] | None = None) -> QuerySet[Plan]:
    qs = Plan.objects.all() if qs is None else qs
    scope = scope_for(user)
    if scope.all_units:
        return qs
    if not user.is_authenticated:
        return qs.none()
    ids = scope.unit_ids
    open_to_units = ~Q(kind__in=COVERT_KINDS) | Q(released_at__isnull=False)
    inspected = Q(units__in=ids) & open_to_units
    return qs.filter(
        Q(pk__in=Plan.objects.filter(inspected).values("pk"))
        | Q(unit__in=ids, kind__in=RUN_BY_UNITS)
        | Q(pk__in=Visit.objects.filter(inspector=user).values("plan_id"))
    )


def get_visit_for_user(user, pk, qs: QuerySet[Visit] | None = None) -> Visit:
    try:
        return visible_visits(user, qs).get(pk=pk)
    except (Visit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_plan_for_user(user, pk, qs: QuerySet[Plan] | None = None) -> Plan:
    try:
        return visible_plans(user, qs).get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def is_office(user) -> bool:
    scope = scope_for(user)
    return scope.all_units and scope.can_write


def can_release(user) -> bool:
    """The office's administrator or leader releases a covert plan's findings."""
    return is_office(user) and user.has_role(Role.OFFICE_ADMIN, Role.UNIT_LEADER)


def can_plan(user) -> bool:
    """The office plans inspections; a unit plans its own self-inspections."""
    scope = scope_for(user)
    return scope.can_write and (scope.all_units or user.has_role(Role.UNIT_LEADER))


def can_fill(user, visit: Visit) -> bool:
    """The assigned inspector fills a visit; the office may fill any (a team member's phone
    lost); a recheck nobody is assigned to is filled by the unit that owes it (查一补三);
    nobody fills one submitted or cancelled."""
    scope = scope_for(user)
    if not scope.can_write or visit.status != "planned":
        return False
    plan = visit.plan
    owed = plan is not None and plan.kind == "recheck" and plan.unit_id in scope.unit_ids
    if visit.inspector_id is None and owed:
        return True
    return visit.inspector_id == user.pk or (scope.all_units and user.has_role(Role.INSPECTOR))


def register_file_rules() -> None:
    """A photo kept on a visit (a failure linked to a problem already open) is seen by whoever
    sees the visit."""
    from zhengzhi.files.scope import register_access_check

    def visit_photo(user, stored) -> bool:
        return visible_visits(user).filter(pk=stored.owner_id).exists()

    register_access_check("inspections.visit", visit_photo, replaces_unit_rule=True)
