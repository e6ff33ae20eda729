"""The campaigns' background work: the reporting watch every five minutes. (The dispatch
sheet's exports are an export kind of zhengzhi.jobs, declared in export_kind.py.)"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhengzhi.jobs.registry import job
from zhengzhi.jobs.services import enqueue


@job("campaigns.alerts", label=_("Campaign report reminders"))
def watch_reports(job, **_) -> dict:
    """Reminders before each cut-off and the list of missing units after it, once per slot."""
    from zhengzhi.campaigns.services import alerts

    return alerts.run()


@db_periodic_task(crontab(minute="*/5"))
def schedule_report_watch() -> None:
    now = timezone.now()
    slot = f"{now:%Y%m%d%H}{now.minute // 5 * 5:02d}"
    enqueue("campaigns.alerts", dedupe_key=f"campaigns.alerts:{slot}")
