"""The registry's background work: licence expiry alerts and watch-list proposals, once a day
(each a durable job of zhengzhi.jobs, one per day however many schedulers fire). The office's
"run now" button enqueues the proposals job too."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from huey.contrib.djhuey import db_periodic_task

from zhengzhi.jobs.registry import job
from zhengzhi.jobs.services import enqueue
from zhengzhi.system.tasks import at_local_time

LICENCE_JOB = "sites.licences"
WATCH_JOB = "sites.watch"


@job(LICENCE_JOB, label=_("Licence expiry alerts"))
def licence_alerts(job, **_) -> dict:
    from zhengzhi.sites.services.licences import run_alerts

    return run_alerts()


@job(WATCH_JOB, label=_("Watch-list proposals"))
def watch_proposals(job, **_) -> dict:
    from zhengzhi.sites.services.watch import propose

    return propose()


@db_periodic_task(at_local_time((6, 10)))
def schedule_daily() -> None:
    # 06:10 local time, before the offices open; one job per day and kind.
    day = f"{timezone.localdate():%Y%m%d}"
    enqueue(LICENCE_JOB, dedupe_key=f"{LICENCE_JOB}:{day}")
    enqueue(WATCH_JOB, dedupe_key=f"{WATCH_JOB}:{day}")
