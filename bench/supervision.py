"""Supervision: the dashboard and its map data over the bench ledger, and drafting a bulletin
edition, each figure beside its floor in the same run.

    .venv/bin/python bench/supervision.py [--rows 1000000] [--repeat 7] [--keep] [--reuse]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zz_sup_bench \\
        .venv/bin/python bench/supervision.py

The ledger is bench/ledger_data.py's county (200 communities in 20 streets, 12 departments,
--rows problems over three years with their timelines).

Dashboard: what the office's dashboard asks of the database — the page (its headline figures
and the other panels) and its two JSON requests, the charts (new, closed and overdue by day over
30 days, open problems by category and by unit, on-time closure by week over 12 weeks) and the
map's clusters of the open problems at zoom 12 over the whole county — through the Django test
client, signed in as the office. Floor: the raw COUNT and GROUP BY queries of the same figures over
the problems table, fetched (no ORM, no scope, no template, no JSON). Map: the clusters alone
against their raw GROUP BY. Aim: < 300 ms and within 3x.

Drafting: an edition of a ten-day series ranking the 200 communities, with 20 typical problems
whose before and after photos (640×480 JPEG, as a phone's after the upload's re-encoding) are
printed: the facts read by every section (supervision.services.editions.build_data) and the
.docx written (render_docx, as issuing does). Floor: the bare queries of the same facts (the
period's counts per unit, the overdue problems, the photos) and python-docx writing the same
content (the tables and the 40 pictures). Aim: < 10 s and within 3x.

SQLite: a file under /tmp/zz-bench-supervision (removed afterwards unless --keep). PostgreSQL:
the database named in DATABASE_URL is dropped and created (never point it at real data).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import ledger_data  # noqa: E402

from bench.measure import Report, interleaved  # noqa: E402

ledger_data.SQLITE_DIR = Path(tempfile.gettempdir()) / "zz-bench-supervision"
PHOTOS = 20
UNFINISHED = (  # the list's open=1, as the partial index names it
    "status IN ('reported', 'registered', 'dispatched', 'accepted', 'deferred', 'reported_back')"
)
TZ = "+8 hours"


# --- the floors: raw SQL --------------------------------------------------------------------------


def _sql(sql: str, params: list) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _day(column: str) -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"(({column}) AT TIME ZONE 'Asia/Shanghai')::date"
    return f"date({column}, '{TZ}')"


def _floor(expr: str) -> str:
    from django.db import connection

    return f"floor({expr})" if connection.vendor == "postgresql" else f"CAST(({expr}) AS INTEGER)"


def floor_map(now: dt.datetime, size: float) -> list:
    return _sql(
        f"SELECT {_floor('lon / %s')} AS cx, {_floor('lat / %s')} AS cy, COUNT(*),"  # noqa: S608
        " COUNT(CASE WHEN status IN ('dispatched', 'accepted') AND due_at < %s THEN 1 END),"
        " AVG(lon), AVG(lat) FROM ledger_problem"
        f" WHERE {UNFINISHED} AND lon >= 119 AND lon < 121 AND lat >= 29 AND lat < 31"
        " GROUP BY cx, cy",
        [size, size, now],
    )


def floor_dashboard(now: dt.datetime, size: float) -> None:
    today = now.date()
    start = now - dt.timedelta(days=30)
    since = now - dt.timedelta(hours=10)
    for where, params in (
        (UNFINISHED, []),
        ("status IN ('dispatched', 'accepted') AND due_at < %s", [now]),
        ("status IN ('dispatched', 'accepted') AND due_at >= %s AND due_at < %s",
         [now, now + dt.timedelta(days=1)]),
        ("reported_at >= %s", [since]),
        ("closed_at >= %s", [since]),
    ):  # fmt: skip
        _sql(f"SELECT COUNT(*) FROM ledger_problem WHERE {where}", params)  # noqa: S608
    for column, extra in (("reported_at", ""), ("closed_at", "")):
        _sql(
            f"SELECT {_day(column)} AS d, COUNT(*) FROM ledger_problem"  # noqa: S608
            f" WHERE {column} >= %s {extra} GROUP BY d",
            [start],
        )
    _sql(
        f"SELECT {_day('due_at')} AS d, COUNT(*) FROM ledger_problem"  # noqa: S608
        " WHERE status IN ('dispatched', 'accepted') AND due_at < %s AND due_at >= %s GROUP BY d",
        [now, start],
    )
    _sql(
        f"SELECT main_category_id, COUNT(*) FROM ledger_problem WHERE {UNFINISHED}"  # noqa: S608
        " GROUP BY main_category_id",
        [],
    )
    _sql(
        "SELECT owner_unit_id, COUNT(*), COUNT(CASE WHEN status IN ('dispatched', 'accepted')"  # noqa: S608
        f" AND due_at < %s THEN 1 END) FROM ledger_problem WHERE {UNFINISHED}"
        " GROUP BY owner_unit_id",
        [now],
    )
    _sql(
        f"SELECT {_day('closed_at')} AS d, closed_on_time, COUNT(*) FROM ledger_problem"  # noqa: S608
        " WHERE closed_at >= %s AND closed_on_time IS NOT NULL GROUP BY d, closed_on_time",
        [now - dt.timedelta(days=7 * 12 + today.weekday())],
    )
    floor_map(now, size)


# --- drafting ------------------------------------------------------------------------------------


def jpeg(colour) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    for i in range(0, 640, 40):
        draw.line([(i, 0), (640 - i, 480)], fill=(255 - colour[0], 120, colour[2]), width=3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def typical_problems(now: dt.datetime, start: dt.datetime, end: dt.datetime) -> list[int]:
    """Twenty problems closed in the period, given before and after photos (files on disk)."""
    from django.contrib.contenttypes.models import ContentType

    from zhengzhi.files.models import FileKind, StoredFile
    from zhengzhi.files.services import media_root
    from zhengzhi.ledger.models import Problem

    ids = list(
        Problem.objects.filter(status="closed", closed_at__gte=start, closed_at__lt=end)
        .order_by("pk")
        .values_list("pk", "owner_unit_id")[:PHOTOS]
    )
    owner = ContentType.objects.get_for_model(Problem)
    StoredFile.objects.filter(path__startswith="bench/").delete()  # a --reuse run's
    rows = []
    for n, (pk, unit_id) in enumerate(ids):
        for purpose, colour in (("before", (170, 60 + n, 40)), ("after", (60, 150, 70 + n))):
            data = jpeg(colour)
            path = f"bench/{pk}-{purpose}.jpg"
            (media_root() / "bench").mkdir(parents=True, exist_ok=True)
            (media_root() / path).write_bytes(data)
            rows.append(
                StoredFile(
                    kind=FileKind.IMAGE, original_name=f"{purpose}.jpg", content_type="image/jpeg",
                    size=len(data), sha256="0" * 64, path=path, unit_id=unit_id,
                    owner_type=owner, owner_id=pk, purpose=purpose, created_at=now,
                )
            )  # fmt: skip
    StoredFile.objects.bulk_create(rows)
    return [pk for pk, _u in ids]


def floor_draft(start: dt.datetime, end: dt.datetime, now: dt.datetime, photo_ids: list[int]):
    """The same facts by bare queries, and python-docx writing the same content."""
    from docx import Document
    from docx.shared import Mm

    from zhengzhi.files.services import media_root

    units = _sql(
        "SELECT owner_unit_id, COUNT(CASE WHEN due_at >= %s AND due_at < %s THEN 1 END),"
        " COUNT(CASE WHEN closed_on_time THEN 1 END),"
        " COUNT(CASE WHEN closed_at >= %s AND closed_at < %s THEN 1 END),"
        " COUNT(CASE WHEN rework_count > 0 THEN 1 END),"
        " COUNT(CASE WHEN extension_count > 0 THEN 1 END),"
        " COUNT(CASE WHEN status IN ('dispatched', 'accepted') AND due_at < %s THEN 1 END)"
        " FROM ledger_problem WHERE (due_at >= %s AND due_at < %s)"
        " OR (closed_at >= %s AND closed_at < %s)"
        " OR (status IN ('dispatched', 'accepted') AND due_at < %s) GROUP BY owner_unit_id",
        [start, end, start, end, now, start, end, start, end, now],
    )
    names = dict(_sql("SELECT id, name FROM org_unit", []))
    overdue = _sql(
        "SELECT p.id, p.number, p.owner_unit_id, p.address, p.due_at FROM ledger_problem p"
        " WHERE p.status IN ('dispatched', 'accepted') AND p.due_at < %s"
        " ORDER BY p.due_at, p.id LIMIT 20",
        [now],
    )
    marks = ",".join(["%s"] * len(photo_ids))
    photos = _sql(
        f"SELECT owner_id, purpose, path FROM files_storedfile WHERE owner_id IN ({marks})",  # noqa: S608
        photo_ids,
    )
    doc = Document()
    doc.add_paragraph("创卫工作简报")
    table = doc.add_table(rows=1, cols=7)
    for row in units:
        cells = table.add_row().cells
        cells[0].text = names.get(row[0], "")
        for i, value in enumerate(row[1:], 1):
            cells[i].text = str(value)
    table = doc.add_table(rows=1, cols=5)
    for row in overdue:
        cells = table.add_row().cells
        for i, value in enumerate(row):
            cells[i].text = str(value)
    for _owner, _purpose, path in sorted(photos):
        doc.add_paragraph().add_run().add_picture(
            io.BytesIO((media_root() / path).read_bytes()), width=Mm(74)
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- main ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--reuse", action="store_true", help="measure an existing bench database")
    args = parser.parse_args()
    db_url = ledger_data.setup_django(os.environ.get("DATABASE_URL"), args.reuse)

    from django.test import Client
    from django.utils import timezone

    from zhengzhi.accounts.models import User
    from zhengzhi.ledger.models import Problem
    from zhengzhi.supervision.dashboard.map import cell_size, clusters
    from zhengzhi.supervision.models import Edition, Frequency, Series
    from zhengzhi.supervision.periods import last_finished
    from zhengzhi.supervision.services import editions

    now = timezone.now()
    report = Report()
    if args.reuse and Problem.objects.exists():
        org = ledger_data.load_org()
    else:
        org = ledger_data.build_org()
        t = time.perf_counter()
        ledger_data.build(org, args.rows, now)
        report.note(f"built {args.rows:,} problems in {time.perf_counter() - t:.0f} s")
    from django.db import connection

    with connection.cursor() as cursor:  # as autovacuum leaves a settled table
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    rows = Problem.objects.count()
    office = User.objects.get(username="bench_office")
    from django.db import connection

    report.head(
        f"supervision bench — {connection.vendor}, {rows:,} problems, "
        f"{len(org['community_street'])} communities"
    )
    report.head(f"{'':<46} {'project':>12} {'floor':>12} {'unit':<7} {'ratio':>8}  aim")

    client = Client()
    client.force_login(office)
    size = cell_size(12)

    def dashboard():
        for url in (
            "/supervision/",
            "/supervision/charts.json",
            "/supervision/map.json?z=12&bbox=119,29,121,31",
        ):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

    project, base = interleaved(dashboard, lambda: floor_dashboard(now, size), args.repeat, 2)
    report.row(
        "dashboard: page + charts + map (3 requests)", project, base, "ms", "< 300 ms, ≤ 3x",
        ok=project < 300 and project <= 3 * base,
    )  # fmt: skip
    project, base = interleaved(
        lambda: clusters(office, 12, (119, 29, 121, 31), now), lambda: floor_map(now, size),
        args.repeat, 2,
    )  # fmt: skip
    n = len(clusters(office, 12, (119, 29, 121, 31), now)["clusters"])
    report.row(
        f"map clusters, zoom 12 ({n} clusters)", project, base, "ms", "< 300 ms, ≤ 3x",
        ok=project < 300 and project <= 3 * base,
    )  # fmt: skip

    day = timezone.localdate(now)
    start_day, end_day = last_finished(Frequency.TENDAY, day)
    series = Series.objects.create(
        name="创卫工作简报", issuer="创卫办", frequency=Frequency.TENDAY,
        ranking_level="community", photos=PHOTOS,
    )  # fmt: skip
    edition = Edition.objects.create(
        series=series, period_start=start_day, period_end=end_day, created_by=office
    )
    from zhengzhi.ledger.indicators.periods import Period

    period = Period(start_day, end_day)
    photo_ids = typical_problems(now, period.start, period.end)

    def draft():
        edition.data = editions.build_data(edition, now=now)
        edition.photo_choices = editions.default_photos(edition.data, PHOTOS)
        return editions.render_docx(edition, day)

    reps = max(3, args.repeat // 2)
    project, base = interleaved(
        draft, lambda: floor_draft(period.start, period.end, now, photo_ids), reps, 1
    )
    ranked = len(edition.data["ranking"]["rows"]) + len(edition.data["ranking"]["too_few"])
    report.row(
        f"draft: facts + .docx ({ranked} units, {len(edition.photo_choices)} photos)",
        project / 1000, base / 1000, "s", "< 10 s, ≤ 3x",
        ok=project < 10_000 and project <= 3 * base, fmt="{:,.2f}",
    )  # fmt: skip
    if report.misses:
        report.note("missed: " + ", ".join(report.misses))
    if not args.keep:
        ledger_data.drop_database(db_url)


if __name__ == "__main__":
    main()
