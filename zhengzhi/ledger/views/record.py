"""Recording a problem on a phone: tap the map (or use the phone's location), see the grid and
the unit that will own it, pick the category, describe, take photos, save."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengzhi.core.roles import Role
from zhengzhi.files.models import StoredFile
from zhengzhi.ledger.forms import RecordForm, category_groups
from zhengzhi.ledger.models import CategoryKind, Source
from zhengzhi.ledger.registry import record_extensions
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.services.intake import report_problem
from zhengzhi.ledger.services.permissions import can_dispatch
from zhengzhi.ledger.views.common import map_settings, route_url, store_photos
from zhengzhi.org.scope import scope_for
from zhengzhi.sites.scope import get_site_for_user, visible_sites


def _default_source(user) -> str:
    if user.has_role(Role.DISPATCHER, Role.SHIFT_LEADER):
        return Source.HOTLINE
    if user.has_role(Role.INSPECTOR):
        return Source.INSPECTION
    return Source.PATROL


def _labels() -> dict:
    return {
        "grid": _("Grid"),
        "community": _("Community"),
        "street": _("Street"),
        "owner": _("Owner unit"),
        "noGrid": _("No grid covers this point; the unit whose boundary holds it owns it."),
        "nowhere": _(
            "This point is outside every grid and boundary: check it, or give an address."
        ),
        "locating": _("Finding your location…"),
        "located": _("Your location, within about %(m)s m."),
        "noLocation": _("Your location is not available: tap the map instead."),
        "routing": _("Looking up the grid…"),
        "routeError": _("The grid could not be looked up; the point is kept."),
        "mapError": _("The grid map could not be loaded; you can still tap or use your location."),
        "photosChosen": _("%(n)s photo(s) chosen"),
        "mainCategory": _("Main category"),
        "subCategory": _("Sub-category"),
        "kinds": {str(k): str(label) for k, label in CategoryKind.choices},
    }


def _extension_fields(user) -> list[tuple[str, object]]:
    """(key, form field) the apps above the ledger add to the form for this user."""
    out = []
    for extension in record_extensions():
        field = extension.form_field(user)
        if field is not None:
            out.append((extension.key, field))
    return out


@login_required
def record(request):
    user = request.user
    if not scope_for(user).can_write:
        raise Http404  # leaders read; they do not record
    may_register = can_dispatch(user)
    extensions = _extension_fields(user)
    initial = {"source": _default_source(user)}
    # "Record a problem at this site" (?site=): the site's point and address, so its owner; a
    # site outside the user's scope is not found.
    site = None
    asked_site = request.POST.get("site") or request.GET.get("site") or ""
    if asked_site:
        if not asked_site.isdigit() or len(asked_site) > 12:
            raise Http404
        site = get_site_for_user(user, int(asked_site), visible_sites(user))
        if request.method != "POST":
            initial |= {"site": site.pk, "lon": site.lon, "lat": site.lat, "address": site.address}
    # "Record a problem" from another app's page preselects its choice (?key=value).
    for key, field in extensions:
        # A value that is not one of this user's choices preselects nothing.
        with contextlib.suppress(ValidationError):
            if asked := request.GET.get(key, ""):
                initial[key] = field.clean(asked)
    form = RecordForm(
        request.POST or None,
        request.FILES or None,
        can_register=may_register,
        extensions=extensions,
        initial=initial,
    )
    photo_ids: list[str] = []
    if request.method == "POST":
        valid = form.is_valid()
        photo_ids, errors = store_photos(
            request, request.FILES.getlist("photos"), unit=user.unit, purpose="before"
        )
        for error in errors:
            form.add_error("photos", error)
        if valid and not errors:
            data = form.cleaned_data
            try:
                problem = report_problem(
                    actor=user,
                    source=data["source"],
                    category=data["category"],
                    description=data["description"],
                    lon=data.get("lon"),
                    lat=data.get("lat"),
                    address=data.get("address", ""),
                    photo_ids=photo_ids,
                    register=bool(data.get("register")),
                    extras=form.extension_values(),
                    site_id=site.pk if site is not None else None,
                    request=request,
                )
            except MoveError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Problem %(number)s recorded.") % {"number": problem.number},
                )
                return redirect("ledger:detail", pk=problem.pk)
    config = {
        **map_settings(),
        "dataUrl": reverse("territory:map_data"),
        "routeUrl": route_url(),
        "labels": _labels(),
        # The main categories by kind (事件 / 部件): the main select groups them so.
        "categoryKinds": {label: kind for label, kind, _options in category_groups()},
    }
    # In the order they were taken: the first photo is the one lists and bulletins show.
    found = {str(f.pk): f for f in StoredFile.objects.filter(pk__in=photo_ids)} if photo_ids else {}
    kept = [found[i] for i in photo_ids if i in found]
    return render(
        request,
        "ledger/record.html",
        {"form": form, "map_config": config, "kept_photos": kept, "site": site},
    )
