"""Demo campaigns for seed_demo: a river-zone demolition over the district and the street's
hundred-day urban management assault, made from their templates, started 30 days ago, with
reports for every slot since (a few late, a few missing, one corrected) and some of the demo
ledger's problems assigned to them. Safe to run again: an existing demo campaign is kept."""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_FLOOR, Decimal

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from zhengzhi.audit.services import record_many
from zhengzhi.campaigns.models import (
    Assignment,
    Campaign,
    CampaignProblem,
    CampaignStatus,
    ProgressReport,
)
from zhengzhi.campaigns.rules import Rule, slots_between
from zhengzhi.campaigns.services.campaigns import set_status
from zhengzhi.campaigns.services.plans import create_from_plan, draw_plan
from zhengzhi.campaigns.services.pledges import draw_up_pledges
from zhengzhi.campaigns.services.templates import shipped
from zhengzhi.workcal.calendar import WorkCalendar

DAYS_AGO = 30
SEED = "demo"  # in the audit events of seeded reports
CENTS = Decimal("0.01")
# template key: (name, days, scope ("district" | "street"), targets by task, problem categories)
DEMOS = {
    "river_structures": (
        "青川区河道管理范围违建拆除攻坚行动",
        61,
        "district",
        [60, 45, 6, 30, 24],
        ("0502", "0501"),
    ),
    "urban_assault": (
        "东湖街道城市管理“百日攻坚”十大专项行动",
        100,
        "street",
        [400, 120, 600, 24, 80, 60, 300, 40, 30, 90],
        ("0401", "0402", "0403", "0404", "0201", "0101", "0102"),
    ),
}


@transaction.atomic
def build_demo_campaigns(org: dict, *, days_ago: int = DAYS_AGO, seed: int = 6) -> dict:
    admin = org["users"]["admin"]
    today = timezone.localdate()
    made, reports = 0, 0
    rng = random.Random(seed)
    for key, (name, days, scope, targets, codes) in DEMOS.items():
        if Campaign.objects.filter(name=name).exists():
            continue
        start = today - dt.timedelta(days=days_ago)
        scope_unit = org["district"] if scope == "district" else org["streets"][0]
        plan = draw_plan(
            shipped()[key],
            name=name,
            starts_on=start,
            ends_on=start + dt.timedelta(days=days - 1),
            scope_unit=scope_unit,
            office_unit=org["office"],
        )
        for tp, target in zip(plan.tasks, targets, strict=False):
            tp.target = Decimal(target)
        campaign = create_from_plan(plan, actor=admin)
        set_status(campaign.pk, CampaignStatus.ACTIVE, actor=admin)
        _backdate(campaign, start)
        draw_up_pledges(campaign.pk, actor=admin)
        reports += _reports(campaign, admin, rng)
        _assign_problems(campaign, codes, rng)
        made += 1
    return {"campaigns": made, "reports": reports}


def _backdate(campaign: Campaign, start: dt.date) -> None:
    """As if planned the day before and set under way at the start of its first day: its slots
    count from then on (rules.counting_from), so its missing reports are those of 30 days."""
    tz = timezone.get_current_timezone()
    planned = timezone.make_aware(dt.datetime.combine(start - dt.timedelta(days=1), dt.time(9)), tz)
    started = timezone.make_aware(dt.datetime.combine(start, dt.time()), tz)
    Campaign.objects.filter(pk=campaign.pk).update(created_at=planned, started_at=started)
    campaign.tasks.update(created_at=planned)
    campaign.refresh_from_db()


def _reports(campaign: Campaign, actor, rng: random.Random) -> int:
    """Reports for every slot from the start until now: units work at their own pace."""
    now = timezone.now()
    cal = WorkCalendar.load()
    today = timezone.localdate()
    rows = []
    assignments = Prefetch("assignments", queryset=Assignment.objects.select_related("unit"))
    tasks = list(campaign.tasks.prefetch_related(assignments))
    reporters = _reporters({a.unit_id for t in tasks for a in t.assignments.all()})
    for task in tasks:
        rule = Rule.of(task)
        slots = [
            s for s in slots_between(rule, campaign.starts_on, today, cal)
            if s.cutoff_at <= now and s.period >= campaign.starts_on
        ]  # fmt: skip
        span_days = max((task.deadline - campaign.starts_on).days + 1, 1)
        per_day = Decimal(rule.slots_per_period or 1)
        days_per_period = {"weekly": 7, "tenday": 10, "monthly": 30, "quarterly": 91}
        if task.frequency in days_per_period:
            per_day = Decimal(1) / days_per_period[task.frequency]
        for a in task.assignments.all():
            pace = Decimal(str(rng.choice([0.55, 0.8, 0.95, 1.05, 1.2, 1.35])))
            rate = a.target / span_days / per_day * pace if a.target else Decimal(0)
            done = Decimal(0)
            for slot in slots:
                if rng.random() < 0.06:  # missing
                    continue
                figure = max(Decimal(0), rate * Decimal(str(rng.uniform(0.2, 1.8))))
                if not task.countable:  # 公里, 吨, 亩...
                    figure = figure.quantize(Decimal("0.1"))
                else:  # whole structures: round at random so small rates still add up
                    figure = Decimal(int(figure + Decimal(str(rng.random()))))
                # At most 10 % over the unit's target; whole for whole things (3 × 1.1 = 3.3
                # would leave 0.3 个).
                cap = max(a.target * Decimal("1.1") - done, Decimal(0))
                if task.countable:
                    cap = cap.to_integral_value(ROUND_FLOOR)
                figure = min(figure, cap)
                done += figure
                late = rng.random() < 0.08
                submitted = slot.cutoff_at + (
                    dt.timedelta(minutes=rng.randint(5, 90)) if late
                    else -dt.timedelta(minutes=rng.randint(10, 180))
                )  # fmt: skip
                rows.append(
                    ProgressReport(
                        assignment=a, campaign=campaign, task=task, unit=a.unit,
                        period=slot.period, slot=slot.index, cutoff_at=slot.cutoff_at,
                        figure=figure, text="", submitted_at=min(submitted, now),
                        submitted_by=reporters.get(a.unit_id, actor), late=late,
                    )
                )  # fmt: skip
    ProgressReport.objects.bulk_create(rows, batch_size=1000)
    # Every change is in the audit log: one event per report, as submit_report writes it, and
    # the seeding says so. Written in bulk like the reports (one event at a time took longer
    # than the reports themselves).
    events = [_submit_event(r, r.submitted_by) for r in rows]
    # One correction, as a unit would make it: the old row kept, no longer current.
    first = ProgressReport.objects.filter(campaign=campaign, figure__gt=1).order_by("pk").first()
    if first is not None:
        first.is_current = False
        first.save(update_fields=["is_current"])
        fixed = ProgressReport.objects.create(
            assignment_id=first.assignment_id, campaign=campaign, task_id=first.task_id,
            unit_id=first.unit_id, period=first.period, slot=first.slot,
            cutoff_at=first.cutoff_at, figure=first.figure - 1, text="核减重复统计1处",
            submitted_at=first.submitted_at + dt.timedelta(hours=2),
            submitted_by=first.submitted_by,
            late=first.late, replaces=first, reason="重复统计",
        )  # fmt: skip
        events.append(
            {
                "action": "campaign.report.correct",
                "actor": fixed.submitted_by,
                "obj": fixed,
                "unit_id": fixed.unit_id,
                "data": {
                    "replaces": first.pk,
                    "figure": [str(first.figure), str(fixed.figure.quantize(CENTS))],
                    "reason": fixed.reason,
                    "photos": [],
                    "seed": SEED,
                    "submitted_at": timezone.localtime(fixed.submitted_at).isoformat(),
                },
            }
        )
    record_many(events)
    return len(rows) + 1


def _reporters(unit_ids: set[int]) -> dict:
    """Who reports for each unit: its handler (grid worker), else its leader; the office
    reports for a unit that has neither."""
    from zhengzhi.accounts.models import User
    from zhengzhi.core.roles import Role

    out: dict = {}
    users = (
        User.objects.filter(
            unit_id__in=unit_ids, is_active=True, roles__role__in=[Role.HANDLER, Role.UNIT_LEADER]
        )
        .order_by("username")
        .prefetch_related("roles")
    )
    for user in users:
        best = out.get(user.unit_id)
        if best is None or (Role.HANDLER in user.role_set and Role.HANDLER not in best.role_set):
            out[user.unit_id] = user
    return out


def _submit_event(report: ProgressReport, actor) -> dict:
    """The event submit_report records, plus what makes it truthful for seeded data: it was
    written by the demo seeding (now), for a report dated submitted_at."""
    return {
        "action": "campaign.report.submit",
        "actor": actor,
        "obj": report,
        "unit_id": report.unit_id,
        "data": {
            "task": report.task_id,
            "period": report.period.isoformat(),
            "slot": report.slot,
            "figure": str(report.figure.quantize(CENTS)),  # as the service's amount() gives it
            "late": report.late,
            "photos": [],
            "seed": SEED,
            "submitted_at": timezone.localtime(report.submitted_at).isoformat(),
        },
    }


def _assign_problems(campaign: Campaign, codes, rng: random.Random) -> int:
    from zhengzhi.ledger.models import Problem

    path = campaign.scope_unit.path  # only problems found within the campaign's territory
    ids = list(
        Problem.objects.filter(
            Q(community__path__startswith=path) | Q(street__path__startswith=path),
            campaign_link__isnull=True,
            category__code__in=codes,
            reported_at__date__gte=campaign.starts_on,
        ).values_list("pk", flat=True)[:400]
    )
    chosen = [pk for pk in ids if rng.random() < 0.7]
    links = [CampaignProblem(problem_id=pk, campaign=campaign) for pk in chosen]
    return len(CampaignProblem.objects.bulk_create(links, batch_size=500))
