"""Indicator formulas against a hand-counted ledger: every state, every detour, every edge.

The `march` fixture builds problems through the services, then moves their timestamps into
March 2026 with direct updates, so that each one sits in a precise, known state.
"""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.ledger.indicators import unit_indicators
from zhengzhi.ledger.models import EventKind, Problem, ProblemEvent
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.tests.pages_support import close_checked

pytestmark = pytest.mark.django_db

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def at(month, day, hour=9, minute=0):
    return timezone.make_aware(dt.datetime(2026, month, day, hour, minute))


def _set(problem, **fields):
    if "registered_at" in fields:  # reported half an hour before it was registered
        fields.setdefault("reported_at", fields["registered_at"] - dt.timedelta(minutes=30))
    Problem.objects.filter(pk=problem.pk).update(**fields)


def _event_at(problem, kind, when):
    ProblemEvent.objects.filter(problem=problem, kind=kind).update(at=when)


class Ledger:
    """Builds problems in known states through the real moves."""

    def __init__(self, new_problem, staff, units):
        self.new_problem, self.staff, self.units = new_problem, staff, units

    def dispatched(self, where="c1", **timestamps):
        lon = 120.005 if where == "c1" else 120.015
        p = self.new_problem(lon=lon)
        moves.register(p.pk, actor=self.staff["dispatcher"])
        p = moves.dispatch(p.pk, actor=self.staff["dispatcher"])
        if timestamps:
            _set(p, **timestamps)
        return p

    def handler(self, where):
        return self.staff["handler" if where == "c1" else "c2_handler"]

    def accepted(self, where="c1", **ts):
        p = self.dispatched(where)
        moves.accept(p.pk, actor=self.handler(where))
        _set(p, **ts)
        return p

    def closed(self, where="c1", *, rework=False, **ts):
        p = self.dispatched(where)
        moves.accept(p.pk, actor=self.handler(where))
        moves.report_back(p.pk, actor=self.handler(where), note="已整改")
        if rework:
            moves.rework(p.pk, actor=self.staff["inspector"], note="仍有垃圾")
            moves.report_back(p.pk, actor=self.handler(where), note="已再次整改")
        close_checked(p.pk, actor=self.staff["inspector"])
        on_time = ts["reported_back_at"] <= ts["due_at"]
        _set(p, closed_on_time=on_time, **ts)
        return p

    def deferred(self, where="c1", **ts):
        p = self.accepted(where)
        moves.request_deferral(
            p.pk,
            actor=self.handler(where),
            reason="需列入明年预算",
            plan="分两期整改",
            target_date=timezone.localdate() + dt.timedelta(days=60),
        )
        moves.decide_request(p.pk, actor=self.staff["shiftlead"], approve=True)
        _set(p, **ts)
        return p

    def returned(self, where="c1", when=None, **ts):
        p = self.dispatched(where)
        moves.request_return(p.pk, actor=self.handler(where), reason="不属本社区")
        moves.decide_request(p.pk, actor=self.staff["shiftlead"], approve=True)
        _set(p, **ts)
        _event_at(p, EventKind.APPROVE_RETURN, when)
        return p

    def extended(self, where="c1", **ts):
        p = self.accepted(where)
        p.refresh_from_db()
        moves.request_extension(
            p.pk,
            actor=self.handler(where),
            reason="材料未到",
            new_due_at=p.due_at + dt.timedelta(days=3),
        )
        moves.decide_request(p.pk, actor=self.staff["shiftlead"], approve=True)
        _set(p, **ts)
        return p

    def reopened(self, where="c1", when=None, **ts):
        p = self.closed(
            where,
            dispatched_at=at(2, 2),
            due_at=at(2, 6),
            reported_back_at=at(2, 4),
            closed_at=at(2, 5),
        )
        moves.reopen(p.pk, actor=self.staff["inspector"], note="垃圾又出现")
        _set(p, **ts)
        _event_at(p, EventKind.REOPEN, when)
        return p


@pytest.fixture
def ledger(new_problem, staff, units):
    return Ledger(new_problem, staff, units)


@pytest.fixture
def march(ledger):
    """The hand-counted ledger of March 2026 (see the expected figures in the tests)."""
    L = ledger
    return {
        # c1, 柳岸社区
        "A": L.closed(  # closed on time, 51 h
            registered_at=at(3, 2, 8),
            dispatched_at=at(3, 2, 9),
            due_at=at(3, 5, 17, 30),
            reported_back_at=at(3, 4, 10),
            closed_at=at(3, 4, 12),
        ),
        "B": L.closed(  # closed late, 144 h
            registered_at=at(3, 3, 8),
            dispatched_at=at(3, 3, 9),
            due_at=at(3, 6, 17, 30),
            reported_back_at=at(3, 8, 10),
            closed_at=at(3, 9, 9),
        ),
        "C": L.accepted(  # open past its deadline
            registered_at=at(3, 10, 8), dispatched_at=at(3, 10, 9), due_at=at(3, 12, 17, 30)
        ),
        "D": L.deferred(  # deferred (挂账)
            registered_at=at(3, 11, 8), dispatched_at=at(3, 11, 9), due_at=at(3, 15, 17, 30)
        ),
        "E": L.returned(  # returned by c1 on 16 March: no longer c1's
            when=at(3, 16), registered_at=at(3, 14, 8), dispatched_at=at(3, 14, 9)
        ),
        "F": L.closed(  # reworked once, then closed on time, 72 h
            rework=True,
            registered_at=at(3, 17, 8),
            dispatched_at=at(3, 17, 9),
            due_at=at(3, 25, 17, 30),
            reported_back_at=at(3, 19, 10),
            closed_at=at(3, 20, 9),
        ),
        "G": L.extended(  # extended to 28 March, still being handled
            registered_at=at(3, 18, 8), dispatched_at=at(3, 18, 9), due_at=at(3, 28, 17, 30)
        ),
        "H": L.reopened(  # closed in February, reopened on 22 March, due in April
            when=at(3, 22, 9),
            registered_at=at(2, 1, 8),
            dispatched_at=at(3, 22, 9),
            due_at=at(4, 2, 17, 30),
        ),
        "I": L.closed(  # all in April: outside the period
            registered_at=at(4, 1, 8),
            dispatched_at=at(4, 2, 9),
            due_at=at(4, 10, 17, 30),
            reported_back_at=at(4, 4, 10),
            closed_at=at(4, 5, 9),
        ),
        # c2, 桃园社区: one problem closed on time in 2 h
        "K": L.closed(
            "c2",
            registered_at=at(3, 5, 8),
            dispatched_at=at(3, 5, 9),
            due_at=at(3, 6, 17, 30),
            reported_back_at=at(3, 5, 10),
            closed_at=at(3, 5, 11),
        ),
    }


def _by_unit(rows):
    return {r["unit_id"]: r for r in rows}


C1_MARCH = {
    "registered": 6,  # A B C D F G (E left c1; H was reported in February, I in April)
    "dispatched": 6,  # the same: reported in March, dispatched and still c1's
    "due": 6,  # A B C D F G
    "deferred": 1,  # D
    "assessed": 5,
    "closed": 3,  # A B F
    "closed_on_time": 2,  # A F
    "closed_in_period": 3,  # A B F
    "reworked": 1,  # F
    "extended": 1,  # G
    "returns": 1,  # E
    "recurrences": 1,  # H
    "overdue_now": 3,  # C G H (D is deferred)
}


def test_the_owner_figures_match_the_hand_count(march, units):
    rows = _by_unit(unit_indicators(*MARCH))
    c1 = rows[units["c1"].pk]
    assert {k: c1[k] for k in C1_MARCH} == C1_MARCH
    assert c1["on_time_rate"] == pytest.approx(2 / 5)
    assert c1["closure_rate"] == pytest.approx(3 / 5)
    assert c1["rework_rate"] == pytest.approx(1 / 3)
    assert c1["return_rate"] == pytest.approx(1 / 7)
    assert c1["extension_rate"] == pytest.approx(1 / 6)
    assert c1["mean_hours"] == pytest.approx((51 + 144 + 72) / 3)
    c2 = rows[units["c2"].pk]
    assert (c2["due"], c2["closed_on_time"], c2["on_time_rate"]) == (1, 1, 1.0)
    assert c2["mean_hours"] == pytest.approx(2)
    assert c2["return_rate"] == 0 and c2["rework_rate"] == 0


def test_a_street_is_the_sum_of_its_communities(march, units):
    rows = _by_unit(unit_indicators(*MARCH, by="street"))
    assert set(rows) == {units["street"].pk}  # 西山镇 has nothing in March
    donghu = rows[units["street"].pk]
    assert (donghu["due"], donghu["closed_on_time"], donghu["deferred"]) == (7, 3, 1)
    assert donghu["returns"] == 1  # E, returned by 柳岸社区, rolls up to 东湖街道
    assert donghu["on_time_rate"] == pytest.approx(3 / 6)
    assert donghu["mean_hours"] == pytest.approx((51 + 144 + 72 + 2) / 4)
    zero = _by_unit(unit_indicators(*MARCH, by="street", units=[units["other_street"]]))
    assert zero[units["other_street"].pk]["due"] == 0


def test_a_department_answers_for_what_it_supports_but_not_for_returns_by_others(march, units):
    rows = _by_unit(unit_indicators(*MARCH, by="department"))
    dept = rows[units["dept"].pk]
    assert (dept["due"], dept["closed"], dept["closed_on_time"]) == (7, 4, 3)
    assert dept["recurrences"] == 1  # H is still supported by 城管执法局
    assert dept["returns"] == 0 and dept["return_rate"] == 0  # 柳岸社区 returned E, not it
    assert units["c1"].pk not in rows


def test_a_return_is_counted_on_the_unit_that_returned_it_even_after_redispatch(
    march, units, staff
):
    moves.dispatch(march["E"].pk, actor=staff["dispatcher"], owner_unit=units["c2"])
    rows = _by_unit(unit_indicators(*MARCH))
    assert rows[units["c1"].pk]["returns"] == 1
    assert rows[units["c2"].pk]["returns"] == 0
    # E was reported in March and is now c2's: c2 received it and kept it
    assert rows[units["c2"].pk]["dispatched"] == 2


def test_only_deadlines_already_passed_count_in_the_middle_of_the_period(march, units):
    rows = _by_unit(unit_indicators(*MARCH, now=at(3, 13)))
    c1 = rows[units["c1"].pk]
    assert (c1["due"], c1["deferred"], c1["closed"], c1["closed_on_time"]) == (3, 0, 2, 1)
    assert c1["on_time_rate"] == pytest.approx(1 / 3)  # C, open past its deadline, counts
    # On 12 March at 18:00, C is late, but its day is not over: it counts from the 13th.
    c1 = _by_unit(unit_indicators(*MARCH, now=at(3, 12, 18)))[units["c1"].pk]
    assert (c1["due"], c1["closed_on_time"]) == (2, 1)


def test_april_holds_only_april(march, units):
    rows = _by_unit(unit_indicators(dt.date(2026, 4, 1), dt.date(2026, 4, 30)))
    c1 = rows[units["c1"].pk]
    assert (c1["registered"], c1["due"], c1["closed"], c1["closed_on_time"]) == (1, 2, 1, 1)
    assert c1["on_time_rate"] == pytest.approx(1 / 2)  # H is open past its 2 April deadline
    assert c1["returns"] == c1["recurrences"] == c1["reworked"] == 0
    assert units["c2"].pk not in rows


def test_a_merged_duplicate_counts_once_on_its_master(march, units, new_problem, staff):
    dup = new_problem()
    _set(dup, registered_at=at(3, 2, 8))
    # Into an open master (a closed one takes no duplicates: a new report of it is a recurrence).
    moves.merge(dup.pk, actor=staff["dispatcher"], master_id=march["C"].pk)
    c1 = _by_unit(unit_indicators(*MARCH))[units["c1"].pk]
    assert {k: c1[k] for k in C1_MARCH} == C1_MARCH


def test_zero_denominators_give_no_rate_not_an_error(units):
    rows = unit_indicators(*MARCH, units=[units["c1"], units["other_street"].pk])
    assert [r["unit_name"] for r in rows] == ["柳岸社区", "西山镇"]
    for row in rows:
        assert row["due"] == row["dispatched"] == row["closed_in_period"] == 0
        for rate in ("on_time_rate", "closure_rate", "rework_rate", "return_rate"):
            assert row[rate] is None
        assert row["extension_rate"] is None and row["mean_hours"] is None


def test_all_deferred_leaves_nothing_to_assess(ledger, units):
    ledger.deferred(
        registered_at=at(3, 11, 8), dispatched_at=at(3, 11, 9), due_at=at(3, 15, 17, 30)
    )
    c1 = _by_unit(unit_indicators(*MARCH))[units["c1"].pk]
    assert (c1["due"], c1["deferred"], c1["assessed"]) == (1, 1, 0)
    assert c1["on_time_rate"] is None and c1["closure_rate"] is None
    assert c1["extension_rate"] == 0


def test_a_bad_period_or_attribution_is_refused(units):
    from zhengzhi.ledger.indicators import PeriodError

    with pytest.raises(PeriodError):
        unit_indicators(dt.date(2026, 3, 31), dt.date(2026, 3, 1))
    with pytest.raises(PeriodError):
        unit_indicators("2026-13-01", "2026-12-31")
    with pytest.raises(ValueError):
        unit_indicators(*MARCH, by="grid")


def clone(problem, n, **fields):
    """n copies of a problem in a known state, written directly (the timeline is not needed)."""
    base = Problem.objects.get(pk=problem.pk)
    first = Problem.objects.filter(number__startswith=f"{base.number}-").count()
    copies = []
    for i in range(n):
        copy = Problem.objects.get(pk=base.pk)
        copy.pk = None
        copy.number = f"{base.number}-{first + i}"
        for name, value in fields.items():
            setattr(copy, name, value(i) if callable(value) else value)
        copies.append(copy)
    Problem.objects.bulk_create(copies)


def test_the_query_count_does_not_grow_with_units_or_problems(
    march, units, ledger, django_assert_num_queries
):
    for by, expected in (("owner", 4), ("street", 4), ("department", 4)):
        with django_assert_num_queries(expected):
            unit_indicators(*MARCH, by=by)
    # Ten times the problems and more units: the same queries.
    from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind

    for i in range(5):
        Unit.objects.add_child(
            Unit.objects.get(pk=units["other_street"].pk),
            create_kwargs={
                "name": f"新社区{i}",
                "code": f"new{i}",
                "kind": UnitKind.TERRITORY,
                "level": TerritoryLevel.COMMUNITY,
                "division_code": f"33019900200{i}",
            },
        )
    new = list(Unit.objects.filter(code__startswith="new"))
    clone(march["A"], 100, owner_unit=lambda i: new[i % 5])
    for by, expected in (("owner", 4), ("street", 4), ("department", 4)):
        with django_assert_num_queries(expected):
            rows = unit_indicators(*MARCH, by=by)
    assert _by_unit(unit_indicators(*MARCH, by="street"))[units["other_street"].pk]["due"] == 100
    with django_assert_num_queries(4):  # units given as a queryset: read once, names included
        unit_indicators(*MARCH, units=Unit.objects.filter(level="community"))
    assert rows
