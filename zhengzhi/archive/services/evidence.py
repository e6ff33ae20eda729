"""Declaring what evidence an item needs, filing it, filling it from the platform's records,
and the office's review (accept, or return with a reason)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.archive import providers
from zhengzhi.archive.models import (
    Duty,
    Evidence,
    EvidenceKind,
    EvidenceSource,
    EvidenceStatus,
    Requirement,
)
from zhengzhi.archive.scope import fillable_units, is_office
from zhengzhi.archive.services.errors import ArchiveError
from zhengzhi.archive.services.table import cycle_years
from zhengzhi.audit.services import record
from zhengzhi.campaigns.models import Campaign
from zhengzhi.org.models import Unit
from zhengzhi.standards.models import Checkpoint, Item

MAX_COUNT = 500


@transaction.atomic
def declare(
    user,
    campaign: Campaign,
    item: Item,
    *,
    title: str,
    kind: str,
    count: int = 1,
    per_unit: bool = False,
    per_year: bool = False,
    checkpoint: Checkpoint | None = None,
    fill_from: str = "",
    request=None,
) -> Requirement:
    if not is_office(user):
        raise PermissionDenied
    title = title.strip()
    if not title:
        raise ArchiveError(_("Say what evidence is needed."), "title", "title")
    if kind not in EvidenceKind.values:
        raise ArchiveError(_("Unknown kind of evidence."), "kind", "kind")
    if not 1 <= count <= MAX_COUNT:
        raise ArchiveError(_("Ask for 1 to %(max)d pieces.") % {"max": MAX_COUNT}, "count", "count")
    if checkpoint is not None and checkpoint.item_id != item.pk:
        raise ArchiveError(_("The checkpoint is not one of the item's."), "checkpoint")
    if fill_from and fill_from not in providers.PROVIDERS:
        raise ArchiveError(_("Unknown source to fill from."), "fill_from", "fill_from")
    if not Duty.objects.filter(campaign=campaign, item=item).exists():
        raise ArchiveError(_("The item is not in the campaign's decomposition table."), "item")
    req = Requirement.objects.create(
        campaign=campaign,
        item=item,
        checkpoint=checkpoint,
        title=title[:200],
        kind=kind,
        count=count,
        per_unit=per_unit,
        per_year=per_year,
        fill_from=fill_from,
        position=Requirement.objects.filter(campaign=campaign, item=item).count(),
    )
    record(
        "archive.requirement.declared",
        actor=user,
        obj=req,
        request=request,
        data={
            "campaign": campaign.pk,
            "item": item.pk,
            "checkpoint": checkpoint.pk if checkpoint else None,
            "kind": kind,
            "count": count,
            "per_unit": per_unit,
            "per_year": per_year,
            "fill_from": fill_from,
        },
    )
    return req


def _duty(req: Requirement) -> Duty:
    duty = Duty.objects.filter(campaign_id=req.campaign_id, item_id=req.item_id).first()
    if duty is None:
        raise ArchiveError(_("The item is not in the campaign's decomposition table."), "item")
    return duty


def slot_year(req: Requirement, year: int | None, years: list[int]) -> int:
    """The year a piece is filed under: any year of the cycle when asked per year, else the
    current year (the last of the cycle)."""
    if not req.per_year:
        return years[-1]
    if year not in years:
        raise ArchiveError(
            _("Choose a year of the review cycle (%(first)d–%(last)d).")
            % {"first": years[0], "last": years[-1]},
            "year",
            "year",
        )
    return year


@transaction.atomic
def add(
    user,
    requirement_id: int,
    unit: Unit,
    stored,
    *,
    year: int | None = None,
    title: str = "",
    note: str = "",
    request=None,
    now: dt.datetime | None = None,
) -> Evidence:
    """A unit files one piece of evidence: a file it uploaded (and nothing owns yet)."""
    from zhengzhi.files.services import attach_files

    now = now or timezone.now()
    req = Requirement.objects.select_related("campaign").filter(pk=requirement_id).first()
    if req is None:
        raise ArchiveError(_("This requirement was not found."), "not_found")
    duty = _duty(req)
    if unit.pk not in fillable_units(user, duty):
        raise PermissionDenied
    if not req.per_unit and unit.pk != duty.lead_unit_id:
        raise ArchiveError(_("The lead unit files this evidence."), "unit", "unit")
    years = cycle_years(req.campaign, timezone.localdate(now))
    year = slot_year(req, year, years)
    if stored.owner_type_id is not None or stored.uploaded_by_id != user.pk:
        raise ArchiveError(_("The file was not found; choose it again."), "file", "file")
    if req.kind == EvidenceKind.PHOTO and not stored.is_image:
        raise ArchiveError(_("A photo is asked for here."), "file", "file")
    evidence = Evidence.objects.create(
        requirement=req,
        unit=unit,
        year=year,
        file=stored,
        title=(title.strip() or stored.original_name)[:200],
        note=note.strip()[:300],
        source=EvidenceSource.UPLOAD,
        added_by=user,
        added_at=now,
    )
    evidence.file = attach_files([stored.pk], evidence, user=user, purpose="evidence")[0]
    record(
        "archive.evidence.uploaded",
        actor=user,
        obj=evidence,
        unit_id=unit.pk,
        request=request,
        data={"requirement": req.pk, "year": year, "file": str(stored.pk), "title": evidence.title},
    )
    return evidence


def store(user, unit: Unit, upload_file, *, kind: str = "", request=None):
    """Stores an upload for a piece of evidence (before the piece is filed: a refused form keeps
    the file, so it need not be chosen again)."""
    from zhengzhi.files.models import FileKind
    from zhengzhi.files.services import store_upload

    allowed = (
        (FileKind.IMAGE,) if kind == EvidenceKind.PHOTO else (FileKind.DOCUMENT, FileKind.IMAGE)
    )
    try:
        return store_upload(
            upload_file, user=user, unit=unit, allowed=allowed, purpose="evidence", request=request
        )
    except ValidationError as exc:
        raise ArchiveError(exc.messages[0], "file", "file") from None


@transaction.atomic
def upload(user, requirement_id: int, unit: Unit, upload_file, **kwargs) -> Evidence:
    """Stores the file and files it, in one transaction."""
    req = Requirement.objects.filter(pk=requirement_id).first()
    if req is None:
        raise ArchiveError(_("This requirement was not found."), "not_found")
    if unit.pk not in fillable_units(user, _duty(req)):
        raise PermissionDenied
    stored = store(user, unit, upload_file, kind=req.kind, request=kwargs.get("request"))
    return add(user, requirement_id, unit, stored, **kwargs)


def _locked(evidence_id: int, version: int | None) -> Evidence:
    evidence = Evidence.objects.select_for_update().filter(pk=evidence_id).first()
    if evidence is None:
        raise ArchiveError(_("This evidence was not found."), "not_found")
    if version is not None and version != evidence.version:
        raise ArchiveError(
            _("Someone reviewed this evidence meanwhile; reload to see it."), "stale"
        )
    return evidence


@transaction.atomic
def accept(user, evidence_id: int, *, version: int | None = None, request=None, now=None):
    if not is_office(user):
        raise PermissionDenied
    evidence = _locked(evidence_id, version)
    if evidence.status == EvidenceStatus.ACCEPTED:
        return evidence
    evidence.status, evidence.return_reason = EvidenceStatus.ACCEPTED, ""
    evidence.reviewed_by, evidence.reviewed_at = user, now or timezone.now()
    evidence.version += 1
    evidence.save(
        update_fields=["status", "return_reason", "reviewed_by", "reviewed_at", "version"]
    )
    record(
        "archive.evidence.accepted",
        actor=user,
        obj=evidence,
        request=request,
        unit_id=evidence.unit_id,
    )
    return evidence


@transaction.atomic
def return_(
    user, evidence_id: int, reason: str, *, version: int | None = None, request=None, now=None
):
    """Returned evidence no longer counts as present; the unit files a better piece."""
    if not is_office(user):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ArchiveError(_("Say why the evidence is returned."), "reason", "reason")
    evidence = _locked(evidence_id, version)
    evidence.status, evidence.return_reason = EvidenceStatus.RETURNED, reason[:200]
    evidence.reviewed_by, evidence.reviewed_at = user, now or timezone.now()
    evidence.version += 1
    evidence.save(
        update_fields=["status", "return_reason", "reviewed_by", "reviewed_at", "version"]
    )
    record(
        "archive.evidence.returned",
        actor=user,
        obj=evidence,
        request=request,
        unit_id=evidence.unit_id,
        data={"reason": reason[:200]},
    )
    return evidence


def fill(campaign: Campaign, *, actor=None, now: dt.datetime | None = None) -> int:
    """Adds what the providers find for every requirement that names one; what was found before
    is not added again (source_key). Returns how many pieces were added."""
    now = now or timezone.now()
    years = cycle_years(campaign, timezone.localdate(now))
    added = 0
    reqs = Requirement.objects.filter(campaign=campaign).exclude(fill_from="")
    duties = {
        d.item_id: d
        for d in Duty.objects.filter(campaign=campaign, item__isnull=False).prefetch_related(
            "supporting_units"
        )
    }
    for req in reqs.select_related("item", "campaign"):
        provider = providers.PROVIDERS.get(req.fill_from)
        duty = duties.get(req.item_id)
        if provider is None or duty is None or duty.lead_unit_id is None:
            continue
        owners = {duty.lead_unit_id, *(u.pk for u in duty.supporting_units.all())}
        have = set(
            Evidence.objects.filter(requirement=req)
            .exclude(source_key="")
            .values_list("source_key", flat=True)
        )
        rows = []
        for found in provider.fn(req, duty, years):
            if found.key in have:
                continue
            have.add(found.key)
            unit_id = (
                found.unit_id if req.per_unit and found.unit_id in owners else duty.lead_unit_id
            )
            rows.append(
                Evidence(
                    requirement=req,
                    unit_id=unit_id,
                    year=found.year if req.per_year else years[-1],
                    file_id=found.file_id,
                    title=found.title[:200],
                    source=provider.source,
                    source_key=found.key[:60],
                    status=EvidenceStatus.ACCEPTED if found.verified else EvidenceStatus.SUBMITTED,
                    added_by=None,
                    added_at=now,
                    reviewed_at=now if found.verified else None,
                )
            )
        if not rows:
            continue
        try:
            with transaction.atomic():
                Evidence.objects.bulk_create(rows)
                record(
                    "archive.evidence.filled",
                    actor=actor,
                    obj=req,
                    data={"source": req.fill_from, "added": len(rows)},
                )
        except IntegrityError:  # another run added the same meanwhile: the next run finishes
            continue
        added += len(rows)
    return added
