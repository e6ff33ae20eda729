"""The work queue: each role sees the sections it acts in, each holding only what this user
may act on now, with counts from one query."""

import datetime as dt
import re

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhengzhi.ledger.models import Problem, Status
from zhengzhi.ledger.registry import QueueTab, queue_tabs, register_queue_tab, unregister_queue_tab
from zhengzhi.ledger.selectors import count_sections, queue_sections, section_problems
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.services.permissions import allowed_moves
from zhengzhi.ledger.tests.pages_support import accepted, dispatched, registered, reported_back

pytestmark = pytest.mark.django_db
QUEUE = reverse("ledger:queue")


def counts(user) -> dict[str, int]:
    """The ledger's own tabs (the higher apps' registered tabs have their own tests)."""
    theirs = {tab.key for tab in queue_tabs()}
    sections = [s for s in queue_sections(user) if s.key not in theirs]
    count_sections(user, sections)
    return {s.key: s.count for s in sections}


def listed(html: str) -> list[str]:
    return re.findall(r'class="mono" href="/ledger/problems/\d+/">(\d{4}-\d{6})<', html)


@pytest.fixture
def loop(new_problem, staff):
    """One problem in each state in c1, and a dispatched one in c2, none due within a day."""
    problems = {
        "reported": new_problem(),
        "registered": registered(new_problem, staff),
        "dispatched": dispatched(new_problem, staff),
        "accepted": accepted(new_problem, staff),
        "reported_back": reported_back(new_problem, staff),
        "c2": dispatched(new_problem, staff, lon=120.015, by="c2_handler"),
    }
    # Deadlines run on working hours: dispatched after 17:30 Beijing time, a one-day limit falls
    # due within 24 hours and the "due soon" counts would depend on the hour the suite runs.
    # Deadlines have their own tests; here they are set well ahead.
    Problem.objects.filter(due_at__isnull=False).update(
        due_at=timezone.now() + dt.timedelta(days=10)
    )
    for p in problems.values():
        p.refresh_from_db()
    return problems


def test_the_dispatcher_registers_and_dispatches(loop, staff):
    assert counts(staff["dispatcher"]) == {
        "register": 1,
        "dispatch": 1,
        "overdue": 0,
        "due_soon": 0,
    }


def test_the_handler_handles_only_the_problems_of_the_unit(loop, staff):
    c = counts(staff["handler"])
    assert c == {"handle": 2, "waiting": 0, "overdue": 0, "due_soon": 0}
    assert counts(staff["c2_handler"])["handle"] == 1
    assert counts(staff["other_handler"]) == {
        "handle": 0,
        "waiting": 0,
        "overdue": 0,
        "due_soon": 0,
    }
    # A street's leader handles its communities' problems.
    assert counts(staff["street_leader"])["handle"] == 3


def test_the_inspector_verifies(loop, staff):
    assert counts(staff["inspector"]) == {"verify": 1}


def test_the_leader_reads_overdue_and_due_soon_only(loop, staff):
    assert set(counts(staff["leader"])) == {"overdue", "due_soon"}


def test_every_listed_problem_is_one_the_user_may_act_on(loop, staff):
    for who in ("dispatcher", "handler", "c2_handler", "inspector", "shiftlead"):
        user = staff[who]
        sections = queue_sections(user)
        count_sections(user, sections)
        for section in sections:
            if section.key in ("overdue", "due_soon", "waiting"):
                continue
            listed = section_problems(user, section)
            assert len(listed) == section.count
            for p in listed:
                assert allowed_moves(user, p), (who, section.key, p.number)


@pytest.fixture
def tab():
    """A tab as a higher app registers it: reported problems with an address, for the
    dispatcher only, placed after "To dispatch"."""
    made = QueueTab(
        key="test_addressed",
        label="Addressed",
        shows=lambda user: user.has_role("dispatcher"),
        q=lambda user: ~Q(address=""),
        statuses=(Status.REPORTED,),
        order=("reported_at", "id"),
        link={"status": Status.REPORTED},
        place=25,
    )
    register_queue_tab(made)
    yield made
    unregister_queue_tab(made.key)


def test_a_registered_tab_takes_its_place_and_is_counted_with_the_others(
    tab, loop, staff, django_assert_num_queries
):
    sections = queue_sections(staff["dispatcher"])
    keys = [s.key for s in sections]
    assert keys.index("dispatch") + 1 == keys.index("test_addressed")
    with django_assert_num_queries(1):
        count_sections(staff["dispatcher"], sections)
    mine = next(s for s in sections if s.key == "test_addressed")
    assert mine.count == 1 and mine.link == {"status": Status.REPORTED}
    assert section_problems(staff["dispatcher"], mine) == [loop["reported"]]
    assert "test_addressed" not in {s.key for s in queue_sections(staff["handler"])}


def test_requests_go_to_the_right_approver(new_problem, staff):
    p = dispatched(new_problem, staff)
    p = moves.request_extension(
        p.pk, actor=staff["handler"], reason="一", new_due_at=p.due_at + dt.timedelta(days=2)
    )
    assert counts(staff["shiftlead"])["decide"] == 1
    assert counts(staff["handler"])["waiting"] == 1 and counts(staff["handler"])["handle"] == 0
    p = moves.decide_request(p.pk, actor=staff["shiftlead"], approve=True)
    moves.request_extension(
        p.pk, actor=staff["handler"], reason="二", new_due_at=p.due_at + dt.timedelta(days=2)
    )
    assert counts(staff["shiftlead"])["decide"] == 0  # a second extension: the office's leader
    assert counts(staff["officelead"])["decide"] == 1
    assert "decide" not in counts(staff["dispatcher"])


def test_overdue_and_due_soon_sections(loop, staff):
    now = timezone.now()
    Problem.objects.filter(pk=loop["dispatched"].pk).update(due_at=now - dt.timedelta(hours=2))
    Problem.objects.filter(pk=loop["accepted"].pk).update(due_at=now + dt.timedelta(hours=3))
    Problem.objects.filter(pk=loop["c2"].pk).update(due_at=now - dt.timedelta(hours=1))
    handler = counts(staff["handler"])
    assert handler["overdue"] == 1 and handler["due_soon"] == 1
    office = counts(staff["dispatcher"])
    assert office["overdue"] == 2 and office["due_soon"] == 1
    assert counts(staff["other_handler"])["overdue"] == 0


def test_the_page_shows_tabs_with_counts_and_the_rows(as_user, loop, staff):
    html = as_user(staff["dispatcher"]).get(QUEUE).content.decode()
    assert 'id="tab-register"' in html and 'id="tab-dispatch"' in html
    assert 'id="tab-handle"' not in html and 'id="tab-verify"' not in html
    assert listed(html) == [loop["reported"].number]  # the first section with work
    html = as_user(staff["dispatcher"]).get(QUEUE, {"tab": "dispatch"}).content.decode()
    assert listed(html) == [loop["registered"].number]
    assert "/ledger/problems/?status=registered" in html


def test_the_handler_page_lists_own_problems_only(as_user, loop, staff):
    html = as_user(staff["handler"]).get(QUEUE, {"tab": "handle"}).content.decode()
    assert set(listed(html)) == {loop["dispatched"].number, loop["accepted"].number}
    html = as_user(staff["c2_handler"]).get(QUEUE, {"tab": "handle"}).content.decode()
    assert listed(html) == [loop["c2"].number]
    html = as_user(staff["other_handler"]).get(QUEUE).content.decode()
    assert listed(html) == []


def test_a_role_without_work_is_told_so(as_user, staff, loop):
    html = as_user(staff["followup"]).get(QUEUE).content.decode()
    assert "There is nothing in the ledger for your role to act on." in html


def test_the_queue_takes_few_queries_whatever_its_size(
    as_user, new_problem, staff, django_assert_max_num_queries
):
    client = as_user(staff["dispatcher"])
    new_problem()
    # 13: the batch dispatch form's list of units is one query of its own.
    with django_assert_max_num_queries(13) as few:
        assert client.get(QUEUE).status_code == 200
    for _ in range(30):
        new_problem()
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(QUEUE).content.decode()
    assert len(listed(html)) == 31


def test_the_queue_needs_a_login(client, db):
    response = client.get(QUEUE)
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_the_pages_speak_chinese_by_default(client, loop, staff):
    client.force_login(staff["dispatcher"])
    html = client.get(QUEUE).content.decode()
    assert "工作台" in html and "待立案" in html and "上报问题" in html
    html = client.get(reverse("ledger:detail", args=[loop["reported"].pk])).content.decode()
    assert "办理过程" in html and "不予立案" in html
