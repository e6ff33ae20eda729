"""The satisfaction page and its drill-down: formula shown, scoped problems, bad dates."""

import pytest

from zhengzhi.public.models import Rating
from zhengzhi.satisfaction.models import FollowUpCall

from .conftest import at

pytestmark = pytest.mark.django_db
RATES = "/satisfaction/"
PROBLEMS = "/satisfaction/problems/"
MARCH = {"period": "custom", "date_from": "2026-03-01", "date_to": "2026-03-31"}


def call(problem, staff, rating, when, comment=""):
    FollowUpCall.objects.create(
        problem=problem, caller=staff["followup"], called_at=when, reached=True, rating=rating,
        comment=comment,
    )  # fmt: skip


def test_the_page_shows_the_rate_per_unit_with_its_formula(client, closed, staff, units):
    call(closed("c1"), staff, Rating.SATISFIED, at(3, 3))
    call(closed("c2"), staff, Rating.UNSATISFIED, at(3, 3))
    client.force_login(staff["leader"])
    body = client.get(RATES, MARCH).content.decode()
    assert "满意率 = （满意 + 基本满意）÷ 评价的问题数" in body
    assert f'data-key="{units["c1"].pk}" class=""' in body
    assert f'data-key="{units["c2"].pk}" class="below"' in body
    assert "100.0%" in body and "0.0%" in body and "90.0%" in body


def test_bad_dates_answer_with_a_reason(client, staff):
    client.force_login(staff["admin"])
    response = client.get(RATES, {"period": "custom", "date_from": "2026-13-01", "date_to": "x"})
    assert response.status_code == 200 and 'id="period-error"' in response.content.decode()
    response = client.get(PROBLEMS, {"date_from": "2026-03-31", "date_to": "2026-03-01"})
    assert response.status_code == 400
    response = client.get(PROBLEMS, {**MARCH, "group": "community", "key": "9" * 40, "page": "x"})
    assert response.status_code == 200


def test_the_drill_down_shows_only_what_the_viewer_may_see(client, closed, staff, units):
    mine, theirs = closed("c1"), closed("c2")
    call(mine, staff, Rating.UNSATISFIED, at(3, 3), comment="我是张三13812341234")
    call(theirs, staff, Rating.UNSATISFIED, at(3, 3))
    client.force_login(staff["handler"])  # c1's handler: not a viewer of the figures
    assert client.get(PROBLEMS, MARCH).status_code == 404
    client.force_login(staff["street_leader"])
    body = client.get(PROBLEMS, {**MARCH, "rating": "unsatisfied"}).content.decode()
    assert mine.number in body and theirs.number in body  # both in the leader's street
    assert "13812341234" not in body  # comments are for the office only
    client.force_login(staff["admin"])
    body = client.get(
        PROBLEMS, {**MARCH, "group": "community", "key": units["c1"].pk}
    ).content.decode()
    assert mine.number in body and theirs.number not in body and "13812341234" in body


def test_the_ranking_page_shows_the_satisfaction_rate(client, closed, staff):
    call(closed("c1"), staff, Rating.SATISFIED, at(3, 3))
    client.force_login(staff["leader"])
    body = client.get("/ledger/ranking/", {**MARCH, "level": "community"}).content.decode()
    assert 'data-rate="satisfaction_rate"' in body and "/satisfaction/problems/?" in body
