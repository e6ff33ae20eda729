"""The demo season: an open plan and two covert rounds, one released (its problems dispatched
from the release), one not (its findings held); problems rectified and overdue; a second run
does nothing."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from zhengzhi.inspections.demo import build_demo_inspections
from zhengzhi.inspections.models import Plan, PlanKind, Visit, VisitStatus
from zhengzhi.ledger.models import Problem, Source, Status


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from zhengzhi.accounts.demo import build_demo_org
    from zhengzhi.ledger.services.categories import load_categories
    from zhengzhi.sites.demo import build_demo_sites
    from zhengzhi.territory.demo import build_demo_territory

    with django_db_blocker.unblock(), transaction.atomic():
        org = build_demo_org()
        build_demo_territory(org)
        load_categories()
        build_demo_sites()
        result = build_demo_inspections()
        yield result
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_season(demo):
    assert demo["visits"] > 50 and demo["problems"] > 10, demo
    # The follow-up rules ran on the season: rechecks after deadlines and covert feedback.
    assert demo["followups_deadline"] > 0 and demo["followups_covert"] > 0, demo
    assert demo["vector_checks"] > 0
    released, held = Plan.objects.filter(kind=PlanKind.COVERT).order_by("starts_on")
    assert released.released_at is not None and held.released_at is None
    covert = Problem.objects.filter(source=Source.COVERT)
    assert covert.filter(held=True).count() == demo["held"] > 0
    for p in covert.filter(held=False, dispatched_at__isnull=False):
        assert p.dispatched_at == released.released_at
    statuses = set(
        Problem.objects.filter(source=Source.INSPECTION).values_list("status", flat=True)
    )
    assert Status.CLOSED in statuses and Status.DISPATCHED in statuses
    now = timezone.now()
    assert Problem.objects.filter(status=Status.DISPATCHED, due_at__lt=now).exists()  # overdue
    assert Visit.objects.filter(status=VisitStatus.SUBMITTED, passed=False).exists()
    assert Visit.objects.filter(checklist_version__checklist__code="covert-county").exists()
    assert build_demo_inspections() == {"skipped": True}
    assert timezone.localdate() - dt.timedelta(days=91) <= Visit.objects.earliest("due_on").due_on
