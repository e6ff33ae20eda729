"""The ledger list: every filter, keyset pages that neither skip nor repeat a row, a bounded
number of queries, and only the problems the user may see."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from zhengzhi.ledger.models import Problem, Source, Status
from zhengzhi.ledger.selectors import (
    capped_count,
    filter_problems,
    keyset_page,
    make_cursor,
    parse_cursor,
)
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.tests.pages_support import accepted, close_checked, dispatched, registered
from zhengzhi.ledger.views import lists

pytestmark = pytest.mark.django_db
LIST = reverse("ledger:list")


def numbers(qs) -> set[str]:
    return set(qs.values_list("number", flat=True))


def listed(html: str) -> list[str]:
    return re.findall(r'class="mono" href="/ledger/problems/\d+/">(\d{4}-\d{6})<', html)


@pytest.fixture
def mixed(new_problem, staff, units, categories):
    """A small ledger: c1 and c2 problems in several states, sources and categories."""
    now = timezone.now()
    a = new_problem(description="占道经营甲", address="柳岸路1号")  # 0401 in c1, reported
    b = registered(new_problem, staff, category="0101", source=Source.HOTLINE)
    c = dispatched(new_problem, staff, lon=120.015, by="c2_handler", description="桃园乙")
    d = accepted(new_problem, staff, reported_at=now - dt.timedelta(days=10))
    return {"a": a, "b": b, "c": c, "d": d}


def test_each_filter_narrows_the_ledger(mixed, staff, units, grids, categories):
    office = staff["dispatcher"]
    a, b, c, d = (mixed[k] for k in "abcd")

    def f(**params):
        return numbers(filter_problems(office, params))

    assert f() == {p.number for p in mixed.values()}
    assert f(status="reported") == {a.number}
    assert f(status="dispatched,accepted") == {c.number, d.number}
    assert f(status="nonsense") == f()  # an unreadable value is ignored
    assert f(category="0101") == {b.number}
    assert f(category="04") == {a.number, c.number, d.number}  # main category: all its subs
    assert f(category="9999") == set()
    assert f(unit=str(units["c2"].pk)) == {c.number}
    assert f(unit=str(units["street"].pk)) == f()  # a street holds its communities
    assert f(unit=str(units["other_street"].pk)) == set()
    assert f(grid=str(grids[1].pk)) == {c.number}
    assert f(grid=grids[0].code) == {a.number, b.number, d.number}
    assert f(source="hotline") == {b.number}
    assert f(q="甲") == {a.number}
    assert f(q="柳岸路1号") == {a.number}
    assert f(q=c.number) == {c.number}
    today = timezone.localdate()
    assert f(date_from=today.isoformat()) == {a.number, b.number, c.number}
    assert f(date_to=(today - dt.timedelta(days=5)).isoformat()) == {d.number}
    assert f(date_from="garbage") == f()
    supported = {p.number for p in mixed.values() if p.supporting_unit_id == units["dept"].pk}
    assert a.number in supported and f(support=str(units["dept"].pk)) == supported
    assert f(support=str(units["c1"].pk)) == set()


def test_overdue_and_due_soon(mixed, staff):
    office = staff["dispatcher"]
    c, d = mixed["c"], mixed["d"]
    now = timezone.now()
    Problem.objects.filter(pk=c.pk).update(due_at=now - dt.timedelta(hours=1))
    Problem.objects.filter(pk=d.pk).update(due_at=now + dt.timedelta(hours=5))
    assert numbers(filter_problems(office, {"overdue": "1"})) == {c.number}
    assert numbers(filter_problems(office, {"due_soon": "1"})) == {d.number}
    Problem.objects.filter(pk=d.pk).update(due_at=now + dt.timedelta(hours=30))
    assert numbers(filter_problems(office, {"due_soon": "1"})) == set()


def test_pending_and_detour_filters(mixed, staff):
    # The campaign filter, registered by campaigns, is tested there (test_problem_links.py).
    office, d = staff["dispatcher"], mixed["d"]
    moves.request_return(d.pk, actor=staff["handler"], reason="非本社区")
    Problem.objects.filter(pk=mixed["a"].pk).update(rework_count=2)
    assert numbers(filter_problems(office, {"pending": "any"})) == {d.number}
    assert numbers(filter_problems(office, {"pending": "return"})) == {d.number}
    assert d.number not in numbers(filter_problems(office, {"pending": "none"}))
    assert numbers(filter_problems(office, {"reworked": "1"})) == {mixed["a"].number}
    assert mixed["a"].number not in numbers(filter_problems(office, {"reworked": "0"}))


def test_closed_and_on_time_filters(new_problem, staff):
    p = accepted(new_problem, staff)
    p = moves.report_back(p.pk, actor=staff["handler"], note="好")
    p = close_checked(p.pk, actor=staff["inspector"])
    other = new_problem()
    office = staff["dispatcher"]
    today = timezone.localdate().isoformat()
    assert numbers(filter_problems(office, {"closed_from": today, "closed_to": today})) == {
        p.number
    }
    assert numbers(filter_problems(office, {"on_time": "1"})) == {p.number}
    assert numbers(filter_problems(office, {"on_time": "0"})) == set()
    assert other.number in numbers(filter_problems(office, {"mine": "0"}))


def test_the_list_shows_only_what_the_user_may_see(as_user, mixed, staff):
    a, c = mixed["a"], mixed["c"]
    mine = listed(as_user(staff["handler"]).get(LIST).content.decode())
    assert a.number in mine and c.number not in mine
    theirs = listed(as_user(staff["c2_handler"]).get(LIST).content.decode())
    assert theirs == [c.number]
    assert listed(as_user(staff["other_handler"]).get(LIST).content.decode()) == []
    everything = listed(as_user(staff["leader"]).get(LIST).content.decode())
    assert set(everything) == {p.number for p in mixed.values()}
    # A filter naming another unit does not open it up.
    response = as_user(staff["handler"]).get(LIST, {"unit": c.owner_unit_id})
    assert listed(response.content.decode()) == []


def test_the_list_page_renders_filters_and_columns(as_user, mixed, staff):
    html = as_user(staff["dispatcher"]).get(LIST, {"status": "reported"}).content.decode()
    assert listed(html) == [mixed["a"].number]
    assert "1 problem." in html
    for column in ("Number", "Category", "Description", "Address", "Status", "Deadline"):
        assert f"<th>{column}" in html
    assert 'name="q"' in html and 'name="overdue"' in html and 'name="date_from"' in html
    assert 'href="/ledger/exports/?new=1&amp;status=reported"' in html  # export what is shown


def test_drill_down_parameters_stay_on_and_are_named(as_user, mixed, staff):
    html = as_user(staff["dispatcher"]).get(LIST, {"returned": "0", "closed_from": "2026-01-01"})
    html = html.content.decode()
    assert '<input type="hidden" name="returned" value="0">' in html
    assert '<input type="hidden" name="closed_from" value="2026-01-01">' in html
    assert "Returned: no" in html and "Closed from: 2026-01-01" in html


def test_unreadable_filters_are_named_and_list_nothing(as_user, mixed, staff):
    response = as_user(staff["dispatcher"]).get(
        LIST, {"date_from": "31/02/2026", "unit": "abc", "after": "nonsense"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="filter-errors"' in html and "31/02/2026" in html and "abc" in html
    assert listed(html) == []  # never the whole ledger passed off as filtered
    assert 'value="31/02/2026"' in html  # and the form keeps what was typed


def test_an_unknown_grid_name_lists_nothing(as_user, mixed, staff):
    response = as_user(staff["dispatcher"]).get(LIST, {"grid": "没有这个网格"})
    assert response.status_code == 200 and listed(response.content.decode()) == []


# ---- keyset pages ------------------------------------------------------------------------------


@pytest.fixture
def crowd(new_problem):
    """23 problems, many at exactly the same moment (a batch import, a bench): the order must
    still be total."""
    base = timezone.now().replace(microsecond=0) - dt.timedelta(days=1)
    stamps = (
        [base] * 9
        + [base - dt.timedelta(seconds=1)] * 5
        + [base + dt.timedelta(minutes=i) for i in range(9)]
    )
    return [new_problem(reported_at=t) for t in stamps]


def test_keyset_pages_neither_skip_nor_repeat_rows(crowd, staff):
    qs = filter_problems(staff["dispatcher"], {})
    expected = list(qs.order_by("-reported_at", "-id").values_list("pk", flat=True))
    seen, after, pages = [], None, 0
    while True:
        page = keyset_page(qs, after, size=4)
        seen += [p.pk for p in page.rows]
        pages += 1
        if not page.next_cursor:
            break
        after = page.next_cursor
    assert seen == expected and len(seen) == 23 and pages == 6


def test_the_cursor_round_trips_and_rejects_garbage(crowd):
    p = crowd[0]
    at, pk = parse_cursor(make_cursor(p))
    assert at == p.reported_at and pk == p.pk
    assert parse_cursor(make_cursor(p).replace("+", " ")) == (at, pk)  # "+" decoded as space
    for bad in ("", "x", "2026-01-01_1", "notadate_3", "2026-01-01T00:00:00+00:00_x"):
        assert parse_cursor(bad) is None


def test_the_list_pages_through_next_links(as_user, crowd, staff, monkeypatch):
    monkeypatch.setattr(lists, "PAGE_SIZE", 5)
    client = as_user(staff["dispatcher"])
    url, seen = LIST + "?source=patrol", []
    for _ in range(10):
        html = client.get(url).content.decode()
        seen += listed(html)
        m = re.search(r'href="\?([^"]+)" id="next-page"', html)
        if not m:
            break
        assert (
            "First page"
            in client.get(LIST + "?" + m.group(1).replace("&amp;", "&")).content.decode()
        )
        url = LIST + "?" + m.group(1).replace("&amp;", "&")
        assert "source=patrol" in url
    expected = list(
        Problem.objects.order_by("-reported_at", "-id").values_list("number", flat=True)
    )
    assert seen == expected


def test_counts_are_capped(crowd, staff):
    qs = filter_problems(staff["dispatcher"], {})
    assert capped_count(qs, cap=10) == (10, True)
    assert capped_count(qs, cap=100) == (23, False)


def test_the_list_takes_the_same_few_queries_for_5_or_50_rows(
    as_user, new_problem, staff, django_assert_max_num_queries
):
    client = as_user(staff["handler"])
    for _ in range(5):
        new_problem()
    with django_assert_max_num_queries(14) as few:
        assert client.get(LIST).status_code == 200
    for _ in range(45):
        new_problem(category="0101")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(LIST).content.decode()
    assert len(listed(html)) == 50


def test_a_deep_page_does_not_count_the_whole_table(
    as_user, crowd, staff, django_assert_max_num_queries
):
    client = as_user(staff["dispatcher"])
    after = make_cursor(Problem.objects.order_by("-reported_at", "-id")[10])
    with django_assert_max_num_queries(14) as queries:
        html = client.get(LIST, {"after": after}).content.decode()
    ledger_counts = [
        q
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and "ledger_problem" in q["sql"]
    ]
    assert ledger_counts == []
    assert len(listed(html)) == 12 and "First page" in html


def test_a_first_page_of_many_leaves_the_count_to_a_second_request(
    as_user, crowd, staff, monkeypatch, django_assert_max_num_queries
):
    """The rows come first; the capped COUNT follows through htmx, with the same filters and
    the same scope."""
    monkeypatch.setattr(lists, "PAGE_SIZE", 10)
    client = as_user(staff["dispatcher"])
    with django_assert_max_num_queries(14) as queries:
        html = client.get(LIST, {"q": ""}).content.decode()
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()
                and "ledger_problem" in q["sql"]]  # fmt: skip
    count_url = reverse("ledger:list_count")
    assert f'hx-get="{count_url}?' in html and "problems." not in html
    assert "23 problems." in client.get(count_url).content.decode()
    monkeypatch.setattr("zhengzhi.ledger.views.lists.capped_count",
                        lambda qs: capped_count(qs, cap=20))  # fmt: skip
    assert "More than 20 problems." in client.get(count_url).content.decode()
    # A handler of another community sees none of them, and counts none.
    other = as_user(staff["c2_handler"]).get(count_url).content.decode()
    assert "0 problems." in other
    # An unreadable filter counts nothing rather than everything.
    assert "problems" not in client.get(count_url, {"status": "bogus"}).content.decode()


def test_a_single_page_states_its_count_at_once(as_user, crowd, staff):
    html = as_user(staff["dispatcher"]).get(LIST).content.decode()
    assert "23 problems." in html and "hx-get" not in html.split("list-summary")[1][:300]


def test_merged_and_rejected_problems_show_their_status(as_user, new_problem, staff):
    p = new_problem()
    moves.reject(p.pk, actor=staff["dispatcher"], reason="不属于整治范围")
    html = as_user(staff["dispatcher"]).get(LIST, {"status": Status.REJECTED}).content.decode()
    assert listed(html) == [p.number] and "Not registered" in html


def test_returns_by_the_unit_that_returned_them(new_problem, staff, units):
    p = dispatched(new_problem, staff)
    moves.request_return(p.pk, actor=staff["handler"], reason="非本社区")
    moves.decide_request(p.pk, actor=staff["shiftlead"], approve=True)
    other = dispatched(new_problem, staff)
    office = staff["dispatcher"]
    today = timezone.localdate().isoformat()
    assert numbers(filter_problems(office, {"returned_from": today, "returned_to": today})) == {
        p.number
    }
    assert numbers(filter_problems(office, {"returned_by": str(units["c1"].pk)})) == {p.number}
    assert numbers(filter_problems(office, {"returned_by": str(units["street"].pk)})) == {p.number}
    assert numbers(filter_problems(office, {"returned_by": str(units["c2"].pk)})) == set()
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert numbers(filter_problems(office, {"returned_to": yesterday})) == set()
    assert numbers(filter_problems(office, {"dispatched_from": today})) == {p.number, other.number}
    assert numbers(filter_problems(office, {"dispatched_to": yesterday})) == set()
