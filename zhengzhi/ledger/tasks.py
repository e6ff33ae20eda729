"""The ledger's background work: the deadline watch every five minutes. (The export jobs are
an export kind of zhengzhi.jobs, declared in export_kind.py.)"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhengzhi.jobs.registry import job
from zhengzhi.jobs.services import enqueue


@job("ledger.alerts", atomic=False, label=_("Ledger reminders, overdue and escalation"))
def watch_deadlines(job, **_) -> dict:
    """Overdue marks, escalations and reminders. Not one transaction: each batch commits on its
    own, and a rerun (or a second worker) acts only on what is still undone."""
    from zhengzhi.ledger.services import alerts

    return alerts.run_all()


@db_periodic_task(crontab(minute="*/5"))
def schedule_deadline_watch() -> None:
    # One durable job per five-minute slot, however many schedulers fire it.
    now = timezone.now()
    slot = f"{now:%Y%m%d%H}{now.minute // 5 * 5:02d}"
    enqueue("ledger.alerts", dedupe_key=f"ledger.alerts:{slot}")
