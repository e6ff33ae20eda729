"""The watch-list rule and its proposals, with a frozen clock and a test offence source."""

import datetime as dt

import pytest

from zhengzhi.conftest import local
from zhengzhi.sites import registry
from zhengzhi.sites.models import Site, WatchProposal, WatchRule
from zhengzhi.sites.services import watch
from zhengzhi.sites.services.errors import SiteError
from zhengzhi.sites.tests.helpers_coverage import add_event, event_source, make_site

pytestmark = pytest.mark.django_db
NOW = local(2026, 12, 6, 6, 10)


@pytest.fixture
def offences():
    rows, _ids = event_source("offence")
    registry.register_offence_source("test.offences", "Offences", rows)
    other, _ = event_source("other")
    registry.register_offence_source("test.other", "Other", other)
    yield
    registry._offences.pop("test.offences", None)
    registry._offences.pop("test.other", None)


@pytest.fixture
def shops(units, offences):
    repeat = make_site("屡犯面馆", owner=units["c1"])
    twice = make_site("两次烟酒店", owner=units["c1"])
    old = make_site("旧账超市", owner=units["c2"])
    for days in (1, 10, 80):
        add_event(repeat, NOW - dt.timedelta(days=days), "offence")
    for days in (2, 3):
        add_event(twice, NOW - dt.timedelta(days=days), "offence")
        add_event(twice, NOW - dt.timedelta(days=days), "other")
    for days in (100, 120, 200):  # outside the 90 days
        add_event(old, NOW - dt.timedelta(days=days), "offence")
    # The default 3 in 90 days, counting the first source only.
    WatchRule.objects.create(sources=["test.offences"])
    return {"repeat": repeat, "twice": twice, "old": old}


def pending():
    return sorted(
        WatchProposal.objects.filter(decision="pending").values_list("site__name", "count")
    )


def test_the_rule_proposes_once(shops):
    assert watch.propose(NOW) == {"proposed": 1}  # default: 3 in 90 days
    assert pending() == [("屡犯面馆", 3)]
    assert watch.propose(NOW) == {"proposed": 0}  # one pending proposal per site
    assert pending() == [("屡犯面馆", 3)]


def test_the_rule_and_its_sources(shops, people):
    admin = people["admin"]
    watch.update_rule(admin, period_days=90, min_count=4, sources=[])
    watch.propose(NOW)
    assert pending() == [("两次烟酒店", 4)]  # both sources count: 2 + 2
    watch.update_rule(admin, period_days=90, min_count=2, sources=["test.offences"])
    watch.propose(NOW)
    assert pending() == [("两次烟酒店", 4), ("屡犯面馆", 3)]
    watch.update_rule(admin, period_days=365, min_count=3, sources=["test.offences"])
    watch.propose(NOW)
    assert ("旧账超市", 3) in pending()
    with pytest.raises(SiteError):
        watch.update_rule(admin, period_days=0, min_count=3, sources=[])
    with pytest.raises(SiteError):
        watch.update_rule(admin, period_days=30, min_count=0, sources=[])
    with pytest.raises(SiteError):
        watch.update_rule(admin, period_days=30, min_count=3, sources=["ledger.nothing"])


def test_confirm_puts_the_site_on_the_list(shops, people):
    watch.propose(NOW)
    proposal = WatchProposal.objects.get()
    watch.confirm(people["admin"], proposal.pk)
    site = Site.objects.get(pk=shops["repeat"].pk)
    # The reason in the language the office works in (Chinese by default).
    assert site.watch and site.watch_reason == "90天内3个问题"
    assert WatchProposal.objects.get().decision == "confirmed"
    with pytest.raises(SiteError):  # decided already
        watch.dismiss(people["admin"], proposal.pk)
    # On the list: not proposed again.
    assert watch.propose(NOW + dt.timedelta(days=1)) == {"proposed": 0}


def test_dismissed_is_not_proposed_again_within_the_period(shops, people):
    watch.propose(NOW)
    # Dismissed at the test's hour, not the clock's: the period runs from the decision.
    watch.dismiss(people["admin"], WatchProposal.objects.get().pk, now=NOW)
    assert not Site.objects.get(pk=shops["repeat"].pk).watch
    assert watch.propose(NOW + dt.timedelta(days=1)) == {"proposed": 0}
    # A period later, three new problems: proposed again.
    later = NOW + dt.timedelta(days=91)
    for days in (1, 2, 3):
        add_event(shops["repeat"], later - dt.timedelta(days=days), "offence")
    assert watch.propose(later) == {"proposed": 1}


def test_only_the_office_decides(shops, people):
    watch.propose(NOW)
    proposal = WatchProposal.objects.get()
    for who in ("handler", "street_leader", "dept_handler", "leader"):
        with pytest.raises(SiteError):
            watch.confirm(people[who], proposal.pk)
    assert WatchProposal.objects.get().decision == "pending"
