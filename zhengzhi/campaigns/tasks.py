"""The campaigns' background work: the reporting watch every five minutes, and the dispatch
sheet's export jobs."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

# The export jobs live in their own module; importing it registers them.
from zhengzhi.campaigns import tasks_exports  # noqa: F401
from zhengzhi.jobs.registry import job
from zhengzhi.jobs.services import enqueue


@job("campaigns.alerts")
def watch_reports(job, **_) -> dict:
    """Reminders before each cut-off and the list of missing units after it, once per slot."""
    from zhengzhi.campaigns.services import alerts

    return alerts.run()


@db_periodic_task(crontab(minute="*/5"))
def schedule_report_watch() -> None:
    now = timezone.now()
    slot = f"{now:%Y%m%d%H}{now.minute // 5 * 5:02d}"
    enqueue("campaigns.alerts", dedupe_key=f"campaigns.alerts:{slot}")
