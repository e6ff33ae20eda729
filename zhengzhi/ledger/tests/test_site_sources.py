"""The ledger's part of the site registry: recording a problem at a site (page and API, in the
recorder's scope), the site on the problem page, and the registry's timeline, contact and
offence sources."""

import pytest
from django.urls import reverse

from zhengzhi.conftest import local
from zhengzhi.ledger import site_sources
from zhengzhi.ledger.models import Problem
from zhengzhi.ledger.services import moves
from zhengzhi.sites import registry
from zhengzhi.sites.models import SiteKind
from zhengzhi.sites.services.kinds import load_site_kinds
from zhengzhi.sites.services.sites import register_site

pytestmark = pytest.mark.django_db


def retail_shop() -> SiteKind:
    # The shipped kinds come from a data migration, which a browser test's flush on the same
    # worker removes: load them again when they are gone.
    if not SiteKind.objects.filter(code="retail_shop").exists():
        load_site_kinds()
    return SiteKind.objects.get(code="retail_shop")


@pytest.fixture
def site(staff, grids):
    kind = retail_shop()
    return register_site(
        staff["admin"], kind=kind, name="柳岸门市部", address="柳岸路8号", lon=120.004, lat=30.006
    )


@pytest.fixture
def other_site(staff, grids):
    kind = retail_shop()
    return register_site(staff["admin"], kind=kind, name="桃园门市部", lon=120.015, lat=30.005)


def test_the_sources_are_registered():
    assert site_sources.KEY in {s.key for s in registry.timeline_sources()}
    assert site_sources.KEY in {s.key for s in registry.contact_sources()}
    assert site_sources.KEY in {s.key for s in registry.offence_sources()}


def test_recording_from_the_site_page_fills_the_place_and_stores_the_site(
    as_user, staff, categories, site, units
):
    client = as_user(staff["handler"])
    html = client.get(reverse("ledger:new"), {"site": site.pk}).content.decode()
    assert 'id="record-site"' in html and "柳岸门市部" in html
    assert 'value="120.004"' in html and 'value="柳岸路8号"' in html
    response = client.post(
        reverse("ledger:new") + f"?site={site.pk}",
        {
            "category": "0401",
            "source": "patrol",
            "description": "门前占道经营",
            "address": "柳岸路8号",
            "lon": "120.004",
            "lat": "30.006",
            "site": str(site.pk),
        },
    )
    assert response.status_code == 302
    problem = Problem.objects.get(description="门前占道经营")
    assert problem.site == site and problem.owner_unit == units["c1"]
    detail = client.get(reverse("ledger:detail", args=[problem.pk])).content.decode()
    assert 'id="problem-site"' in detail and site.code in detail


def test_a_site_outside_the_recorders_scope_is_not_found(as_user, staff, categories, other_site):
    client = as_user(staff["handler"])  # 柳岸社区; the site is 桃园's
    assert client.get(reverse("ledger:new"), {"site": other_site.pk}).status_code == 404
    posted = client.post(
        reverse("ledger:new"),
        {
            "category": "0401",
            "source": "patrol",
            "description": "x",
            "address": "y",
            "site": other_site.pk,
        },
    )
    assert posted.status_code == 404
    assert not Problem.objects.filter(site=other_site).exists()


def test_the_api_takes_a_site_id_it_may_see(client, staff, categories, site, other_site):
    client.force_login(staff["handler"])
    body = {
        "source": "patrol",
        "category": "0401",
        "description": "占道",
        "lon": 120.004,
        "lat": 30.006,
    }
    refused = client.post(
        "/api/v1/ledger/problems",
        {**body, "site_id": other_site.pk},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == "没有这个场所。"  # not "not yours": it does not exist
    assert not Problem.objects.filter(site__isnull=False).exists()
    made = client.post(
        "/api/v1/ledger/problems", {**body, "site_id": site.pk}, content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["site_id"] == site.pk
    assert Problem.objects.get(pk=made.json()["id"]).site == site


def test_the_timeline_lists_the_problems_the_reader_may_see(staff, new_problem, site):
    p = new_problem(site_id=site.pk, reported_at=local(2026, 11, 2, 9))
    new_problem(reported_at=local(2026, 11, 3, 9))  # not at the site
    entries = site_sources.timeline(site, staff["handler"])
    assert [e.url for e in entries] == [reverse("ledger:detail", args=[p.pk])]
    assert p.number in entries[0].title and entries[0].status
    assert site_sources.timeline(site, staff["other_handler"]) == []


def test_contacts_and_offences_in_a_period(staff, new_problem, site, other_site):
    start, end = local(2026, 11, 1), local(2026, 12, 1)
    at = {"site_id": site.pk}
    kept = [new_problem(**at, reported_at=local(2026, 11, d, 10)) for d in (2, 3, 4)]
    new_problem(**at, reported_at=local(2026, 10, 31, 23, 59))  # before the period
    new_problem(**at, reported_at=end)  # the end is not in it
    rejected = new_problem(**at, reported_at=local(2026, 11, 5, 10))
    moves.reject(rejected.pk, actor=staff["dispatcher"], reason="不属实")
    duplicate = new_problem(**at, reported_at=local(2026, 11, 6, 10))
    moves.merge(duplicate.pk, actor=staff["dispatcher"], master_id=kept[0].pk)
    new_problem(site_id=other_site.pk, by="admin", lon=120.015, reported_at=local(2026, 11, 7))
    assert set(site_sources.contacts(start, end)) == {site.pk, other_site.pk}
    rows = {r["site_id"]: r["n"] for r in site_sources.offences(start, end)}
    assert rows == {site.pk: 3, other_site.pk: 1}
