"""The assessment on hand-counted facts (May 2026, communities): every point traced to the facts
it came from; the quarter as the mean of its months; a unit sees only its own; the exports.

Scheme: on-time closure 40, progress reported on time 30, inspection score 30; a letter −2, a
sheet −0.5, at most −3.

c1 in May: two problems due on 10 May still open (on time 0 of 2: 0 points); 4 reports, 1 late
(3/4 × 30 = 22.50); one visit 80 of 100 (0.8 × 30 = 24.00); two letters and a sheet issued
(−4.50, capped −3): 43.50.
c2 in May: nothing due (no base: 40); 2 reports, none late (30); visits 45/50 and 90/100
(135/150 = 0.9: 27.00); a letter issued in June does not count in May: 97.00.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from zhengzhi.accountability.assessment.compute import (
    AssessmentPeriodError,
    assess,
    months_of,
)
from zhengzhi.accountability.assessment.scheme import DEFAULT_DEDUCTIONS, DEFAULT_ITEMS
from zhengzhi.accountability.models import AssessmentScheme, Record, RecordStatus
from zhengzhi.campaigns.models import Assignment, ProgressReport, Task
from zhengzhi.campaigns.tests.conftest import campaign  # noqa: F401
from zhengzhi.conftest import local
from zhengzhi.inspections.models import ChecklistVersion, Visit
from zhengzhi.inspections.tests.conftest import checklists, shipped  # noqa: F401
from zhengzhi.ledger.models import Problem
from zhengzhi.ledger.tests.pages_support import dispatched

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 5, 6, 9))]
JUNE = local(2026, 6, 5, 10)
D = Decimal


@pytest.fixture
def scheme(db):
    AssessmentScheme.objects.all().delete()
    return AssessmentScheme.objects.create(
        name="考核细则",
        level="community",
        items=[
            {"indicator": "on_time_rate", "weight": 40},
            {"indicator": "reporting_rate", "weight": 30},
            {"indicator": "inspection_rate", "weight": 30},
        ],
        deductions={"letter": 2, "sheet": 0.5},
        deduction_cap=3,
    )


def _report(assignment, day, slot, late, user):
    at = local(day.year, day.month, day.day, 11)
    return ProgressReport.objects.create(
        assignment=assignment, campaign_id=assignment.task.campaign_id,
        task=assignment.task, unit_id=assignment.unit_id, period=day, slot=slot,
        cutoff_at=at, figure=1, submitted_at=at, submitted_by=user, late=late,
    )  # fmt: skip


def _visit(unit, score, max_score, day, version, user):
    at = local(2026, 5, day, 15)
    return Visit.objects.create(
        checklist_version=version, unit=unit, inspector=user, due_on=at.date(),
        status="submitted", submitted_at=at, submitted_by=user, score=score,
        max_score=max_score, percent=D(score) * 100 / D(max_score),
    )  # fmt: skip


def _issued(unit, kind, at, number):
    return Record.objects.create(
        kind=kind, unit=unit, basis="—", proposed_at=at, status=RecordStatus.ISSUED,
        approved_at=at, year=2026, number=number, total=800,
    )  # fmt: skip


@pytest.fixture
def may(new_problem, staff, units, campaign, checklists):  # noqa: F811
    c1, c2 = units["c1"], units["c2"]
    for address in ("柳岸路1号", "柳岸路2号"):
        p = dispatched(new_problem, staff, address=address)
        Problem.objects.filter(pk=p.pk).update(due_at=local(2026, 5, 10, 18))
    # Reports taken without a cadence: nothing is owed, so the reporting figures are these
    # reports alone (reports owed and missing: test_assessment_final.py).
    Task.objects.filter(pk=campaign.task.pk).update(frequency="none")
    a1 = Assignment.objects.get(task=campaign.task, unit=c1)
    a2 = Assignment.objects.get(task=campaign.task, unit=c2)
    admin = staff["admin"]
    for i, late in enumerate((False, False, False, True)):
        _report(a1, dt.date(2026, 5, 11 + i), 0, late, admin)
    for i in range(2):
        _report(a2, dt.date(2026, 5, 11 + i), 0, False, admin)
    _report(a2, dt.date(2026, 4, 20), 0, True, admin)  # April: not in May
    version = ChecklistVersion.objects.first()
    _visit(c1, 80, 100, 12, version, staff["inspector"])
    _visit(c2, 45, 50, 13, version, staff["inspector"])
    _visit(c2, 90, 100, 14, version, staff["inspector"])
    _issued(c1, "letter", local(2026, 5, 15, 9), 1)
    _issued(c1, "letter", local(2026, 5, 16, 9), 2)
    _issued(c1, "sheet", local(2026, 5, 16, 9), 1)
    _issued(c2, "letter", local(2026, 6, 2, 9), 3)
    return units


def _points(row, month):
    m = row.months[month]
    return {i.indicator: (i.num, i.den, i.points) for i in m.items}, m


def test_may_hand_counted(scheme, may):
    result = assess(scheme, "2026-05", now=JUNE)
    rows = {r.unit_id: r for r in result.rows}
    c1, c2 = rows[may["c1"].pk], rows[may["c2"].pk]
    items, m = _points(c1, "2026-05")
    assert items == {
        "on_time_rate": (D(0), D(2), D("0.00")),
        "reporting_rate": (D(3), D(4), D("22.50")),
        "inspection_rate": (D(80), D(100), D("24.00")),
    }
    assert [(d.kind, d.count, d.points) for d in m.deductions] == [
        ("letter", 2, D("4.00")),
        ("sheet", 1, D("0.50")),
    ]
    assert m.deducted == D("3.00") and c1.total == D("43.50") and m.yuan == 2400
    items, m = _points(c2, "2026-05")
    assert items == {
        "on_time_rate": (D(0), D(0), D("40.00")),
        "reporting_rate": (D(2), D(2), D("30.00")),
        "inspection_rate": (D(135), D(150), D("27.00")),
    }
    assert m.deductions == [] and c2.total == D("97.00")
    assert c2.rank < c1.rank


def test_the_quarter_is_the_mean_of_its_months(scheme, may):
    result = assess(scheme, "2026-Q2", now=JUNE)
    assert result.month_keys() == ["2026-04", "2026-05", "2026-06"]
    rows = {r.unit_id: r for r in result.rows}
    c1, c2 = rows[may["c1"].pk], rows[may["c2"].pk]
    assert [m.total for m in c1.months.values()] == [D("100.00"), D("43.50"), D("100.00")]
    assert c1.total == D("81.17")  # 243.50 / 3
    # c2: April's late report (30 × 0/1), June's letter (−2).
    assert [m.total for m in c2.months.values()] == [D("70.00"), D("97.00"), D("98.00")]
    assert c2.total == D("88.33")
    # The year so far: January to June.
    assert len(assess(scheme, "2026", now=JUNE).months) == 6


def test_periods():
    today = dt.date(2026, 12, 5)
    assert months_of("2026-02", today) == [(dt.date(2026, 2, 1), dt.date(2026, 2, 28))]
    assert months_of("2026-Q4", today)[-1] == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert len(months_of("2026", today)) == 12
    for bad in ("2026-13", "2027", "2026-Q5", "abc", "2026-00"):
        with pytest.raises(AssessmentPeriodError):
            months_of(bad, today)


def test_pages_scope_and_exports(
    client, scheme, may, staff, time_machine, django_assert_max_num_queries
):
    from zhengzhi.conftest import make_user
    from zhengzhi.core.roles import Role

    time_machine.move_to(JUNE)
    leader = make_user("c1_leader", may["c1"], Role.UNIT_LEADER)
    client.force_login(staff["admin"])
    url = reverse("accountability:assessment_of", args=[scheme.pk])
    with django_assert_max_num_queries(40):
        page = client.get(url, {"period": "2026-05"}).content.decode()
    assert "43.50" in page and "97.00" in page
    unit_url = reverse("accountability:assessment_unit", args=[scheme.pk, may["c1"].pk])
    trace = client.get(unit_url, {"period": "2026-05"}).content.decode()
    assert "22.50" in trace and "/ledger/problems/?" in trace
    xlsx = client.get(url, {"period": "2026-05", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx))).active
    values = list(sheet.iter_rows(values_only=True))
    c1_row = next(r for r in values if r[1] == may["c1"].name)
    assert c1_row[2] == "2026-05" and c1_row[-1] == 43.5 and c1_row[-4] == 3
    docx = client.get(url, {"period": "2026-05", "format": "docx"})
    doc = Document(io.BytesIO(b"".join(docx)))
    table = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert table[0][-1] == "得分"
    assert [may["c2"].name, "97.00"] == [
        next(r for r in table if r[1] == may["c2"].name)[i] for i in (1, -1)
    ]
    # A unit: its own only.
    client.force_login(leader)
    page = client.get(url, {"period": "2026-05"}).content.decode()
    assert may["c1"].name in page and may["c2"].name not in page
    c2_url = reverse("accountability:assessment_unit", args=[scheme.pk, may["c2"].pk])
    assert client.get(c2_url, {"period": "2026-05"}).status_code == 404
    assert (
        client.get(reverse("accountability:assessment_scheme", args=[scheme.pk])).status_code == 404
    )


def test_the_office_edits_the_scheme(client, scheme, staff):
    client.force_login(staff["admin"])
    url = reverse("accountability:assessment_scheme", args=[scheme.pk])
    data = {"name": "考核细则2027", "level": "street", "deduction_cap": "10",
            "version": scheme.version, "w_on_time_rate": "60", "w_inspection_rate": "40",
            "d_letter": "2"}  # fmt: skip
    for key in (
        "closure_rate",
        "rework_rate",
        "return_rate",
        "satisfaction_rate",
        "reporting_rate",
        "task_progress_rate",
    ):
        data[f"w_{key}"] = "0"
    for kind in ("sheet", "yellow", "talk", "referral", "missed"):
        data[f"d_{kind}"] = "0"
    assert client.post(url, data).status_code == 302
    scheme.refresh_from_db()
    assert scheme.items == [
        {"indicator": "on_time_rate", "weight": 60.0},
        {"indicator": "inspection_rate", "weight": 40.0},
    ]
    assert scheme.deductions == {"letter": 2.0} and scheme.level == "street"
    data["version"] = scheme.version - 1  # stale
    data["name"] = "旧的"
    assert client.post(url, data).status_code == 200
    assert AssessmentScheme.objects.get(pk=scheme.pk).name == "考核细则2027"


def test_the_shipped_scheme_is_the_code_default(db):
    shipped_scheme = AssessmentScheme.objects.get(name="创卫工作考核细则")
    assert shipped_scheme.items == DEFAULT_ITEMS
    assert shipped_scheme.deductions == {k: v for k, v in DEFAULT_DEDUCTIONS.items()}
