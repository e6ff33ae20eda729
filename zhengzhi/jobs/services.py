"""Enqueue, claim, run and sweep durable jobs."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from zhengzhi.jobs.models import Job, JobStatus, WorkerHeartbeat
from zhengzhi.jobs.registry import HANDLERS, NON_ATOMIC

log = logging.getLogger(__name__)
# A running job's lease is renewed this many times per lease length: a renewal may fail or come
# late a few times before the job is taken for dead.
RENEWALS_PER_LEASE = 4


def lease_length() -> timedelta:
    """How long a running job stays its worker's without a renewal (JOB_LEASE_SECONDS)."""
    return timedelta(seconds=settings.JOB_LEASE_SECONDS)


class LeaseLost(Exception):
    """Another worker took the job over (our lease expired): our work is rolled back, or for a
    non-atomic job stopped at its next progress report, and never marked done by us."""


class JobFailed(Exception):
    """Raised by a handler when running the job again cannot help (its maker may no longer do
    it, its object is gone): the job is marked failed at once, with the message as its reason."""


def enqueue(
    name: str,
    *,
    dedupe_key: str | None = None,
    created_by=None,
    **args: Any,
) -> Job | None:
    """Creates the job row in the caller's transaction and hands it to the worker after commit.

    With a dedupe_key the same job is created once however often this is called.
    """
    if name not in HANDLERS:
        raise KeyError(f"unknown job {name}")
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
    token = secrets.token_hex(8)
    due = Q(status=JobStatus.QUEUED) & (Q(run_after__isnull=True) | Q(run_after__lte=now))
    abandoned = Q(status=JobStatus.RUNNING, lease_until__lt=now)
    taken = Job.objects.filter(due | abandoned, pk=job_id).update(
        status=JobStatus.RUNNING,
        lease_token=token,
        lease_until=now + lease_length(),
        started_at=now,
        attempts=F("attempts") + 1,  # counted at claim, so a killed attempt counts too
    )
    return token if taken else None


@contextlib.contextmanager
def _nothing():
    yield


def report_progress(job: Job, done: int, total: int | None = None) -> None:
    """For non-atomic jobs: progress other connections can read while the job runs.

    Raises LeaseLost when another worker has taken the job over: its progress is not ours to
    write, and our run should stop.
    """
    fields = {"progress": done}
    if total is not None:
        fields["total"] = total
    if not Job.objects.filter(pk=job.pk, lease_token=job.lease_token).update(**fields):
        raise LeaseLost(job.pk)


class _Renewal(threading.Thread):
    """Renews a running job's lease while the job runs, on a connection of its own: outside the
    job's transaction (which would hold it back until the end) and apart from the worker's
    threads (the heartbeat, a periodic task, cannot run while long jobs hold them all). A job
    that reports no progress for an hour is renewed all the same; a killed worker's is not.
    It also writes the heartbeat: a worker busy with long jobs is alive."""

    def __init__(self, job_id: int, token: str) -> None:
        super().__init__(name=f"job-{job_id}-lease", daemon=True)
        self.job_id, self.token = job_id, token
        self.stopped = threading.Event()

    def run(self) -> None:
        every = lease_length().total_seconds() / RENEWALS_PER_LEASE
        try:
            while not self.stopped.wait(every):
                try:
                    renewed = Job.objects.filter(
                        pk=self.job_id, lease_token=self.token, status=JobStatus.RUNNING
                    ).update(lease_until=timezone.now() + lease_length())
                    if not renewed:  # finished meanwhile, or taken over: nothing left to renew
                        return
                    beat()
                except DatabaseError:  # e.g. SQLite locked by the job: the next round retries
                    log.warning("could not renew the lease of job %s", self.job_id, exc_info=True)
                    connections.close_all()  # a broken connection is opened afresh
        finally:
            connections.close_all()  # this thread's connections only

    def stop(self) -> None:
        self.stopped.set()
        self.join()


def execute(job_id: int) -> bool:
    """Runs one job if it can be claimed, renewing its lease meanwhile. Returns True when it
    finished now."""
    token = claim(job_id)
    if token is None:
        return False
    # Inside a transaction (a test's) the claim is not committed: nobody else sees the lease,
    # and a renewal on another connection would wait for the row this one has locked.
    renewal = None if transaction.get_connection().in_atomic_block else _Renewal(job_id, token)
    if renewal is not None:
        renewal.start()
    try:
        return _run(job_id, token)
    finally:
        if renewal is not None:  # after the job's transaction ended: nothing holds its row
            renewal.stop()


def _run(job_id: int, token: str) -> bool:
    job = Job.objects.get(pk=job_id)
    job.lease_token = token  # what report_progress checks
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
    except LeaseLost:
        log.warning("job %s (%s) was taken over by another worker", job_id, job.name)
        return False
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
