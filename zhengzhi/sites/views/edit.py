"""Registering a site (kind first, then the kind's form) and the site page's actions: edit,
status, watch list, licences. Each parses, authorises (the site in scope and the user may
change sites), calls a service and goes back to the site page; a refused form is shown again
with what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.sites.forms import (
    KindChoiceForm,
    LicenceForm,
    RenewForm,
    SiteForm,
    StatusForm,
    WatchForm,
    initial_for,
)
from zhengzhi.sites.models import Site
from zhengzhi.sites.scope import get_site_for_user, registrable_kinds
from zhengzhi.sites.services.errors import SiteError, StaleSite
from zhengzhi.sites.services.licence_changes import add_licence, renew_licence
from zhengzhi.sites.services.scoped import register_in_scope
from zhengzhi.sites.services.sites import (
    LicenceInput,
    set_status,
    set_watch,
    update_site,
)
from zhengzhi.sites.views.common import map_config, may_change
from zhengzhi.sites.views.site import site_page

PLAIN = ("name", "operator", "phone", "credit_code", "address")


def _require_change(user) -> None:
    if not may_change(user):
        raise Http404


def _refuse(form, exc: SiteError) -> None:
    """A service's refusal on the form: by field where it names one, else on top."""
    if exc.errors:
        form.add_service_errors(exc.errors)
    field = exc.code if exc.code in form.fields else None
    if field is None and exc.code == "licence_number" and "licence_number" in form.fields:
        field = "licence_number"
    if field is None and exc.code == "point":
        field = None
    form.add_error(field, str(exc.message))


def _form_page(request, form, *, site=None, kind) -> object:
    config = map_config(
        point=[site.lon, site.lat] if site is not None and site.lon is not None else None
    )
    return render(
        request,
        "sites/form.html",
        {"form": form, "site": site, "kind": kind, "map_config": config},
    )


@login_required
def new_site(request):
    """Kind first (?kind=code), then the kind's own form."""
    user = request.user
    _require_change(user)
    kinds = registrable_kinds(user)
    chooser = KindChoiceForm(request.GET or None, kinds=kinds)
    if not chooser.is_valid():
        return render(request, "sites/new_kind.html", {"chooser": chooser, "kinds": kinds})
    kind = chooser.cleaned_data["kind"]
    form = SiteForm(request.POST or None, kind=kind, with_licence=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        licences = []
        if data.get("licence_number"):
            licences.append(
                LicenceInput(
                    number=data["licence_number"],
                    issuer=data.get("licence_issuer") or "",
                    issued_on=data.get("licence_issued_on"),
                    expires_on=data.get("licence_expires_on"),
                )
            )
        try:
            site = register_in_scope(
                user,
                kind=kind,
                **{k: data.get(k) or "" for k in PLAIN},
                lon=data.get("lon"),
                lat=data.get("lat"),
                attributes=form.attributes(),
                licences=licences,
                request=request,
            )
        except SiteError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Site %(code)s registered.") % {"code": site.code})
            return redirect("sites:site", pk=site.pk)
    return _form_page(request, form, kind=kind)


@login_required
def edit_site(request, pk: int):
    user = request.user
    _require_change(user)
    site = get_site_for_user(user, pk, Site.objects.select_related("kind"))
    if request.method == "POST":
        form = SiteForm(request.POST, kind=site.kind)
        if form.is_valid():
            data = form.cleaned_data
            try:
                update_site(
                    user,
                    site.pk,
                    version=data.get("version"),
                    changes={
                        **{k: data.get(k) or "" for k in PLAIN},
                        "lon": data.get("lon"),
                        "lat": data.get("lat"),
                    },
                    attributes=form.attributes(),
                    request=request,
                )
            except StaleSite as exc:
                form.add_error(None, str(exc.message))
                form.stale = True
            except SiteError as exc:
                _refuse(form, exc)
            else:
                messages.success(request, _("Site %(code)s saved.") % {"code": site.code})
                return redirect("sites:site", pk=site.pk)
    else:
        form = SiteForm(initial=initial_for(site), kind=site.kind)
    return _form_page(request, form, site=site, kind=site.kind)


def _action(request, pk: int, key: str, form_class, call):
    """A site page action: on refusal the site page again, that form open with its errors."""
    user = request.user
    _require_change(user)
    site = get_site_for_user(user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = call(user, site, form.cleaned_data)
        except SiteError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, message)
            return redirect(reverse("sites:site", args=[site.pk]))
    return site_page(request, pk, forms={key: form})


@login_required
@require_POST
def change_status(request, pk: int):
    def call(user, site, data):
        set_status(
            user,
            site.pk,
            version=data["version"],
            status=data["status"],
            note=data.get("note") or "",
            request=request,
        )
        return _("Status changed.")

    return _action(request, pk, "status", StatusForm, call)


@login_required
@require_POST
def change_watch(request, pk: int):
    def call(user, site, data):
        watch = bool(data.get("watch"))
        set_watch(
            user,
            site.pk,
            version=data["version"],
            watch=watch,
            reason=data.get("reason") or "",
            request=request,
        )
        return _("Put on the watch list.") if watch else _("Taken off the watch list.")

    return _action(request, pk, "watch", WatchForm, call)


@login_required
@require_POST
def licence_add(request, pk: int):
    def call(user, site, data):
        add_licence(
            user,
            site.pk,
            version=data["version"],
            licence=LicenceInput(
                number=data["number"],
                name=data.get("name") or "",
                issuer=data.get("issuer") or "",
                issued_on=data.get("issued_on"),
                expires_on=data.get("expires_on"),
            ),
            request=request,
        )
        return _("Licence added.")

    return _action(request, pk, "licence", LicenceForm, call)


@login_required
@require_POST
def licence_renew(request, pk: int):
    def call(user, site, data):
        renew_licence(
            user,
            site.pk,
            data["licence"],
            version=data["version"],
            expires_on=data["expires_on"],
            issued_on=data.get("issued_on"),
            number=data.get("number") or "",
            request=request,
        )
        return _("Licence renewed.")

    return _action(request, pk, "renew", RenewForm, call)
