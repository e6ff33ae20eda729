"""The coverage pages and export: scoped, drilled, counted; another unit's drill is not found."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhengzhi.sites.tests.test_coverage import contacts, roster  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
Q = "period=custom&date_from=2026-10-01&date_to=2026-12-06"


def cells(response, table_id):
    from html.parser import HTMLParser

    class P(HTMLParser):
        rows, inside, row, cell = [], False, None, None

        def handle_starttag(self, tag, attrs):
            if tag == "table" and ("id", table_id) in attrs:
                self.inside = True
            elif self.inside and tag == "tr":
                self.row = []
            elif self.inside and tag == "td":
                self.cell = ""

        def handle_endtag(self, tag):
            if tag == "table":
                self.inside = False
            elif self.inside and tag == "td" and self.row is not None:
                self.row.append(self.cell.strip())
                self.cell = None
            elif self.inside and tag == "tr" and self.row:
                self.rows.append(self.row)
                self.row = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    p = P()
    p.rows = []
    p.feed(response.content.decode())
    return p.rows


def figures(response):
    """Name, roster, contacted, never contacted (the rate is the second column)."""
    return [[r[0], *r[2:5]] for r in cells(response, "coverage")]


def test_the_office_sees_the_county(roster, people, as_user, django_assert_max_num_queries):  # noqa: F811
    client = as_user(people["admin"])
    with django_assert_max_num_queries(12):
        r = client.get(reverse("sites:coverage") + "?" + Q)
    assert r.status_code == 200
    assert figures(r) == [
        ["东湖街道", "6", "3", "3"],
        ["西山镇", "1", "1", "0"],
        ["All sites", "7", "4", "3"],
    ]
    street = roster["r1"].street_id
    r = client.get(reverse("sites:coverage") + f"?{Q}&unit={street}")
    assert figures(r)[:2] == [["柳岸社区", "4", "2", "2"], ["桃园社区", "2", "1", "1"]]
    r = client.get(reverse("sites:coverage") + f"?{Q}&group=kind")
    assert figures(r)[:2] == [["小餐饮", "6", "4", "2"], ["门市部", "1", "0", "1"]]


def test_the_default_period_and_a_bad_one(roster, people, as_user):  # noqa: F811
    client = as_user(people["admin"])
    assert client.get(reverse("sites:coverage")).status_code == 200
    r = client.get(reverse("sites:coverage") + "?period=custom&date_from=2026-12-01&date_to=x")
    assert r.status_code == 200
    assert b'id="period-error"' in r.content
    assert client.get(reverse("sites:coverage") + "?kind=999999").status_code == 404


def test_never_contacted_list(roster, people, as_user, django_assert_max_num_queries):  # noqa: F811
    client = as_user(people["street_leader"])
    with django_assert_max_num_queries(12):
        r = client.get(reverse("sites:coverage_sites") + "?" + Q)
    assert r.status_code == 200
    names = [row[1] for row in cells(r, "never-contacted")]
    assert sorted(names) == ["二号面馆", "小卖部", "桃园小吃"]
    c2 = roster["t2"].owner_unit_id
    r = client.get(reverse("sites:coverage_sites") + f"?{Q}&unit={c2}")
    assert [row[1] for row in cells(r, "never-contacted")] == ["桃园小吃"]


def test_another_units_drill_is_not_found(roster, people, as_user, units):  # noqa: F811
    client = as_user(people["other_handler"])
    for name in ("sites:coverage", "sites:coverage_sites", "sites:coverage_export"):
        r = client.get(reverse(name) + f"?{Q}&unit={units['c1'].pk}")
        assert r.status_code == 404, name
    r = client.get(reverse("sites:coverage_sites") + "?" + Q)
    assert [row[1] for row in cells(r, "never-contacted")] == []


def test_export(roster, people, as_user):  # noqa: F811
    client = as_user(people["admin"])
    r = client.get(reverse("sites:coverage_export") + "?" + Q)
    assert r.status_code == 200
    ws = load_workbook(BytesIO(r.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=6)]
    assert rows == [
        ["东湖街道", 6, 3, 3, 0.5],
        ["西山镇", 1, 1, 0, 1.0],
        ["All sites", 7, 4, 3, 4 / 7],
    ]
    # Scoped: a community's export holds its own row only.
    r = as_user(people["handler"]).get(reverse("sites:coverage_export") + "?" + Q)
    ws = load_workbook(BytesIO(r.content)).active
    assert [c.value for c in next(ws.iter_rows(min_row=6))][:3] == ["柳岸社区", 4, 2]
