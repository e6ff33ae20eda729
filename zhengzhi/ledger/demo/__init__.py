"""The demo ledger for seed_demo: about 2,000 problems over the last 90 days, in every state and
every detour (returns, extensions, deferrals, rework, recurrences, overdue, escalations,
rejections, merged duplicates), on points inside the demo grids.

Each problem's history is played in memory (demo.life, demo.script) with the same field changes
as the services and the deadline watch, then written in bulk: a few seconds, not 2,000 service
calls. Not written: an audit row per move (one "demo.ledger" row records the whole load) and
notifications. Idempotent: a second run finds that row and adds nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

import shapely
from django.db import transaction
from django.utils import timezone

from zhengzhi.accounts.models import User
from zhengzhi.audit.models import AuditEvent
from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.ledger.demo import texts
from zhengzhi.ledger.demo.life import Life, Stop, World
from zhengzhi.ledger.demo.script import Cast, Plan, live, random_plan
from zhengzhi.ledger.models import (
    Category,
    EventKind,
    Source,
    Status,
)
from zhengzhi.ledger.services import alerts
from zhengzhi.ledger.services.categories import load_categories
from zhengzhi.org.models import TerritoryLevel, Unit
from zhengzhi.territory import routing
from zhengzhi.territory.models import Grid
from zhengzhi.workcal.calendar import WorkCalendar

log = logging.getLogger(__name__)

DAYS = 90
MARK = "demo.ledger"
MAIN_WEIGHTS = {"01": 14, "02": 8, "03": 6, "04": 16, "05": 5, "06": 5, "07": 4, "08": 5, "09": 4,
                "10": 4, "11": 5, "12": 3, "21": 3, "22": 3, "23": 3, "24": 3, "99": 2}  # fmt: skip
SOURCES = {Source.PATROL: 35, Source.INSPECTION: 20, Source.HOTLINE: 18, Source.PUBLIC: 12,
           Source.COVERT: 7, Source.MEDIA: 3, Source.REFERRAL: 5}  # fmt: skip


def _has(kind):
    return lambda life: any(e["kind"] == kind for e in life.events)


def _is(status, *also, **counts):
    def check(life) -> bool:
        f = life.fields
        return (
            f["status"] == status
            and all(f[k] == v for k, v in counts.items())
            and all(a(life) for a in also)
        )

    return check


def _overdue(life) -> bool:
    return life.fields["overdue_at"] is not None


S = Status
# (plan or plans tried in turn, what the result must show, category code or None): every state
# and detour, at any demo "now".
SHOWCASES = [
    (Plan(stop="reported"), _is(S.REPORTED), None),
    (Plan(reject=True), _is(S.REJECTED), None),
    (Plan(stop="registered"), _is(S.REGISTERED), None),
    (Plan(stop="dispatched"), _is(S.DISPATCHED, overdue_at=None), "0202"),
    (Plan(stop="accepted"), _is(S.ACCEPTED, overdue_at=None), "0803"),
    # Reminded and not yet overdue: the deadline is within a day. Over a weekend or a holiday no
    # deadline is (deadlines end working days), so there the reminded unit asked for more time.
    (
        (Plan(stop="accepted"), Plan(extensions=(True,), reminded=True, stall=True)),
        _is(S.ACCEPTED, _has(EventKind.REMIND), overdue_at=None),
        "0202",
    ),
    (Plan(stall=True), _is(S.ACCEPTED, _overdue), "0403"),
    (Plan(stall=True), _is(S.ACCEPTED, _has(EventKind.ESCALATE)), "0102"),
    (Plan(returns=(True,), stop="pending_return"), _is(S.DISPATCHED, pending="return"), None),
    (
        Plan(extensions=(True,), stop="pending_extension"),
        _is(S.ACCEPTED, pending="extension"),
        "0501",
    ),
    (
        Plan(deferral="approved", stop="pending_deferral"),
        _is(S.ACCEPTED, pending="deferral"),
        "0502",
    ),
    (Plan(deferral="approved", stop="deferred"), _is(S.DEFERRED), "0502"),
    (Plan(deferral="denied"), _is(S.CLOSED, _has(EventKind.DENY_DEFERRAL)), "0501"),
    (Plan(stop="reported_back"), _is(S.REPORTED_BACK), None),
    (Plan(), _is(S.CLOSED, closed_on_time=True), None),
    (Plan(late=True), _is(S.CLOSED, _has(EventKind.OVERDUE), closed_on_time=False), None),
    (Plan(returns=(True,)), _is(S.CLOSED, return_count=1), None),
    (Plan(returns=(False,)), _is(S.CLOSED, _has(EventKind.DENY_RETURN)), None),
    (Plan(extensions=(True,)), _is(S.CLOSED, extension_count=1), "0202"),
    (Plan(extensions=(False,)), _is(S.CLOSED, _has(EventKind.DENY_EXTENSION)), "0302"),
    (Plan(extensions=(True, True)), _is(S.CLOSED, extension_count=2), "0501"),
    (Plan(reworks=1), _is(S.CLOSED, rework_count=1), None),
    (Plan(recur=True), _is(S.CLOSED, recurrence_count=1), None),
    (Plan(recur=True, stop="reopened"), _is(S.DISPATCHED, recurrence_count=1), "0101"),
]


@dataclass
class Seed:
    category: Category
    source: str
    reported_at: dt.datetime
    point: tuple[float, float] | None


class Builder:
    def __init__(self, org: dict, count: int, seed: int, now: dt.datetime):
        self.rng, self.count, self.now = random.Random(seed), count, now
        self.cats = list(
            Category.objects.filter(parent__isnull=False, is_active=True).select_related("parent")
        )
        self.by_code = {c.code: c for c in self.cats}
        self.grids = [
            shapely.geometry.shape(g.geometry) for g in Grid.objects.filter(is_active=True)
        ]
        self.units = {u.pk: u for u in Unit.objects.filter(is_active=True)}
        self.cast = self._cast()
        targets = alerts._escalation_targets(set(self.cast.handlers))
        self.world = World(
            now=now,
            calendar=WorkCalendar.load(),
            tz=timezone.get_current_timezone(),
            escalate_after=alerts.escalate_after(),
            remind_share=alerts.remind_rule()[0],
            remind_most=dt.timedelta(seconds=alerts.remind_rule()[1]),
            rng=self.rng,
            escalate_to=lambda unit: targets.get(unit.pk, (None, []))[0],
        )

    # --- who does what -------------------------------------------------------------------------

    def _cast(self) -> Cast:
        office = defaultdict(list)
        handlers: dict[int, list] = defaultdict(list)
        users = User.objects.filter(is_active=True, unit__isnull=False).prefetch_related("roles")
        for user in users.select_related("unit").order_by("username"):
            roles = user.role_set
            if user.unit.is_office:
                for role in roles:
                    office[role].append(user)
            elif roles & {Role.HANDLER, Role.UNIT_LEADER}:
                handlers[user.unit_id].append(user)
        dispatchers = office[Role.DISPATCHER] + office[Role.SHIFT_LEADER]
        approvers = office[Role.SHIFT_LEADER] + office[Role.OFFICE_ADMIN]
        verifiers = office[Role.INSPECTOR] * 4 + office[Role.OFFICE_ADMIN]
        leader = (office[Role.UNIT_LEADER] or approvers or [None])[0]
        if not (dispatchers and approvers and verifiers and handlers):
            raise ValueError("demo ledger: the demo org needs office staff and unit handlers")
        communities = [
            pk for pk in handlers if self.units[pk].level == TerritoryLevel.COMMUNITY
        ] or list(handlers)
        rng = self.rng

        def reroute(old_id, category):
            dept = category.department_id
            if dept in handlers and dept != old_id and rng.random() < 0.35:
                return self.units[dept]
            return self.units[rng.choice([c for c in communities if c != old_id] or communities)]

        return Cast(dispatchers, approvers, leader, verifiers, dict(handlers), reroute)

    def reporter(self, source: str, owner_id: int | None):
        if source == Source.PATROL and owner_id in self.cast.handlers:
            return self.rng.choice(self.cast.handlers[owner_id])
        if source in (Source.INSPECTION, Source.COVERT):
            return self.rng.choice(self.cast.verifiers)
        return self.rng.choice(self.cast.dispatchers)

    # --- what, where, when ---------------------------------------------------------------------

    def category(self) -> Category:
        mains = [m for m in MAIN_WEIGHTS if any(c.parent.code == m for c in self.cats)]
        main = self.rng.choices(mains, [MAIN_WEIGHTS[m] for m in mains])[0]
        return self.rng.choice([c for c in self.cats if c.parent.code == main])

    def point(self) -> tuple[float, float] | None:
        if not self.grids:
            return None
        poly = self.rng.choice(self.grids)
        x0, y0, x1, y1 = poly.bounds
        for _ in range(100):
            x, y = self.rng.uniform(x0, x1), self.rng.uniform(y0, y1)
            if shapely.contains_xy(poly, x, y):
                return round(x, 6), round(y, 6)
        return None

    def when(self, source: str) -> dt.datetime:
        tz, cal = self.world.tz, self.world.calendar
        while True:
            day = (self.now - dt.timedelta(days=self.rng.uniform(0, DAYS))).astimezone(tz).date()
            if not cal.is_workday(day) and self.rng.random() < 0.6:
                continue  # fewer reports on days off
            hours = (9, 17) if source in (Source.INSPECTION, Source.COVERT) else (7, 21)
            t = dt.datetime.combine(day, dt.time(0), tz) + dt.timedelta(
                hours=self.rng.uniform(*hours)
            )
            if t < self.now:
                return t

    def seed(self, category: Category | None = None, source: str | None = None) -> Seed:
        source = source or self.rng.choices(list(SOURCES), list(SOURCES.values()))[0]
        point = self.point()
        if source in (Source.HOTLINE, Source.PUBLIC) and self.rng.random() < 0.3:
            point = None  # an address on the phone, no point
        return Seed(category or self.category(), source, self.when(source), point)

    def life(self, seed: Seed, placement, reported_at: dt.datetime) -> Life:
        c, rng = seed.category, self.rng
        owner = self.units.get(placement.unit_id) if placement else None
        community = self.units.get(placement.community_id) if placement else None
        reporter = self.reporter(seed.source, owner.pk if owner else None)
        lon, lat = seed.point or (None, None)
        fields = dict(
            source=seed.source, category=c, main_category_id=c.parent_id,
            description=texts.describe(c.code, rng),
            address=texts.address(community.name if community else None, rng)
            if seed.point is None or rng.random() < 0.8 else "",
            lon=lon, lat=lat, grid_id=placement.grid_id if placement else None,
            community_id=placement.community_id if placement else None,
            street_id=placement.street_id if placement else None,
            owner_unit=owner, supporting_unit_id=c.department_id, priority=c.priority,
            status=Status.REPORTED, pending="", version=1, reject_reason="", reported_by=reporter,
            reported_at=reported_at, registered_at=None, dispatched_at=None, accepted_at=None,
            reported_back_at=None, closed_at=None, due_at=None, stage_deadlines=[],
            verify_due_at=None, deferred_until=None, closed_on_time=None, return_count=0,
            extension_count=0, rework_count=0, recurrence_count=0, report_count=1,
            overdue_at=None,
        )  # fmt: skip
        life = Life(self.world, fields, c, reported_at)
        via = placement.via if placement else routing.VIA_NONE
        life._event(EventKind.REPORT, reported_at, reporter, "", note=fields["description"][:500],
                    data={"via": via})  # fmt: skip
        return life

    def showcase(self, plans, wanted, code, placement_of) -> Life | None:
        """Plays the plan on ever older reports until the result shows what it must; then the
        next plan, if there is one."""
        seed = self.seed(self.by_code.get(code) if code else None)
        placement = placement_of(seed)
        for plan in plans if isinstance(plans, tuple) else (plans,):
            age = dt.timedelta(hours=1)
            while age < dt.timedelta(days=DAYS):
                life = live(self.life(seed, placement, self.now - age), plan, self.cast)
                if wanted(life):
                    return life
                age += max(dt.timedelta(hours=1), age * 0.05)
        return None

    def merged(self, masters: list[Life]) -> Life:
        master = self.rng.choice(masters)
        f = master.fields
        source = self.rng.choice([Source.HOTLINE, Source.PUBLIC, Source.PATROL])
        seed = Seed(
            master.category, source, f["reported_at"], (f["lon"], f["lat"]) if f["lon"] else None
        )
        placement = None
        if f["grid_id"]:  # the same point: the same grid, community and owner
            placement = routing.Resolution(f["grid_id"], "", f["community_id"], f["street_id"],
                                           None, f["community_id"], routing.VIA_GRID)  # fmt: skip
        later = min(f["reported_at"] + dt.timedelta(minutes=self.rng.uniform(20, 2880)), self.now)
        dup = self.life(seed, placement, later)
        try:
            if self.rng.random() < 0.4:
                dup.register(
                    self.world.later(dup.t, 10, 120), self.rng.choice(self.cast.dispatchers)
                )
            dup.merge(
                self.world.later(dup.t, 10, 180), self.rng.choice(self.cast.dispatchers), master
            )
        except Stop:
            pass
        dup.finish()
        return dup


def build_demo_ledger(org: dict | None = None, *, count: int = 2000, seed: int = 2026,
                      now: dt.datetime | None = None) -> dict:  # fmt: skip
    """Loads the demo ledger once. `org` is what accounts.demo.build_demo_org returned (the
    people and units are read from the database, so any org with office staff and unit
    handlers works).
    Returns {"problems": n, "events": n, "statuses": {status: n}} or {"problems": 0,
    "skipped": True} when the demo ledger is already there."""
    from zhengzhi.ledger.demo.write import write

    if AuditEvent.objects.filter(action=MARK).exists():
        return {"problems": 0, "skipped": True}
    load_categories()
    now = now or timezone.now()
    with transaction.atomic():
        b = Builder(org or {}, count, seed, now)
        routing.invalidate()
        n_merged = max(1, round(count * 0.03))
        n_random = max(0, count - len(SHOWCASES) - n_merged)
        seeds = [b.seed() for _ in range(n_random)]
        with_point = [s for s in seeds if s.point]
        resolved = routing.resolve_points([s.point for s in with_point]) if with_point else []
        placed = dict(zip(map(id, with_point), resolved, strict=True))

        def placement_of(s: Seed):
            if s.point is None:
                return None
            return placed.get(id(s)) or routing.resolve_point(*s.point)

        lives = [b.showcase(plan, wanted, code, placement_of) for plan, wanted, code in SHOWCASES]
        missing = [i for i, x in enumerate(lives) if x is None]
        if missing:  # never expected: every showcase has a plan for any "now"
            log.warning("demo ledger: showcases %s found no history at %s", missing, now)
        lives = [x for x in lives if x is not None][:count]
        # The size asked, whatever the showcases gave: ordinary problems in place of any missing.
        seeds += [b.seed() for _ in range(min(len(missing), count - len(lives) - len(seeds)))]
        for s in seeds:
            lives.append(
                live(b.life(s, placement_of(s), s.reported_at), random_plan(b.rng), b.cast)
            )
        masters = [x for x in lives if x.fields["status"] not in (Status.REJECTED, Status.MERGED)]
        lives += [b.merged(masters) for _ in range(min(n_merged, count - len(lives)))]
        counts = write(lives, now)
        record(MARK, object_type="ledger.problem", data={"seed": seed, **counts})
    statuses = Counter(x.fields["status"] for x in lives)
    return {**counts, "statuses": dict(statuses), "showcases": len(SHOWCASES) - len(missing)}
