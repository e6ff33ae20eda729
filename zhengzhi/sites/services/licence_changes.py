"""Adding a licence to a site and renewing one (a new expiry, and a new number when the issuer
gave one). Each is a line of the site's timeline and of the audit log."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.sites.models import Licence, Site, SiteEvent
from zhengzhi.sites.services.errors import SiteError
from zhengzhi.sites.services.sites import LicenceInput, _check_licences, _user, lock_site


def _check_dates(issued_on: dt.date | None, expires_on: dt.date | None) -> None:
    if issued_on and expires_on and expires_on < issued_on:
        raise SiteError(_("A licence cannot expire before it is issued."), "expires_on")


def _touch(site: Site) -> None:
    site.version += 1
    site.save(update_fields=["version", "updated_at"])


@transaction.atomic
def add_licence(actor, site_id: int, *, version: int | None, licence: LicenceInput, request=None):
    site = lock_site(actor, site_id, version)
    # Against every site, this one included (a number it already holds is not a new licence).
    _check_licences(site.kind, [licence], None)
    _check_dates(licence.issued_on, licence.expires_on)
    lic = Licence.objects.create(
        site=site,
        name=(licence.name or site.kind.licence_name or _("Licence"))[:60],
        number=licence.number.strip(),
        issuer=licence.issuer.strip(),
        issued_on=licence.issued_on,
        expires_on=licence.expires_on,
    )
    _touch(site)
    expiry = lic.expires_on.isoformat() if lic.expires_on else None
    SiteEvent.objects.create(
        site=site,
        kind=SiteEvent.Kind.LICENCE,
        at=timezone.now(),
        actor=_user(actor),
        changes={"licence": [None, lic.number], "expires_on": [None, expiry]},
    )
    record(
        "sites.licence.added",
        actor=actor,
        obj=site,
        data={"number": lic.number, "expires_on": expiry},
        request=request,
    )
    return lic


@transaction.atomic
def renew_licence(
    actor,
    site_id: int,
    licence_id: int,
    *,
    version: int | None,
    expires_on: dt.date,
    issued_on: dt.date | None = None,
    number: str = "",
    request=None,
):
    """A renewed licence starts its expiry notices afresh (the worker tells the units again
    when the new date comes near)."""
    site = lock_site(actor, site_id, version)
    lic = Licence.objects.select_for_update().filter(site=site, pk=licence_id).first()
    if lic is None:
        raise SiteError(_("There is no such licence at this site."), "not_found")
    number = number.strip() or lic.number
    if number != lic.number:
        _check_licences(site.kind, [LicenceInput(number=number)], None)
    _check_dates(issued_on or lic.issued_on, expires_on)
    old_number, old_expiry = lic.number, lic.expires_on
    lic.number, lic.expires_on = number, expires_on
    if issued_on:
        lic.issued_on = issued_on
    lic.notified_state = ""
    lic.save()
    _touch(site)
    changes: dict[str, list] = {}
    if old_number != number:
        changes["licence"] = [old_number, number]
    if old_expiry != expires_on:
        before = old_expiry.isoformat() if old_expiry else None
        changes["expires_on"] = [before, expires_on.isoformat()]
    SiteEvent.objects.create(
        site=site,
        kind=SiteEvent.Kind.LICENCE,
        at=timezone.now(),
        actor=_user(actor),
        changes=changes,
        note=number,
    )
    record(
        "sites.licence.renewed",
        actor=actor,
        obj=site,
        data={k: [str(v[0]), str(v[1])] for k, v in changes.items()},
        request=request,
    )
    return lic
