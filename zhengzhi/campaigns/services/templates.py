"""Campaign templates: the shipped data files (data/templates/*.json) and the office's own
(CampaignTemplate rows); a plan drawn from a template for a period and territory; the campaign
created from that plan once the office has chosen the units; a campaign exported as a template.

A template (see data/templates/river_structures.json):
  key, kind, name, description, goal, leading_group, default_days, categories [ledger codes],
  group [{role, post, unit: {kind, hint|level}}],
  phases [{name, weight, aim}]              dates split the period by weight
  tasks [{title, content, phase (index), due ("phase" | "end"),
          lead {kind: department, hint} | {kind: territory, level},
          supporting [same], reporters ("lead" | "streets" | "communities"),
          measure, figure, milestones [[share of the task's span, share of the target]],
          key_project, report {frequency, cutoffs, weekday, monthday, workdays_only}}]
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import record
from zhengzhi.campaigns.models import (
    Campaign,
    CampaignKind,
    CampaignTemplate,
    Frequency,
    GroupRole,
)
from zhengzhi.campaigns.rules import RuleError, parse_cutoffs
from zhengzhi.campaigns.services.campaigns import (
    CampaignData,
    MemberData,
    PhaseData,
    create_campaign,
    require_manager,
)
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.campaigns.services.tasks import TaskData, amount, create_task
from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "templates"
REPORTERS = ("lead", "streets", "communities")
DUE = ("phase", "end")


# ---- reading and checking ---------------------------------------------------------------------


@cache
def shipped() -> dict[str, dict]:
    out = {}
    for path in sorted(DATA_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        check_template(data)
        out[data["key"]] = data
    return out


def all_templates() -> dict[str, dict]:
    """Shipped templates first, then the office's own, by key."""
    out = dict(shipped())
    for row in CampaignTemplate.objects.order_by("name"):
        out[row.key] = {**row.data, "key": row.key, "office": True}
    return out


def get_template(key: str) -> dict:
    data = all_templates().get(key)
    if data is None:
        raise CampaignError(_("There is no such template."), "not_found", "template")
    return data


def _fail(where: Any, message) -> CampaignError:
    return CampaignError(f"{where}: {message}", "invalid", "template")


def _unit_ref(ref: Any, where: Any) -> None:
    if not isinstance(ref, dict) or ref.get("kind") not in ("department", "territory"):
        raise _fail(where, _("a unit is {kind: department, hint} or {kind: territory, level}."))
    if ref["kind"] == "department" and not str(ref.get("hint", "")).strip():
        raise _fail(where, _("a department needs a hint (part of its name)."))
    if ref["kind"] == "territory" and ref.get("level") not in TerritoryLevel.values:
        raise _fail(where, _("a territory needs a level: district, street or community."))


def check_template(data: Any) -> None:
    """Raises CampaignError naming the first bad part of a template."""
    if not isinstance(data, dict):
        raise _fail(_("Template"), _("it must be a JSON object."))
    for key in ("key", "name", "phases", "tasks"):
        if not data.get(key):
            raise _fail(_("Template"), _("“%(key)s” is missing.") % {"key": key})
    if data.get("kind", "other") not in CampaignKind.values:
        raise _fail(_("Template"), _("unknown kind “%(kind)s”.") % {"kind": data.get("kind")})
    phases = data["phases"]
    if not isinstance(phases, list) or not isinstance(data["tasks"], list):
        raise _fail(_("Template"), _("phases and tasks are lists."))
    for i, phase in enumerate(phases, 1):
        where = _("Phase %(n)s") % {"n": i}
        if not isinstance(phase, dict) or not str(phase.get("name", "")).strip():
            raise _fail(where, _("a phase needs a name."))
        weight = phase.get("weight", 1)
        if not isinstance(weight, int | float) or weight <= 0:
            raise _fail(where, _("the weight is a positive number."))
    for group_row in data.get("group", []):
        if group_row.get("role") not in GroupRole.values:
            raise _fail(_("Leading group"), _("unknown role."))
        if "unit" in group_row:
            _unit_ref(group_row["unit"], _("Leading group"))
    for i, task in enumerate(data["tasks"], 1):
        _check_task_spec(task, len(phases), _("Task %(n)s") % {"n": i})


def _check_task_spec(task: Any, phase_count: int, where: Any) -> None:
    if not isinstance(task, dict) or not str(task.get("title", "")).strip():
        raise _fail(where, _("a task needs a title."))
    phase = task.get("phase", 0)
    if not isinstance(phase, int) or not 0 <= phase < phase_count:
        raise _fail(where, _("its phase is the number of one of the phases, from 0."))
    if task.get("due", "end") not in DUE:
        raise _fail(where, _("due is “phase” or “end”."))
    _unit_ref(task.get("lead"), where)
    for ref in task.get("supporting", []):
        _unit_ref(ref, where)
    if task.get("reporters", "lead") not in REPORTERS:
        raise _fail(where, _("reporters is lead, streets or communities."))
    report = task.get("report", {"frequency": "daily"})
    if report.get("frequency") not in Frequency.values:
        raise _fail(where, _("unknown reporting frequency."))
    try:
        parse_cutoffs(report.get("cutoffs", []))
    except RuleError as exc:
        raise _fail(where, exc.message) from None
    last = 0.0
    for point in task.get("milestones", []):
        ok = isinstance(point, list) and len(point) == 2
        ok = ok and all(isinstance(x, int | float) and 0 <= x <= 1 for x in point)
        if not ok or point[1] < last:
            raise _fail(where, _("milestones are [share of time, share of target], rising."))
        last = point[1]


# ---- the plan ---------------------------------------------------------------------------------


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


def _below(scope_unit: Unit):
    return Unit.objects.filter(path__startswith=scope_unit.path, is_active=True)


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
        _below(scope_unit)
        .filter(kind=UnitKind.TERRITORY, level=ref["level"])
        .order_by("path")
        .first()
    )


def territories(scope_unit: Unit, level: str) -> list[Unit]:
    return list(_below(scope_unit).filter(kind=UnitKind.TERRITORY, level=level).order_by("path"))


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


# ---- writing templates ------------------------------------------------------------------------


def _ref(unit: Unit) -> dict:
    if unit.kind == UnitKind.TERRITORY:
        return {"kind": "territory", "level": unit.level}
    return {"kind": "department", "hint": unit.name}


def export_campaign(campaign: Campaign) -> dict:
    """The campaign as a template: phases by their lengths, tasks with the kind of their lead
    unit, reporters by territory level, milestones as shares of time and target."""
    phases = list(campaign.phases.order_by("order"))
    phase_index = {p.pk: i for i, p in enumerate(phases)}
    streets = {u.pk for u in territories(campaign.scope_unit, TerritoryLevel.STREET)}
    communities = {u.pk for u in territories(campaign.scope_unit, TerritoryLevel.COMMUNITY)}
    tasks = []
    for task in campaign.tasks.select_related("lead_unit").prefetch_related(
        "supporting_units", "assignments", "milestones"
    ):
        units = {a.unit_id for a in task.assignments.all()}
        reporters = "lead"
        if units and units == streets:
            reporters = "streets"
        elif units and units == communities:
            reporters = "communities"
        days = max((task.deadline - campaign.starts_on).days, 1)
        phase_i = phase_index.get(task.phase_id or 0, 0)
        milestones = [
            [round((m.due_on - campaign.starts_on).days / days, 3),
             round(float(m.value / task.target), 3) if task.target else 0]
            for m in task.milestones.all()
        ]  # fmt: skip
        phase_end = phases[phase_i].ends_on if phases else campaign.ends_on
        tasks.append(
            {
                "title": task.title,
                "content": task.content,
                "phase": phase_i,
                "due": "phase" if task.deadline == phase_end != campaign.ends_on else "end",
                "lead": _ref(task.lead_unit),
                "supporting": [_ref(u) for u in task.supporting_units.all()],
                "reporters": reporters,
                "measure": task.measure,
                "figure": task.figure_label,
                "milestones": milestones,
                "key_project": task.is_key_project,
                "report": {
                    "frequency": task.frequency,
                    "cutoffs": task.cutoffs,
                    "weekday": task.report_weekday,
                    "monthday": task.report_monthday,
                    "workdays_only": task.workdays_only,
                },
            }
        )
    group = []
    for m in campaign.group.select_related("unit"):
        row: dict[str, Any] = {"role": m.role, "post": m.post}
        if m.unit is not None:
            row["unit"] = _ref(m.unit)
        group.append(row)
    data = {
        "key": slugify(f"office-{campaign.pk}-{campaign.kind}"),
        "kind": campaign.kind,
        "name": campaign.name,
        "description": campaign.goal[:200],
        "goal": campaign.goal,
        "leading_group": campaign.leading_group,
        "default_days": (campaign.ends_on - campaign.starts_on).days + 1,
        "categories": sorted(campaign.categories.values_list("code", flat=True)),
        "group": group,
        "phases": [
            {"name": p.name, "weight": (p.ends_on - p.starts_on).days + 1, "aim": p.aim}
            for p in phases
        ],
        "tasks": tasks,
    }
    check_template(data)
    return data


@transaction.atomic
def save_template(data: Any, *, actor, request=None) -> CampaignTemplate:
    """An office's own template, new or replacing its earlier version of the same key."""
    require_manager(actor)
    check_template(data)
    key = slugify(str(data["key"]))[:60]
    if not key or key in shipped():
        raise CampaignError(
            _("Give the template a key of its own (a shipped template keeps its key)."),
            "invalid",
            "template",
        )
    data = {**data, "key": key}
    row, created = CampaignTemplate.objects.update_or_create(
        key=key,
        defaults={
            "name": str(data["name"])[:120],
            "data": data,
            "office_unit": actor.unit or Unit.objects.filter(kind=UnitKind.OFFICE).first(),
            "created_by": actor,
        },
    )
    record(
        "campaign.template.save",
        actor=actor,
        obj=row,
        request=request,
        data={"key": key, "created": created, "tasks": len(data["tasks"])},
    )
    return row
