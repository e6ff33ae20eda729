"""Importing the seed city's tobacco retailers: 30,136 rows of a roster sheet through the
registry's import (every check), beside its floor measured in the same run on the same file.

    .venv/bin/python bench/sites_import.py [--rows 30136] [--repeat 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zz_rosters_bench \
        .venv/bin/python bench/sites_import.py

SQLite: a file under /tmp/zz-bench-sites-import (removed afterwards unless --keep). PostgreSQL:
the database named in DATABASE_URL is dropped and created (never point it at real data), and
dropped at the end unless --keep.

The demo district (青川区: its units and grids) is built first; the sheet is generated once
(realistic shop names and operators, unique licence numbers, valid credit codes for 40 % of
the rows, points inside the demo territory, the kind's grade, business form and school flag)
and written as .xlsx.

  import      zhengzhi.sites.services.rosters: read the sheet, propose the mapping, check
              every row (credit code, point routed to its grid and community, dates, the
              kind's fields, duplicate licences in the file and in the registry, matching by
              licence, credit code and site code) and write it all: sites with codes, licences,
              CREATED events, the RosterImport row, the audit record
              vs  openpyxl read-only of the same file + a bare bulk_create of the same rows
              (Site and Licence, batches of 2,000)
  re-import   the same file again, every row matched and unchanged (nothing written but the
              import record) vs the same floor

Each run starts from an empty registry (emptied by SQL, not timed). Medians of --repeat runs,
the two turn about. Aims: >= 5,000 rows/s and within 3x of the floor.

The import reads the sheet with python-calamine (a Rust reader; openpyxl's read-only mode alone
took longer than checking and writing every row) and writes by executemany / COPY instead of
bulk_create: so it can be faster than the floor the issue names. Figures: the closing note of
issue 15, with the machine's load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE_DIR = Path(tempfile.gettempdir()) / "zz-bench-sites-import"

from benchdb import drop_database, fresh_database  # noqa: E402 - bench/ is on sys.path

AIM_RATE, AIM_RATIO = 5_000, 3.0

from bench.measure import Report  # noqa: E402

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏韦傅方邹熊白孟秦邱侯江尹薛闫段雷"
    "龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰"
    "文斌海燕小红春梅晓东国庆永强丽华"
)
SHOP_WORDS = [
    "好又多",
    "惠民",
    "便民",
    "邻里",
    "佳佳",
    "万家",
    "福满",
    "兴隆",
    "旺旺",
    "新新",
    "金源",
    "鑫鑫",
    "诚信",
    "顺发",
    "百姓",
    "如意",
    "红星",
    "阳光",
    "春晖",
    "家和",
    "德盛",
    "永辉",
    "富民",
    "天天",
    "乐购",
    "喜洋洋",
    "聚福",
    "宏达",
    "昌盛",
    "康乐",
]
SHOP_TYPES = [
    ("便利店", "便利店"),
    ("超市", "超市"),
    ("食杂店", "食杂店"),
    ("烟酒商店", "烟酒店"),
    ("烟酒商店", "烟酒行"),
    ("娱乐服务类", "棋牌室"),
    ("其他", "商行"),
    ("食杂店", "小卖部"),
]
ROADS = [
    "柳岸路",
    "湖滨路",
    "新华街",
    "桃园路",
    "解放路",
    "人民路",
    "建设路",
    "西山路",
    "清溪路",
    "枫林路",
    "石门街",
    "东湖大道",
    "青川大道",
    "学府路",
    "工业路",
]
HEADERS = [
    "站点编码",
    "名称",
    "经营者",
    "电话",
    "统一社会信用代码",
    "地址",
    "经度",
    "纬度",
    "许可证号",
    "许可证发证机关",
    "发证日期",
    "有效期至",
    "客户档位",
    "经营业态",
    "学校周边",
]


def setup_django(url: str | None) -> str:
    return fresh_database(url, SQLITE_DIR, "sites.sqlite3")


def drop(db_url: str) -> None:
    drop_database(db_url, SQLITE_DIR)


def build_territory():
    from django.db import transaction

    from zhengzhi.accounts.demo import build_demo_org
    from zhengzhi.territory.demo import build_demo_territory

    with transaction.atomic():
        org = build_demo_org()
        build_demo_territory(org)
    from zhengzhi.accounts.models import User

    return User.objects.get(username="admin")


def points(n: int, rng: random.Random) -> list[tuple[float, float]]:
    """n points that route to a community of the demo district."""
    import numpy as np

    from zhengzhi.territory.models import Grid
    from zhengzhi.territory.routing import resolve_points

    boxes = list(Grid.objects.values_list("min_lon", "min_lat", "max_lon", "max_lat"))
    lo = np.array([min(b[0] for b in boxes), min(b[1] for b in boxes)])
    hi = np.array([max(b[2] for b in boxes), max(b[3] for b in boxes)])
    out: list[tuple[float, float]] = []
    while len(out) < n:
        cand = [tuple(np.round(lo + (hi - lo) * np.array([rng.random(), rng.random()]), 6))
                for _ in range(n)]  # fmt: skip
        for p, r in zip(cand, resolve_points(cand), strict=True):
            if r.community_id is not None and len(out) < n:
                out.append((float(p[0]), float(p[1])))
    return out


def make_rows(n: int) -> list[list]:
    from zhengzhi.sites.credit_code import CHARSET, check_character

    rng = random.Random(20261206)
    pts = points(n, rng)
    rows = []
    for i in range(n):
        form, word = rng.choice(SHOP_TYPES)
        operator = rng.choice(SURNAMES) + "".join(
            rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))
        )
        name = f"{rng.choice(SHOP_WORDS)}{word}" + (
            f"（{rng.choice(ROADS)}店）" if i % 3 == 0 else ""
        )
        code = ""
        if i % 5 < 2:  # 40 %: registered businesses with a code; the rest individual traders
            first = "92330199" + "".join(rng.choice(CHARSET[:10]) for _ in range(2)) + f"{i:07d}"
            code = first + check_character(first)
        issued = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1800))
        rows.append([
            "", name, operator, f"1{rng.choice('3589')}{rng.randrange(10**9):09d}", code,
            f"青川区{rng.choice(ROADS)}{rng.randrange(1, 999)}号", pts[i][0], pts[i][1],
            f"330199{i + 100001:07d}", "青川区烟草专卖局", issued.isoformat(),
            (issued + dt.timedelta(days=5 * 365)).isoformat(), rng.randrange(1, 31), form,
            "是" if rng.random() < 0.05 else "否",
        ])  # fmt: skip
    return rows


def write_xlsx(rows: list[list]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("卷烟零售户")
    sheet.write_row(0, 0, HEADERS)
    for r, row in enumerate(rows, start=1):
        sheet.write_row(r, 0, row)
    book.close()
    return buffer.getvalue()


def empty_registry() -> None:
    """Back to an empty registry, as a new database would be: deleted rows leave the text
    index's delete markers and free pages behind, which made each later run slower than the
    one before it (5.6, 7.7, 8.2 s of CPU for the same import)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        for table in ("siteevent", "licence", "rosterimport", "site"):
            cur.execute(f"DELETE FROM site_registry_{table}")  # noqa: S608 (fixed names)
        if connection.vendor == "sqlite":
            cur.execute(
                "INSERT INTO site_registry_site_fts(site_registry_site_fts) VALUES ('delete-all')"
            )
    with connection.cursor() as cur:
        cur.execute("VACUUM")  # outside a transaction: SQLite and PostgreSQL refuse it inside


def project(data: bytes, admin, kind) -> int:
    from zhengzhi.sites.importing.reading import read_sheet
    from zhengzhi.sites.services import rosters

    sheet = read_sheet(data, "tobacco.xlsx")
    result = rosters.import_roster(
        admin,
        kind=kind,
        sheet=sheet,
        mapping=rosters.proposed_mapping(kind, sheet.headers),
        file_name="tobacco.xlsx",
    )
    assert result.ok, result.errors[:5]
    return len(sheet.rows)


def floor(data: bytes, kind) -> int:
    """The least any import must do: read the cells in openpyxl's read-only mode and insert
    the rows as they are."""
    from django.db import transaction
    from openpyxl import load_workbook

    from zhengzhi.sites.models import Licence, Site

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    book.close()
    with transaction.atomic():
        sites = [
            Site(code=f"F{i:08d}", name=r[1], kind=kind, operator=r[2], phone=r[3],
                 credit_code=r[4] or "", address=r[5], lon=r[6], lat=r[7],
                 attributes={"customer_grade": r[12], "business_form": r[13]})
            for i, r in enumerate(rows)
        ]  # fmt: skip
        Site.objects.bulk_create(sites, batch_size=2000)
        Licence.objects.bulk_create(
            [Licence(site_id=s.pk, name=kind.licence_name, number=r[8], issuer=r[9],
                     issued_on=dt.date.fromisoformat(r[10]),
                     expires_on=dt.date.fromisoformat(r[11]))
             for s, r in zip(sites, rows, strict=True)],
            batch_size=2000,
        )  # fmt: skip
    return len(rows)


def timed(fn, before=None) -> float:
    if before:
        before()
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30_136)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--profile", choices=("new", "again"), help="cProfile one import (or one re-import)"
    )
    args = parser.parse_args()
    db_url = setup_django(os.environ.get("DATABASE_URL"))
    from django.db import connection

    from zhengzhi.sites.models import Site, SiteKind

    try:
        t = time.perf_counter()
        admin = build_territory()
        kind = SiteKind.objects.get(code="tobacco_retailer")
        rows = make_rows(args.rows)
        data = write_xlsx(rows)
        print(f"database: {connection.vendor}; {args.rows:,} rows, {len(data) / 1e6:.1f} MB .xlsx,"
              f" built in {time.perf_counter() - t:.1f} s;"
              f" load: {os.getloadavg()[0]:.2f}")  # fmt: skip
        if args.profile:
            import cProfile
            import pstats

            empty_registry()
            if args.profile == "again":  # profile the re-import of an imported file
                project(data, admin, kind)
            cProfile.runctx(
                "project(data, admin, kind)", globals(), locals(), str(SQLITE_DIR / "import.prof")
            )
            pstats.Stats(str(SQLITE_DIR / "import.prof")).sort_stats("cumulative").print_stats(30)
            return
        first, again, base = [], [], []
        for _ in range(args.repeat):
            first.append(timed(lambda: project(data, admin, kind), empty_registry))
            assert Site.objects.count() == args.rows
            again.append(timed(lambda: project(data, admin, kind)))
            base.append(timed(lambda: floor(data, kind), empty_registry))
            assert Site.objects.count() == args.rows
        report = Report()
        n = args.rows
        report.head(f"{'':<46} {'project':>12} {'floor':>12} {'unit':<7} {'ratio':>8}")
        for label, times in (("import (new sites, every check)", first),
                             ("re-import (all matched, unchanged)", again)):  # fmt: skip
            rate, floor_rate = n / statistics.median(times), n / statistics.median(base)
            ok = rate >= AIM_RATE and floor_rate / rate <= AIM_RATIO
            report.row(label, rate, floor_rate, "rows/s", ">= 5,000/s, <= 3x", ok, "{:,.0f}")
            report.note(f"time {statistics.median(times):.2f} s vs floor "
                        f"{statistics.median(base):.2f} s; ratio of times "
                        f"{statistics.median(times) / statistics.median(base):.2f}x")  # fmt: skip
        report.note(f"medians of {args.repeat}; load average now {os.getloadavg()[0]:.2f}")
        if report.misses:
            print("MISSED:", ", ".join(report.misses))
    finally:
        if not args.keep:
            drop(db_url)


if __name__ == "__main__":
    main()
