"""The time from report to close (or so far), on the clock and in working time, on the problem
page and in the ledger list."""

import pytest
from django.urls import reverse

from zhengzhi.conftest import local
from zhengzhi.ledger.models import Problem, Status
from zhengzhi.ledger.tests.pages_support import detail_url


def login(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"


pytestmark = pytest.mark.django_db
LIST = reverse("ledger:list")


def _closed(new_problem, reported, closed):
    p = new_problem()
    Problem.objects.filter(pk=p.pk).update(
        status=Status.CLOSED, reported_at=reported, closed_at=closed, closed_on_time=True
    )
    return p


@pytest.mark.time_machine(local(2026, 12, 9, 10))
def test_seed_004s_problem_found_at_13_05_and_closed_at_15_10_took_2_h_05_min(
    client, new_problem, staff
):
    p = _closed(new_problem, local(2026, 12, 7, 13, 5), local(2026, 12, 7, 15, 10))
    login(client, staff["handler"])
    html = client.get(detail_url(p)).content.decode()
    assert "Report to close" in html
    assert '<dd id="elapsed">2 h 05 min <span class="muted">· working time 2 h 05 min' in html
    listed = client.get(LIST).content.decode()
    assert "2 h 05 min" in listed and "working time 2 h 05 min" in listed


@pytest.mark.time_machine(local(2026, 12, 14, 9, 30))
def test_an_open_problem_shows_the_time_so_far_and_a_weekend_is_no_working_time(
    client, new_problem, staff
):
    p = new_problem()
    # Reported on Friday at 16:00: 1.5 working hours that day, 1 on Monday morning.
    Problem.objects.filter(pk=p.pk).update(reported_at=local(2026, 12, 11, 16))
    login(client, staff["handler"])
    html = client.get(detail_url(p)).content.decode()
    assert "Open for" in html and "2 d 17 h" in html and "working time 2 h 30 min" in html
    listed = client.get(LIST).content.decode()
    assert "2 d 17 h" in listed and "so far" in listed and "working time 2 h 30 min" in listed


def test_a_rejected_problem_shows_no_time(client, new_problem, staff):
    p = new_problem()
    Problem.objects.filter(pk=p.pk).update(status=Status.REJECTED, reject_reason="重复")
    login(client, staff["dispatcher"])
    html = client.get(detail_url(p)).content.decode()
    assert 'id="elapsed"' not in html
