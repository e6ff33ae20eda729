"""Who reads a case: the handling unit and the office in full, a receiving body's account in
full (read only), the site's territorial unit only its type, date and state, nobody else."""

import pytest
from django.urls import reverse

from zhengzhi.cases.services import states
from zhengzhi.cases.tests.conftest import file
from zhengzhi.conftest import local

pytestmark = pytest.mark.django_db
NOW = local(2026, 6, 20, 10)


@pytest.fixture
def case(cpeople, types, retailer):
    return file(
        cpeople["officer"],
        types["off_channel"],
        site=retailer,
        value="0.8",
        summary="店内查获非渠道卷烟",
    )


def _status(client, url):
    return client.get(url).status_code


def test_each_party(as_user, client, cpeople, cunits, case):
    url = reverse("cases:detail", args=[case.pk])
    assert _status(as_user(cpeople["officer"]), url) == 200
    assert _status(as_user(cpeople["admin"]), url) == 200
    assert _status(as_user(cpeople["leader"]), url) == 200
    for who in (
        "police_user",
        "handler",
        "street_leader",
        "other_handler",
        "dept_handler",
        "squad_officer",
        "market_user",
    ):
        assert _status(as_user(cpeople[who]), url) == 404, who
    states.transfer(cpeople["officer"], case.pk, "police", receiving_unit=cunits["police"], now=NOW)
    page = as_user(cpeople["police_user"]).get(url)
    assert page.status_code == 200
    assert b"advance-form" not in page.content and b"transfer-form" not in page.content
    response = as_user(cpeople["police_user"]).post(
        reverse("cases:advance", args=[case.pk]), {"target": "closed", "version": 2}
    )
    assert response.status_code == 404


def test_citizens_never(client, case):
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    assert client.get(reverse("cases:list")).status_code == 302


def test_the_list_is_scoped(as_user, cpeople, types, case):
    file(cpeople["admin"], types["smuggling"], party="走私者", handling_unit=None)
    body = as_user(cpeople["officer"]).get(reverse("cases:list")).content.decode()
    assert case.number in body and "走私者" not in body
    assert as_user(cpeople["handler"]).get(reverse("cases:list")).status_code == 200


def test_the_site_timeline(as_user, cpeople, case, retailer):
    url = reverse("sites:site", args=[retailer.pk])
    officer = as_user(cpeople["officer"]).get(url).content.decode()
    assert f"Case {case.number}: 非渠道进货" in officer
    assert reverse("cases:detail", args=[case.pk]) in officer
    assert "Recheck 1 of case" in officer
    assert "File a case at this site" in officer
    community = as_user(cpeople["handler"]).get(url).content.decode()
    assert "Case: 非渠道进货" in community
    assert case.number not in community and "店内查获" not in community
    assert reverse("cases:detail", args=[case.pk]) not in community
    assert "Recheck 1" not in community and "File a case at this site" not in community


def test_registry_sources(case, retailer):
    import datetime as dt

    from zhengzhi.cases import site_sources

    start, end = local(2026, 6, 1), local(2026, 7, 1)
    assert list(site_sources.contacts(start, end)) == [retailer.pk]
    assert list(site_sources.offences(start, end)) == [{"site_id": retailer.pk, "n": 1}]
    assert list(site_sources.contacts(local(2026, 7, 1), local(2026, 8, 1))) == []
    assert list(site_sources.recheck_contacts(start, end)) == []
    r = case.rechecks.first()
    r.done_at = local(2026, 6, 13, 9)
    r.save()
    assert list(site_sources.recheck_contacts(start, end)) == [retailer.pk]
    assert dt.date(2026, 6, 10) == case.filed_on


def test_cases_feed_the_watch_list_rule(cpeople, types, retailer):
    from zhengzhi.sites.models import WatchProposal, WatchRule
    from zhengzhi.sites.services.watch import propose

    WatchRule.objects.update_or_create(
        pk=1, defaults={"min_count": 2, "period_days": 90, "sources": ["cases.cases"]}
    )
    for day in (10, 11):
        import datetime as dt

        file(
            cpeople["officer"],
            types["off_channel"],
            site=retailer,
            filed_on=dt.date(2026, 6, day),
            now=local(2026, 6, 12),
        )
    propose(now=local(2026, 6, 12, 6))
    assert WatchProposal.objects.filter(site=retailer, count=2).exists()
