"""The standards' part of seed_demo: a sanitary-city campaign on local rules with the 2014
prerequisites (unconfirmed), two years of values, some prerequisites failing; built once."""

import pytest

from zhengzhi.accounts.demo import build_demo_org
from zhengzhi.conftest import local
from zhengzhi.ledger.services.categories import load_categories
from zhengzhi.standards.demo import build_demo_standards
from zhengzhi.standards.gap import Verdict
from zhengzhi.standards.models import CampaignStandard, IndicatorValue, Prerequisite
from zhengzhi.standards.rules import Outcome
from zhengzhi.standards.selectors import campaign_gap

pytestmark = pytest.mark.django_db


def test_the_demo_gap_has_something_true_to_show():
    org = build_demo_org()
    load_categories()
    out = build_demo_standards(org, now=local(2026, 3, 2, 10))
    tie = CampaignStandard.objects.select_related("standard").get(pk__isnull=False)
    assert tie.standard.copied_from.code == "gwcs-2021"
    pre = Prerequisite.objects.filter(standard=tie.standard)
    assert pre.count() == 11 and not any(p.confirmed for p in pre)
    result = campaign_gap(tie, IndicatorValue.objects.all())
    report = result.report
    failing = {p.spec.number for p in report.prerequisites if p.outcome == Outcome.NOT_MET}
    assert failing == {"5", "7", "11"}  # green, vectors and facilities, satisfaction
    assert report.verdict == Verdict.WOULD_FAIL  # the copied prerequisites are unconfirmed
    green = next(
        g for g in report.indicators if g.spec.name == "建成区绿化覆盖率" and not g.spec.in_table
    )
    assert green.projection.periods == 3 and green.absolute is not None
    # Built once.
    again = build_demo_standards(org, now=local(2026, 3, 2, 10))
    assert again["values"] == 0 and out["values"] > 60
