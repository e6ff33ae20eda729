"""The problem table's rows written in Python (views.table): every value escaped, and the marks
an office looks for (overdue, urgent, pending, time taken) where the template put them."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.ledger.models import Priority, Problem
from zhengzhi.ledger.views.lists import list_rows
from zhengzhi.ledger.views.table import table_rows

pytestmark = pytest.mark.django_db


def _rows(*problems, now=None):
    fresh = Problem.objects.filter(pk__in=[p.pk for p in problems]).order_by("pk")
    return list_rows(fresh, now or timezone.now())


def test_every_value_is_escaped(new_problem):
    p = new_problem(description='<script>alert("x")</script>', address="<b>柳岸路</b>")
    html = str(table_rows(_rows(p)))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html and "&lt;b&gt;柳岸路&lt;/b&gt;" in html
    assert f'href="/ledger/problems/{p.pk}/"' in html and p.number in html


def test_overdue_urgent_and_checked_rows_are_marked(new_problem):
    p = new_problem()
    Problem.objects.filter(pk=p.pk).update(
        status="dispatched",
        due_at=timezone.now() - dt.timedelta(hours=1),
        priority=Priority.URGENT,
    )
    html = str(table_rows(_rows(p), selectable=True, checked={p.pk}))
    assert '<tr class="row-overdue row-urgent">' in html
    assert 'class="tag tag-urgent">紧急<' in html or 'class="tag tag-urgent">' in html
    assert 'class="tag tag-bad">' in html  # the overdue tag beside the deadline
    assert f'id="pick-{p.pk}" checked' in html
    assert 'class="c-elapsed"><span class="nowrap">' in html  # time so far


def test_a_plain_row_has_no_marks(new_problem):
    p = new_problem()
    html = str(table_rows(_rows(p)))
    assert '<tr class="">' in html and "c-select" not in html and "tag-urgent" not in html
