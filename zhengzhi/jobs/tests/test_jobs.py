import os
import signal
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from zhengzhi.audit.models import AuditEvent
from zhengzhi.jobs.models import Job, JobStatus
from zhengzhi.jobs.registry import HANDLERS, job
from zhengzhi.jobs.services import (
    claim,
    enqueue,
    execute,
    report_progress,
    sweep,
    worker_state,
)


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _selftests():
    return AuditEvent.objects.filter(action="jobs.selftest").count()


def _lease(seconds, worker_env, settings):
    """A lease of a few seconds, for the worker process (through the setting) and for this one."""
    worker_env["ZZ_JOB_LEASE_SECONDS"] = str(seconds)
    settings.JOB_LEASE_SECONDS = seconds


@pytest.mark.django_db
def test_it_runs_after_commit_and_only_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = enqueue("jobs.selftest", note="hello")
        assert _selftests() == 0  # nothing runs before the transaction commits
    created.refresh_from_db()
    assert created.status == JobStatus.DONE and created.attempts == 1
    assert _selftests() == 1
    assert execute(created.pk) is False  # a finished job is never run again
    assert _selftests() == 1


@pytest.mark.django_db
def test_it_refuses_an_unknown_job():
    with pytest.raises(KeyError):
        enqueue("no.such.job")


@pytest.mark.django_db
def test_a_dedupe_key_makes_one_job(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue("jobs.selftest", dedupe_key="daily:2026-11-24")
        second = enqueue("jobs.selftest", dedupe_key="daily:2026-11-24")
    assert first is not None and second is None
    assert Job.objects.count() == 1 and _selftests() == 1


@pytest.mark.django_db
def test_two_workers_cannot_claim_the_same_job():
    row = Job.objects.create(name="jobs.selftest")
    assert claim(row.pk) is not None
    assert claim(row.pk) is None


@job("jobs.test_fails")
def _failing(job):
    AuditEvent.objects.count()
    raise RuntimeError("boom")


@pytest.mark.django_db
def test_a_failing_job_is_retried_later_then_marked_failed():
    row = Job.objects.create(name="jobs.test_fails", max_attempts=2)
    assert execute(row.pk) is False
    row.refresh_from_db()
    assert row.status == JobStatus.QUEUED and "boom" in row.error and row.run_after > timezone.now()
    assert execute(row.pk) is False  # not due yet
    Job.objects.filter(pk=row.pk).update(run_after=timezone.now())
    assert execute(row.pk) is False
    row.refresh_from_db()
    assert row.status == JobStatus.FAILED and row.attempts == 2


TAKEN: list[str] = []  # the token of the worker that took the job over


@job("jobs.test_taken_over", atomic=False)
def _taken_over(job, report=False):
    # Meanwhile our lease ran out (a worker stalled for minutes) and another worker took the job.
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    TAKEN.append(claim(job.pk))
    if report:
        report_progress(job, 5, 10)
    return {"by": "the first worker"}


@pytest.mark.django_db
@pytest.mark.parametrize("report", [False, True])
def test_a_worker_whose_lease_was_taken_writes_nothing_over_the_new_owner(report):
    TAKEN.clear()
    row = Job.objects.create(name="jobs.test_taken_over", args={"report": report})
    assert execute(row.pk) is False
    row.refresh_from_db()
    assert TAKEN[0] and row.lease_token == TAKEN[0]  # the job is the new owner's
    assert row.status == JobStatus.RUNNING and row.attempts == 2
    assert row.result == {} and row.progress == 0 and row.error == ""


def _done_once_on_its_second_attempt(row) -> None:
    """The job taken back from a killed worker ran to the end once, and never runs again."""
    row.refresh_from_db()
    assert row.status == JobStatus.DONE and row.attempts == 2
    assert _selftests() == 1
    assert sweep() == 0 and execute(row.pk) is False
    assert _selftests() == 1


@pytest.mark.django_db(transaction=True)
def test_a_job_killed_half_way_runs_again_without_doing_its_work_twice(
    manage, worker_env, settings
):
    _lease(2, worker_env, settings)
    row = Job.objects.create(name="jobs.selftest", args={"sleep": 60})
    worker = manage("run_jobs", "--id", str(row.pk))
    assert _wait_for(lambda: Job.objects.get(pk=row.pk).status == JobStatus.RUNNING)
    time.sleep(1.5)  # the worker has written its audit row inside its transaction and sleeps
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)

    assert _selftests() == 0  # the half-done work was rolled back with the process
    assert Job.objects.get(pk=row.pk).status == JobStatus.RUNNING  # orphaned, lease running out

    Job.objects.filter(pk=row.pk).update(args={})  # no sleep the second time
    assert _wait_for(lambda: Job.objects.get(pk=row.pk).lease_until < timezone.now(), 10)
    assert sweep() == 1  # the sweeper hands it back to the (immediate) queue, which runs it
    _done_once_on_its_second_attempt(row)


@pytest.mark.django_db(transaction=True)
def test_a_killed_workers_long_job_is_taken_back_after_its_short_lease_and_done_once(
    manage, worker_env, settings
):
    _lease(3, worker_env, settings)
    row = Job.objects.create(name="jobs.selftest_long", args={"sleep": 3600})
    worker = manage("run_jobs", "--id", str(row.pk))

    def renewed():
        job = Job.objects.get(pk=row.pk)
        return job.status == JobStatus.RUNNING and job.lease_until > job.started_at + timedelta(
            seconds=3
        )

    # Its lease renewed while it runs, with no progress written: the worker is mid-job.
    assert _wait_for(renewed, 60)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    assert Job.objects.get(pk=row.pk).progress == 0 and _selftests() == 0

    Job.objects.filter(pk=row.pk).update(args={})  # no sleep the second time
    # The sweeper takes it back once the short lease ran out (not after the hour an export's
    # lease used to be) and runs it here (the queue is immediate in tests).
    assert _wait_for(lambda: sweep() == 1, 60)
    _done_once_on_its_second_attempt(row)


@pytest.mark.django_db(transaction=True)
def test_a_live_job_longer_than_its_lease_is_never_taken_back(manage, worker_env, settings):
    _lease(6, worker_env, settings)
    assert worker_state()["status"] == "never_seen"
    row = Job.objects.create(name="jobs.selftest_long", args={"sleep": 15})
    worker = manage("run_jobs", "--id", str(row.pk))
    assert _wait_for(lambda: Job.objects.get(pk=row.pk).status == JobStatus.RUNNING, 60)
    deadline = time.monotonic() + 180
    while Job.objects.get(pk=row.pk).status == JobStatus.RUNNING and time.monotonic() < deadline:
        # What another worker's sweep would do: the job is not abandoned, so not taken.
        assert sweep() == 0 and claim(row.pk) is None
        time.sleep(0.3)
    assert worker.wait(timeout=60) == 0, worker.stdout.read().decode()
    row.refresh_from_db()
    assert row.status == JobStatus.DONE and row.attempts == 1 and _selftests() == 1
    assert row.finished_at - row.started_at > timedelta(seconds=6)  # it outlived its lease
    # The running job kept the heartbeat too, though no periodic task ran in that process.
    assert worker_state()["status"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_process_runs_jobs_and_beats(manage):
    assert worker_state()["status"] == "never_seen"
    row = Job.objects.create(name="jobs.selftest", args={"note": "lost by the queue"})
    # A row whose queue message was lost: the worker's sweep at start-up finds it.
    Job.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    worker = manage("run_huey", "--workers", "1")
    try:
        assert _wait_for(lambda: Job.objects.get(pk=row.pk).status == JobStatus.DONE, 40), (
            worker.stdout.read1().decode() if worker.poll() is not None else "worker still running"
        )
        assert worker_state()["status"] == "ok"
        assert _selftests() == 1
    finally:
        worker.send_signal(signal.SIGINT)
        worker.wait(timeout=20)


def test_every_registered_handler_takes_the_job_first():
    import inspect

    for name, fn in HANDLERS.items():
        params = list(inspect.signature(fn).parameters)
        assert params and params[0] == "job", name
