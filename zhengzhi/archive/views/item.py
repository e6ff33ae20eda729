"""An item's page: its owner, its tasks' progress, its open problems and its evidence; the
office assigns the row and declares what evidence it needs there."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.archive import providers
from zhengzhi.archive.completeness import completeness
from zhengzhi.archive.forms import AssignForm, RequirementForm, ReturnForm
from zhengzhi.archive.scope import (
    fillable_units,
    get_duty_for_user,
    is_office,
    own_units,
    visible_evidence,
    visible_requirements,
)
from zhengzhi.archive.services import evidence as evidence_services
from zhengzhi.archive.services import table as table_services
from zhengzhi.archive.services.errors import ArchiveError
from zhengzhi.archive.services.table import cycle_years
from zhengzhi.campaigns.models import ProgressReport, Task
from zhengzhi.ledger.models import OPEN_STATUSES
from zhengzhi.ledger.scope import visible_problems
from zhengzhi.org.scope import visible_units

OPEN_PROBLEMS = 20


def task_progress(tasks: list[Task]) -> list[tuple[Task, object, int | None]]:
    """Each task with the sum of its units' latest reported figures and the share of its
    target, from one query of current reports."""
    latest: dict[tuple[int, int], object] = {}
    reports = (
        ProgressReport.objects.filter(task__in=tasks, is_current=True)
        .order_by("task_id", "unit_id", "-period", "-slot")
        .values_list("task_id", "unit_id", "figure")
    )
    for task_id, unit_id, figure in reports:
        latest.setdefault((task_id, unit_id), figure)
    done: dict[int, object] = defaultdict(int)
    for (task_id, _unit), figure in latest.items():
        done[task_id] += figure  # type: ignore[operator]
    out = []
    for task in tasks:
        figure = done.get(task.pk)
        percent = int(figure * 100 / task.target) if figure is not None and task.target else None  # type: ignore[operator]
        out.append((task, figure, percent))
    return out


@login_required
def duty_detail(request, pk: int):
    duty = get_duty_for_user(request.user, pk)
    user = request.user
    office = is_office(user)
    years = cycle_years(duty.campaign, timezone.localdate())
    tasks = list(duty.tasks.select_related("lead_unit").order_by("order", "pk"))
    fillable = fillable_units(user, duty)
    supporting = list(duty.supporting_units.order_by("code", "pk"))
    requirements, problems, done = [], [], None
    if duty.item_id:
        reqs = list(
            visible_requirements(user, duty.campaign)
            .filter(item=duty.item)
            .select_related("checkpoint")
        )
        pieces = defaultdict(list)
        for piece in (
            visible_evidence(user)
            .filter(requirement__in=reqs)
            .select_related("unit", "file")
            .order_by("-year", "unit__name", "pk")
        ):
            pieces[piece.requirement_id].append(piece)
        done = completeness(duty.campaign, years, units=own_units(user))
        requirements = [(r, pieces[r.pk], done.by_requirement.get(r.pk)) for r in reqs]
        mapped = list(duty.item.problem_categories.values_list("pk", flat=True))
        problems = list(
            visible_problems(user)
            .filter(Q(category__in=mapped) | Q(main_category__in=mapped))
            .filter(status__in=OPEN_STATUSES)
            .select_related("category", "owner_unit")
            .order_by("due_at", "pk")[:OPEN_PROBLEMS]
        )
    context = {
        "duty": duty,
        "campaign": duty.campaign,
        "supporting": supporting,
        "tasks": task_progress(tasks),
        "problems": problems,
        "requirements": requirements,
        "item_counts": done.by_item.get(duty.item_id) if done else None,
        "years": years,
        "is_office": office,
        "can_file": bool(fillable),
        "lead_can_file": duty.lead_unit_id in fillable,
        "return_form": ReturnForm(),
    }
    if office:
        units = visible_units(user).filter(is_active=True).order_by("path")
        context["assign_form"] = AssignForm(
            initial={
                "lead_unit": duty.lead_unit_id,
                "supporting_units": [u.pk for u in supporting],
                "tasks": [t.pk for t in tasks],
                "note": duty.note,
                "version": duty.version,
            },
            units=units,
            tasks=Task.objects.filter(campaign=duty.campaign).order_by("order", "pk"),
        )
        context["requirement_form"] = RequirementForm(sources=providers.choices())
    return render(request, "archive/duty.html", context)


@login_required
@require_POST
def duty_assign(request, pk: int):
    duty = get_duty_for_user(request.user, pk)
    if not is_office(request.user):
        raise Http404
    units = visible_units(request.user).filter(is_active=True)
    form = AssignForm(request.POST, units=units, tasks=Task.objects.filter(campaign=duty.campaign))
    if not form.is_valid():
        messages.error(request, _("Check the units and tasks chosen."))
        return redirect("archive:duty", pk=duty.pk)
    data = form.cleaned_data
    try:
        table_services.assign(
            request.user,
            duty.pk,
            lead_unit=data["lead_unit"],
            supporting_units=data["supporting_units"],
            tasks=data["tasks"],
            note=data["note"],
            version=data["version"],
            request=request,
        )
    except ArchiveError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Owner and tasks saved."))
    return redirect("archive:duty", pk=duty.pk)


@login_required
@require_POST
def requirement_add(request, pk: int):
    duty = get_duty_for_user(request.user, pk)
    if not is_office(request.user) or not duty.item_id:
        raise Http404
    form = RequirementForm(request.POST, sources=providers.choices())
    if not form.is_valid():
        messages.error(request, _("Check what evidence is needed and how many."))
        return redirect("archive:duty", pk=duty.pk)
    try:
        evidence_services.declare(
            request.user, duty.campaign, duty.item, request=request, **form.cleaned_data
        )
    except ArchiveError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Evidence requirement added."))
    return redirect("archive:duty", pk=duty.pk)


def _review(request, pk: int, action):
    piece = visible_evidence(request.user).filter(pk=pk).select_related("requirement").first()
    if piece is None or not is_office(request.user):
        raise Http404
    duty = (
        piece.requirement.campaign_id,
        piece.requirement.item_id,
    )
    try:
        action(piece)
    except ArchiveError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        raise Http404 from None
    from zhengzhi.archive.models import Duty

    target = Duty.objects.filter(campaign_id=duty[0], item_id=duty[1]).values_list("pk", flat=True)
    return redirect("archive:duty", pk=target.first())


@login_required
@require_POST
def evidence_accept(request, pk: int):
    def act(piece):
        evidence_services.accept(request.user, piece.pk, request=request)
        messages.success(request, _("Evidence accepted."))

    return _review(request, pk, act)


@login_required
@require_POST
def evidence_return(request, pk: int):
    form = ReturnForm(request.POST)

    def act(piece):
        if not form.is_valid():
            raise ArchiveError(_("Say why the evidence is returned."))
        evidence_services.return_(
            request.user, piece.pk, form.cleaned_data["reason"], request=request
        )
        messages.success(request, _("Evidence returned to the unit."))

    return _review(request, pk, act)
