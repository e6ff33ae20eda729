"""Filtering by a kind's own fields (attribute_filters): once one kind is chosen, each declared
field is a filter on the list, its export, the map's points and the API; an unreadable value
is named and lists nothing."""

import io

import openpyxl
import pytest
from django.urls import reverse

from zhengzhi.sites.tests.pages_support import (  # noqa: F401
    make_site_fixture,
    site_grids_fixture,
)

pytestmark = pytest.mark.django_db
LIST = reverse("sites:list")


@pytest.fixture
def restaurants(make_site):
    def make(name, **attributes):
        return make_site("small_restaurant", name=name, attributes=attributes)

    return {
        "a": make("甲饭店", seats=12, grade="优秀(A)", health_cert_expiry="2026-03-01"),
        "b": make("乙饭店", seats=40, grade="良好(B)", health_cert_expiry="2027-01-15"),
        "c": make("丙饭店", seats=80, grade="良好(B)"),
        "d": make("丁饭店"),  # nothing filled in
    }


@pytest.fixture
def workshops(make_site):
    def make(name, made):
        return make_site(
            "food_workshop",
            name=name,
            attributes={"registered_products": ["糕点", "豆制品", "蔬菜制品"], "products": made},
        )

    return [make("王记糕点坊", ["糕点"]), make("李记豆腐坊", ["豆制品", "蔬菜制品"])]


def listed(client, **params) -> list[str]:
    html = client.get(LIST, params).content.decode()
    wanted = ["甲饭店", "乙饭店", "丙饭店", "丁饭店", "王记糕点坊", "李记豆腐坊"]
    return [n for n in wanted if n in html]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"f_grade": "良好(B)"}, ["乙饭店", "丙饭店"]),
        ({"f_seats_min": "40"}, ["乙饭店", "丙饭店"]),
        ({"f_seats_max": "40"}, ["甲饭店", "乙饭店"]),
        ({"f_seats_min": "13", "f_seats_max": "79"}, ["乙饭店"]),
        ({"f_health_cert_expiry_max": "2026-12-31"}, ["甲饭店"]),
        ({"f_health_cert_expiry_min": "2026-03-01"}, ["甲饭店", "乙饭店"]),
        ({"f_grade": "良好(B)", "f_seats_max": "50"}, ["乙饭店"]),
    ],
)
def test_a_kinds_fields_filter_the_list(as_user, people, restaurants, params, expected):
    client = as_user(people["dispatcher"])
    assert listed(client, kind="small_restaurant", **params) == expected


def test_one_of_several_choices(as_user, people, workshops):
    client = as_user(people["dispatcher"])
    assert listed(client, kind="food_workshop", f_products="豆制品") == ["李记豆腐坊"]
    assert listed(client, kind="food_workshop", f_products="糕点") == ["王记糕点坊"]
    assert listed(client, kind="food_workshop", f_products="蜂产品") == []


def test_the_form_offers_the_kinds_fields_and_keeps_them_in_links(as_user, people, restaurants):
    client = as_user(people["dispatcher"])
    html = client.get(LIST, {"kind": "small_restaurant", "f_grade": "良好(B)"}).content.decode()
    assert 'name="f_seats_min"' in html and 'name="f_health_cert_expiry_max"' in html
    assert '<option value="良好(B)" selected>' in html
    # The export and map links carry the field's filter.
    assert "f_grade=%E8%89%AF%E5%A5%BD%28B%29" in html
    # No kind chosen: no field filters offered, and a stray one is ignored.
    html = client.get(LIST, {"f_grade": "良好(B)"}).content.decode()
    assert 'name="f_seats_min"' not in html
    assert listed(client, f_grade="良好(B)") == ["甲饭店", "乙饭店", "丙饭店", "丁饭店"]


def test_an_unreadable_value_is_named_and_lists_nothing(as_user, people, restaurants):
    client = as_user(people["dispatcher"])
    response = client.get(LIST, {"kind": "small_restaurant", "f_grade": "特优"})
    html = response.content.decode()
    assert "f_grade" in html and "No sites match." in html
    html = client.get(LIST, {"kind": "small_restaurant", "f_seats_min": "many"}).content.decode()
    assert "f_seats_min" in html and "No sites match." in html


def test_export_map_and_api_follow_the_fields(as_user, people, restaurants):
    client = as_user(people["dispatcher"])
    params = {"kind": "small_restaurant", "f_seats_min": "40"}
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("sites:export"), params).content))
    assert [r[1] for r in book.active.iter_rows(min_row=2, values_only=True)] == [
        "乙饭店",
        "丙饭店",
    ]
    points = client.get(reverse("sites:map_points"), params).json()["points"]
    assert sorted(p[7] for p in points) == ["丙饭店", "乙饭店"]
    api = client.get("/api/v1/sites/sites", params).json()
    assert [s["name"] for s in api["items"]] == ["乙饭店", "丙饭店"]
    refused = client.get("/api/v1/sites/sites", {"kind": "small_restaurant", "f_grade": "特优"})
    assert refused.status_code == 400 and "f_grade" in refused.json()["detail"]


def test_yes_no_and_text_fields(as_user, people, make_site):
    for name, alarm in (("有报警饭庄", True), ("无报警饭庄", False)):
        make_site("catering_gas_user", name=name, attributes={"alarm_fitted": alarm})
    for name, organiser in (
        ("东湖农贸市场", "东湖市场管理有限公司"),
        ("西山集贸市场", "西山镇集贸所"),
    ):
        make_site(
            "market",
            name=name,
            attributes={"organiser": organiser, "first_responsible": "李明"},
        )
    client = as_user(people["dispatcher"])

    def names(**params):
        html = client.get(LIST, params).content.decode()
        return [
            n for n in ("有报警饭庄", "无报警饭庄", "东湖农贸市场", "西山集贸市场") if n in html
        ]

    assert names(kind="catering_gas_user", f_alarm_fitted="1") == ["有报警饭庄"]
    assert names(kind="catering_gas_user", f_alarm_fitted="0") == ["无报警饭庄"]
    assert names(kind="market", f_organiser="管理有限") == ["东湖农贸市场"]
