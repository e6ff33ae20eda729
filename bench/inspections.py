"""Inspections: submitting a checklist, and the results of a year, each figure beside its floor
in the same run.

    .venv/bin/python bench/inspections.py [--visits 50000] [--repeat 7]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zz_insp_bench \
        .venv/bin/python bench/inspections.py

Submission: a 60-item checklist with 20 failures, each with a photo. The project's figure is
what the phone's form costs the server: the 20 photos stored (zhengzhi.files.services
.store_upload: checked, re-encoded, thumbnailed, written, a row and an audit row each) and the
visit submitted (zhengzhi.inspections.services.submission.submit_visit: scored, 60 answers, 20
problems reported, registered and dispatched with their timeline events, photos attached, audit
rows, all in one transaction). The floor writes the same rows with bare SQL (one executemany per
table: the visit, 60 answers, 20 problems, their 60 events, 20 file rows, the audit rows) and
the same 20 photos and thumbnails with one Pillow call each (decode, shrink, encode, write).
Aim: under 2 s, within 3x.

Results: --visits submitted visits over a year at 200 communities with their scores. The
project's figure is zhengzhi.inspections.selectors.results (by unit: visits, passed, judged,
with failures, failed items, mean score, for the office); the floor is the same GROUP BY in raw
SQL, fetched. Aim: within 2x.

SQLite: a file under /tmp/zz-bench-inspections. PostgreSQL: the database named in DATABASE_URL
is dropped and created (never point it at real data).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import os
import random
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from benchdb import drop_database, fresh_database  # noqa: E402

from bench.measure import Report, interleaved  # noqa: E402

SQLITE_DIR = Path(
    os.environ.get("ZZ_BENCH_DIR") or Path(tempfile.gettempdir()) / "zz-bench-inspections"
)
ITEMS, FAILURES, UNITS = 60, 20, 200


def jpeg(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (1600, 1200), (rng.randrange(256), 120, 80))
    draw = ImageDraw.Draw(image)
    for i in range(0, 1600, 100):
        draw.rectangle([i, 600, i + 70, 1150], fill=(40, rng.randrange(256), 160))
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def world():
    from zhengzhi.accounts.models import User, UserRole
    from zhengzhi.core.roles import Role
    from zhengzhi.inspections.models import Checklist, PlaceKind
    from zhengzhi.inspections.services.loading import make_version
    from zhengzhi.ledger.models import Category
    from zhengzhi.ledger.services.categories import load_categories
    from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
    from zhengzhi.sites.models import Site
    from zhengzhi.sites.services.kinds import load_site_kinds

    load_categories()
    load_site_kinds()
    office = Unit.objects.add_root(
        instance=Unit(name="办公室", code="office", kind=UnitKind.OFFICE)
    )
    district = Unit.objects.add_root(
        instance=Unit(name="区", code="qc", kind=UnitKind.TERRITORY, level=TerritoryLevel.DISTRICT)
    )
    street = Unit.objects.add_child(
        Unit.objects.get(pk=district.pk),
        instance=Unit(name="街道", code="st", kind=UnitKind.TERRITORY, level=TerritoryLevel.STREET),
    )
    communities = []
    for i in range(UNITS):
        communities.append(
            Unit.objects.add_child(
                Unit.objects.get(pk=street.pk),
                instance=Unit(
                    name=f"社区{i:03d}",
                    code=f"c{i:03d}",
                    kind=UnitKind.TERRITORY,
                    level=TerritoryLevel.COMMUNITY,
                ),
            )
        )
    inspector = User.objects.create_user("inspector", password="x", unit=office)
    UserRole.objects.create(user=inspector, role=Role.INSPECTOR)
    categories = list(Category.objects.filter(parent__isnull=False).order_by("code"))
    checklist = Checklist.objects.create(
        code="bench", name="六十项", place_kind=PlaceKind.MARKET, site_kinds=["market"]
    )
    rows = [
        {
            "code": f"I{n:02d}",
            "section": f"第{n // 10 + 1}组",
            "text": f"检查内容{n}",
            "position": n,
            "scoring": "pass_fail",
            "points": Decimal(1),
            "deduction": None,
            "bands": [],
            "photo_required": True,
            "problem_category_id": categories[n % len(categories)].pk,
            "standard_item_id": None,
            "checkpoint_id": None,
            "standard_category_id": None,
        }
        for n in range(ITEMS)
    ]
    make_version(checklist, rows, pass_line=Decimal(90))
    checklist.refresh_from_db()
    from zhengzhi.sites.models import SiteKind

    kind = SiteKind.objects.get(code="market")
    sites = [
        Site.objects.create(
            code=f"S{i:06d}",
            name=f"市场{i}",
            kind=kind,
            address=f"路{i}号",
            owner_unit=communities[i % UNITS],
            community=communities[i % UNITS],
        )
        for i in range(40)
    ]
    return {
        "inspector": User.objects.get(pk=inspector.pk),
        "checklist": checklist,
        "sites": sites,
        "communities": communities,
        "street": street,
    }


def _visit(w, n: int):
    from zhengzhi.inspections.models import Visit

    site = w["sites"][n % len(w["sites"])]
    return Visit.objects.create(
        checklist_version=w["checklist"].current,
        site=site,
        address=site.address,
        unit_id=site.owner_unit_id,
        inspector=w["inspector"],
        due_on=dt.date.today(),
    )


def project_submit(w, photos: list[bytes], n: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhengzhi.files.services import store_upload
    from zhengzhi.inspections.services.submission import Given, submit_visit

    inspector = w["inspector"]
    visit = _visit(w, n)
    ids = [
        str(
            store_upload(
                SimpleUploadedFile(f"p{i}.jpg", data, content_type="image/jpeg"),
                user=inspector,
                unit=inspector.unit,
            ).pk
        )
        for i, data in enumerate(photos)
    ]
    answers = {}
    for i, item in enumerate(w["items"]):
        if i < FAILURES:
            answers[item.code] = Given(result="fail", photo=ids[i], note="不合格")
        else:
            answers[item.code] = Given(result="pass")
    submit_visit(visit.pk, actor=inspector, answers=answers)


def _insert(cursor, objs) -> None:
    """One executemany of these (unsaved) rows, their values prepared as the ORM would."""
    from django.db import connection

    model = type(objs[0])
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.auto_created)]
    qn = connection.ops.quote_name
    cols = ", ".join(qn(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({cols}) VALUES ({marks})"  # noqa: S608
    cursor.executemany(
        sql,
        [[f.get_db_prep_save(f.pre_save(o, True), connection) for f in fields] for o in objs],
    )


def floor_submit(w, photos: list[bytes], n: int, media: Path) -> None:
    from django.db import connection, transaction
    from django.utils import timezone
    from PIL import Image

    from zhengzhi.audit.models import AuditEvent
    from zhengzhi.files.models import StoredFile
    from zhengzhi.inspections.models import Answer, Visit
    from zhengzhi.ledger.models import Problem, ProblemEvent

    now = timezone.now()
    inspector = w["inspector"]
    site = w["sites"][n % len(w["sites"])]
    files = []
    for i, data in enumerate(photos):
        fid = uuid.uuid4()
        image = Image.open(io.BytesIO(data))
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=85)
        image.thumbnail((320, 320))
        thumb = io.BytesIO()
        image.convert("RGB").save(thumb, "JPEG", quality=80)
        (media / f"{fid}.jpg").write_bytes(out.getvalue())
        (media / f"{fid}_t.jpg").write_bytes(thumb.getvalue())
        files.append(
            StoredFile(
                id=fid, kind="image", original_name=f"p{i}.jpg", content_type="image/jpeg",
                size=len(out.getvalue()), sha256=hashlib.sha256(out.getvalue()).hexdigest(),
                path=f"bench/{fid}.jpg", thumb_path=f"bench/{fid}_t.jpg", unit=inspector.unit,
                purpose="before", uploaded_by=inspector, created_at=now,
            )
        )  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        visit = Visit(
            checklist_version=w["checklist"].current, site=site, unit_id=site.owner_unit_id,
            inspector=inspector, due_on=dt.date.today(), status="submitted", submitted_at=now,
            score=Decimal(40), max_score=Decimal(60), percent=Decimal("66.67"), passed=False,
            failures=FAILURES,
        )  # fmt: skip
        _insert(cursor, [visit])
        visit_id = Visit.objects.order_by("-pk").values_list("pk", flat=True)[0]
        problems = [
            Problem(
                number=f"B{n:06d}-{i:03d}", source="inspection", category=item.problem_category,
                main_category_id=item.problem_category.parent_id, description=item.text,
                address=site.address, site=site, owner_unit_id=site.owner_unit_id,
                status="dispatched", reported_by=inspector, reported_at=now, registered_at=now,
                dispatched_at=now, due_at=now, stage_deadlines=[{"name": "", "due_at": "x"}],
            )
            for i, item in enumerate(w["items"][:FAILURES])
        ]  # fmt: skip
        _insert(cursor, problems)
        pids = list(
            Problem.objects.filter(number__startswith=f"B{n:06d}-").values_list("pk", flat=True)
        )
        _insert(
            cursor,
            [
                ProblemEvent(problem_id=pid, kind=kind, at=now, actor=inspector, to_status=kind)
                for pid in pids
                for kind in ("report", "register", "dispatch")
            ],
        )
        _insert(cursor, files)
        _insert(
            cursor,
            [
                Answer(
                    visit_id=visit_id, item=item, result="fail" if i < FAILURES else "pass",
                    findings=1 if i < FAILURES else 0, score=Decimal(0 if i < FAILURES else 1),
                    photo=files[i] if i < FAILURES else None,
                    problem_id=pids[i] if i < FAILURES else None,
                )
                for i, item in enumerate(w["items"])
            ],
        )  # fmt: skip
        audits = []
        seq0 = n * 1000 + 10_000_000
        prev = "0" * 64
        for j in range(FAILURES * 6 + 1):  # report, register, dispatch, upload, attach + photo
            h = hashlib.sha256(f"{prev}{j}".encode()).hexdigest()
            audits.append(
                AuditEvent(
                    seq=seq0 + j, at=now, actor=inspector, action="bench.row",
                    object_type="ledger.problem", object_id=str(j), data={"j": j},
                    prev_hash=prev, hash=h,
                )
            )  # fmt: skip
            prev = h
        _insert(cursor, audits)


def build_year(w, n: int) -> None:
    from django.db import connection, transaction

    from zhengzhi.inspections.models import Visit

    rng = random.Random(19)
    start = dt.date.today() - dt.timedelta(days=364)
    version = w["checklist"].current
    with transaction.atomic():
        for chunk in range(0, n, 5000):
            rows = []
            for _ in range(chunk, min(n, chunk + 5000)):
                unit = w["communities"][rng.randrange(UNITS)]
                percent = Decimal(rng.randint(600, 1000)) / 10
                fails = rng.randint(0, 8)
                rows.append(
                    Visit(
                        checklist_version=version, unit=unit, street=w["street"],
                        address="x", due_on=start + dt.timedelta(days=rng.randrange(365)),
                        status="submitted", submitted_at=None, score=percent,
                        max_score=Decimal(100), percent=percent, passed=percent >= 90,
                        failures=fails,
                    )
                )  # fmt: skip
            Visit.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def floor_results(start: dt.date, end: dt.date) -> list:
    from django.db import connection

    from zhengzhi.inspections.models import Visit
    from zhengzhi.org.models import Unit

    v, u = Visit._meta.db_table, Unit._meta.db_table
    figures = (
        "COUNT(*), SUM(CASE WHEN v.passed THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN v.passed IS NOT NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN v.failures > 0 THEN 1 ELSE 0 END), SUM(v.failures), AVG(v.percent)"
    )
    where = "v.status = 'submitted' AND v.due_on >= %s AND v.due_on <= %s"
    sql = f"SELECT v.unit_id, u.name, {figures} FROM {v} v LEFT JOIN {u} u ON u.id = v.unit_id WHERE {where} GROUP BY v.unit_id, u.name"  # noqa: S608, E501
    with connection.cursor() as cur:
        cur.execute(sql, [start, end])
        return cur.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    db_url = fresh_database(
        url, SQLITE_DIR, "bench.sqlite3", env={"MEDIA_ROOT": str(SQLITE_DIR / "media")}
    )
    from django.conf import settings

    media = Path(settings.MEDIA_ROOT) / "floor"
    media.mkdir(parents=True, exist_ok=True)
    report = Report()
    engine = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    report.head(f"== inspections on {engine}")
    w = world()
    w["items"] = list(
        w["checklist"].current.items.select_related("problem_category").order_by("position")
    )
    photos = [jpeg(i) for i in range(FAILURES)]
    counter = iter(range(1, 10**6))
    t0 = time.perf_counter()
    proj, base = interleaved(
        lambda: project_submit(w, photos, next(counter)),
        lambda: floor_submit(w, photos, next(counter), media),
        args.repeat,
        warm=1,
    )
    report.head(f"{'figure':<46} {'project':>12} {'floor':>12} {'unit':<7} {'ratio':>8}  aim")
    report.row(
        "submit 60 items, 20 failures + 20 photos",
        proj,
        base,
        "ms",
        "< 2000 ms and <= 3x",
        ok=proj < 2000 and proj <= 3 * base,
    )
    report.note(f"(submission runs: {time.perf_counter() - t0:.1f} s)")
    t0 = time.perf_counter()
    build_year(w, args.visits)
    report.note(f"built {args.visits:,} visits in {time.perf_counter() - t0:.1f} s")
    from zhengzhi.accounts.models import User, UserRole
    from zhengzhi.core.roles import Role
    from zhengzhi.inspections.selectors import ResultFilter, results

    admin = User.objects.create_user("admin", password="x", unit=w["inspector"].unit)
    UserRole.objects.create(user=admin, role=Role.OFFICE_ADMIN)
    admin = User.objects.get(pk=admin.pk)
    end = dt.date.today()
    start = end - dt.timedelta(days=364)
    f = ResultFilter(start=start, end=end, by="unit")
    rows = results(admin, f)
    assert len(rows) == len(floor_results(start, end)) >= UNITS, (len(rows), UNITS)
    proj, base = interleaved(
        lambda: results(admin, f), lambda: floor_results(start, end), args.repeat
    )
    report.row(
        f"results of a year ({args.visits:,} visits) by unit",
        proj,
        base,
        "ms",
        "<= 2x",
        ok=proj <= 2 * base,
    )
    if not args.keep:
        drop_database(db_url, SQLITE_DIR)


if __name__ == "__main__":
    main()
