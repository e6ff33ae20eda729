"""Filing a piece of evidence, on a phone as on a desktop. A refused form keeps what was typed
and the file already uploaded (its id in a hidden field), so nothing is chosen twice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.archive.forms import EvidenceForm
from zhengzhi.archive.models import Duty
from zhengzhi.archive.scope import fillable_units, visible_requirements
from zhengzhi.archive.services import evidence as evidence_services
from zhengzhi.archive.services.errors import ArchiveError
from zhengzhi.archive.services.table import cycle_years
from zhengzhi.files.models import StoredFile
from zhengzhi.org.models import Unit


def _kept(request, form) -> StoredFile | None:
    kept_id = form.data.get("file_id") if form.is_bound else None
    if not kept_id:
        return None
    try:
        return StoredFile.objects.filter(
            pk=kept_id, uploaded_by=request.user, owner_type__isnull=True
        ).first()
    except (ValueError, ValidationError):  # a malformed id: as if none were kept
        return None


@login_required
def evidence_upload(request, pk: int):
    req = (
        visible_requirements(request.user)
        .select_related("campaign", "item", "checkpoint")
        .filter(pk=pk)
        .first()
    )
    if req is None:
        raise Http404
    duty = Duty.objects.get(campaign=req.campaign, item=req.item)
    unit_ids = fillable_units(request.user, duty)
    if not req.per_unit:
        unit_ids = [u for u in unit_ids if u == duty.lead_unit_id]
    if not unit_ids:
        raise Http404
    units = Unit.objects.filter(pk__in=unit_ids).order_by("path")
    years = cycle_years(req.campaign, timezone.localdate()) if req.per_year else ()
    status = 200
    if request.method == "POST":
        form = EvidenceForm(request.POST, request.FILES, units=units, years=years)
        form.is_valid()
        piece = _save(request, form, req, units)
        if piece is not None:
            messages.success(request, _("Evidence filed; the office reviews it."))
            return redirect("archive:duty", pk=duty.pk)
        status = 400
    else:
        initial = {"unit": request.user.unit_id if request.user.unit_id in unit_ids else None}
        if years:
            initial["year"] = years[-1]
        form = EvidenceForm(initial=initial, units=units, years=years)
    return render(
        request,
        "archive/upload.html",
        {"req": req, "duty": duty, "form": form, "kept": _kept(request, form)},
        status=status,
    )


def _save(request, form, req, units):
    """Keeps the file first (whatever else is wrong with the form), then files the piece, or
    puts the reason on the form."""
    data = form.cleaned_data
    unit = data.get("unit") or units.first()
    stored = None if data.get("file") else _kept(request, form)
    try:
        if stored is None and data.get("file"):
            stored = evidence_services.store(
                request.user, unit, data["file"], kind=req.kind, request=request
            )
            form.data = form.data.copy()
            form.data["file_id"] = str(stored.pk)
    except ArchiveError as exc:
        form.add_error("file", exc.message)
    if form.errors:
        return None
    if stored is None:
        form.add_error("file", _("Choose the file again."))
        return None
    try:
        return evidence_services.add(
            request.user,
            req.pk,
            data["unit"],
            stored,
            year=data.get("year"),
            title=data["title"],
            note=data["note"],
            request=request,
        )
    except PermissionDenied:
        form.add_error("unit", _("Your unit does not file this evidence."))
    except ArchiveError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return None
