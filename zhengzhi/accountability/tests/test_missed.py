"""The inspectors' own rung: a missed problem flagged by the inspections (issue 20) proposes one
漏查 record for the unit of the inspector who passed it, on the problem the later visit found;
proposed only, never twice."""

import pytest

from zhengzhi.accountability.models import Record, RecordKind
from zhengzhi.accountability.services.proposals import propose
from zhengzhi.conftest import local, make_user
from zhengzhi.core.roles import Role
from zhengzhi.inspections.selectors import missed_flags
from zhengzhi.inspections.services.followups import run_followups
from zhengzhi.inspections.tests.conftest import (  # noqa: F401
    checklists,
    photo,
    shipped,
    sites,
    staff,
)
from zhengzhi.inspections.tests.test_missed import _visit

pytestmark = pytest.mark.django_db


def test_a_missed_problem_proposes_one_record(staff, units, checklists, sites, photo):  # noqa: F811
    second = make_user("inspector2", units["office"], Role.INSPECTOR)
    first = staff["inspector"]
    _visit(staff, checklists, units, first, [first], at=local(2026, 6, 3, 10), photo=photo)
    later = _visit(
        staff, checklists, units, second, [second], fail=True, at=local(2026, 6, 20, 10),
        photo=photo,
    )  # fmt: skip
    run_followups(local(2026, 6, 20, 12))
    (flag,) = list(missed_flags())
    problem = later.answers.get(item__code="M18").problem
    assert flag["unit_id"] == first.unit_id and flag["problem_id"] == problem.pk
    assert "2026-06-03" in flag["text"]
    propose(local(2026, 6, 21, 9))
    propose(local(2026, 6, 22, 9))  # again: nothing new
    record = Record.objects.get(kind=RecordKind.MISSED)
    assert record.unit_id == first.unit_id and record.approved_at is None  # proposed only
    assert list(record.items.values_list("problem_id", flat=True)) == [problem.pk]
