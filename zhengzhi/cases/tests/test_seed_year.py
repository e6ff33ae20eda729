"""The county year of the tobacco seed (seed 000, 范文3), entered as cases one by one through
the services; the tables must give exactly the seed's figures."""

import datetime as dt
from decimal import Decimal

import pytest

from zhengzhi.cases.tables import Scope, breakdown, yearly
from zhengzhi.cases.tests.seed_support import YEAR

pytestmark = pytest.mark.django_db
D = Decimal


def test_the_breakdown_gives_the_seed(county_year, cpeople, cunits):
    t = breakdown(cpeople["officer"], Scope(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)))
    rows = {line.label: (line.cases, line.wan_sticks, line.value_wan) for line in t.types}
    assert rows == {
        "无证经营": (70, D("124.58"), D("44.41")),
        "无证运输": (14, D("86.02"), D("21.34")),
        "非渠道进货": (33, D("67.76"), D("19.06")),
        "无证批发": (2, D("4.62"), D("1.81")),
    }
    assert (t.total.cases, t.total.wan_sticks, t.total.value_wan) == (119, D("282.98"), D("86.62"))
    police, court, market = t.transfer("police"), t.transfer("court"), t.transfer("market")
    assert (police.cases, police.wan_sticks, police.value_wan) == (2, D("47.08"), D("12.49"))
    assert t.detained == 3
    assert court.cases == 1 and t.sentenced == 1 and t.arrested == 1
    assert market.cases == 70
    assert t.paid_wan == D("18.41")
    assert (t.people, t.vehicles, t.operations) == (540, 168, 7)
    assert (t.destroyed_cases, t.destroyed_value_wan) == (D("124.33"), D("43.80"))
    assert t.major == 1  # 8 万元 at or above the office's 5 万元


def test_the_yearly_table(county_year, cpeople, cunits):
    scope = Scope(dt.date(YEAR - 1, 1, 1), dt.date(YEAR, 12, 31), cunits["bureau"])
    before, row = yearly(cpeople["officer"], scope)
    assert before.year == YEAR - 1 and before.cases == 0 and before.sales_boxes is None
    assert (row.cases, row.wan_sticks, row.value_wan) == (119, D("282.98"), D("86.62"))
    assert (row.counterfeit, row.transport, row.sentenced) == (0, 14, 1)
    assert (row.sales_boxes, row.per_capita, row.box_price) == (D(23501), D("69.33"), D(11766))


def test_the_unit_and_period_narrow_it(county_year, cpeople, cunits):
    first_quarter = Scope(dt.date(YEAR, 1, 1), dt.date(YEAR, 3, 31))
    t = breakdown(cpeople["officer"], first_quarter)
    assert 0 < t.total.cases < 119
    assert (
        breakdown(
            cpeople["admin"], Scope(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), cunits["squad"])
        ).total.cases
        == 0
    )
    # the police see the two cases transferred to them, not the bureau's others
    t = breakdown(cpeople["police_user"], Scope(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)))
    assert t.total.cases == 1  # only one of the two named the sub-bureau's account
    assert t.people == 0  # the bureau's operations are not theirs
