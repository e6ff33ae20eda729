"""The home page lands each role on its work, with the ledger's own figures."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from zhengzhi.conftest import local
from zhengzhi.ledger.indicators.links import figure_params
from zhengzhi.ledger.indicators.periods import Period
from zhengzhi.ledger.models import Problem, Status
from zhengzhi.ledger.selectors import filter_problems
from zhengzhi.ledger.tests.pages_support import (
    close_checked,
    dispatched,
    registered,
    reported_back,
)

pytestmark = pytest.mark.django_db
HOME = reverse("portal:home")


def figure(html: str, key: str) -> tuple[int, str]:
    m = re.search(rf'id="fig-{key}" href="([^"]+)"><span class="n">(\d+)<', html)
    assert m, key
    return int(m.group(2)), m.group(1).replace("&amp;", "&")


def listed(html: str, section: str) -> list[str]:
    part = html.split(f'id="home-{section}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="mono" href="/ledger/problems/\d+/">(\d{4}-\d{6})<', part)


@pytest.fixture
def day(new_problem, staff):
    """Two problems reported today (one overdue in c1), one closed today, one overdue in c2."""
    overdue = dispatched(new_problem, staff)
    other = dispatched(new_problem, staff, lon=120.015, by="c2_handler")
    back = reported_back(new_problem, staff)
    close_checked(back.pk, actor=staff["inspector"], note="ok")
    fresh = new_problem()
    past = timezone.now() - dt.timedelta(hours=2)
    Problem.objects.filter(pk__in=[overdue.pk, other.pk]).update(due_at=past)
    Problem.objects.filter(pk=other.pk).update(reported_at=past - dt.timedelta(days=3))
    return {"overdue": overdue, "other": other, "closed": back, "fresh": fresh}


def test_a_leader_lands_on_todays_summary_whose_figures_equal_the_ledger_lists(
    as_user, staff, day, django_assert_max_num_queries
):
    client = as_user(staff["leader"])
    # 20 for the summary and the queue, 6 for the dashboard's panels (supervision), 1 for
    # its inspections panel, which has no visits to show here, and 1 for accountability's
    # open records (one grouped query).
    with django_assert_max_num_queries(28):
        html = client.get(HOME).content.decode()
    assert 'id="home-summary"' in html and 'id="home-queue"' in html
    for key, expected in (("new", 3), ("closed", 1), ("overdue", 2)):
        count, url = figure(html, key)
        assert count == expected, key
        # The figure is the count of the very list it links to.
        listed = client.get(url).content.decode()
        assert len(re.findall(r'class="mono" href="/ledger/problems/', listed)) == expected, key
    # The units with the most overdue problems, each linking to its own overdue problems.
    top = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> <span class="tag tag-bad">(\d+)<', html)
    assert sorted((name, n) for _url, name, n in top) == [("柳岸社区", "1"), ("桃园社区", "1")]
    assert all("overdue=1" in url for url, _n, _c in top)


def test_the_summary_is_the_ledgers_own_count(staff, day):
    from zhengzhi.ledger.indicators.today import today_summary

    summary = today_summary(staff["admin"])
    assert summary.overdue.count == filter_problems(staff["admin"], {"overdue": "1"}).count() == 2
    assert summary.closed.count == Problem.objects.filter(status=Status.CLOSED).count() == 1
    # The month's on-time rate: its parts are the counts of the lists they link to.
    day = timezone.localdate()
    month = figure_params(Period(day.replace(day=1), day), None, None, day)
    on_time = filter_problems(staff["admin"], month["closed_on_time"]).count()
    assessed = filter_problems(staff["admin"], month["assessed"]).count()
    assert (summary.on_time.count, summary.assessed.count) == (on_time, assessed)
    assert summary.on_time_rate == (on_time / assessed if assessed else None)


@pytest.mark.time_machine(local(2026, 12, 16, 10))  # mid-month: yesterday is in the month
def test_the_on_time_rate_counts_what_its_lists_hold(staff, new_problem):
    from zhengzhi.ledger.indicators.today import today_summary

    late = dispatched(new_problem, staff)
    ok = reported_back(new_problem, staff)
    close_checked(ok.pk, actor=staff["inspector"], note="ok")
    # Both were due yesterday: one closed on time, one still open.
    yesterday = timezone.now() - dt.timedelta(days=1)
    Problem.objects.filter(pk__in=[late.pk, ok.pk]).update(due_at=yesterday)
    Problem.objects.filter(pk=ok.pk).update(
        closed_on_time=True, reported_back_at=yesterday - dt.timedelta(hours=1)
    )
    summary = today_summary(staff["leader"])
    assert (summary.on_time.count, summary.assessed.count) == (1, 2)
    assert summary.on_time_rate == 0.5


def test_a_dispatcher_lands_on_the_queue_with_its_counts_and_first_rows(
    as_user, staff, new_problem, django_assert_max_num_queries
):
    first, second = new_problem(), new_problem()
    registered(new_problem, staff)
    client = as_user(staff["dispatcher"])
    with django_assert_max_num_queries(14):
        html = client.get(HOME).content.decode()
    assert 'id="home-summary"' not in html
    assert re.search(r'tab-register has-items"[^>]*>To register <span class="count">2<', html)
    assert re.search(r'tab-dispatch has-items"[^>]*>To dispatch <span class="count">1<', html)
    assert listed(html, "queue") == [first.number, second.number]
    assert f"{reverse('ledger:queue')}?tab=register" in html


def test_a_handler_and_a_verifier_land_on_their_queue(as_user, staff, new_problem):
    waiting = dispatched(new_problem, staff)
    back = reported_back(new_problem, staff)
    html = as_user(staff["handler"]).get(HOME).content.decode()
    assert 'aria-current="page">To handle' in html
    assert set(listed(html, "queue")) == {waiting.number}
    html = as_user(staff["inspector"]).get(HOME).content.decode()
    assert 'aria-current="page">To verify' in html
    assert listed(html, "queue") == [back.number]
    assert 'id="home-summary"' not in html


def test_a_grid_worker_lands_on_report_a_problem_and_their_problems(
    as_user, staff, grids, new_problem, django_assert_max_num_queries
):
    grids[0].worker = staff["handler"]
    grids[0].save(update_fields=["worker"])
    mine = [new_problem() for _ in range(2)]
    new_problem(by="dispatcher")  # not theirs
    client = as_user(staff["handler"])
    with django_assert_max_num_queries(15):
        html = client.get(HOME).content.decode()
    assert f'class="button big-button" href="{reverse("ledger:new")}">Report a problem<' in html
    assert listed(html, "mine") == [mine[1].number, mine[0].number]
    assert "/ledger/problems/?mine=1" in html


def test_a_handler_who_keeps_no_grid_has_no_record_button_on_home(as_user, staff):
    html = as_user(staff["c2_handler"]).get(HOME).content.decode()
    assert "big-button" not in html and 'id="home-mine"' not in html
    assert 'id="home-queue"' in html


def test_follow_up_staff_keep_the_plain_home(as_user, staff):
    html = as_user(staff["followup"]).get(HOME).content.decode()
    assert 'id="home-summary"' not in html and 'id="home-queue"' not in html
    assert "My unit" in html
