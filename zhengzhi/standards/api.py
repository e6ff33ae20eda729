"""/api/v1/standards: versions and their tree (every signed-in user), measures and values in the
caller's scope, entering and confirming values, and a campaign's gap analysis (another unit's
value or measure is 404; what the caller may not do is 403)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Path, Router, Status

from zhengzhi.core.validators import DbId
from zhengzhi.files.models import StoredFile
from zhengzhi.org.scope import get_unit_for_user, scope_for
from zhengzhi.standards.models import (
    CampaignStandard,
    Category,
    Item,
    StandardVersion,
)
from zhengzhi.standards.schemas import (
    ErrorOut,
    GapOut,
    MeasureOut,
    ValueIn,
    ValueOut,
    VersionDetailOut,
    VersionOut,
)
from zhengzhi.standards.scope import (
    get_measure_for_user,
    get_value_for_user,
    is_office,
    visible_measures,
    visible_values,
)
from zhengzhi.standards.services import values as value_services
from zhengzhi.standards.services.errors import StandardsError

router = Router(tags=["standards"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
MAX_VALUES = 1000


def _plain(d: Decimal | None) -> Decimal | None:
    """3.9700 → 3.97, 10.0000 → 10 (never 1E+1)."""
    if d is None:
        return None
    d = d.normalize()
    return d.quantize(Decimal(1)) if d.as_tuple().exponent > 0 else d  # type: ignore[operator]


def _refused(exc: StandardsError) -> Status:
    return Status(
        409 if exc.code == "stale" else 422, {"detail": exc.message, "code": exc.code or ""}
    )


@router.get("/versions", response=list[VersionOut], summary="Standard versions")
def list_versions(request):
    return list(StandardVersion.objects.order_by("code"))


@router.get("/versions/{int:version_id}", response={200: VersionDetailOut, **ERRORS})
def read_version(request, version_id: Path[DbId]):
    version = get_object_or_404(StandardVersion, pk=version_id)
    categories = Category.objects.filter(standard=version).prefetch_related(
        Prefetch("items", Item.objects.prefetch_related("checkpoints"))
    )
    return {
        **VersionOut.from_orm(version).dict(),
        "categories": [
            {
                "id": c.pk, "code": c.code, "name": c.name, "points": c.points,
                "confirmed": c.confirmed,
                "items": [
                    {"id": i.pk, "number": i.number, "text": i.text, "confirmed": i.confirmed,
                     "checkpoints": list(i.checkpoints.all())}
                    for i in c.items.all()
                ],
            }
            for c in categories
        ],
        "indicators": list(version.indicators.all()),
        "prerequisites": [
            {"id": p.pk, "number": p.number, "text": p.text, "confirmed": p.confirmed,
             "conditions": [c.pk for c in p.conditions.all()]}
            for p in version.prerequisites.prefetch_related("conditions")
        ],
    }  # fmt: skip


@router.get("/measures", response=list[MeasureOut], summary="Measures you may see")
def list_measures(request):
    return list(visible_measures(request.user).order_by("code"))


@router.get("/measures/{int:measure_id}/values", response={200: list[ValueOut], **ERRORS})
def list_values(request, measure_id: Path[DbId], history: bool = False):
    measure = get_measure_for_user(request.user, measure_id)
    values = visible_values(request.user).filter(measure=measure)
    if not history:
        values = values.filter(current=True)
    return list(values.order_by("-period", "unit_id", "-pk")[:MAX_VALUES])


@router.post(
    "/measures/{int:measure_id}/values",
    response={201: ValueOut, **ERRORS},
    summary="Enter or correct a value",
)
def enter_value(request, measure_id: Path[DbId], body: ValueIn):
    measure = get_measure_for_user(request.user, measure_id)
    unit = get_unit_for_user(request.user, body.unit_id)
    document = None
    if body.document_id:
        if _uuid(body.document_id):
            document = StoredFile.objects.filter(pk=body.document_id).first()
        if document is None:
            return Status(422, {"detail": "document not found", "code": "document"})
    try:
        value = value_services.enter_value(
            request.user,
            measure,
            unit,
            body.period,
            body.value,
            document=document,
            note=body.note,
            replaces=body.replaces,
            request=request,
        )
    except StandardsError as exc:
        return _refused(exc)
    return Status(201, value)


def _uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


@router.post("/values/{int:value_id}/confirm", response={200: ValueOut, **ERRORS})
def confirm(request, value_id: Path[DbId]):
    value = get_value_for_user(request.user, value_id)
    if not is_office(request.user):
        raise PermissionDenied
    try:
        return value_services.confirm_value(request.user, value.pk, request=request)
    except StandardsError as exc:
        return _refused(exc)


@router.get("/campaigns/{int:campaign_id}/gap", response={200: GapOut, **ERRORS})
def campaign_gap(request, campaign_id: Path[DbId]):
    from zhengzhi.campaigns.scope import get_campaign_for_user
    from zhengzhi.standards.selectors import gap_for

    campaign = get_campaign_for_user(request.user, campaign_id)
    tie = CampaignStandard.objects.filter(campaign=campaign).first()
    if tie is None:
        raise Http404
    result = gap_for(request.user, tie)
    report = result.report
    everything = scope_for(request.user).all_units
    return {
        "campaign_id": campaign.pk,
        "standard_id": tie.standard_id,
        "review_date": tie.review_date,
        "verdict": report.verdict if everything else None,
        "prerequisites": [
            {"prerequisite_id": p.spec.id, "number": p.spec.number, "outcome": p.outcome,
             "enforced": p.enforced, "failing": [g.spec.id for g in p.failing]}
            for p in report.prerequisites
        ] if everything else [],
        "indicators": [
            {"indicator_id": g.spec.id, "number": g.spec.number, "name": g.spec.name,
             "outcome": g.outcome, "enforced": g.enforced,
             "value": str(g.result.value) if g.result and g.result.value is not None else None,
             "period": g.period, "unit_id": g.unit_id, "distance": _plain(g.distance),
             "absolute": _plain(g.absolute),
             "projected": g.projection.value if g.projection else None,
             "projection_periods": g.projection.periods if g.projection else None}
            for g in report.indicators
        ],
        "score_total": _plain(result.score.total) if result.score else None,
        "pass_line": result.score.pass_line if result.score else None,
    }  # fmt: skip
