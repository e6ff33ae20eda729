"""The demo season of inspections for seed_demo: an open inspection of the district's markets,
restaurants and food workshops over the last three months, a first covert round released six
weeks ago (its findings dispatched with deadlines from the release), and a second covert round of
the last two weeks with the county covert table, not yet released (its findings held by the
office). Failures become problems through the services: some rectified and verified, some
reported back, the rest running or overdue.

Every visit goes through the services; the ledger's own moves (accept, report back, close) are
dated by the ledger's clock, that is the day the demo is loaded. Idempotent: one
"demo.inspections" audit row marks the load."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from zhengzhi.accounts.models import User
from zhengzhi.audit.models import AuditEvent
from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.inspections.models import Checklist, PlanKind, Result, Scoring, Visit
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.loading import load_checklists
from zhengzhi.inspections.services.sample import MEDIUM
from zhengzhi.inspections.services.submission import Given, submit_visit
from zhengzhi.ledger.models import Problem, Status
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.org.models import Unit

MARK = "demo.inspections"
NOTES = ["现场发现", "经营户称马上整改", "已当场指出", "拍照留存", ""]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _photo(inspector, rng: random.Random):
    from zhengzhi.archive.demo import jpeg
    from zhengzhi.files.services import store_upload

    colour = (rng.randint(60, 200), rng.randint(60, 200), rng.randint(60, 200))
    return str(store_upload(jpeg(colour, "现场.jpg"), user=inspector, unit=inspector.unit).pk)


def _answers(visit: Visit, inspector, rng: random.Random, fail_rate: float) -> dict[str, Given]:
    out = {}
    for item in visit.checklist_version.items.order_by("position"):
        if item.scoring == Scoring.POINTS:
            share = Decimal(str(rng.uniform(0.35, 1.0)))
            points = (item.points * share).quantize(Decimal(1))
            out[item.code] = Given(result=Result.PASS, points=points)
        elif rng.random() < 0.04:
            out[item.code] = Given(result=Result.NA)
        elif rng.random() < fail_rate:
            out[item.code] = Given(
                result=Result.FAIL,
                findings=rng.randint(1, 3) if item.scoring == Scoring.DEDUCTION else 1,
                note=rng.choice(NOTES),
                photo=_photo(inspector, rng) if item.photo_required else None,
            )
        else:
            out[item.code] = Given(result=Result.PASS)
    return out


def _plan(admin, name, kind, checklists, units, inspector, start, end, sample, seed):
    plan = plans.create_plan(
        plans.PlanInput(
            name=name,
            kind=kind,
            starts_on=start,
            ends_on=end,
            checklist_ids=[c.pk for c in checklists],
            unit_ids=[u.pk for u in units],
            grid_ids=[],
            site_kind_ids=[],
            segment_ids=[],
            team_ids=[inspector.pk],
            windows=["day", "noon"] if kind == PlanKind.OPEN else ["noon", "evening"],
            sample_size=sample,
            seed=seed,
        ),
        actor=admin,
        now=_at(start, 8),
    )
    plans.make_visits(plan.pk, actor=admin)
    return plan


def _submit_all(plan, inspector, rng, fail_rate, *, upto: dt.date) -> list[Problem]:
    opened: list[Problem] = []
    for visit in plan.visits.filter(due_on__lte=upto).order_by("due_on", "pk"):
        try:
            out = submit_visit(
                visit.pk,
                actor=inspector,
                answers=_answers(visit, inspector, rng, fail_rate),
                now=_at(visit.due_on, rng.choice([9, 10, 14, 15])),
            )
        except InspectionError:
            continue
        opened += out.opened
    return opened


def _handler(unit_id: int | None):
    if unit_id is None:
        return None
    return (
        User.objects.filter(unit_id=unit_id, is_active=True, roles__role=Role.HANDLER)
        .order_by("pk")
        .first()
    )


def _rectify(problems: list[Problem], inspector, rng: random.Random) -> dict[str, int]:
    """Some closed after the unit's report, some reported back and awaiting verification, the
    rest left running (past their deadline: overdue)."""
    done = {"closed": 0, "reported_back": 0}
    for problem in problems:
        problem.refresh_from_db()
        if problem.status != Status.DISPATCHED:
            continue
        handler = _handler(problem.owner_unit_id)
        roll = rng.random()
        if handler is None or roll > 0.75:
            continue
        try:
            moves.accept(problem.pk, actor=handler)
            moves.report_back(problem.pk, actor=handler, note="已整改完毕，现场已恢复")
            done["reported_back"] += 1
            if roll < 0.5:
                moves.close(
                    problem.pk,
                    actor=inspector,
                    note="现场核查已整改",
                    checked=list(problem.category.close_items or []),
                )
                done["closed"] += 1
                done["reported_back"] -= 1
        except MoveError:
            continue
    return done


def build_demo_inspections(now: dt.datetime | None = None) -> dict:
    if AuditEvent.objects.filter(action=MARK).exists():
        return {"skipped": True}
    from zhengzhi.standards.models import StandardVersion

    if not StandardVersion.objects.filter(code="gwxc-covert").exists():
        from zhengzhi.standards.services.loading import load_standards

        load_standards()
    load_checklists()
    admin = User.objects.filter(username="admin").first()
    inspector = User.objects.filter(username="inspector").first()
    district = Unit.objects.filter(code="qc").first()
    if admin is None or inspector is None or district is None:
        return {"visits": 0}
    rng = random.Random("demo-inspections")
    today = timezone.localdate(now or timezone.now())
    lists = {c.code: c for c in Checklist.objects.all()}
    field = [lists["market"], lists["small-trade-restaurant"], lists["food-workshop"]]

    open_plan = _plan(
        admin, "春季农贸市场和餐饮食品明查", PlanKind.OPEN, field, [district], inspector,
        today - dt.timedelta(days=90), today - dt.timedelta(days=1), 12, 20260301,
    )  # fmt: skip
    opened = _submit_all(open_plan, inspector, rng, 0.06, upto=today - dt.timedelta(days=1))

    first = _plan(
        admin, "第一轮暗访", PlanKind.COVERT, field, [district], inspector,
        today - dt.timedelta(days=75), today - dt.timedelta(days=61), 5, 20260315,
    )  # fmt: skip
    _submit_all(first, inspector, rng, 0.1, upto=today)
    released_on = today - dt.timedelta(days=42)
    _plan_obj, released = plans.release(first.pk, actor=admin, now=_at(released_on, 9))
    opened += list(Problem.objects.filter(pk__in=_opened_by(first)))

    second = _plan(
        admin, "第二轮暗访（迎检前）", PlanKind.COVERT, [*field, lists["covert-county"]],
        [district], inspector, today - dt.timedelta(days=14), today - dt.timedelta(days=1), 4,
        20260501,
    )  # fmt: skip
    plans.add_visit(
        second,
        checklist=lists["covert-county"],
        due_on=today - dt.timedelta(days=3),
        inspector=inspector,
        address=district.name,
        unit_id=district.pk,
    )
    held = _submit_all(second, inspector, rng, 0.1, upto=today - dt.timedelta(days=1))
    rectified = _rectify(opened, inspector, rng)
    counts = {
        "plans": 4,
        "visits": Visit.objects.filter(plan__in=[open_plan, first, second]).count(),
        "problems": len(opened) + len(held),
        "released": released,
        "held": len(held),
        **rectified,
    }
    counts["vector_checks"] = _vector_checks(admin, district, rng, today)
    counts["assessment_visits"] = _assessment_rehearsal(admin, district, inspector, lists, today)
    from zhengzhi.inspections.services.followups import run_followups

    made = run_followups(now or timezone.now())
    counts.update({f"followups_{k}": v for k, v in made.items()})
    record(MARK, actor=admin, object_type="core.demo", data=counts)
    return counts


def _assessment_rehearsal(admin, district, inspector, lists, today: dt.date) -> int:
    """A mock technical assessment next week, sampled by the preset for a city of 500,000 to
    2 million: schools and street stretches drawn, two of the places the registry does not hold
    added by hand (the page shows what is still owed)."""
    start = today + dt.timedelta(days=7)
    plan = plans.create_plan(
        plans.PlanInput(
            name="技术评估模拟检查（迎检前）", kind=PlanKind.OPEN, starts_on=start,
            ends_on=start + dt.timedelta(days=2),
            checklist_ids=[lists["school-surroundings"].pk, lists["street"].pk],
            unit_ids=[district.pk], grid_ids=[], site_kind_ids=[], segment_ids=[],
            team_ids=[inspector.pk], windows=["day"], sample_size=None, seed=20261206,
            sample_preset=MEDIUM,
        ),
        actor=admin,
        now=_at(today, 9),
    )  # fmt: skip
    visits = plans.make_visits(plan.pk, actor=admin)
    for label, place in (("医院", "区人民医院"), ("新闻媒体", "区融媒体中心")):
        plans.add_point_visit(
            plan.pk,
            plans.PointVisitInput(
                checklist_id=lists["street"].pk,
                address=place, place_label=label, unit_id=district.pk, due_on=start,
                inspector_id=inspector.pk,
            ),
            actor=admin,
        )  # fmt: skip
    return len(visits) + 2


def _vector_checks(admin, district, rng: random.Random, today: dt.date) -> int:
    """A month of vector checks in the district's communities: flies a little over C in one."""
    from zhengzhi.inspections.services.vectors import record_check
    from zhengzhi.org.models import Unit

    below = Unit.objects.filter(path__startswith=district.path, depth__gt=district.depth)
    communities = list(below.filter(is_active=True, numchild=0).order_by("path")[:4])
    n = 0
    for i, unit in enumerate(communities or [district]):
        day = today - dt.timedelta(days=7 * (i + 1))
        checks = {
            "fly": {"rooms": 60, "rooms_with_flies": 4 + i, "flies_in_positive_rooms": 9 + i},
            "mosquito": {"km_walked": "3.0", "small_water_positive": rng.randint(0, 3)},
            "cockroach": {"rooms": 80, "rooms_infested": rng.randint(1, 5)},
            "rat": {"rooms": 100, "rooms_with_traces": rng.randint(1, 6)},
        }
        for vector, counts in checks.items():
            record_check(
                actor=admin,
                vector=vector,
                unit=unit,
                checked_on=day,
                counts={k: str(v) for k, v in counts.items()},
            )
            n += 1
    return n


def _opened_by(plan) -> list[int]:
    from zhengzhi.inspections.models import Answer

    return list(
        Answer.objects.filter(visit__plan=plan, linked=False, problem__isnull=False)
        .values_list("problem_id", flat=True)
        .distinct()
    )
