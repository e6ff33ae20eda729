"""Follow-up calls: the service's rules, the queue, the call page, and the audited phone."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import make_user
from zhengzhi.core.roles import Role
from zhengzhi.ledger.models import Problem, Source
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.tests.pages_support import close_checked
from zhengzhi.public.models import Rating
from zhengzhi.satisfaction.models import FollowUpCall
from zhengzhi.satisfaction.selectors import awaiting_calls
from zhengzhi.satisfaction.services import FollowUpError, record_call

pytestmark = pytest.mark.django_db
QUEUE = "/satisfaction/calls/"


def test_a_call_is_recorded_and_audited(closed, report_on, staff):
    p = closed()
    r = report_on(p)
    c = record_call(
        p.pk, actor=staff["followup"], reached=True, rating=Rating.BASIC, comment="还行",
        report_id=r.pk, calls_seen=0,
    )  # fmt: skip
    assert (c.rating, c.report_id, c.caller_id) == ("basic", r.pk, staff["followup"].pk)
    event = AuditEvent.objects.get(action="satisfaction.call")
    assert event.data["rating"] == "basic" and event.data["problem"] == p.number
    assert "还行" not in str(event.data)  # what the citizen said stays out of the log


@pytest.mark.parametrize("who", ["handler", "dept_handler", "leader", "inspector", "dispatcher"])
def test_only_followup_staff_record_calls(closed, staff, who):
    p = closed()
    with pytest.raises(PermissionDenied):
        record_call(p.pk, actor=staff[who], reached=True, rating=Rating.SATISFIED)
    assert not FollowUpCall.objects.exists()


def test_bad_calls_are_refused_with_a_reason(closed, new_problem, staff, report_on):
    p = closed()
    f = staff["followup"]
    cases = [
        (dict(reached=True, rating=""), "rating"),
        (dict(reached=True, rating="great"), "rating"),
        (dict(reached=False, rating=Rating.SATISFIED), "rating"),
        (dict(reached=True, rating=Rating.SATISFIED, comment="x" * 2001), "comment"),
        (dict(reached=True, rating=Rating.SATISFIED, report_id=999999), "report"),
    ]
    for kw, field in cases:
        with pytest.raises(FollowUpError) as exc:
            record_call(p.pk, actor=f, **kw)
        assert exc.value.field == field
    open_problem = new_problem()
    with pytest.raises(FollowUpError) as exc:
        record_call(open_problem.pk, actor=f, reached=True, rating=Rating.SATISFIED)
    assert exc.value.code == "not_closed"
    # Another problem's reporter cannot be named on this call.
    other = report_on(closed())
    with pytest.raises(FollowUpError):
        record_call(p.pk, actor=f, reached=True, rating="satisfied", report_id=other.pk)
    assert not FollowUpCall.objects.exists()


def test_a_call_recorded_meanwhile_makes_the_second_stale(closed, staff):
    p = closed()
    admin = staff["admin"]
    record_call(p.pk, actor=staff["followup"], reached=True, rating="satisfied", calls_seen=0)
    with pytest.raises(FollowUpError) as exc:
        record_call(p.pk, actor=admin, reached=True, rating="unsatisfied", calls_seen=0)
    assert exc.value.code == "stale" and FollowUpCall.objects.count() == 1


def test_the_queue_puts_citizens_first_and_drops_reached_or_given_up(closed, staff):
    patrol = closed(source=Source.PATROL)
    public = closed(source=Source.PUBLIC)
    hotline = closed(source=Source.HOTLINE)
    old = closed(closed_at=timezone.now() - dt.timedelta(days=31))
    f = staff["followup"]
    ids = [p.pk for p in awaiting_calls(f)]
    assert ids[:2] == sorted([public.pk, hotline.pk]) or set(ids[:2]) == {public.pk, hotline.pk}
    assert ids[2] == patrol.pk and old.pk not in ids
    record_call(public.pk, actor=f, reached=True, rating="satisfied")
    for _ in range(3):
        record_call(hotline.pk, actor=f, reached=False, note="无人接听")
    assert [p.pk for p in awaiting_calls(f)] == [patrol.pk]


def test_a_recurrence_closed_again_waits_for_a_new_call(closed, staff):
    p = closed()
    f = staff["followup"]
    record_call(p.pk, actor=f, reached=True, rating="satisfied")
    assert not awaiting_calls(f).filter(pk=p.pk).exists()
    moves.reopen(p.pk, actor=staff["inspector"], note="又出现了")
    moves.accept(p.pk, actor=staff["handler"])
    moves.report_back(p.pk, actor=staff["handler"], note="再次清理")
    close_checked(p.pk, actor=staff["inspector"])
    assert awaiting_calls(f).filter(pk=p.pk).exists()


@pytest.mark.parametrize("who", ["handler", "dept_handler", "leader", "street_leader"])
def test_units_and_leaders_have_no_call_pages(client, closed, staff, who):
    p = closed()
    client.force_login(staff[who])
    assert client.get(QUEUE).status_code == 404
    assert client.get(reverse("satisfaction:call", args=[p.pk])).status_code == 404
    response = client.post(reverse("satisfaction:call", args=[p.pk]), {"reached": "1"})
    assert response.status_code == 404 and not FollowUpCall.objects.exists()


def test_the_call_page_records_and_keeps_input_on_error(client, closed, report_on, staff):
    p = closed()
    r = report_on(p)
    client.force_login(staff["followup"])
    url = reverse("satisfaction:call", args=[p.pk])
    page = client.get(url).content.decode()
    assert "张*" in page and "138****1234" in page and "13812341234" not in page
    bad = client.post(url, {"reached": "1", "comment": "路面干净了", "calls_seen": "0"})
    assert bad.status_code == 400 and "路面干净了" in bad.content.decode()
    assert not FollowUpCall.objects.exists()
    ok = client.post(
        url,
        {"reached": "1", "rating": "satisfied", "comment": "路面干净了", "calls_seen": "0",
         "report": str(r.pk)},
    )  # fmt: skip
    assert ok.status_code == 302 and ok["Location"] == QUEUE
    assert FollowUpCall.objects.get().comment == "路面干净了"


def test_the_phone_is_shown_for_a_call_and_the_view_audited(client, closed, report_on, staff):
    p = closed()
    r = report_on(p)
    client.force_login(staff["followup"])
    url = reverse("satisfaction:reveal", args=[p.pk, r.pk])
    assert "13812341234" not in client.get(url, follow=True).content.decode()  # GET shows nothing
    page = client.post(url).content.decode()
    assert "13812341234" in page and "张三" in page
    event = AuditEvent.objects.get(action="public.reporter.view")
    assert event.data["reason"] == "follow-up call" and event.actor_id == staff["followup"].pk


def test_nobody_outside_the_office_can_reveal_through_the_call_page(
    client, closed, report_on, staff
):
    p = closed()
    r = report_on(p)
    # Follow-up staff placed in a community: a caller, but not office staff who see reporters.
    outsider = make_user("c1_caller", staff["handler"].unit, Role.FOLLOWUP)
    for user in (staff["handler"], staff["leader"], outsider):
        client.force_login(user)
        response = client.post(reverse("satisfaction:reveal", args=[p.pk, r.pk]))
        assert response.status_code == 404
        assert "13812341234" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="public.reporter.view").exists()


def test_the_queue_page_query_count_does_not_grow(
    client, closed, report_on, staff, django_assert_max_num_queries
):
    client.force_login(staff["followup"])
    p = closed()
    report_on(p)
    client.get(QUEUE)
    with django_assert_max_num_queries(12) as ctx:
        assert client.get(QUEUE).status_code == 200
    few = len(ctx.captured_queries)
    for _ in range(4):
        q = closed(source=Source.HOTLINE)
        report_on(q)
        record_call(q.pk, actor=staff["followup"], reached=False)
    with django_assert_max_num_queries(few):
        body = client.get(QUEUE).content.decode()
    assert body.count('data-problem="') == 5
    assert Problem.objects.count() == 5
