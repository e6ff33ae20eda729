"""The archive's background work, once a night as durable jobs of zhengzhi.jobs (one per day
however many schedulers fire): fill every campaign's archive from the platform's records, then
remind the units that still owe evidence as the review date nears."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from huey.contrib.djhuey import db_periodic_task

from zhengzhi.jobs.registry import job
from zhengzhi.jobs.services import enqueue
from zhengzhi.system.tasks import at_local_time

NIGHTLY_JOB = "archive.nightly"


@job(NIGHTLY_JOB, label=_("Evidence archive filled and reminders sent"))
def nightly(job, **_) -> dict:
    from zhengzhi.archive.models import Duty
    from zhengzhi.archive.services import evidence, reminders
    from zhengzhi.campaigns.models import Campaign, CampaignStatus

    added = 0
    campaigns = Campaign.objects.filter(status=CampaignStatus.ACTIVE).filter(
        pk__in=Duty.objects.values("campaign")
    )
    for campaign in campaigns:
        added += evidence.fill(campaign)
    return {"filled": added, **reminders.run()}


@db_periodic_task(at_local_time((5, 50)))
def schedule_daily() -> None:
    day = f"{timezone.localdate():%Y%m%d}"
    enqueue(NIGHTLY_JOB, dedupe_key=f"{NIGHTLY_JOB}:{day}")
