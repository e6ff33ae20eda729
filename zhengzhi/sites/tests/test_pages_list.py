"""The site list: filters, order, pages, the query count, the export and the map's points."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from zhengzhi.sites.services.sites import LicenceInput, set_watch
from zhengzhi.sites.tests.pages_support import (  # noqa: F401
    C2_POINT,
    make_site_fixture,
    site_grids_fixture,
)
from zhengzhi.sites.views import lists

pytestmark = pytest.mark.django_db
LIST = reverse("sites:list")


@pytest.fixture
def today(monkeypatch):
    day = dt.date(2026, 12, 6)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


@pytest.fixture
def expiry_sites(make_site, today, people):
    def lic(number, days):
        return [LicenceInput(number=number, expires_on=today + dt.timedelta(days=days))]

    out = {
        "expired": make_site("small_restaurant", name="过期饭店", licences=lic("A1", -1)),
        "expiring": make_site("small_restaurant", name="将到期饭店", licences=lic("A2", 29)),
        "valid": make_site("small_restaurant", name="有效饭店", licences=lic("A3", 30)),
        "none": make_site("retail_shop", name="无证门市部", licences=[]),
    }
    set_watch(people["admin"], out["none"].pk, version=None, watch=True, reason="屡次投诉")
    return out


def names(response) -> list[str]:
    html = response.content.decode()
    wanted = ["过期饭店", "将到期饭店", "有效饭店", "无证门市部"]
    found = [(html.index(n), n) for n in wanted if n in html]
    return [n for _i, n in sorted(found)]


@pytest.mark.parametrize(
    "state, expected",
    [
        ("expired", ["过期饭店"]),
        ("expiring", ["将到期饭店"]),
        ("valid", ["有效饭店"]),
        ("none", ["无证门市部"]),
    ],
)
def test_the_licence_filter(as_user, people, expiry_sites, state, expected):
    response = as_user(people["dispatcher"]).get(LIST, {"licence": state})
    assert names(response) == expected


def test_expired_is_red_and_expiring_amber(as_user, people, expiry_sites):
    html = as_user(people["dispatcher"]).get(LIST).content.decode()
    assert 'class="expiry expiry-expired">expired 2026-12-05' in html
    assert 'class="expiry expiry-expiring">expires 2027-01-04' in html


def test_watch_kind_text_and_sort(as_user, people, expiry_sites):
    client = as_user(people["dispatcher"])
    assert names(client.get(LIST, {"watch": "1"})) == ["无证门市部"]
    assert names(client.get(LIST, {"kind": "retail_shop"})) == ["无证门市部"]
    assert names(client.get(LIST, {"q": "到期"})) == ["将到期饭店"]
    assert names(client.get(LIST, {"sort": "expiry"}))[:3] == ["过期饭店", "将到期饭店", "有效饭店"]
    assert names(client.get(LIST, {"sort": "-expiry"}))[:3] == [
        "有效饭店",
        "将到期饭店",
        "过期饭店",
    ]


def test_a_filter_that_cannot_be_read_lists_nothing(as_user, people, expiry_sites):
    response = as_user(people["dispatcher"]).get(LIST, {"status": "gone", "unit": "x"})
    assert names(response) == []
    assert 'id="filter-errors"' in response.content.decode()


def test_the_unit_filter(as_user, people, units, make_site):
    make_site("retail_shop", name="柳岸门市部")
    make_site("retail_shop", C2_POINT, name="桃园门市部")
    html = as_user(people["dispatcher"]).get(LIST, {"unit": units["c2"].pk}).content.decode()
    assert "桃园门市部" in html and "柳岸门市部" not in html


def test_a_page_of_fifty_costs_the_same_few_queries(
    as_user, people, make_site, django_assert_max_num_queries
):
    for i in range(60):
        make_site("small_restaurant" if i % 2 else "retail_shop", name=f"店{i:02d}")
    client = as_user(people["dispatcher"])
    client.get(LIST)  # warm the session and the user's caches
    # session, user, roles, scope units, kinds, units for the filter, count, rows, licences
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"page": "2"})
    assert response.content.decode().count('class="status-open"') == 10


def test_the_export_is_the_filtered_list(as_user, people, expiry_sites):
    response = as_user(people["dispatcher"]).get(reverse("sites:export"), {"licence": "expired"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0][:2] == ("Site code", "Name")
    assert [r[1] for r in rows[1:]] == ["过期饭店"]
    assert rows[1][9:11] == ("A1", "2026-12-05")


def test_an_export_over_the_limit_is_refused_with_a_reason(
    as_user, people, expiry_sites, monkeypatch
):
    monkeypatch.setattr(lists, "EXPORT_LIMIT", 3)
    response = as_user(people["dispatcher"]).get(reverse("sites:export"), follow=True)
    assert "4 sites match: narrow the filters to at most 3" in response.content.decode()


def test_the_map_points_follow_the_filters(as_user, people, expiry_sites, make_site):
    make_site("retail_shop", point=None, name="无点门市部")
    client = as_user(people["dispatcher"])
    data = client.get(reverse("sites:map_points"), {"kind": "retail_shop"}).json()
    assert [p[7] for p in data["points"]] == ["无证门市部"]
    assert data["points"][0][4] == 1  # on the watch list
    assert data["without_point"] == 1
    assert client.get(reverse("sites:map_points"), {"licence": "soon"}).status_code == 400
    page = client.get(reverse("sites:map"), {"kind": "retail_shop"}).content.decode()
    assert "points.json?kind=retail_shop" in page
    assert "leaflet.markercluster.js" in page


def test_the_export_by_text_in_the_asked_order(as_user, people, expiry_sites):
    # A text search may join licences (DISTINCT): the order by expiry must still hold.
    response = as_user(people["dispatcher"]).get(
        reverse("sites:export"), {"q": "饭店", "sort": "-expiry"}
    )
    rows = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
    names = [r[1] for r in rows.iter_rows(min_row=2, values_only=True)]
    assert names == ["有效饭店", "将到期饭店", "过期饭店"]
