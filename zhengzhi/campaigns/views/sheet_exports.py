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
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zhengzhi.audit.services import record
from zhengzhi.campaigns import exports
from zhengzhi.campaigns.scope import get_campaign_for_user, visible_assignments, visible_tasks
from zhengzhi.campaigns.sheet import build_sheet
from zhengzhi.campaigns.tasks_exports import EXPORT_JOB, KINDS, expires_at, export_file, sheet_rows
from zhengzhi.campaigns.views.common import parse_day
from zhengzhi.jobs.models import Job, JobStatus
from zhengzhi.jobs.services import enqueue

DIRECT_LIMIT = 2000
# Exports of one user that may wait or run at the same time (a small server's fairness).
MAX_ACTIVE = 3
LIST_SIZE = 30
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def expected_rows(user, campaign) -> int:
    """The sheet's rows as the user sees them, by two counts: decides before building it."""
    tasks = visible_tasks(user, campaign).count()
    units = visible_assignments(user).filter(task__campaign=campaign).count()
    return tasks + units


def is_large(rows: int) -> bool:
    return rows > DIRECT_LIMIT


def download_name(campaign_id: int, day: str, kind: str) -> str:
    return f"dispatch-{campaign_id}-{day}.{kind}"


def _direct(request, campaign, day: dt.date, kind: str) -> HttpResponse:
    sheet = build_sheet(campaign, day, user=request.user, with_series=False)
    body = exports.to_xlsx(sheet) if kind == "xlsx" else exports.to_docx(sheet)
    record(
        "campaign.sheet.export",
        actor=request.user,
        obj=campaign,
        request=request,
        data={"day": day.isoformat(), "format": kind, "rows": sheet_rows(sheet)},
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = content_disposition_header(
        True, download_name(campaign.pk, day.isoformat(), kind)
    )
    return response


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
    if _my_exports(user).filter(status__in=ACTIVE).count() >= MAX_ACTIVE:
        messages.error(
            request,
            _("You have %(n)d exports waiting or running: wait until one is done.")
            % {"n": MAX_ACTIVE},
        )
        return redirect("campaigns:sheet_exports")
    with transaction.atomic():
        job = enqueue(
            EXPORT_JOB,
            created_by=user,
            lease_seconds=1800,
            user_id=user.pk,
            campaign_id=campaign.pk,
            campaign_name=campaign.name,
            day=day.isoformat(),
            kind=kind,
            at=timezone.now().isoformat(),
            token=secrets.token_hex(12),
        )
        record(
            "campaign.sheet.export",
            actor=user,
            obj=campaign,
            request=request,
            data={"day": day.isoformat(), "format": kind, "rows": rows, "job": job.pk},
        )
    messages.success(
        request,
        _("The export of %(n)d rows has started; it appears below when it is ready.") % {"n": rows},
    )
    return redirect("campaigns:sheet_exports")


def _my_exports(user):
    return Job.objects.filter(name=EXPORT_JOB, created_by=user).order_by("-created_at", "-id")


def _rows(jobs) -> list[dict]:
    out = []
    for job in jobs:
        args = job.args or {}
        kind = args.get("kind", "xlsx")
        done = job.status == JobStatus.DONE
        exists = (
            done and kind in KINDS and export_file(job.pk, args.get("token", ""), kind).is_file()
        )
        percent = int(job.progress * 100 / job.total) if job.total else 0
        out.append(
            {
                "job": job,
                "campaign": args.get("campaign_name", ""),
                "day": args.get("day", ""),
                "kind": kind,
                "percent": min(percent, 100),
                "active": job.status in ACTIVE,
                "downloadable": exists,
                "expired": done and not exists,
                "expires_at": expires_at(job.finished_at) if exists else None,
                "rows": (job.result or {}).get("rows"),
            }
        )
    return out


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
    job = _my_exports(request.user).filter(pk=job_id, status=JobStatus.DONE).first()
    if job is None:
        raise Http404
    args = job.args or {}
    kind = args.get("kind", "")
    if kind not in KINDS:
        raise Http404
    try:
        handle = export_file(job.pk, args.get("token", ""), kind).open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record(
        "campaign.sheet.export.download",
        actor=request.user,
        obj=job,
        request=request,
        data={"campaign": args.get("campaign_id"), "day": args.get("day"), "format": kind},
    )
    response = FileResponse(
        handle,
        content_type=CONTENT_TYPES[kind],
        as_attachment=True,
        filename=download_name(args.get("campaign_id", 0), args.get("day", ""), kind),
    )
    response["Cache-Control"] = "private, no-store"
    return response
