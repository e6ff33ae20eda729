import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.accountability.models import LadderRule, RecordKind
from zhengzhi.conftest import make_user
from zhengzhi.core.roles import Role
from zhengzhi.ledger.models import Problem
from zhengzhi.ledger.tests.conftest import categories, grids, new_problem, staff  # noqa: F401
from zhengzhi.ledger.tests.pages_support import dispatched

NOW = timezone.make_aware(dt.datetime(2026, 11, 20, 10, 0))


@pytest.fixture(autouse=True)
def _shipped_rows(request):
    """The rows the data migrations ship (the 考核细则, seed 001's consequences), put back where
    a transactional test run before on the same worker flushed them; the tests read them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    from importlib import import_module

    from django.apps import apps

    migrations = "zhengzhi.accountability.migrations."
    import_module(migrations + "0002_assessment_schemes").ship_scheme(apps, None)
    import_module(
        migrations + "0007_finalised_assessments_and_task_progress_item"
    ).add_task_progress(apps, None)
    import_module(migrations + "0003_red_and_black_lists_and_consequences").ship_consequences(
        apps, None
    )
    import_module(migrations + "0006_unit_triggers_and_each_finding").ship_unit_rules(apps, None)


@pytest.fixture
def leaders(staff, units):  # noqa: F811
    return {
        **staff,
        "c1_leader": make_user("c1_leader", units["c1"], Role.UNIT_LEADER),
        "c2_leader": make_user("c2_leader", units["c2"], Role.UNIT_LEADER),
    }


@pytest.fixture
def sheet_rule(db):
    return LadderRule.objects.create(name="超期3天督查单", kind=RecordKind.SHEET, days=3)


@pytest.fixture
def letter_rule(db):
    return LadderRule.objects.create(name="超期7天督办函", kind=RecordKind.LETTER, days=7)


@pytest.fixture
def late(new_problem, leaders):  # noqa: F811
    """Hand-made: in c1 two problems 10 days overdue and one 2 days overdue; in c2 one 8 days
    overdue; in c2 one due in 60 days. Days are counted from NOW."""

    def make(days, **kw):
        p = dispatched(new_problem, leaders, **kw)
        due = NOW - dt.timedelta(days=days) if days is not None else NOW + dt.timedelta(days=60)
        Problem.objects.filter(pk=p.pk).update(due_at=due)
        return Problem.objects.get(pk=p.pk)

    return {
        "c1_a": make(10, address="柳岸路1号"),
        "c1_b": make(10, address="柳岸路2号"),
        "c1_fresh": make(2, address="柳岸路3号"),
        "c2_a": make(8, lon=120.015, by="c2_handler", address="桃园路1号"),
        "c2_ok": make(None, lon=120.016, by="c2_handler", address="桃园路2号"),
    }
