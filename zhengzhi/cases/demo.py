"""The demo year of enforcement cases for seed_demo: the tobacco bureau's cases at the demo
registry's retailers and unlicensed sellers and on the road, the market bureau's food cases at
workshops and restaurants, with their decisions, payments, transfers (police, court, market
regulation), a major case, operations, a public destruction and the 查一补三 rechecks, done and
missed. Every case goes through the services, so the tables add up as they would in life.

Idempotent: one "demo.cases" audit row marks the load."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from zhengzhi.accounts.models import User
from zhengzhi.audit.models import AuditEvent
from zhengzhi.audit.services import record
from zhengzhi.cases.models import CaseType, Recheck
from zhengzhi.cases.services import states
from zhengzhi.cases.services.errors import CaseError
from zhengzhi.cases.services.filing import CaseInput, Goods, file_case
from zhengzhi.cases.services.rechecks import record_recheck
from zhengzhi.cases.services.records import (
    decide_consequence,
    record_destruction,
    save_operation,
    save_year_figures,
)
from zhengzhi.cases.services.shipped import load_shipped
from zhengzhi.org.models import Unit
from zhengzhi.sites.models import Site

MARK = "demo.cases"
BRANDS = ["云烟(软珍品)", "中华(硬)", "利群(新版)", "玉溪(软)", "黄鹤楼(软蓝)", "芙蓉王(硬)"]
FOOD = ["散装豆制品", "无标签糕点", "过期调味品", "自制酱菜"]
OPERATIONS = [("春节前卷烟市场清理整顿", 0.05), ("风暴十号", 0.3), ("两节前清理整顿", 0.7),
              ("今冬明春专项行动", 0.9)]  # fmt: skip


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def build_demo_cases(now: dt.datetime | None = None) -> dict:
    if AuditEvent.objects.filter(action=MARK).exists():
        return {"skipped": True}
    load_shipped()
    now = now or timezone.now()
    today = timezone.localdate(now)
    admin = User.objects.filter(username="admin").first()
    tobacco = User.objects.filter(username="tobacco").first() or admin
    bureau = Unit.objects.filter(code="yczmj").first()
    market = Unit.objects.filter(code="scjgj").first()
    police = Unit.objects.filter(code="gafj").first()
    if admin is None or bureau is None or market is None:
        return {"cases": 0}
    rng = random.Random("demo-cases")
    types = {t.code: t for t in CaseType.objects.all()}
    start = today - dt.timedelta(days=364)

    def day(fraction: float) -> dt.date:
        return start + dt.timedelta(days=min(int(363 * fraction), 363))

    ops = [
        save_operation(
            tobacco, name=name, starts_on=day(f), ends_on=day(f) + dt.timedelta(days=4),
            people=rng.randint(40, 120), vehicles=rng.randint(12, 40), unit=bureau,
        )
        for name, f in OPERATIONS
    ]  # fmt: skip
    retailers = list(
        Site.objects.filter(kind__code="tobacco_retailer", status="open").order_by("code")[:400]
    )
    sellers = list(Site.objects.filter(kind__code="unlicensed_seller").order_by("code")[:60])
    workshops = list(Site.objects.filter(kind__code="food_workshop").order_by("code")[:60])
    restaurants = list(Site.objects.filter(kind__code="small_restaurant").order_by("code")[:200])
    made = []

    def file(actor, unit, code, f, *, site=None, goods=(), value, **extra):
        filed = day(f)
        data = CaseInput(
            case_type=types[code], value=value, found_on=filed, filed_on=filed, site=site,
            goods=[Goods(*g) for g in goods], handling_unit=unit, officers=[actor],
            operation=next((o for o in ops if o.starts_on <= filed <= o.ends_on), None),
            **extra,
        )  # fmt: skip
        case = file_case(actor, data, now=_at(filed))
        made.append(case)
        return case

    def settle(case, actor, fine: int, stop: str = "closed"):
        """Investigated, decided, paid, executed and closed, as far as the days (and `stop`)
        allow."""
        when = case.filed_on + dt.timedelta(days=10)
        if when >= today:
            return
        n = _at(when)
        states.advance(actor, case.pk, "investigated", now=n)
        if stop == "investigated":
            return
        states.advance(actor, case.pk, "decided", on=when, fine=fine, now=n)
        paid_on = when + dt.timedelta(days=5)
        if paid_on >= today:
            return
        states.record_payment(actor, case.pk, fine, on=paid_on, now=_at(paid_on))
        states.advance(actor, case.pk, "executed", now=_at(paid_on))
        if stop == "closed" and paid_on + dt.timedelta(days=3) < today:
            states.advance(actor, case.pk, "closed", on=paid_on + dt.timedelta(days=3),
                           now=_at(paid_on + dt.timedelta(days=3)))  # fmt: skip

    # Retailers: 非渠道进货 and 售假, most settled; the rechecks done, a few missed.
    for i in range(48):
        f = (i + 0.5) / 48
        cartons = rng.randint(5, 60)
        fake = i % 6 == 0
        case = file(
            tobacco, bureau, "counterfeit_sale" if fake else "off_channel", f,
            site=retailers[(i * 7) % len(retailers)],
            goods=[(rng.choice(BRANDS), cartons, "carton", fake)],
            value=Decimal(cartons * rng.randint(180, 420)) / 10000,
        )  # fmt: skip
        settle(case, tobacco, fine=cartons * 50,
               stop=("investigated", "executed", "closed", "closed")[i % 4])  # fmt: skip
    # Unlicensed sellers (无证经营): handed to market regulation, as the seed's county did.
    for i in range(20):
        f = (i + 0.3) / 20
        cartons = rng.randint(3, 30)
        case = file(
            tobacco, bureau, "unlicensed_retail", f, site=sellers[i % len(sellers)],
            goods=[(rng.choice(BRANDS), cartons, "carton")],
            value=Decimal(cartons * rng.randint(150, 300)) / 10000,
        )  # fmt: skip
        if case.filed_on + dt.timedelta(days=2) < today:
            states.transfer(tobacco, case.pk, "market", receiving_unit=market,
                            on=case.filed_on + dt.timedelta(days=2), now=_at(today))  # fmt: skip
    # On the road (无证运输): two to the police, one on to the court; one major case.
    for i in range(8):
        f = (i + 0.6) / 8
        cases_of = rng.randint(5, 40) if i != 3 else 260
        case = file(
            tobacco, bureau, "unlicensed_transport", f,
            party=f"{rng.choice('王李张刘陈')}某", vehicle=f"浙A{rng.randint(10000, 99999)}",
            place="G60 高速青川收费站", goods=[(rng.choice(BRANDS), cases_of, "case")],
            value=Decimal(cases_of * rng.randint(2500, 3200)) / 10000,
        )  # fmt: skip
        if i in (1, 3) and case.filed_on + dt.timedelta(days=20) < today:
            t = states.transfer(
                tobacco,
                case.pk,
                "police",
                receiving_unit=police,
                on=case.filed_on + dt.timedelta(days=3),
                now=_at(today),
            )
            states.record_outcome(tobacco, t.pk, "detained", 2 if i == 3 else 1, now=_at(today))
            if i == 1:
                court = states.transfer(tobacco, case.pk, "court", now=_at(today))
                states.record_outcome(tobacco, court.pk, "custody", 1, now=_at(today))
        elif i not in (1, 3):
            settle(case, tobacco, fine=cases_of * 800)
    # Food: the market bureau's workshops and restaurants.
    for i in range(24):
        f = (i + 0.2) / 24
        workshop = i % 2 == 0
        case = file(
            admin, market, "unlicensed_workshop" if workshop else "food_safety", f,
            site=(workshops if workshop else restaurants)[i % 40],
            goods=[(rng.choice(FOOD), rng.randint(5, 80), "kg")],
            value=Decimal(rng.randint(2, 40)) / 100,
        )  # fmt: skip
        settle(case, admin, fine=rng.choice([500, 1000, 2000, 5000]))
    # 查一补三: rechecks before the last week done (one in eight missed), the rest open.
    done = 0
    for r in Recheck.objects.filter(due_on__lt=today - dt.timedelta(days=1)).order_by("id"):
        if r.pk % 8 == 0:
            continue
        try:
            record_recheck(tobacco, r.pk, "found" if r.pk % 13 == 0 else "clean",
                           now=_at(r.due_on, 15))  # fmt: skip
            done += 1
        except CaseError:
            pass
    # The office confirms the older licence consequences.
    for c in made[:20]:
        for proposal in c.consequences.all():
            decide_consequence(admin, proposal.pk, proposal.kind != "supply", now=now)
    batch_day = day(0.2)
    record_destruction(
        tobacco, destroyed_on=batch_day, place="青川区人民广场", quantity="38.6",
        quantity_unit="case", value="12.9", witnesses="区市场监管局、公证处", unit=bureau,
        now=now,
    )  # fmt: skip
    for year, boxes in ((today.year - 1, "23501"), (today.year, "24300")):
        save_year_figures(admin, bureau, year, sales_boxes=boxes, per_capita="69.33",
                          box_price="11766")  # fmt: skip
    record(MARK, actor_label="demo", object_type="cases.case",
           data={"cases": len(made), "rechecks_done": done, "operations": len(ops)})  # fmt: skip
    return {"cases": len(made), "rechecks_done": done}
