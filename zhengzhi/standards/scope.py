"""Who sees and fills which indicators, values and gap pages.

The standards themselves (versions, their tree and rules) are reference data every signed-in user
may read. Measures and values are scoped: the office and leaders (whose scope is every unit) see
all; a unit sees the measures its departments lead and the values of those measures or of its own
units, and fills only those measures. Only the office changes rules, confirms values and ties a
campaign to a standard. Anything else is "not found".
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from zhengzhi.core.roles import Role
from zhengzhi.org.scope import scope_for
from zhengzhi.standards.models import IndicatorValue, Measure


def is_office(user) -> bool:
    """Changes rules and confirms values: the office's writers (administrators, its leaders,
    dispatchers), as for campaigns."""
    scope = scope_for(user)
    if not (scope.can_write and scope.all_units):
        return False
    if user.is_superuser or user.has_role(Role.OFFICE_ADMIN):
        return True
    return user.has_role(Role.UNIT_LEADER, Role.DISPATCHER, Role.SHIFT_LEADER)


def visible_measures(user) -> QuerySet[Measure]:
    scope = scope_for(user)
    qs = Measure.objects.all()
    if scope.all_units:
        return qs
    return qs.filter(lead_department__in=scope.unit_ids)


def fillable_measures(user) -> QuerySet[Measure]:
    scope = scope_for(user)
    if not scope.can_write:
        return Measure.objects.none()
    return visible_measures(user).filter(fact="")


def visible_values(user) -> QuerySet[IndicatorValue]:
    scope = scope_for(user)
    qs = IndicatorValue.objects.all()
    if scope.all_units:
        return qs
    ids = scope.unit_ids
    return qs.filter(Q(unit__in=ids) | Q(measure__lead_department__in=ids))


def get_value_for_user(user, pk: int) -> IndicatorValue:
    try:
        return visible_values(user).select_related("measure", "unit", "document").get(pk=pk)
    except IndicatorValue.DoesNotExist:
        raise Http404 from None


def get_measure_for_user(user, pk: int) -> Measure:
    try:
        return visible_measures(user).get(pk=pk)
    except Measure.DoesNotExist:
        raise Http404 from None


def can_fill(user, measure: Measure, unit_id: int) -> bool:
    scope = scope_for(user)
    if not scope.can_write or measure.fact:
        return False
    if scope.all_units:
        return True
    return measure.lead_department_id in scope.unit_ids and unit_id in scope.unit_ids


def register_file_rules() -> None:
    """A value's proving document is seen by whoever sees the value (its unit, the department
    that leads the measure, the office), not by the unit rule alone."""
    from zhengzhi.files.scope import register_access_check

    def value_document(user, stored) -> bool:
        return visible_values(user).filter(pk=stored.owner_id).exists()

    register_access_check("standards.indicatorvalue", value_document, replaces_unit_rule=True)
