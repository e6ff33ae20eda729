"""Campaign templates: the shipped data files (data/templates/*.json) and the office's own
(CampaignTemplate rows), checked; a campaign exported as a template. Drawing a plan from a
template and creating the campaign from it: plans.py.

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

import json
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
    require_manager,
)
from zhengzhi.campaigns.services.errors import CampaignError
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


# ---- units of a territory ----------------------------------------------------------------------


def units_below(scope_unit: Unit):
    return Unit.objects.filter(path__startswith=scope_unit.path, is_active=True)


def territories(scope_unit: Unit, level: str) -> list[Unit]:
    return list(
        units_below(scope_unit).filter(kind=UnitKind.TERRITORY, level=level).order_by("path")
    )


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
