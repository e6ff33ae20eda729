"""/api/v1/accountability: the ladder's records, scoped as the pages are (a proposal and another
unit's record are 404 to a unit); the office approves or dismisses a proposal, the unit answers
an issued record. What the caller may not do is 404; a refused change is 409 (stale) or 422
with the reason."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from ninja import Path, Router, Status

from zhengzhi.accountability.models import Record, RecordDocument
from zhengzhi.accountability.schemas import (
    DecisionIn,
    ErrorOut,
    RecordDetailOut,
    RecordOut,
    ResponseIn,
)
from zhengzhi.accountability.scope import (
    can_respond,
    get_record_for_user,
    is_office,
    visible_records,
)
from zhengzhi.accountability.services import records as services
from zhengzhi.accountability.services.errors import AccountabilityError
from zhengzhi.core.validators import DbId

router = Router(tags=["accountability"])
ERRORS = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
PAGE = 100


def _record(r: Record) -> dict:
    return {
        "id": r.pk,
        "kind": r.kind,
        "status": r.status,
        "unit": r.unit.name,
        "unit_id": r.unit_id,
        "step": r.step,
        "name": str(r),
        "year": r.year,
        "number": r.number,
        "total": r.total,
        "proposed_at": r.proposed_at,
        "approved_at": r.approved_at,
        "url": reverse("accountability:record", args=[r.pk]),
    }


def _detail(r: Record) -> dict:
    return _record(r) | {
        "basis": r.basis,
        "penalties": r.penalties,
        "self_criticism": r.self_criticism,
        "problems": [i.problem.number for i in r.items.select_related("problem")],
        "office_note": r.office_note,
        "response": r.response,
        "responded_at": r.responded_at,
        "document": RecordDocument.objects.filter(record=r).exists(),
        "version": r.version,
    }


def _refused(exc: AccountabilityError):
    return Status(
        409 if exc.code == "stale" else 422, {"detail": str(exc.message), "code": exc.code}
    )


@router.get("/records", response={200: list[RecordOut]}, summary="Accountability records")
def list_records(request, status: str = ""):
    qs = visible_records(request.user).select_related("unit")
    if status:
        qs = qs.filter(status=status)
    return [_record(r) for r in qs.order_by("-proposed_at", "-pk")[:PAGE]]


@router.get(
    "/records/{int:record_id}",
    response={200: RecordDetailOut, **ERRORS},
    summary="An accountability record with its basis, amounts and the unit's response",
)
def get_record(request, record_id: Path[DbId]):
    return _detail(get_record_for_user(request.user, record_id))


def _decide(request, record_id: int, body: DecisionIn, action):
    if not is_office(request.user):
        raise Http404
    r = get_record_for_user(request.user, record_id)
    try:
        action(r.pk, actor=request.user, version=body.version, note=body.note, request=request)
    except AccountabilityError as exc:
        return _refused(exc)
    return _detail(get_record_for_user(request.user, record_id))


@router.post(
    "/records/{int:record_id}/issue",
    response={200: RecordDetailOut, **ERRORS},
    summary="Approve a proposal: numbered, written as a document, the unit told",
)
def issue_record(request, record_id: Path[DbId], body: DecisionIn):
    return _decide(request, record_id, body, services.issue)


@router.post(
    "/records/{int:record_id}/dismiss",
    response={200: RecordDetailOut, **ERRORS},
    summary="Dismiss a proposal (it is not proposed again)",
)
def dismiss_record(request, record_id: Path[DbId], body: DecisionIn):
    return _decide(request, record_id, body, services.dismiss)


@router.post(
    "/records/{int:record_id}/respond",
    response={200: RecordDetailOut, **ERRORS},
    summary="The unit's written response to an issued record",
)
def respond_record(request, record_id: Path[DbId], body: ResponseIn):
    r = get_record_for_user(request.user, record_id)
    if not can_respond(request.user, r):
        raise Http404
    try:
        services.respond(
            r.pk, actor=request.user, version=body.version, text=body.response, request=request
        )
    except AccountabilityError as exc:
        return _refused(exc)
    return _detail(get_record_for_user(request.user, record_id))
