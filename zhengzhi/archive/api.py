"""/api/v1/archive: a campaign's decomposition table and completeness, an item's requirements
and evidence, filing a piece (the file uploaded first through /api/v1/files), and the office's
review. Scoped as the pages are: another unit's row or evidence is 404; what the caller may
not do is 403; a refused change is 409 (stale) or 422 with the reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Router, Status

from zhengzhi.archive.completeness import completeness
from zhengzhi.archive.schemas import (
    CompletenessOut,
    ErrorOut,
    EvidenceIn,
    EvidenceOut,
    RequirementOut,
    ReturnIn,
    ReviewIn,
    RowOut,
)
from zhengzhi.archive.scope import (
    get_campaign_for_user,
    get_duty_for_user,
    get_evidence_for_user,
    is_office,
    own_units,
    visible_evidence,
    visible_requirements,
)
from zhengzhi.archive.selectors import table_rows
from zhengzhi.archive.services import evidence as evidence_services
from zhengzhi.archive.services.errors import ArchiveError
from zhengzhi.archive.services.table import cycle_years
from zhengzhi.core.validators import DbId
from zhengzhi.files.models import StoredFile
from zhengzhi.org.scope import get_unit_for_user

router = Router(tags=["archive"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _refused(exc: ArchiveError) -> Status:
    return Status(
        409 if exc.code == "stale" else 422, {"detail": str(exc.message), "code": exc.code}
    )


def _unit(u) -> dict | None:
    return {"id": u.pk, "name": u.name} if u is not None else None


@router.get(
    "/campaigns/{int:campaign_id}/table",
    response={200: list[RowOut], **ERRORS},
    summary="The decomposition table",
)
def read_table(request, campaign_id: Path[DbId]):
    campaign = get_campaign_for_user(request.user, campaign_id)
    return [
        {
            "id": r.duty.pk,
            "item_id": r.duty.item_id,
            "indicator_id": r.duty.indicator_id,
            "category": r.category.name if r.category else "",
            "number": r.number,
            "text": r.text,
            "lead_unit": _unit(r.lead),
            "supporting_units": [_unit(u) for u in r.supporting],
            "task_ids": [t.pk for t in r.tasks],
            "no_owner": r.no_owner,
            "no_task": r.no_task,
        }
        for r in table_rows(request.user, campaign)
    ]


def _counts(c) -> dict:
    return {
        "required": c.required,
        "present": c.present,
        "accepted": c.accepted,
        "missing": c.missing,
    }


@router.get(
    "/campaigns/{int:campaign_id}/completeness",
    response={200: CompletenessOut, **ERRORS},
    summary="Completeness per unit, category and item",
)
def read_completeness(request, campaign_id: Path[DbId]):
    campaign = get_campaign_for_user(request.user, campaign_id)
    years = cycle_years(campaign, timezone.localdate())
    done = completeness(campaign, years, units=own_units(request.user))
    return {
        "years": years,
        "total": _counts(done.total),
        "by_unit": [{"unit_id": u, **_counts(c)} for u, c in done.by_unit.items()],
        "by_category": [{"id": k, **_counts(c)} for k, c in done.by_category.items()],
        "by_item": [{"id": k, **_counts(c)} for k, c in done.by_item.items()],
    }


@router.get(
    "/items/{int:row_id}/evidence",
    response={200: list[RequirementOut], **ERRORS},
    summary="A row's evidence requirements and the evidence you may see",
)
def read_evidence(request, row_id: Path[DbId]):
    duty = get_duty_for_user(request.user, row_id)
    if not duty.item_id:
        return []
    reqs = list(visible_requirements(request.user, duty.campaign).filter(item_id=duty.item_id))
    pieces: dict[int, list] = {r.pk: [] for r in reqs}
    for piece in visible_evidence(request.user).filter(requirement__in=reqs).order_by("pk"):
        pieces[piece.requirement_id].append(piece)
    return [
        {**RequirementOut.from_orm(r).dict(exclude={"evidence"}), "evidence": pieces[r.pk]}
        for r in reqs
    ]


@router.post(
    "/requirements/{int:requirement_id}/evidence",
    response={201: EvidenceOut, **ERRORS},
    summary="File a piece of evidence (a file uploaded through /api/v1/files)",
)
def file_evidence(request, requirement_id: Path[DbId], body: EvidenceIn):
    if not visible_requirements(request.user).filter(pk=requirement_id).exists():
        raise Http404
    unit = get_unit_for_user(request.user, body.unit_id)
    stored = StoredFile.objects.filter(pk=body.file_id).first()
    if stored is None:
        message = _("The file was not found; choose it again.")
        return Status(422, {"detail": message, "code": "file"})
    try:
        piece = evidence_services.add(
            request.user,
            requirement_id,
            unit,
            stored,
            year=body.year,
            title=body.title,
            note=body.note,
            request=request,
        )
    except ArchiveError as exc:
        return _refused(exc)
    return Status(201, piece)


@router.post(
    "/evidence/{int:evidence_id}/accept",
    response={200: EvidenceOut, **ERRORS},
    summary="Accept a piece (the office)",
)
def accept(request, evidence_id: Path[DbId], body: ReviewIn):
    piece = get_evidence_for_user(request.user, evidence_id)
    if not is_office(request.user):
        raise PermissionDenied
    try:
        return evidence_services.accept(
            request.user, piece.pk, version=body.version, request=request
        )
    except ArchiveError as exc:
        return _refused(exc)


@router.post(
    "/evidence/{int:evidence_id}/return",
    response={200: EvidenceOut, **ERRORS},
    summary="Return a piece with a reason (the office)",
)
def return_(request, evidence_id: Path[DbId], body: ReturnIn):
    piece = get_evidence_for_user(request.user, evidence_id)
    if not is_office(request.user):
        raise PermissionDenied
    try:
        return evidence_services.return_(
            request.user, piece.pk, body.reason, version=body.version, request=request
        )
    except ArchiveError as exc:
        return _refused(exc)
