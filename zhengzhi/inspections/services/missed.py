"""Missed problems (seed 004: "凡市创建办在日巡查中发现的问题而当值考评人员未能发现的，对当天主持
考评的负责人扣100元，考评人员每人扣50元"): a failure found at a place by a later visit flags
each earlier visit that, within the rule's window, marked the same checklist item — or an item
tied to the same standard checkpoint — as passed there. The flag keeps the fines it proposes
(the day's lead assessor and each assessor, amounts from the rule); supervision decides."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from zhengzhi.inspections.models import Answer, MissedProblem, Result, RuleKind, Visit, VisitStatus


def _team(visit: Visit) -> tuple[object | None, list]:
    """The day's lead assessor (the plan's creator, who runs the day's assessment) and its
    assessors (the inspectors of the plan's visits that day)."""
    if visit.plan_id is None:
        return None, [visit.inspector] if visit.inspector else []
    assert visit.plan is not None
    lead = visit.plan.created_by
    people = {
        v.inspector_id: v.inspector
        for v in Visit.objects.filter(
            plan_id=visit.plan_id, due_on=visit.due_on, inspector__isnull=False
        )
        .select_related("inspector")
        .order_by("inspector_id")
    }
    if visit.inspector is not None:
        people.setdefault(visit.inspector_id, visit.inspector)
    return lead, [u for uid, u in sorted(people.items()) if lead is None or uid != lead.pk]


def fines_for(visit: Visit, rule) -> list[dict]:
    lead, assessors = _team(visit)
    out = []
    if lead is not None and rule.lead_fine is not None:
        out.append(_fine(lead, "lead", rule.lead_fine))
    if rule.assessor_fine is not None:
        out.extend(_fine(u, "assessor", rule.assessor_fine) for u in assessors)
    return out


def _fine(user, role: str, amount) -> dict:
    name = getattr(user, "full_name", "") or user.get_username()
    return {"user": user.pk, "name": name, "role": role, "amount": f"{Decimal(amount):.2f}"}


def flag_missed(now: dt.datetime) -> int:
    """Flags, for the failures of the visits submitted within the window before `now`, the
    earlier passes they contradict. Runs in the caller's transaction; twice flags nothing
    new (one flag per pair of answers, a unique constraint)."""
    from zhengzhi.inspections.services.followups import rules

    rule = rules()[RuleKind.MISSED]
    if not rule.is_active or rule.days == 0:
        return 0
    window = dt.timedelta(days=rule.days)
    failures = list(
        Answer.objects.filter(
            result=Result.FAIL,
            visit__status=VisitStatus.SUBMITTED,
            visit__submitted_at__gte=now - window,
            visit__submitted_at__lte=now,
        )
        .filter(Q(visit__site__isnull=False) | Q(visit__segment__isnull=False))
        .select_related("visit", "item__version")
        .order_by("id")
    )
    made = 0
    for later in failures:
        v = later.visit
        assert v.submitted_at is not None
        place = Q(visit__site_id=v.site_id) if v.site_id else Q(visit__segment_id=v.segment_id)
        same = Q(
            item__version__checklist_id=later.item.version.checklist_id, item__code=later.item.code
        )
        if later.item.checkpoint_id:
            same |= Q(item__checkpoint_id=later.item.checkpoint_id)
        earlier = (
            Answer.objects.filter(place, same, result=Result.PASS)
            .filter(
                visit__status=VisitStatus.SUBMITTED,
                visit__submitted_at__lt=v.submitted_at,
                visit__submitted_at__gte=v.submitted_at - window,
            )
            .exclude(visit_id=v.pk)
            .exclude(pk__in=MissedProblem.objects.filter(later=later).values("earlier"))
            .select_related("visit__plan__created_by", "visit__inspector")
        )
        for passed in earlier:
            MissedProblem.objects.create(
                earlier=passed,
                earlier_visit=passed.visit,
                later=later,
                unit_id=passed.visit.unit_id,
                window_days=rule.days,
                fines=fines_for(passed.visit, rule),
                flagged_at=now,
            )
            made += 1
    return made
