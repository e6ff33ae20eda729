"""The worker's reminders as the review date nears: each unit that still owes evidence is told
once at each threshold (90, 60, 30, 14 and 7 days before), however often the worker runs."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from zhengzhi.archive.completeness import completeness
from zhengzhi.archive.models import Duty, Reminder
from zhengzhi.archive.services.table import cycle_years
from zhengzhi.audit.services import record
from zhengzhi.campaigns.models import Campaign, CampaignStatus
from zhengzhi.core.roles import Role
from zhengzhi.notifications.messages import Message
from zhengzhi.notifications.services import notify
from zhengzhi.standards.models import CampaignStandard

THRESHOLDS = (7, 14, 30, 60, 90)


def threshold(days_left: int) -> int | None:
    """The nearest threshold the review is within, or None (too far off, or past)."""
    if days_left < 0:
        return None
    return next((t for t in THRESHOLDS if days_left <= t), None)


def run(now: dt.datetime | None = None) -> dict:
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    today = timezone.localdate(now)
    told = 0
    standards = CampaignStandard.objects.filter(
        review_date__gte=today,
        review_date__lte=today + dt.timedelta(days=max(THRESHOLDS)),
        campaign__status=CampaignStatus.ACTIVE,
    ).select_related("campaign")
    for cs in standards:
        days = threshold((cs.review_date - today).days)
        campaign: Campaign = cs.campaign
        if days is None or not Duty.objects.filter(campaign=campaign).exists():
            continue
        c = completeness(campaign, cycle_years(campaign, today))
        owing = {u: n.missing for u, n in c.by_unit.items() if u is not None and n.missing > 0}
        users = get_user_model().objects.filter(
            unit_id__in=owing, is_active=True, roles__role__in=(Role.HANDLER, Role.UNIT_LEADER)
        )
        by_unit: dict[int, list] = {}
        for user in users.distinct():
            if user.unit_id is None:
                continue
            by_unit.setdefault(user.unit_id, []).append(user)
        for unit_id, missing in sorted(owing.items()):
            try:
                with transaction.atomic():
                    Reminder.objects.create(
                        campaign=campaign,
                        unit_id=unit_id,
                        days_before=days,
                        review_date=cs.review_date,
                        missing=missing,
                        sent_at=now,
                    )
                    if by_unit.get(unit_id):
                        notify(
                            by_unit[unit_id],
                            Message(
                                gettext_noop(
                                    "Review on %(date)s: %(count)d piece of evidence missing"
                                ),
                                {"date": cs.review_date.isoformat(), "count": missing},
                                plural=gettext_noop(
                                    "Review on %(date)s: %(count)d pieces of evidence missing"
                                ),
                                count=missing,
                            ),
                            campaign.name,
                            url=f"/archive/{campaign.pk}/completeness/",
                            kind="archive.remind",
                            channels=("inbox",),
                        )
                    record(
                        "archive.reminded",
                        obj=campaign,
                        unit_id=unit_id,
                        data={"days_before": days, "missing": missing},
                    )
            except IntegrityError:  # told already at this threshold
                continue
            told += 1
    return {"reminded_units": told}
