"""Export jobs: a file a user asks for, written by the worker with its progress shown as it goes,
downloaded by its maker alone, removed after some days.

An app declares its kind once, in its AppConfig.ready (the jobs app knows no app):

    register_export(ExportKind(
        name="ledger.export",                  # the job's name (and the audit action)
        may_start=lambda user: user.is_active,  # checked on starting and again when it runs
        write=write_ledger,                    # (user, params, path, progress) -> rows written
        file_name=lambda params, at: f"问题台账-{at:%Y%m%d}.xlsx",
        content_type=XLSX_TYPE,                # or a function of the params
    ))

and its views call `start_export` (Job row, audit event and the per-user limit in one
transaction, the worker handed the id after commit), `user_exports` + `export_rows` for the
list, and `views.export_now` / `views.download` for the responses. The worker runs the writer
as the user who asked, on a temporary file renamed into place (a rerun leaves one whole file),
writes its progress to the Job row as it goes, and marks a refusal failed with its reason.
The daily `cleanup` removes the old files of every kind and, much later, their rows.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhengzhi.audit.services import record
from zhengzhi.jobs.cleanup import prune_folder
from zhengzhi.jobs.models import Job, JobStatus
from zhengzhi.jobs.registry import job as register_job
from zhengzhi.jobs.services import JobFailed, enqueue, report_progress

Progress = Callable[[int, int], None]
# (the user who asked, the job's params, the file to write, progress(done, total)) -> rows
Writer = Callable[[Any, dict, Path, Progress], int]

EXPORT_ROOT = "exports"  # under MEDIA_ROOT
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
# Progress is written to the job row at most this often (an UPDATE the polling pages read).
PROGRESS_SECONDS = 0.5
# The rows of finished exports outlive their files so that the list says "expired"; after
# this many days (EXPORT_ROWS_KEEP_DAYS) they go too.
ROWS_KEEP_DAYS = 90


@dataclass(frozen=True, kw_only=True)
class ExportKind:
    name: str
    may_start: Callable[[Any], bool]
    write: Writer
    file_name: Callable[[dict, dt.datetime], str]  # (params, when asked) -> the download's name
    content_type: str | Callable[[dict], str]
    audit_action: str = ""  # default: the name; the download is audited as "<action>.download"
    folder: str | None = None  # under MEDIA_ROOT/exports; default: the name
    stem: str = ""  # the stored files' names start with it; default: the name
    keep_days_setting: str = "EXPORT_KEEP_DAYS"  # days a file is kept (default 7)
    max_active: int = 3  # exports of one user of this kind waiting or running at once
    # The name for clients that do not read RFC 5987's filename* (default: the ASCII of file_name).
    ascii_name: Callable[[dict, dt.datetime], str] | None = None
    label: Any = ""  # what the job is called on the system page (lazily translated)

    @property
    def action(self) -> str:
        return self.audit_action or self.name

    def keep_days(self) -> int:
        return int(getattr(settings, self.keep_days_setting, 7))

    def directory(self) -> Path:
        folder = self.name if self.folder is None else self.folder
        return Path(settings.MEDIA_ROOT) / EXPORT_ROOT / folder

    def type_of(self, params: dict) -> str:
        return self.content_type(params) if callable(self.content_type) else self.content_type

    def path(self, job: Job) -> Path:
        """Where a job's file lives. The token makes the name unguessable; the download still
        checks that the user asking is the one who made the export."""
        args = job.args or {}
        suffix = Path(self.file_name(args.get("params") or {}, job.created_at)).suffix
        stem = f"{self.stem or self.name}-{int(job.pk)}-{args.get('token', '')}"
        return self.directory() / f"{stem}{suffix}"


class ExportRefused(JobFailed):
    """The export's maker may no longer make it (deactivated, moved, out of scope)."""


class TooManyExports(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


EXPORTS: dict[str, ExportKind] = {}


def register_export(kind: ExportKind) -> None:
    """Declares a kind and its worker job. Registering a name again replaces the declaration."""
    EXPORTS[kind.name] = kind
    register_job(kind.name, atomic=False, label=kind.label or None)(run_export)


def get_kind(name: str) -> ExportKind:
    try:
        return EXPORTS[name]
    except KeyError:
        raise KeyError(f"unknown export kind {name}") from None


def check_may_start(kind: ExportKind, user) -> None:
    if not (user.is_authenticated and user.is_active and kind.may_start(user)):
        raise PermissionDenied


def start_export(
    name: str,
    user,
    params: dict,
    *,
    request=None,
    audit_obj=None,
    audit_data: dict | None = None,
) -> Job:
    """Creates the job (to run after commit) and its audit event in one transaction.

    The event is about `audit_obj` (default: the job) with `audit_data` and the job's id.
    Raises PermissionDenied, or TooManyExports when the user has `max_active` of this kind
    waiting or running.
    """
    kind = get_kind(name)
    check_may_start(kind, user)
    with transaction.atomic():
        # The user's row as a lock: two clicks at once cannot both pass the limit.
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        if user_exports(user, name).filter(status__in=ACTIVE).count() >= kind.max_active:
            raise TooManyExports(kind.max_active)
        job = enqueue(
            kind.name,
            created_by=user,
            user_id=user.pk,
            params=params,
            token=secrets.token_hex(12),
        )
        record(
            kind.action,
            actor=user,
            obj=audit_obj if audit_obj is not None else job,
            request=request,
            data={**(audit_data or {}), "job": job.pk},
        )
    return job


def user_exports(user, name: str) -> QuerySet[Job]:
    """The user's own exports of a kind, newest first: nobody sees another's."""
    return Job.objects.filter(name=name, created_by=user).order_by("-created_at", "-id")


def export_rows(name: str, jobs: Iterable[Job]) -> list[dict]:
    """What a list of exports shows of each: its params, progress, and whether the file may
    be downloaded or has expired."""
    kind = get_kind(name)
    out = []
    for job in jobs:
        done = job.status == JobStatus.DONE
        exists = done and kind.path(job).is_file()
        percent = int(job.progress * 100 / job.total) if job.total else 0
        out.append(
            {
                "job": job,
                "params": (job.args or {}).get("params") or {},
                "percent": min(percent, 100),
                "active": job.status in ACTIVE,
                "downloadable": exists,
                "expired": done and not exists,
                "expires_at": expires_at(kind, job.finished_at) if exists else None,
                "rows": (job.result or {}).get("rows"),
            }
        )
    return out


def expires_at(kind: ExportKind, finished_at: dt.datetime | None) -> dt.datetime | None:
    return finished_at + dt.timedelta(days=kind.keep_days()) if finished_at else None


class _Reporter:
    """The writer's progress, written to the job row as it goes (at most every
    PROGRESS_SECONDS, and always when done), where other connections read it."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.last = float("-inf")
        self.total = 0

    def __call__(self, done: int, total: int) -> None:
        self.total = max(total, done)
        now = time.monotonic()
        if now - self.last >= PROGRESS_SECONDS or done >= total:
            report_progress(self.job, done, self.total)
            self.last = now


def run_export(job: Job, user_id: int, token: str, params: dict | None = None, **_) -> dict:
    """The worker's job for every kind: writes the file as its maker may see things now.

    Safe to run again: the file is written under a temporary name and renamed into place, so
    a rerun leaves one complete file.
    """
    kind = EXPORTS.get(job.name)
    if kind is None:
        raise JobFailed(f"no export kind {job.name}")
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not kind.may_start(user):
        raise ExportRefused(f"user {user_id} may no longer export {kind.name}")
    path = kind.path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own: two runs of the same job (a worker taken for dead) never share a file.
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    progress = _Reporter(job)
    try:
        rows = kind.write(user, params or {}, temporary, progress)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    report_progress(job, rows, max(progress.total, rows))
    return {"rows": rows, "size": path.stat().st_size}


def cleanup(now: dt.datetime | None = None) -> dict:
    """Deletes every kind's files older than its keep days (and pieces a killed job left), and
    the rows of exports older than EXPORT_ROWS_KEEP_DAYS (at least the files' days)."""
    now = now or timezone.now()
    removed, rows = 0, 0
    rows_days = int(getattr(settings, "EXPORT_ROWS_KEEP_DAYS", ROWS_KEEP_DAYS))
    pruned: set[Path] = set()
    for kind in EXPORTS.values():
        if kind.directory() not in pruned:  # two kinds may share a folder
            pruned.add(kind.directory())
            removed += prune_folder(kind.directory(), kind.keep_days())
        cutoff = now - dt.timedelta(days=max(rows_days, kind.keep_days()))
        rows += Job.objects.filter(
            name=kind.name, status__in=(JobStatus.DONE, JobStatus.FAILED), created_at__lt=cutoff
        ).delete()[0]
    return {"removed": removed, "rows": rows}
