"""Building the bench ledger: its own database, a district of 200 communities, and a million
problems with their timelines, written in bulk. Used by bench/ledger.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
SQLITE_DIR = Path(tempfile.gettempdir()) / "zz-bench-ledger"
YEARS = 3
EVENT_CHUNK = 50_000


# --- set-up ---------------------------------------------------------------------------------------


def setup_django(url: str | None, reuse: bool) -> str:
    sys.path.insert(0, str(ROOT))
    if url and url.startswith("postgres"):
        _recreate_postgres(url, reuse)
        db_url = url
    else:
        if not reuse and SQLITE_DIR.exists():
            shutil.rmtree(SQLITE_DIR)
        db_url = f"sqlite:///{SQLITE_DIR}/ledger.sqlite3"
    SQLITE_DIR.mkdir(parents=True, exist_ok=True)  # also the var dir (huey's file, the export)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "zhengzhi.settings",
            "DEBUG": "0",
            "ZZ_TESTING": "1",  # plain static storage and a fast hasher; nothing else changes
            "SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
            "ALLOWED_HOSTS": "testserver,localhost",
            "DATABASE_URL": db_url,
            "ZZ_VAR_DIR": str(SQLITE_DIR),
            "ZZ_LOG_LEVEL": "WARNING",
        }
    )
    import django
    from django.core.management import call_command

    django.setup()
    use_bench_urls()
    call_command("migrate", verbosity=0)
    return db_url


def use_bench_urls() -> None:
    """The project's URLs plus the bench's empty page (bench_urls.py)."""
    from django.conf import settings
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = "bench_urls"
    clear_url_caches()


def _recreate_postgres(url: str, reuse: bool) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(db_url: str) -> None:
    from django.db import connections

    connections.close_all()
    if db_url.startswith("postgres"):
        import psycopg

        parts = urlsplit(db_url)
        admin = parts._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}"')
    shutil.rmtree(SQLITE_DIR, ignore_errors=True)


# --- the county -----------------------------------------------------------------------------------


def build_org() -> dict:
    from django.utils import timezone

    from zhengzhi.accounts.models import User, UserRole
    from zhengzhi.core.roles import Role
    from zhengzhi.ledger.services.categories import load_categories
    from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind

    def root(**kw):
        return Unit.objects.add_root(instance=Unit(**kw))

    def child(parent, **kw):
        return Unit.objects.add_child(parent, instance=Unit(**kw))

    lg = root(name="领导小组", code="lg", kind=UnitKind.LEADING_GROUP)
    office = child(lg, name="创卫办", code="office", kind=UnitKind.OFFICE)
    district = root(name="基准县", code="bench", kind=UnitKind.TERRITORY,
                    level=TerritoryLevel.DISTRICT, division_code="339901")  # fmt: skip
    streets, communities = [], []
    for s in range(20):
        district.refresh_from_db()
        street = child(district, name=f"第{s + 1}街道", code=f"s{s}", kind=UnitKind.TERRITORY,
                       level=TerritoryLevel.STREET, division_code=f"339901{s + 1:03d}")  # fmt: skip
        streets.append(street)
        for c in range(10):
            street.refresh_from_db()
            communities.append(child(
                street, name=f"第{s + 1}街道第{c + 1}社区", code=f"s{s}c{c}",
                kind=UnitKind.TERRITORY, level=TerritoryLevel.COMMUNITY,
                division_code=f"339901{s + 1:03d}{c + 1:03d}"))  # fmt: skip
    names = ["城管执法局", "住建局", "烟草专卖局", "市场监管局", "卫健局", "应急管理局",
             "交通运输局", "生态环境分局", "公安分局", "农业农村局", "水利局",
             "供电公司"]  # fmt: skip
    for i, name in enumerate(names):
        root(name=name, code=f"d{i}", kind=UnitKind.DEPARTMENT)
    load_categories()

    now = timezone.now()
    users = [User(username="bench_office", unit=office, full_name="调度员", password="!",
                  password_changed_at=now)]  # fmt: skip
    users += [
        User(username=f"bench_h{i}", unit=c, full_name=f"网格员{i}", password="!",
             password_changed_at=now)
        for i, c in enumerate(communities)
    ]  # fmt: skip
    User.objects.bulk_create(users)
    users = list(User.objects.filter(username__startswith="bench_").order_by("pk"))
    UserRole.objects.bulk_create(
        [
            UserRole(user=u, role=Role.DISPATCHER if u.unit_id == office.pk else Role.HANDLER)
            for u in users
        ]  # fmt: skip
    )
    return load_org()


def load_org() -> dict:
    from zhengzhi.accounts.models import User
    from zhengzhi.org.models import Unit, UnitKind

    units = list(Unit.objects.order_by("path"))
    streets = {u.path: u.pk for u in units if u.level == "street"}
    communities = [u for u in units if u.level == "community"]
    step = Unit.steplen
    return {
        "community_street": [(c.pk, streets[c.path[:-step]]) for c in communities],
        "departments": [u for u in units if u.kind == UnitKind.DEPARTMENT],
        "users": list(User.objects.filter(username__startswith="bench_").order_by("pk")),
    }


# --- the rows -------------------------------------------------------------------------------------

OPEN_MIX = {"reported": 4, "registered": 4, "dispatched": 18, "accepted": 40,
            "reported_back": 16, "closed": 12, "rejected": 4, "merged": 2}  # fmt: skip
MONTH_MIX = {"closed": 74, "accepted": 8, "reported_back": 4, "deferred": 3, "dispatched": 2,
             "rejected": 5, "merged": 3, "registered": 1}  # fmt: skip
OLD_MIX = {"closed": 92.5, "rejected": 3, "merged": 2, "deferred": 1.3, "accepted": 0.8,
           "reported_back": 0.4}  # fmt: skip
DESCRIPTION = "沿街店铺占道经营，货物摆放至人行道上，影响行人通行"
LIMITS_H = [4, 8, 24, 48, 72, 120, 240]
H = dt.timedelta(hours=1)


class Rows:
    """Problems and their events as plain tuples in column order, made in chunks."""

    def __init__(self, org: dict, n: int, now: dt.datetime, seed: int = 1):
        from zhengzhi.ledger.models import Category, Problem, ProblemEvent

        self.rng, self.n, self.now = random.Random(seed), n, now
        self.start = now - dt.timedelta(days=365 * YEARS)
        self.cats = list(Category.objects.filter(parent__isnull=False).values_list(
            "id", "parent_id", "department_id", "priority"))  # fmt: skip
        self.comms = org["community_street"]
        self.comm_weights = [1 / (i + 5) for i in range(len(self.comms))]
        self.depts = [d.pk for d in org["departments"]]
        self.reporters = {u.unit_id: u.pk for u in org["users"]}
        self.office_user = org["users"][0].pk
        self.p_cols = [f.attname for f in Problem._meta.concrete_fields]
        self.e_cols = [f.attname for f in ProblemEvent._meta.concrete_fields if f.attname != "id"]
        self.seq: dict[int, int] = {}

    def chunk(self, first: int, count: int) -> tuple[list[dict], list[tuple]]:
        rng, span = self.rng, (self.now - H - self.start) / self.n
        owners = rng.choices(self.comms, self.comm_weights, k=count)
        problems, events = [], []
        for k in range(count):
            i = first + k
            reported = self.start + span * (i + rng.random())
            p = self._problem(i + 1, reported, owners[k])
            problems.append(p)
            events += self._events(p)
        return problems, events

    def _problem(self, pk, reported, owner) -> dict:
        rng = self.rng
        cat, main, dept, priority = rng.choice(self.cats)
        age = (self.now - reported).days
        mix = OPEN_MIX if age < 2 else MONTH_MIX if age < 30 else OLD_MIX
        status = rng.choices(list(mix), list(mix.values()))[0]
        community, street = owner
        owner_id = community if rng.random() > 0.05 else rng.choice(self.depts)
        local_year = (reported + 8 * H).year
        self.seq[local_year] = self.seq.get(local_year, 0) + 1
        p = dict.fromkeys(self.p_cols)
        p.update(
            id=pk, number=f"{local_year}-{self.seq[local_year]:06d}",
            source=rng.choice(["inspection", "public", "hotline", "covert", "patrol", "patrol"]),
            category_id=cat, main_category_id=main, description=DESCRIPTION,
            address=f"人民大道{rng.randint(1, 400)}号", lon=120 + rng.random() / 10,
            lat=30 + rng.random() / 10, community_id=community, street_id=street,
            owner_unit_id=None, supporting_unit_id=dept, priority=priority, status=status,
            pending="", version=1, reject_reason="", reported_by_id=self.reporters.get(community),
            reported_at=reported, stage_deadlines=[], return_count=0, extension_count=0,
            rework_count=0, recurrence_count=0, report_count=1, held=False,
        )  # fmt: skip
        if status in ("reported", "rejected", "merged"):
            p["reject_reason"] = "重复举报" if status == "rejected" else ""
            p["version"] = 2 if status != "reported" else 1
            return p
        p["registered_at"] = reported + H * rng.uniform(0.1, 3)
        if status == "registered":
            p["version"] = 2
            return p
        limit = H * rng.choice(LIMITS_H)
        p.update(owner_unit_id=owner_id, dispatched_at=p["registered_at"] + H * rng.uniform(0.1, 2))
        p["due_at"] = p["dispatched_at"] + limit
        p["stage_deadlines"] = [{"name": "整改", "due_at": p["due_at"].isoformat()}]
        p["version"] = 3
        if status != "dispatched":
            p["accepted_at"] = p["dispatched_at"] + H * rng.uniform(0.1, 4)
            p["version"] = 4
        if status in ("reported_back", "closed"):
            late = rng.random() < 0.12
            p["reported_back_at"] = p["dispatched_at"] + limit * rng.uniform(
                *((1.1, 2) if late else (0.3, 0.95))
            )
            p["verify_due_at"] = p["reported_back_at"] + 24 * H
            p["version"] = 5
        if status == "closed":
            p["closed_at"] = p["reported_back_at"] + H * rng.uniform(1, 20)
            p["closed_on_time"] = p["reported_back_at"] <= p["due_at"]
            p["rework_count"] = int(rng.random() < 0.04)
            p["extension_count"] = int(rng.random() < 0.06)
            p["return_count"] = int(rng.random() < 0.03)
            p["recurrence_count"] = int(rng.random() < 0.015)
            p["version"] = 6 + 2 * p["rework_count"] + p["return_count"] * 3
        if status == "deferred":
            p["deferred_until"] = (reported + dt.timedelta(days=120)).date()
            p["version"] = 6
        for moment in ("closed_at", "reported_back_at", "accepted_at", "dispatched_at"):
            if p[moment] is not None and p[moment] > self.now:
                return self._problem(pk, reported - 3 * limit, owner)  # too recent for this state
        end = p["reported_back_at"] or self.now
        if status in ("dispatched", "accepted", "reported_back", "closed") and end > p["due_at"]:
            p["overdue_at"] = p["due_at"] + dt.timedelta(minutes=5)
        return p

    def _events(self, p: dict) -> list[tuple]:
        actor = p["reported_by_id"]
        steps = [("report", p["reported_at"], "", "reported", actor, {})]
        if p["status"] in ("rejected", "merged"):
            kind = "reject" if p["status"] == "rejected" else "merge"
            steps.append(
                (kind, p["reported_at"] + H, "reported", p["status"], self.office_user, {})
            )
        if p["registered_at"]:
            steps.append(
                ("register", p["registered_at"], "reported", "registered", self.office_user, {})
            )
        if p["dispatched_at"]:
            if p["return_count"]:
                data = {
                    "request": "return",
                    "approved": True,
                    "returned_unit_id": p["owner_unit_id"],
                }
                steps.append(
                    (
                        "approve_return",
                        p["dispatched_at"] - H / 2,
                        "dispatched",
                        "registered",
                        self.office_user,
                        data,
                    )
                )
            steps.append(
                ("dispatch", p["dispatched_at"], "registered", "dispatched", self.office_user, {})
            )
        if p["accepted_at"]:
            steps.append(("accept", p["accepted_at"], "dispatched", "accepted", actor, {}))
        if p["overdue_at"]:
            steps.append(("overdue", p["overdue_at"], p["status"], p["status"], None, {}))
        if p["reported_back_at"]:
            steps.append(
                ("report_back", p["reported_back_at"], "accepted", "reported_back", actor, {})
            )
        if p["closed_at"]:
            steps.append(("close", p["closed_at"], "reported_back", "closed", self.office_user, {}))
            if p["recurrence_count"]:
                steps.append(
                    (
                        "reopen",
                        p["closed_at"] + 72 * H,
                        "closed",
                        "dispatched",
                        self.office_user,
                        {},
                    )
                )
        return [(p["id"], kind, at, who, None, src, dst, "", data)
                for kind, at, src, dst, who, data in steps if at <= self.now]  # fmt: skip


# --- loading --------------------------------------------------------------------------------------


def _adapt(value, sqlite: bool):
    if isinstance(value, dt.datetime):
        return str(value.astimezone(dt.UTC).replace(tzinfo=None)) if sqlite else value
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def insert_raw(table: str, cols: list[str], rows: list[tuple]) -> None:
    """The fastest plain path: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    if connection.vendor == "sqlite":
        insert_executemany(table, cols, rows)
    else:
        insert_copy(table, cols, rows)


def insert_copy(table: str, cols: list[str], rows: list[tuple]) -> None:
    from django.db import connection, transaction

    q = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {q(table)} ({', '.join(map(q, cols))}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(tuple(_adapt(v, False) for v in r))


def insert_executemany(table: str, cols: list[str], rows: list[tuple]) -> None:
    from django.db import connection, transaction

    q = connection.ops.quote_name
    sqlite = connection.vendor == "sqlite"
    rows = [tuple(_adapt(v, sqlite) for v in r) for r in rows]
    marks = ", ".join(["%s"] * len(cols))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {q(table)} ({', '.join(map(q, cols))}) VALUES ({marks})",  # noqa: S608
            rows,  # noqa: S608
        )


def build(org: dict, n: int, now: dt.datetime) -> dict:
    from django.db import connection

    from zhengzhi.ledger.models import Problem, ProblemEvent

    gen = Rows(org, n, now)
    p_table, e_table = Problem._meta.db_table, ProblemEvent._meta.db_table
    out = {"events": 0}
    started = time.perf_counter()

    done = 0
    while done < n:
        count = min(EVENT_CHUNK, n - done)
        problems, events = gen.chunk(done, count)
        insert_raw(p_table, gen.p_cols, [tuple(p[c] for c in gen.p_cols) for p in problems])
        insert_raw(e_table, gen.e_cols, events)
        done += count
        out["events"] += len(events)
        if done % 200_000 == 0:
            print(f"  ... {done:,} problems ({time.perf_counter() - started:.0f} s)", flush=True)
    from zhengzhi.ledger.models import ProblemSequence

    ProblemSequence.objects.bulk_create(
        [ProblemSequence(year=y, last=v) for y, v in gen.seq.items()], ignore_conflicts=True
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in (p_table, e_table):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT MAX(id) FROM {table}))"
                )
    out["build_seconds"] = time.perf_counter() - started
    return out


def bench_users():
    """The bench district's office user and one community handler."""
    from zhengzhi.accounts.models import User

    office = User.objects.get(username="bench_office")
    handler = User.objects.get(username="bench_h0")
    return office, handler
