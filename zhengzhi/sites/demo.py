"""The demo registry for seed_demo: about 3,000 sites of every kind in the demo district, on
points inside its grids, with realistic names, operators, addresses, credit codes (none for some
individual businesses) and licences (some expired, some expiring); a watch list (some confirmed,
some pending proposals); demo problems attached to the sites they were found at; a survey of the
communities with two of them late; and, as in life, many sites never contacted.

Written in bulk (a second or two, not 3,000 service calls): no audit row per site, one
"demo.sites" row for the whole load, which also makes a second run do nothing.

The registry sits below the ledger and may not import it: seed_demo passes the demo problems in
(a queryset of the ledger's Problem), and the attachment is a bulk update of its `site` field.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict

import shapely
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from shapely.geometry import Point, shape

from zhengzhi.audit.models import AuditEvent
from zhengzhi.audit.services import record
from zhengzhi.sites import credit_code as gb32100
from zhengzhi.sites.kinds import FieldDecl, clean_attributes, parse_fields
from zhengzhi.sites.models import (
    Licence,
    Site,
    SiteEvent,
    SiteKind,
    SiteStatus,
    Survey,
    SurveySubmission,
    WatchProposal,
)
from zhengzhi.sites.services.codes import allocate_codes
from zhengzhi.sites.services.kinds import load_site_kinds
from zhengzhi.sites.services.sites import search_text
from zhengzhi.sites.services.watch import reason_text

MARK = "demo.sites"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡"
GIVEN = [
    "建国", "丽华", "志强", "秀英", "海燕", "明", "静",
    "伟", "芳", "军", "晓东", "玉兰", "春生", "红梅",
    "国平", "婷", "小龙", "桂芳", "立新", "慧", "德福",
    "美玲", "金花", "文斌",
]  # fmt: skip
WORDS = [
    "福满", "鸿运", "鑫源", "兴旺", "好又多", "家家乐",
    "百姓", "阳光", "佳美", "宏达", "顺发", "金叶",
    "聚福", "惠民", "老街", "东方", "新世纪", "天天",
    "乐购", "红星", "华联", "盛世", "同心", "和顺",
    "万家", "吉祥", "富源", "春晖", "康乐", "湖畔",
]  # fmt: skip
ROADS = [
    "西环路", "青年路", "人民大道", "文化路", "健康路",
    "东环路", "南环路", "建设路", "解放路", "和平路",
    "北环路", "柳岸街", "桃园路", "湖滨路", "新华路",
    "石门路", "清溪路", "枫林路",
]  # fmt: skip
# kind code: (share of the 3,000, name endings, licence number pattern or "", company?)
PLAN = {
    "tobacco_retailer": (
        500,
        ["烟酒店", "便利店", "超市", "烟酒商行", "副食店"],
        "330199{n:06d}",
        0,
    ),
    "unlicensed_seller": (90, ["烟摊", "流动摊点", "小卖部"], "", 0),
    "food_workshop": (
        110,
        ["豆腐坊", "馒头坊", "糕点坊", "酱菜坊", "米粉加工坊"],
        "浙食小作登字330199{n:04d}号",
        0,
    ),
    "small_restaurant": (
        560,
        ["面馆", "小吃店", "饭店", "快餐店", "馄饨店", "烧烤店", "饺子馆"],
        "JY23301990{n:06d}",
        0,
    ),
    "small_food_shop": (
        260,
        ["食品店", "副食店", "水果店", "熟食店", "糕点店"],
        "JY13301990{n:06d}",
        0,
    ),
    "small_salon": (
        240,
        ["美发店", "理发店", "美容院", "造型工作室"],
        "青卫公证字[2025]第{n:04d}号",
        0,
    ),
    "small_bathhouse": (40, ["浴室", "足浴店", "洗浴中心"], "青卫公证字[2024]第{n:04d}号", 0),
    "small_hotel": (90, ["旅馆", "宾馆", "招待所", "快捷酒店"], "青卫公证字[2023]第{n:04d}号", 0),
    "small_ktv": (40, ["歌厅", "KTV", "量贩式KTV"], "青卫公证字[2022]第{n:04d}号", 0),
    "small_internet_cafe": (60, ["网吧", "网咖"], "青卫公证字[2021]第{n:04d}号", 0),
    "game_hall": (20, ["电玩城", "游戏厅"], "330199{n:06d}娱", 1),
    "retail_shop": (320, ["门市部", "五金店", "日杂店", "文具店", "小卖部"], "", 0),
    "snack_stall": (150, ["小吃摊", "早点摊", "烧饼摊", "炸串摊"], "", 0),
    "bottled_gas_station": (12, ["液化气供应站"], "浙330199{n:03d}Y", 1),
    "gas_filling_station": (6, ["加气站"], "浙330199{n:03d}J", 1),
    "catering_gas_user": (300, ["酒家", "饭庄", "食府", "大排档"], "", 0),
    "market": (14, ["农贸市场", "菜市场"], "", 1),
    "building_site": (40, ["项目工地"], "330199202{n:06d}0101", 1),
    "waste_purchase_point": (40, ["废品收购站", "再生资源回收点"], "", 0),
    "freight_station": (12, ["货运站", "货运场"], "浙交运管许可青字{n:06d}号", 1),
    "logistics_centre": (10, ["物流中心", "物流园"], "浙交运管许可青字9{n:05d}号", 1),
    "school": (26, ["小学", "中学", "幼儿园"], "教330199{n:05d}", 1),
}
CREDIT_CHARS = gb32100.CHARSET
# Communities that have not submitted their survey roster by the deadline.
LATE = 2


def _rng(*key) -> random.Random:
    return random.Random("demo-sites:" + ":".join(map(str, key)))


def _credit_code(rng: random.Random, company: bool) -> str:
    first = ("91" if company else "92") + "330199" + "".join(rng.choices(CREDIT_CHARS, k=9))
    return first + gb32100.check_character(first)


def _name(rng: random.Random, kind: str, ending: str) -> tuple[str, str]:
    surname = rng.choice(SURNAMES)
    operator = surname + rng.choice(GIVEN)
    if kind == "building_site":
        return f"青川{rng.choice(WORDS)}花园{rng.choice('一二三')}期{ending}", operator
    if kind == "school":
        return f"青川区{rng.choice(ROADS)}{ending}", operator
    if kind in ("market", "freight_station", "logistics_centre"):
        return f"{rng.choice(ROADS)[:2]}{ending}", operator
    roll = rng.random()
    if roll < 0.3:
        prefix = surname + "记"
    elif roll < 0.85:
        prefix = rng.choice(WORDS)
    else:
        prefix = rng.choice(ROADS)
    return prefix + ending, operator


def _grid_shapes(grid_model) -> list[tuple]:
    """(grid, community_id, street_id, polygon) of the active grids."""
    from zhengzhi.org.models import Unit

    grids = list(grid_model.objects.filter(is_active=True).select_related("community"))
    parents = {
        u.path: u.pk
        for u in Unit.objects.filter(path__in={g.community.path[: -Unit.steplen] for g in grids})
    }
    return [
        (g, g.community_id, parents.get(g.community.path[: -Unit.steplen]), shape(g.geometry))
        for g in grids
    ]


def _point_in(rng: random.Random, polygon) -> tuple[float, float]:
    minx, miny, maxx, maxy = polygon.bounds
    for _ in range(200):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if polygon.contains(Point(x, y)):
            return round(x, 6), round(y, 6)
    c = polygon.representative_point()
    return round(c.x, 6), round(c.y, 6)


# Free-text fields of the shipped kinds, as offices fill them in.
TEXT_SAMPLES = {
    "goods": ("卷烟、酒水", "日用百货", "卷烟、饮料、副食", "散装白酒"),
    "organiser": ("青川区市场服务中心", "东湖农贸市场管理有限公司", "西山镇集贸市场管理所"),
    "first_responsible": ("王建国", "李秀英", "陈志强", "赵丽华"),
    "responsible_phone": ("13907310021", "13807314455", "0731-85512233"),
    "developer": ("青川置业有限公司", "湘江城市建设投资集团"),
    "contractor": ("华建建工集团有限公司", "青川市政工程有限公司", "中湘建设有限公司"),
}


def _attributes(
    decls: list[FieldDecl], rng: random.Random, today: dt.date, *, cleared: bool
) -> dict:
    """Values of the kind's declared fields as an office's roster would give them: every
    required one, most others; a "within" list inside its catalogue; an unlicensed seller's
    clearance only once it is cleared. Checked as an import checks them."""
    raw: dict = {}
    for d in decls:
        if d.key in ("clearance", "cleared_on") and not cleared:
            continue
        if not d.required and d.key not in ("clearance", "cleared_on") and rng.random() < 0.2:
            continue  # a blank cell
        if d.type == "integer":
            low = int(d.min) if d.min is not None else 0
            raw[d.key] = rng.randint(low, int(d.max) if d.max is not None else low + 60)
        elif d.type == "decimal":
            raw[d.key] = str(round(rng.uniform(d.min or 0, d.max or 500), 1))
        elif d.type == "date":
            raw[d.key] = (today + dt.timedelta(days=rng.randint(-700, 400))).isoformat()
        elif d.type == "boolean":
            raw[d.key] = rng.random() < 0.7
        elif d.type == "choice" and d.choices:
            raw[d.key] = rng.choice(d.choices)
        elif d.type == "choices" and d.choices:
            pool = raw.get(d.within) or list(d.choices)
            raw[d.key] = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
        elif d.type == "text":
            raw[d.key] = rng.choice(TEXT_SAMPLES.get(d.key, ("—",)))
    if "cleared_on" in raw:
        raw["cleared_on"] = (today - dt.timedelta(days=rng.randint(1, 200))).isoformat()
    values, errors = clean_attributes(decls, raw)
    assert not errors, errors  # a demo that its own checks refuse would mislead
    return values


def _expiry(rng: random.Random, today: dt.date) -> dt.date:
    roll = rng.random()
    if roll < 0.07:  # expired, up to half a year ago
        return today - dt.timedelta(days=rng.randint(1, 180))
    if roll < 0.13:  # expiring within 30 days
        return today + dt.timedelta(days=rng.randint(0, 30))
    return today + dt.timedelta(days=rng.randint(31, 3 * 365))


@transaction.atomic
def build_demo_sites(*, problems: QuerySet | None = None, now: dt.datetime | None = None) -> dict:
    """Loads the demo registry (nothing when it is there already). `problems`: the demo
    ledger's problems, to attach to the sites they were found at."""
    if AuditEvent.objects.filter(action=MARK).exists():
        return {"skipped": True}
    from zhengzhi.territory.models import Grid

    now = now or timezone.now()
    today = timezone.localdate(now)
    load_site_kinds()  # the shipped kinds, linked to the demo's departments by name
    kinds = {k.code: k for k in SiteKind.objects.filter(code__in=PLAN)}
    grids = _grid_shapes(Grid)
    if not grids or not kinds:
        return {"sites": 0}
    rng = _rng("sites")
    total = sum(PLAN[c][0] for c in kinds)
    codes = iter(allocate_codes(total))
    sites, licences = [], []
    for code, kind in kinds.items():
        share, endings, pattern, company = PLAN[code]
        decls = parse_fields(kind.fields)
        for n in range(1, share + 1):
            grid, community_id, street_id, polygon = grids[rng.randrange(len(grids))]
            lon, lat = _point_in(rng, polygon)
            name, operator = _name(rng, code, rng.choice(endings))
            address = f"青川区{rng.choice(ROADS)}{rng.randint(1, 420)}号"
            has_code = company or rng.random() < 0.7  # some individual businesses have none
            status = SiteStatus.OPEN
            roll = rng.random()
            if code == "unlicensed_seller" and roll < 0.35:
                status = SiteStatus.CLEARED
            elif roll < 0.03:
                status = SiteStatus.SUSPENDED
            elif roll < 0.05:
                status = SiteStatus.CLOSED
            site = Site(
                code=next(codes), name=name, kind=kind, operator=operator,
                phone=f"13{rng.randint(500000000, 999999999)}",
                credit_code=_credit_code(rng, bool(company)) if has_code else "",
                address=address, lon=lon, lat=lat, grid=grid, community_id=community_id,
                street_id=street_id, owner_unit_id=community_id, status=status,
                search_text=search_text(name, operator, address),
                attributes=_attributes(decls, rng, today, cleared=status == SiteStatus.CLEARED),
            )  # fmt: skip
            sites.append(site)
            if pattern:
                licences.append(
                    (site, kind.licence_name or "许可证", pattern.format(n=n), _expiry(rng, today))
                )
    Site.objects.bulk_create(sites, batch_size=500)
    Licence.objects.bulk_create(
        [
            Licence(
                site=site, name=name, number=number, issuer="青川区行政审批局",
                issued_on=expires - dt.timedelta(days=5 * 365), expires_on=expires,
            )
            for site, name, number, expires in licences
        ],
        batch_size=500,
    )  # fmt: skip
    SiteEvent.objects.bulk_create(
        [SiteEvent(site=s, kind=SiteEvent.Kind.CREATED, at=now, note="demo") for s in sites],
        batch_size=1000,
    )
    attached = _attach_problems(problems, sites, rng) if problems is not None else {}
    watch = _watch_list(sites, attached, now, rng)
    survey = _survey(kinds, now, today)
    counts = {
        "sites": len(sites),
        "licences": len(licences),
        "problems_attached": sum(len(v) for v in attached.values()),
        **watch,
        **survey,
    }
    record(MARK, object_type="site_registry.site", data=counts)
    return counts


def _attach_problems(problems: QuerySet, sites: list[Site], rng) -> dict[int, list]:
    """Each demo problem found within 25 m of an open site is attached to the nearest; and a
    few repeat offenders get the problems around them (up to 250 m), so that the watch-list
    rule has something to propose. {site_id: [reported_at]}"""
    rows = list(problems.filter(lon__isnull=False, site__isnull=True).values_list(
        "pk", "lon", "lat", "reported_at"
    ))  # fmt: skip
    open_sites = [s for s in sites if s.status == SiteStatus.OPEN]
    if not rows or not open_sites:
        return {}
    tree = shapely.STRtree([Point(s.lon, s.lat) for s in open_sites])
    deg_m = 111_320.0
    scale = math.cos(math.radians(open_sites[0].lat))
    site_of: dict[int, Site] = {}
    when: dict[int, list] = defaultdict(list)
    # Repeat offenders first: twenty sites with the problems around them.
    offenders = rng.sample(open_sites, min(20, len(open_sites)))
    taken: set[int] = set()
    points = {pk: (lon, lat, at) for pk, lon, lat, at in rows}
    for n, site in enumerate(offenders):
        near = sorted(
            (((lon - site.lon) * scale) ** 2 + (lat - site.lat) ** 2, pk)
            for pk, (lon, lat, _at) in points.items()
            if pk not in taken and abs(lon - site.lon) < 0.003 and abs(lat - site.lat) < 0.003
        )
        for _d, pk in near[: 3 + n % 4]:
            if math.sqrt(_d) * deg_m < 250:
                taken.add(pk)
                site_of[pk] = site
    for pk, (lon, lat, _at) in points.items():
        if pk in taken:
            continue
        i = tree.nearest(Point(lon, lat))
        site = open_sites[int(i)]
        if math.hypot((lon - site.lon) * scale, lat - site.lat) * deg_m <= 25:
            site_of[pk] = site
    model = problems.model
    objs = [model(pk=pk, site_id=site.pk) for pk, site in site_of.items()]
    model.objects.bulk_update(objs, ["site"], batch_size=500)
    for pk, site in site_of.items():
        when[site.pk].append(points[pk][2])
    return when


def _watch_list(sites, attached: dict[int, list], now, rng) -> dict:
    """Sites with three problems or more in the last 90 days: the first third confirmed on the
    watch list, the rest proposed and pending; plus a few long-standing watch-list sites."""
    by_pk = {s.pk: s for s in sites}
    since = now - dt.timedelta(days=90)
    repeat = sorted(
        (
            (sum(1 for at in ats if at >= since), pk)
            for pk, ats in attached.items()
            if sum(1 for at in ats if at >= since) >= 3
        ),
        reverse=True,
    )
    confirmed = repeat[: max(1, len(repeat) // 3)] if repeat else []
    pending = repeat[len(confirmed) :]
    proposals = []
    from zhengzhi.accounts.models import User

    office = User.objects.filter(username="admin").first()  # the demo's office administrator
    for count, pk in confirmed:
        site = by_pk[pk]
        site.watch, site.watch_reason, site.watch_since = True, reason_text(count, 90), now
        proposals.append(
            WatchProposal(site=site, proposed_at=now - dt.timedelta(days=3), count=count,
                          period_days=90, decision=WatchProposal.Decision.CONFIRMED,
                          decided_by=office, decided_at=now - dt.timedelta(days=2))
        )  # fmt: skip
    for count, pk in pending:
        proposals.append(
            WatchProposal(site=by_pk[pk], proposed_at=now, count=count, period_days=90)
        )
    # Long-standing ones, put there by hand before the rule existed.
    others = [s for s in sites if s.status == SiteStatus.OPEN and s.pk not in attached]
    for site in rng.sample(others, min(6, len(others))):
        site.watch, site.watch_since = True, now - dt.timedelta(days=rng.randint(100, 400))
        site.watch_reason = rng.choice(
            ["多次无证经营被查处", "消防通道长期占用", "群众反复投诉油烟扰民", "曾被责令停业整顿"]
        )
    watched = [s for s in sites if s.watch]
    Site.objects.bulk_update(watched, ["watch", "watch_reason", "watch_since"], batch_size=500)
    SiteEvent.objects.bulk_create(
        [SiteEvent(site=s, kind=SiteEvent.Kind.WATCHED, at=s.watch_since, note=s.watch_reason)
         for s in watched]
    )  # fmt: skip
    WatchProposal.objects.bulk_create(proposals)
    return {"watched": len(watched), "pending_proposals": len(pending)}


def _survey(kinds: dict[str, SiteKind], now, today) -> dict:
    """The 五小 survey of the demo communities: all but the last LATE submitted on time."""
    from zhengzhi.org.models import TerritoryLevel, Unit

    communities = list(
        Unit.objects.filter(level=TerritoryLevel.COMMUNITY, is_active=True).order_by("path")
    )
    small = [k for c, k in kinds.items() if c.startswith("small_")]
    survey = Survey.objects.create(
        title=f"{today.year}年“五小”行业摸底排查",
        starts_on=today - dt.timedelta(days=40),
        deadline=today - dt.timedelta(days=10),
    )
    survey.kinds.set(small)
    counts = defaultdict(int)
    for community_id in Site.objects.filter(kind__in=small).values_list("community_id", flat=True):
        counts[community_id] += 1
    on_time = communities[: max(0, len(communities) - LATE)]
    SurveySubmission.objects.bulk_create(
        [
            SurveySubmission(
                survey=survey, community=c, site_count=counts.get(c.pk, 0),
                submitted_at=now - dt.timedelta(days=12 + i % 6, hours=i),
            )
            for i, c in enumerate(on_time)
        ]
    )  # fmt: skip
    return {"survey_late": len(communities) - len(on_time)}
