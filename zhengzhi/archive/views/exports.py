"""The archive's exports: the decomposition table at once (it is small: one row per item), the
zip, the album and the technical reports as background jobs whose progress the page shows; only
their maker downloads them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zhengzhi.archive.export_kind import EXPORT_JOB, FORMATS, valid
from zhengzhi.archive.scope import get_campaign_for_user, visible_duties
from zhengzhi.jobs import exports as job_exports
from zhengzhi.jobs.exports import ExportRefused
from zhengzhi.jobs.views import download as download_file
from zhengzhi.jobs.views import export_now
from zhengzhi.standards.models import Category

LIST_SIZE = 30


def _params(campaign, what: str, fmt: str, category=None) -> dict:
    params = {
        "campaign_id": campaign.pk,
        "campaign_name": campaign.name,
        "what": what,
        "fmt": fmt,
        "at": timezone.now().isoformat(),
    }
    if category is not None:
        params.update(category_id=category.pk, category_name=category.name)
    return params


@login_required
@require_GET
def table_export(request, pk: int, fmt: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk)
    if fmt not in FORMATS["table"]:
        raise Http404
    try:
        return export_now(
            request,
            EXPORT_JOB,
            _params(campaign, "table", fmt),
            audit_obj=campaign,
            audit_data={"what": "table", "format": fmt},
        )
    except ExportRefused as exc:
        messages.error(request, str(exc))
        return redirect("archive:table", pk=campaign.pk)


def _categories(user, campaign):
    return Category.objects.filter(
        pk__in=visible_duties(user, campaign).values("item__category")
    ).order_by("position", "pk")


@login_required
@require_GET
def export_page(request, pk: int):
    campaign = get_campaign_for_user(request.user, pk)
    jobs = job_exports.user_exports(request.user, EXPORT_JOB)[:LIST_SIZE]
    rows = [
        r
        for r in job_exports.export_rows(EXPORT_JOB, jobs)
        if r["params"].get("campaign_id") == campaign.pk
    ]
    return render(
        request,
        "archive/exports.html",
        {
            "campaign": campaign,
            "rows": rows,
            "categories": _categories(request.user, campaign),
            "polling": any(r["active"] for r in rows),
        },
    )


@login_required
@require_POST
def start(request, pk: int):
    campaign = get_campaign_for_user(request.user, pk)
    what, fmt = request.POST.get("what", ""), request.POST.get("fmt", "")
    category = None
    if what == "report":
        raw = request.POST.get("category", "")
        category = (
            _categories(request.user, campaign).filter(pk=int(raw)).first()
            if raw.isdigit()
            else None
        )
        if category is None:
            what = ""
    params = _params(campaign, what, fmt, category)
    if not valid(params):
        return HttpResponse(
            _("Choose what to export and its format."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        job_exports.start_export(
            EXPORT_JOB,
            request.user,
            params,
            request=request,
            audit_obj=campaign,
            audit_data={"what": what, "format": fmt},
        )
    except job_exports.TooManyExports as exc:
        messages.error(
            request,
            _("You have %(n)d exports waiting or running: wait until one is done.")
            % {"n": exc.limit},
        )
    else:
        messages.success(request, _("The export has started; it appears below when it is ready."))
    return redirect("archive:exports", pk=campaign.pk)


@login_required
@require_GET
def download(request, job_id: int):
    """Only the user who made an export may download it; for anyone else it does not exist."""
    return download_file(request, EXPORT_JOB, job_id)
