"""Inspections in the field: a submission sent twice, and the missed-problem scan, each figure
beside its floor in the same run.

    .venv/bin/python bench/inspections_field.py [--visits 1000] [--repeat 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zz_field_bench \\
        .venv/bin/python bench/inspections_field.py

Sent again: the phone sends a 60-item submission a second time (the first answer was lost).
The project's figure is zhengzhi.inspections.services.offline.submit_once answering with the
first result (the visit found by its client id, its problems read); the floor is the same two
reads in bare SQL. Aim: under 10 ms (two ORM queries against two bare ones: the ratio is the
ORM's fixed cost per query, shown as it is).

Missed problems: --visits submitted visits of the 60-item checklist at 40 sites over 30 days,
2 % of the answers failed. The project's figure is services.missed.flag_missed (every failure
of the window against the earlier passes of the same item at the same place, flags written
with the fines they propose); the floor is one self-join in SQL finding the same pairs and an
executemany writing them. "Run again" is the worker's second run (nothing new): the project's
scan against the floor's self-join with NOT EXISTS. Aim: within 3x (the project reads the failures,
the passes at their places and the flags made, matches by item or checkpoint in Python, and
reads each plan's day's team once for the fines).

SQLite: a file under /tmp/zz-bench-inspections-field. PostgreSQL: the database named in
DATABASE_URL is dropped and created (never point it at real data).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from benchdb import drop_database, fresh_database  # noqa: E402

from bench.inspections import ITEMS, world  # noqa: E402
from bench.measure import Report, interleaved, ms  # noqa: E402

SQLITE_DIR = Path(
    os.environ.get("ZZ_BENCH_DIR") or Path(tempfile.gettempdir()) / "zz-bench-inspections-field"
)


def build(w, n: int, now) -> None:
    """n submitted visits over the 30 days before `now`, 2 % of their answers failed."""
    from zhengzhi.inspections.models import Answer, Visit, VisitStatus

    rng = random.Random(20)
    version = w["checklist"].current
    visits = []
    for i in range(n):
        site = w["sites"][i % len(w["sites"])]
        at = now - dt.timedelta(minutes=rng.randrange(30 * 24 * 60))
        visits.append(
            Visit(
                checklist_version=version,
                site=site,
                address=site.address,
                unit_id=site.owner_unit_id,
                inspector=w["inspector"],
                due_on=at.date(),
                status=VisitStatus.SUBMITTED,
                submitted_at=at,
                submitted_by=w["inspector"],
            )
        )
    Visit.objects.bulk_create(visits, batch_size=1000)
    answers = []
    for v in visits:  # their ids, as both databases return them
        for item in w["items"]:
            failed = rng.random() < 0.02
            answers.append(Answer(visit=v, item=item, result="fail" if failed else "pass"))
    Answer.objects.bulk_create(answers, batch_size=5000)


PAIRS = """
SELECT e.id, ev.id, l.id, ev.unit_id
FROM inspections_answer l
JOIN inspections_visit lv ON lv.id = l.visit_id
JOIN inspections_visit ev ON ev.site_id = lv.site_id AND ev.id <> lv.id
    AND ev.status = 'submitted'
    AND ev.submitted_at < lv.submitted_at AND ev.submitted_at >= %s
JOIN inspections_answer e ON e.visit_id = ev.id AND e.item_id = l.item_id AND e.result = 'pass'
WHERE l.result = 'fail' AND lv.status = 'submitted'
    AND lv.submitted_at >= %s AND lv.submitted_at <= %s
    AND ev.submitted_at >= lv.submitted_at - {window}
"""


def _window(connection) -> str:
    if connection.vendor == "postgresql":
        return "interval '30 days'"
    return "0"  # SQLite: checked in Python below (its datetimes are text)


def floor_pairs(now, *, missing_only: bool) -> list:
    from django.db import connection

    sql = PAIRS.format(window=_window(connection))
    if missing_only:
        sql += " AND NOT EXISTS (SELECT 1 FROM inspections_missedproblem m"
        sql += " WHERE m.earlier_id = e.id AND m.later_id = l.id)"
    start = now - dt.timedelta(days=30)
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute(sql, [now - dt.timedelta(days=60), start, now])
            return c.fetchall()
        sql = sql.replace("AND ev.submitted_at >= lv.submitted_at - 0", "")
        sql = sql.replace("SELECT e.id,", "SELECT ev.submitted_at, lv.submitted_at, e.id,")
        c.execute(sql, [_iso(now - dt.timedelta(days=60)), _iso(start), _iso(now)])
        out = []
        for e_at, l_at, *row in c.fetchall():
            if _parse(e_at) >= _parse(l_at) - dt.timedelta(days=30):
                out.append(tuple(row))
        return out


def _iso(value) -> str:
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")


def _parse(text):
    return dt.datetime.fromisoformat(str(text)) if not isinstance(text, dt.datetime) else text


def floor_flag(now) -> int:
    from django.db import connection, transaction

    with transaction.atomic():
        rows = floor_pairs(now, missing_only=False)
        with connection.cursor() as c:
            c.executemany(
                "INSERT INTO inspections_missedproblem (earlier_id, earlier_visit_id, later_id,"
                " unit_id, window_days, fines, flagged_at) VALUES (%s, %s, %s, %s, 30, %s, %s)",
                [
                    (e, ev, lt, u, '[{"role": "assessor", "amount": "50.00"}]', now)
                    for e, ev, lt, u in rows
                ],
            )
    return len(rows)


def project_flag(now) -> int:
    from django.db import transaction

    from zhengzhi.inspections.services.missed import flag_missed

    with transaction.atomic():
        return flag_missed(now)


def clear() -> None:
    from zhengzhi.inspections.models import MissedProblem

    MissedProblem.objects.all().delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    db_url = fresh_database(
        url, SQLITE_DIR, "bench.sqlite3", env={"MEDIA_ROOT": str(SQLITE_DIR / "media")}
    )
    from django.db import connection
    from django.utils import timezone

    report = Report()
    engine = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    report.head(f"== inspections in the field on {engine}")
    w = world()
    w["items"] = list(w["checklist"].current.items.order_by("position"))
    assert len(w["items"]) == ITEMS
    now = timezone.now()
    report.head(f"{'figure':<46} {'project':>12} {'floor':>12} {'unit':<7} {'ratio':>8}  aim")

    # Sent again: the first result, from the client id.
    from zhengzhi.inspections.models import Visit
    from zhengzhi.inspections.services.offline import submit_once
    from zhengzhi.inspections.services.submission import Given

    inspector = w["inspector"]
    site = w["sites"][0]
    visit = Visit.objects.create(
        checklist_version=w["checklist"].current,
        site=site,
        unit_id=site.owner_unit_id,
        inspector=inspector,
        due_on=now.date(),
    )
    answers = {i.code: Given(result="fail" if n < 2 else "pass") for n, i in enumerate(w["items"])}
    for i in w["items"][:2]:
        i.photo_required = False
        i.save()
    client_id = uuid.uuid4()
    first, replayed = submit_once(visit.pk, client_id=client_id, actor=inspector, answers=answers)
    assert not replayed and len(first.opened) == 2

    def project_again():
        out, again = submit_once(visit.pk, client_id=client_id, actor=inspector, answers=answers)
        assert again and len(out.opened) == 2

    def floor_again():
        with connection.cursor() as c:
            c.execute(
                "SELECT id, status FROM inspections_visit WHERE client_id = %s",
                [client_id.hex if connection.vendor == "sqlite" else client_id],
            )
            (vid, _status) = c.fetchone()
            c.execute(
                "SELECT a.linked, p.* FROM inspections_answer a JOIN ledger_problem p"
                " ON p.id = a.problem_id WHERE a.visit_id = %s",
                [vid],
            )
            assert len(c.fetchall()) == 2

    proj, base = interleaved(project_again, floor_again, args.repeat * 4)
    report.row("a submission sent again (first result)", proj, base, "ms", "< 10 ms", ok=proj < 10)

    build(w, args.visits, now)
    report.note(f"built {args.visits:,} visits, {args.visits * ITEMS:,} answers")
    from zhengzhi.inspections.models import MissedProblem

    p_times, f_times = [], []
    for _ in range(args.repeat):
        clear()
        p_times.append(ms(lambda: project_flag(now)))

        made = MissedProblem.objects.count()
        clear()
        f_times.append(ms(lambda: floor_flag(now)))
        assert MissedProblem.objects.count() == made, (made, MissedProblem.objects.count())
    proj, base = statistics.median(p_times), statistics.median(f_times)
    report.row(
        f"flag missed problems ({made:,} flags)", proj, base, "ms", "<= 3x", ok=proj <= 3 * base
    )
    clear()
    project_flag(now)
    proj, base = interleaved(
        lambda: project_flag(now), lambda: floor_pairs(now, missing_only=True), args.repeat
    )
    report.row("run again: nothing new", proj, base, "ms", "<= 3x", ok=proj <= 3 * base)
    connection.close()
    drop_database(db_url, SQLITE_DIR)


if __name__ == "__main__":
    main()
