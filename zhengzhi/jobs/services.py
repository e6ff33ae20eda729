"""Enqueue, claim, run and sweep durable jobs."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from zhengzhi.jobs.models import Job, JobStatus, WorkerHeartbeat
from zhengzhi.jobs.registry import HANDLERS, NON_ATOMIC

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=10)


class LeaseLost(Exception):
    """Another worker took the job over (our lease expired); our work is rolled back."""


class JobFailed(Exception):
    """Raised by a handler when running the job again cannot help (its maker may no longer do
    it, its object is gone): the job is marked failed at once, with the message as its reason."""


def enqueue(
    name: str,
    *,
    dedupe_key: str | None = None,
    created_by=None,
    lease_seconds: int | None = None,
    **args: Any,
) -> Job | None:
    """Creates the job row in the caller's transaction and hands it to the worker after commit.

    With a dedupe_key the same job is created once however often this is called.
    """
    if name not in HANDLERS:
        raise KeyError(f"unknown job {name}")
    if lease_seconds:
        args["_lease_seconds"] = lease_seconds
    if dedupe_key:
        job, created = Job.objects.get_or_create(
            dedupe_key=dedupe_key, defaults={"name": name, "args": args, "created_by": created_by}
        )
        if not created:
            return None
    else:
        job = Job.objects.create(name=name, args=args, created_by=created_by)
    transaction.on_commit(lambda: _push(job.pk))
    return job


def _push(job_id: int) -> None:
    from zhengzhi.jobs.tasks import run_job

    try:
        run_job(job_id)
    except Exception:  # the queue is down: the sweeper will find the row
        log.exception("could not hand job %s to the queue", job_id)


def claim(job_id: int) -> str | None:
    """Takes the job with a conditional UPDATE, so two workers never run it at once."""
    now = timezone.now()
    job = Job.objects.filter(pk=job_id).only("args").first()
    if job is None:
        return None
    lease = timedelta(seconds=job.args.get("_lease_seconds", LEASE.total_seconds()))
    token = secrets.token_hex(8)
    due = Q(status=JobStatus.QUEUED) & (Q(run_after__isnull=True) | Q(run_after__lte=now))
    abandoned = Q(status=JobStatus.RUNNING, lease_until__lt=now)
    taken = Job.objects.filter(due | abandoned, pk=job_id).update(
        status=JobStatus.RUNNING,
        lease_token=token,
        lease_until=now + lease,
        started_at=now,
        attempts=F("attempts") + 1,  # counted at claim, so a killed attempt counts too
    )
    return token if taken else None


@contextlib.contextmanager
def _nothing():
    yield


def report_progress(job: Job, done: int, total: int | None = None) -> None:
    """For non-atomic jobs: progress other connections can read while the job runs."""
    fields = {"progress": done}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)


def execute(job_id: int) -> bool:
    """Runs one job if it can be claimed. Returns True when it finished now."""
    token = claim(job_id)
    if token is None:
        return False
    job = Job.objects.get(pk=job_id)
    args = {k: v for k, v in job.args.items() if not k.startswith("_")}
    try:
        handler = HANDLERS[job.name]
        with transaction.atomic(durable=False) if job.name not in NON_ATOMIC else _nothing():
            result = handler(job=job, **args)
            done = Job.objects.filter(pk=job_id, lease_token=token).update(
                status=JobStatus.DONE,
                finished_at=timezone.now(),
                result=result if isinstance(result, dict) else {},
                error="",
            )
            if not done:
                raise LeaseLost(job_id)
        return True
    except Exception as exc:
        log.exception("job %s (%s) failed", job_id, job.name)
        failed = (
            job.attempts >= job.max_attempts
            or job.name not in HANDLERS
            or isinstance(exc, JobFailed)
        )
        Job.objects.filter(pk=job_id, lease_token=token).update(
            status=JobStatus.FAILED if failed else JobStatus.QUEUED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            lease_until=None,
            run_after=timezone.now() + timedelta(minutes=2**job.attempts),
        )
        return False


def sweep(limit: int = 500) -> int:
    """Re-hands to the queue jobs whose worker died (lease expired) or that the queue lost."""
    now = timezone.now()
    abandoned = Q(status=JobStatus.RUNNING, lease_until__lt=now)
    lost = Q(status=JobStatus.QUEUED, created_at__lt=now - timedelta(minutes=1)) & (
        Q(run_after__isnull=True) | Q(run_after__lte=now)
    )
    stale = Job.objects.filter(abandoned | lost).values_list("pk", flat=True)[:limit]
    ids = list(stale)
    for job_id in ids:
        _push(job_id)
    return len(ids)


def beat() -> None:
    WorkerHeartbeat.objects.update_or_create(
        pk=1,
        defaults={
            "beat_at": timezone.now(),
            "hostname": socket.gethostname()[:100],
            "pid": os.getpid(),
        },
    )


def worker_state(max_age: timedelta = timedelta(minutes=3)) -> dict[str, Any]:
    hb = WorkerHeartbeat.objects.filter(pk=1).first()
    if hb is None:
        return {"status": "never_seen"}
    age = (timezone.now() - hb.beat_at).total_seconds()
    return {
        "status": "ok" if age <= max_age.total_seconds() else "stale",
        "last_beat_seconds_ago": int(age),
    }
