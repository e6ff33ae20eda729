"""Huey tasks: the bridge from the queue to durable jobs, the sweeper, the heartbeat and the
daily cleanup of export files."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from zhengzhi.jobs import exports, services
from zhengzhi.jobs.registry import job

EXPORT_CLEANUP_JOB = "jobs.export_cleanup"


@db_task()
def run_job(job_id: int) -> None:
    services.execute(job_id)


@db_periodic_task(crontab(minute="*"))
def sweep_and_beat() -> None:
    services.beat()
    services.sweep()


@on_startup()
def announce() -> None:
    from django.db import close_old_connections

    close_old_connections()
    services.beat()
    services.sweep()


@job(EXPORT_CLEANUP_JOB, label=_("Old exports cleaned up"))
def cleanup_exports(job, **_) -> dict:
    """Old export files of every kind (their keep days), and much later their rows."""
    return exports.cleanup()


@db_periodic_task(crontab(hour="3", minute="40"))
def schedule_export_cleanup() -> None:
    # One durable job a day, however many schedulers fire.
    day = timezone.localdate().isoformat()
    services.enqueue(EXPORT_CLEANUP_JOB, dedupe_key=f"{EXPORT_CLEANUP_JOB}:{day}")


# A job an office can run from the health page to see that the worker works end to end.
@job("jobs.selftest", label=_("Worker self-test"))
def selftest(job, sleep: float = 0.0, note: str = "") -> dict:
    import time

    from zhengzhi.audit.services import record

    record("jobs.selftest", object_type="jobs.job", object_id=job.pk, data={"note": note})
    if sleep:
        time.sleep(sleep)  # lets a test kill the worker half-way, after the write
    return {"ok": True}


@job("jobs.selftest_long", atomic=False, label=_("Worker self-test (long)"))
def selftest_long(job, sleep: float = 0.0, note: str = "") -> dict:
    """The self-test as a long job runs, outside one transaction like an export: it waits
    without a word of progress (only its lease, renewed beside it, says it is alive), then
    writes its audit row. Lets a test keep a worker busy beyond its lease, or kill it."""
    import time

    from zhengzhi.audit.services import record

    if sleep:
        time.sleep(sleep)
    record("jobs.selftest", object_type="jobs.job", object_id=job.pk, data={"note": note})
    return {"ok": True}
