"""The site page: every field, the kind's attributes, licences, the small map, the actions the
reader may take, the school's perimeter and the timeline (the site's own events merged with what
the apps above contribute through zhengzhi.sites.registry)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.sites import registry
from zhengzhi.sites.forms import LicenceForm, RenewForm, StatusForm, WatchForm
from zhengzhi.sites.kinds import display_value, parse_fields
from zhengzhi.sites.models import Site, SiteEvent, SiteStatus
from zhengzhi.sites.scope import get_site_for_user
from zhengzhi.sites.selectors import licence_state, perimeter_sites
from zhengzhi.sites.views.common import map_config, may_change

EVENT_LIMIT = 200
PLAIN_LABELS = {f: Site._meta.get_field(f).verbose_name for f in ("name", "operator", "phone")}


def _field_labels(kind) -> dict[str, str]:
    labels = {
        **{k: str(v) for k, v in PLAIN_LABELS.items()},
        "credit_code": _("Unified social credit code"),
        "address": _("Address"),
        "point": _("Point"),
        "status": _("Status"),
        "licence": _("Licence number"),
        "expires_on": _("Expires on"),
    }
    for decl in parse_fields(kind.fields):
        labels[f"attr:{decl.key}"] = decl.title()
    return labels


def _show(key: str, value, decls: dict) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if key == "status":
        return str(dict(SiteStatus.choices).get(value, value))
    if key == "point" and isinstance(value, list):
        return ", ".join("" if v is None else f"{v:.6f}" for v in value)
    if key.startswith("attr:") and key[5:] in decls:
        return display_value(decls[key[5:]], value) or "—"
    return str(value)


def site_events(site, user) -> list[dict]:
    """The site's own events and the registered sources' entries, newest first."""
    decls = {d.key: d for d in parse_fields(site.kind.fields)}
    labels = _field_labels(site.kind)
    kinds = dict(SiteEvent.Kind.choices)
    entries = []
    events = site.events.select_related("actor").order_by("-at", "-id")[:EVENT_LIMIT]
    for e in events:
        changes = [
            (labels.get(k, k), _show(k, v[0], decls), _show(k, v[1], decls))
            for k, v in (e.changes or {}).items()
            if isinstance(v, list) and len(v) == 2
        ]
        entries.append(
            {
                "at": e.at,
                "title": str(kinds.get(e.kind, e.kind)),
                "who": (e.actor.full_name or e.actor.username) if e.actor else "",
                "note": e.note,
                "changes": changes,
                "source": "site",
            }
        )
    for source in registry.timeline_sources():
        for item in source.fn(site, user):
            entries.append(
                {
                    "at": item.at,
                    "title": item.title,
                    "note": item.detail,
                    "url": item.url,
                    "status": item.status,
                    "source": item.source,
                    "source_label": str(source.label),
                }
            )
    entries.sort(key=lambda entry: entry["at"], reverse=True)
    return entries


def _record_url(site) -> str:
    try:
        return reverse("ledger:new") + f"?site={site.pk}"
    except NoReverseMatch:  # a deployment without the ledger
        return ""


@login_required
def site_page(request, pk: int, forms: dict | None = None):
    user = request.user
    site = get_site_for_user(
        user, pk, Site.objects.select_related("kind", "grid", "community", "street", "owner_unit")
    )
    today = timezone.localdate()
    decls = parse_fields(site.kind.fields)
    attributes = [(d.title(), display_value(d, site.attributes.get(d.key))) for d in decls]
    licences = [
        (lic, licence_state(lic.expires_on, today) if lic.expires_on else "")
        for lic in site.licences.all()
    ]
    distance, near = perimeter_sites(user, site)
    change = may_change(user)
    forms = forms or {}
    context = {
        "site": site,
        "attributes": attributes,
        "licences": licences,
        "timeline": site_events(site, user),
        "perimeter": site.kind.perimeter if site.kind.perimeter else None,
        "perimeter_distance": distance,
        "perimeter_sites": near,
        "can_change": change,
        "record_url": _record_url(site) if change else "",
        "site_actions": registry.site_actions(site, user),
        "map_config": map_config(
            point=[site.lon, site.lat] if site.lon is not None else None,
            radius=distance or None,
            near=[[s.lon, s.lat, s.name] for s, _d in near],
        ),
    }
    if change:
        context |= {
            "status_form": forms.get("status")
            or StatusForm(initial={"status": site.status, "version": site.version}),
            "watch_form": forms.get("watch")
            or WatchForm(
                initial={
                    "watch": not site.watch,
                    "reason": site.watch_reason,
                    "version": site.version,
                }
            ),
            "licence_form": forms.get("licence") or LicenceForm(initial={"version": site.version}),
            "renew_form": forms.get("renew") or RenewForm(initial={"version": site.version}),
            "open_form": next(iter(forms), ""),
        }
    return render(request, "sites/site.html", context)
