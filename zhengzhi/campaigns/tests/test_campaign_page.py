"""The campaign page: its problem count agrees with the ledger list it links to; a campaign not
yet started shows nothing behind or due."""

import re

import pytest
from django.utils import timezone

from zhengzhi.campaigns.models import Campaign, CampaignProblem, CampaignStatus
from zhengzhi.ledger.models import Category, Problem, Source, Status

pytestmark = pytest.mark.django_db


def _problem(campaign, units, number, status):
    cat = Category.objects.get(code="0502")
    p = Problem.objects.create(
        number=number, source=Source.PATROL, category=cat, main_category=cat.parent,
        description="河道违建", owner_unit=units["c1"], status=status,
        reported_at=timezone.now(),
    )  # fmt: skip
    CampaignProblem.objects.create(problem=p, campaign=campaign)
    return p


def test_the_total_links_to_the_same_problems_it_counts(client, campaign, units, staff, categories):
    Campaign.objects.filter(pk=campaign.pk).update(ends_on=timezone.localdate())
    _problem(campaign, units, "2026-000001", Status.REPORTED)
    _problem(campaign, units, "2026-000002", Status.CLOSED)
    _problem(campaign, units, "2026-000003", Status.MERGED)  # a duplicate of another
    client.force_login(staff["admin"])
    page = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    link, total = re.search(r'<a href="([^"]+)"><b>(\d+)</b></a><span>问题总数', page).groups()
    assert total == "2"
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert "共 2 个问题" in listed


def test_a_campaign_not_started_has_nothing_behind_or_due(client, campaign, staff):
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.DRAFT)
    client.force_login(staff["admin"])
    page = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert 'id="not-started"' in page and 'id="late"' not in page and 'id="behind"' not in page
    assert "standing-not_started" in page and "未启动" in page  # the task table says so too


def test_a_day_with_nothing_due_does_not_claim_everyone_reported(client, campaign, staff):
    import datetime as dt

    client.force_login(staff["admin"])
    before = (campaign.starts_on - dt.timedelta(days=3)).isoformat()
    page = client.get(f"/campaigns/{campaign.pk}/sheet/", {"day": before}).content.decode()
    assert 'id="nothing-due"' in page and "各单位均按时报送" not in page
