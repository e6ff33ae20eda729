"""Who sees which sites: a community its territory's, a department the kinds it supervises
across the county, the office all; another unit's site is "not found" on the list, the site
page, the map's points, the export and the API."""

import io

import openpyxl
import pytest
from django.urls import reverse

from zhengzhi.sites.tests.pages_support import (  # noqa: F401
    C1_POINT,
    C2_POINT,
    make_site_fixture,
    site_grids_fixture,
    tobacco_bureau_fixture,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(make_site):
    return {
        "c1_restaurant": make_site("small_restaurant", C1_POINT, name="柳岸小吃店"),
        "c2_restaurant": make_site("small_restaurant", C2_POINT, name="桃园小吃店"),
        "c2_tobacco": make_site("tobacco_retailer", C2_POINT, name="桃园烟酒店"),
    }


def _listed(client, url=None) -> set[str]:
    html = client.get(url or reverse("sites:list")).content.decode()
    return {name for name in ("柳岸小吃店", "桃园小吃店", "桃园烟酒店") if name in html}


def _exported(client) -> set[str]:
    response = client.get(reverse("sites:export"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return {row[1] for row in book.active.iter_rows(min_row=2, values_only=True)}


def _mapped(client) -> set[str]:
    data = client.get(reverse("sites:map_points")).json()
    return {p[7] for p in data["points"]}


def _api(client) -> set[str]:
    data = client.get("/api/v1/sites/sites").json()
    return {s["name"] for s in data["items"]}


def test_a_community_handler_sees_its_territory_only(as_user, people, sites):
    client = as_user(people["handler"])  # 柳岸社区
    assert _listed(client) == {"柳岸小吃店"}
    assert _exported(client) == {"柳岸小吃店"}
    assert _mapped(client) == {"柳岸小吃店"}
    assert _api(client) == {"柳岸小吃店"}
    assert client.get(reverse("sites:site", args=[sites["c1_restaurant"].pk])).status_code == 200


@pytest.mark.parametrize("key", ["c2_restaurant", "c2_tobacco"])
def test_another_units_site_is_not_found(as_user, people, sites, key):
    client = as_user(people["handler"])
    pk = sites[key].pk
    assert client.get(reverse("sites:site", args=[pk])).status_code == 404
    assert client.get(reverse("sites:edit", args=[pk])).status_code == 404
    assert (
        client.post(
            reverse("sites:status", args=[pk]), {"status": "closed", "version": 1}
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/sites/sites/{pk}").status_code == 404
    answer = client.patch(
        f"/api/v1/sites/sites/{pk}", {"version": 1, "name": "改名"}, content_type="application/json"
    )
    assert answer.status_code == 404
    assert client.get(reverse("ledger:new") + f"?site={pk}").status_code == 404
    sites[key].refresh_from_db()
    assert sites[key].status == "open" and sites[key].name != "改名"


def test_a_department_sees_the_kinds_it_supervises_across_the_county(
    as_user, tobacco_bureau, sites
):
    client = as_user(tobacco_bureau["handler"])
    assert _listed(client) == {"桃园烟酒店"}
    assert _exported(client) == {"桃园烟酒店"}
    assert _mapped(client) == {"桃园烟酒店"}
    assert _api(client) == {"桃园烟酒店"}
    assert client.get(reverse("sites:site", args=[sites["c2_restaurant"].pk])).status_code == 404


def test_a_department_that_supervises_nothing_sees_nothing(as_user, people, sites):
    client = as_user(people["dept_handler"])  # 城管执法局: no site kind
    assert _listed(client) == set()
    assert _api(client) == set()


def test_the_office_sees_every_site(as_user, people, sites):
    client = as_user(people["dispatcher"])
    assert _listed(client) == {"柳岸小吃店", "桃园小吃店", "桃园烟酒店"}
    assert _exported(client) == {"柳岸小吃店", "桃园小吃店", "桃园烟酒店"}
    assert _mapped(client) == {"柳岸小吃店", "桃园小吃店", "桃园烟酒店"}


def test_a_leader_reads_but_may_not_change(as_user, people, sites):
    client = as_user(people["leader"])
    pk = sites["c1_restaurant"].pk
    assert client.get(reverse("sites:site", args=[pk])).status_code == 200
    assert client.get(reverse("sites:edit", args=[pk])).status_code == 404
    assert client.get(reverse("sites:new")).status_code == 404
