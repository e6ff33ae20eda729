"""Plans: created with their scope, the sample drawn (and re-drawn from its seed for an audit),
the visits made and assigned, and a covert plan's findings released by the office."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.inspections.models import (
    Answer,
    Checklist,
    Plan,
    PlanKind,
    PlanStatus,
    Visit,
    Window,
)
from zhengzhi.inspections.scope import can_plan, can_release, is_office
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.sample import SEGMENTS, draw, preset, segment_candidates
from zhengzhi.ledger.services import held
from zhengzhi.org.models import Unit
from zhengzhi.org.scope import scope_for
from zhengzhi.sites.models import Site, SiteKind, SiteStatus
from zhengzhi.territory.models import Grid, Segment


@dataclass(frozen=True)
class PlanInput:
    name: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    checklist_ids: list[int]
    unit_ids: list[int]
    grid_ids: list[int]
    site_kind_ids: list[int]
    segment_ids: list[int]
    team_ids: list[int]
    windows: list[str]
    sample_size: int | None = None
    seed: int | None = None
    department_ids: tuple[int, ...] = ()
    # {site kind code or sample.SEGMENTS: n}; what the office sets wins over the preset's.
    sample_sizes: dict[str, int] | None = None
    sample_preset: str = ""


@transaction.atomic
def create_plan(data: PlanInput, *, actor, now: dt.datetime | None = None, request=None) -> Plan:
    if not can_plan(actor):
        raise InspectionError(_("You may not plan inspections."), "not_allowed")
    if data.kind not in PlanKind.values:
        raise InspectionError(_("Unknown kind of inspection."), "invalid")
    office = is_office(actor)
    if not office and data.kind not in (PlanKind.SELF, PlanKind.PEER):
        raise InspectionError(_("Only the office plans this kind of inspection."), "not_allowed")
    if data.ends_on < data.starts_on:
        raise InspectionError(_("The plan ends before it starts."), "invalid")
    if bad := set(data.windows) - set(Window.values):
        raise InspectionError(_("Unknown time window %(w)s.") % {"w": sorted(bad)[0]}, "invalid")
    if data.sample_size is not None and data.sample_size < 1:
        raise InspectionError(_("A sample takes at least one place per kind."), "invalid")
    sizes = _sample_sizes(data)
    checklists = list(Checklist.objects.filter(pk__in=data.checklist_ids, is_active=True))
    if not checklists or len(checklists) != len(set(data.checklist_ids)):
        raise InspectionError(_("Choose the checklists of the plan."), "invalid")
    scope = scope_for(actor)
    units = list(Unit.objects.filter(pk__in=data.unit_ids))
    if not office and any(not scope.allows(u.pk) for u in units) and data.kind == PlanKind.SELF:
        raise InspectionError(_("A self-inspection covers your own units."), "not_allowed")
    if not scope.all_units:
        # Grids and segments outside the planner's units are not theirs to name ("not found").
        grids = Grid.objects.filter(pk__in=data.grid_ids, community_id__in=scope.unit_ids)
        segments = Segment.objects.filter(pk__in=data.segment_ids, community_id__in=scope.unit_ids)
        if grids.count() != len(set(data.grid_ids)) or segments.count() != len(
            set(data.segment_ids)
        ):
            raise InspectionError(_("A grid or segment of the plan was not found."), "not_found")
    plan = Plan.objects.create(
        name=data.name.strip()[:120] or _("Inspection plan"),
        kind=data.kind,
        unit=actor.unit if not office or actor.unit else Unit.objects.filter(kind="office").first(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        windows=list(dict.fromkeys(data.windows)),
        sample_size=data.sample_size,
        sample_sizes=sizes,
        sample_preset=data.sample_preset,
        seed=data.seed,
        status=PlanStatus.DRAFT,
        created_at=now or timezone.now(),
        created_by=actor,
    )
    plan.checklists.set(checklists)
    plan.units.set(units)
    plan.grids.set(data.grid_ids)
    plan.site_kinds.set(data.site_kind_ids)
    plan.segments.set(data.segment_ids)
    plan.team.set(data.team_ids)
    plan.departments.set(data.department_ids)
    record(
        "inspections.plan.created",
        actor=actor,
        obj=plan,
        request=request,
        data={
            "kind": plan.kind,
            "name": plan.name,
            "sample_size": plan.sample_size,
            "sample_sizes": sizes,
            "sample_preset": plan.sample_preset,
        },
    )
    return plan


def _sample_sizes(data: PlanInput) -> dict[str, int]:
    sizes: dict[str, int] = {}
    if data.sample_preset:
        try:
            sizes.update(preset(data.sample_preset).sizes)
        except KeyError:
            raise InspectionError(_("Unknown sample preset."), "invalid") from None
    for kind, n in (data.sample_sizes or {}).items():
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise InspectionError(_("A sample takes at least one place per kind."), "invalid")
        sizes[kind] = n
    known = set(SiteKind.objects.filter(code__in=list(sizes)).values_list("code", flat=True))
    if bad := set(sizes) - known - {SEGMENTS}:
        raise InspectionError(_("Unknown kind of place %(k)s.") % {"k": sorted(bad)[0]}, "invalid")
    return dict(sorted(sizes.items()))


def _sites_in_scope(plan: Plan):
    qs = Site.objects.filter(status=SiteStatus.OPEN)
    kinds = list(plan.site_kinds.values_list("pk", flat=True))
    if not kinds:
        codes = {c for cl in plan.checklists.all() for c in cl.site_kinds}
        qs = qs.filter(kind__code__in=codes)
    else:
        qs = qs.filter(kind__in=kinds)
    unit_paths = list(plan.units.values_list("path", flat=True))
    grids = list(plan.grids.values_list("pk", flat=True))
    where = Q()
    for path in unit_paths:
        where |= Q(owner_unit__path__startswith=path)
    if grids:
        where |= Q(grid__in=grids)
    return qs.filter(where) if (unit_paths or grids) else qs


def candidates(plan: Plan) -> dict[str, list[int]]:
    """{site kind code: [site ids, ascending]} and the street stretches under SEGMENTS: the
    ordered lists the sample is drawn from."""
    out: dict[str, list[int]] = {}
    for pk, code in (
        _sites_in_scope(plan).order_by("kind__code", "pk").values_list("pk", "kind__code")
    ):
        out.setdefault(code, []).append(pk)
    if segments := segment_candidates(plan):
        out[SEGMENTS] = segments
    return out


def redraw(plan: Plan) -> dict[str, list[int]]:
    """The draw re-done from the stored seed and candidates (an audit compares it with
    `plan.drawn`)."""
    return draw(plan.candidates, plan.sample_size, plan.seed or 0, plan.sample_sizes)


def may_change(plan: Plan, user) -> bool:
    """The office changes any plan; a unit that plans changes its own."""
    return is_office(user) or (scope_for(user).allows(plan.unit_id) and can_plan(user))


def _days(plan: Plan) -> list[dt.date]:
    n = (plan.ends_on - plan.starts_on).days + 1
    return [plan.starts_on + dt.timedelta(days=i) for i in range(n)]


@transaction.atomic
def make_visits(plan_id: int, *, actor, request=None) -> list[Visit]:
    """Draws the sample (a seed is chosen and stored when none was given) and makes a visit to
    each drawn site and each segment, spread over the plan's days, windows and team."""
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    if not may_change(plan, actor):
        raise InspectionError(_("You may not change this plan."), "not_allowed")
    if plan.status != PlanStatus.DRAFT:
        raise InspectionError(_("The visits of this plan are made already."), "invalid")
    if plan.seed is None:
        plan.seed = secrets.randbelow(2**31)
    plan.candidates = candidates(plan)
    plan.drawn = draw(plan.candidates, plan.sample_size, plan.seed, plan.sample_sizes)
    checklists = list(plan.checklists.select_related("current"))
    by_kind = {code: cl for cl in checklists for code in cl.site_kinds}
    street_list = next(
        (cl for cl in checklists if cl.place_kind in ("street", "village") and cl.current), None
    )
    team: list[int | None] = [*plan.team.order_by("pk").values_list("pk", flat=True)] or [None]
    days, windows = _days(plan), plan.windows or [""]
    sites = Site.objects.in_bulk([pk for ids in plan.drawn.values() for pk in ids])
    visits: list[Visit] = []

    def add(**kw) -> None:
        n = len(visits)
        visits.append(
            Visit(
                plan=plan,
                inspector_id=team[n % len(team)],
                due_on=days[n % len(days)],
                window=windows[n % len(windows)],
                covert=plan.is_covert,
                **kw,
            )
        )

    for code, ids in plan.drawn.items():
        if code == SEGMENTS:
            continue
        checklist = by_kind.get(code)
        if checklist is None or checklist.current is None:
            continue
        for pk in ids:
            site = sites[pk]
            add(
                checklist_version=checklist.current,
                site=site,
                lon=site.lon,
                lat=site.lat,
                address=site.address,
                unit_id=site.owner_unit_id,
                grid_id=site.grid_id,
                street_id=site.street_id,
            )
    if street_list is not None:
        drawn_segments = plan.drawn.get(SEGMENTS, [])
        for segment in Segment.objects.filter(pk__in=drawn_segments).order_by("pk"):
            add(
                checklist_version=street_list.current,
                segment=segment,
                address=segment.name,
                unit_id=segment.community_id or segment.unit_id,
            )
    Visit.objects.bulk_create(visits)
    plan.status = PlanStatus.ACTIVE
    plan.save(update_fields=["seed", "candidates", "drawn", "status"])
    record(
        "inspections.plan.drawn",
        actor=actor,
        obj=plan,
        request=request,
        data={
            "seed": plan.seed,
            "sample_size": plan.sample_size,
            "sample_sizes": plan.sample_sizes,
            "candidates": sum(len(v) for v in plan.candidates.values()),
            "visits": len(visits),
        },
    )
    return visits


def add_visit(
    plan: Plan,
    *,
    checklist: Checklist,
    due_on: dt.date,
    inspector=None,
    site: Site | None = None,
    segment=None,
    lon: float | None = None,
    lat: float | None = None,
    address: str = "",
    unit_id: int | None = None,
    recheck_of=None,
    window: str = "",
    place_label: str = "",
) -> Visit:
    """One visit added by hand (a point on the map, a recheck of a problem)."""
    if checklist.current is None:
        raise InspectionError(_("The checklist has no version."), "invalid")
    if site is not None:
        unit_id = site.owner_unit_id
    elif segment is not None:
        unit_id = segment.community_id or segment.unit_id
    elif recheck_of is not None:
        unit_id = recheck_of.owner_unit_id
    return Visit.objects.create(
        plan=plan,
        checklist_version=checklist.current,
        site=site,
        segment=segment,
        lon=site.lon if site else lon,
        lat=site.lat if site else lat,
        address=(site.address if site else address) or "",
        unit_id=unit_id,
        grid_id=site.grid_id if site else None,
        street_id=site.street_id if site else None,
        inspector=inspector,
        due_on=due_on,
        window=window,
        covert=plan.is_covert,
        recheck_of=recheck_of,
        place_label=place_label,
    )


@dataclass(frozen=True)
class PointVisitInput:
    checklist_id: int
    address: str
    place_label: str
    unit_id: int
    due_on: dt.date
    window: str = ""
    inspector_id: int | None = None
    lon: float | None = None
    lat: float | None = None


@transaction.atomic
def add_point_visit(plan_id: int, data: PointVisitInput, *, actor, request=None) -> Visit:
    """A visit to a place the registry does not hold (a hospital, an office, a newspaper the
    technical assessment samples), added by whoever may change the plan."""
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    scope = scope_for(actor)
    if not may_change(plan, actor):
        raise InspectionError(_("You may not change this plan."), "not_allowed")
    if plan.status == PlanStatus.CLOSED:
        raise InspectionError(_("The plan is closed."), "invalid")
    checklist = plan.checklists.filter(pk=data.checklist_id).select_related("current").first()
    if checklist is None:
        raise InspectionError(_("Choose one of the plan's checklists."), "invalid")
    if not plan.starts_on <= data.due_on <= plan.ends_on:
        raise InspectionError(_("The day is outside the plan's dates."), "invalid")
    if data.window and data.window not in Window.values:
        raise InspectionError(_("Unknown time window %(w)s.") % {"w": data.window}, "invalid")
    if not data.address.strip():
        raise InspectionError(_("Name the place visited."), "invalid")
    unit = Unit.objects.filter(pk=data.unit_id, is_active=True).first()
    if unit is None or not scope.allows(unit.pk):
        raise InspectionError(_("The unit was not found."), "not_found")
    inspector = None
    if data.inspector_id is not None:
        inspector = plan.team.filter(pk=data.inspector_id).first()
        if inspector is None:
            raise InspectionError(_("The inspector is not in the plan's team."), "invalid")
    visit = add_visit(
        plan,
        checklist=checklist,
        due_on=data.due_on,
        inspector=inspector,
        lon=data.lon,
        lat=data.lat,
        address=data.address.strip()[:200],
        unit_id=unit.pk,
        window=data.window,
        place_label=data.place_label.strip()[:40],
    )
    record(
        "inspections.visit.added",
        actor=actor,
        obj=visit,
        request=request,
        data={"plan": plan.pk, "address": visit.address, "place_label": visit.place_label},
    )
    return visit


def held_problem_ids(plan: Plan) -> Iterable[int]:
    return (
        Answer.objects.filter(visit__plan=plan, problem__held=True)
        .values_list("problem_id", flat=True)
        .distinct()
    )


@transaction.atomic
def release(
    plan_id: int, *, actor, now: dt.datetime | None = None, request=None
) -> tuple[Plan, int]:
    """The office releases a covert plan: its visits and findings become visible to the
    inspected units, and its held problems are dispatched with deadlines counted from now."""
    if not can_release(actor):
        raise InspectionError(_("Only the office releases covert findings."), "not_allowed")
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    if not plan.is_covert:
        raise InspectionError(_("Only a covert plan is released."), "invalid")
    if plan.released_at is not None:
        raise InspectionError(_("This plan was released already."), "released")
    now = now or timezone.now()
    problems = held.release(list(held_problem_ids(plan)), actor=actor, now=now, request=request)
    plan.released_at, plan.released_by = now, actor
    plan.save(update_fields=["released_at", "released_by"])
    record(
        "inspections.plan.released",
        actor=actor,
        obj=plan,
        request=request,
        data={"problems": [p.number for p in problems]},
    )
    return plan, len(problems)
