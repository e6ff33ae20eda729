"""The daily dispatch sheet at a county's scale: a campaign of 200 units x 30 tasks with 90 days
of reports (540,000 progress reports, one a unit, task and day), each figure beside a baseline
measured in the same run on the same rows.

    .venv/bin/python bench/campaigns.py [--units 200] [--tasks 30] [--days 90] [--repeat 9]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zz_camp_bench \
        .venv/bin/python bench/campaigns.py

SQLite: a file under /tmp/zz-bench-campaigns (removed afterwards unless --keep). PostgreSQL: the
database named in DATABASE_URL is dropped and created (never point it at real data), and dropped
at the end unless --keep.

  sheet            campaigns.sheet.build_sheet for the last day, as the office (every row)
                   vs  the bare SQL of the same rows: the tasks, their milestones, the
                   assignments with their units, the GROUP BY over the reports with the same
                   conditional sums, the aggregate of the ledger's figures
  sheet + chart    build_sheet with the burn-up series (a second GROUP BY per task and day)
                   vs  the same bare SQL plus the series' GROUP BY
  unit's sheet     build_sheet as one community's handler (its 30 rows), with and without the
                   series, each vs the same bare SQL restricted to its assignments
  page             GET /campaigns/<id>/sheet/ through the Django test client as the office
                   vs  build_sheet with the series (the rest is template and chart data)
  xlsx, docx       the export written in the request (build_sheet + writer) vs build_sheet alone
  export job       the background job that writes a large sheet's export (as the worker runs
                   it: claim, build, write the file, mark done) vs build_sheet alone

Latencies are medians of --repeat runs after one warm-up; each sheet and its floor run in turns.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_DIR = Path(tempfile.gettempdir()) / "zz-bench-campaigns"

from benchdb import drop_database, fresh_database  # noqa: E402 - bench/ is on sys.path


def setup_django(url: str | None) -> str:
    sys.path.insert(0, str(ROOT))
    return fresh_database(url, SQLITE_DIR, "campaigns.sqlite3")


def drop(db_url: str) -> None:
    drop_database(db_url, SQLITE_DIR)


def build(units: int, tasks: int, days: int) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from zhengzhi.accounts.models import User, UserRole
    from zhengzhi.campaigns.models import (
        Assignment,
        Campaign,
        CampaignStatus,
        Frequency,
        Milestone,
        ProgressReport,
        Task,
    )
    from zhengzhi.core.roles import Role
    from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind

    t0 = time.perf_counter()
    lg = Unit.add_root(name="领导小组", code="lg", kind=UnitKind.LEADING_GROUP)
    office = lg.add_child(name="指挥部", code="office", kind=UnitKind.OFFICE)
    district = Unit.add_root(name="县", code="d", kind=UnitKind.TERRITORY,
                             level=TerritoryLevel.DISTRICT, division_code="330199")  # fmt: skip
    communities = []
    per_street = 10
    for s in range((units + per_street - 1) // per_street):
        street = district.add_child(
            name=f"街道{s + 1:02d}", code=f"s{s}", kind=UnitKind.TERRITORY,
            level=TerritoryLevel.STREET, division_code=f"330199{s + 1:03d}",
        )  # fmt: skip
        for c in range(per_street):
            if len(communities) == units:
                break
            communities.append(
                street.add_child(
                    name=f"社区{s + 1:02d}-{c + 1:02d}",
                    code=f"c{s}-{c}",
                    kind=UnitKind.TERRITORY,
                    level=TerritoryLevel.COMMUNITY,
                    division_code=f"330199{s + 1:03d}{c + 1:03d}",
                )  # fmt: skip
            )
    admin = User.objects.create_user(username="admin", password="x", unit=office)
    UserRole.objects.create(user=admin, role=Role.OFFICE_ADMIN)
    handler = User.objects.create_user(username="handler", password="x", unit=communities[0])
    UserRole.objects.create(user=handler, role=Role.HANDLER)

    today = timezone.localdate()
    start = today - dt.timedelta(days=days - 1)
    end = today + dt.timedelta(days=10)
    campaign = Campaign.objects.create(
        name="百日攻坚", kind="urban_assault", scope_unit=district, office_unit=office,
        starts_on=start, ends_on=end, status=CampaignStatus.ACTIVE,
    )  # fmt: skip
    task_rows = Task.objects.bulk_create(
        [
            Task(campaign=campaign, order=i, title=f"专项行动{i + 1:02d}", lead_unit=district,
                 deadline=end, target=Decimal(units * 50), measure="处",
                 frequency=Frequency.DAILY, cutoffs=["11:00"] if i % 2 else ["11:00", "16:00"])
            for i in range(tasks)
        ]
    )  # fmt: skip
    Milestone.objects.bulk_create(
        [Milestone(task=t, due_on=start + dt.timedelta(days=days // 2), value=Decimal(units * 20))
         for t in task_rows]
    )  # fmt: skip
    Assignment.objects.bulk_create(
        [Assignment(task=t, unit=u, target=Decimal(50)) for t in task_rows for u in communities]
    )
    assignments = list(Assignment.objects.values_list("pk", "task_id", "unit_id"))
    rng = random.Random(6)
    tz = timezone.get_current_timezone()
    meta = ProgressReport._meta
    q = connection.ops.quote_name
    names = [
        "assignment", "campaign", "task", "unit", "period", "slot", "cutoff_at", "figure",
        "text", "submitted_at", "submitted_by", "late", "is_current", "replaces", "reason",
    ]  # fmt: skip
    cols = ", ".join(q(meta.get_field(n).column) for n in names)
    sql = f"INSERT INTO {q(meta.db_table)} ({cols}) VALUES ({', '.join(['%s'] * len(names))})"  # noqa: S608
    adapt_dt = connection.ops.adapt_datetimefield_value
    adapt_date = connection.ops.adapt_datefield_value
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        batch = []
        for d in range(days):
            day = start + dt.timedelta(days=d)
            cutoff = timezone.make_aware(dt.datetime.combine(day, dt.time(11)), tz)
            for pk, task_id, unit_id in assignments:
                late = rng.random() < 0.05
                batch.append((pk, campaign.pk, task_id, unit_id, adapt_date(day), 0,
                              adapt_dt(cutoff), rng.randint(0, 2), "",
                              adapt_dt(cutoff + dt.timedelta(minutes=30 if late else -60)),
                              admin.pk, late, True, None, ""))  # fmt: skip
                if len(batch) >= 20_000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {q(meta.db_table)}")
    return {"campaign": campaign, "admin": admin, "handler": handler, "day": today,
            "reports": count, "seconds": time.perf_counter() - t0}  # fmt: skip


def paired(fn, floor, repeat: int) -> tuple[float, float]:
    """Medians of fn and of its floor, run in turns after one warm-up each: on a shared machine
    a burst of load then falls on both alike, not on whichever ran during it."""
    fn()
    floor()
    runs: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for out, f in zip(runs, (fn, floor), strict=True):
            t = time.perf_counter()
            f()
            out.append(time.perf_counter() - t)
    return statistics.median(runs[0]) * 1000, statistics.median(runs[1]) * 1000


def timed(fn, repeat: int) -> float:
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs) * 1000


def bare_sheet_sql(campaign_id: int, day, assignment_ids=None) -> tuple[str, list]:
    from django.db import connection

    d = connection.ops.adapt_datefield_value(day)
    where = ""
    params: list = [d, d, d, d, d, campaign_id, d]
    if assignment_ids is not None:
        where = f" AND assignment_id IN ({', '.join(['%s'] * len(assignment_ids))})"
        params += list(assignment_ids)
    sql = (
        "SELECT assignment_id, SUM(figure), SUM(CASE WHEN period = %s THEN figure END), "
        "COUNT(CASE WHEN period = %s AND late THEN 1 END), "
        "COUNT(CASE WHEN period = %s AND slot = 0 THEN 1 END), "
        "COUNT(CASE WHEN period = %s AND slot = 1 THEN 1 END), "
        "COUNT(CASE WHEN period = %s AND slot = 2 THEN 1 END) "
        "FROM campaigns_progressreport WHERE campaign_id = %s AND is_current AND period <= %s"
        + where
        + " GROUP BY assignment_id"
    )
    return sql, params


def rows_sql(campaign_id: int, unit_ids=None) -> list[tuple[str, list]]:
    """The bare SELECTs of the rows a sheet lists besides the reports: its tasks (with the lead
    unit's name), their milestones (the sheet's schedule column) and its assignments (with the
    unit's name and path), for the office or for the given units (only the tasks they see)."""
    tasks = (
        "SELECT t.*, u.name FROM campaigns_task t "
        "LEFT JOIN org_unit u ON u.id = t.lead_unit_id WHERE t.campaign_id = %s"
    )
    milestones = (
        "SELECT m.task_id, m.due_on, m.value FROM campaigns_milestone m "
        "JOIN campaigns_task t ON t.id = m.task_id WHERE t.campaign_id = %s"
    )
    assignments = (
        "SELECT a.id, a.task_id, a.unit_id, u.name, u.path FROM campaigns_assignment a "
        "JOIN campaigns_task t ON t.id = a.task_id JOIN org_unit u ON u.id = a.unit_id "
        "WHERE t.campaign_id = %s"
    )
    params = [campaign_id]
    task_params = [campaign_id]
    if unit_ids is not None:
        marks = ", ".join(["%s"] * len(unit_ids))
        assignments += f" AND a.unit_id IN ({marks})"
        params = params + list(unit_ids)
        # The tasks the units see, as the sheet checks it: they lead, support or report on it.
        tasks += (
            f" AND (t.lead_unit_id IN ({marks}) OR EXISTS (SELECT 1 FROM "  # noqa: S608
            "campaigns_task_supporting_units s WHERE s.task_id = t.id AND s.unit_id IN "
            f"({marks})) OR EXISTS (SELECT 1 FROM campaigns_assignment v WHERE "
            f"v.task_id = t.id AND v.unit_id IN ({marks})))"
        )
        task_params += list(unit_ids) * 3
    return [
        (tasks, task_params),
        (milestones, [campaign_id]),
        (assignments + " ORDER BY a.task_id, u.path", params),
    ]


def ledger_sql(campaign_id: int, day, user=None) -> tuple[str, list]:
    """The bare aggregate of the sheet's ledger figures (new, closed, overdue, in all, closed in
    all) over the campaign's problems, those the given unit's user sees or all."""
    from django.db import connection
    from django.utils import timezone

    start = timezone.make_aware(dt.datetime.combine(day, dt.time()))
    end = start + dt.timedelta(days=1)
    now = timezone.now()
    s, e, n = (connection.ops.adapt_datetimefield_value(x) for x in (start, end, min(end, now)))
    sql = (
        "SELECT COUNT(CASE WHEN p.reported_at >= %s AND p.reported_at < %s THEN 1 END), "
        "COUNT(CASE WHEN p.closed_at >= %s AND p.closed_at < %s THEN 1 END), "
        "COUNT(CASE WHEN p.status IN ('dispatched', 'accepted') AND p.due_at < %s THEN 1 END), "
        "COUNT(CASE WHEN p.reported_at < %s THEN 1 END), "
        "COUNT(CASE WHEN p.closed_at < %s THEN 1 END) "
        "FROM ledger_problem p JOIN campaigns_campaignproblem l ON l.problem_id = p.id "
        "WHERE l.campaign_id = %s AND p.status <> 'merged'"
    )
    params = [s, e, s, e, n, e, e, campaign_id]
    if user is not None:
        sql += " AND (p.owner_unit_id = %s OR p.supporting_unit_id = %s OR p.reported_by_id = %s)"
        params += [user.unit_id, user.unit_id, user.pk]
    return sql, params


def run_all(statements: list[tuple[str, list]]) -> int:
    return sum(run_sql(sql, params) for sql, params in statements)


def run_sql(sql: str, params: list) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


def run_export_job(campaign, user, day, kind: str) -> None:
    from django.utils import timezone

    from zhengzhi.campaigns.export_kind import EXPORT_JOB
    from zhengzhi.jobs.models import Job, JobStatus
    from zhengzhi.jobs.services import execute

    job = Job.objects.create(
        name=EXPORT_JOB,
        created_by=user,
        args={"user_id": user.pk, "token": "bench",
              "params": {"campaign_id": campaign.pk, "day": day.isoformat(), "kind": kind,
                         "at": timezone.now().isoformat()}},
    )  # fmt: skip
    assert execute(job.pk), Job.objects.get(pk=job.pk).error
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--tasks", type=int, default=30)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    db_url = setup_django(os.environ.get("DATABASE_URL"))
    from django.db import connection
    from django.test import Client

    from zhengzhi.campaigns import exports
    from zhengzhi.campaigns.models import Assignment
    from zhengzhi.campaigns.sheet import build_sheet

    try:
        data = build(args.units, args.tasks, args.days)
        campaign, admin, handler, day = (
            data["campaign"],
            data["admin"],
            data["handler"],
            data["day"],
        )
        print(f"database: {connection.vendor}; built {data['reports']:,} reports "
              f"({args.units} units x {args.tasks} tasks x {args.days} days) "
              f"in {data['seconds']:.1f} s")  # fmt: skip
        sql, params = bare_sheet_sql(campaign.pk, day)
        assert run_sql(sql, params) == args.units * args.tasks
        series_sql = (
            "SELECT task_id, period, SUM(figure) FROM campaigns_progressreport "
            "WHERE campaign_id = %s AND is_current AND period <= %s GROUP BY task_id, period"
        )
        series_params = [campaign.pk, connection.ops.adapt_datefield_value(day)]
        rows = []
        # Each floor is the bare SQL of the same rows: the sheet's tasks, milestones and
        # assignments, the report sums, the ledger's figures (and, with the chart, the burn-up
        # series), fetched, timed the same way and in turns with the sheet.
        office_rows = rows_sql(campaign.pk) + [ledger_sql(campaign.pk, day)]
        floor = office_rows + [(sql, params)]
        sheet_ms, base = paired(
            lambda: build_sheet(campaign, day, user=admin, with_series=False),
            lambda: run_all(floor),
            args.repeat,
        )
        rows.append(("sheet (office, all rows)", sheet_ms, "bare SQL of its rows", base))
        floor2 = floor + [(series_sql, series_params)]
        full_ms, base2 = paired(
            lambda: build_sheet(campaign, day, user=admin), lambda: run_all(floor2), args.repeat
        )
        rows.append(("sheet + burn-up series", full_ms, "bare SQL, rows + series", base2))
        mine = list(Assignment.objects.filter(unit=handler.unit).values_list("pk", flat=True))
        usql, uparams = bare_sheet_sql(campaign.pk, day, mine)
        marks = ", ".join(["%s"] * len(mine))
        unit_series = (  # placeholders only
            "SELECT task_id, period, SUM(figure) FROM campaigns_progressreport "  # noqa: S608
            "WHERE campaign_id = %s AND is_current AND period <= %s "
            f"AND assignment_id IN ({marks}) GROUP BY task_id, period"
        )
        unit_rows = rows_sql(campaign.pk, [handler.unit_id]) + [
            ledger_sql(campaign.pk, day, handler)
        ]
        floor3 = unit_rows + [
            (usql, uparams),
            (unit_series, series_params + mine),
        ]
        unit_ms, base3 = paired(
            lambda: build_sheet(campaign, day, user=handler), lambda: run_all(floor3), args.repeat
        )
        rows.append(("unit's sheet + series (30 rows)", unit_ms, "bare SQL, rows + series", base3))
        floor4 = unit_rows + [(usql, uparams)]
        unit_flat, base4 = paired(
            lambda: build_sheet(campaign, day, user=handler, with_series=False),
            lambda: run_all(floor4),
            args.repeat,
        )
        rows.append(("unit's sheet (30 rows)", unit_flat, "bare SQL of its rows", base4))
        client = Client()
        client.force_login(admin)
        url = f"/campaigns/{campaign.pk}/sheet/?day={day.isoformat()}"
        assert client.get(url).status_code == 200
        page_ms = timed(lambda: client.get(url), max(3, args.repeat // 2))
        rows.append(("sheet page (test client)", page_ms, "build_sheet + series", full_ms))
        sheet = build_sheet(campaign, day, user=admin, with_series=False)
        xlsx_ms = timed(lambda: exports.to_xlsx(sheet), max(3, args.repeat // 2))
        rows.append(
            (
                f"xlsx export ({args.units * args.tasks + args.tasks:,} rows)",
                xlsx_ms + sheet_ms,
                "build_sheet alone",
                sheet_ms,
            )
        )
        docx_ms = timed(lambda: exports.to_docx(sheet), max(3, args.repeat // 2))
        rows.append(("docx export", docx_ms + sheet_ms, "build_sheet alone", sheet_ms))
        for kind in ("xlsx", "docx"):
            job_ms = timed(lambda kind=kind: run_export_job(campaign, admin, day, kind), 3)
            rows.append((f"{kind} export job (worker)", job_ms, "build_sheet alone", sheet_ms))
        print(f"{'measure':30} {'ms':>9}   {'baseline':28} {'ms':>9}  ratio")
        for name, ms, bname, bms in rows:
            print(f"{name:30} {ms:9.1f}   {bname:28} {bms:9.1f}  {ms / bms:5.2f}x")
    finally:
        if not args.keep:
            drop(db_url)


if __name__ == "__main__":
    main()
