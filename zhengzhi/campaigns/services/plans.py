"""A plan drawn from a template for a period and a territory (phases dated by weight, tasks with
suggested lead and reporting units, targets split, milestone lines), and the campaign created
from that plan once the office has chosen the units. The templates themselves: templates.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import record
from zhengzhi.campaigns.models import Campaign, CampaignKind, Frequency
from zhengzhi.campaigns.services.campaigns import (
    CampaignData,
    MemberData,
    PhaseData,
    create_campaign,
    require_manager,
)
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.campaigns.services.tasks import TaskData, amount, create_task
from zhengzhi.campaigns.services.templates import territories, units_below
from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind


@dataclass
class TaskPlan:
    index: int
    spec: dict
    phase_index: int
    deadline: dt.date
    lead_unit: Unit | None
    supporting: list[Unit]
    reporters: list[Unit]
    target: Decimal = Decimal(0)
    include: bool = True

    @property
    def title(self) -> str:
        return self.spec["title"]


@dataclass
class Plan:
    template: dict
    name: str
    starts_on: dt.date
    ends_on: dt.date
    scope_unit: Unit
    office_unit: Unit
    phases: list[PhaseData] = field(default_factory=list)
    tasks: list[TaskPlan] = field(default_factory=list)


def split_phases(phases: list[dict], starts_on: dt.date, ends_on: dt.date) -> list[PhaseData]:
    """Consecutive phases over the period, in proportion to their weights; each at least a day
    while the period has days enough."""
    days = (ends_on - starts_on).days + 1
    weights = [float(p.get("weight", 1)) for p in phases]
    total = sum(weights)
    out, start_offset, cumulative = [], 0, 0.0
    for i, (phase, weight) in enumerate(zip(phases, weights, strict=True)):
        cumulative += weight
        remaining = len(phases) - i - 1
        end_offset = days - 1 if remaining == 0 else round(days * cumulative / total) - 1
        end_offset = max(end_offset, min(start_offset, days - 1))
        end_offset = min(end_offset, max(days - 1 - remaining, start_offset))
        out.append(
            PhaseData(
                name=phase["name"],
                starts_on=starts_on + dt.timedelta(days=min(start_offset, days - 1)),
                ends_on=starts_on + dt.timedelta(days=end_offset),
                aim=phase.get("aim", ""),
            )
        )
        start_offset = end_offset + 1
    return out


def resolve(ref: dict, scope_unit: Unit) -> Unit | None:
    if ref["kind"] == "department":
        return (
            Unit.objects.filter(
                kind=UnitKind.DEPARTMENT, is_active=True, name__contains=ref["hint"]
            )
            .order_by("path")
            .first()
        )
    if scope_unit.kind == UnitKind.TERRITORY and scope_unit.level == ref["level"]:
        return scope_unit
    return (
        units_below(scope_unit)
        .filter(kind=UnitKind.TERRITORY, level=ref["level"])
        .order_by("path")
        .first()
    )


def draw_plan(
    data: dict,
    *,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    scope_unit: Unit,
    office_unit: Unit,
) -> Plan:
    """The template laid over a period and territory, with the units it suggests."""
    phases = split_phases(data["phases"], starts_on, ends_on)
    plan = Plan(data, name, starts_on, ends_on, scope_unit, office_unit, phases)
    streets = territories(scope_unit, TerritoryLevel.STREET)
    communities = territories(scope_unit, TerritoryLevel.COMMUNITY)
    for i, spec in enumerate(data["tasks"]):
        phase_index = spec.get("phase", 0)
        deadline = phases[phase_index].ends_on if spec.get("due") == "phase" else ends_on
        lead = resolve(spec["lead"], scope_unit)
        supporting = [u for ref in spec.get("supporting", []) if (u := resolve(ref, scope_unit))]
        kind = spec.get("reporters", "lead")
        reporters = {"streets": streets, "communities": communities}.get(kind) or []
        if not reporters and lead is not None:
            reporters = [lead]
        plan.tasks.append(
            TaskPlan(i, spec, phase_index, deadline, lead, supporting, list(reporters))
        )
    return plan


def split_target(target: Decimal, count: int) -> list[Decimal]:
    """Even shares; whole numbers when the target is whole, the remainder to the first units."""
    if count <= 0:
        return []
    whole = target == target.to_integral_value()
    unit = Decimal(1) if whole else Decimal("0.01")
    share = (target / count).quantize(unit, rounding=ROUND_FLOOR)
    shares = [share] * count
    rest = target - share * count
    i = 0
    while rest >= unit and count:
        shares[i % count] += unit
        rest -= unit
        i += 1
    return shares


def milestone_points(
    spec: dict, starts_on: dt.date, deadline: dt.date, target: Decimal
) -> list[tuple[dt.date, Decimal]]:
    days = (deadline - starts_on).days
    whole = target == target.to_integral_value()
    out: dict[dt.date, Decimal] = {}
    for time_share, target_share in spec.get("milestones", []):
        day = starts_on + dt.timedelta(days=round(days * time_share))
        value = target * Decimal(str(target_share))
        value = value.quantize(Decimal(1) if whole else Decimal("0.01"))
        if day < deadline and value > 0:
            out[day] = value
    return sorted(out.items())


def _report_fields(spec: dict) -> dict:
    report = spec.get("report", {"frequency": "daily", "cutoffs": ["16:00"]})
    return {
        "frequency": report.get("frequency", Frequency.DAILY),
        "cutoffs": list(report.get("cutoffs", [])),
        "report_weekday": int(report.get("weekday", 4)),
        "report_monthday": int(report.get("monthday", 25)),
        "workdays_only": bool(report.get("workdays_only", False)),
    }


@transaction.atomic
def create_from_plan(plan: Plan, *, actor, request=None) -> Campaign:
    """The campaign, its phases, group and the included tasks with their units and targets."""
    require_manager(actor)
    data = plan.template
    members = []
    for row in data.get("group", []):
        unit = resolve(row["unit"], plan.scope_unit) if "unit" in row else None
        members.append(
            MemberData(
                role=row["role"],
                person=row.get("person", ""),
                post=row.get("post", "") or ("" if unit else row.get("unit", {}).get("hint", "")),
                unit_id=unit.pk if unit else None,
            )
        )
    members = [m for m in members if m.person or m.post or m.unit_id]
    campaign = create_campaign(
        CampaignData(
            name=plan.name,
            kind=data.get("kind", CampaignKind.OTHER),
            scope_unit=plan.scope_unit,
            office_unit=plan.office_unit,
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            goal=data.get("goal", ""),
            leading_group=data.get("leading_group", ""),
            template_key=data["key"],
            category_codes=[c for c in data.get("categories", []) if _category_exists(c)],
            phases=plan.phases,
            members=members,
        ),
        actor=actor,
        request=request,
    )
    phase_ids = list(campaign.phases.order_by("order").values_list("pk", flat=True))
    for tp in plan.tasks:
        if not tp.include:
            continue
        where = _("Task “%(title)s”") % {"title": tp.title}
        if tp.lead_unit is None:
            raise CampaignError(f"{where}: {_('choose the lead unit.')}", "invalid", "tasks")
        if not tp.reporters and tp.spec.get("reporters", "lead") == "lead":
            tp.reporters = [tp.lead_unit]
        if not tp.reporters:
            raise CampaignError(
                f"{where}: {_('choose the units that report.')}", "invalid", "tasks"
            )
        target = amount(tp.target, _("The target"))
        spec = tp.spec
        create_task(
            campaign.pk,
            TaskData(
                title=spec["title"],
                content=spec.get("content", ""),
                phase_id=phase_ids[tp.phase_index],
                lead_unit=tp.lead_unit,
                supporting_unit_ids=[u.pk for u in tp.supporting],
                deadline=tp.deadline,
                target=target,
                measure=spec.get("measure", ""),
                figure_label=spec.get("figure", ""),
                is_key_project=bool(spec.get("key_project", False)),
                schedule=_("By %(date)s") % {"date": tp.deadline.isoformat()},
                assignments=list(
                    zip(tp.reporters, split_target(target, len(tp.reporters)), strict=True)
                ),
                milestones=milestone_points(spec, plan.starts_on, tp.deadline, target),
                **_report_fields(spec),
            ),
            actor=actor,
            request=request,
        )
    record(
        "campaign.from_template",
        actor=actor,
        obj=campaign,
        request=request,
        data={"template": data["key"], "tasks": sum(t.include for t in plan.tasks)},
    )
    return campaign


def _category_exists(code: str) -> bool:
    from zhengzhi.ledger.models import Category

    return Category.objects.filter(code=code).exists()
