"""The campaign list, the campaign page, its tasks, documents, pledges and status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from zhengzhi.campaigns.forms import DocumentForm, SignForm
from zhengzhi.campaigns.links import campaign_links
from zhengzhi.campaigns.models import (
    Campaign,
    CampaignProblem,
    CampaignStatus,
    DocumentKind,
    Pledge,
    PledgeStatus,
    ProgressReport,
)
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


def _documents(campaign: Campaign) -> list[tuple[StoredFile, str]]:
    """The campaign's documents with the name of their kind (stored as the file's purpose)."""
    ct = ContentType.objects.get_for_model(Campaign)
    kinds = dict(DocumentKind.choices)
    files = StoredFile.objects.filter(owner_type=ct, owner_id=campaign.pk).order_by("created_at")
    return [(f, str(kinds.get(f.purpose, f.purpose))) for f in files]


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
            "ledger_url": _ledger_url(campaign),
            # A campaign under way takes problems found in it (the record form preselects it).
            "can_record": campaign.status == CampaignStatus.ACTIVE
            and scope_for(user).can_write
            and recordable_campaigns(user).filter(pk=campaign.pk).exists(),
            "indicators": indicators,
            "extra_links": campaign_links(user, campaign),
            "my_assignments": list(
                visible_assignments(user).filter(task__campaign=campaign, unit__in=_my_units(user))
            ),
        },
    )


def _ledger_url(campaign: Campaign) -> str:
    """The campaign's problems in the ledger as the campaign page counts them: without the
    duplicates merged into another problem."""
    from zhengzhi.ledger.models import Status

    statuses = ",".join(s for s in Status.values if s != Status.MERGED)
    return reverse("ledger:list") + f"?campaign={campaign.pk}&status={statuses}"


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
        mine = CampaignProblem.objects.filter(campaign=campaign).values("problem_id")
        rows = unit_indicators(campaign.starts_on, end, problem_ids=mine)
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
    bound: SignForm | None = None  # a refused signature, shown again beside its pledge
    if request.method == "POST":
        require_manage(user)
        action = request.POST.get("action")
        pledge_id = int(request.POST.get("pledge") or 0) if action != "draw_up" else 0
        try:
            if action == "draw_up":
                _draw_up(request, campaign)
            elif action == "redraw":
                pledge_services.redraw_pledge(campaign.pk, pledge_id, actor=user, request=request)
                messages.success(request, _("A new version of the pledge is drawn up to sign."))
            else:
                bound = SignForm(request.POST, request.FILES, pledge_id=pledge_id)
                if bound.is_valid():
                    pledge_services.sign_pledge(
                        campaign.pk,
                        pledge_id,
                        actor=user,
                        signatory=bound.cleaned_data["signatory"],
                        signed_on=bound.cleaned_data["signed_on"],
                        upload=bound.cleaned_data["file"],
                        request=request,
                    )
                    messages.success(request, _("The pledge is signed."))
                    bound = None
        except (CampaignError, ValueError) as exc:
            message = getattr(exc, "message", str(exc))
            if bound is not None and getattr(exc, "field", None) in bound.fields:
                bound.add_error(exc.field, message)
            else:
                bound = None
                messages.error(request, message)
        if bound is None:
            return redirect("campaigns:pledges", pk=campaign.pk)
    return _pledges_page(request, campaign, bound)


def _draw_up(request, campaign: Campaign) -> None:
    n = pledge_services.draw_up_pledges(campaign.pk, actor=request.user, request=request)
    messages.success(request, _("%(n)d pledges drawn up or brought up to date.") % {"n": n})
    outdated = len(pledge_services.outdated_pledges(campaign.pk))
    if outdated:
        messages.warning(
            request,
            ngettext(
                "%(n)d signed pledge differs from the current targets: it stays as signed "
                "until you re-draw it below.",
                "%(n)d signed pledges differ from the current targets: they stay as signed "
                "until you re-draw them below.",
                outdated,
            )
            % {"n": outdated},
        )


def _pledges_page(request, campaign: Campaign, bound: SignForm | None):
    user = request.user
    manage = can_manage(user)
    qs = scope_for(user).filter(Pledge.objects.filter(campaign=campaign), field="unit")
    every = list(qs.select_related("unit"))
    ct = ContentType.objects.get_for_model(Pledge)
    files = {}
    for f in StoredFile.objects.filter(owner_type=ct, owner_id__in=[p.pk for p in every]):
        files[f.owner_id] = f
    history: dict[int, list] = {}
    for p in every:
        if not p.is_current:
            history.setdefault(p.unit_id, []).append((p, files.get(p.pk)))
    outdated = pledge_services.outdated_pledges(campaign.pk)
    rows = []
    for p in every:
        if not p.is_current:
            continue
        form = None
        if manage and p.status == PledgeStatus.DRAFT:
            if bound is not None and bound.auto_id == f"id_p{p.pk}_%s":
                form = bound
            else:
                form = SignForm(initial={"signed_on": timezone.localdate()}, pledge_id=p.pk)
        rows.append(
            {
                "pledge": p,
                "doc": files.get(p.pk),
                "form": form,
                "changes": outdated.get(p.pk, []),
                "history": history.get(p.unit_id, []),
            }
        )
    return render(
        request,
        "campaigns/pledges.html",
        {
            "campaign": campaign,
            "rows": rows,
            "can_manage": manage,
            "outdated": len(outdated),
        },
    )
