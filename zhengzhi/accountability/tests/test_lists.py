"""Red and black lists on hand-made visits (May 2026): the rules propose exactly the expected
entries, nothing is confirmed without the office, a confirmed black flag proposes seed 001's
consequences (and the fourth in a row the heavier ones), the bulletin section reads them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from zhengzhi.accountability.models import (
    Consequence,
    DecisionStatus,
    ListEntry,
    ListRule,
)
from zhengzhi.accountability.services.lists import decide_entry, propose_lists, streak
from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import local
from zhengzhi.inspections.models import ChecklistVersion, Visit
from zhengzhi.inspections.tests.conftest import checklists, shipped  # noqa: F401
from zhengzhi.org.registry import unit_history

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 6, 2, 9))]
MAY = dt.date(2026, 5, 20)


@pytest.fixture
def visits(units, staff, checklists):  # noqa: F811
    version = ChecklistVersion.objects.first()
    for unit, score, top, day in (("c1", 80, 100, 12), ("c2", 45, 50, 13), ("c2", 90, 100, 14)):
        at = local(2026, 5, day, 15)
        Visit.objects.create(
            checklist_version=version, unit=units[unit], inspector=staff["inspector"],
            due_on=at.date(), status="submitted", submitted_at=at, score=score, max_score=top,
        )  # fmt: skip
    return units


@pytest.fixture
def flags(db):
    common = {"subject": "unit", "basis": "inspection", "level": "community", "places": 1,
              "frequency": "monthly"}  # fmt: skip
    return {
        "red": ListRule.objects.create(name="月度红旗", label="红旗", board="red", **common),
        "black": ListRule.objects.create(name="月度黑旗", label="黑旗", board="black", **common),
    }


def test_the_rules_propose_exactly_the_best_and_the_worst(visits, flags):
    assert propose_lists(MAY) == 2
    red = ListEntry.objects.get(rule=flags["red"])
    black = ListEntry.objects.get(rule=flags["black"])
    assert (red.unit, red.score, red.rank) == (visits["c2"], Decimal("90.00"), 1)
    assert (black.unit, black.score) == (visits["c1"], Decimal("80.00"))
    assert red.period_start == dt.date(2026, 5, 1) and red.period_end == dt.date(2026, 5, 31)
    assert propose_lists(MAY) == 0
    assert {e.status for e in ListEntry.objects.all()} == {DecisionStatus.PROPOSED}
    assert not Consequence.objects.exists()
    # A threshold: no black flag when nobody is below 75.
    flags["black"].threshold = Decimal(75)
    flags["black"].save()
    ListEntry.objects.all().delete()
    assert propose_lists(MAY) == 1


def test_a_black_flag_and_the_fourth_in_a_row(visits, flags, staff):
    propose_lists(MAY)
    black = ListEntry.objects.get(rule=flags["black"])
    decide_entry(black.pk, actor=staff["admin"], confirm=True)
    (c,) = Consequence.objects.all()
    assert c.unit == visits["c1"] and c.streak == 1 and c.status == DecisionStatus.PROPOSED
    assert {"who": "村干部", "what": "每人罚款300元", "amount": 300} in c.actions
    assert AuditEvent.objects.filter(action="accountability.consequence.proposed").count() == 1
    # February to April confirmed black too: May is the fourth in a row.
    Consequence.objects.all().delete()
    ListEntry.objects.filter(pk=black.pk).update(status="proposed", decided_at=None)
    for month in (2, 3, 4):
        ListEntry.objects.create(
            rule=flags["black"], period_start=dt.date(2026, month, 1),
            period_end=dt.date(2026, month, 28), key=black.key, unit=visits["c1"], name="x",
            score=70, rank=1, status="confirmed", proposed_at=local(2026, month, 28, 9),
        )  # fmt: skip
    black.refresh_from_db()
    assert streak(black) == 4
    decide_entry(black.pk, actor=staff["admin"], confirm=True)
    assert sorted(c.streak for c in Consequence.objects.all()) == [4, 4]
    heavy = Consequence.objects.get(rule__streak=4)
    assert [a["what"] for a in heavy.actions] == ["停职", "调整岗位", "本季度不得评先评优"]
    history = unit_history([visits["c1"].pk])
    assert any(e.kind == "accountability.list" and "黑旗" in e.text for e in history)


def test_the_bulletin_section_and_the_page(client, visits, flags, staff):
    from zhengzhi.accountability.bulletin import build_lists
    from zhengzhi.supervision.drafting.context import DraftContext

    propose_lists(MAY)
    ctx = DraftContext(None, dt.date(2026, 5, 21), dt.date(2026, 5, 31), local(2026, 6, 1, 9), None)
    assert build_lists(ctx) is None  # nothing confirmed yet
    for e in ListEntry.objects.all():
        decide_entry(e.pk, actor=staff["admin"], confirm=True)
    data = build_lists(ctx)
    assert [r["name"] for r in data["red"]] == [visits["c2"].name]
    assert [r["name"] for r in data["black"]] == [visits["c1"].name]
    client.force_login(staff["handler"])  # c1: sees the lists, and its own consequences
    response = client.get(reverse("accountability:lists"))
    page = response.content.decode()
    assert response.status_code == 200, page[:3000]
    assert visits["c2"].name in page, page[page.find("<main") :][:3000] and "每人罚款300元" in page
    client.force_login(staff["c2_handler"])
    page = client.get(reverse("accountability:lists")).content.decode()
    assert "每人罚款300元" not in page
    entry = ListEntry.objects.first()
    url = reverse("accountability:entry_decide", args=[entry.pk])
    assert client.post(url, {"decision": "confirm"}).status_code == 404
