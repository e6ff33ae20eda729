"""Huey tasks: the bridge from the queue to durable jobs, the sweeper and the heartbeat."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from zhengzhi.jobs import services
from zhengzhi.jobs.registry import job


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


# A job an office can run from the health page to see that the worker works end to end.
@job("jobs.selftest")
def selftest(job, sleep: float = 0.0, note: str = "") -> dict:
    import time

    from zhengzhi.audit.services import record

    record("jobs.selftest", object_type="jobs.job", object_id=job.pk, data={"note": note})
    if sleep:
        time.sleep(sleep)  # lets a test kill the worker half-way, after the write
    return {"ok": True}
