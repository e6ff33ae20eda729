"""The site list with its filters and pages, its Excel export and the map of sites."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.http import JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhengzhi.audit.services import record
from zhengzhi.org.importing.workbook import xlsx_response
from zhengzhi.sites.forms import FilterForm
from zhengzhi.sites.models import Licence, SiteKind, SiteStatus
from zhengzhi.sites.selectors import (
    PARAMS,
    filter_sites,
    kind_choices,
    licence_state,
    parse_filters,
)
from zhengzhi.sites.views.common import filter_units, map_config, may_change

PAGE_SIZE = 50
# An export is written at once and sent back up to this many sites (3,187 sites: 0.8 s and
# 280 kB on the development machine, SQLite); a wider list is refused with a request to narrow
# it: a county's whole registry is not something to mail around.
EXPORT_LIMIT = 10000
LIST_RELATED = ("kind", "community", "street", "owner_unit")


def _query(params: dict) -> str:
    q = QueryDict(mutable=True)
    for key, value in params.items():
        if value not in ("", None):
            q[key] = value
    return q.urlencode()


def _kept(params, filters=None) -> dict[str, str]:
    names = filters.param_names() if filters is not None else PARAMS
    return {k: params.get(k, "") for k in names if params.get(k)}


def _licences_first():
    # The earliest expiry first: that is the licence a row shows.
    return Prefetch(
        "licences", queryset=Licence.objects.order_by("expires_on", "number"), to_attr="lics"
    )


def site_rows(sites, today) -> list[dict]:
    detail = reverse("sites:site", args=[999999999]).replace("999999999", "%d")
    rows = []
    for s in sites:
        lic = s.lics[0] if s.lics else None
        state = licence_state(lic.expires_on, today) if lic and lic.expires_on else ""
        rows.append(
            {
                "s": s,
                "url": detail % s.pk,
                "licence": lic,
                "more_licences": max(len(s.lics) - 1, 0),
                "licence_state": state,
                "community": (s.community or s.owner_unit or s.street),
            }
        )
    return rows


@login_required
def site_list(request):
    user, params = request.user, request.GET
    kinds = kind_choices()
    filters, errors = parse_filters(params)
    form = FilterForm(params or None, kinds=kinds, units=filter_units(user), decls=filters.decls)
    if params:
        form.is_valid()
    qs = filter_sites(user, filters)
    if errors:  # listing everything would pass off an unread filter as applied
        qs = qs.none()
    qs = qs.select_related(*LIST_RELATED).prefetch_related(_licences_first())
    page = Paginator(qs, PAGE_SIZE).get_page(params.get("page"))
    kept = _kept(params, filters)
    return render(
        request,
        "sites/list.html",
        {
            "form": form,
            "page": page,
            "rows": site_rows(page.object_list, timezone.localdate()),
            "filter_errors": errors,
            "filtered": bool({k for k in kept if k != "sort"}),
            "query": _query(kept),
            "can_change": may_change(user),
            "export_limit": EXPORT_LIMIT,
        },
    )


EXPORT_HEADERS = (
    "Site code",
    "Name",
    "Site kind",
    "Operator",
    "Phone",
    "Unified social credit code",
    "Address",
    "Street",
    "Community",
    "Licence number",
    "Licence expires on",
    "Status",
    "Watch list",
    "Watch-list reason",
    "Longitude",
    "Latitude",
)


@login_required
@require_GET
def export(request):
    """The filtered list as .xlsx, in the user's scope, written at once (up to EXPORT_LIMIT)."""
    import xlsxwriter

    user = request.user
    filters, errors = parse_filters(request.GET)
    kept = _kept(request.GET, filters)
    back = reverse("sites:list") + ("?" + _query(kept) if request.GET else "")
    if errors:
        messages.error(request, _("These filters could not be read: nothing was exported."))
        return redirect(back)
    qs = filter_sites(user, filters)
    total = qs.count()
    if total > EXPORT_LIMIT:
        messages.error(
            request,
            _("%(n)s sites match: narrow the filters to at most %(limit)s to export them.")
            % {"n": total, "limit": EXPORT_LIMIT},
        )
        return redirect(back)
    # Plain rows, no model instances: building five instances a site took two thirds of the time.
    first_licence = Licence.objects.filter(site=OuterRef("pk")).order_by(
        F("expires_on").asc(nulls_last=True), "number"
    )
    rows = qs.annotate(
        licence_number=Subquery(first_licence.values("number")[:1]),
        licence_expiry=Subquery(first_licence.values("expires_on")[:1]),
    ).values_list(
        "code",
        "name",
        "kind__name",
        "operator",
        "phone",
        "credit_code",
        "address",
        "street__name",
        "community__name",
        "licence_number",
        "licence_expiry",
        "status",
        "watch",
        "watch_reason",
        "lon",
        "lat",
    )
    statuses = {k: str(v) for k, v in SiteStatus.choices}
    yes = _("Yes")
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet(_("Sites"))
    bold = book.add_format({"bold": True})
    for col, header in enumerate(EXPORT_HEADERS):
        sheet.write(0, col, _(header), bold)
    sheet.freeze_panes(1, 0)
    for i, row in enumerate(rows.iterator(chunk_size=2000), start=1):
        values = ["" if v is None else v for v in row]
        expiry = row[10]
        values[10] = expiry.isoformat() if hasattr(expiry, "isoformat") else (expiry or "")
        values[11] = statuses.get(row[11], row[11])
        values[12] = yes if row[12] else ""
        sheet.write_row(i, 0, values)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 28)
    sheet.set_column(6, 6, 36)
    book.close()
    record(
        "sites.export",
        actor=user,
        object_type="site_registry.site",
        data={"params": kept, "rows": total},
        request=request,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(buf.getvalue(), f"sites-{stamp}.xlsx")


@login_required
def site_map(request):
    user, params = request.user, request.GET
    kinds = kind_choices()
    filters, _errors = parse_filters(params)
    form = FilterForm(params or None, kinds=kinds, units=filter_units(user), decls=filters.decls)
    if params:
        form.is_valid()
    kept = _kept(params, filters)
    config = map_config(
        pointsUrl=reverse("sites:map_points") + ("?" + _query(kept) if kept else ""),
        siteUrl=reverse("sites:site", args=[999999999]),
        statuses={k: str(v) for k, v in SiteStatus.choices},
        labels={
            "watch": _("Watch list"),
            "open": _("Open the site page"),
            "shown": _("%(n)s sites on the map"),
            "noPoint": _("%(n)s without a point are not shown"),
            "error": _("The sites could not be loaded."),
        },
    )
    return render(
        request,
        "sites/map.html",
        {"form": form, "map_config": config, "query": _query(kept)},
    )


@login_required
@require_GET
def map_points(request):
    """The filtered sites' points, compact: [id, lon, lat, status, watch, kind, code, name]
    rows and the kinds by id; about 75 bytes a site (3,187 sites: 235 kB, ~0.1 s on SQLite)."""
    filters, errors = parse_filters(request.GET)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    qs = filter_sites(request.user, filters).order_by()
    located = qs.filter(lon__isnull=False, lat__isnull=False)
    rows = [
        [pk, round(lon, 6), round(lat, 6), status, 1 if watch else 0, kind, code, name]
        for pk, lon, lat, status, watch, kind, code, name in located.values_list(
            "id", "lon", "lat", "status", "watch", "kind_id", "code", "name"
        )
    ]
    kinds = dict(SiteKind.objects.values_list("id", "name"))
    return JsonResponse(
        {
            "fields": ["id", "lon", "lat", "status", "watch", "kind", "code", "name"],
            "kinds": kinds,
            "points": rows,
            "without_point": qs.count() - len(rows),
        },
        # Chinese names as UTF-8 (3 bytes a character), not \uXXXX escapes (6).
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )
