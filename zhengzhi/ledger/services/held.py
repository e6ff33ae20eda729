"""Problems that enter the ledger by themselves, found by an app above it (an inspection's failed
item), and the office's hold on them.

The app that finds them has already decided that its actor may record them (an inspector on a
visit of a plan): `record_found` registers the problem at once and either dispatches it to its
owner by place (an open inspection) or holds it for the office (a covert visit's finding, not
dispatched, seen by nobody outside the office: `scope.visible_problems`, the indicators, the
sites' sources and the moves all leave a held problem out). `release` dispatches held problems
with deadlines counted from the release. The ledger knows nothing of inspections: it keeps a
flag and the two moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.models import Category, EventKind, Problem, Status
from zhengzhi.ledger.services import notices
from zhengzhi.ledger.services.base import _save
from zhengzhi.ledger.services.deadlines import stage_deadlines
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.services.intake import report_problem
from zhengzhi.org.scope import scope_for
from zhengzhi.workcal.calendar import WorkCalendar


@transaction.atomic
def record_found(
    *,
    actor,
    source: str,
    category: Category,
    description: str,
    lon: float | None = None,
    lat: float | None = None,
    address: str = "",
    site_id: int | None = None,
    photo_ids: list | None = None,
    hold: bool = False,
    now: dt.datetime | None = None,
    calendar: WorkCalendar | None = None,
    request=None,
) -> Problem:
    """Reported, registered and dispatched to its owner by place (or held by the office) in one
    step. A point outside every territory, or no owner, leaves it registered for the office to
    dispatch by hand."""
    now = now or timezone.now()
    p = report_problem(
        actor=actor,
        source=source,
        category=category,
        description=description,
        lon=lon,
        lat=lat,
        address=address,
        photo_ids=photo_ids,
        site_id=site_id,
        reported_at=now,
        request=request,
    )
    if p.owner_unit_id is None and p.site is not None:
        p.owner_unit_id = p.site.owner_unit_id
        p.save(update_fields=["owner_unit"])
    p.status, p.registered_at, p.held = Status.REGISTERED, now, hold
    _save(
        p,
        actor,
        EventKind.REGISTER,
        Status.REPORTED,
        ["status", "registered_at", "held"],
        note=str(_("Held by the office until release")) if hold else "",
        data={"held": True} if hold else {},
        request=request,
        now=now,
    )
    if not hold and p.owner_unit_id is not None:
        _dispatch(p, actor, now, calendar, request)
    return p


def _dispatch(p: Problem, actor, now: dt.datetime, calendar, request, *, released=False) -> None:
    from_status = p.status
    p.stage_deadlines = stage_deadlines(p.category, now, calendar)
    p.due_at = dt.datetime.fromisoformat(p.stage_deadlines[-1]["due_at"])
    p.status, p.dispatched_at, p.overdue_at, p.held = Status.DISPATCHED, now, None, False
    _save(
        p,
        actor,
        EventKind.DISPATCH,
        from_status,
        ["stage_deadlines", "due_at", "status", "dispatched_at", "overdue_at", "held"],
        note=str(_("Released by the office")) if released else "",
        request=request,
        now=now,
        data={
            "owner": p.owner_unit.name if p.owner_unit else "",
            "due_at": p.due_at.isoformat(),
            **({"released": True} if released else {}),
        },
    )
    notices.dispatched(p)


@transaction.atomic
def release(
    problem_ids: Iterable[int],
    *,
    actor,
    now: dt.datetime | None = None,
    calendar: WorkCalendar | None = None,
    request=None,
) -> list[Problem]:
    """The office releases held problems: each is dispatched to its owner with its deadline
    counted from now. Only the office (who sees every unit and may write) releases; a problem
    no longer held is left as it is (releasing twice dispatches once)."""
    scope = scope_for(actor)
    if not (scope.all_units and scope.can_write):
        raise MoveError(_("Only the office releases held problems."), "not_allowed")
    now = now or timezone.now()
    calendar = calendar or WorkCalendar.load()
    problems = list(
        Problem.objects.select_for_update(of=("self",))
        .select_related("category", "owner_unit")
        .filter(pk__in=list(problem_ids), held=True)
        .order_by("pk")
    )
    for p in problems:
        if p.owner_unit_id is None:
            # No owner by place: the office dispatches it by hand, no longer held.
            p.held = False
            p.save(update_fields=["held"])
            continue
        _dispatch(p, actor, now, calendar, request, released=True)
    return problems
