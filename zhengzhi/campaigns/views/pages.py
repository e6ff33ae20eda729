"""The campaign list, the campaign page, its tasks, documents, pledges and status."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.campaigns.forms import DocumentForm, SignForm
from zhengzhi.campaigns.models import Campaign, CampaignStatus, Pledge, ProgressReport
from zhengzhi.campaigns.scope import (
    can_manage,
    get_campaign_for_user,
    get_task_for_user,
    recordable_campaigns,
    visible_assignments,
    visible_campaigns,
)
from zhengzhi.campaigns.services import campaigns as campaign_services
from zhengzhi.campaigns.services import pledges as pledge_services
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.campaigns.sheet import build_sheet
from zhengzhi.campaigns.views.common import require_manage
from zhengzhi.files.models import StoredFile
from zhengzhi.org.scope import scope_for


@login_required
def campaign_list(request):
    qs = (
        visible_campaigns(request.user)
        .select_related("scope_unit", "office_unit")
        .annotate(task_count=Count("tasks", distinct=True))
        .order_by("-starts_on", "-id")
    )
    today = timezone.localdate()
    return render(
        request,
        "campaigns/list.html",
        {"campaigns": list(qs[:200]), "can_manage": can_manage(request.user), "today": today},
    )


def _documents(campaign: Campaign) -> list[StoredFile]:
    ct = ContentType.objects.get_for_model(Campaign)
    return list(
        StoredFile.objects.filter(owner_type=ct, owner_id=campaign.pk).order_by("created_at")
    )


@login_required
def campaign_detail(request, pk: int):
    user = request.user
    campaign = get_campaign_for_user(user, pk)
    today = timezone.localdate()
    day = min(max(today, campaign.starts_on), campaign.ends_on)
    sheet = build_sheet(campaign, day, user=user, with_series=False)
    phases = list(campaign.phases.all())
    current = next((p for p in phases if p.starts_on <= today <= p.ends_on), None)
    indicators = _indicators(campaign, user)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "sheet": sheet,
            "day": day,
            "phases": phases,
            "current_phase": current,
            "group": list(campaign.group.select_related("unit")),
            "documents": _documents(campaign),
            "categories": list(campaign.categories.order_by("code")),
            "can_manage": can_manage(user),
            "document_form": DocumentForm(),
            "ledger_url": reverse("ledger:list") + f"?campaign={campaign.pk}",
            # A campaign under way takes problems found in it (the record form preselects it).
            "can_record": campaign.status == CampaignStatus.ACTIVE
            and scope_for(user).can_write
            and recordable_campaigns(user).filter(pk=campaign.pk).exists(),
            "indicators": indicators,
            "my_assignments": list(
                visible_assignments(user).filter(task__campaign=campaign, unit__in=_my_units(user))
            ),
        },
    )


def _my_units(user):

    scope = scope_for(user)
    return [] if scope.all_units else list(scope.unit_ids)


def _indicators(campaign: Campaign, user) -> list[dict]:
    """The ledger's unit indicators over the campaign's problems and period (the office and
    leaders see every unit; a unit its own)."""
    from zhengzhi.ledger.indicators import PeriodError, unit_indicators

    end = min(campaign.ends_on, timezone.localdate())
    if end < campaign.starts_on:
        return []
    try:
        rows = unit_indicators(campaign.starts_on, end, campaign_id=campaign.pk)
    except PeriodError:
        return []
    scope = scope_for(user)
    rows = [r for r in rows if scope.allows(r["unit_id"]) and r["registered"] + r["due"] > 0]
    return sorted(rows, key=lambda r: (-r["registered"], r["unit_name"]))[:30]


@login_required
@require_POST
def campaign_status(request, pk: int):
    require_manage(request.user)
    campaign = get_campaign_for_user(request.user, pk)
    status = request.POST.get("status", "")
    try:
        campaign_services.set_status(
            campaign.pk,
            status,
            actor=request.user,
            version=int(request.POST.get("version") or 0) or None,
            request=request,
        )
        messages.success(request, _("The campaign's status is now “%(s)s”.") % {
            "s": CampaignStatus(status).label})  # fmt: skip
    except (CampaignError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    return redirect("campaigns:detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_document(request, pk: int):
    require_manage(request.user)
    campaign = get_campaign_for_user(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file and its kind."))
    else:
        try:
            campaign_services.attach_document(
                campaign.pk,
                form.cleaned_data["file"],
                form.cleaned_data["kind"],
                actor=request.user,
                request=request,
            )
            messages.success(request, _("The document is attached."))
        except CampaignError as exc:
            messages.error(request, exc.message)
    return redirect("campaigns:detail", pk=campaign.pk)


@login_required
def task_detail(request, pk: int, task_id: int):
    task = get_task_for_user(request.user, task_id)
    if task.campaign_id != pk:
        from django.http import Http404

        raise Http404
    assignments = visible_assignments(request.user).filter(task=task).select_related("unit")
    from zhengzhi.campaigns.photos import with_photos  # the reports table's thumbnails

    reports = with_photos(
        ProgressReport.objects.filter(assignment__in=assignments)
        .select_related("unit", "submitted_by", "replaces")
        .order_by("-period", "-slot", "-submitted_at")[:60]
    )
    return render(
        request,
        "campaigns/task.html",
        {
            "can_manage": can_manage(request.user),
            "campaign": task.campaign,
            "task": task,
            "milestones": list(task.milestones.all()),
            "supporting": list(task.supporting_units.all()),
            "assignments": list(assignments),
            "reports": list(reports),
        },
    )


@login_required
def pledges(request, pk: int):
    user = request.user
    campaign = get_campaign_for_user(user, pk)
    manage = can_manage(user)
    if request.method == "POST":
        require_manage(user)
        try:
            if request.POST.get("action") == "draw_up":
                n = pledge_services.draw_up_pledges(campaign.pk, actor=user, request=request)
                messages.success(
                    request, _("%(n)d pledges drawn up or brought up to date.") % {"n": n}
                )
            else:
                form = SignForm(request.POST, request.FILES)
                if not form.is_valid():
                    messages.error(request, _("Give who signed and when."))
                else:
                    pledge_services.sign_pledge(
                        int(request.POST.get("pledge") or 0),
                        actor=user,
                        signatory=form.cleaned_data["signatory"],
                        signed_on=form.cleaned_data["signed_on"],
                        upload=form.cleaned_data.get("file"),
                        request=request,
                    )
                    messages.success(request, _("The pledge is signed."))
        except (CampaignError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("campaigns:pledges", pk=campaign.pk)

    qs = scope_for(user).filter(Pledge.objects.filter(campaign=campaign), field="unit")
    rows = list(qs.select_related("unit"))
    ct = ContentType.objects.get_for_model(Pledge)
    files = {}
    for f in StoredFile.objects.filter(owner_type=ct, owner_id__in=[p.pk for p in rows]):
        files[f.owner_id] = f
    return render(
        request,
        "campaigns/pledges.html",
        {
            "campaign": campaign,
            "pledges": [(p, files.get(p.pk)) for p in rows],
            "can_manage": manage,
            "sign_form": SignForm(initial={"signed_on": dt.date.today()}),
        },
    )
