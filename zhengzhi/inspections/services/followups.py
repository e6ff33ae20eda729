"""Follow-up rules, run by the worker once a day (and again: running twice makes nothing new).

- `case`: the cases app's 查一补三 rechecks (its RecheckRule: how many, within how many days)
  carried out as visits — one per recheck, in a recheck plan run by the recheck's unit, due on
  the recheck's day and overdue when missed; a submitted visit records the recheck done.
- `deadline`: a problem an inspection opened, open after its deadline: a recheck visit due
  `days` after the deadline.
- `covert`: a problem a covert visit found, once the office has released (fed back) the
  findings: the unit rectifies within `days` and the recheck visit is due the day after.
The numbers are data (FollowUpRule, edited by the office; shipped defaults in
data/followup_rules.json, unconfirmed where the seeds give none)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.inspections.models import (
    Answer,
    Checklist,
    FollowUpRule,
    Plan,
    PlanKind,
    PlanStatus,
    RuleKind,
    Visit,
    VisitStatus,
)
from zhengzhi.inspections.scope import can_release
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.ledger.models import Status

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "followup_rules.json"
# A problem still to be rectified (a recheck has something to check).
TO_RECHECK = (Status.DISPATCHED, Status.ACCEPTED, Status.DEFERRED, Status.REPORTED_BACK)


def rules() -> dict[str, FollowUpRule]:
    """The rules by kind; the shipped defaults are written the first time (never over the
    office's numbers)."""
    have = {r.kind: r for r in FollowUpRule.objects.all()}
    if len(have) < len(RuleKind.values):
        for row in json.loads(RULES_FILE.read_text(encoding="utf-8")):
            if row["kind"] in have:
                continue
            have[row["kind"]], _made = FollowUpRule.objects.get_or_create(
                kind=row["kind"],
                defaults={
                    "days": row["days"],
                    "lead_fine": Decimal(row["lead_fine"]) if row.get("lead_fine") else None,
                    "assessor_fine": (
                        Decimal(row["assessor_fine"]) if row.get("assessor_fine") else None
                    ),
                    "source": row["source"],
                    "confirmed": row["confirmed"],
                },
            )
    return have


@transaction.atomic
def update_rule(
    kind: str,
    *,
    actor,
    days: int,
    is_active: bool,
    lead_fine: Decimal | None = None,
    assessor_fine: Decimal | None = None,
    request=None,
) -> FollowUpRule:
    if not can_release(actor):  # the office's administrator or leader
        raise InspectionError(_("Only the office edits the follow-up rules."), "not_allowed")
    if kind not in RuleKind.values:
        raise InspectionError(_("There is no such rule."), "not_found")
    if not 0 <= days <= 365:
        raise InspectionError(_("Give a number of days from 0 to 365."), "invalid")
    for fine in (lead_fine, assessor_fine):
        if fine is not None and not Decimal(0) <= fine <= Decimal(100000):
            raise InspectionError(_("Give a fine from 0 to 100000 yuan."), "invalid")
    rules()
    rule = FollowUpRule.objects.select_for_update().get(kind=kind)
    before = {"days": rule.days, "active": rule.is_active}
    rule.days, rule.is_active = days, is_active
    if kind == RuleKind.MISSED:
        rule.lead_fine, rule.assessor_fine = lead_fine, assessor_fine
    rule.updated_at, rule.updated_by = timezone.now(), actor
    rule.save()
    record(
        "inspections.rule.updated",
        actor=actor,
        obj=rule,
        request=request,
        data={
            "kind": kind,
            "before": before,
            "days": days,
            "active": is_active,
            "lead_fine": str(rule.lead_fine) if rule.lead_fine is not None else None,
            "assessor_fine": str(rule.assessor_fine) if rule.assessor_fine is not None else None,
        },
    )
    return rule


# --- 查一补三: the cases' rechecks carried out as visits ---


def checklist_for(site_kind_code: str) -> Checklist | None:
    for checklist in Checklist.objects.filter(is_active=True, current__isnull=False).order_by(
        "code"
    ):
        if site_kind_code in (checklist.site_kinds or []):
            return checklist
    return None


def carry_rechecks(rechecks) -> int:
    """Registered with the cases app (cases.registry): each recheck a visit to its site, in
    one recheck plan per case run by the recheck's unit. A recheck with a visit already, or at
    a site no checklist is used at, is left. Returns the visits made."""
    rule = rules()[RuleKind.CASE_RECHECK]
    if not rule.is_active or not rechecks:
        return 0
    from zhengzhi.cases.models import Recheck

    ids = [r.pk for r in rechecks]
    done = set(Visit.objects.filter(case_recheck__in=ids).values_list("case_recheck_id", flat=True))
    todo = list(
        Recheck.objects.filter(pk__in=ids)
        .exclude(pk__in=done)
        .select_related("case", "site", "site__kind")
        .order_by("case_id", "seq")
    )
    by_case: dict[int, list] = defaultdict(list)
    for r in todo:
        by_case[r.case_id].append(r)
    made = 0
    for rows in by_case.values():
        site = rows[0].site
        checklist = checklist_for(site.kind.code)
        if checklist is None or checklist.current is None:
            continue
        plan = _case_plan(rows, checklist)
        for r in rows:
            Visit.objects.create(
                plan=plan,
                checklist_version=checklist.current,
                site=site,
                lon=site.lon,
                lat=site.lat,
                address=site.address or "",
                unit_id=site.owner_unit_id,
                grid_id=site.grid_id,
                street_id=site.street_id,
                due_on=r.due_on,
                rule=RuleKind.CASE_RECHECK,
                case_recheck=r,
            )
            made += 1
    return made


def _case_plan(rows, checklist: Checklist) -> Plan:
    case = rows[0].case
    existing = (
        Visit.objects.filter(case_recheck__case=case, plan__isnull=False)
        .select_related("plan")
        .first()
    )
    plan = existing.plan if existing and existing.plan else None
    first, last = min(r.due_on for r in rows), max(r.due_on for r in rows)
    if plan is None:
        plan = Plan.objects.create(
            name=_("查一补三 rechecks of case %(number)s") % {"number": case.number},
            kind=PlanKind.RECHECK,
            unit_id=rows[0].unit_id,
            starts_on=min(case.filed_on, first),
            ends_on=last,
            status=PlanStatus.ACTIVE,
            created_at=timezone.now(),
        )
        plan.checklists.add(checklist)
        plan.units.add(rows[0].site.owner_unit_id)
    elif plan.ends_on < last:
        plan.ends_on = last
        plan.save(update_fields=["ends_on"])
    return plan


def case_rechecks(today: dt.date) -> dict[str, int]:
    """The worker's sweep: open rechecks with no visit get one (a rule switched on later, a
    checklist loaded later); a submitted visit records its recheck done (clean when nothing
    failed, found when something did)."""
    from zhengzhi.cases.models import Recheck
    from zhengzhi.cases.services.rechecks import carried_out

    open_ = list(
        Recheck.objects.filter(done_at__isnull=True, due_on__gte=today - dt.timedelta(days=60))
        .exclude(pk__in=Visit.objects.filter(case_recheck__isnull=False).values("case_recheck"))
        .order_by("id")[:2000]
    )
    made = carry_rechecks(open_)
    done = 0
    for visit in Visit.objects.filter(
        case_recheck__isnull=False,
        case_recheck__done_at__isnull=True,
        status=VisitStatus.SUBMITTED,
    ).select_related("submitted_by"):
        if visit.case_recheck_id is None or visit.submitted_at is None:
            continue
        result = Recheck.Result.CLEAN if visit.failures == 0 else Recheck.Result.FOUND
        note = _("Inspection visit %(id)s: %(n)d items failed") % {
            "id": visit.pk,
            "n": visit.failures,
        }
        if carried_out(
            visit.case_recheck_id,
            result=result,
            done_at=visit.submitted_at,
            done_by=visit.submitted_by,
            note=note,
        ):
            done += 1
    return {"case_visits": made, "case_done": done}


# --- rechecks after a deadline, and after a covert visit's feedback ---


def _recheck_visit(answer: Answer, due_on: dt.date, rule: str) -> Visit | None:
    visit, problem = answer.visit, answer.problem
    checklist = visit.checklist_version.checklist
    if problem is None:
        return None
    return Visit.objects.create(
        plan=None,
        checklist_version=checklist.current or visit.checklist_version,
        site_id=visit.site_id,
        segment_id=visit.segment_id,
        lon=visit.lon,
        lat=visit.lat,
        address=visit.address,
        unit_id=problem.owner_unit_id or visit.unit_id,
        grid_id=visit.grid_id,
        street_id=visit.street_id,
        inspector_id=visit.inspector_id,
        due_on=due_on,
        recheck_of=problem,
        rule=rule,
    )


def _opened(**filters):
    """The first answer of each problem a visit opened (not one it was linked to), with no
    recheck visit of this rule yet."""
    return (
        Answer.objects.filter(
            linked=False,
            problem__isnull=False,
            problem__held=False,
            problem__status__in=TO_RECHECK,
            visit__status=VisitStatus.SUBMITTED,
            **filters,
        )
        .select_related("visit__checklist_version__checklist__current", "problem")
        .order_by("problem_id", "id")
    )


def deadline_rechecks(now: dt.datetime) -> int:
    rule = rules()[RuleKind.DEADLINE]
    if not rule.is_active:
        return 0
    made, seen = 0, set()
    have = Visit.objects.filter(rule=RuleKind.DEADLINE).values("recheck_of")
    for answer in _opened(visit__covert=False, problem__due_at__lt=now).exclude(problem__in=have):
        if answer.problem_id in seen or answer.problem is None or answer.problem.due_at is None:
            continue
        seen.add(answer.problem_id)
        due = timezone.localdate(answer.problem.due_at) + dt.timedelta(days=rule.days)
        if _recheck_visit(answer, due, RuleKind.DEADLINE):
            made += 1
    return made


def covert_rechecks(now: dt.datetime) -> int:
    rule = rules()[RuleKind.COVERT]
    if not rule.is_active:
        return 0
    made, seen = 0, set()
    have = Visit.objects.filter(rule=RuleKind.COVERT).values("recheck_of")
    for answer in (
        _opened(visit__covert=True, visit__plan__released_at__lte=now)
        .exclude(problem__in=have)
        .select_related("visit__plan")
    ):
        if answer.problem_id in seen or answer.visit.plan is None:
            continue
        seen.add(answer.problem_id)
        released = answer.visit.plan.released_at
        assert released is not None
        due = timezone.localdate(released) + dt.timedelta(days=rule.days + 1)
        if _recheck_visit(answer, due, RuleKind.COVERT):
            made += 1
    return made


@transaction.atomic
def run_followups(now: dt.datetime | None = None) -> dict[str, int]:
    """Every rule once; the worker's job. Idempotent: a visit per recheck / problem and rule
    (unique constraints), a flag per pair of answers."""
    from zhengzhi.inspections.services.missed import flag_missed

    now = now or timezone.now()
    counts = case_rechecks(timezone.localdate(now))
    counts["deadline"] = deadline_rechecks(now)
    counts["covert"] = covert_rechecks(now)
    counts["missed"] = flag_missed(now)
    from zhengzhi.inspections.services.notices import tell_inspectors

    counts["told"] = tell_inspectors(timezone.localdate(now))
    if any(counts.values()):
        record(
            "inspections.followups.made",
            object_type="inspections.visit",
            data=counts,
            actor_label="worker",
        )
    return counts
