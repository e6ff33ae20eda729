"""Values filled from facts: the satisfaction rate (ratings, calls, questionnaires) and ledger
counts for items mapped to problem categories."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from zhengzhi.conftest import local
from zhengzhi.ledger.models import Problem
from zhengzhi.public.models import Rating
from zhengzhi.satisfaction.models import FollowUpCall
from zhengzhi.standards import facts
from zhengzhi.standards.models import IndicatorValue, Item, ValueStatus
from zhengzhi.standards.services.loading import load_standards
from zhengzhi.surveys.models import Answer, Choice, Question, QuestionKind, Response, Survey

pytestmark = pytest.mark.django_db


def _survey(author, answers: list[str], when: dt.datetime) -> None:
    survey = Survey.objects.create(title="满意度", created_by=author, created_at=when)
    q = Question.objects.create(survey=survey, kind=QuestionKind.SATISFACTION, text="满意吗")
    choices = {
        r: Choice.objects.create(question=q, text=r, rating=r, position=i)
        for i, r in enumerate(Rating.values)
    }
    for n, rating in enumerate(answers):
        response = Response.objects.create(survey=survey, submitted_at=when, device_hash=f"d{n}")
        Answer.objects.create(response=response, question=q, choice=choices[rating])


def test_the_satisfaction_rate_of_a_year_from_calls_ratings_and_questionnaires(
    closed, report_on, staff, units
):
    a, b, c = closed(), closed(), closed()
    report_on(a, rating=Rating.SATISFIED, rated_at=local(2026, 3, 2))
    report_on(b, rating=Rating.UNSATISFIED, rated_at=local(2026, 3, 2))
    # The call counts before the citizen's own rating.
    FollowUpCall.objects.create(
        problem=b,
        caller=staff["followup"],
        called_at=local(2026, 3, 3),
        reached=True,
        rating=Rating.BASIC,
    )
    report_on(c, rating=Rating.UNSATISFIED, rated_at=local(2025, 12, 31, 23))  # another year
    _survey(
        staff["admin"], ["satisfied"] * 5 + ["basic"] * 2 + ["unsatisfied"] * 1, local(2026, 5, 1)
    )
    count = facts.satisfaction_count(2026)
    assert (count.rated, count.satisfied, count.answered, count.answered_satisfied) == (2, 2, 8, 7)
    assert count.rate == Decimal("90.00")  # 9 of 10

    load_standards()
    value = facts.fill_satisfaction(2026, units["office"], actor=staff["admin"])
    assert value.number == Decimal("90") and value.status == ValueStatus.CONFIRMED
    assert value.source == "satisfaction" and value.period == dt.date(2026, 1, 1)
    # Filling again with the same facts adds nothing; new facts replace the figure, kept as history.
    assert facts.fill_satisfaction(2026, units["office"], actor=staff["admin"]) == value
    _survey(staff["admin"], ["unsatisfied"] * 10, local(2026, 6, 1))
    newer = facts.fill_satisfaction(2026, units["office"], actor=staff["admin"])
    assert newer.number == Decimal("45") and newer.replaces == value
    assert IndicatorValue.objects.filter(current=True).count() == 1


def test_no_rating_no_figure(db, units):
    load_standards()
    assert facts.satisfaction_count(2026).rate is None
    assert facts.fill_satisfaction(2026, units["office"]) is None


def test_ledger_counts_for_items_mapped_to_problem_categories(new_problem, closed, categories):
    load_standards()
    item = Item.objects.get(category__standard__code="gwcs-2021", code="10")
    other = Item.objects.get(category__standard__code="gwcs-2021", code="13")
    sub = categories["0401"]
    item.problem_categories.set([sub.parent or sub])  # the main category: its subs count too
    other.problem_categories.set([sub])
    now = timezone.now()
    p1 = new_problem()
    closed()
    Problem.objects.filter(pk=p1.pk).update(registered_at=now)
    counts = facts.item_ledger_counts([item, other], timezone.localdate().year)
    assert counts[item.pk].closed == 1 and counts[item.pk] == counts[other.pk]
    assert facts.item_ledger_counts([Item.objects.get(code="11", category__code="C3")], 2026) == {}


def test_the_office_fills_the_year_from_the_page(closed, report_on, staff, units, as_user):
    from django.urls import reverse

    from zhengzhi.standards.models import Measure

    load_standards()
    report_on(closed(), rating=Rating.SATISFIED, rated_at=timezone.now())
    measure = Measure.objects.get(code="satisfaction_rate")
    url = reverse("standards:fill", args=[measure.pk])
    year = timezone.localdate().year
    assert as_user(staff["handler"]).post(url, {"year": year}).status_code == 404
    client = as_user(staff["admin"])
    client.post(url, {"year": "abc"})
    assert not IndicatorValue.objects.exists()
    client.post(url, {"year": year})
    assert IndicatorValue.objects.get().number == 100


def test_the_nightly_job_fills_the_year(closed, report_on, units):
    from zhengzhi.standards.tasks import fill_satisfaction

    load_standards()
    report_on(closed(), rating=Rating.UNSATISFIED, rated_at=timezone.now())
    assert fill_satisfaction(None) == {"filled": True, "rate": "0.0000"}
