import datetime as dt
from decimal import Decimal

import pytest

from zhengzhi.campaigns.models import CampaignStatus
from zhengzhi.campaigns.services import campaigns as campaign_services
from zhengzhi.campaigns.services.campaigns import CampaignData, PhaseData
from zhengzhi.campaigns.services.tasks import TaskData, create_task
from zhengzhi.conftest import make_user
from zhengzhi.core.roles import Role
from zhengzhi.ledger.services.categories import load_categories

START = dt.date(2026, 5, 4)  # a Monday
END = dt.date(2026, 6, 30)


@pytest.fixture
def categories(units):
    load_categories()


@pytest.fixture
def staff(people, units):
    return {
        **people,
        "c2_handler": make_user("c2_handler", units["c2"], Role.HANDLER),
        "officelead": make_user("officelead", units["office"], Role.UNIT_LEADER),
    }


@pytest.fixture
def campaign(units, staff):
    """A river-zone demolition: the street's two communities report twice a day on 40
    structures (20 each), milestones 10 by 20 May and 30 by 10 June."""
    admin = staff["admin"]
    c = campaign_services.create_campaign(
        CampaignData(
            name="河道违建拆除攻坚行动",
            kind="river_structures",
            scope_unit=units["street"],
            office_unit=units["office"],
            starts_on=START,
            ends_on=END,
            phases=[
                PhaseData("摸底排查", START, dt.date(2026, 5, 10)),
                PhaseData("集中拆除", dt.date(2026, 5, 11), END),
            ],
        ),
        actor=admin,
    )
    task = create_task(
        c.pk,
        TaskData(
            title="拆除河道管理范围内违建",
            lead_unit=units["dept"],
            deadline=END,
            target=Decimal(40),
            measure="处",
            cutoffs=["11:00", "16:00"],
            assignments=[(units["c1"], Decimal(20)), (units["c2"], Decimal(20))],
            milestones=[(dt.date(2026, 5, 20), Decimal(10)), (dt.date(2026, 6, 10), Decimal(30))],
        ),
        actor=admin,
    )
    campaign_services.set_status(c.pk, CampaignStatus.ACTIVE, actor=admin)
    backdate(c)
    c.refresh_from_db()
    c.task = task
    return c


def at(day: dt.date, hhmm: str) -> dt.datetime:
    from django.utils import timezone

    t = dt.time.fromisoformat(hhmm)
    return timezone.make_aware(dt.datetime.combine(day, t), timezone.get_current_timezone())


def backdate(campaign, planned: dt.date = START - dt.timedelta(days=7)) -> None:
    """The tests live in May 2026: as if the campaign and its tasks were set up a week before
    its start and set under way before it began (its slots count from its start date)."""
    from zhengzhi.campaigns.models import Campaign, Task

    Campaign.objects.filter(pk=campaign.pk).update(started_at=at(planned, "09:00"))
    Task.objects.filter(campaign=campaign).update(created_at=at(planned, "09:00"))
