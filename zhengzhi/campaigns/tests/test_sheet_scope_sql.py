"""The dispatch sheet reads its tasks and assignments with hand-written SQL (sheet_queries);
its scope must be visible_tasks' and visible_assignments' exactly, for every way a unit takes
part in a task: leading it, supporting it, reporting on it, or a unit above one that does."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhengzhi.campaigns.scope import visible_assignments, visible_tasks
from zhengzhi.campaigns.services.tasks import TaskData, create_task
from zhengzhi.campaigns.sheet_queries import assignment_rows, task_rows
from zhengzhi.campaigns.tests.conftest import END


def test_the_sheets_sql_sees_what_the_orm_scope_sees(campaign, units, staff):
    admin = staff["admin"]
    # c2 leads one task; the department supports another on which only c1 reports; the
    # other street takes part in none of the three.
    create_task(
        campaign.pk,
        TaskData(
            title="拆后清运",
            lead_unit=units["c2"],
            deadline=END,
            target=Decimal(10),
            assignments=[(units["c1"], Decimal(4)), (units["c2"], Decimal(6))],
        ),
        actor=admin,
    )
    create_task(
        campaign.pk,
        TaskData(
            title="复绿",
            lead_unit=units["c1"],
            deadline=END,
            target=Decimal(3),
            supporting_unit_ids=[units["dept"].pk],
            assignments=[(units["c1"], Decimal(3))],
        ),
        actor=admin,
    )
    seen = {}
    for name in ("admin", "leader", "street_leader", "handler", "c2_handler", "dept_handler",
                 "other_handler"):  # fmt: skip
        user = staff[name]
        tasks = task_rows(user, campaign, ("pk", "lead_unit_id", "target", "created_at"))
        expected = list(
            visible_tasks(user, campaign).order_by("order", "pk").values_list("pk", flat=True)
        )
        assert [t.pk for t in tasks] == expected, name
        rows = assignment_rows(user, tasks)
        assert sorted(r[0] for r in rows) == sorted(
            visible_assignments(user).filter(task__in=expected).values_list("pk", flat=True)
        ), name
        seen[name] = (len(tasks), len(rows))
        # Values as the ORM gives them, on either database.
        for t in tasks:
            assert isinstance(t.target, Decimal) and isinstance(t.created_at, dt.datetime)
        assert all(isinstance(r[4], Decimal) for r in rows)
    # Hand-counted: 3 tasks, 5 assignments in all.
    assert seen["admin"] == (3, 5)
    assert seen["street_leader"] == (3, 5)
    assert seen["handler"] == (3, 3)  # c1 reports on all three, leads 复绿 (its one row)
    assert seen["c2_handler"] == (2, 3)  # leads 拆后清运 (both rows), reports on the first
    assert seen["dept_handler"] == (2, 2)  # leads the first (both rows), supports 复绿 (no row)
    assert seen["other_handler"] == (0, 0)


def test_a_units_sheet_reads_its_rows_in_five_queries(campaign, staff):
    from zhengzhi.campaigns.sheet import build_sheet

    day = dt.date(2026, 5, 20)
    handler = staff["handler"]
    build_sheet(campaign, day, user=handler, with_series=False)  # the user's roles and scope
    with CaptureQueriesContext(connection) as queries:
        build_sheet(campaign, day, user=handler, with_series=False)
    # tasks, milestones, assignments, the report sums, the ledger's figures
    assert len(queries) == 5, [q["sql"][:80] for q in queries]
