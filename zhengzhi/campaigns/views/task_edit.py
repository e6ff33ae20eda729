"""The office adds a task to a campaign and keeps it up to date: every field of it, the budget
spent, its reporting units with their targets, its milestones. Each page carries the task's
version: a save over a newer version keeps what was typed and shows what is saved now."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhengzhi.campaigns.forms_edit import VersionedForm, plain
from zhengzhi.campaigns.forms_task import (
    BudgetForm,
    TaskForm,
    assignment_formset,
    milestone_formset,
    new_task_initial,
    task_initial,
    units_for_task,
)
from zhengzhi.campaigns.models import Task
from zhengzhi.campaigns.scope import get_task_for_user
from zhengzhi.campaigns.services import tasks as services
from zhengzhi.campaigns.services.errors import CampaignError, Stale
from zhengzhi.campaigns.views.common import require_manage
from zhengzhi.campaigns.views.edit import campaign_to_manage
from zhengzhi.campaigns.views.edit_common import differences, refuse


def _task(request, pk: int, task_id: int) -> Task:
    require_manage(request.user)
    task = get_task_for_user(request.user, task_id)
    if task.campaign_id != pk:
        raise Http404
    prefetch_related_objects([task], "supporting_units")  # read by the form and its initial
    return task


def _fresh(task: Task) -> Task:
    return Task.objects.select_related("campaign").get(pk=task.pk)


@login_required
def task_create(request, pk: int):
    campaign = campaign_to_manage(request, pk)
    if request.method == "POST":
        form = TaskForm(request.POST, campaign=campaign)
        if form.is_valid():
            try:
                task = services.create_task(
                    campaign.pk, form.task_data(), actor=request.user, request=request
                )
            except CampaignError as exc:
                refuse(form, exc)
            else:
                messages.success(
                    request,
                    _("The task is added; its lead unit reports the whole target. Choose the "
                      "reporting units and their targets here."),
                )  # fmt: skip
                return redirect("campaigns:task_units", pk=campaign.pk, task_id=task.pk)
    else:
        form = TaskForm(initial=new_task_initial(campaign), campaign=campaign)
    return render(
        request,
        "campaigns/edit_task.html",
        {"campaign": campaign, "task": None, "form": form, "changed": None},
    )


@login_required
def task_edit(request, pk: int, task_id: int):
    task = _task(request, pk, task_id)
    campaign, changed = task.campaign, None
    if request.method == "POST":
        form = TaskForm(request.POST, campaign=campaign, task=task)
        if form.is_valid():
            try:
                services.update_task(
                    task.pk,
                    form.values(),
                    actor=request.user,
                    version=form.cleaned_data["version"],
                    request=request,
                )
            except Stale:
                current = _fresh(task)
                form.refresh_version(current.version)
                changed = differences(form, task_initial(current))
            except CampaignError as exc:
                refuse(form, exc)
            else:
                messages.success(request, _("The task is saved."))
                return redirect("campaigns:task", pk=campaign.pk, task_id=task.pk)
    else:
        form = TaskForm(initial=task_initial(task), campaign=campaign, task=task)
    return render(
        request,
        "campaigns/edit_task.html",
        {"campaign": campaign, "task": task, "form": form, "changed": changed},
    )


@login_required
def task_budget(request, pk: int, task_id: int):
    """Only the budget spent: it changes as the key project runs."""
    task = _task(request, pk, task_id)
    current = None
    if request.method == "POST":
        form = BudgetForm(request.POST)
        if form.is_valid():
            try:
                services.update_task(
                    task.pk,
                    {"budget_spent": form.cleaned_data["budget_spent"]},
                    actor=request.user,
                    version=form.cleaned_data["version"],
                    request=request,
                )
            except Stale:
                current = _fresh(task)
                form.refresh_version(current.version)
            except CampaignError as exc:
                refuse(form, exc)
            else:
                messages.success(request, _("The budget spent is saved."))
                return redirect("campaigns:task", pk=pk, task_id=task.pk)
    else:
        form = BudgetForm(
            initial={"budget_spent": plain(task.budget_spent), "version": task.version}
        )
    return render(
        request,
        "campaigns/edit_budget.html",
        {"campaign": task.campaign, "task": task, "form": form, "current": current},
    )


def _task_list_page(request, task: Task, *, make, save, template: str, extra=None):
    """A task's list edited as a whole (reporting units, milestones), with the task's version."""
    stale = False
    if request.method == "POST":
        head = VersionedForm(request.POST)
        formset = make(request.POST)
        if head.is_valid() and formset.is_valid():
            try:
                message = save(formset, head.cleaned_data["version"])
            except Stale:
                stale = True
                head.refresh_version(_fresh(task).version)
            except CampaignError as exc:
                refuse(head, exc, formset, ("units", "milestones"))
            else:
                messages.success(request, message)
                return redirect("campaigns:task", pk=task.campaign_id, task_id=task.pk)
        elif not head.is_valid():
            formset.service_errors.append(_("The page is incomplete: open it again."))
    else:
        head = VersionedForm(initial={"version": task.version})
        formset = make(None)
    context = {
        "campaign": task.campaign,
        "task": task,
        "head": head,
        "formset": formset,
        "stale": stale,
        **(extra or {}),
    }
    return render(request, template, context)


@login_required
def task_units(request, pk: int, task_id: int):
    task = _task(request, pk, task_id)
    saved = list(task.assignments.select_related("unit").annotate(n_reports=Count("reports")))
    reported = {a.unit_id: a.n_reports for a in saved if a.n_reports}
    units = units_for_task(task.campaign, {a.unit_id for a in saved})
    by_id = {u.pk: u for u in units}

    def make(data):
        formset = assignment_formset(task, units, data)
        for f in formset:
            value = f["unit"].value()
            f.reported = reported.get(int(value)) if str(value or "").isdigit() else None
        return formset

    def save(formset, version):
        services.set_assignments(
            task.pk, formset.assignments(by_id), actor=request.user, version=version,
            request=request,
        )  # fmt: skip
        total = formset.total()
        if total != task.target:
            messages.warning(
                request,
                _("The units' targets add up to %(sum)s; the task's target is %(target)s.")
                % {"sum": _figure(total), "target": _figure(task.target)},
            )
        return _("The reporting units are saved.")

    return _task_list_page(
        request,
        task,
        make=make,
        save=save,
        template="campaigns/edit_units.html",
        extra={"saved": saved, "saved_total": sum((a.target for a in saved), Decimal(0))},
    )


def _figure(value: Decimal) -> str:
    return f"{value.normalize():f}"


@login_required
def task_milestones(request, pk: int, task_id: int):
    task = _task(request, pk, task_id)

    def save(formset, version):
        services.set_milestones(
            task.pk, formset.milestones(), actor=request.user, version=version, request=request
        )
        return _("The milestones are saved.")

    return _task_list_page(
        request,
        task,
        make=lambda data: milestone_formset(task, data),
        save=save,
        template="campaigns/edit_milestones.html",
    )
