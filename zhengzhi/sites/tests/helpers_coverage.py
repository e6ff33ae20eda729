"""Sites for the search, coverage, watch and licence tests: written in bulk as a roster import
would, with their search text, owner and kind."""

from __future__ import annotations

import itertools

from zhengzhi.sites.models import Licence, Site, SiteKind
from zhengzhi.sites.services.sites import search_text

_codes = itertools.count(1)


def kind(code: str = "small_restaurant") -> SiteKind:
    return SiteKind.objects.get(code=code)


def make_site(name: str, *, owner=None, kind_code: str = "small_restaurant", **fields) -> Site:
    n = next(_codes)
    licences = fields.pop("licences", [])
    site = Site.objects.create(
        code=fields.pop("code", f"T{n:08d}"),
        name=name,
        kind=kind(kind_code),
        owner_unit=owner,
        community=owner if owner is not None and owner.level == "community" else None,
        search_text=search_text(name, fields.get("operator", ""), fields.get("address", "")),
        **fields,
    )
    for number, expires_on in licences:
        Licence.objects.create(site=site, name="许可证", number=number, expires_on=expires_on)
    return site


def event_source(note: str):
    """A registry source made of the sites' own events with this note: (start, end) -> rows
    {site_id, n} (offences) or site ids (contacts), as the ledger's problems will be."""
    from django.db.models import Count

    from zhengzhi.sites.models import SiteEvent

    def rows(start, end):
        return (
            SiteEvent.objects.filter(note=note, at__gte=start, at__lt=end)
            .values("site_id")
            .annotate(n=Count("id"))
            .order_by()
        )

    def ids(start, end):
        return SiteEvent.objects.filter(note=note, at__gte=start, at__lt=end).values_list(
            "site_id", flat=True
        )

    return rows, ids


def add_event(site, at, note: str):
    from zhengzhi.sites.models import SiteEvent

    return SiteEvent.objects.create(site=site, kind=SiteEvent.Kind.CHANGED, at=at, note=note)
