"""The year-end assessment (考核) of 200 communities against the bare aggregate queries of the
same figures, in the same run.

    .venv/bin/python bench/assessment.py [--rows 200000] [--repeat 5] [--keep]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zz_assessment_bench \
        .venv/bin/python bench/assessment.py

The world: the ledger bench's district (20 streets of 10 communities, bench/ledger_data.py) with
--rows problems over three years; a campaign task reported on by every community every day of
the year, except 3 % of the days each community misses (≈ 71,000 reports, 5 % late, ≈ 2,200
missing), each with its own target (task progress: some on schedule, some behind); 8 scored
visits per community per month (19,200); 2 accountability records issued per community per
month (4,800).

Project: zhengzhi.accountability.assessment.compute.assess(scheme, "<year>") — twelve months,
each from the ledger's indicators (ledger.indicators.unit_indicators: its grouped queries, the
satisfaction contributor, the units' names), one grouped query each for the reports, the
visits and the records, the missing reports (the task's due slots from its rule, the reports of
due slots grouped by assignment, the assignments) and the tasks' standing (the campaign's
dispatch sheet on the month's last day), then every point scored in Python and the year as the
mean of its months. Floor: the same grouped queries' SQL (compiled from the same querysets
once) — for the new figures the reports of the due slots grouped by assignment, the
assignments, and the cumulative figure per assignment up to the month's last day — executed raw
and fetched for the twelve months, with nothing done with the rows. Aim: within 2x.

SQLite: a file under /tmp/zz-bench-ledger (removed afterwards unless --keep). PostgreSQL: the
database named in DATABASE_URL is dropped and created (never point it at real data).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import ledger_data  # noqa: E402

from bench.measure import Report, interleaved  # noqa: E402


def build_world(org: dict, year: int) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from zhengzhi.accountability.models import Record, RecordStatus
    from zhengzhi.accounts.models import User
    from zhengzhi.campaigns.models import Assignment, Campaign, CampaignStatus, Task
    from zhengzhi.inspections.models import Checklist, ChecklistVersion, PlaceKind, Visit
    from zhengzhi.org.models import Unit

    rng = random.Random(22)
    tz = timezone.get_current_timezone()
    communities = list(Unit.objects.filter(level="community").order_by("path"))
    district = Unit.objects.get(level="district")
    office = Unit.objects.get(code="office")
    admin = User.objects.get(username="bench_office")
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    campaign = Campaign.objects.create(
        name="创卫攻坚", kind="urban_assault", scope_unit=district, office_unit=office,
        starts_on=start, ends_on=end, status=CampaignStatus.ACTIVE,
    )  # fmt: skip
    task = Task.objects.create(
        campaign=campaign, order=0, title="背街小巷整治", lead_unit=district, deadline=end,
        target=Decimal(70_000), measure="处", cutoffs=["11:00"],
    )  # fmt: skip
    # Set up before the year began: every day's slot counts.
    midnight = timezone.make_aware(dt.datetime.combine(start, dt.time()), tz)
    Task.objects.filter(pk=task.pk).update(created_at=midnight - dt.timedelta(days=1))
    Assignment.objects.bulk_create(
        [Assignment(task=task, unit=u, target=Decimal(rng.randint(200, 500))) for u in communities]
    )
    assignments = list(Assignment.objects.filter(task=task).values_list("pk", "unit_id"))
    from zhengzhi.campaigns.models import ProgressReport

    meta, q = ProgressReport._meta, connection.ops.quote_name
    names = ["assignment", "campaign", "task", "unit", "period", "slot", "cutoff_at", "figure",
             "text", "submitted_at", "submitted_by", "late", "is_current", "replaces",
             "reason"]  # fmt: skip
    cols = ", ".join(q(meta.get_field(n).column) for n in names)
    sql = f"INSERT INTO {q(meta.db_table)} ({cols}) VALUES ({', '.join(['%s'] * len(names))})"  # noqa: S608
    adapt_dt, adapt_date = (
        connection.ops.adapt_datetimefield_value,
        connection.ops.adapt_datefield_value,
    )
    reports = 0
    with transaction.atomic(), connection.cursor() as cursor:
        batch = []
        day = start
        while day <= end:
            cutoff = timezone.make_aware(dt.datetime.combine(day, dt.time(11)), tz)
            for pk, unit_id in assignments:
                if rng.random() < 0.03:
                    continue  # missed
                late = rng.random() < 0.05
                batch.append((pk, campaign.pk, task.pk, unit_id, adapt_date(day), 0,
                              adapt_dt(cutoff), 1, "",
                              adapt_dt(cutoff + dt.timedelta(minutes=30 if late else -60)),
                              admin.pk, late, True, None, ""))  # fmt: skip
            if len(batch) >= 20_000:
                cursor.executemany(sql, batch)
                reports += len(batch)
                batch = []
            day += dt.timedelta(days=1)
        cursor.executemany(sql, batch)
        reports += len(batch)
    checklist = Checklist.objects.create(
        code="bench", name="暗访测评表", place_kind=PlaceKind.MARKET, site_kinds=["market"]
    )
    version = ChecklistVersion.objects.create(
        checklist=checklist, number=1, total_points=100, created_at=timezone.now()
    )
    visits, records = [], []
    for month in range(1, 13):
        for i, u in enumerate(communities):
            for k in range(8):
                at = timezone.make_aware(dt.datetime(year, month, 1 + 3 * k, 10), tz)
                score = Decimal(rng.randint(60, 100))
                visits.append(Visit(
                    checklist_version=version, unit=u, inspector=admin, due_on=at.date(),
                    status="submitted", submitted_at=at, submitted_by=admin, score=score,
                    max_score=Decimal(100), percent=score))  # fmt: skip
            for k in range(2):
                at = timezone.make_aware(dt.datetime(year, month, 5 + 10 * k, 9), tz)
                records.append(Record(
                    kind="letter" if k else "sheet", unit=u, basis="—", proposed_at=at,
                    status=RecordStatus.ISSUED, approved_at=at, year=year,
                    number=(month - 1) * 1000 + i * 2 + k + 1, total=800))  # fmt: skip
    Visit.objects.bulk_create(visits, batch_size=5000)
    Record.objects.bulk_create(records, batch_size=5000)
    return {"reports": reports, "visits": len(visits), "records": len(records)}


def floor_statements(scheme, key: str, now: dt.datetime) -> list[tuple[str, tuple]]:
    """The SQL of every grouped query the assessment runs, compiled once from the same
    querysets (the ledger's, the reports', the visits', the records')."""
    from django.db.models import Count, Q, Sum
    from django.utils import timezone

    from zhengzhi.accountability.assessment.campaign_facts import due_tasks, reported_q
    from zhengzhi.accountability.assessment.compute import months_of
    from zhengzhi.accountability.models import Record, RecordStatus
    from zhengzhi.campaigns.models import Assignment, Campaign, ProgressReport
    from zhengzhi.inspections.models import Visit
    from zhengzhi.ledger.indicators.compute import _problem_counts, _return_counts
    from zhengzhi.ledger.indicators.periods import custom_period, day_start
    from zhengzhi.ledger.registry import indicator_contributors

    out = []
    for first, last in months_of(key, timezone.localdate(now)):
        period = custom_period(first, last)
        start, end = day_start(first), day_start(last + dt.timedelta(days=1))
        querysets = [
            _problem_counts(period, now, "owner_unit", None),
            _return_counts(period),
            ProgressReport.objects.filter(
                is_current=True, cutoff_at__gte=start, cutoff_at__lt=end
            )
            .values("unit")
            .annotate(n=Count("id"), late=Count("id", filter=Q(late=True))),
            Visit.objects.filter(
                status="submitted", submitted_at__gte=start, submitted_at__lt=end,
                score__isnull=False, max_score__gt=0,
            ).values("unit").annotate(n=Count("id"), p=Sum("score"), m=Sum("max_score")),
            Record.objects.filter(
                status__in=(RecordStatus.ISSUED, RecordStatus.ANSWERED),
                approved_at__gte=start, approved_at__lt=end,
            ).values("unit", "kind").annotate(n=Count("id"), y=Sum("total")),
        ]  # fmt: skip
        tasks = due_tasks(first, last, now)
        if tasks:
            querysets += [
                ProgressReport.objects.filter(reported_q(tasks, first, last))
                .values("assignment")
                .annotate(n=Count("id")),
                Assignment.objects.filter(task_id__in=[t.task_id for t in tasks]).values_list(
                    "pk", "unit_id", "task_id"
                ),
            ]
        day = min(last, timezone.localdate(now))
        for campaign in Campaign.objects.filter(starts_on__lte=day, ends_on__gte=first):
            querysets.append(
                ProgressReport.objects.filter(campaign=campaign, is_current=True, period__lte=day)
                .values("assignment")
                .annotate(s=Sum("figure"))
            )
        for qs in querysets:
            out.append(qs.query.sql_with_params())
        for contributor in indicator_contributors():
            # The satisfaction contributor's own query, run as the project runs it.
            out.append(("__contributor__", (contributor, period)))
    return out


def run_floor(statements) -> int:
    from django.db import connection

    n = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            if sql == "__contributor__":
                contributor, period = params
                n += len(contributor.compute(period.start, period.end, "owner_unit", None))
                continue
            cursor.execute(sql, params)
            n += len(cursor.fetchall())
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    db_url = ledger_data.setup_django(os.environ.get("DATABASE_URL"), False)

    from django.db import connection
    from django.utils import timezone

    from zhengzhi.accountability.assessment.compute import assess
    from zhengzhi.accountability.models import AssessmentScheme

    now = timezone.now()
    year = now.year
    report = Report()
    org = ledger_data.build_org()
    t = time.perf_counter()
    ledger_data.build(org, args.rows, now)
    world = build_world(org, year)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    report.note(
        f"built {args.rows:,} problems, {world['reports']:,} reports, {world['visits']:,} "
        f"visits, {world['records']:,} records in {time.perf_counter() - t:.0f} s"
    )
    scheme = AssessmentScheme.objects.get(name="创卫工作考核细则")
    scheme.level = "community"
    scheme.save()
    key = str(year)
    statements = floor_statements(scheme, key, now)
    result = assess(scheme, key, now=now)
    assert len(result.rows) == 200, len(result.rows)
    report.head(
        f"assessment bench — {connection.vendor}, {args.rows:,} problems, 200 communities, "
        f"{len(result.months)} months"
    )
    report.head(f"{'':<46} {'project':>12} {'floor':>12} {'unit':<7} {'ratio':>8}  aim")
    project, base = interleaved(
        lambda: assess(scheme, key, now=now), lambda: run_floor(statements), args.repeat, 1
    )
    report.row(
        "year's assessment, 200 units (12 months)", project, base, "ms", "≤ 2x",
        ok=project <= 2 * base,
    )  # fmt: skip
    month = f"{now:%Y-%m}"
    month_statements = floor_statements(scheme, month, now)
    project, base = interleaved(
        lambda: assess(scheme, month, now=now),
        lambda: run_floor(month_statements),
        args.repeat,
        1,
    )
    report.row(
        "one month's assessment, 200 units", project, base, "ms", "≤ 2x", ok=project <= 2 * base
    )
    if not args.keep:
        ledger_data.drop_database(db_url)
    if report.misses:
        sys.exit(1)


if __name__ == "__main__":
    main()
