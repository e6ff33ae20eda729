"""The standard's gaps in the campaign report: the sanitary-city campaign (from 1 January
2024) on the 2014 standard; one value confirmed on 2 March 2026 (建成区绿化覆盖率 40 %, the
standard asks ≥ 36 %): at the campaign's start that indicator could not be judged, now it is met;
nothing else changed."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.accountability.report import gaps
from zhengzhi.conftest import local
from zhengzhi.standards.models import CampaignStandard, IndicatorValue
from zhengzhi.standards.selectors import campaign_gap
from zhengzhi.standards.tests.conftest import confirmed, greening, sanitary, shipped  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 6, 1, 9))]


def test_gaps_before_and_after(sanitary, greening, people, units):  # noqa: F811
    confirmed(people["admin"], greening, units["district"], dt.date(2025, 1, 1), "40")
    g = gaps(sanitary, timezone.now())
    before, after = g["before"], g["after"]
    assert after["met"] == before["met"] + 1
    assert after["unknown"] == before["unknown"] - 1
    assert after["not_met"] == before["not_met"]
    assert sum(r[3] for r in g["rows"]) - sum(r[2] for r in g["rows"]) == 1
    # The selector as of a moment: before the confirmation the value is not there.
    tie = CampaignStandard.objects.get(campaign=sanitary)
    values = IndicatorValue.objects.all()
    at = timezone.make_aware(dt.datetime(2026, 3, 1, 12))
    assert campaign_gap(tie, values, at=at).report.count("met") == before["met"]
    assert campaign_gap(tie, values).report.count("met") == after["met"]
