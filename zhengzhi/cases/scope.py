"""Who sees a case: the handling unit (and the units above it in its line) and the office read
and change it; a body it was transferred to (a police sub-bureau's account) reads it; the
territorial unit of its site sees only its type, date and state (on the site's timeline);
citizens never. Another unit's case is "not found" on every page, answer and export."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from zhengzhi.cases.models import Case, CaseTransfer
from zhengzhi.org.scope import scope_for


def case_filter(user, prefix: str = "") -> Q | None:
    """The condition on Case for full reading; None when the user reads every case. With a
    prefix ("case__"), the same condition on a model that points to the case."""
    scope = scope_for(user)
    if scope.all_units:
        return None
    if not scope.unit_ids:
        return Q(**{f"{prefix}pk__in": []})
    received = CaseTransfer.objects.filter(receiving_unit__in=scope.unit_ids).values("case_id")
    return Q(**{f"{prefix}handling_unit__in": scope.unit_ids}) | Q(**{f"{prefix}pk__in": received})


def visible_cases(user, qs: QuerySet | None = None) -> QuerySet:
    qs = Case.objects.all() if qs is None else qs
    cond = case_filter(user)
    return qs if cond is None else qs.filter(cond)


def glimpsed_cases(user, qs: QuerySet | None = None) -> QuerySet:
    """Cases the user sees only as type, date and state: those at sites of their territory
    that they may not read in full."""
    qs = Case.objects.all() if qs is None else qs
    scope = scope_for(user)
    if scope.all_units or not scope.unit_ids:
        return qs.none()
    cond = case_filter(user)
    return qs.filter(site__owner_unit__in=scope.unit_ids).exclude(cond)


def get_case_for_user(user, pk: int, qs: QuerySet | None = None) -> Case:
    try:
        return visible_cases(user, qs).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_change(user, case: Case) -> bool:
    """The handling unit's line and the office change a case; a receiving body only reads."""
    scope = scope_for(user)
    return scope.can_write and scope.allows(case.handling_unit_id)


def can_file(user) -> bool:
    """Enforcement bodies file cases: the office, and departments (烟草专卖局, 市场监管局 …)."""
    from zhengzhi.org.models import UnitKind

    scope = scope_for(user)
    if not scope.can_write:
        return False
    if scope.all_units:  # before reading the unit: the navigation asks on every page
        return True
    unit = getattr(user, "unit", None)
    return unit is not None and unit.kind == UnitKind.DEPARTMENT


def may_read_cases(user) -> bool:
    """Whether the case pages exist for the user at all: anyone with a unit or the office (a
    unit without cases sees empty lists); citizens and unit-less accounts never."""
    scope = scope_for(user)
    return scope.all_units or bool(scope.unit_ids)


def is_office(user) -> bool:
    scope = scope_for(user)
    return scope.all_units and scope.can_write
