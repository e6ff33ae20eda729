"""Missed problems (seed 004: "凡市创建办在日巡查中发现的问题而当值考评人员未能发现的，对当天主持
考评的负责人扣100元，考评人员每人扣50元"): a failure found at a place by a later visit flags
each earlier visit that, within the rule's window, marked the same checklist item — or an item
tied to the same standard checkpoint — as passed there. The flag keeps the fines it proposes
(the day's lead assessor and each assessor, amounts from the rule); supervision decides."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
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
    new (one flag per pair of answers, a unique constraint). Three reads whatever the number
    of failures: the failures, the passes at their places (by item or checkpoint), the flags
    already made; the teams of the visits flagged once per plan and day."""
    from zhengzhi.inspections.services.followups import rules

    rule = rules()[RuleKind.MISSED]
    if not rule.is_active or rule.days == 0:
        return 0
    window = dt.timedelta(days=rule.days)
    cols = (
        "id",
        "visit_id",
        "visit__site_id",
        "visit__segment_id",
        "visit__submitted_at",
        "item__version__checklist_id",
        "item__code",
        "item__checkpoint_id",
    )
    done = Q(visit__status=VisitStatus.SUBMITTED)
    placed = Q(visit__site__isnull=False) | Q(visit__segment__isnull=False)
    failures = list(
        Answer.objects.filter(done, placed, result=Result.FAIL)
        .filter(visit__submitted_at__gte=now - window, visit__submitted_at__lte=now)
        .values_list(*cols)
        .order_by("id")
    )
    if not failures:
        return 0
    sites = {f[2] for f in failures if f[2]}
    segments = {f[3] for f in failures if f[3] and not f[2]}
    codes = {f[6] for f in failures}
    checkpoints = {f[7] for f in failures if f[7]}
    passes = (
        Answer.objects.filter(done, result=Result.PASS)
        .filter(visit__submitted_at__gte=now - 2 * window, visit__submitted_at__lt=now)
        .filter(Q(visit__site_id__in=sites) | Q(visit__segment_id__in=segments))
        .filter(Q(item__code__in=codes) | Q(item__checkpoint_id__in=checkpoints))
        .values_list(*cols, "visit__unit_id")
    )
    by_item: dict[tuple, list] = defaultdict(list)
    by_checkpoint: dict[tuple, list] = defaultdict(list)
    for row in passes:
        place = ("site", row[2]) if row[2] else ("segment", row[3])
        by_item[(place, row[5], row[6])].append(row)
        if row[7]:
            by_checkpoint[(place, row[7])].append(row)
    made = set(
        MissedProblem.objects.filter(later_id__in=[f[0] for f in failures]).values_list(
            "earlier_id", "later_id"
        )
    )
    pairs = []
    for f in failures:
        place = ("site", f[2]) if f[2] else ("segment", f[3])
        found = {r[0]: r for r in by_item.get((place, f[5], f[6]), [])}
        if f[7]:
            found.update((r[0], r) for r in by_checkpoint.get((place, f[7]), []))
        for r in found.values():
            if r[1] != f[1] and f[4] - window <= r[4] < f[4] and (r[0], f[0]) not in made:
                pairs.append((r, f))
    fines = _fines(rule, {r[1] for r, _f in pairs})
    rows = [
        MissedProblem(
            earlier_id=r[0],
            earlier_visit_id=r[1],
            later_id=f[0],
            unit_id=r[8],
            window_days=rule.days,
            fines=fines[r[1]],
            flagged_at=now,
        )
        for r, f in pairs
    ]
    # A flag made meanwhile by another run (the unique pair) is skipped, not an error.
    MissedProblem.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)


def _fines(rule, visit_ids: set[int]) -> dict[int, list[dict]]:
    """The fines each flagged visit proposes; a plan's day's team read once."""
    teams: dict[tuple, list[dict]] = {}
    out = {}
    visits = Visit.objects.filter(pk__in=visit_ids).select_related("plan__created_by", "inspector")
    for visit in visits:
        key = (visit.plan_id, visit.due_on) if visit.plan_id else ("visit", visit.pk)
        if key not in teams:
            teams[key] = fines_for(visit, rule)
        out[visit.pk] = teams[key]
    return out
