import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from zhengzhi.audit.models import AuditEvent
from zhengzhi.files.models import StoredFile
from zhengzhi.inspections.models import Answer, Result, VisitStatus
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.submission import Given, submit_visit
from zhengzhi.inspections.tests.helpers import all_pass, plan
from zhengzhi.ledger.models import Problem, Source, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(staff, units, checklists, sites):
    p = plan(staff["admin"], [checklists["market"]], units=[units["c1"]], team=[staff["inspector"]])
    (v,) = plans.make_visits(p.pk, actor=staff["admin"])
    return v


def test_one_problem_per_failed_item_dispatched_to_the_owner_by_place(staff, units, visit, photo):
    inspector = staff["inspector"]
    version = visit.checklist_version
    p1, p2 = photo(inspector), photo(inspector)
    answers = all_pass(
        version,
        M10=Given(result="fail", findings=3, photo=p1, note="三个摊外经营"),
        M24=Given(result="fail", photo=p2),
        M03=Given(result="na"),
    )
    out = submit_visit(visit.pk, actor=inspector, answers=answers)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SUBMITTED and visit.failures == 2
    m10 = version.items.get(code="M10")
    m03 = version.items.get(code="M03")
    assert visit.max_score == version.total_points - m03.points
    assert visit.score == visit.max_score - m10.points + 1 - 1  # 4 - 3 deducted, M24 lost its 1
    assert len(out.opened) == 2 and not out.linked
    problems = Problem.objects.filter(pk__in=[p.pk for p in out.opened]).order_by("pk")
    for p in problems:
        assert (p.source, p.status, p.owner_unit, p.held) == (
            Source.INSPECTION,
            Status.DISPATCHED,
            units["c1"],
            False,
        )
        assert p.site == visit.site and p.due_at is not None
    first = problems[0]
    assert first.category.code == "1101" and "三个摊外经营" in first.description
    before = StoredFile.objects.get(pk=p1)
    assert (before.owner_type, before.owner_id, before.purpose) == (
        ContentType.objects.get_for_model(Problem),
        first.pk,
        "before",
    )
    answer = Answer.objects.get(visit=visit, item__code="M10")
    assert (answer.problem, answer.result, answer.findings) == (first, Result.FAIL, 3)
    assert AuditEvent.objects.filter(action="inspections.visit.submitted").count() == 1


def test_a_failure_at_a_place_with_the_item_open_links_instead_of_duplicating(
    staff, units, checklists, sites, photo
):
    inspector = staff["inspector"]
    p = plan(staff["admin"], [checklists["market"]], units=[units["c1"]], team=[inspector])
    (first,) = plans.make_visits(p.pk, actor=staff["admin"])
    fail = {"M18": Given(result="fail", photo=photo(inspector))}
    out1 = submit_visit(
        first.pk, actor=inspector, answers=all_pass(first.checklist_version, **fail)
    )
    second = plans.add_visit(
        p,
        checklist=checklists["market"],
        site=sites["market"],
        due_on=dt.date(2026, 6, 20),
        inspector=inspector,
    )
    again = {
        "M18": Given(result="fail", photo=photo(inspector)),
        "M20": Given(result="fail", photo=photo(inspector)),
    }
    out2 = submit_visit(
        second.pk, actor=inspector, answers=all_pass(second.checklist_version, **again)
    )
    assert out2.linked == out1.opened and len(out2.opened) == 1
    assert Problem.objects.count() == 2
    linked = Answer.objects.get(visit=second, item__code="M18")
    assert linked.linked and linked.problem == out1.opened[0]
    # Its photo stays with the visit (the problem already has its before-photo).
    assert StoredFile.objects.get(pk=linked.photo_id).owner_id == second.pk


def test_a_failure_needs_its_photo_and_every_item_an_answer_nothing_written(staff, visit):
    inspector = staff["inspector"]
    version = visit.checklist_version
    with pytest.raises(InspectionError) as e:
        submit_visit(visit.pk, actor=inspector, answers=all_pass(version, M18=Given(result="fail")))
    assert e.value.code == "photo_required" and "M18" in e.value.message
    answers = all_pass(version)
    del answers["M05"]
    with pytest.raises(InspectionError) as e:
        submit_visit(visit.pk, actor=inspector, answers=answers)
    assert e.value.code == "unanswered"
    assert not Problem.objects.exists() and not Answer.objects.exists()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_only_the_assigned_inspector_fills_it_once(staff, visit):
    with pytest.raises(InspectionError) as e:
        submit_visit(visit.pk, actor=staff["handler"], answers=all_pass(visit.checklist_version))
    assert e.value.code in ("not_found", "not_allowed")
    submit_visit(
        visit.pk,
        actor=staff["inspector"],
        answers=all_pass(visit.checklist_version),
        now=timezone.now(),
    )
    with pytest.raises(InspectionError) as e:
        submit_visit(visit.pk, actor=staff["inspector"], answers=all_pass(visit.checklist_version))
    assert e.value.code == "submitted"


def test_a_visit_keeps_the_version_it_used(staff, visit, checklists):
    from zhengzhi.inspections.services.loading import make_version

    old = visit.checklist_version
    market = checklists["market"]
    rows = list(
        old.items.values(
            "code",
            "section",
            "text",
            "position",
            "scoring",
            "points",
            "deduction",
            "bands",
            "photo_required",
            "problem_category_id",
            "standard_item_id",
            "checkpoint_id",
            "standard_category_id",
        )
    )[:5]
    make_version(market, rows, pass_line=old.pass_line, note="精简")
    market.refresh_from_db()
    assert market.current != old
    out = submit_visit(visit.pk, actor=staff["inspector"], answers=all_pass(old))
    assert out.visit.answers.count() == old.items.count()
