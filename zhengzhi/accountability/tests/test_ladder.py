"""The ladder on hand-made fixtures (conftest.late): the rules propose exactly the expected
records, the amounts (per problem, 3:3:4, doubling), the step after two letters, nothing issued
without approval, numbering, the document, the unit's response and the unit's history."""

import datetime as dt
import io

import pytest
from docx import Document

from zhengzhi.accountability.models import (
    Record,
    RecordDocument,
    RecordKind,
    RecordProblem,
    RecordStatus,
)
from zhengzhi.accountability.services import records as services
from zhengzhi.accountability.services.errors import AccountabilityError
from zhengzhi.accountability.services.ladder import letter_step, split
from zhengzhi.accountability.services.proposals import propose
from zhengzhi.audit.models import AuditEvent
from zhengzhi.ledger.models import Problem
from zhengzhi.notifications.models import Notification
from zhengzhi.org.registry import unit_history

from .conftest import NOW

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def amounts(rec):
    return [(p["who"], p["amount"]) for p in rec.penalties]


def test_split_in_whole_yuan():
    shares = [["局长", 3], ["街道", 3], ["副局长", 4]]
    assert [p["amount"] for p in split(100, shares)] == [30, 30, 40]
    assert [p["amount"] for p in split(200, shares)] == [60, 60, 80]
    assert [p["amount"] for p in split(110, shares)] == [33, 33, 44]
    assert [p["amount"] for p in split(101, shares)] == [30, 30, 41]
    assert sum(p["amount"] for p in split(997, shares)) == 997


def test_letter_steps(letter_rule):
    assert letter_step(letter_rule, 1) == (
        RecordKind.LETTER,
        [{"who": "分管领导", "amount": 300}, {"who": "主要负责人", "amount": 500}],
        False,
    )
    kind, money, criticism = letter_step(letter_rule, 2)
    assert [m["amount"] for m in money] == [600, 1000] and criticism
    assert letter_step(letter_rule, 3) == (RecordKind.REFERRAL, [], False)


def test_a_sheet_rule_proposes_one_sheet_per_unit_at_100_a_problem(late, sheet_rule, units):
    assert propose(NOW) == {"sheet": 2}
    c1 = Record.objects.get(unit=units["c1"])
    c2 = Record.objects.get(unit=units["c2"])
    assert c1.kind == c2.kind == RecordKind.SHEET
    assert set(RecordProblem.objects.filter(record=c1).values_list("problem", flat=True)) == {
        late["c1_a"].pk,
        late["c1_b"].pk,
    }
    assert amounts(c1) == [("区城管局长", 60), ("街道党政主要负责人", 60), ("城管副局长", 80)]
    assert c1.total == 200 and c2.total == 100
    assert amounts(c2) == [("区城管局长", 30), ("街道党政主要负责人", 30), ("城管副局长", 40)]
    assert late["c1_a"].number in c1.basis and late["c1_fresh"].number not in c1.basis
    # Nothing issued: proposals only, no document, the units told nothing.
    assert set(Record.objects.values_list("status", flat=True)) == {RecordStatus.PROPOSED}
    assert not RecordDocument.objects.exists()
    assert not Notification.objects.filter(kind="accountability.issued").exists()
    assert AuditEvent.objects.filter(action="accountability.record.proposed").count() == 2
    # Again: nothing twice. Two days on, the third c1 problem (now 4 days late) gets its own.
    assert propose(NOW) == {}
    assert propose(NOW + 2 * DAY) == {"sheet": 1}
    assert Record.objects.count() == 3


def test_letters_double_then_self_criticism_then_referral(late, letter_rule, leaders):
    assert propose(NOW) == {"letter": 3}  # 10, 10 and 8 days overdue; 2 days is not yet
    first = Record.objects.get(items__problem=late["c2_a"])
    assert (first.step, first.total, first.self_criticism) == (1, 800, False)
    services.issue(first.pk, actor=leaders["admin"], version=first.version, now=NOW)
    # Six days after the letter: not yet (only c1's third problem, now 8 days late, gets its
    # first); seven: the second letter, doubled, with the public self-criticism.
    assert propose(NOW + 6 * DAY) == {"letter": 1}
    assert Record.objects.get(items__problem=late["c1_fresh"]).step == 1
    assert propose(NOW + 7 * DAY) == {"letter": 1}
    second = Record.objects.get(items__problem=late["c2_a"], step=2)
    assert amounts(second) == [("分管领导", 600), ("主要负责人", 1000)]
    assert second.self_criticism and "公开检讨" in second.basis
    # Unissued proposals of c1 do not climb the ladder.
    assert not Record.objects.filter(step=2).exclude(pk=second.pk).exists()
    services.issue(second.pk, actor=leaders["admin"], version=second.version, now=NOW + 7 * DAY)
    assert propose(NOW + 13 * DAY) == {}
    assert propose(NOW + 14 * DAY) == {"referral": 1}
    third = Record.objects.get(items__problem=late["c2_a"], step=3)
    assert third.kind == RecordKind.REFERRAL and third.total == 0 and "纪委" in third.basis
    assert propose(NOW + 30 * DAY) == {}


def test_a_solved_problem_or_a_dismissed_letter_goes_no_further(late, letter_rule, leaders):
    propose(NOW)
    a = Record.objects.get(items__problem=late["c1_a"])
    b = Record.objects.get(items__problem=late["c1_b"])
    services.issue(a.pk, actor=leaders["admin"], version=a.version, now=NOW)
    services.dismiss(b.pk, actor=leaders["admin"], version=b.version, note="已说明情况")
    Problem.objects.filter(pk=late["c1_a"].pk).update(status="closed")
    before = set(Record.objects.values_list("pk", flat=True))
    propose(NOW + 20 * DAY)
    new = Record.objects.exclude(pk__in=before)
    # Only c1's third problem, late enough by now, gets its first letter.
    assert [(r.step, r.items.get().problem_id) for r in new] == [(1, late["c1_fresh"].pk)]
    assert Record.objects.get(pk=b.pk).status == RecordStatus.DISMISSED


def test_issuing_numbers_writes_the_document_tells_the_unit_and_enters_its_history(
    late, letter_rule, leaders, units
):
    propose(NOW)
    recs = list(Record.objects.order_by("pk"))
    for i, rec in enumerate(recs, 1):
        issued = services.issue(rec.pk, actor=leaders["admin"], version=rec.version, now=NOW)
        assert (issued.year, issued.number, issued.status) == (2026, i, RecordStatus.ISSUED)
    c2 = Record.objects.get(unit=units["c2"])
    doc = Document(io.BytesIO(bytes(c2.document.content)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "督办函" in text and f"〔2026〕{c2.number}号" in text
    assert f"{units['c2'].name}：" in text and late["c2_a"].number in text
    assert "年终绩效中扣除" in text
    table = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert table == [["责任人", "金额（元）"], ["分管领导", "300"], ["主要负责人", "500"]]
    told = Notification.objects.filter(kind="accountability.issued")
    assert set(told.values_list("recipient__username", flat=True)) == {
        "handler",
        "c1_leader",
        "c2_handler",
        "c2_leader",
    }
    assert AuditEvent.objects.filter(action="accountability.record.issued").count() == 3
    # Issued twice: refused.
    with pytest.raises(AccountabilityError):
        services.issue(c2.pk, actor=leaders["admin"], version=c2.version, now=NOW)
    history = [e for e in unit_history([units["c2"].pk]) if e.kind == "accountability.record"]
    assert len(history) == 1 and history[0].open and "800元" in history[0].text
    services.respond(c2.pk, actor=leaders["c2_leader"], version=c2.version, text="已清理完毕。")
    history = unit_history([units["c2"].pk], open_only=True)
    assert not [e for e in history if e.kind == "accountability.record"]
    c2.refresh_from_db()
    assert c2.status == RecordStatus.ANSWERED and c2.response == "已清理完毕。"
    assert AuditEvent.objects.filter(action="accountability.record.answered").count() == 1


def test_a_stale_version_or_an_empty_response_is_refused(late, letter_rule, leaders):
    propose(NOW)
    rec = Record.objects.order_by("pk").first()
    with pytest.raises(AccountabilityError) as exc:
        services.issue(rec.pk, actor=leaders["admin"], version=rec.version + 1, now=NOW)
    assert exc.value.code == "stale"
    with pytest.raises(AccountabilityError) as exc:
        services.respond(rec.pk, actor=leaders["c1_leader"], version=rec.version, text="x")
    assert exc.value.code == "status"  # a proposal cannot be answered
    rec = services.issue(rec.pk, actor=leaders["admin"], version=rec.version, now=NOW)
    with pytest.raises(AccountabilityError) as exc:
        services.respond(rec.pk, actor=leaders["c1_leader"], version=rec.version, text="  ")
    assert exc.value.code == "required"
    assert Record.objects.get(pk=rec.pk).status == RecordStatus.ISSUED
