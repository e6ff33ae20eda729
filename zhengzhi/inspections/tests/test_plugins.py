"""Inspections in the pages of the apps below: the problem page, the site's timeline and
coverage, the archive's provider and the gap page's item results; a covert visit in none of
them for the inspected unit before its release."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.inspections import plugins
from zhengzhi.inspections.models import PlanKind
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.services.submission import Given, submit_visit
from zhengzhi.inspections.tests.helpers import all_pass, plan
from zhengzhi.standards.models import StandardVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def found(staff, units, checklists, sites, photo):
    inspector = staff["inspector"]
    p = plan(staff["admin"], [checklists["market"]], units=[units["c1"]], team=[inspector])
    (visit,) = plans.make_visits(p.pk, actor=staff["admin"])
    answers = all_pass(visit.checklist_version, M24=Given(result="fail", photo=photo(inspector)))
    (problem,) = submit_visit(visit.pk, actor=inspector, answers=answers).opened
    return visit, problem


def test_the_problem_page_names_the_visit_item_and_checkpoint(staff, found, as_user):
    visit, problem = found
    html = as_user(staff["handler"]).get(f"/ledger/problems/{problem.pk}/").content.decode()
    assert 'id="inspection-findings"' in html
    assert "M24" in html and "公厕设置达标" in html and f"/inspections/visits/{visit.pk}/" in html


def test_the_sites_timeline_and_coverage(staff, units, found, sites, checklists, photo):
    visit, _problem = found
    entries = plugins.timeline(sites["market"], staff["handler"])
    assert [e.url for e in entries] == [f"/inspections/visits/{visit.pk}/"]
    assert plugins.timeline(sites["market"], staff["other_handler"]) == []
    now = timezone.now()
    contacts = set(plugins.contacts(now - dt.timedelta(days=1), now + dt.timedelta(days=1)))
    assert contacts == {sites["market"].pk}
    # A covert visit is no contact and no entry before its release.
    inspector = staff["inspector"]
    covert = plan(
        staff["admin"],
        [checklists["small-trade-restaurant"]],
        kind=PlanKind.COVERT,
        units=[units["c1"]],
        team=[inspector],
    )
    (cv,) = plans.make_visits(covert.pk, actor=staff["admin"])
    submit_visit(cv.pk, actor=inspector, answers=all_pass(cv.checklist_version))
    contacts = set(plugins.contacts(now - dt.timedelta(days=1), now + dt.timedelta(days=1)))
    assert sites["restaurant"].pk not in contacts
    assert plugins.timeline(sites["restaurant"], staff["handler"]) == []
    plans.release(covert.pk, actor=staff["admin"])
    contacts = set(plugins.contacts(now - dt.timedelta(days=1), now + dt.timedelta(days=1)))
    assert sites["restaurant"].pk in contacts


def test_the_gap_page_gets_the_items_results(found):
    visit, _problem = found
    standard = StandardVersion.objects.get(code="gwcs-2021")
    results = plugins.checkpoint_results(standard.pk, timezone.localdate().year)
    item15 = standard.categories.get(code="C3").items.get(code="15")
    assert results[item15.pk] == {"answers": 1, "failed": 1, "rate": 0.0}
    item10 = standard.categories.get(code="C3").items.get(code="10")
    assert results[item10.pk]["failed"] == 0 and results[item10.pk]["answers"] >= 2


def test_the_archive_finds_the_visit_record(found):
    from types import SimpleNamespace

    visit, _problem = found
    standard = StandardVersion.objects.get(code="gwcs-2021")
    item15 = standard.categories.get(code="C3").items.get(code="15")
    requirement = SimpleNamespace(item_id=item15.pk)
    year = timezone.localdate(visit.submitted_at).year
    (record,) = plugins.visit_records(requirement, None, [year])
    assert record.key == f"inspections.visit:{visit.pk}" and record.unit_id == visit.unit_id
    assert list(plugins.visit_records(requirement, None, [year - 1])) == []
