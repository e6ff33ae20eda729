"""The breakdown table (范文3) over 100,000 cases, against one raw GROUP BY of the same figures
measured in the same run on the same rows.

    .venv/bin/python bench/cases.py [--cases 100000] [--repeat 15] [--keep]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zz_cases_bench .venv/bin/python bench/cases.py

SQLite: a file under /tmp/zz-bench-cases (removed afterwards unless --keep). PostgreSQL: the
database named in DATABASE_URL is dropped and created (never point it at real data), and dropped
at the end unless --keep.

The project's figure is zhengzhi.cases.tables.breakdown(user, scope) for a year: the cases by
type (count, 万支, 万元, and the money and counts summed per type), the transfers by body with
people by outcome, the operations and the destruction batches, each scoped to the reader. The
floor is one raw SQL GROUP BY of the same per-type figures (count, sticks, value, fine,
confiscation, paid, counterfeit, major, people by outcome, and count, sticks and value per body
transferred to) over the same year's cases, the rows fetched. Both are run as
the office (every case) and as the tobacco bureau (its own cases and those transferred to it: the
scope's filter). The totals of the two are checked equal. Medians of --repeat runs, turn about
(bench.measure.interleaved). Aim: within 2x of the floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.measure import Report, interleaved  # noqa: E402

SQLITE_DIR = Path(os.environ.get("ZZ_BENCH_DIR") or Path(tempfile.gettempdir()) / "zz-bench-cases")

from benchdb import drop_database, fresh_database  # noqa: E402 - bench/ is on sys.path

YEAR = 2026
BATCH = 5000


def build(n: int) -> dict:
    """n cases over two years (one in the table's year), 5% transferred, in bulk."""
    from django.db import transaction

    from zhengzhi.accounts.models import User, UserRole
    from zhengzhi.cases.models import (
        Case,
        CaseTransfer,
        CaseType,
        DestructionBatch,
        Operation,
    )
    from zhengzhi.core.roles import Role
    from zhengzhi.org.models import Unit, UnitKind

    rng = random.Random(16)
    office = Unit.objects.add_root(
        instance=Unit(name="办公室", code="office", kind=UnitKind.OFFICE)
    )
    bureau = Unit.objects.add_root(
        instance=Unit(name="烟草专卖局", code="ycj", kind=UnitKind.DEPARTMENT)
    )
    squads = [
        Unit.objects.add_child(
            Unit.objects.get(pk=bureau.pk),
            instance=Unit(name=f"稽查{i}中队", code=f"ycj-{i}", kind=UnitKind.DEPARTMENT),
        )
        for i in range(1, 6)
    ]
    market = Unit.objects.add_root(
        instance=Unit(name="市场监管局", code="scj", kind=UnitKind.DEPARTMENT)
    )
    police = Unit.objects.add_root(
        instance=Unit(name="公安分局", code="gaj", kind=UnitKind.DEPARTMENT)
    )
    admin = User.objects.create_user("admin", password="x", unit=office)
    UserRole.objects.create(user=admin, role=Role.OFFICE_ADMIN)
    officer = User.objects.create_user("officer", password="x", unit=bureau)
    UserRole.objects.create(user=officer, role=Role.HANDLER)
    types = list(CaseType.objects.all())
    handling = [*squads, bureau, market]
    start = dt.date(YEAR - 1, 1, 1)
    t0 = time.perf_counter()
    with transaction.atomic():
        made = 0
        while made < n:
            rows = []
            for i in range(made, min(n, made + BATCH)):
                filed = start + dt.timedelta(days=rng.randrange(730))
                cartons = rng.randint(1, 400)
                fine = Decimal(cartons * 50)
                rows.append(Case(
                    number=f"{filed.year}-{i + 1:07d}", year=filed.year,
                    case_type=types[rng.randrange(len(types))], party=f"当事人{i}",
                    value=Decimal(cartons * rng.randint(150, 400)) / 10000,
                    sticks=cartons * 200, counterfeit=rng.random() < 0.1,
                    major=cartons > 300, fine=fine, paid=fine if rng.random() < 0.7 else 0,
                    handling_unit=handling[rng.randrange(len(handling))],
                    found_on=filed, filed_on=filed, state="closed",
                ))  # fmt: skip
            Case.objects.bulk_create(rows, batch_size=1000)
            made += len(rows)
        ids = list(Case.objects.values_list("pk", flat=True))
        transfers = [
            CaseTransfer(
                case_id=pk, body=rng.choice(["police", "court", "market"]),
                receiving_unit=police, transferred_on=dt.date(YEAR, 6, 1),
                outcome=rng.choice(["", "detained", "custody"]), people=rng.randint(1, 3),
            )
            for pk in rng.sample(ids, len(ids) // 20)
        ]  # fmt: skip
        CaseTransfer.objects.bulk_create(transfers, batch_size=1000)
        # What the transfer services keep on the case row.
        for body in ("police", "court", "market"):
            Case.objects.filter(transfers__body=body).update(**{f"to_{body}": True})
        for outcome, field in (("detained", "detained"), ("custody", "sentenced")):
            for t in CaseTransfer.objects.filter(outcome=outcome):
                Case.objects.filter(pk=t.case_id).update(**{field: t.people})
        Operation.objects.bulk_create(
            Operation(name=f"行动{i}", unit=squads[i % 5], starts_on=dt.date(YEAR, 1 + i % 12, 1),
                      ends_on=dt.date(YEAR, 1 + i % 12, 5), people=50, vehicles=12)
            for i in range(60)
        )  # fmt: skip
        DestructionBatch.objects.bulk_create(
            DestructionBatch(destroyed_on=dt.date(YEAR, 3, 15), place="广场", unit=bureau,
                             quantity=Decimal("124.33"), sticks=1_243_300, value=Decimal("43.8"))
            for _ in range(4)
        )  # fmt: skip
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"built {n:,} cases in {time.perf_counter() - t0:.1f} s", flush=True)
    # Fresh from the database: the roots were renumbered as others were added in name order.
    return {"admin": User.objects.get(pk=admin.pk), "officer": User.objects.get(pk=officer.pk)}


BODIES = ("police", "procuratorate", "court", "market")
PER_BODY = ", ".join(
    f"SUM(CASE WHEN to_{b} THEN {what} ELSE 0 END)"
    for b in BODIES
    for what in ("1", "sticks", "value")
)
# Written from constants alone (the bodies' names); the period and scope go as parameters.
RAW = (
    "SELECT case_type_id, COUNT(*), SUM(sticks), SUM(value), SUM(fine), SUM(confiscation), "  # noqa: S608
    "SUM(paid), SUM(CASE WHEN counterfeit THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN major THEN 1 ELSE 0 END), SUM(detained), SUM(arrested), SUM(sentenced), "
    + PER_BODY
    + " FROM cases_case WHERE filed_on >= %s AND filed_on <= %s {scope} GROUP BY case_type_id"
)


def floor(scope_ids: list[int] | None, start: dt.date, end: dt.date):
    from django.db import connection

    params: list = [start, end]
    scope = ""
    if scope_ids is not None:
        marks = ", ".join(["%s"] * len(scope_ids))
        # Only placeholders are put into the text; the ids go as parameters.
        scope = (
            f"AND (handling_unit_id IN ({marks}) OR id IN (SELECT case_id FROM "  # noqa: S608
            f"cases_casetransfer WHERE receiving_unit_id IN ({marks})))"
        )
        params += scope_ids + scope_ids
    with connection.cursor() as cur:
        cur.execute(RAW.format(scope=scope), params)
        return cur.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    db_url = fresh_database(os.environ.get("DATABASE_URL"), SQLITE_DIR, "cases.sqlite3")
    try:
        users = build(args.cases)
        from zhengzhi.cases.tables import Scope, breakdown
        from zhengzhi.org.scope import scope_for

        start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
        report = Report()
        engine = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
        report.head(f"== cases: breakdown table over {args.cases:,} cases ({engine})")
        report.head(f"{'':<46} {'project':>12} {'floor':>12} {'unit':<7} {'ratio':>8}")
        for who in ("admin", "officer"):
            user = users[who]
            scope = scope_for(user)
            ids = None if scope.all_units else sorted(scope.unit_ids)
            table = breakdown(user, Scope(start, end))
            rows = floor(ids, start, end)
            assert table.total.cases == sum(r[1] for r in rows), (table.total.cases, rows)
            assert table.total.sticks == sum(r[2] for r in rows)
            project, base = interleaved(
                lambda user=user: breakdown(user, Scope(start, end)),
                lambda ids=ids: floor(ids, start, end),
                args.repeat,
            )
            label = f"breakdown, a year, as the {'office' if who == 'admin' else 'bureau'}"
            report.row(label, project, base, "ms", "<= 2x", project <= 2 * base)
            report.note(f"{table.total.cases:,} cases in the year, {len(table.types)} types")
        report.note(f"medians of {args.repeat}; load average now {os.getloadavg()[0]:.2f}")
        if report.misses:
            print("MISSED:", ", ".join(report.misses))
    finally:
        if not args.keep:
            drop_database(db_url, SQLITE_DIR)


if __name__ == "__main__":
    main()
