"""The cases' background work: once a day, rechecks newly due or overdue are told to their
units (one durable job per day, however many schedulers fire; running it again tells no one
twice)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from huey.contrib.djhuey import db_periodic_task

from zhengzhi.jobs.registry import job
from zhengzhi.jobs.services import enqueue
from zhengzhi.system.tasks import at_local_time

RECHECK_JOB = "cases.rechecks"


@job(RECHECK_JOB, label=_("Recheck reminders (查一补三)"))
def recheck_alerts(job, **_) -> dict:
    from zhengzhi.cases.services.rechecks import mark_rechecks

    return mark_rechecks()


@db_periodic_task(at_local_time((6, 20)))
def schedule_daily() -> None:
    day = f"{timezone.localdate():%Y%m%d}"
    enqueue(RECHECK_JOB, dedupe_key=f"{RECHECK_JOB}:{day}")
