"""Plans and answers for the tests, through the services."""

from __future__ import annotations

import datetime as dt

from zhengzhi.inspections.models import PlanKind
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.services.submission import Given


def plan(actor, checklists, *, kind=PlanKind.OPEN, units=(), sample=None, seed=None, team=()):
    return plans.create_plan(
        plans.PlanInput(
            name=f"{kind} plan",
            kind=kind,
            starts_on=dt.date(2026, 6, 1),
            ends_on=dt.date(2026, 6, 30),
            checklist_ids=[c.pk for c in checklists],
            unit_ids=[u.pk for u in units],
            grid_ids=[],
            site_kind_ids=[],
            segment_ids=[],
            team_ids=[u.pk for u in team],
            windows=["day"],
            sample_size=sample,
            seed=seed,
        ),
        actor=actor,
    )


def all_pass(version, **failures):
    """Every item passed, but those given: {code: Given(...)}."""
    out = {}
    for item in version.items.all():
        out[item.code] = failures.get(item.code) or Given(result="pass")
    return out
