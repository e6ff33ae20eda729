"""Reports owed and never submitted, the tasks' progress, and the finalised (stored) result, on
hand-counted facts.

The campaign (campaigns' fixture): under way from Monday 4 May 2026 to 30 June, one task
reported twice a day (11:00 and 16:00), c1 and c2 20 structures each, milestones 10 by 20 May
and 30 by 10 June (so on 31 May each unit is expected at about 10.2).

May, seen on 5 June: 28 days × 2 cut-offs = 56 reports owed by each unit. c1 reported four
(11–14 May at 11:00, the last late, 1 structure each): 3 on time of 56 owed, 52 missing;
c2 reported one (11 May at 11:00, 15 structures): 1 of 56, 55 missing.
Tasks on schedule on 31 May: c1 4 of an expected ≈10.2 — behind (0 of 1); c2 15 — ahead (1 of 1).
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhengzhi.accountability.assessment.compute import assess
from zhengzhi.accountability.assessment.models import AssessmentResult, ResultStatus
from zhengzhi.accountability.assessment.stored import finalise, reopen, result_for
from zhengzhi.accountability.models import AssessmentScheme
from zhengzhi.accountability.services.errors import AccountabilityError
from zhengzhi.audit.models import AuditEvent
from zhengzhi.campaigns.models import Assignment, ProgressReport
from zhengzhi.campaigns.tests.conftest import campaign  # noqa: F401
from zhengzhi.conftest import local
from zhengzhi.inspections.models import ChecklistVersion, Visit
from zhengzhi.inspections.tests.conftest import checklists, shipped  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 6, 5, 10))]
JUNE = local(2026, 6, 5, 10)
D = Decimal


@pytest.fixture
def scheme(db):
    AssessmentScheme.objects.all().delete()
    return AssessmentScheme.objects.create(
        name="考核细则",
        level="community",
        items=[
            {"indicator": "reporting_rate", "weight": 30},
            {"indicator": "task_progress_rate", "weight": 20},
            {"indicator": "inspection_rate", "weight": 50},
        ],
        deductions={},
        deduction_cap=0,
    )


def _report(assignment, day, late, user, figure=1):
    at = local(day.year, day.month, day.day, 11)
    return ProgressReport.objects.create(
        assignment=assignment, campaign_id=assignment.task.campaign_id,
        task=assignment.task, unit_id=assignment.unit_id, period=day, slot=0,
        cutoff_at=at, figure=figure, submitted_at=at, submitted_by=user, late=late,
    )  # fmt: skip


@pytest.fixture
def may(units, staff, campaign):  # noqa: F811
    a1 = Assignment.objects.get(task=campaign.task, unit=units["c1"])
    a2 = Assignment.objects.get(task=campaign.task, unit=units["c2"])
    for i, late in enumerate((False, False, False, True)):
        _report(a1, dt.date(2026, 5, 11 + i), late, staff["admin"])
    _report(a2, dt.date(2026, 5, 11), False, staff["admin"], figure=15)
    units["campaign"] = campaign
    return units


def _items(result, unit, month="2026-05"):
    row = next(r for r in result.rows if r.unit_id == unit.pk)
    return {i.indicator: (i.num, i.den, i.points) for i in row.months[month].items}


def test_missing_reports_count_like_late_ones(scheme, may):
    result = assess(scheme, "2026-05", now=JUNE)
    assert _items(result, may["c1"])["reporting_rate"] == (D(3), D(56), D("1.61"))
    assert _items(result, may["c2"])["reporting_rate"] == (D(1), D(56), D("0.54"))


def test_task_progress_from_the_dispatch_sheet(scheme, may):
    result = assess(scheme, "2026-05", now=JUNE)
    assert _items(result, may["c1"])["task_progress_rate"] == (D(0), D(1), D("0.00"))
    assert _items(result, may["c2"])["task_progress_rate"] == (D(1), D(1), D("20.00"))


def test_before_the_campaign_nothing_is_owed(scheme, may):
    # April: the campaign had not begun; no report owed, no task measured: full points.
    items = _items(assess(scheme, "2026-04", now=JUNE), may["c1"], "2026-04")
    assert items["reporting_rate"] == (D(0), D(0), D("30.00"))
    assert items["task_progress_rate"] == (D(0), D(0), D("20.00"))


def test_the_unit_page_lists_the_missing_reports(client, scheme, may, staff):
    client.force_login(staff["admin"])
    url = reverse("accountability:assessment_unit", args=[scheme.pk, may["c1"].pk])
    page = client.get(url, {"period": "2026-05"}).content.decode()
    assert page.count('class="missing-row"') == 52
    sheet = reverse("campaigns:sheet", args=[may["campaign"].pk])
    assert f"{sheet}?day=2026-05-04" in page  # the first one owed
    assert f"{sheet}?day=2026-05-11" in page  # 11 May 16:00 was missed
    assert f"{sheet}?day=2026-05-31" in page  # the tasks' standing on the month's last day


def test_a_finalised_quarter_does_not_change(client, scheme, may, staff, checklists):  # noqa: F811
    c1, admin = may["c1"], staff["admin"]
    version = ChecklistVersion.objects.first()

    def visit(score, day):
        at = local(2026, 3, day, 15)
        Visit.objects.create(
            checklist_version=version, unit=c1, inspector=staff["inspector"], due_on=at.date(),
            status="submitted", submitted_at=at, submitted_by=admin, score=score,
            max_score=100, percent=score,
        )  # fmt: skip

    visit(80, 10)
    with pytest.raises(AccountabilityError):  # June: the second quarter has not ended
        finalise(scheme.pk, "2026-Q2", actor=admin, now=JUNE)
    stored = finalise(scheme.pk, "2026-Q1", actor=admin, now=JUNE)
    # March: 50 × 0.8 = 40 + 30 + 20 = 90; January and February: 100 each; mean 96.67.
    before = next(r for r in result_for(scheme, "2026-Q1")[0].rows if r.unit_id == c1.pk)
    assert before.total == D("96.67")
    assert AuditEvent.objects.filter(action="accountability.assessment.finalised").count() == 1

    visit(20, 11)  # a later visit in March, and the scheme's weights edited
    AssessmentScheme.objects.filter(pk=scheme.pk).update(
        items=[{"indicator": "inspection_rate", "weight": 100}]
    )
    scheme.refresh_from_db()
    fresh = next(r for r in assess(scheme, "2026-Q1", now=JUNE).rows if r.unit_id == c1.pk)
    assert fresh.total != before.total
    shown, final = result_for(scheme, "2026-Q1")
    row = next(r for r in shown.rows if r.unit_id == c1.pk)
    assert final == stored and row.total == D("96.67")
    assert [i.indicator for i in row.months["2026-03"].items][0] == "reporting_rate"

    with pytest.raises(AccountabilityError):
        finalise(scheme.pk, "2026-Q1", actor=admin, now=JUNE)

    client.force_login(admin)
    url = reverse("accountability:assessment_of", args=[scheme.pk])
    page = client.get(url, {"period": "2026-Q1"}).content.decode()
    assert 'id="assessment-final"' in page and "96.67" in page
    xlsx = client.get(url, {"period": "2026-Q1", "format": "xlsx"})
    assert "终审" in xlsx["Content-Disposition"] or "%E7%BB%88" in xlsx["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(xlsx)))
    assert book.active.title == "考核细则（终审）"
    values = list(book.active.iter_rows(values_only=True))
    assert next(r for r in values if r[1] == c1.name)[-1] == 96.67

    # A unit reads its own stored result only.
    from zhengzhi.conftest import make_user
    from zhengzhi.core.roles import Role

    client.force_login(make_user("c1_leader", c1, Role.UNIT_LEADER))
    page = client.get(url, {"period": "2026-Q1"}).content.decode()
    assert c1.name in page and may["c2"].name not in page
    assert (
        client.post(
            reverse("accountability:assessment_finalise", args=[scheme.pk]),
            {"period": "2026-Q1", "reopen": "1", "reason": "x"},
        ).status_code
        == 404
    )

    with pytest.raises(AccountabilityError):
        reopen(scheme.pk, "2026-Q1", actor=admin, reason=" ")
    reopen(scheme.pk, "2026-Q1", actor=admin, reason="三月暗访成绩更正")
    assert AssessmentResult.objects.get(pk=stored.pk).status == ResultStatus.REOPENED
    assert AuditEvent.objects.filter(action="accountability.assessment.reopened").count() == 1
    assert result_for(scheme, "2026-Q1")[1] is None
    again = finalise(scheme.pk, "2026-Q1", actor=admin, now=JUNE)
    row = next(r for r in result_for(scheme, "2026-Q1")[0].rows if r.unit_id == c1.pk)
    assert again.pk != stored.pk and row.total == fresh.total


def test_a_finalised_year_does_not_change_when_the_ledger_does(new_problem, staff, units):
    """2025, finalised in June 2026: a problem of c1 due on 10 March 2025 and never closed
    (on time 0 of 1 in March). Moved out of the year afterwards, the year computed anew has no
    base anywhere (100 points) while the stored year keeps what was finalised."""
    from zhengzhi.ledger.models import Problem
    from zhengzhi.ledger.tests.pages_support import dispatched

    AssessmentScheme.objects.all().delete()
    scheme = AssessmentScheme.objects.create(
        name="按期办结", level="community", items=[{"indicator": "on_time_rate", "weight": 100}],
        deductions={}, deduction_cap=0,
    )  # fmt: skip
    p = dispatched(new_problem, staff, address="柳岸路1号")
    Problem.objects.filter(pk=p.pk).update(due_at=local(2025, 3, 10, 18))
    c1 = units["c1"]
    finalise(scheme.pk, "2025", actor=staff["admin"], now=JUNE)
    stored = next(r for r in result_for(scheme, "2025")[0].rows if r.unit_id == c1.pk)
    march = {i.indicator: (i.num, i.den) for i in stored.months["2025-03"].items}
    assert march["on_time_rate"] == (D(0), D(1)) and stored.total < D(100)

    Problem.objects.filter(pk=p.pk).update(due_at=local(2027, 3, 10, 18))
    fresh = next(r for r in assess(scheme, "2025", now=JUNE).rows if r.unit_id == c1.pk)
    assert fresh.total == D("100.00")
    again = next(r for r in result_for(scheme, "2025")[0].rows if r.unit_id == c1.pk)
    assert again.total == stored.total and again.months["2025-03"].items[0].den == D(1)
