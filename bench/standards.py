"""The sanitary-city gap page at a county's scale: the full 2021 standard (59 indicator rows, 4
vector grades among them) with 4 years of confirmed values for 200 reporting units (47,200
values, and 5 % of them corrected once, so history rows are read past), each figure beside the
bare queries of the same rows in the same run.

    .venv/bin/python bench/standards.py [--units 200] [--years 4] [--repeat 9]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zz_std_bench .venv/bin/python bench/standards.py

SQLite: a file under /tmp/zz-bench-standards (removed afterwards unless --keep). PostgreSQL: the
database named in DATABASE_URL is dropped and created (never point it at real data), and dropped
at the end unless --keep.

  gap              standards.selectors.campaign_gap as the office: the indicators, the
                   prerequisites, the confirmed values, every rule judged for every unit, the
                   trend over the 4 years, the projections, the weakest categories
                   vs  the bare SQL of the same rows (indicators, prerequisites' conditions,
                   categories, items, the confirmed values) fetched with a cursor
  gap page         GET /standards/campaigns/<id>/ through the test client as the office
                   vs  campaign_gap alone (the rest is presentation and template)
  measure list     GET /standards/measures/ (59 measures, counts of 47,200 values)
                   vs  its GROUP BY in bare SQL

Latencies are medians of --repeat runs after one warm-up; each figure and its floor run in turns.
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
SQLITE_DIR = Path(tempfile.gettempdir()) / "zz-bench-standards"

from benchdb import drop_database, fresh_database  # noqa: E402 - bench/ is on sys.path


def build(units: int, years: int) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from zhengzhi.accounts.models import User, UserRole
    from zhengzhi.campaigns.models import Campaign, CampaignKind, CampaignStatus
    from zhengzhi.core.roles import Role
    from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
    from zhengzhi.standards.models import (
        CampaignStandard,
        Indicator,
        IndicatorValue,
        Measure,
        StandardVersion,
        ValueKind,
        ValueStatus,
    )
    from zhengzhi.standards.services.loading import load_standards

    t0 = time.perf_counter()
    lg = Unit.add_root(name="领导小组", code="lg", kind=UnitKind.LEADING_GROUP)
    office = lg.add_child(name="创卫办", code="office", kind=UnitKind.OFFICE)
    district = Unit.add_root(name="县", code="d", kind=UnitKind.TERRITORY,
                             level=TerritoryLevel.DISTRICT, division_code="330199")  # fmt: skip
    reporters = [
        district.add_child(name=f"单位{i + 1:03d}", code=f"u{i}", kind=UnitKind.TERRITORY,
                           level=TerritoryLevel.STREET, division_code=f"330199{i + 1:03d}")
        for i in range(units)
    ]  # fmt: skip
    admin = User.objects.create_user(username="admin", password="x", unit=office)
    UserRole.objects.create(user=admin, role=Role.OFFICE_ADMIN)
    load_standards()
    v2021 = StandardVersion.objects.get(code="gwcs-2021")
    # Targets for the rows the shipped file leaves open, as an office's local plan would.
    Indicator.objects.filter(standard=v2021, rule="unset").update(rule="at_least", target=50)
    Indicator.objects.filter(standard=v2021, rule="local_plan").update(target=Decimal("2.5"))
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="创建国家卫生城市", kind=CampaignKind.SANITARY_CITY, scope_unit=district,
        office_unit=office, starts_on=today - dt.timedelta(days=300),
        ends_on=today + dt.timedelta(days=300), status=CampaignStatus.ACTIVE,
    )  # fmt: skip
    tie = CampaignStandard.objects.create(
        campaign=campaign, standard=v2021, review_date=today + dt.timedelta(days=300),
        built_up_area=Decimal("29.18"), population=287500,
    )  # fmt: skip
    measures = list(Measure.objects.filter(indicators__standard=v2021).distinct())
    rng = random.Random(17)
    now = timezone.now()
    rows = []
    first = today.year - years
    for m in measures:
        for u in reporters:
            base = rng.uniform(40, 100)
            for y in range(years):
                v = IndicatorValue(
                    measure=m, unit=u, period=dt.date(first + y, 1, 1),
                    status=ValueStatus.CONFIRMED, entered_at=now, confirmed_at=now, current=True,
                )  # fmt: skip
                if m.value_kind == ValueKind.GRADE:
                    v.grade = rng.choice("ABCCCD")
                elif m.value_kind == ValueKind.YES_NO:
                    v.flag = rng.random() < 0.9
                else:
                    v.number = Decimal(f"{base + y * rng.uniform(-2, 3):.2f}")
                rows.append(v)
    with transaction.atomic():
        IndicatorValue.objects.bulk_create(rows, batch_size=5000)
        # 5 % corrected once: the old row stays as confirmed history, the new one current.
        old = list(IndicatorValue.objects.order_by("pk").values_list("pk", flat=True)[::20])
        originals = {v.pk: v for v in IndicatorValue.objects.filter(pk__in=old)}
        IndicatorValue.objects.filter(pk__in=old).update(current=False)
        fixes = []
        for v in originals.values():
            v.pk = None
            v.current = True
            if v.number is not None:
                v.number += 1
            fixes.append(v)
        IndicatorValue.objects.bulk_create(fixes, batch_size=5000)
    return {
        "admin": admin,
        "tie": tie,
        "values": IndicatorValue.objects.count(),
        "seconds": time.perf_counter() - t0,
    }


def paired(fn, floor, repeat: int) -> tuple[float, float]:
    fn()
    floor()
    runs: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for out, f in zip(runs, (fn, floor), strict=True):
            t = time.perf_counter()
            f()
            out.append(time.perf_counter() - t)
    return statistics.median(runs[0]) * 1000, statistics.median(runs[1]) * 1000


def run_all(statements) -> int:
    from django.db import connection

    n = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            n += len(cursor.fetchall())
    return n


def floor_sql(tie) -> list[tuple[str, list]]:
    """The same rows campaign_gap reads, as bare SQL."""
    from zhengzhi.standards.models import Indicator

    sid = tie.standard_id
    measure_ids = list(
        Indicator.objects.filter(standard_id=sid).values_list("measure_id", flat=True)
    )
    marks = ", ".join(["%s"] * len(measure_ids))
    return [
        ("SELECT i.*, m.unit FROM standards_indicator i JOIN standards_measure m "
         "ON m.id = i.measure_id WHERE i.standard_id = %s", [sid]),
        ("SELECT p.*, c.indicator_id FROM standards_prerequisite p LEFT JOIN "
         "standards_prerequisite_conditions c ON c.prerequisite_id = p.id "
         "WHERE p.standard_id = %s", [sid]),
        ("SELECT * FROM standards_category WHERE standard_id = %s", [sid]),
        ("SELECT it.* FROM standards_item it JOIN standards_category c ON c.id = it.category_id "
         "WHERE c.standard_id = %s", [sid]),
        ("SELECT measure_id, unit_id, period, number, flag, grade FROM standards_indicatorvalue "  # noqa: S608
         f"WHERE measure_id IN ({marks}) AND status = 'confirmed' ORDER BY id", measure_ids),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    db_url = fresh_database(os.environ.get("DATABASE_URL"), SQLITE_DIR, "standards.sqlite3")
    from django.db import connection
    from django.test import Client

    from zhengzhi.standards.models import IndicatorValue
    from zhengzhi.standards.selectors import campaign_gap

    try:
        data = build(args.units, args.years)
        tie, admin = data["tie"], data["admin"]
        print(f"database: {connection.vendor}; built {data['values']:,} values "
              f"({args.units} units x {args.years} years, full 2021 standard) "
              f"in {data['seconds']:.1f} s")  # fmt: skip
        rows = []
        floor = floor_sql(tie)
        gap_ms, base = paired(
            lambda: campaign_gap(tie, IndicatorValue.objects.all()),
            lambda: run_all(floor),
            args.repeat,
        )
        rows.append(("gap (campaign_gap, office)", gap_ms, "bare SQL of its rows", base))
        client = Client()
        client.force_login(admin)
        url = f"/standards/campaigns/{tie.campaign_id}/"
        assert client.get(url).status_code == 200
        page_ms, gap2 = paired(
            lambda: client.get(url),
            lambda: campaign_gap(tie, IndicatorValue.objects.all()),
            max(3, args.repeat // 2),
        )
        rows.append(("gap page (test client)", page_ms, "campaign_gap alone", gap2))
        count_sql = [
            ("SELECT measure_id, COUNT(*), MAX(period) FROM standards_indicatorvalue "
             "WHERE current GROUP BY measure_id", []),
            ("SELECT * FROM standards_measure", []),
        ]  # fmt: skip
        assert client.get("/standards/measures/").status_code == 200
        list_ms, list_base = paired(
            lambda: client.get("/standards/measures/"),
            lambda: run_all(count_sql),
            max(3, args.repeat // 2),
        )
        rows.append(("measure list page", list_ms, "bare GROUP BY", list_base))
        print(f"{'measure':30} {'ms':>9}   {'baseline':28} {'ms':>9}  ratio")
        for name, ms, bname, bms in rows:
            print(f"{name:30} {ms:9.1f}   {bname:28} {bms:9.1f}  {ms / bms:5.2f}x")
    finally:
        if not args.keep:
            drop_database(db_url, SQLITE_DIR)


if __name__ == "__main__":
    main()
