"""Background work of the dispatch sheet's exports: the export job and the cleanup of old files.

A county's sheet (200 units x 30 tasks: 6,000 rows) takes seconds to build and write, too long
for a request; views/sheet_exports.py sends small sheets at once and hands large ones here.
Imported by campaigns/tasks.py, which huey and the job registry load.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhengzhi.jobs.cleanup import prune_folder
from zhengzhi.jobs.registry import job
from zhengzhi.jobs.services import enqueue, report_progress

EXPORT_JOB = "campaigns.sheet_export"
CLEANUP_JOB = "campaigns.sheet_export_cleanup"
# Their own folder: the ledger's cleanup empties MEDIA_ROOT/exports by its own rule.
EXPORT_DIR = "exports/campaigns"
KINDS = ("xlsx", "docx")


def keep_days() -> int:
    return int(getattr(settings, "CAMPAIGN_EXPORT_KEEP_DAYS", 7))


def export_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / EXPORT_DIR


def export_file(job_id: int, token: str, kind: str) -> Path:
    """Where a job's file lives. The token makes the name unguessable; the download view still
    checks that the user asking is the one who made the export."""
    if kind not in KINDS:
        raise ValueError(kind)
    return export_dir() / f"dispatch-{int(job_id)}-{token}.{kind}"


def sheet_rows(sheet) -> int:
    """The rows of the exported table: each task and each of its reporting units."""
    return len(sheet.tasks) + sum(len(t.units) for t in sheet.tasks)


class ExportRefused(Exception):
    """The export's owner may no longer see the campaign (deactivated, moved, out of scope)."""


@job(EXPORT_JOB, atomic=False)
def export_sheet(
    job, user_id: int, campaign_id: int, day: str, kind: str, at: str, token: str, **_
) -> dict:
    """Writes the sheet of the day, as its maker sees it now and as of the moment it was asked
    for (`at`), to the job's file.

    Safe to run again: the file is written under a temporary name and renamed into place, so a
    rerun leaves one complete file with the same content.
    """
    from django.http import Http404

    from zhengzhi.accounts.models import User
    from zhengzhi.campaigns import exports
    from zhengzhi.campaigns.scope import get_campaign_for_user
    from zhengzhi.campaigns.sheet import build_sheet

    user = User.objects.filter(pk=user_id, is_active=True).select_related("unit").first()
    if user is None:
        raise ExportRefused(f"user {user_id} may no longer export the sheet")
    try:
        campaign = get_campaign_for_user(user, campaign_id)
    except Http404:
        raise ExportRefused(f"user {user_id} may no longer see campaign {campaign_id}") from None
    sheet = build_sheet(
        campaign,
        dt.date.fromisoformat(day),
        user=user,
        now=dt.datetime.fromisoformat(at),
        with_series=False,
    )
    rows = sheet_rows(sheet)
    report_progress(job, 0, rows)
    body = exports.to_xlsx(sheet) if kind == "xlsx" else exports.to_docx(sheet)
    path = export_file(job.pk, token, kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    temporary.write_bytes(body)
    os.replace(temporary, path)
    report_progress(job, rows, rows)
    return {"rows": rows, "size": len(body)}


@job(CLEANUP_JOB)
def cleanup_exports(job, **_) -> dict:
    """Deletes export files older than CAMPAIGN_EXPORT_KEEP_DAYS (default 7) days."""
    return {"removed": prune_folder(export_dir(), keep_days())}


@db_periodic_task(crontab(hour="3", minute="45"))
def schedule_export_cleanup() -> None:
    # One durable job a day, however many schedulers fire.
    day = timezone.localdate().isoformat()
    enqueue(CLEANUP_JOB, dedupe_key=f"{CLEANUP_JOB}:{day}")


def expires_at(finished_at: dt.datetime | None) -> dt.datetime | None:
    return finished_at + dt.timedelta(days=keep_days()) if finished_at else None
