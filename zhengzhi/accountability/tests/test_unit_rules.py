"""The rules that propose a 黄牌示警 or a 约谈 (a unit's record over a period), on hand-made
fixtures: exactly the expected records, once per rule, unit and period; a dismissed one stays
dismissed; the shipped defaults wait for the office (inactive)."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.accountability.models import LadderRule, Record, RecordKind, RecordStatus
from zhengzhi.accountability.services import records
from zhengzhi.accountability.services.proposals import propose
from zhengzhi.accountability.services.unit_rules import bottom, period_of
from zhengzhi.ledger.models import Problem, RankingWeights
from zhengzhi.ledger.tests.pages_support import close_checked, reported_back

from .conftest import NOW

pytestmark = pytest.mark.django_db


def test_the_shipped_defaults_are_inactive_until_the_office_confirms_them():
    shipped = LadderRule.objects.filter(kind__in=(RecordKind.YELLOW_CARD, RecordKind.TALK))
    assert shipped.count() == 4 and not shipped.filter(is_active=True).exists()
    assert all("待确认" in r.name for r in shipped)
    assert propose(NOW) == {}


def test_periods_and_the_bottom_of_a_ranking():
    assert period_of(dt.date(2026, 11, 20), "month") == ("2026-11", dt.date(2026, 11, 1))
    assert period_of(dt.date(2026, 11, 20), "quarter") == ("2026-Q4", dt.date(2026, 10, 1))
    ranked = [{"unit_id": u, "place": p} for u, p in ((1, 1), (2, 2), (3, 3), (4, 3))]
    assert set(bottom(ranked, 1)) == {3, 4}  # a tie at the line: both
    assert set(bottom(ranked, 2)) == {3, 4}
    assert bottom(ranked[:1], 1) == {}  # one unit has no bottom


def test_a_backlog_rule_proposes_a_yellow_card_once_a_month(late, units, leaders):
    rule = LadderRule.objects.create(
        name="黄牌", kind=RecordKind.YELLOW_CARD, trigger="backlog", count=2, days=5
    )
    assert propose(NOW) == {"yellow": 1}  # c1: two 10 days late; c2 has one
    card = Record.objects.get(kind=RecordKind.YELLOW_CARD)
    assert (card.unit, card.rule, card.period_key) == (units["c1"], rule, "2026-11")
    assert card.status == RecordStatus.PROPOSED and card.total == 0
    assert late["c1_a"].number in card.basis and late["c1_fresh"].number not in card.basis
    assert propose(NOW + dt.timedelta(days=3)) == {}  # the same month: never twice
    records.dismiss(card.pk, actor=leaders["admin"], version=card.version)
    assert propose(NOW + dt.timedelta(days=5)) == {}  # dismissed stays dismissed
    # Next month, still overdue: a new period, a new proposal.
    assert propose(NOW + dt.timedelta(days=15)) == {"yellow": 1}
    assert Record.objects.filter(kind="yellow").order_by("-pk")[0].period_key == "2026-12"


def _letter(unit, day, n):
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    return Record.objects.create(
        kind=RecordKind.LETTER, unit=unit, status=RecordStatus.ISSUED, basis="督办", year=2026,
        number=n, approved_at=at, proposed_at=at,
    )  # fmt: skip


def test_a_letters_rule_proposes_a_talk_for_n_letters_in_the_quarter(units):
    LadderRule.objects.create(
        name="约谈", kind=RecordKind.TALK, trigger="letters", count=2, period="quarter"
    )
    _letter(units["c1"], dt.date(2026, 9, 28), 1)  # last quarter: not counted
    _letter(units["c1"], dt.date(2026, 10, 8), 2)
    _letter(units["c2"], dt.date(2026, 10, 9), 3)
    assert propose(NOW) == {}
    _letter(units["c1"], dt.date(2026, 11, 2), 4)
    assert propose(NOW) == {"talk": 1}
    talk = Record.objects.get(kind=RecordKind.TALK)
    assert (talk.unit, talk.period_key) == (units["c1"], "2026-Q4")
    assert "督办函2份" in talk.basis and "〔2026〕4号" in talk.basis
    _letter(units["c1"], dt.date(2026, 11, 10), 5)
    assert propose(NOW) == {}  # once a quarter


def test_a_ranking_rule_proposes_for_the_bottom_unit_k_months_running(new_problem, leaders, units):
    """c1 leaves its problems of September and October open, c2 closes its own: c1 is last of
    the communities both months (c2 first)."""
    RankingWeights.objects.update_or_create(pk=1, defaults={"min_volume": 1})
    LadderRule.objects.create(
        name="黄牌·排名", kind=RecordKind.YELLOW_CARD, trigger="ranking", count=1, months=2,
        level="community",
    )  # fmt: skip
    for month in (9, 10):
        due = timezone.make_aware(dt.datetime(2026, month, 15, 12))
        late = reported_back(new_problem, leaders, address=f"柳岸路{month}号")
        done = reported_back(new_problem, leaders, lon=120.015, by="c2_handler")
        close_checked(done.pk, actor=leaders["inspector"])
        Problem.objects.filter(pk__in=[late.pk, done.pk]).update(
            due_at=due, reported_at=due - dt.timedelta(days=5)
        )
    made = propose(NOW)
    card = Record.objects.get(kind=RecordKind.YELLOW_CARD)
    assert made == {"yellow": 1} and card.unit == units["c1"] and card.period_key == "2026-10"
    assert "连续2个月" in card.basis and "2026年9月" in card.basis
    assert propose(NOW + dt.timedelta(days=5)) == {}


def test_the_office_sets_a_yellow_card_rule_on_the_rules_page(client, leaders):
    from django.urls import reverse

    client.force_login(leaders["admin"])
    data = {
        "name": "黄牌·超期", "kind": "yellow", "trigger": "overdue", "days": 15, "count": 8,
        "months": 2, "level": "street", "period": "month", "per_problem": 100,
        "leader_amount": 300, "head_amount": 500, "repeat_factor": 2, "letters": 2,
        "issuer": "区创卫办", "is_active": "on", "shares_text": "区城管局长:3",
    }  # fmt: skip
    page = client.post(reverse("accountability:rule_new"), data)
    assert page.status_code == 200 and 'value="黄牌·超期"' in page.content.decode()
    assert not LadderRule.objects.filter(name="黄牌·超期").exists()
    assert (
        client.post(reverse("accountability:rule_new"), {**data, "trigger": "backlog"}).status_code
        == 302
    )
    rule = LadderRule.objects.get(name="黄牌·超期")
    assert (rule.kind, rule.trigger, rule.count, rule.days) == ("yellow", "backlog", 8, 15)
    rules = client.get(reverse("accountability:rules")).content.decode()
    assert "黄牌·超期" in rules
    client.force_login(leaders["c1_leader"])
    assert client.get(reverse("accountability:rule_edit", args=[rule.pk])).status_code == 404
