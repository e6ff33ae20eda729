"""/api/v1/sites/: list with the list page's filters and pages, detail, create, update with the
version check, kinds; another unit's site does not exist."""

import pytest

from zhengzhi.sites.models import Site
from zhengzhi.sites.services.sites import update_site
from zhengzhi.sites.tests.pages_support import (  # noqa: F401
    C1_POINT,
    C2_POINT,
    make_site_fixture,
    site_grids_fixture,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/sites"


def test_the_list_filters_and_pages(client, people, make_site):
    for i in range(5):
        make_site("retail_shop", name=f"门市部{i}")
    make_site("small_restaurant", name="饭店")
    client.force_login(people["dispatcher"])
    page = client.get(f"{API}/sites", {"kind": "retail_shop", "limit": 2, "offset": 2}).json()
    assert page["count"] == 5
    assert [s["name"] for s in page["items"]] == ["门市部2", "门市部3"]
    assert page["items"][0]["kind"] == "retail_shop"
    assert client.get(f"{API}/sites", {"licence": "soon"}).status_code == 422
    assert client.get(f"{API}/sites", {"q": "饭"}).json()["count"] == 1


def test_the_detail_has_attributes_and_licences(client, people, make_site):
    site = make_site("tobacco_retailer", attributes={"customer_grade": 4})
    client.force_login(people["handler"])
    data = client.get(f"{API}/sites/{site.pk}").json()
    assert data["attributes"] == {"customer_grade": 4}
    assert [lic["number"] for lic in data["licences"]] == ["L00001"]
    assert data["version"] == 1


def test_create_checks_the_kinds_fields_and_the_scope(client, people, site_grids, units):
    client.force_login(people["handler"])
    body = {"kind": "market", "name": "柳岸市场", "lon": C1_POINT[0], "lat": C1_POINT[1]}
    refused = client.post(f"{API}/sites", body, content_type="application/json")
    assert refused.status_code == 422
    assert set(refused.json()["errors"]) == {"organiser", "first_responsible"}
    body["attributes"] = {"organiser": "市场公司", "first_responsible": "李明", "stalls": "120"}
    made = client.post(f"{API}/sites", body, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["attributes"]["stalls"] == 120
    assert Site.objects.get(name="柳岸市场").owner_unit == units["c1"]
    elsewhere = {**body, "name": "桃园市场", "lon": C2_POINT[0], "lat": C2_POINT[1]}
    assert (
        client.post(f"{API}/sites", elsewhere, content_type="application/json").status_code == 422
    )
    assert not Site.objects.filter(name="桃园市场").exists()
    unknown = client.post(f"{API}/sites", {**body, "kind": "zoo"}, content_type="application/json")
    assert unknown.status_code == 422


def test_a_leader_may_not_create(client, people, site_grids):
    client.force_login(people["leader"])
    body = {"kind": "retail_shop", "name": "店"}
    assert client.post(f"{API}/sites", body, content_type="application/json").status_code == 403


def test_update_with_a_stale_version_is_409(client, people, make_site):
    site = make_site("retail_shop", name="旧名")
    client.force_login(people["dispatcher"])
    url = f"{API}/sites/{site.pk}"
    ok = client.patch(url, {"version": 1, "name": "新名"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    update_site(people["admin"], site.pk, version=None, changes={"phone": "110"})
    stale = client.patch(url, {"version": 2, "name": "又一名"}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    site.refresh_from_db()
    assert site.name == "新名"


def test_another_units_site_is_404(client, people, make_site):
    site = make_site("retail_shop", C2_POINT)
    client.force_login(people["handler"])
    assert client.get(f"{API}/sites/{site.pk}").status_code == 404
    assert client.get(f"{API}/sites").json()["count"] == 0


def test_kinds_with_their_fields(client, people):
    client.force_login(people["handler"])
    kinds = {k["code"]: k for k in client.get(f"{API}/kinds").json()}
    assert kinds["school"]["perimeter"]["distance_m"] == 200
    assert "customer_grade" in [f["key"] for f in kinds["tobacco_retailer"]["fields"]]
