"""The satisfaction rate: which rating counts, in which period, per unit, and in the unit
indicators and the ranking."""

import datetime as dt

import pytest

from zhengzhi.ledger.indicators import unit_indicators
from zhengzhi.ledger.indicators.periods import Period
from zhengzhi.ledger.indicators.ranking import rank
from zhengzhi.ledger.models import Problem, Status
from zhengzhi.public.models import Rating
from zhengzhi.satisfaction.models import FollowUpCall
from zhengzhi.satisfaction.rates import rated_problems, rating_counts
from zhengzhi.satisfaction.table import satisfaction_table

from .conftest import at

pytestmark = pytest.mark.django_db

MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def call(problem, staff, rating, when, reached=True):
    return FollowUpCall.objects.create(
        problem=problem, caller=staff["followup"], called_at=when, reached=reached, rating=rating
    )


def counted(problem):
    return rated_problems(at(1, 1), at(12, 31)).get(pk=problem.pk)


def test_the_call_counts_before_the_citizens_own_rating(closed, report_on, staff):
    p = closed()
    report_on(p, rating=Rating.SATISFIED, rated_at=at(3, 2))
    assert counted(p).counted_rating == Rating.SATISFIED and counted(p).rated_by == "citizen"
    call(p, staff, Rating.UNSATISFIED, at(3, 5))
    row = counted(p)
    assert (row.counted_rating, row.rated_by, row.counted_at) == ("unsatisfied", "call", at(3, 5))


def test_the_latest_reached_call_counts_and_unreached_calls_do_not(closed, staff):
    p = closed()
    call(p, staff, Rating.UNSATISFIED, at(3, 3))
    call(p, staff, Rating.SATISFIED, at(3, 6))
    call(p, staff, "", at(3, 9), reached=False)
    assert counted(p).counted_rating == Rating.SATISFIED


def test_a_merged_duplicates_rating_counts_once_on_its_master(
    closed, report_on, new_problem, staff
):
    master = closed()
    dup = new_problem()
    Problem.objects.filter(pk=dup.pk).update(status=Status.MERGED, master=master)
    report_on(dup, rating=Rating.BASIC, rated_at=at(3, 4))
    rows = list(rated_problems(MARCH.start, MARCH.end))
    assert [(r.pk, r.counted_rating) for r in rows] == [(master.pk, Rating.BASIC)]


def test_a_rating_counts_in_the_period_it_was_given(closed, staff):
    p = closed()
    call(p, staff, Rating.SATISFIED, at(4, 1, 0))  # midnight after March
    assert not rated_problems(MARCH.start, MARCH.end).exists()
    assert rated_problems(at(4, 1, 0), at(4, 2, 0)).count() == 1


def test_counts_per_unit_are_satisfied_basic_and_not(closed, staff, units):
    ratings = [Rating.SATISFIED, Rating.SATISFIED, Rating.BASIC, Rating.UNSATISFIED]
    for i, r in enumerate(ratings):
        call(closed(), staff, r, at(3, 10 + i))
    call(closed("c2"), staff, Rating.UNSATISFIED, at(3, 20))
    rows = {r["owner_unit_id"]: r for r in rating_counts(MARCH.start, MARCH.end, "owner_unit_id")}
    c1 = rows[units["c1"].pk]
    assert (c1["rated"], c1["satisfied"], c1["basic"], c1["unsatisfied"]) == (4, 2, 1, 1)
    assert rows[units["c2"].pk]["rated"] == 1


def test_the_unit_indicators_carry_the_satisfaction_rate(closed, staff, units):
    for r in (Rating.SATISFIED, Rating.BASIC, Rating.UNSATISFIED, Rating.SATISFIED):
        call(closed(), staff, r, at(3, 12))
    rows = {r["unit_id"]: r for r in unit_indicators(MARCH.date_from, MARCH.date_to)}
    c1 = rows[units["c1"].pk]
    assert (c1["rated"], c1["satisfied"], c1["satisfaction_rate"]) == (4, 3, 0.75)
    street = {
        r["unit_id"]: r for r in unit_indicators(MARCH.date_from, MARCH.date_to, by="street")
    }[units["street"].pk]
    assert (street["rated"], street["satisfied"]) == (4, 3)


def test_the_ranking_scores_satisfaction_too(closed, staff, units):
    for _ in range(3):
        call(closed("c1"), staff, Rating.SATISFIED, at(3, 12))
        call(closed("c2"), staff, Rating.UNSATISFIED, at(3, 12))
    result = rank(MARCH, "community")
    rows = {r["unit_id"]: r for r in result.ranked + result.too_few}
    assert rows[units["c1"].pk]["satisfaction_rate"] == 1.0
    assert rows[units["c2"].pk]["satisfaction_rate"] == 0.0
    assert result.means["satisfaction_rate"] == 0.5
    # Smoothed toward the mean, and c1 scores above c2 on it (everything else being equal).
    assert (
        rows[units["c1"].pk]["satisfaction_smoothed"]
        > 0.5
        > rows[units["c2"].pk]["satisfaction_smoothed"]
    )


def test_the_ranking_page_and_the_api_show_and_link_the_counts(client, closed, staff, units):
    """Through the ledger's indicator registry: labels, definitions and drill-downs here."""
    call(closed("c1"), staff, Rating.SATISFIED, at(3, 12))
    client.force_login(staff["admin"])
    query = {"period": "custom", "date_from": "2026-03-01", "date_to": "2026-03-31"}
    page = client.get("/ledger/ranking/", query).content.decode().replace("&amp;", "&")
    drill = "/satisfaction/problems/?date_from=2026-03-01&date_to=2026-03-31&group=community"
    assert f"{drill}&key={units['c1'].pk}&rating=satisfied_any" in page
    body = client.get("/api/v1/indicators/units", query).json()
    assert "满意或基本满意" in body["definitions"]["satisfied"]  # in the default language
    c1 = next(u for u in body["units"] if u["unit_id"] == units["c1"].pk)
    assert (c1["rated"], c1["satisfied"], c1["satisfaction_rate"]) == (1, 1, 1.0)


def test_the_table_per_street_and_per_category(closed, staff, units, categories):
    call(closed("c1"), staff, Rating.SATISFIED, at(3, 12))
    call(closed("c2"), staff, Rating.UNSATISFIED, at(3, 12))
    table = satisfaction_table(MARCH, "street")
    street = next(r for r in table.rows if r["key"] == units["street"].pk)
    assert (street["rated"], street["rate"], street["meets_target"]) == (2, 0.5, False)
    assert table.total["rated"] == 2
    cats = satisfaction_table(MARCH, "main_category")
    assert [r["rated"] for r in cats.rows] == [2]


def test_the_tables_query_count_does_not_grow(closed, staff, django_assert_max_num_queries):
    call(closed(), staff, Rating.SATISFIED, at(3, 12))
    with django_assert_max_num_queries(4) as ctx:
        satisfaction_table(MARCH, "community")
    before = len(ctx.captured_queries)
    for _ in range(4):
        call(closed("c2"), staff, Rating.BASIC, at(3, 13))
    with django_assert_max_num_queries(before):
        satisfaction_table(MARCH, "community")
