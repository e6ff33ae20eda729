"""Coverage against hand-counted fixtures, with a test contact source."""

import datetime as dt

import pytest

from zhengzhi.conftest import local
from zhengzhi.sites import registry
from zhengzhi.sites.models import SiteKind
from zhengzhi.sites.services import coverage
from zhengzhi.sites.services.errors import SiteError
from zhengzhi.sites.tests.helpers_coverage import add_event, event_source, make_site

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)
Q4 = coverage.resolve_period("quarter", today=TODAY)  # 2026-10-01 .. 2026-12-06


@pytest.fixture
def contacts():
    _rows, ids = event_source("contact")
    registry.register_contact_source("test.contacts", "Contacts", ids)
    _rows, other = event_source("inspection")
    registry.register_contact_source("test.inspections", "Inspections", other)
    yield
    registry._contacts.pop("test.contacts", None)
    registry._contacts.pop("test.inspections", None)


@pytest.fixture
def roster(units, contacts):
    """Hand count, this quarter:
    c1 (柳岸, street 东湖): 3 restaurants in the roster (2 contacted), 1 closed (contacted; not
        counted), 1 retail shop (not contacted).
    c2 (桃园, street 东湖): 2 restaurants, 1 contacted by two sources (counts once), 1 contacted
        last quarter only.
    other street (西山): 1 restaurant contacted.
    """
    c1, c2, west = units["c1"], units["c2"], units["other_street"]
    in_q = local(2026, 11, 3, 10)
    s = {
        "r1": make_site("一号面馆", owner=c1),
        "r2": make_site("二号面馆", owner=c1),
        "r3": make_site("三号面馆", owner=c1, status="suspended"),
        "closed": make_site("关门面馆", owner=c1, status="closed"),
        "shop": make_site("小卖部", owner=c1, kind_code="retail_shop"),
        "t1": make_site("桃园饭店", owner=c2),
        "t2": make_site("桃园小吃", owner=c2),
        "w1": make_site("西山饭庄", owner=west),
    }
    for site in (s["r1"], s["r3"], s["closed"], s["t1"], s["w1"]):
        add_event(site, in_q, "contact")
    add_event(s["t1"], in_q, "inspection")
    add_event(s["t2"], local(2026, 9, 30, 23, 59), "contact")  # last quarter
    add_event(s["r2"], local(2026, 12, 7, 0, 0), "contact")  # after the period
    for site in s.values():  # the street is the community's parent
        site.street = units["street"] if site.owner_unit_id in (c1.pk, c2.pk) else west
        site.save(update_fields=["street"])
    return s


def rows(table):
    return [(r.name, r.roster, r.contacted) for r in table.rows]


def test_periods():
    assert (Q4.first, Q4.last) == (dt.date(2026, 10, 1), TODAY)
    p = coverage.resolve_period("last_quarter", today=TODAY)
    assert (p.first, p.last) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    p = coverage.resolve_period("month", today=TODAY)
    assert (p.first, p.last) == (dt.date(2026, 12, 1), TODAY)
    p = coverage.resolve_period("", "2026-01-01", "2026-01-31", today=TODAY)
    assert (p.key, p.first, p.last) == ("custom", dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    for bad in (("custom", "2026-02-01", "2026-01-01"), ("custom", "x", ""), ("week", "", "")):
        with pytest.raises(SiteError):
            coverage.resolve_period(*bad, today=TODAY)


def test_the_county_by_street(roster, people):
    table = coverage.coverage_table(people["admin"], Q4)
    assert rows(table) == [("东湖街道", 6, 3), ("西山镇", 1, 1)]
    assert (table.total.roster, table.total.contacted) == (7, 4)
    assert table.rows[0].rate == 0.5


def test_drilling_into_a_street_and_a_kind(roster, people, units):
    table = coverage.coverage_table(people["admin"], Q4, parent=units["street"])
    assert rows(table) == [("柳岸社区", 4, 2), ("桃园社区", 2, 1)]
    restaurants = SiteKind.objects.get(code="small_restaurant")
    table = coverage.coverage_table(people["admin"], Q4, parent=units["street"], kind=restaurants)
    assert rows(table) == [("柳岸社区", 3, 2), ("桃园社区", 2, 1)]
    table = coverage.coverage_table(people["admin"], Q4, group="kind")
    assert rows(table) == [("小餐饮", 6, 4), ("门市部", 1, 0)]


def test_last_quarter(roster, people):
    table = coverage.coverage_table(
        people["admin"], coverage.resolve_period("last_quarter", today=TODAY)
    )
    assert rows(table) == [("东湖街道", 6, 1), ("西山镇", 1, 0)]


def test_never_contacted(roster, people, units):
    names = sorted(coverage.never_contacted(people["admin"], Q4).values_list("name", flat=True))
    assert names == ["二号面馆", "小卖部", "桃园小吃"]
    names = coverage.never_contacted(people["admin"], Q4, unit=units["c2"])
    assert list(names.values_list("name", flat=True)) == ["桃园小吃"]


def test_scoped(roster, people, units):
    # A street sees its communities; a community itself; another street nothing of these.
    table = coverage.coverage_table(people["street_leader"], Q4)
    assert rows(table) == [("柳岸社区", 4, 2), ("桃园社区", 2, 1)]
    table = coverage.coverage_table(people["handler"], Q4)
    assert rows(table) == [("柳岸社区", 4, 2)]
    table = coverage.coverage_table(people["other_handler"], Q4)
    assert rows(table) == [("西山镇", 1, 1)]
    assert "小卖部" not in coverage.never_contacted(people["other_handler"], Q4).values_list(
        "name", flat=True
    )
    # A department: the kinds it supervises, across the county.
    SiteKind.objects.get(code="retail_shop").departments.add(units["dept"])
    table = coverage.coverage_table(people["dept_handler"], Q4)
    assert rows(table) == [("东湖街道", 1, 0)]


def test_one_statement(roster, people, django_assert_num_queries):
    user = people["admin"]
    user.role_set, user.unit  # noqa: B018 - read once per request by the middleware
    with django_assert_num_queries(2):  # the units listed, the counts
        coverage.coverage_table(user, Q4)
