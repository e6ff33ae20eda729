"""The dispatch sheet's .xlsx and .docx exports: small sheets are written in the request, large
ones by a background job whose progress the exports page shows; only their maker downloads them.

Why DIRECT_LIMIT = 2,000 rows (a task and each of its reporting units is a row): the writers
take about 0.25 ms a row for .xlsx and 0.1 ms for .docx, and building the sheet about as much
again, so 2,000 rows answer in well under a second; a county's 6,000 rows take 2-3 s (more on a
busy server) and a larger campaign grows from there, which is too long to hold a request and
a worker of the web server.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zhengzhi.campaigns.export_kind import EXPORT_JOB, KINDS
from zhengzhi.campaigns.scope import get_campaign_for_user, visible_assignments, visible_tasks
from zhengzhi.campaigns.views.common import parse_day
from zhengzhi.jobs import exports as job_exports
from zhengzhi.jobs.exports import ExportRefused
from zhengzhi.jobs.views import download as download_file
from zhengzhi.jobs.views import export_now

DIRECT_LIMIT = 2000
LIST_SIZE = 30


def expected_rows(user, campaign) -> int:
    """The sheet's rows as the user sees them, by two counts: decides before building it."""
    tasks = visible_tasks(user, campaign).count()
    units = visible_assignments(user).filter(task__campaign=campaign).count()
    return tasks + units


def is_large(rows: int) -> bool:
    return rows > DIRECT_LIMIT


def _params(campaign, day: dt.date, kind: str) -> dict:
    return {
        "campaign_id": campaign.pk,
        "campaign_name": campaign.name,
        "day": day.isoformat(),
        "kind": kind,
        "at": timezone.now().isoformat(),
    }


def _direct(request, campaign, day: dt.date, kind: str) -> HttpResponse:
    try:
        return export_now(
            request,
            EXPORT_JOB,
            _params(campaign, day, kind),
            audit_obj=campaign,
            audit_data={"day": day.isoformat(), "format": kind},
        )
    except ExportRefused as exc:
        # The office's Word template cannot be used: said on the sheet, not a server error.
        messages.error(request, str(exc))
        query = urlencode({"day": day.isoformat()})
        return redirect(f"{reverse('campaigns:sheet', args=[campaign.pk])}?{query}")


def export_url(campaign_id: int, day: dt.date, kind: str) -> str:
    query = urlencode({"campaign": campaign_id, "day": day.isoformat(), "format": kind})
    return f"{reverse('campaigns:sheet_exports')}?{query}"


def download(request, pk: int, kind: str) -> HttpResponse:
    """GET of the sheet's .xlsx/.docx link: the file at once when it is small; a large one is
    not started by a GET (a link preview or a second tab would start it again) but offered on
    the exports page with a button."""
    campaign = get_campaign_for_user(request.user, pk)
    day, _bad = parse_day(request.GET.get("day"))
    if is_large(expected_rows(request.user, campaign)):
        return redirect(export_url(campaign.pk, day, kind))
    return _direct(request, campaign, day, kind)


@login_required
@require_POST
def start_export(request, pk: int):
    """Export the sheet of a day: at once when it is small, otherwise as a background job."""
    user = request.user
    campaign = get_campaign_for_user(user, pk)
    kind = request.POST.get("format", "")
    day, bad = parse_day(request.POST.get("day"))
    if kind not in KINDS or bad:
        return HttpResponse(
            _("Choose a day and the format, .xlsx or .docx."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = expected_rows(user, campaign)
    if not is_large(rows):
        return _direct(request, campaign, day, kind)
    try:
        job_exports.start_export(
            EXPORT_JOB,
            user,
            _params(campaign, day, kind),
            request=request,
            audit_obj=campaign,
            audit_data={"day": day.isoformat(), "format": kind, "rows": rows},
        )
    except job_exports.TooManyExports as exc:
        messages.error(
            request,
            _("You have %(n)d exports waiting or running: wait until one is done.")
            % {"n": exc.limit},
        )
        return redirect("campaigns:sheet_exports")
    messages.success(
        request,
        _("The export of %(n)d rows has started; it appears below when it is ready.") % {"n": rows},
    )
    return redirect("campaigns:sheet_exports")


def _my_exports(user):
    return job_exports.user_exports(user, EXPORT_JOB)


def _rows(jobs) -> list[dict]:
    rows = job_exports.export_rows(EXPORT_JOB, jobs)
    for row in rows:
        params = row["params"]
        row.update(
            campaign=params.get("campaign_name", ""),
            day=params.get("day", ""),
            kind=params.get("kind", "xlsx"),
        )
    return rows


@login_required
@require_GET
def export_page(request):
    """My exports of dispatch sheets; with ?campaign=&day=&format= a button to start one."""
    user = request.user
    offer = None
    if request.GET.get("campaign", "").isdigit() and request.GET.get("format") in KINDS:
        campaign = get_campaign_for_user(user, int(request.GET["campaign"]))
        day, _bad = parse_day(request.GET.get("day"))
        offer = {
            "campaign": campaign,
            "day": day,
            "kind": request.GET["format"],
            "rows": expected_rows(user, campaign),
        }
    rows = _rows(_my_exports(user)[:LIST_SIZE])
    return render(
        request,
        "campaigns/sheet_exports.html",
        {"offer": offer, "rows": rows, "polling": any(r["active"] for r in rows)},
    )


@login_required
@require_GET
def export_jobs(request):
    """The table of my exports alone: htmx polls it while an export runs."""
    rows = _rows(_my_exports(request.user)[:LIST_SIZE])
    return render(
        request,
        "campaigns/_sheet_export_jobs.html",
        {"rows": rows, "polling": any(r["active"] for r in rows)},
    )


@login_required
@require_GET
def export_download(request, job_id: int):
    """Only the user who made an export may download it; for anyone else it does not exist."""
    return download_file(request, EXPORT_JOB, job_id)
