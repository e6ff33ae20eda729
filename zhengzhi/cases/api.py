"""/api/v1/cases/: enforcement cases over REST, scoped as the pages are (zhengzhi.cases.scope):
another unit's case does not exist (404). Bad input is 422 naming the field, a refusal 4xx
with its reason, a stale version 409."""

from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from zhengzhi.cases.models import Case, CaseType, Recheck
from zhengzhi.cases.schemas import (
    AdvanceIn,
    BreakdownOut,
    CaseDetailOut,
    CaseFiltersIn,
    CaseIn,
    CaseOut,
    ErrorOut,
    RecheckIn,
    TablesIn,
    TransferIn,
)
from zhengzhi.cases.scope import can_change, can_file, get_case_for_user, visible_cases
from zhengzhi.cases.selectors import filter_cases
from zhengzhi.cases.services import states
from zhengzhi.cases.services.errors import CaseError
from zhengzhi.cases.services.filing import CaseInput, Goods, file_case
from zhengzhi.cases.services.rechecks import record_recheck
from zhengzhi.cases.tables import Scope, breakdown
from zhengzhi.core.validators import DbId
from zhengzhi.org.models import Unit
from zhengzhi.org.scope import scope_for
from zhengzhi.sites.scope import visible_sites

router = Router(tags=["cases"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
HTTP_STATUS = {"not_found": 404, "not_allowed": 403, "stale": 409}
CaseId = Path[DbId]
RELATED = ("case_type",)


def _refused(exc: CaseError) -> Status:
    body = {"detail": str(exc.message), "code": exc.code, "errors": exc.errors}
    return Status(HTTP_STATUS.get(exc.code, 422), body)


def _detail(request, case_id: int) -> Case:
    qs = Case.objects.select_related(*RELATED).prefetch_related("goods", "transfers", "rechecks")
    return get_case_for_user(request.user, case_id, qs)


def _not_allowed() -> Status:
    return Status(403, {"detail": _("You may not change this case."), "code": "not_allowed"})


@router.get("/", response=list[CaseOut], summary="List and filter the cases you may see")
@paginate
def list_cases(request, filters: Query[CaseFiltersIn]):
    f = filters.dict()
    if f.get("type"):
        f["case_type"] = CaseType.objects.filter(code=f["type"]).first() or 0
    return filter_cases(visible_cases(request.user).select_related(*RELATED), f)


@router.get(
    "/tables",
    response={200: BreakdownOut, **ERRORS},
    summary="The breakdown table for a period and unit",
)
def tables(request, params: Query[TablesIn]):
    if params.end < params.start:
        return Status(422, {"detail": _("The period ends before it starts."), "code": "period"})
    unit = None
    if params.unit is not None:
        unit = Unit.objects.filter(pk=params.unit).first()
        if unit is None or not scope_for(request.user).allows(unit.pk):
            return Status(404, {"detail": _("Not found."), "code": "not_found"})
    return breakdown(request.user, Scope(params.start, params.end, unit))


@router.get("/{case_id}", response={200: CaseDetailOut, 404: ErrorOut}, summary="A case")
def read_case(request, case_id: CaseId):
    return _detail(request, case_id)


@router.post("/", response={201: CaseDetailOut, **ERRORS}, summary="File a case")
def create_case(request, body: CaseIn):
    user = request.user
    if not can_file(user):
        return Status(403, {"detail": _("You may not file cases."), "code": "not_allowed"})
    case_type = CaseType.objects.filter(code=body.type, is_active=True).first()
    if case_type is None:
        detail = _("There is no case type “%(code)s”.") % {"code": body.type}
        return Status(422, {"detail": detail, "code": "type"})
    site = None
    if body.site_id is not None:
        site = visible_sites(user).filter(pk=body.site_id).first()
        if site is None:
            return Status(404, {"detail": _("Not found."), "code": "not_found"})
    data = CaseInput(
        case_type=case_type,
        value=body.value,
        found_on=body.found_on,
        filed_on=body.filed_on,
        site=site,
        party=body.party,
        vehicle=body.vehicle,
        place=body.place,
        summary=body.summary,
        counterfeit=body.counterfeit,
        goods=[Goods(g.description, g.quantity, g.unit, g.counterfeit) for g in body.goods],
        officers=[user],
    )
    try:
        case = file_case(user, data, request=request)
    except CaseError as exc:
        return _refused(exc)
    return Status(201, _detail(request, case.pk))


@router.post(
    "/{case_id}/advance", response={200: CaseDetailOut, **ERRORS}, summary="Move a case on"
)
def advance(request, case_id: CaseId, body: AdvanceIn):
    case = get_case_for_user(request.user, case_id)
    if not can_change(request.user, case):
        return _not_allowed()
    try:
        states.advance(
            request.user,
            case.pk,
            body.target,
            version=body.version,
            on=body.on,
            decision_number=body.decision_number,
            fine=body.fine,
            confiscation=body.confiscation,
            request=request,
        )
    except CaseError as exc:
        return _refused(exc)
    return _detail(request, case.pk)


@router.post(
    "/{case_id}/transfer", response={200: CaseDetailOut, **ERRORS}, summary="Transfer a case"
)
def transfer(request, case_id: CaseId, body: TransferIn):
    case = get_case_for_user(request.user, case_id)
    if not can_change(request.user, case):
        return _not_allowed()
    unit = None
    if body.receiving_unit_id is not None:
        unit = Unit.objects.filter(pk=body.receiving_unit_id).first()
        if unit is None:
            return Status(422, {"detail": _("No such unit."), "code": "receiving_unit"})
    try:
        states.transfer(
            request.user,
            case.pk,
            body.body,
            receiving_unit=unit,
            receiving_name=body.receiving_name,
            document_number=body.document_number,
            on=body.on,
            version=body.version,
            request=request,
        )
    except CaseError as exc:
        return _refused(exc)
    return _detail(request, case.pk)


@router.post(
    "/rechecks/{recheck_id}/record",
    response={200: CaseDetailOut, **ERRORS},
    summary="Record a recheck (查一补三)",
)
def recheck(request, recheck_id: Path[DbId], body: RecheckIn):
    row = Recheck.objects.filter(pk=recheck_id).first()
    if row is None:
        return Status(404, {"detail": _("Not found."), "code": "not_found"})
    case = get_case_for_user(request.user, row.case_id)
    try:
        record_recheck(request.user, row.pk, body.result, body.note, request=request)
    except CaseError as exc:
        return _refused(exc)
    return _detail(request, case.pk)
