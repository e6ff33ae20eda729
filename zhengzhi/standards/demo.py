"""The demo's sanitary-city campaign and its standard, for seed_demo: the 2021 standard copied as
the district's local rules with the 2014 prerequisites copied in (unconfirmed), lead departments,
the office's bases, and two years of confirmed values (three for the green figures, so that a
projection shows) in which some prerequisites fail. Safe to run again: kept if there."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhengzhi.audit.services import record
from zhengzhi.campaigns.models import Campaign, CampaignStatus
from zhengzhi.campaigns.services.campaigns import set_status
from zhengzhi.campaigns.services.plans import create_from_plan, draw_plan
from zhengzhi.campaigns.services.problems import link_problem
from zhengzhi.campaigns.services.templates import shipped
from zhengzhi.ledger.models import Category as ProblemCategory
from zhengzhi.ledger.models import Problem
from zhengzhi.standards import facts
from zhengzhi.standards.models import (
    Base,
    CampaignStandard,
    Indicator,
    Item,
    Measure,
    StandardVersion,
    ValueSource,
)
from zhengzhi.standards.services import editing, values
from zhengzhi.standards.services.loading import load_standards

NAME = "青川区创建国家卫生城市行动"
LOCAL = "qc-2021-local"
# The departments (demo unit codes) that lead the measures with demo values.
LEADS = {
    "zjj": ["green_coverage", "park_area_per_capita", "sewage_treatment", "sewage_collection"],
    "cgj": [
        "waste_harmless_rate",
        "refuse_closed_daily",
        "main_street_cleaning_hours",
        "general_street_cleaning_hours",
        "mechanised_sweeping_2014",
        "road_lighting_2014",
        "no_tobacco_ads",
    ],
    "sthjj": ["aqi_good_days", "environment_accidents_3y", "noise_mean"],
    "scjgj": ["food_accidents_3y", "food_risk_grading", "catering_grading_rate"],
    "wjj": [
        "rat_density_grade",
        "mosquito_density_grade",
        "fly_density_grade",
        "cockroach_density_grade",
        "fly_rat_facilities",
        "fly_rat_facilities_2014",
        "infant_mortality",
        "under5_mortality",
        "maternal_mortality",
        "life_expectancy",
        "vaccination_rate",
        "vaccination_card_rate",
        "mental_disorder_management",
        "myopia_rate",
        "notifiable_disease_incidence",
        "lab_biosafety_accidents_3y",
        "no_outbreak_poor_control",
        "occupational_accidents_3y",
    ],
    "office": ["patriotic_health_rules", "patriotic_health_office"],
}
# code: (two years ago, last year) — or three values (three years ago first).
VALUES = {
    "green_coverage": ("31.6", "33.1", "34.6"),  # fails 36 %
    "park_area_per_capita": ("6.9", "7.4", "7.9"),  # fails 8.5 m²
    "sewage_treatment": ("83.5", "86.2"),
    "waste_harmless_rate": ("92.4", "95.1"),
    "refuse_closed_daily": (True, True),
    "main_street_cleaning_hours": ("16", "16"),
    "general_street_cleaning_hours": ("12", "12"),
    "mechanised_sweeping_2014": ("48", "56"),
    "road_lighting_2014": ("98.6", "100"),
    "no_tobacco_ads": (True, True),
    "aqi_good_days": ("296", "311"),
    "environment_accidents_3y": ("0", "0"),
    "noise_mean": ("55.2", "54.8"),
    "food_accidents_3y": ("0", "0"),
    "food_risk_grading": ("88", "91.5"),
    "catering_grading_rate": ("87", "92"),
    "rat_density_grade": ("C", "C"),
    "mosquito_density_grade": ("C", "B"),
    "fly_density_grade": ("D", "D"),  # fails C
    "cockroach_density_grade": ("C", "C"),
    "fly_rat_facilities": ("91.2", "93.7"),  # fails 95 %
    "fly_rat_facilities_2014": ("91.2", "93.7"),
    "infant_mortality": ("5.9", "5.4"),
    "under5_mortality": ("8.3", "8.3"),  # above 7.8 and not falling
    "maternal_mortality": ("16.2", "15.8"),
    "life_expectancy": ("78.6", "78.9"),
    "vaccination_rate": ("95.3", "96.1"),
    "vaccination_card_rate": ("96.8", "97.2"),
    "mental_disorder_management": ("86.5", "88.0"),
    "myopia_rate": ("52.1", "51.3"),
    "notifiable_disease_incidence": ("210.5", "198.2"),
    "lab_biosafety_accidents_3y": ("0", "0"),
    "no_outbreak_poor_control": (True, True),
    "occupational_accidents_3y": ("0", "0"),
    "patriotic_health_rules": (True, True),
    "patriotic_health_office": (False, True),
}
SATISFACTION = ("82.6", "86.4")  # the years before the platform's own ratings
ITEM_CATEGORIES = {"10": ("04", "02"), "13": ("03",)}  # 2021 clauses → ledger main categories


def _campaign(org: dict, admin) -> Campaign:
    campaign = Campaign.objects.filter(name=NAME).first()
    if campaign is not None:
        return campaign
    today = timezone.localdate()
    start = today - dt.timedelta(days=60)
    plan = draw_plan(
        shipped()["sanitary_city"],
        name=NAME,
        starts_on=start,
        ends_on=start + dt.timedelta(days=364),
        scope_unit=org["district"],
        office_unit=org["office"],
    )
    campaign = create_from_plan(plan, actor=admin)
    set_status(campaign.pk, CampaignStatus.ACTIVE, actor=admin)
    # Problems of its kinds found since it began, not yet in another campaign, are its own.
    path = campaign.scope_unit.path  # within its territory
    found = Problem.objects.filter(
        Q(community__path__startswith=path) | Q(street__path__startswith=path),
        campaign_link__isnull=True,
        category__code__in=plan.template.get("categories", []),
        reported_at__date__gte=start,
    ).order_by("pk")
    for problem in found[:150]:
        link_problem(problem, campaign.pk)
    return campaign


def _local(admin) -> StandardVersion:
    local = StandardVersion.objects.filter(code=LOCAL).first()
    if local is not None:
        return local
    local = editing.copy_version(
        admin,
        StandardVersion.objects.get(code="gwcs-2021"),
        code=LOCAL,
        name="青川区创卫细则（2021版标准，含2014版必备条件）",
    )
    editing.copy_prerequisites(admin, StandardVersion.objects.get(code="gwcs-2014"), local)
    # The office's local reading: the green conditions in absolute terms.
    for code, base, label in (
        ("green_coverage", Base.BUILT_UP_AREA, "绿化覆盖面积"),
        ("park_area_per_capita", Base.POPULATION, "公园绿地"),
    ):
        for ind in Indicator.objects.filter(standard=local, measure__code=code, in_table=False):
            editing.update_indicator(
                admin,
                ind.pk,
                rule=ind.rule,
                target=ind.target,
                confirmed=ind.confirmed,
                base=base,
                absolute_label=label,
                absolute_unit="m²",
            )
    return local


def _values(org: dict, admin, now: dt.datetime) -> int:
    units = {**org["departments"], "office": org["office"]}
    year = timezone.localdate(now).year
    made = 0
    for code, lead in ((c, u) for u, codes in LEADS.items() for c in codes):
        measure = Measure.objects.filter(code=code).first()
        if measure is None:
            continue
        if measure.lead_department_id is None:
            editing.update_measure(
                admin, measure.pk, lead_department=units[lead], frequency=measure.frequency
            )
        series = VALUES.get(code, ())
        for offset, raw in enumerate(reversed(series), start=1):
            period = dt.date(year - offset, 1, 1)
            if measure.values.filter(unit=units[lead], period=period).exists():
                continue
            value = values.enter_value(admin, measure, units[lead], period, raw, now=now)
            values.confirm_value(admin, value.pk, now=now)
            made += 1
    satisfaction = Measure.objects.get(code="satisfaction_rate")
    for offset, rate in enumerate(reversed(SATISFACTION), start=1):
        values.record_fact(
            satisfaction,
            org["office"],
            dt.date(year - offset, 1, 1),
            Decimal(rate),
            ValueSource.SATISFACTION,
            actor=admin,
            note="演示数据：往年满意度测评",
            now=now,
        )
    facts.fill_satisfaction(year, org["office"], actor=admin)
    return made


@transaction.atomic
def build_demo_standards(org: dict, *, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    admin = org["users"]["admin"]
    load_standards(actor=admin)
    campaign = _campaign(org, admin)
    local = _local(admin)
    for number, codes in ITEM_CATEGORIES.items():
        item = Item.objects.get(category__standard=local, code=number)
        if not item.problem_categories.exists():
            item.problem_categories.set(ProblemCategory.objects.filter(code__in=codes))
    if not CampaignStandard.objects.filter(campaign=campaign).exists():
        editing.set_campaign_standard(
            admin,
            campaign,
            standard=local,
            review_date=campaign.ends_on,
            built_up_area=Decimal("29.18"),
            population=287500,
        )
    made = _values(org, admin, now)
    record("demo.standards", actor=admin, obj=campaign, data={"values": made})
    return {"campaign": campaign.pk, "values": made}
