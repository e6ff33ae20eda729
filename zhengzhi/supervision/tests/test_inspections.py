"""Inspections in supervision: the bulletin's inspection results and worst findings, which leave
out a covert round until the office releases it, and the dashboard's panel, scoped as the
inspections are."""

import datetime as dt
import io

import pytest
from docx import Document

from zhengzhi.conftest import local
from zhengzhi.inspections.models import PlanKind
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.services.submission import Given, submit_visit
from zhengzhi.inspections.tests.conftest import (  # noqa: F401
    checklists,
    photo,
    shipped,
    sites,
    staff,
)
from zhengzhi.inspections.tests.helpers import all_pass, plan
from zhengzhi.supervision.dashboard.panels import View
from zhengzhi.supervision.inspection_results import panel
from zhengzhi.supervision.models import EditionStatus, Frequency, Series
from zhengzhi.supervision.services import editions

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 6, 12, 10))]


def _visit(staff, units, checklists, photo, kind, failing, at):  # noqa: F811
    inspector = staff["inspector"]
    p = plan(
        staff["admin"], [checklists["market"]], kind=kind, units=[units["c1"]], team=[inspector]
    )
    (visit,) = plans.make_visits(p.pk, actor=staff["admin"])
    failures = {code: Given(result="fail", photo=photo(inspector)) for code in failing}
    answers = all_pass(visit.checklist_version, **failures)
    submit_visit(visit.pk, actor=inspector, answers=answers, now=at)
    return p, visit


@pytest.fixture
def rounds(staff, units, checklists, sites, photo):  # noqa: F811
    """In June's first ten days, in c1: an open visit with one failure and a covert visit with
    two, not yet released."""
    open_round = _visit(
        staff, units, checklists, photo, PlanKind.OPEN, ["M01"], local(2026, 6, 3, 10)
    )
    covert = _visit(
        staff, units, checklists, photo, PlanKind.COVERT, ["M01", "M25"], local(2026, 6, 4, 10)
    )
    return open_round, covert


def _drafted(staff, series):  # noqa: F811
    edition = editions.start_draft(series, dt.date(2026, 6, 5), actor=staff["admin"])
    editions.draft(edition.pk, now=local(2026, 6, 11, 9))
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT, edition.error
    return edition


def _text(edition) -> str:
    doc = Document(io.BytesIO(editions.render_docx(edition, dt.date(2026, 6, 11))))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_bulletin_reports_what_the_inspected_may_see(staff, rounds):  # noqa: F811
    series = Series.objects.create(
        name="创卫工作简报", issuer="创卫办", frequency=Frequency.TENDAY, ranking_level="community"
    )
    edition = _drafted(staff, series)
    data = edition.data["inspections"]
    # Only the open visit: the covert round is held by the office, its problems too.
    assert (data["visits"], data["failed_items"], data["problems"]) == (1, 1, 1)
    assert edition.data["figures"]["new"] == 1
    text = _text(edition)
    assert "明查暗访情况" in text and "本期共检查1处（次）" in text and "柳岸农贸市场" in text
    plans.release(rounds[1][0].pk, actor=staff["admin"], now=local(2026, 6, 5, 9))
    edition.delete()
    data = _drafted(staff, series).data["inspections"]
    assert (data["visits"], data["failed_items"], data["problems"]) == (2, 3, 2)
    assert [v["kind"] for v in data["worst_visits"]] == ["covert", "open"]  # the lowest first
    assert data["worst_items"][0]["n"] == 2  # M01 failed on both visits


def test_the_dashboard_panel_is_scoped_as_the_inspections(staff, units, rounds):  # noqa: F811
    now = local(2026, 6, 12, 10)
    office = panel(View(staff["admin"], now))
    assert office["visits"] == 2  # the office sees its own covert round
    assert "/inspections/results/?start=" in office["results_url"]
    unit = panel(View(staff["c1_leader"], now, [units["c1"].pk], [units["c1"].pk]))
    assert unit["visits"] == 1 and unit["failed_items"] == 1
    assert panel(View(staff["c2_handler"], now, [units["c2"].pk], [units["c2"].pk])) is None
