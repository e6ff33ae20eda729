"""Public submissions through the Open311 POST, each with a phone photo, against bare inserts of
the same rows, measured in the same run on the same database.

    .venv/bin/python bench/public.py [--rows 100000] [--posts 200] [--keep]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zz_bench_public .venv/bin/python bench/public.py

SQLite: a file under /tmp/zz-bench-public (removed afterwards unless --keep). PostgreSQL: the
database named in DATABASE_URL is dropped and created (so never point it at real data), and
dropped at the end unless --keep.

The data: the ledger bench's district (200 communities under 20 streets, 12 departments, the 48
sub-categories), 100 grids covering the communities' area, the standard extra questions, one API
key, and --rows problems already in the ledger (three years, as bench/ledger.py builds them).

  project   POST /open311/v2/requests.xml through the Django test client, as FixMyStreet's
            client sends it plus a multipart `media` photo (1280x960 JPEG with EXIF and GPS):
            middleware, key check, attribute check, routing the point to its grid, encrypting
            the reporter's name and phone, the photo's EXIF stripped, re-encoded and a thumbnail
            made and both written to disk, the problem, its timeline event, the public report,
            the file row and three audit rows (a hash chain) committed, the XML answer.
            One submission after another (sustained), each its own transaction.
  floor     the least the same work can cost, timed the same way in the same run:
            the same rows (problem, event, public report, file row, audit rows), copied with
            fresh keys and inserted with plain INSERT statements, one transaction a submission;
            plus, per photo, the bare Pillow work: one decode at the scale needed (draft), the
            pixels written as a JPEG without metadata with Pillow's default settings, one 400 px
            thumbnail (Pillow's default `thumbnail`) encoded with default settings, both files
            written to disk.
  photo     the project's photo step alone (check, decode, orient, strip, encode, thumbnail,
            both files written) against the floor's photo part.

The rate limit is off for the run (ZZ_PUBLIC_RATE=""): the bench posts from one address.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledger_data import _adapt, build, build_org  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SQLITE_DIR = Path(tempfile.gettempdir()) / "zz-bench-public"

from benchdb import drop_database, fresh_database  # noqa: E402 - bench/ is on sys.path

LON0, LAT0, CELL, SIDE = 120.0, 30.0, 0.01, 10  # 10 x 10 grids of 0.01 degrees


def setup_django(url: str | None) -> str:
    sys.path.insert(0, str(ROOT))
    # No rate limit, and jobs run in the request, so that every submission is measured whole.
    os.environ.pop("ZZ_OPEN311_RATE", None)
    env = {
        "ZZ_MEDIA_ROOT": str(SQLITE_DIR / "media"),
        "ZZ_PUBLIC_RATE": "",
        "ZZ_HUEY_IMMEDIATE": "1",
    }
    return fresh_database(url, SQLITE_DIR, "public.sqlite3", env)


def drop(db_url: str) -> None:
    drop_database(db_url, SQLITE_DIR)


def store_grids(org: dict) -> None:
    """SIDE x SIDE square grids over the area the ledger bench's problems lie in."""
    from zhengzhi.org.models import Unit
    from zhengzhi.territory.models import Grid
    from zhengzhi.territory.services import bump_version

    ids = [c for c, _street in org["community_street"]][: SIDE * SIDE]
    communities = Unit.objects.in_bulk(ids)
    grids = []
    for k, cid in enumerate(ids):
        x0, y0 = LON0 + (k % SIDE) * CELL, LAT0 + (k // SIDE) * CELL
        ring = [[x0, y0], [x0 + CELL, y0], [x0 + CELL, y0 + CELL], [x0, y0 + CELL], [x0, y0]]
        grids.append(
            Grid(
                code=f"{communities[cid].division_code}001",
                name=f"网格{k + 1}",
                community_id=cid,
                geometry={"type": "Polygon", "coordinates": [ring]},
                min_lon=x0,
                min_lat=y0,
                max_lon=x0 + CELL,
                max_lat=y0 + CELL,
            )
        )
    Grid.objects.bulk_create(grids)
    bump_version()


def phone_photo(seed: int = 7) -> bytes:
    """A 1280x960 JPEG as a phone writes it: texture that does not compress away, EXIF with the
    camera and a GPS position."""
    from PIL import ExifTags, Image, ImageFilter

    rng = random.Random(seed)
    noise = Image.effect_noise((1280, 960), 40).filter(ImageFilter.GaussianBlur(1.2))
    im = Image.merge("RGB", (noise, noise.point(lambda v: v * 0.8), noise.point(lambda v: 255 - v)))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Model] = f"Model {rng.randint(1, 9)}"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (30.0, 3.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", (120.0, 2.0, 30.0)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85, exif=exif)
    return buf.getvalue()


class Poster:
    """FixMyStreet's form (perllib/Open311.pm) with a multipart photo, one POST at a time."""

    def __init__(self, raw_key: str, photo: bytes, seed: int = 1):
        from django.test import Client

        self.client, self.key, self.photo = Client(), raw_key, photo
        self.rng = random.Random(seed)

    def form(self, i: int) -> dict:
        from django.core.files.uploadedfile import SimpleUploadedFile

        rng = self.rng
        return {
            "jurisdiction_id": "bench.gov.cn",
            "api_key": self.key,
            "service_code": "0101",
            "description": f"title: 垃圾堆积 {i}\n\ndetail: 小区门口垃圾堆了三天没人清理\n\n"
            f"url: https://fms.example/report/{i}\n\nSubmitted via FixMyStreet\n",
            "first_name": "张三",
            "last_name": "",
            "email": f"citizen{i}@example.com",
            "phone": f"138{rng.randint(10_000_000, 99_999_999)}",
            "lat": f"{LAT0 + rng.random() * SIDE * CELL * 0.999:.6f}",
            "long": f"{LON0 + rng.random() * SIDE * CELL * 0.999:.6f}",
            "attribute[amount]": rng.choice(["bag", "cart", "truck"]),
            "attribute[smell]": rng.choice(["yes", "no"]),
            "media": SimpleUploadedFile(f"IMG_{i:05d}.jpg", self.photo, "image/jpeg"),
        }

    def post(self, i: int) -> str:
        response = self.client.post("/open311/v2/requests.xml", self.form(i))
        assert response.status_code == 200, response.content.decode()
        text = response.content.decode()
        return text.split("<service_request_id>")[1].split("<")[0]


def prepare(rows: int) -> tuple[str, dict]:
    from django.utils import timezone

    from zhengzhi.accounts.models import User, UserRole
    from zhengzhi.core.roles import Role
    from zhengzhi.open311.services.keys import issue_key
    from zhengzhi.public.services.questions import load_questions

    t = time.perf_counter()
    org = build_org()
    store_grids(org)
    load_questions()
    office = org["users"][0]
    UserRole.objects.get_or_create(user=office, role=Role.OFFICE_ADMIN)
    _key, raw = issue_key(name="FixMyStreet bench", actor=User.objects.get(pk=office.pk))
    built = build(org, rows, timezone.now()) if rows else {"events": 0}
    built["seconds"] = time.perf_counter() - t
    return raw, built


# --- the rows one submission wrote, and their bare copies --------------------------------------


def written_rows(numbers: list[str], audit_from: int):
    """Per submission: {table: (cols, [rows])} of what the project wrote."""
    from zhengzhi.audit.models import AuditEvent
    from zhengzhi.files.models import StoredFile
    from zhengzhi.ledger.models import Problem, ProblemEvent
    from zhengzhi.public.models import PublicReport

    def cols(model, skip=()):
        return [f.attname for f in model._meta.concrete_fields if f.attname not in skip]

    p_cols, e_cols = cols(Problem), cols(ProblemEvent, ("id",))
    r_cols, f_cols, a_cols = (
        cols(PublicReport, ("id",)),
        cols(StoredFile),
        cols(AuditEvent, ("id",)),
    )
    problems = {p["number"]: p for p in Problem.objects.filter(number__in=numbers).values(*p_cols)}
    ids = [problems[n]["id"] for n in numbers]
    events, reports, files = {}, {}, {}
    for e in ProblemEvent.objects.filter(problem_id__in=ids).values(*e_cols):
        events.setdefault(e["problem_id"], []).append(e)
    for r in PublicReport.objects.filter(problem_id__in=ids).values(*r_cols):
        reports.setdefault(r["problem_id"], []).append(r)
    for f in StoredFile.objects.filter(owner_id__in=ids).values(*f_cols):
        files.setdefault(f["owner_id"], []).append(f)
    audits = list(AuditEvent.objects.filter(seq__gt=audit_from).order_by("seq").values(*a_cols))
    per = len(audits) // len(numbers)
    assert per * len(numbers) == len(audits), (len(audits), len(numbers))
    out = []
    for k, number in enumerate(numbers):
        pid = problems[number]["id"]
        out.append(
            {
                Problem._meta.db_table: (p_cols, [problems[number]]),
                ProblemEvent._meta.db_table: (e_cols, events[pid]),
                PublicReport._meta.db_table: (r_cols, reports[pid]),
                StoredFile._meta.db_table: (f_cols, files.get(pid, [])),
                AuditEvent._meta.db_table: (a_cols, audits[k * per : (k + 1) * per]),
            }
        )
    return out


def fresh_copies(submissions: list[dict], first_id: int, seq_from: int) -> list[list[tuple]]:
    """The same rows with new keys: problem id and number, tracking code, file id and path,
    audit sequence; everything else as the project wrote it."""
    from django.db import connection

    sqlite = connection.vendor == "sqlite"
    statements = []
    seq = seq_from
    for k, sub in enumerate(submissions):
        pid = first_id + k
        batch = []
        for table, (cols, rows) in sub.items():
            copies = []
            for row in rows:
                row = dict(row)
                if table == "ledger_problem":
                    row.update(id=pid, number=f"B{k:08d}")
                elif table in ("ledger_problemevent", "public_publicreport"):
                    row["problem_id"] = pid
                    if table == "public_publicreport":
                        row.update(tracking_code=f"B{k:09d}", client_token="")
                elif table == "files_storedfile":
                    new_id = uuid.uuid4()
                    row.update(
                        id=new_id.hex if sqlite else new_id,
                        owner_id=pid,
                        path=f"b/{k}/{row['path']}",
                        thumb_path=f"b/{k}/{row['thumb_path']}",
                    )
                if sqlite and isinstance(row.get("owner_id"), uuid.UUID):
                    row["owner_id"] = row["owner_id"].hex
                elif table == "audit_auditevent":
                    seq += 1
                    row["seq"] = seq
                copies.append(tuple(_adapt(row[c], sqlite) for c in cols))
            if copies:
                q = connection.ops.quote_name
                marks = ", ".join(["%s"] * len(cols))
                sql = f"INSERT INTO {q(table)} ({', '.join(map(q, cols))}) VALUES ({marks})"  # noqa: S608
                batch.append((sql, copies))
        statements.append(batch)
    return statements


def insert_bare(statements: list[list[tuple]]) -> None:
    from django.db import connection, transaction

    for batch in statements:
        with transaction.atomic(), connection.cursor() as cursor:
            for sql, rows in batch:
                if len(rows) == 1:
                    cursor.execute(sql, rows[0])
                else:
                    cursor.executemany(sql, rows)


# --- the photo: the project's step and the bare library work -----------------------------------


def photo_floor(photo: bytes, folder: Path, k: int) -> None:
    """The least photo work a submission needs: decode at the needed scale, write the pixels
    without metadata, make and write a 400 px thumbnail; Pillow's defaults throughout."""
    from PIL import Image

    with Image.open(io.BytesIO(photo)) as im:
        im.draft("RGB", (2560, 2560))
        im.load()
        full = io.BytesIO()
        im.save(full, "JPEG")  # no exif= argument: no metadata
        small = im.copy()
    small.thumbnail((400, 400))
    thumb = io.BytesIO()
    small.save(thumb, "JPEG")
    (folder / f"{k}.jpg").write_bytes(full.getvalue())
    (folder / f"{k}_thumb.jpg").write_bytes(thumb.getvalue())


def photo_project(photo: bytes, folder: Path, k: int) -> None:
    """The project's photo step as a submission runs it (files.services.store_upload's part
    before the database row): clean_image, then both files written."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhengzhi.files.images import clean_image

    cleaned = clean_image(SimpleUploadedFile("p.jpg", photo, "image/jpeg"))
    (folder / f"{k}.jpg").write_bytes(cleaned.data)
    (folder / f"{k}_thumb.jpg").write_bytes(cleaned.thumb)


def time_photo(step, photo: bytes, n: int) -> float:
    """Milliseconds per photo, over n photos, after two warm-up runs."""
    folder = SQLITE_DIR / f"photo-{step.__name__}"
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(2):
        step(photo, folder, k)
    t = time.perf_counter()
    for k in range(n):
        step(photo, folder, k)
    ms = (time.perf_counter() - t) * 1000 / n
    shutil.rmtree(folder, ignore_errors=True)
    return ms


# --- the run ----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="problems already in the ledger")
    parser.add_argument("--posts", type=int, default=200, help="timed submissions")
    parser.add_argument("--warm", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()

    db_url = setup_django(os.environ.get("DATABASE_URL"))
    from django.db import connection

    from zhengzhi.audit.models import AuditHead
    from zhengzhi.ledger.models import Problem, ProblemEvent

    try:
        raw_key, built = prepare(args.rows)
        engine = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
        with connection.cursor() as cursor:
            cursor.execute(
                "select sqlite_version()"
                if connection.vendor == "sqlite"
                else "show server_version"
            )
            version = cursor.fetchone()[0]
        print(
            f"public submissions bench on {engine} {version}: {Problem.objects.count():,} "
            f"problems, {ProblemEvent.objects.count():,} events already in the ledger "
            f"(built in {built['seconds']:.0f} s)",
            flush=True,
        )
        photo = phone_photo()
        poster = Poster(raw_key, photo)
        for i in range(args.warm):
            poster.post(i)

        # One submission's queries, for the record (not timed).
        spent: list[float] = []

        def clock(execute, sql, params, many, context):
            t = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent.append(time.perf_counter() - t)

        with connection.execute_wrapper(clock):
            poster.post(args.warm)

        audit_from = AuditHead.objects.get(pk=1).seq
        numbers, latencies = [], []
        start = time.perf_counter()
        for i in range(args.posts):
            t = time.perf_counter()
            numbers.append(poster.post(args.warm + 1 + i))
            latencies.append((time.perf_counter() - t) * 1000)
        project_s = time.perf_counter() - start
        project_rate = args.posts / project_s

        submissions = written_rows(numbers, audit_from)
        rows_each = {t: len(r) for t, (_c, r) in submissions[0].items()}
        first_id = Problem.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1_000_000
        statements = fresh_copies(submissions, first_id, seq_from=10**12)
        start = time.perf_counter()
        insert_bare(statements)
        bare_s = time.perf_counter() - start

        # The photo steps, interleaved so that both see the same machine.
        project_photo, floor_photo = [], []
        for _ in range(5):
            project_photo.append(time_photo(photo_project, photo, 20))
            floor_photo.append(time_photo(photo_floor, photo, 20))
        photo_ms, floor_photo_ms = statistics.median(project_photo), statistics.median(floor_photo)
        bare_ms = bare_s * 1000 / args.posts
        floor_ms = bare_ms + floor_photo_ms
        floor_rate = 1000 / floor_ms
        median = statistics.median(latencies)

        print(f"{'':<52} {'project':>10} {'floor':>10}  ratio (aim)", flush=True)
        print(
            f"{'sustained submissions with a photo (per second)':<52} {project_rate:>10.1f} "
            f"{floor_rate:>10.1f}  {floor_rate / project_rate:.1f}x (within 3x)"
        )
        print(
            f"{'the photo step (ms a photo)':<52} {photo_ms:>10.1f} {floor_photo_ms:>10.1f}  "
            f"{photo_ms / floor_photo_ms:.1f}x (within 2x)"
        )
        print(
            f"    {args.posts} POSTs to /open311/v2/requests.xml in {project_s:.1f} s: latency "
            f"median {median:.1f} ms, "
            f"p95 {sorted(latencies)[int(len(latencies) * 0.95) - 1]:.1f} ms; "
            f"{len(spent)} queries, {sum(spent) * 1000:.1f} ms in SQL per POST; the photo step "
            f"{photo_ms / median * 100:.0f} % of it"
        )
        print(
            f"    floor: the same {sum(rows_each.values())} rows a submission ("
            + ", ".join(f"{t} {n}" for t, n in rows_each.items())
            + f") as plain INSERTs, one transaction each: {bare_ms:.2f} ms; plus the bare "
            f"photo work ({len(photo) / 1024:.0f} KB, 1280x960, EXIF with GPS): "
            f"{floor_photo_ms:.1f} ms; {floor_ms:.1f} ms a submission"
        )
        print(
            "    photo medians of 5 interleaved rounds of 20; project "
            + ", ".join(f"{v:.1f}" for v in project_photo)
            + "; floor "
            + ", ".join(f"{v:.1f}" for v in floor_photo)
            + f"; load average {os.getloadavg()[0]:.2f}"
        )
    finally:
        if not args.keep:
            drop(db_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
