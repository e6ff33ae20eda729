"""The ladder's background work: once a day the rules propose new records (one durable job per
day, however many schedulers fire; running it again proposes nothing twice)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from huey.contrib.djhuey import db_periodic_task

from zhengzhi.jobs.registry import job
from zhengzhi.jobs.services import enqueue
from zhengzhi.system.tasks import at_local_time

PROPOSE_JOB = "accountability.propose"


@job(PROPOSE_JOB, label=_("Accountability records proposed by the rules"))
def propose_records(job, **_) -> dict:
    from zhengzhi.accountability.services.proposals import propose

    return propose()


@db_periodic_task(at_local_time((6, 40)))
def schedule_daily() -> None:
    day = f"{timezone.localdate():%Y%m%d}"
    enqueue(PROPOSE_JOB, dedupe_key=f"{PROPOSE_JOB}:{day}")


@job("accountability.report_pdf", atomic=False, label=_("Campaign summary report printed as PDF"))
def report_pdf(job, *, report_id: int, version: int | None = None, **_) -> dict:
    from zhengzhi.accountability.services.reports import make_pdf

    return {"report": report_id, "made": make_pdf(report_id, version)}
