"""The demo's bulletins, for seed_demo (after the archive): the 创卫办's ten-day 创卫工作简报 on
the sanitary-city campaign, its last ten days issued as 第 1 期 (in every unit's inbox), the
current ten days drafted; and the review dates the dashboard counts down to (a covert visit in
three weeks; the standard's own review date counts too). Safe to run again: kept if there."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhengzhi.audit.services import record
from zhengzhi.campaigns.models import Campaign
from zhengzhi.supervision.models import (
    BulletinKind,
    Edition,
    Frequency,
    ReviewDate,
    ReviewKind,
    Series,
)
from zhengzhi.supervision.periods import last_finished, period_of
from zhengzhi.supervision.services import editions

NAME = "创卫工作简报"
ISSUER = "创建国家卫生城市工作领导小组办公室"
TEXTS = {
    "progress_text": "本旬，各街道、各部门对照创卫标准，持续开展市容环境集中整治，"
    "重点推进背街小巷、农贸市场和建筑工地整治，问题发现和处置效率进一步提高。",
    "problems_text": "一是部分单位问题办理不及时，超期问题仍有发生。"
    "二是个别点位整治后出现反弹，长效管理机制有待加强。",
    "advice_text": "一要提高思想认识，切实增强创卫工作的责任感和紧迫感。\n"
    "二要压实工作责任，对照问题清单逐项整改、按期销号。\n"
    "三要强化督查考核，对整改不力、问题反弹的单位予以通报。",
}


@transaction.atomic
def build_demo_supervision(org: dict, *, now: dt.datetime | None = None) -> dict:
    from zhengzhi.standards.demo import NAME as CAMPAIGN

    if Series.objects.filter(name=NAME).exists():
        return {"skipped": True}
    now = now or timezone.now()
    today = timezone.localdate(now)
    admin = org["users"]["admin"]
    campaign = Campaign.objects.filter(name=CAMPAIGN).first()
    series = Series.objects.create(
        name=NAME,
        kind=BulletinKind.BRIEF,
        issuer=ISSUER,
        frequency=Frequency.TENDAY,
        campaign=campaign,
        ranking_level="street",
        photos=4,
    )
    ReviewDate.objects.create(
        kind=ReviewKind.COVERT,
        on=today + dt.timedelta(days=21),
        campaign=campaign,
        note="国家卫生城市暗访（预计）",
    )
    start, end = last_finished(Frequency.TENDAY, today)
    last = Edition.objects.create(
        series=series, period_start=start, period_end=end, created_by=admin
    )
    editions.draft(last.pk, now=now)
    last.refresh_from_db()
    for field, text in TEXTS.items():
        setattr(last, field, text)
    last.save()
    issued = editions.issue(last.pk, actor=admin, version=last.version, now=now)
    start, end = period_of(Frequency.TENDAY, today)
    current = Edition.objects.create(
        series=series, period_start=start, period_end=end, created_by=admin
    )
    editions.draft(current.pk, now=now)
    record("demo.supervision", actor=admin, obj=series, data={"issued": issued.number})
    return {"series": 1, "issued": 1, "drafts": 1}
