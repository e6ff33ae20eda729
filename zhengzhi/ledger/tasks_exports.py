"""Background work of the ledger's Excel exports: the export job and the cleanup of old files.

Imported by ledger/tasks.py, which huey and the job registry load.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhengzhi.jobs.cleanup import prune_folder
from zhengzhi.jobs.registry import job
from zhengzhi.jobs.services import enqueue, report_progress

log = logging.getLogger(__name__)

EXPORT_JOB = "ledger.export"
CLEANUP_JOB = "ledger.export_cleanup"
EXPORT_DIR = "exports"
# Progress is written to the job row at most this often (it is an UPDATE other pages read).
PROGRESS_SECONDS = 0.5


def keep_days() -> int:
    return int(getattr(settings, "LEDGER_EXPORT_KEEP_DAYS", 7))


def export_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / EXPORT_DIR


def export_file(job_id: int, token: str) -> Path:
    """Where a job's file lives. The token makes the name unguessable; the download view still
    checks that the user asking is the one who made the export."""
    return export_dir() / f"ledger-{int(job_id)}-{token}.xlsx"


class ExportRefused(Exception):
    """The export's owner may no longer read the ledger (deactivated or removed)."""


@job(EXPORT_JOB, atomic=False)
def export_ledger(job, user_id: int, params: dict, token: str, **_) -> dict:
    """Writes the filtered ledger, as the user who asked sees it now, to the job's file.

    Safe to run again: the file is written from the start under a temporary name and renamed
    into place, so a rerun leaves one complete file with the same rows.
    """
    from zhengzhi.accounts.models import User
    from zhengzhi.ledger.exports import write_ledger_xlsx
    from zhengzhi.ledger.selectors import filter_problems

    user = User.objects.filter(pk=user_id, is_active=True).select_related("unit").first()
    if user is None:
        raise ExportRefused(f"user {user_id} may no longer export the ledger")
    qs = filter_problems(user, params)
    total = qs.count()
    report_progress(job, 0, total)
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_SECONDS or done >= total:
            report_progress(job, done, total)
            last = now

    path = export_file(job.pk, token)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = write_ledger_xlsx(qs, path, progress=progress, total=total)
    report_progress(job, rows, max(total, rows))
    return {"rows": rows, "size": path.stat().st_size}


@job(CLEANUP_JOB)
def cleanup_exports(job, **_) -> dict:
    """Deletes export files older than LEDGER_EXPORT_KEEP_DAYS (default 7) days."""
    return {"removed": prune_folder(export_dir(), keep_days())}


@db_periodic_task(crontab(hour="3", minute="40"))
def schedule_export_cleanup() -> None:
    # One durable job a day, however many schedulers fire.
    day = timezone.localdate().isoformat()
    enqueue(CLEANUP_JOB, dedupe_key=f"{CLEANUP_JOB}:{day}")


def expires_at(finished_at: dt.datetime | None) -> dt.datetime | None:
    return finished_at + dt.timedelta(days=keep_days()) if finished_at else None
