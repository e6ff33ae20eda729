"""The standards' background work: once a night, the satisfaction rate of the year so far is
filled again from the platform's facts (ratings, follow-up calls, questionnaires), as a durable
job of zhengzhi.jobs (one per day however many schedulers fire)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from huey.contrib.djhuey import db_periodic_task

from zhengzhi.jobs.registry import job
from zhengzhi.jobs.services import enqueue
from zhengzhi.system.tasks import at_local_time

SATISFACTION_JOB = "standards.satisfaction"


@job(SATISFACTION_JOB, label=_("Satisfaction rate filled from facts"))
def fill_satisfaction(job, **_) -> dict:
    from zhengzhi.org.models import Unit, UnitKind
    from zhengzhi.standards.facts import fill_satisfaction

    office = Unit.objects.filter(kind=UnitKind.OFFICE, is_active=True).order_by("pk").first()
    if office is None:
        return {"filled": False}
    value = fill_satisfaction(timezone.localdate().year, office)
    return {"filled": value is not None, "rate": str(value.number) if value else None}


@db_periodic_task(at_local_time((5, 40)))
def schedule_daily() -> None:
    day = f"{timezone.localdate():%Y%m%d}"
    enqueue(SATISFACTION_JOB, dedupe_key=f"{SATISFACTION_JOB}:{day}")
