"""Supervision groups (督导组): the groups, and one group's page — members, areas, powers, and
the joint and open inspection plans its members run in its areas with their latest visits (the
inspections app records them; this only reads). A unit's leaders find the groups covering their
unit. The office manages the groups on its settings pages (settings_views)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from zhengzhi.accountability.models import SupervisionGroup
from zhengzhi.accountability.scope import is_office
from zhengzhi.org.scope import scope_for

PLAN_KINDS = ("joint", "open")


def visible_groups(user):
    qs = SupervisionGroup.objects.filter(is_active=True)
    scope = scope_for(user)
    if scope.all_units:
        return qs
    # A group covering the unit's street covers the unit too.
    units = set(scope.unit_ids)
    if getattr(user, "unit", None) is not None:
        from zhengzhi.org.models import Unit

        units |= {a.pk for a in Unit.objects.get_ancestors(user.unit)}
    return qs.filter(areas__in=units).distinct()


@login_required
def groups(request):
    rows = list(visible_groups(request.user).prefetch_related("areas", "members"))
    return render(
        request, "accountability/groups.html", {"groups": rows, "office": is_office(request.user)}
    )


@login_required
def group(request, pk: int):
    from zhengzhi.inspections.models import Plan, Visit

    g = visible_groups(request.user).filter(pk=pk).first()
    if g is None:
        raise Http404
    areas = list(g.areas.all())
    members = list(g.members.all())
    plans = list(
        Plan.objects.filter(kind__in=PLAN_KINDS, team__in=members, units__in=areas)
        .distinct()
        .order_by("-pk")[:50]
    )
    visits = Visit.objects.filter(plan__in=plans, status="submitted")
    scope = scope_for(request.user)
    if not scope.all_units:  # a unit reads its own visits only, not its neighbours'
        visits = visits.filter(unit__in=scope.unit_ids)
    visits = list(visits.select_related("unit").order_by("-submitted_at")[:50])
    return render(
        request,
        "accountability/group.html",
        {"group": g, "areas": areas, "members": members, "plans": plans, "visits": visits},
    )
