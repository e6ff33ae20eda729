"""The site page (fields, attributes by label, licences, timeline, perimeter) and its actions;
registering a site from its kind's form; editing with the version check."""

import datetime as dt

import pytest
from django.urls import reverse

from zhengzhi.audit.models import AuditEvent
from zhengzhi.sites.models import Site, SiteEvent
from zhengzhi.sites.services.sites import update_site
from zhengzhi.sites.tests.pages_support import (  # noqa: F401
    C1_POINT,
    C2_POINT,
    make_site_fixture,
    site_grids_fixture,
    tobacco_bureau_fixture,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def retailer(make_site):
    return make_site(
        "tobacco_retailer",
        name="阳光便利店",
        operator="王强",
        attributes={"customer_grade": 5, "near_school": True},
    )


def page(client, site):
    response = client.get(reverse("sites:site", args=[site.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_kinds_fields_by_label(as_user, people, retailer):
    html = page(as_user(people["dispatcher"], lang="zh-hans"), retailer)
    assert "<dt>客户档位</dt><dd>5</dd>" in html
    assert "<dt>学校周边</dt><dd>是</dd>" in html
    html = page(as_user(people["dispatcher"]), retailer)
    assert "<dt>Customer grade</dt><dd>5</dd>" in html


def test_the_timeline_names_each_change_old_and_new(as_user, people, retailer):
    update_site(
        people["admin"],
        retailer.pk,
        version=None,
        changes={"operator": "王建国"},
        attributes={"customer_grade": 12},
    )
    html = page(as_user(people["dispatcher"]), retailer)
    assert "operator: <del>王强</del> → 王建国" in html
    assert "Customer grade: <del>5</del> → 12" in html
    assert html.index("王建国") < html.index("Registered</strong>")  # newest first


def test_the_edit_form_keeps_what_was_typed_and_names_the_bad_field(as_user, people, retailer):
    client = as_user(people["dispatcher"])
    url = reverse("sites:edit", args=[retailer.pk])
    data = {
        "name": "阳光超市",
        "credit_code": "91350100M000100Y42",
        "attr_customer_grade": "7",
        "version": retailer.version,
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="阳光超市"' in html and 'value="91350100M000100Y42"' in html
    assert "its check character does not match" in html
    data |= {"attr_customer_grade": "99"}
    html = client.post(url, data).content.decode()
    # Every reason at once, each by its field.
    assert 'value="99"' in html and "at most 30" in html
    assert "its check character does not match" in html
    retailer.refresh_from_db()
    assert retailer.name == "阳光便利店"


def test_a_stale_edit_is_refused_with_a_clear_message(as_user, people, retailer):
    client = as_user(people["dispatcher"])
    url = reverse("sites:edit", args=[retailer.pk])
    opened = retailer.version
    update_site(people["admin"], retailer.pk, version=None, changes={"phone": "110"})
    response = client.post(url, {"name": "阳光超市", "version": opened})
    html = response.content.decode()
    assert "Someone changed this site since you opened it" in html
    assert 'value="阳光超市"' in html
    retailer.refresh_from_db()
    assert retailer.name == "阳光便利店"


def test_an_edit_saves_and_is_audited(as_user, people, retailer):
    client = as_user(people["dispatcher"])
    response = client.post(
        reverse("sites:edit", args=[retailer.pk]),
        {"name": "阳光超市", "attr_customer_grade": "7", "version": retailer.version},
    )
    assert response.status_code == 302
    retailer.refresh_from_db()
    assert retailer.name == "阳光超市" and retailer.attributes["customer_grade"] == 7
    assert AuditEvent.objects.filter(action="sites.site.updated").exists()


def test_registering_a_site_kind_first_then_its_form(as_user, people, units, site_grids):
    client = as_user(people["handler"])
    chooser = client.get(reverse("sites:new")).content.decode()
    assert "?kind=market" in chooser
    url = reverse("sites:new") + "?kind=market"
    form = client.get(url).content.decode()
    assert "First responsible" in form or "第一责任人" in form
    data = {"name": "柳岸农贸市场", "lon": str(C1_POINT[0]), "lat": str(C1_POINT[1])}
    refused = client.post(url, data).content.decode()
    assert "required" in refused and 'value="柳岸农贸市场"' in refused
    assert not Site.objects.filter(name="柳岸农贸市场").exists()
    data |= {"attr_organiser": "柳岸市场公司", "attr_first_responsible": "李明"}
    response = client.post(url, data)
    site = Site.objects.get(name="柳岸农贸市场")
    assert response.status_code == 302 and response["Location"].endswith(f"/sites/{site.pk}/")
    assert site.owner_unit == units["c1"] and site.community == units["c1"]


def test_a_department_registers_only_the_kinds_it_supervises(as_user, tobacco_bureau):
    client = as_user(tobacco_bureau["handler"])
    chooser = client.get(reverse("sites:new")).content.decode()
    assert (
        'href="?kind=tobacco_retailer"' in chooser and 'href="?kind=unlicensed_seller"' in chooser
    )
    assert 'href="?kind=market"' not in chooser
    # Asked for directly, another kind is refused: the chooser comes back.
    asked = client.get(reverse("sites:new") + "?kind=market")
    assert not asked.context["chooser"].is_valid()
    assert 'href="?kind=tobacco_retailer"' in asked.content.decode()


def test_a_community_cannot_register_a_site_in_another_community(as_user, people, site_grids):
    client = as_user(people["handler"])  # 柳岸社区
    url = reverse("sites:new") + "?kind=retail_shop"
    data = {"name": "桃园门市部", "lon": str(C2_POINT[0]), "lat": str(C2_POINT[1])}
    html = client.post(url, data).content.decode()
    assert "outside your area" in html
    assert not Site.objects.filter(name="桃园门市部").exists()


def test_status_watch_and_licences(as_user, people, retailer):
    client = as_user(people["dispatcher"])

    def post(name, data):
        retailer.refresh_from_db()
        return client.post(
            reverse(f"sites:{name}", args=[retailer.pk]), {"version": retailer.version, **data}
        )

    assert post("status", {"status": "suspended", "note": "停业整顿"}).status_code == 302
    refused = post("watch", {"watch": "on", "reason": ""})
    assert "Say why the site goes on the watch list" in refused.content.decode()
    assert post("watch", {"watch": "on", "reason": "三个月内投诉4次"}).status_code == 302
    assert post("licence_add", {"number": "L00001"}).status_code == 200  # taken by the fixture
    assert post("licence_add", {"number": "X-2", "expires_on": "2027-03-01"}).status_code == 302
    lic = retailer.licences.get(number="X-2")
    assert post("licence_renew", {"licence": lic.pk, "expires_on": "2029-03-01"}).status_code == 302
    retailer.refresh_from_db()
    lic.refresh_from_db()
    assert retailer.status == "suspended" and retailer.watch
    assert lic.expires_on == dt.date(2029, 3, 1)
    kinds = list(retailer.events.values_list("kind", flat=True))
    assert kinds.count(SiteEvent.Kind.LICENCE) == 2
    html = page(client, retailer)
    assert "三个月内投诉4次" in html and 'id="watch-banner"' in html


def test_an_action_with_a_stale_version_is_refused(as_user, people, retailer):
    client = as_user(people["dispatcher"])
    update_site(people["admin"], retailer.pk, version=None, changes={"phone": "110"})
    response = client.post(
        reverse("sites:status", args=[retailer.pk]), {"status": "closed", "version": 1}
    )
    assert "Someone changed this site" in response.content.decode()
    retailer.refresh_from_db()
    assert retailer.status == "open"


def test_a_school_lists_the_watched_trades_within_its_perimeter(as_user, people, make_site):
    school = make_site("school", name="柳岸小学", attributes={"school_type": "小学"})
    lon, lat = C1_POINT
    make_site("small_internet_cafe", (lon + 0.0015, lat), name="近网吧")  # ~144 m east
    make_site("small_internet_cafe", (lon + 0.0025, lat), name="远网吧")  # ~240 m: outside
    make_site("tobacco_retailer", (lon + 0.0005, lat), name="近烟店")  # not a perimeter kind
    html = page(as_user(people["dispatcher"]), school)
    section = html.split('id="perimeter"')[1].split("</section>")[0]
    assert "近网吧" in section and "144 m" in section
    assert "远网吧" not in section and "近烟店" not in section
