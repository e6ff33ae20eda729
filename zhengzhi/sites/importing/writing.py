"""A checked roster written in bulk: new sites with their codes taken in one statement, their
licences and CREATED events; changed sites, their licences and IMPORTED events with the old and
new value of every field. Runs inside the caller's transaction (all or nothing)."""

from __future__ import annotations

from zhengzhi.sites.importing.checking import Plan
from zhengzhi.sites.models import Licence, RosterImport, Site, SiteEvent, SiteKind
from zhengzhi.sites.services.codes import allocate_codes
from zhengzhi.sites.services.sites import search_text

BATCH = 2000


class RosterChanged(Exception):
    """A matched site was changed by someone else between the check and the write."""

    def __init__(self, codes: list[str]):
        super().__init__(codes)
        self.codes = codes


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def write_plan(plan: Plan, *, actor, kind: SiteKind, roster: RosterImport) -> list[int]:
    """Writes the plan; answers the ids of the new sites."""
    now = roster.at
    user = _user(actor)
    locked = {}
    ids = [u.site_id for u in plan.updates]
    for i in range(0, len(ids), BATCH):
        locked.update(
            Site.objects.select_for_update()
            .filter(pk__in=ids[i : i + BATCH])
            .values_list("id", "version")
        )
    stale = [u.code for u in plan.updates if locked.get(u.site_id) != u.version]
    if stale:
        raise RosterChanged(stale)

    codes = allocate_codes(len(plan.new))
    sites = []
    for code, new in zip(codes, plan.new, strict=True):
        v = new.values
        sites.append(
            Site(
                code=code,
                kind=kind,
                attributes=new.attributes,
                search_text=search_text(v["name"], v["operator"], v["address"]),
                created_by=user,
                **v,
            )
        )
    Site.objects.bulk_create(sites, batch_size=BATCH)
    licences = [
        Licence(
            site_id=site.pk,
            name=kind.licence_name or kind.name,
            number=new.licence.number,
            issuer=new.licence.issuer,
            issued_on=new.licence.issued_on,
            expires_on=new.licence.expires_on,
        )
        for site, new in zip(sites, plan.new, strict=True)
        if new.licence is not None
    ]
    events = [
        SiteEvent(
            site_id=site.pk,
            kind=SiteEvent.Kind.CREATED,
            at=now,
            actor=user,
            changes={"import": roster.pk, "row": new.row},
        )
        for site, new in zip(sites, plan.new, strict=True)
    ]

    changed_sites = []
    changed_licences = []
    fields: set[str] = set()
    for u in plan.updates:
        site = Site(pk=u.site_id, version=u.version + 1, **u.values)
        fields.update(u.values)
        changed_sites.append((site, u))
        if u.licence is not None:
            if u.licence_id is None:
                licences.append(Licence(site_id=u.site_id, name=kind.licence_name or kind.name,
                                        **u.licence))  # fmt: skip
            else:
                changed_licences.append((Licence(pk=u.licence_id, **u.licence), u.licence))
        events.append(
            SiteEvent(
                site_id=u.site_id,
                kind=SiteEvent.Kind.IMPORTED,
                at=now,
                actor=user,
                changes={**u.diff, "import": roster.pk, "row": u.row},
            )
        )
    if changed_sites:
        _update_sites(changed_sites, fields, now)
    # Licence(pk=..., **changed) holds only the changed fields: each group writes only those.
    by_keys: dict[tuple[str, ...], list[Licence]] = {}
    for lic, changed in changed_licences:
        by_keys.setdefault(tuple(sorted(changed)), []).append(lic)
    for keys, group in by_keys.items():
        Licence.objects.bulk_update(group, list(keys), batch_size=BATCH)
    Licence.objects.bulk_create(licences, batch_size=BATCH)
    SiteEvent.objects.bulk_create(events, batch_size=BATCH)
    return [s.pk for s in sites]


def _update_sites(changed, fields: set[str], now) -> None:
    """bulk_update per set of changed fields, so a sheet that changes phones only writes
    phones; search_text follows name, operator and address, which are read back first."""
    if fields & {"name", "operator", "address"}:
        current = {
            pk: (name, operator, address)
            for pk, name, operator, address in Site.objects.filter(
                pk__in=[s.pk for s, _u in changed]
            ).values_list("id", "name", "operator", "address")
        }
    groups: dict[tuple[str, ...], list[Site]] = {}
    for site, u in changed:
        keys = set(u.values) | {"version", "updated_at"}
        site.updated_at = now
        if keys & {"name", "operator", "address"}:
            name, operator, address = current[site.pk]
            site.search_text = search_text(
                u.values.get("name", name),
                u.values.get("operator", operator),
                u.values.get("address", address),
            )
            keys.add("search_text")
        groups.setdefault(tuple(sorted(keys)), []).append(site)
    for keys, group in groups.items():
        Site.objects.bulk_update(group, list(keys), batch_size=BATCH)
