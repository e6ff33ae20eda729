"""The work queue by role: sections that each hold only problems this user may act on now
(the rules of `allowed_moves`, written as queries), counted in one query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.core.roles import Role
from zhengzhi.ledger.models import RUNNING_STATUSES, Pending, Problem, Status
from zhengzhi.ledger.registry import queue_tabs
from zhengzhi.ledger.scope import visible_problems
from zhengzhi.ledger.selectors.filters import due_soon_q, overdue_q
from zhengzhi.ledger.services.permissions import can_approve, can_dispatch, can_verify, is_office
from zhengzhi.org.scope import scope_for


@dataclass
class Section:
    key: str
    label: Any
    statuses: tuple[str, ...]  # every section is bound to a few statuses (the status index)
    q: Q
    order: tuple[str, ...]
    link: dict[str, str] = field(default_factory=dict)  # the same problems in the ledger list
    own: bool = False  # only problems the user's units own
    count: int = 0

    @property
    def where(self) -> Q:
        return Q(status__in=self.statuses) & self.q


# Office roles that chase late problems (the dispatchers, their shift leaders, the office's
# leader and administrator) and the read-only leaders; verifiers and follow-up staff do not.
SUPERVISORS = (Role.OFFICE_ADMIN, Role.DISPATCHER, Role.SHIFT_LEADER, Role.UNIT_LEADER, Role.LEADER)
HANDLED = (*RUNNING_STATUSES, Status.DEFERRED)
# The ledger's tabs in their order; a registered tab (ledger.registry.QueueTab) takes its
# `place` among them: register 10, dispatch 20, … verify 60, overdue 70, due_soon 80.
# The dispatcher's tabs list urgent problems (紧急: the category's priority, copied to the problem
# when it is recorded, e.g. 路面塌陷) first: priority 1 is urgent, 4 low.
URGENT_FIRST = ("priority",)
QUEUE_PLACES = (
    "register",
    "dispatch",
    "decide",
    "handle",
    "waiting",
    "verify",
    "overdue",
    "due_soon",
)


def _handles(user) -> bool:
    """A unit's handler or leader (outside the office), who accepts and reports back."""
    scope = scope_for(user)
    return scope.can_write and not is_office(user) and user.has_role(Role.HANDLER, Role.UNIT_LEADER)


def _own(user) -> Q:
    """The unit side: a handler's queue holds the problems their units own, not those they
    support or reported; the office and leaders oversee every unit."""
    scope = scope_for(user)
    return Q() if scope.all_units else Q(owner_unit__in=scope.unit_ids)


def _decide_q(user) -> Q | None:
    """The pending requests this user is the named approver for (see can_approve)."""
    q, first, second = Q(pk__in=[]), can_approve(user), can_approve(user, second_extension=True)
    if first:
        q |= Q(pending__in=[Pending.RETURN, Pending.DEFERRAL])
        q |= Q(pending=Pending.EXTENSION, extension_count=0)
    if second:
        q |= Q(pending=Pending.EXTENSION, extension_count__gte=1)
    return q if first or second else None


def queue_sections(user, now: dt.datetime | None = None) -> list[Section]:
    """The sections of the user's work queue: each holds only problems this user may act on
    (the same rules as `allowed_moves`, written as queries)."""
    now = now or timezone.now()
    sections: list[Section] = []
    if can_dispatch(user):
        sections += [
            Section(
                "register",
                _("To register"),
                (Status.REPORTED,),
                Q(),
                URGENT_FIRST + ("reported_at", "id"),
                {"status": Status.REPORTED},
            ),
            Section(
                "dispatch",
                _("To dispatch"),
                (Status.REGISTERED,),
                Q(),
                URGENT_FIRST + ("registered_at", "id"),
                {"status": Status.REGISTERED},
            ),
        ]
    if (decide := _decide_q(user)) is not None:
        # Requests are made only while a unit owns the problem.
        sections.append(
            Section("decide", _("To decide"), RUNNING_STATUSES, decide, ("id",), {"pending": "any"})
        )
    mine = {"unit": str(user.unit_id)} if user.unit_id and not scope_for(user).all_units else {}
    if _handles(user):
        sections += [
            Section(
                "handle",
                _("To handle"),
                HANDLED,
                Q(pending=Pending.NONE),
                ("due_at", "id"),
                {"status": ",".join(HANDLED), "pending": "none", **mine},
                own=True,
            ),
            Section(
                "waiting",
                _("Awaiting approval"),
                RUNNING_STATUSES,
                ~Q(pending=Pending.NONE),
                ("due_at", "id"),
                {"status": ",".join(RUNNING_STATUSES), "pending": "any", **mine},
                own=True,
            ),
        ]
    if can_verify(user):
        sections.append(
            Section(
                "verify",
                _("To verify"),
                (Status.REPORTED_BACK,),
                Q(),
                ("verify_due_at", "id"),
                {"status": Status.REPORTED_BACK},
            )
        )
    if _handles(user) or user.has_role(*SUPERVISORS):
        sections += [
            Section(
                "overdue",
                _("Overdue"),
                RUNNING_STATUSES,
                overdue_q(now),
                ("due_at", "id"),
                {"overdue": "1", **mine},
                own=True,
            ),
            Section(
                "due_soon",
                _("Due within 24 hours"),
                RUNNING_STATUSES,
                due_soon_q(now),
                ("due_at", "id"),
                {"due_soon": "1", **mine},
                own=True,
            ),
        ]
    for tab in queue_tabs():
        if tab.shows(user):
            sections.append(
                Section(
                    tab.key, tab.label, tab.statuses, tab.q(user), tab.order, dict(tab.link or {})
                )
            )
    # The ledger's tabs and the registered ones, in the order of the day's work.
    places = {key: place for place, key in enumerate(QUEUE_PLACES, 1)}
    registered = {tab.key: tab.place for tab in queue_tabs()}
    return sorted(sections, key=lambda s: registered.get(s.key, 10 * places.get(s.key, 0)))


def _section_base(user, sections: list[Section]) -> QuerySet[Problem]:
    """Visible problems in the sections' statuses, and, when every section is about the user's
    own units, of those units: the database starts from an index, not from the whole ledger."""
    qs = visible_problems(user).filter(status__in={st for s in sections for st in s.statuses})
    own = _own(user)
    if all(s.own for s in sections):
        return qs.filter(own)
    return qs


def _section_q(user, section: Section) -> Q:
    return section.where & _own(user) if section.own else section.where


def count_sections(user, sections: list[Section]) -> None:
    """All the counts in one query, over the union of the sections."""
    if not sections:
        return
    wheres = {s.key: _section_q(user, s) for s in sections}
    union = Q(pk__in=[])
    for q in wheres.values():
        union |= q
    counts = (
        _section_base(user, sections)
        .filter(union)
        .aggregate(**{key: Count("id", filter=q) for key, q in wheres.items()})
    )
    for s in sections:
        s.count = counts[s.key] or 0


def section_problems(user, section: Section, limit: int = 50) -> list[Problem]:
    return list(
        _section_base(user, [section])
        .filter(_section_q(user, section))
        .order_by(*section.order)[:limit]  # names come in two small queries (views.lists)
    )
