"""The problem ledger at a county's scale: 1,000,000 problems, each figure beside a baseline
measured in the same run on the same rows.

    .venv/bin/python bench/ledger.py [--rows 1000000] [--repeat 15] [--keep] [--reuse]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zz_bench .venv/bin/python bench/ledger.py

SQLite: a file under /tmp/zz-bench-ledger (removed afterwards unless --keep). PostgreSQL: the
database named in DATABASE_URL is dropped and created (so never point it at real data), and
dropped at the end unless --keep. --reuse measures an existing bench database again.

The data: 200 communities under 20 streets and 12 departments, 48 sub-categories, three years
of problems (mostly closed, the recent ones open, some stale and overdue) with their timelines
(about 5.5 events a problem). Then, each figure against its baseline:

  bulk load        Problem.objects.bulk_create   vs  raw executemany of the same tuples
  list page        GET /ledger/problems/ through the Django test client as a logged-in user
                   (middleware, session, filters, keyset page, template), first page and the
                   page 10,000 pages deep (its cursor computed directly with one query)
                   vs  the bare indexed SELECT of the same rows; and the SQL the view
                   issues (every query, summed) vs the same bare SELECT
  indicators       ledger.indicators.unit_indicators for all units over a year
                   vs  one raw GROUP BY over problems with the same conditional counts
  export           ledger.exports.write_ledger_xlsx of a filtered set of about 100,000 rows
                   vs  iterating the same rows as tuples

A list page's floor is the least any page with those rows costs: an empty page through the
same middleware, session and base template (a bench-only URL), plus the bare SELECT of the same
rows with every row fetched, both timed in the same run. The view's own SQL is re-run the same
way (execute and fetch, every statement) and printed beside the bare SELECT.

Aims: any list page under 150 ms and within 3x of its floor, indicators within 2x of raw SQL,
export over 20,000 rows a second. A section whose function or view does not exist yet is
skipped with a message. Latencies are medians of --repeat runs after warming up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time

from ledger_data import (  # noqa: E402 - bench/ is on sys.path when run as a script
    H,
    Rows,
    bench_users,
    build,
    build_org,
    drop_database,
    insert_copy,
    insert_executemany,
    load_org,
    setup_django,
)
from ledger_export import section_export  # noqa: E402 - bench/ is on sys.path as a script
from measure import Report, interleaved, ms  # noqa: E402

AIM_LIST_MS, AIM_LIST_RATIO, AIM_IND_RATIO = 150.0, 3.0, 2.0


def section_bulk(report: Report, org: dict, now: dt.datetime, count: int) -> None:
    """Loads `count` more problems into the full table by each path, each rolled back."""
    from django.db import connection, transaction

    from zhengzhi.ledger.models import Problem, ProblemSequence

    gen = Rows(org, count, now, seed=99)
    gen.seq = dict(ProblemSequence.objects.values_list("year", "last"))
    first = Problem.objects.order_by("-pk").values_list("pk", flat=True)[0]
    problems, _events = gen.chunk(0, count)
    for p in problems:
        p["id"] += first
    tuples = [tuple(p[c] for c in gen.p_cols) for p in problems]
    table = Problem._meta.db_table
    paths = {
        "bulk_create": lambda: Problem.objects.bulk_create(
            [Problem(**p) for p in problems], batch_size=2000
        ),
        "executemany": lambda: insert_executemany(table, gen.p_cols, tuples),
    }
    if connection.vendor == "postgresql":
        paths["COPY"] = lambda: insert_copy(table, gen.p_cols, tuples)
    best: dict[str, float] = {}
    for _ in range(2):
        for name, load in paths.items():
            with transaction.atomic():
                t = time.perf_counter()
                load()
                best[name] = max(best.get(name, 0), count / (time.perf_counter() - t))
                transaction.set_rollback(True)
    raw = max((v, k) for k, v in best.items() if k != "bulk_create")
    report.row("bulk load into the full table (rows/s)", best["bulk_create"], raw[0], "rows/s",
               fmt="{:,.0f}")  # fmt: skip
    report.note(
        f"{count:,} Problem rows, best of 2, rolled back; project: bulk_create; baseline: "
        + ", ".join(f"{k} {v:,.0f}" for k, v in best.items() if k != "bulk_create")
    )


def analyze() -> float:
    from django.db import connection

    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - t


def _baseline_page(qs, size: int):
    """The bare SELECT of the page's rows: the same WHERE, ORDER BY and columns as the view's
    (LIST_FIELDS), no joins, no models."""
    from django.db import connection

    from zhengzhi.ledger.views.lists import LIST_FIELDS

    sql, params = qs.only(*LIST_FIELDS)[:size].query.sql_with_params()

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def _empty_page(client):
    """The floor of any page: the base template with no content, rendered through the same
    middleware, session and context processors as a list page (a bench URL added in front of the
    project's own, see bench_urls.py)."""

    def run():
        response = client.get("/bench/empty/")
        assert response.status_code == 200, response.status_code
        return response

    return run


def _view_sql(view, repeat: int) -> tuple[float, int]:
    """Every statement the view issued, re-run as the bare SELECT is timed: execute and fetch
    every row (SQLite computes rows while they are fetched, so timing execute alone shows a
    fraction), in a transaction rolled back (the session's UPDATE changes nothing)."""
    from django.db import connection, transaction

    issued: list[tuple[str, object]] = []

    control = ("BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT")

    def capture(execute, sql, params, many, context):
        if not many and not sql.lstrip().upper().startswith(control):
            issued.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        view()

    def rerun():
        with transaction.atomic(), connection.cursor() as cursor:
            for sql, params in issued:
                cursor.execute(sql, params)
                if cursor.description is not None:
                    cursor.fetchall()
            transaction.set_rollback(True)

    rerun()
    runs = [ms(rerun) for _ in range(max(3, repeat // 3))]
    return statistics.median(runs), len(issued)


def section_lists(report: Report, repeat: int) -> None:
    from django.db.models import Q
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from zhengzhi.ledger.models import Problem
    from zhengzhi.ledger.scope import visible_problems

    try:
        url = reverse("ledger:list")
        from zhengzhi.ledger.selectors import make_cursor
        from zhengzhi.ledger.selectors.paging import FAR_FUTURE
        from zhengzhi.ledger.views.lists import PAGE_SIZE
    except (NoReverseMatch, ImportError, AttributeError) as exc:
        report.head(f"list pages: SKIPPED, the ledger list view is not there yet ({exc})")
        return
    office, handler = bench_users()
    order = ("-reported_at", "-id")
    for who, user, depth in (
        ("office", office, 500_000),
        ("community handler", handler, 25_000),
    ):
        client = Client()
        client.force_login(user)
        mine = visible_problems(user, Problem.objects.all()).order_by(*order)
        depth = min(depth, mine.count() // 2)
        for label, offset in (("first page", None), (f"row {depth:,}", depth)):
            # The first page is bounded as keyset_page bounds it (a plain range the planner walks
            # the (reported_at, id) index with): the bare SELECT is the fastest of the same rows.
            qs, params = mine.filter(reported_at__lte=FAR_FUTURE), {}
            if offset is not None:
                # The cursor of the row `offset` deep, found with one query (not timed).
                at, pk = mine.values_list("reported_at", "id")[offset - 1 : offset].get()
                params["after"] = make_cursor(Problem(pk=pk, reported_at=at))
                # The seek keyset pagination does: a plain bound the index can enter at, and the
                # tie-break on id for rows reported at the same moment.
                qs = mine.filter(reported_at__lte=at).filter(
                    Q(reported_at__lt=at) | Q(reported_at=at, id__lt=pk)
                )
            base = _baseline_page(qs, PAGE_SIZE)
            rows = base()
            numbers = dict(
                Problem.objects.filter(pk__in=[r[0] for r in rows]).values_list("pk", "number")
            )

            def view(params=params, client=client):
                response = client.get(url, params)
                assert response.status_code == 200, response.status_code
                return response

            body = view().content.decode()
            same = all(numbers[r[0]] in body for r in (rows[0], rows[-1]))
            empty = _empty_page(client)
            project, baseline = interleaved(view, base, repeat)
            floor_page, _ = interleaved(empty, base, repeat)
            floor = floor_page + baseline
            sql_ms, queries = _view_sql(view, repeat)
            page = "page 1" if offset is None else f"page {offset // PAGE_SIZE + 1:,}"
            report.row(f"list {label}, {who} ({page})", project, floor, "ms",
                       f"<{AIM_LIST_MS:.0f} ms, <={AIM_LIST_RATIO:.0f}x",
                       project < AIM_LIST_MS and project <= AIM_LIST_RATIO * floor,
                       "{:,.2f}")  # fmt: skip
            report.row("    its SQL (every query, rows fetched)", sql_ms, baseline, "ms",
                       "", None, "{:,.2f}")  # fmt: skip
            report.note(
                f"floor: an empty page through the same middleware and base template "
                f"{floor_page:.2f} ms + the bare SELECT of the same rows, fetched, "
                f"{baseline:.2f} ms; view: {queries} queries; same rows as the bare SELECT: "
                f"{'yes' if same else 'NO'}"
            )
            if offset is None:
                _count_row(report, client, mine, repeat)


def _count_row(report: Report, client, mine, repeat: int) -> None:
    """The first page's "N problems", which htmx fetches after the rows: the view beside its
    floor, a bare fragment through the same middleware and session (a bench URL) plus its own
    capped COUNT run as bare SQL, both timed in the same run."""
    from django.db import connection
    from django.urls import reverse

    url = reverse("ledger:list_count")
    sql, params = mine.order_by()[:1001].values("id").query.sql_with_params()

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) sub", params)  # noqa: S608 (SQL the ORM compiled)
            return cursor.fetchone()

    def view():
        response = client.get(url)
        assert response.status_code == 200
        return response

    def fragment():
        response = client.get("/bench/fragment/")
        assert response.status_code == 200
        return response

    project, baseline = interleaved(view, bare, repeat)
    floor_fragment, _ = interleaved(fragment, bare, repeat)
    report.row("    its count, fetched after the page (htmx)", project, floor_fragment + baseline,
               "ms", "<=3x", project <= AIM_LIST_RATIO * (floor_fragment + baseline),
               "{:,.2f}")  # fmt: skip
    report.note(
        f"floor: a bare fragment through the same middleware {floor_fragment:.2f} ms + the "
        f"capped COUNT as bare SQL {baseline:.2f} ms"
    )


RAW_INDICATORS = """
SELECT owner_unit_id,
  SUM(CASE WHEN reported_at >= %(s)s AND reported_at < %(e)s AND status IN %(reg)s
           THEN 1 ELSE 0 END),
  SUM(CASE WHEN reported_at >= %(s)s AND reported_at < %(e)s AND status IN %(dis)s
           THEN 1 ELSE 0 END),
  SUM(CASE WHEN status IN %(dis)s AND due_at >= %(s)s AND due_at < %(d)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN status = 'deferred' AND due_at >= %(s)s AND due_at < %(d)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN status = 'closed' AND due_at >= %(s)s AND due_at < %(d)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN status = 'closed' AND due_at >= %(s)s AND due_at < %(d)s
           AND closed_on_time THEN 1 ELSE 0 END),
  SUM(CASE WHEN status IN %(dis)s AND due_at >= %(s)s AND due_at < %(d)s
           AND extension_count > 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN status = 'closed' AND closed_at >= %(s)s AND closed_at < %(e)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN status = 'closed' AND closed_at >= %(s)s AND closed_at < %(e)s
           AND rework_count > 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN status IN ('dispatched', 'accepted') AND due_at < %(n)s THEN 1 ELSE 0 END),
  COUNT(closed_at)
FROM ledger_problem
WHERE status <> 'merged' AND owner_unit_id IS NOT NULL
  AND ((reported_at >= %(s)s AND reported_at < %(e)s) OR (due_at >= %(s)s AND due_at < %(d)s)
       OR (closed_at >= %(s)s AND closed_at < %(e)s)
       OR (status IN ('dispatched', 'accepted') AND due_at < %(n)s))
GROUP BY owner_unit_id
"""


def section_indicators(report: Report, repeat: int, now: dt.datetime) -> None:
    from django.db import connection
    from django.utils import timezone

    try:
        from zhengzhi.ledger.indicators import unit_indicators
    except ImportError as exc:
        report.head(f"indicators: SKIPPED, ledger.indicators.unit_indicators is not there ({exc})")
        return
    today = timezone.localdate(now)
    date_from, date_to = today - dt.timedelta(days=365), today
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(date_from, dt.time(0), tz)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(0), tz)
    adapt = connection.ops.adapt_datetimefield_value
    reg = ("registered", "dispatched", "accepted", "deferred", "reported_back", "closed")
    params = {"s": adapt(start), "e": adapt(end), "d": adapt(min(end, now)), "n": adapt(now),
              "reg": reg, "dis": reg[1:]}  # fmt: skip
    sql = RAW_INDICATORS
    for key in ("reg", "dis"):  # IN lists spelled out: the same text on both databases
        sql = sql.replace(f"%({key})s", "(" + ", ".join(f"'{v}'" for v in params.pop(key)) + ")")

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def project():
        return unit_indicators(date_from, date_to, now=now)

    units = len(project())
    p, b = interleaved(project, raw, max(3, repeat // 3), warm=1)
    report.row(f"indicators, all {units} units, 1 year", p, b, "ms",
               f"<={AIM_IND_RATIO:.0f}x raw SQL", p <= AIM_IND_RATIO * b, "{:,.1f}")  # fmt: skip


def section_watch(report: Report) -> None:
    """Not an aim of the issue: the worker's five-minute job at this size, first and steady."""
    from zhengzhi.ledger.services import alerts

    t = time.perf_counter()
    first = alerts.run_all()
    first_s = time.perf_counter() - t
    t = time.perf_counter()
    again = alerts.run_all()
    again_ms = (time.perf_counter() - t) * 1000
    report.head(
        f"deadline watch (alerts.run_all): first run {first_s:.1f} s for {first}; "
        f"the next run {again_ms:.0f} ms for {again}"
    )


SECTIONS = ("bulk", "lists", "indicators", "export", "watch")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--reuse", action="store_true", help="measure an existing bench database")
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"the sections to run, comma-separated (default: all of {', '.join(SECTIONS)})",
    )
    args = parser.parse_args()
    only = {name.strip() for name in args.only.split(",")}
    if only - set(SECTIONS):
        parser.error(f"unknown section(s): {', '.join(sorted(only - set(SECTIONS)))}")

    db_url = setup_django(os.environ.get("DATABASE_URL"), args.reuse)
    from django.db import connection
    from django.utils import timezone

    from zhengzhi.ledger.models import Problem, ProblemEvent

    report = Report()
    built = None
    try:
        now = timezone.now()
        if args.reuse and Problem.objects.count() >= args.rows:
            org = load_org()
            now = (
                Problem.objects.order_by("-reported_at").values_list("reported_at", flat=True)[0]
                + H
            )
            # A migration since the build may have rebuilt a table (SQLite does, to add a
            # foreign key) and lost its statistics: the planner then picks bad indexes.
            analyze()
        else:
            org = build_org()
            built = build(org, args.rows, now)
            built["analyze"] = analyze()
        n, events = Problem.objects.count(), ProblemEvent.objects.count()
        engine = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
        report.head(f"ledger bench on {engine} {_db_version()}: {n:,} problems, {events:,} events")
        if built:
            report.head(
                f"built in {built['build_seconds']:.0f} s, analyzed in {built['analyze']:.0f} s"
            )
        report.head(f"{'':<46} {'project':>12} {'baseline':>12} {'':<7} {'ratio':>8}  aim")
        if "bulk" in only:
            section_bulk(report, org, now, min(50_000, max(1000, n // 20)))
        if "lists" in only:
            section_lists(report, args.repeat)
        if "indicators" in only:
            section_indicators(report, args.repeat, now)
        if "export" in only:
            section_export(report, min(args.export_rows, n), now)
        if "watch" in only:
            section_watch(report)
        report.head(
            "aims: " + ("all met" if not report.misses else "MISSED: " + "; ".join(report.misses))
        )
    finally:
        if not args.keep:
            drop_database(db_url)
    return 0 if not report.misses else 1


def _db_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
        else:
            cursor.execute("show server_version")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    sys.exit(main())
