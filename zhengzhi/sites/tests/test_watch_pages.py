"""The watch-list pages: the office edits the rule and decides; nobody else sees them."""

import pytest
from django.urls import reverse

from zhengzhi.jobs.models import Job
from zhengzhi.sites.models import Site, WatchProposal, WatchRule
from zhengzhi.sites.services import watch
from zhengzhi.sites.tests.test_watch import NOW, offences, shops  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_the_rule_page(shops, people, as_user):  # noqa: F811
    client = as_user(people["admin"])
    url = reverse("sites:watch_rule")
    assert client.get(url).status_code == 200
    r = client.post(url, {"period_days": "30", "min_count": "2", "sources": ["test.offences"]})
    assert r.status_code == 302
    rule = WatchRule.objects.get()
    assert (rule.period_days, rule.min_count, rule.sources) == (30, 2, ["test.offences"])
    r = client.post(url, {"period_days": "abc", "min_count": "0"})
    assert r.status_code == 400
    body = r.content.decode()
    assert 'id="error-period_days"' in body and 'value="abc"' in body  # what was typed stays
    r = client.post(url, {"period_days": "30", "min_count": "0"})
    assert r.status_code == 400 and 'id="error-min_count"' in r.content.decode()
    assert WatchRule.objects.get().min_count == 2


def test_confirm_and_dismiss(shops, people, as_user, django_assert_max_num_queries):  # noqa: F811
    watch.propose(NOW)
    watch.update_rule(people["admin"], period_days=90, min_count=2, sources=["test.offences"])
    watch.propose(NOW)
    client = as_user(people["dispatcher"])
    with django_assert_max_num_queries(12):
        r = client.get(reverse("sites:watch_proposals"))
    assert r.status_code == 200
    assert "3 problems in 90 days" in r.content.decode()
    first, second = WatchProposal.objects.order_by("site__name")
    r = client.post(reverse("sites:watch_decide", args=[second.pk]), {"action": "confirm"})
    assert r.status_code == 302
    site = Site.objects.get(pk=second.site_id)
    assert site.watch and site.watch_reason == "3 problems in 90 days"
    client.post(reverse("sites:watch_decide", args=[first.pk]), {"action": "dismiss"})
    assert WatchProposal.objects.get(pk=first.pk).decision == "dismissed"
    assert not Site.objects.get(pk=first.site_id).watch
    # Decided already: a clear message, nothing changes.
    r = client.post(
        reverse("sites:watch_decide", args=[first.pk]), {"action": "confirm"}, follow=True
    )
    assert "already been decided" in r.content.decode()


def test_the_button_enqueues_the_job(shops, people, as_user, django_capture_on_commit_callbacks):  # noqa: F811
    client = as_user(people["admin"])
    r = client.post(reverse("sites:watch_run"))
    assert r.status_code == 302
    assert Job.objects.filter(name="sites.watch").count() == 1


def test_nobody_else_sees_them(shops, people, as_user):  # noqa: F811
    watch.propose(NOW)
    proposal = WatchProposal.objects.get()
    for who in ("handler", "street_leader", "dept_handler", "leader", "inspector"):
        client = as_user(people[who])
        assert client.get(reverse("sites:watch_rule")).status_code == 404
        assert client.get(reverse("sites:watch_proposals")).status_code == 404
        r = client.post(reverse("sites:watch_decide", args=[proposal.pk]), {"action": "confirm"})
        assert r.status_code == 404
        assert client.post(reverse("sites:watch_run")).status_code == 404
    assert WatchProposal.objects.get().decision == "pending"
