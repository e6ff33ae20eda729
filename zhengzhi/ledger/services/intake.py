"""Recording a problem: numbered, placed, routed to its owner (块) and department (条)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import record
from zhengzhi.ledger.models import Category, EventKind, Problem, ProblemEvent, Source, Status
from zhengzhi.ledger.registry import record_extensions
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.services.numbering import next_number
from zhengzhi.ledger.services.permissions import can_dispatch
from zhengzhi.org.scope import scope_for
from zhengzhi.sites.scope import visible_sites
from zhengzhi.territory import routing


@dataclass(frozen=True)
class Placement:
    grid_id: int | None
    community_id: int | None
    street_id: int | None
    owner_unit_id: int | None
    via: str


def place(lon: float | None, lat: float | None) -> Placement:
    """以块为主、属地管理: the point's grid gives the community, which owns the problem by default;
    outside every grid, the territorial unit whose boundary holds the point."""
    if lon is None or lat is None:
        return Placement(None, None, None, None, "none")
    try:
        r = routing.resolve_point(lon, lat)
    except ValueError as exc:
        raise MoveError(str(exc), "invalid") from None
    return Placement(r.grid_id, r.community_id, r.street_id, r.unit_id, r.via)


def _extensions(extras: Mapping[str, Any] | None) -> list[tuple[Any, Any]]:
    """(extension, value) for each value given; a key no app registered is a caller's bug."""
    if not extras:
        return []
    known = {e.key: e for e in record_extensions()}
    if unknown := set(extras) - set(known):
        raise ValueError(f"no record extension {sorted(unknown)}")
    return [(known[k], extras[k]) for k in known if extras.get(k) is not None]


def _site(actor, site_id: int | None):
    """The site a problem is recorded at: one the recorder may see (a site outside their scope
    is refused as if it did not exist). The public names no site."""
    if site_id is None:
        return None
    site = visible_sites(actor).filter(pk=site_id).first() if actor is not None else None
    if site is None:
        raise MoveError(_("There is no such site."), "invalid")
    return site


@transaction.atomic
def report_problem(
    *,
    actor,
    source: str,
    category: Category,
    description: str,
    lon: float | None = None,
    lat: float | None = None,
    address: str = "",
    photo_ids: list | None = None,
    extras: Mapping[str, Any] | None = None,
    priority: int | None = None,
    register: bool = False,
    reported_at: dt.datetime | None = None,
    site_id: int | None = None,
    request=None,
) -> Problem:
    # actor=None: a report from the public (the citizen's page, Open311, the hotline's intake),
    # recorded without a staff member; zhengzhi.public.services.intake is its only caller.
    # `extras`: values of the record extensions the apps above the ledger registered, by key
    # (registry.RecordExtension), checked before and applied after the problem is written.
    if actor is None:
        if source not in (Source.PUBLIC, Source.HOTLINE):
            raise MoveError(_("You may not record problems."), "not_allowed")
    elif not scope_for(actor).can_write:
        raise MoveError(_("You may not record problems."), "not_allowed")
    if source not in Source.values:
        raise MoveError(_("Unknown source."), "invalid")
    if category.parent_id is None or not category.is_active:
        raise MoveError(_("Choose an active sub-category."), "invalid")
    description = (description or "").strip()
    if not description:
        raise MoveError(_("Please describe the problem."), "invalid")
    if lon is None and not address.strip():
        raise MoveError(_("Give the place: a point on the map or an address."), "invalid")
    extensions = _extensions(extras)
    for extension, value in extensions:
        extension.validate(actor, value)
    site = _site(actor, site_id)
    where = place(lon, lat)
    if where.via == "none" and lon is not None:
        # Outside every grid and territory boundary: nobody would own it, and a wrong tap (or a
        # phone's stale location) is likelier than a problem outside the jurisdiction.
        raise MoveError(
            _(
                "The point is outside this district's territory: check it on the map, or leave "
                "the map out and give the address."
            ),
            "out_of_area",
        )
    now = reported_at or timezone.now()
    p = Problem.objects.create(
        number=next_number(timezone.localtime(now).year),
        source=source,
        category=category,
        main_category_id=category.parent_id,
        description=description,
        address=address.strip(),
        lon=lon,
        lat=lat,
        grid_id=where.grid_id,
        community_id=where.community_id,
        street_id=where.street_id,
        owner_unit_id=where.owner_unit_id,
        supporting_unit_id=category.department_id,
        priority=priority or category.priority,
        status=Status.REPORTED,
        reported_by=actor,
        reported_at=now,
        site=site,
    )
    audit_data = {"source": source, "category": category.code, "via": where.via}
    if site is not None:
        audit_data["site"] = site.code
    for extension, value in extensions:
        audit_data |= extension.apply(p, value, actor) or {}
    ProblemEvent.objects.create(
        problem=p,
        kind=EventKind.REPORT,
        at=now,
        actor=actor,
        actor_unit_id=getattr(actor, "unit_id", None),
        to_status=p.status,
        note=description[:500],
        data={"via": where.via},
    )
    record(
        "problem.report",
        actor=actor,
        obj=p,
        unit_id=p.owner_unit_id,
        request=request,
        data=audit_data,
    )
    if photo_ids:
        from zhengzhi.ledger.services.moves import _attach

        _attach(photo_ids, p, actor, "before")
    if register and actor is not None and can_dispatch(actor):
        from zhengzhi.ledger.services.moves import register as register_move

        p = register_move(p.pk, actor=actor, version=p.version, request=request)
    return p
