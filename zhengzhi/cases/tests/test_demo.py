"""The demo year of cases: every state, transfers, a major case, rechecks done and missed, a
destruction; the tables agree with the cases; a second run does nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from zhengzhi.cases.demo import build_demo_cases
from zhengzhi.cases.models import Case, CaseState, CaseTransfer, DestructionBatch, Recheck
from zhengzhi.cases.services.rechecks import recheck_state
from zhengzhi.cases.tables import Scope, breakdown, yearly

NOW = dt.datetime(2026, 12, 6, 16, 20, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from zhengzhi.accounts.demo import build_demo_org
    from zhengzhi.sites.demo import build_demo_sites
    from zhengzhi.territory.demo import build_demo_territory

    with django_db_blocker.unblock(), transaction.atomic():
        org = build_demo_org()
        build_demo_territory(org)
        build_demo_sites(now=NOW)
        result = build_demo_cases(now=NOW)
        yield {"org": org, "result": result}
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_year(demo):
    assert demo["result"]["cases"] == Case.objects.count() == 100
    assert set(Case.objects.values_list("state", flat=True)) == set(CaseState.values)
    assert Case.objects.filter(major=True).exists()
    assert set(CaseTransfer.objects.values_list("body", flat=True)) == {"police", "court", "market"}
    today = NOW.date()
    states = {recheck_state(r, today) for r in Recheck.objects.all()}
    assert {"done", "overdue"} <= states
    assert DestructionBatch.objects.count() == 1
    assert build_demo_cases(now=NOW) == {"skipped": True}


@pytest.mark.django_db
def test_the_tables_agree_with_the_cases(demo):
    from zhengzhi.accounts.models import User

    admin = User.objects.get(username="admin")
    scope = Scope(NOW.date() - dt.timedelta(days=365), NOW.date())
    t = breakdown(admin, scope)
    assert t.total.cases == Case.objects.count()
    assert t.total.sticks == sum(Case.objects.values_list("sticks", flat=True))
    assert t.transfer("police").cases == 2 and t.detained == 3 and t.sentenced == 1
    assert t.transfer("market").cases > 10
    assert t.people > 0 and t.destructions == 1
    assert sum(y.cases for y in yearly(admin, scope)) == t.total.cases
    # the police account sees only what was transferred to it
    police = User.objects.get(username="police")
    assert breakdown(police, scope).total.cases == 2
