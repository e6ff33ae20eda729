"""The evidence archive: completeness against one raw GROUP BY, and the zip (written in pieces)
against Python's zipfile.write over the same files, each figure beside its floor in the same run.

    .venv/bin/python bench/archive.py [--checkpoints 500] [--units 200] [--files 50000]
                                      [--gb 2] [--repeat 9] [--keep]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zz_archive_bench \
        .venv/bin/python bench/archive.py

Completeness: a campaign whose standard has --checkpoints checkpoints (five per item), each
with a requirement of five pieces from every unit of its row (a lead and 19 supporting units
out of --units), and --files evidence rows spread over the slots (a tenth returned, half
accepted). The project's figure is zhengzhi.archive.completeness.completeness (per item,
category, unit and requirement, with the gaps); the floor is one raw GROUP BY of the evidence
per (requirement, unit, year) over the same rows, fetched. Aim: within 2x.

Zip: --gb of files (512 KB each, random bytes: incompressible, as photos are) written once
under the bench folder; the project writes them through zhengzhi.archive.exports.zipped
(zipfile, stored, Zip64 headers on every member, UTF-8 names, 1 MB pieces) to a file; the floor
writes the same files with zipfile.ZipFile.write (ZIP_STORED, its own 8 KB pieces). Each runs
in a child process of its own, whose peak resident memory (VmHWM) is reported beside its time.
Aim: within 1.5x, peak under 200 MB.

SQLite: a file under /tmp/zz-bench-archive (removed afterwards unless --keep). PostgreSQL: the
database named in DATABASE_URL is dropped and created (never point it at real data).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from bench.measure import Report, interleaved  # noqa: E402

SQLITE_DIR = Path(
    os.environ.get("ZZ_BENCH_DIR") or Path(tempfile.gettempdir()) / "zz-bench-archive"
)
from benchdb import BENCH_ENV, drop_database, fresh_database  # noqa: E402

BATCH = 5000
FILE_KB = 512
PER_ROW = 20  # units owing each item: a lead and 19 supporting
YEAR = 2026


def build(checkpoints: int, units: int, files: int):
    from django.db import connection, transaction

    from zhengzhi.archive.models import Duty, Evidence, EvidenceStatus, Requirement
    from zhengzhi.campaigns.models import Campaign
    from zhengzhi.org.models import Unit, UnitKind
    from zhengzhi.standards.models import Category, Checkpoint, Item, StandardVersion

    rng = random.Random(18)
    t0 = time.perf_counter()
    office = Unit.objects.add_root(
        instance=Unit(name="创卫办", code="office", kind=UnitKind.OFFICE)
    )
    made = [
        Unit.objects.add_root(
            instance=Unit(name=f"单位{i}", code=f"u{i}", kind=UnitKind.DEPARTMENT)
        )
        for i in range(units)
    ]
    unit_ids = [u.pk for u in made]
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name="创卫", scope_unit=office, office_unit=office,
            starts_on=dt.date(YEAR, 1, 1), ends_on=dt.date(YEAR, 12, 31),
        )  # fmt: skip
        std = StandardVersion.objects.create(code="bench", name="bench")
        items_n = max(1, checkpoints // 5)
        cats = [
            Category.objects.create(standard=std, code=f"C{i}", name=f"大项{i}", position=i)
            for i in range(8)
        ]
        items = Item.objects.bulk_create(
            Item(category=cats[i % 8], code=f"I{i}", number=str(i), text=f"条款{i}", position=i)
            for i in range(items_n)
        )
        cps = Checkpoint.objects.bulk_create(
            Checkpoint(item=items[i // 5], code=f"P{i}", text=f"评审点{i}", position=i % 5)
            for i in range(checkpoints)
        )
        duties = Duty.objects.bulk_create(
            Duty(campaign=campaign, item=item, lead_unit_id=unit_ids[n % units])
            for n, item in enumerate(items)
        )
        through = Duty.supporting_units.through
        owners: dict[int, list[int]] = {}
        rows = []
        for n, duty in enumerate(duties):
            helpers = [unit_ids[(n + k) % units] for k in range(1, PER_ROW)]
            owners[duty.item_id] = [duty.lead_unit_id, *helpers]
            rows += [through(duty_id=duty.pk, unit_id=u) for u in helpers]
        through.objects.bulk_create(rows, batch_size=BATCH)
        reqs = Requirement.objects.bulk_create(
            Requirement(campaign=campaign, item_id=cp.item_id, checkpoint=cp, title=f"材料{i}",
                        kind="document", count=5, per_unit=True)
            for i, cp in enumerate(cps)
        )  # fmt: skip
        now = dt.datetime(YEAR, 3, 2, tzinfo=dt.UTC)
        statuses = (
            [EvidenceStatus.RETURNED]
            + [EvidenceStatus.ACCEPTED] * 5
            + [EvidenceStatus.SUBMITTED] * 4
        )
        done = 0
        while done < files:
            batch = []
            for _ in range(min(BATCH, files - done)):
                req = reqs[rng.randrange(len(reqs))]
                batch.append(Evidence(
                    requirement=req, unit_id=rng.choice(owners[req.item_id]), year=YEAR,
                    title="x", status=rng.choice(statuses), added_at=now,
                ))  # fmt: skip
            Evidence.objects.bulk_create(batch, batch_size=1000)
            done += len(batch)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"built {checkpoints} checkpoints, {units} units, {files:,} evidence rows in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)  # fmt: skip
    return campaign


RAW = (
    "SELECT e.requirement_id, e.unit_id, e.year, COUNT(*), "
    "SUM(CASE WHEN e.status = 'accepted' THEN 1 ELSE 0 END) "
    "FROM archive_evidence e JOIN archive_requirement r ON r.id = e.requirement_id "
    "WHERE r.campaign_id = %s AND e.year = %s AND e.status <> 'returned' "
    "GROUP BY e.requirement_id, e.unit_id, e.year"
)


def floor(campaign_id: int):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(RAW, [campaign_id, YEAR])
        return cur.fetchall()


def make_files(folder: Path, gb: float) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    n = max(1, int(gb * 1024 * 1024 // FILE_KB))
    paths = []
    for i in range(n):
        path = folder / f"{i:06d}.jpg"
        if not path.exists() or path.stat().st_size != FILE_KB * 1024:
            path.write_bytes(os.urandom(FILE_KB * 1024))
        paths.append(path)
    return paths


def child(which: str, folder: str, out: str) -> None:
    """Writes the zip (the project's or zipfile.write's) and prints seconds and peak KB."""
    paths = sorted(Path(folder).glob("*.jpg"))
    if which == "project":
        os.environ.update(BENCH_ENV)
        os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
        import django

        django.setup()
    t0 = time.perf_counter()
    if which == "project":
        from django.utils import timezone

        from zhengzhi.archive.exports.zipped import Member, write_zip
        from zhengzhi.archive.models import Evidence

        now = timezone.now()
        members = [
            Member(f"01 大项/条款{i // 100}/评审点/单位-2026-现场照片{i}.jpg", p, p.stat().st_size,
                   Evidence(added_at=now))
            for i, p in enumerate(paths)
        ]  # fmt: skip
        with open(out, "wb") as handle:
            write_zip(members, b"index", handle)
    else:
        import zipfile

        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
            for i, p in enumerate(paths):
                archive.write(p, f"01 大项/条款{i // 100}/评审点/单位-2026-现场照片{i}.jpg")
    seconds = time.perf_counter() - t0
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec (the parent's peak).
    status = Path("/proc/self/status").read_text()
    peak = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
    print(f"{seconds:.3f} {peak}")


def run_child(which: str, folder: Path, out: Path) -> tuple[float, float]:
    answer = subprocess.run(
        [sys.executable, __file__, "--child", which, str(folder), str(out)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds, kb = answer.stdout.split()[-2:]
    out.unlink(missing_ok=True)
    return float(seconds), int(kb) / 1024


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoints", type=int, default=500)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--files", type=int, default=50_000)
    parser.add_argument("--gb", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--zip-runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    db_url = fresh_database(os.environ.get("DATABASE_URL"), SQLITE_DIR, "archive.sqlite3")
    report = Report()
    try:
        campaign = build(args.checkpoints, args.units, args.files)
        from zhengzhi.archive.completeness import completeness

        engine = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
        report.head(f"== archive ({engine})")
        report.head(f"{'':<46} {'project':>12} {'floor':>12} {'unit':<7} {'ratio':>8}")
        c = completeness(campaign, [YEAR])
        rows = floor(campaign.pk)
        present = sum(min(r[3], 5) for r in rows)
        assert c.total.present == present, (c.total.present, present)
        project, base = interleaved(
            lambda: completeness(campaign, [YEAR]), lambda: floor(campaign.pk), args.repeat
        )
        report.row("completeness, every slot (office)", project, base, "ms", "<= 2x",
                   project <= 2 * base)  # fmt: skip
        report.note(
            f"{c.total.required:,} required in {len(rows):,} filled slots of "
            f"{args.checkpoints * PER_ROW:,}; present {c.total.present:,}, gaps {len(c.gaps):,}"
        )
        folder = SQLITE_DIR / "files"
        paths = make_files(folder, args.gb)
        size = sum(p.stat().st_size for p in paths) / 1024**3
        times: dict[str, list] = {"project": [], "floor": []}
        for _ in range(args.zip_runs):
            for which in ("project", "floor"):
                times[which].append(run_child(which, folder, SQLITE_DIR / f"{which}.zip"))
        (pt, pm), (ft, fm) = (min(times[w], key=lambda t: t[0]) for w in ("project", "floor"))
        label = f"zip of {len(paths):,} files, {size:.2f} GB"
        report.row(label, pt, ft, "s", "<= 1.5x", pt <= 1.5 * ft, fmt="{:,.2f}")
        peak = max(m for _t, m in times["project"])
        report.row("peak memory of the zip", peak, fm, "MB", "< 200 MB", peak < 200)
        report.note(f"best of {args.zip_runs}; load average now {os.getloadavg()[0]:.2f}")
        if report.misses:
            print("MISSED:", ", ".join(report.misses))
    finally:
        if not args.keep:
            drop_database(db_url, SQLITE_DIR)


if __name__ == "__main__":
    main()
