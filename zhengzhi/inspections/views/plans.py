"""Plans: the list, a new plan, a plan's page (its draw, its visits), making its visits and
releasing a covert plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.accounts.models import User
from zhengzhi.core.roles import Role
from zhengzhi.inspections.forms import PlanForm, PointVisitForm
from zhengzhi.inspections.models import Plan, VisitStatus, Window
from zhengzhi.inspections.scope import (
    can_plan,
    can_release,
    get_plan_for_user,
    is_office,
    visible_plans,
    visible_visits,
)
from zhengzhi.inspections.services import plans, sample
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.sites.models import SiteKind


@login_required
def plan_list(request):
    qs = (
        visible_plans(request.user)
        .select_related("unit")
        .annotate(
            n_visits=Count("visits", distinct=True),
            n_done=Count("visits", filter=Q(visits__status=VisitStatus.SUBMITTED), distinct=True),
        )
        .order_by("-starts_on", "-id")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/plans.html",
        {"page": page, "can_plan": can_plan(request.user)},
    )


def _team_users(user):
    qs = User.objects.filter(is_active=True, roles__role__in=[Role.INSPECTOR, Role.HANDLER])
    if not is_office(user):
        qs = qs.filter(unit_id=user.unit_id)
    return qs.distinct().order_by("unit_id", "username")


@login_required
def new_plan(request):
    user = request.user
    if not can_plan(user):
        raise Http404
    form = PlanForm(request.POST or None, users=_team_users(user), user=user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = plans.create_plan(
                plans.PlanInput(
                    name=d["name"],
                    kind=d["kind"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                    checklist_ids=[c.pk for c in d["checklists"]],
                    unit_ids=[u.pk for u in d["units"]],
                    grid_ids=[g.pk for g in d["grids"]],
                    site_kind_ids=[k.pk for k in d["site_kinds"]],
                    segment_ids=[s.pk for s in d["segments"]],
                    team_ids=[u.pk for u in d["team"]],
                    department_ids=[u.pk for u in d["departments"]],
                    windows=d["windows"],
                    sample_size=d["sample_size"],
                    sample_sizes=form.sample_sizes(),
                    sample_preset=d["sample_preset"],
                    seed=d["seed"],
                ),
                actor=user,
                request=request,
            )
        except InspectionError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("inspections:plan", plan.pk)
    return render(request, "inspections/plan_new.html", {"form": form})


@login_required
def plan_page(request, pk: int):
    user = request.user
    plan = get_plan_for_user(user, pk, Plan.objects.select_related("unit", "released_by"))
    visits = (
        visible_visits(user)
        .filter(plan=plan)
        .select_related("site", "segment", "unit", "inspector", "checklist_version__checklist")
        .order_by("due_on", "id")
    )
    page = Paginator(visits, 100).get_page(request.GET.get("page"))
    office = is_office(user)
    kind_names = dict(
        SiteKind.objects.filter(
            code__in=[*plan.drawn, *plan.sample_sizes, *plan.candidates]
        ).values_list("code", "name")
    )
    kind_names.update(sample.PLACE_NAMES)
    owed: dict[str, int] = {}
    for _section, label, n in owed_rows(plan):
        owed[label] = owed.get(label, 0) + n
    added = dict(
        plan.visits.filter(place_label__in=list(owed))
        .values_list("place_label")
        .annotate(n=Count("id"))
        .values_list("place_label", "n")
    )
    scales = dict(sample.SCALES)
    preset = sample.preset(plan.sample_preset) if plan.sample_preset in scales else None
    return render(
        request,
        "inspections/plan.html",
        {
            "plan": plan,
            "page": page,
            "checklists": plan.checklists.all(),
            "units": plan.units.all(),
            "team": plan.team.all(),
            "may_draw": office and plan.status == "draft",
            "may_release": plan.is_hidden and can_release(user),
            "held": len(list(plans.held_problem_ids(plan))) if office else 0,
            "sample_rows": [
                (kind_names.get(kind, kind), len(ids), len(plan.candidates.get(kind, [])))
                for kind, ids in plan.drawn.items()
            ],
            "sizes": [(kind_names.get(k, k), n) for k, n in plan.sample_sizes.items()],
            "preset": preset,
            "preset_label": scales.get(plan.sample_preset, ""),
            "owed": [(label, n, added.get(label, 0)) for label, n in owed.items()],
            "may_add_visit": plans.may_change(plan, user) and plan.status != "closed",
            "windows": [Window(w).label for w in plan.windows if w in Window.values],
            "redraw_matches": plans.redraw(plan) == plan.drawn if plan.drawn else None,
        },
    )


@login_required
@require_POST
def make_visits(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    try:
        visits = plans.make_visits(plan.pk, actor=request.user, request=request)
    except InspectionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d visits made.") % {"n": len(visits)})
    return redirect("inspections:plan", plan.pk)


@login_required
@require_POST
def release(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    try:
        _plan, n = plans.release(plan.pk, actor=request.user, request=request)
    except InspectionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Released: %(n)d problems dispatched to their units.") % {"n": n}
        )
    return redirect("inspections:plan", plan.pk)


@login_required
def add_point_visit(request, pk: int):
    """A visit to a place the registry does not hold (the technical assessment's hospitals,
    offices, newspapers ...), added to the plan by hand."""
    user = request.user
    plan = get_plan_for_user(user, pk)
    if not plans.may_change(plan, user):
        raise Http404
    form = PointVisitForm(
        request.POST or None,
        plan=plan,
        user=user,
        initial={"due_on": plan.starts_on, "unit": plan.units.values_list("pk", flat=True).first()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plans.add_point_visit(
                plan.pk,
                plans.PointVisitInput(
                    checklist_id=d["checklist"].pk,
                    address=d["address"],
                    place_label=d["place_label"],
                    unit_id=d["unit"].pk,
                    due_on=d["due_on"],
                    window=d["window"],
                    inspector_id=d["inspector"].pk if d["inspector"] else None,
                    lon=d["lon"],
                    lat=d["lat"],
                ),
                actor=user,
                request=request,
            )
        except InspectionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Visit added."))
            return redirect("inspections:plan", plan.pk)
    labels = [label for _s, label, _n in owed_rows(plan)] if plan.sample_preset else []
    return render(
        request,
        "inspections/plan_add_visit.html",
        {"plan": plan, "form": form, "labels": list(dict.fromkeys(labels))},
    )


def owed_rows(plan) -> list[tuple[str, str, int]]:
    """The preset's rows the registry holds no places for: (section, label, n) summed by label
    with what the section asks."""
    if not plan.sample_preset:
        return []
    try:
        return sample.preset(plan.sample_preset).by_hand
    except KeyError:
        return []
