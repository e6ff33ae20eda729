"""The inspections' background work: once a day the follow-up rules run (查一补三 rechecks as
visits, rechecks after deadlines and after covert feedback, missed problems). One durable job
a day however many schedulers fire; running it again makes nothing new."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from huey.contrib.djhuey import db_periodic_task

from zhengzhi.jobs.registry import job
from zhengzhi.jobs.services import enqueue
from zhengzhi.system.tasks import at_local_time

FOLLOWUPS_JOB = "inspections.followups"


@job(FOLLOWUPS_JOB, label=_("Inspection follow-ups (rechecks, missed problems)"))
def followups(job, **_) -> dict:
    from zhengzhi.inspections.services.followups import run_followups

    return run_followups()


@db_periodic_task(at_local_time((6, 30)))
def schedule_daily() -> None:
    day = f"{timezone.localdate():%Y%m%d}"
    enqueue(FOLLOWUPS_JOB, dedupe_key=f"{FOLLOWUPS_JOB}:{day}")
