"""Registering and changing sites, one at a time (the roster import has its own bulk path in
zhengzhi.sites.importing that applies the same checks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.sites import credit_code
from zhengzhi.sites.kinds import clean_attributes, parse_fields
from zhengzhi.sites.models import Licence, Site, SiteEvent, SiteKind, SiteStatus
from zhengzhi.sites.scope import visible_sites
from zhengzhi.sites.services.codes import allocate_codes
from zhengzhi.sites.services.errors import SiteError, StaleSite

# The plain fields a form, the API or a sheet may set (besides kind, point and attributes).
PLAIN_FIELDS = ("name", "operator", "phone", "credit_code", "address")


@dataclass(frozen=True)
class LicenceInput:
    number: str
    name: str = ""
    issuer: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None


def search_text(name: str, operator: str, address: str) -> str:
    return " ".join(p for p in (name, operator, address) if p)


def clean_credit_code(value: str) -> str:
    """The normalised code, or SiteError naming what is wrong. Blank is allowed."""
    code = credit_code.normalise(value or "")
    if not code:
        return ""
    reason = credit_code.problem(code)
    if reason == "length":
        raise SiteError(_("A unified social credit code has 18 characters."), "credit_code")
    if reason == "character":
        raise SiteError(
            _(
                "A unified social credit code has only digits and capital letters"
                " (not I, O, S, V, Z)."
            ),
            "credit_code",
        )
    if reason == "check":
        raise SiteError(
            _("This unified social credit code is wrong: its check character does not match."),
            "credit_code",
        )
    return code


def route(lon: float | None, lat: float | None) -> dict[str, Any]:
    """Grid, community, street and owning unit of a point, as problems are routed."""
    from zhengzhi.territory.routing import resolve_point

    if lon is None or lat is None:
        return {"grid_id": None, "community_id": None, "street_id": None, "owner_unit_id": None}
    r = resolve_point(lon, lat)
    return {
        "grid_id": r.grid_id,
        "community_id": r.community_id,
        "street_id": r.street_id,
        "owner_unit_id": r.unit_id,
    }


def _check_point(lon, lat) -> None:
    if (lon is None) != (lat is None):
        raise SiteError(_("Give both longitude and latitude, or neither."), "point")
    if lon is not None and not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise SiteError(_("The point is outside the range of longitude and latitude."), "point")


def _check_licences(kind: SiteKind, licences: list[LicenceInput], site: Site | None) -> None:
    numbers = [lic.number.strip() for lic in licences]
    if any(not n for n in numbers):
        raise SiteError(_("A licence needs its number."), "licence_number")
    if len(set(numbers)) != len(numbers):
        raise SiteError(_("The same licence number is given twice."), "licence_number")
    clash = Licence.objects.filter(number__in=numbers)
    if site is not None:
        clash = clash.exclude(site=site)
    taken = clash.select_related("site").first()
    if taken is not None:
        raise SiteError(
            _("Licence %(number)s already belongs to site %(site)s.")
            % {"number": taken.number, "site": taken.site.code},
            "licence_number",
        )


@transaction.atomic
def register_site(
    actor,
    *,
    kind: SiteKind,
    name: str,
    operator: str = "",
    phone: str = "",
    credit_code: str = "",
    address: str = "",
    lon: float | None = None,
    lat: float | None = None,
    attributes: dict[str, Any] | None = None,
    licences: list[LicenceInput] | None = None,
    status: str = SiteStatus.OPEN,
    request=None,
) -> Site:
    name = (name or "").strip()
    if not name:
        raise SiteError(_("A site needs its name."), "name")
    if status not in SiteStatus.values:
        raise SiteError(_("Unknown status."), "status")
    code = clean_credit_code(credit_code)
    _check_point(lon, lat)
    values, errors = clean_attributes(parse_fields(kind.fields), attributes or {})
    if errors:
        raise SiteError(_("Some of the kind's fields cannot be read."), "attributes", errors=errors)
    licences = licences or []
    if kind.licence_required and not licences:
        raise SiteError(_("A %(kind)s needs its licence.") % {"kind": kind.name}, "licence_number")
    _check_licences(kind, licences, None)
    site = Site(
        code=allocate_codes(1)[0],
        name=name,
        kind=kind,
        operator=operator.strip(),
        phone=phone.strip(),
        credit_code=code,
        address=address.strip(),
        lon=lon,
        lat=lat,
        status=status,
        attributes=values,
        search_text=search_text(name, operator.strip(), address.strip()),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **route(lon, lat),
    )
    site.save()
    for lic in licences:
        Licence.objects.create(
            site=site,
            name=lic.name or kind.licence_name,
            number=lic.number.strip(),
            issuer=lic.issuer,
            issued_on=lic.issued_on,
            expires_on=lic.expires_on,
        )
    SiteEvent.objects.create(
        site=site, kind=SiteEvent.Kind.CREATED, at=timezone.now(), actor=_user(actor)
    )
    record("sites.site.created", actor=actor, obj=site, request=request)
    return site


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def lock_site(actor, site_id: int, version: int | None) -> Site:
    try:
        site = (
            visible_sites(actor)
            .select_for_update(of=("self",))
            .select_related("kind")
            .get(pk=site_id)
        )
    except Site.DoesNotExist:
        raise SiteError(_("There is no such site."), "not_found") from None
    if version is not None and site.version != version:
        raise StaleSite()
    return site


@transaction.atomic
def update_site(
    actor,
    site_id: int,
    *,
    version: int | None,
    changes: dict[str, Any],
    attributes: dict[str, Any] | None = None,
    request=None,
) -> Site:
    """Changes plain fields, the point (lon and lat together) and attributes (merged: keys not
    given stay as they are). Records the old and new value of each changed field."""
    site = lock_site(actor, site_id, version)
    diff: dict[str, list] = {}
    for field in PLAIN_FIELDS:
        if field in changes:
            value = (changes[field] or "").strip()
            if field == "credit_code":
                value = clean_credit_code(value)
            if field == "name" and not value:
                raise SiteError(_("A site needs its name."), "name")
            if getattr(site, field) != value:
                diff[field] = [getattr(site, field), value]
                setattr(site, field, value)
    if "lon" in changes or "lat" in changes:
        lon, lat = changes.get("lon"), changes.get("lat")
        _check_point(lon, lat)
        if (lon, lat) != (site.lon, site.lat):
            diff["point"] = [[site.lon, site.lat], [lon, lat]]
            site.lon, site.lat = lon, lat
            for key, value in route(lon, lat).items():
                setattr(site, key, value)
    if attributes is not None:
        values, errors = clean_attributes(parse_fields(site.kind.fields), attributes, partial=True)
        if errors:
            raise SiteError(
                _("Some of the kind's fields cannot be read."), "attributes", errors=errors
            )
        merged = {**site.attributes, **values}
        for key in attributes:
            if key not in values:  # given blank: cleared
                merged.pop(key, None)
        for key in sorted(set(merged) | set(site.attributes)):
            if merged.get(key) != site.attributes.get(key):
                diff[f"attr:{key}"] = [site.attributes.get(key), merged.get(key)]
        site.attributes = merged
    if not diff:
        return site
    site.search_text = search_text(site.name, site.operator, site.address)
    site.version += 1
    site.save()
    SiteEvent.objects.create(
        site=site, kind=SiteEvent.Kind.CHANGED, at=timezone.now(), actor=_user(actor), changes=diff
    )
    record("sites.site.updated", actor=actor, obj=site, data={"changes": diff}, request=request)
    return site


@transaction.atomic
def set_status(
    actor, site_id: int, *, version: int | None, status: str, note: str = "", request=None
) -> Site:
    if status not in SiteStatus.values:
        raise SiteError(_("Unknown status."), "status")
    site = lock_site(actor, site_id, version)
    if site.status == status:
        return site
    old = site.status
    site.status = status
    site.version += 1
    site.save(update_fields=["status", "version", "updated_at"])
    SiteEvent.objects.create(
        site=site,
        kind=SiteEvent.Kind.STATUS,
        at=timezone.now(),
        actor=_user(actor),
        changes={"status": [old, status]},
        note=note[:200],
    )
    record(
        "sites.site.status",
        actor=actor,
        obj=site,
        data={"from": old, "to": status},
        request=request,
    )
    return site


@transaction.atomic
def set_watch(
    actor, site_id: int, *, version: int | None, watch: bool, reason: str = "", request=None
) -> Site:
    """Puts a site on the watch list (重点户) with its reason, or takes it off."""
    site = lock_site(actor, site_id, version)
    reason = reason.strip()
    if watch and not reason:
        raise SiteError(_("Say why the site goes on the watch list."), "watch_reason")
    if site.watch == watch and (not watch or site.watch_reason == reason):
        return site
    now = timezone.now()
    site.watch = watch
    site.watch_reason = reason if watch else ""
    site.watch_since = (site.watch_since or now) if watch else None
    site.version += 1
    site.save(update_fields=["watch", "watch_reason", "watch_since", "version", "updated_at"])
    SiteEvent.objects.create(
        site=site,
        kind=SiteEvent.Kind.WATCHED if watch else SiteEvent.Kind.UNWATCHED,
        at=now,
        actor=_user(actor),
        note=reason[:200],
    )
    record(
        "sites.site.watched" if watch else "sites.site.unwatched",
        actor=actor,
        obj=site,
        data={"reason": reason},
        request=request,
    )
    return site
