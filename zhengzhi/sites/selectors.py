"""Reading the registry: the site list's filters (shared by the list page, its export, the map's
points and the API), licence expiry states, a school's protected perimeter."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.sites import attribute_filters, search
from zhengzhi.sites.kinds import FieldDecl, parse_fields
from zhengzhi.sites.models import Licence, LicenceState, Site, SiteKind, SiteStatus
from zhengzhi.sites.scope import visible_sites

EXPIRY_SOON = dt.timedelta(days=30)
# The licence filter: the state of a site's earliest-expiring licence, or no licence at all.
LICENCE_FILTERS = ("expired", "expiring", "valid", "none")
SORTS = {
    "code": ("code",),
    "-code": ("-code",),
    "name": ("name", "code"),
    "-name": ("-name", "-code"),
    # Sites without an expiry date last either way.
    "expiry": (F("next_expiry").asc(nulls_last=True), "code"),
    "-expiry": (F("next_expiry").desc(nulls_last=True), "-code"),
}
PARAMS = ("kind", "group", "status", "licence", "watch", "unit", "grid", "q", "sort")


@dataclass
class SiteFilters:
    kind: str = ""
    group: str = ""
    status: str = ""
    licence: str = ""
    watch: bool = False
    unit: int | None = None
    grid: int | None = None
    q: str = ""
    sort: str = "code"
    # With one kind: filters on its declared fields (attribute_filters), and the declarations.
    attrs: list[attribute_filters.AttributeFilter] = field(default_factory=list)
    decls: list[FieldDecl] = field(default_factory=list)

    def param_names(self) -> list[str]:
        """The GET parameters these filters read, the kind's own fields included."""
        return [*PARAMS, *attribute_filters.param_names(self.decls)]


def _int(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else None


def parse_filters(params) -> tuple[SiteFilters, dict[str, str]]:
    """The filters from a GET (or any mapping of strings), and a reason per value that cannot
    be read: a list showing everything under an unread filter would pass it off as applied."""
    f, errors = SiteFilters(), {}

    def get(key: str) -> str:
        return str(params.get(key, "") or "").replace("\x00", "").strip()[:200]

    f.kind, f.group, f.q = get("kind"), get("group"), get("q")
    if (status := get("status")) and status not in SiteStatus.values:
        errors["status"] = _("unknown status")
    else:
        f.status = status
    if (licence := get("licence")) and licence not in LICENCE_FILTERS:
        errors["licence"] = _("unknown licence state")
    else:
        f.licence = licence
    f.watch = get("watch") in ("1", "on", "true")
    for key in ("unit", "grid"):
        if raw := get(key):
            value = _int(raw)
            if value is None:
                errors[key] = _("not a number")
            setattr(f, key, value)
    if (sort := get("sort")) and sort not in SORTS:
        errors["sort"] = _("unknown order")
    elif sort:
        f.sort = sort
    if f.kind:
        declared = SiteKind.objects.filter(code=f.kind).values_list("fields", flat=True).first()
        f.decls = parse_fields(declared or [])
        f.attrs, attr_errors = attribute_filters.parse(get, f.decls)
        errors.update(attr_errors)
    return f, errors


def with_next_expiry(qs: QuerySet) -> QuerySet:
    """Each site's earliest licence expiry, one subquery (no join that multiplies rows)."""
    earliest = (
        Licence.objects.filter(site=OuterRef("pk"), expires_on__isnull=False)
        .order_by("expires_on")
        .values("expires_on")[:1]
    )
    return qs.annotate(next_expiry=Subquery(earliest))


def filter_sites(user, f: SiteFilters, *, today: dt.date | None = None) -> QuerySet:
    """The sites the user may see that match the filters, in the asked order."""
    today = today or timezone.localdate()
    qs = with_next_expiry(visible_sites(user))
    if f.kind:
        qs = qs.filter(kind__code=f.kind)
    if f.group:
        qs = qs.filter(kind__group=f.group)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.watch:
        qs = qs.filter(watch=True)
    if f.unit is not None:
        qs = qs.filter(Q(owner_unit_id=f.unit) | Q(community_id=f.unit) | Q(street_id=f.unit))
    if f.grid is not None:
        qs = qs.filter(grid_id=f.grid)
    if f.licence == "none":
        qs = qs.filter(~Exists(Licence.objects.filter(site=OuterRef("pk"))))
    elif f.licence == "expired":
        qs = qs.filter(next_expiry__lt=today)
    elif f.licence == "expiring":
        qs = qs.filter(next_expiry__gte=today, next_expiry__lt=today + EXPIRY_SOON)
    elif f.licence == "valid":
        has = Exists(Licence.objects.filter(site=OuterRef("pk")))
        qs = qs.filter(has).filter(
            Q(next_expiry__isnull=True) | Q(next_expiry__gte=today + EXPIRY_SOON)
        )
    if f.attrs:
        qs = attribute_filters.apply(qs, f.attrs)
    if f.q:
        qs = search.filter_text(qs, f.q)
    return qs.order_by(*SORTS[f.sort])


def licence_state(expires_on: dt.date | None, today: dt.date) -> str:
    if expires_on is None:
        return LicenceState.VALID
    if expires_on < today:
        return LicenceState.EXPIRED
    if expires_on < today + EXPIRY_SOON:
        return LicenceState.EXPIRING
    return LicenceState.VALID


def kind_choices() -> list[tuple[str, str, str]]:
    """(code, name, group) of the active kinds, in their order."""
    return list(SiteKind.objects.filter(is_active=True).values_list("code", "name", "group"))


# ---- a school's protected perimeter -----------------------------------------------------------

EARTH_RADIUS_M = 6371008.8


def haversine_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def perimeter_sites(user, site: Site) -> tuple[int, list[tuple[Site, float]]]:
    """(distance, [(site, metres)]) of the perimeter kinds' sites the user may see within the
    kind's distance of the site, nearest first. A bounding box in SQL, then the exact distance."""
    perimeter = site.kind.perimeter or {}
    distance = perimeter.get("distance_m")
    codes = perimeter.get("kinds") or []
    if not distance or not codes or site.lon is None or site.lat is None:
        return 0, []
    distance = float(distance)
    dlat = math.degrees(distance / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(site.lat)), 1e-6)
    near = (
        visible_sites(user)
        .filter(kind__code__in=codes)
        .filter(lat__gte=site.lat - dlat, lat__lte=site.lat + dlat)
        .filter(lon__gte=site.lon - dlon, lon__lte=site.lon + dlon)
        .exclude(pk=site.pk)
        .select_related("kind")
    )
    found = [(s, haversine_m(site.lon, site.lat, s.lon, s.lat)) for s in near]
    found = [(s, d) for s, d in found if d <= distance]
    found.sort(key=lambda pair: pair[1])
    return int(distance), found
