"""/api/v1/ledger/: the problem ledger over REST, with the same scope and rules as the pages.

List and filter (keyset cursor), record, read (with timeline and the moves the caller may
make now), each move as POST /problems/{id}/{move}, and the categories. Photos are uploaded
first with POST /api/v1/files/ and passed by id. A problem outside the caller's scope does not
exist (404); a move the caller may not make is 403, bad input 422, a stale version 409.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from pydantic import TypeAdapter, ValidationError

from zhengzhi.core.validators import DbId, reject_nul
from zhengzhi.files.models import StoredFile
from zhengzhi.ledger.models import Category, Pending, Problem
from zhengzhi.ledger.registry import problem_filters, record_extensions, with_problem_fields
from zhengzhi.ledger.schemas import (
    CorrectIn,
    DecideIn,
    DeferralIn,
    DispatchIn,
    ErrorOut,
    ExtensionIn,
    MainCategoryOut,
    MergeIn,
    MoveIn,
    NoteRequiredIn,
    ProblemDetailOut,
    ProblemFilters,
    ProblemIn,
    ProblemPage,
    ReasonIn,
    RejectIn,
    ReportBackIn,
    category_tree,
    problem_detail,
    problem_row,
)
from zhengzhi.ledger.scope import get_problem_for_user
from zhengzhi.ledger.selectors import filter_errors, filter_problems, keyset_page, parse_cursor
from zhengzhi.ledger.services import corrections, intake, moves
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.org.models import Unit

router = Router(tags=["ledger"])

LIST_RELATED = (
    "category",
    "main_category",
    "grid",
    "community",
    "street",
    "owner_unit",
    "supporting_unit",
    "master",
)
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
HTTP_STATUS = {"not_found": 404, "not_allowed": 403, "invalid": 422, "stale": 409}
MOVE_RESPONSES = {200: ProblemDetailOut, **ERRORS}
ProblemId = Path[DbId]


def _refused(exc: MoveError) -> Status:
    return Status(HTTP_STATUS.get(exc.code, 422), {"detail": str(exc.message), "code": exc.code})


def _detail(request, problem_id: int) -> dict:
    problem = get_problem_for_user(
        request.user, problem_id, with_problem_fields(Problem.objects.select_related(*LIST_RELATED))
    )
    events = problem.events.select_related("actor", "actor_unit").order_by("at", "id")
    requests = problem.requests.select_related("requested_by", "approver").order_by(
        "requested_at", "id"
    )
    photos = StoredFile.objects.filter(
        owner_type=ContentType.objects.get_for_model(Problem), owner_id=problem.pk
    ).order_by("created_at")
    return problem_detail(
        problem,
        user=request.user,
        events=list(events),
        requests=list(requests),
        photos=[
            {
                "id": f.pk,
                "purpose": f.purpose,
                "url": reverse("files:serve", args=[f.pk]),
                "thumb_url": reverse("files:thumb", args=[f.pk]) if f.thumb_path else None,
            }
            for f in photos
        ],
        now=timezone.now(),
    )


def _move(request, problem_id: int, fn, **kwargs) -> Status:
    try:
        fn(problem_id, actor=request.user, request=request, **kwargs)
    except MoveError as exc:
        return _refused(exc)
    return Status(200, _detail(request, problem_id))


# ---- reading --------------------------------------------------------------------------------


@router.get(
    "/problems",
    response={200: ProblemPage, 400: ErrorOut, 422: ErrorOut},
    summary="List and filter the ledger (newest first, keyset pages)",
)
def list_problems(request, filters: Query[ProblemFilters]):
    params = filters.dict(exclude={"after", "size"})
    # The apps' own filters are not fields of the schema: read as the list page reads them.
    params |= {f.param: request.GET.get(f.param, "")[:200] for f in problem_filters()}
    if filters.after and parse_cursor(filters.after) is None:
        return Status(400, {"detail": _("The cursor is not valid: pass `next` as it came.")})
    if errors := filter_errors(params):
        detail = "; ".join(f"{key}: {reason}" for key, reason in errors.items())
        return Status(422, {"detail": detail, "code": "invalid"})
    qs = with_problem_fields(filter_problems(request.user, params).select_related(*LIST_RELATED))
    page = keyset_page(qs, filters.after or None, filters.size)
    now = timezone.now()
    return {"items": [problem_row(p, now) for p in page.rows], "next": page.next_cursor}


@router.get(
    "/problems/{problem_id}",
    response={200: ProblemDetailOut, 404: ErrorOut},
    summary="A problem with its timeline, requests, photos and the moves you may make now",
)
def read_problem(request, problem_id: ProblemId):
    return _detail(request, problem_id)


@router.get(
    "/categories",
    response=list[MainCategoryOut],
    summary="Problem categories: main categories with their sub-categories",
)
def list_categories(request, include_inactive: bool = False):
    subs = Category.objects.select_related("department").order_by("sort", "code")
    mains = Category.objects.filter(parent__isnull=True).order_by("sort", "code")
    if not include_inactive:
        subs, mains = subs.filter(is_active=True), mains.filter(is_active=True)
    mains = mains.prefetch_related(Prefetch("children", queryset=subs))
    return [category_tree(m) for m in mains]


# ---- recording ------------------------------------------------------------------------------


def _record_extras(body: ProblemIn) -> tuple[dict, Status | None]:
    """The values of the fields the apps above the ledger add to the body (registry.
    RecordExtension), by extension key; a value of the wrong type is a 422 naming the field.
    Whether the recorder may use it is the service's check (the extension's `validate`)."""
    given, extras = body.model_extra or {}, {}
    for extension in record_extensions():
        try:
            value = TypeAdapter(extension.api_type).validate_python(given.get(extension.api_field))
            if isinstance(value, str):
                reject_nul(value)
        except ValueError as exc:  # pydantic's ValidationError is one
            reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            detail = f"{extension.api_field}: {reason}"
            return {}, Status(422, {"detail": detail, "code": "invalid"})
        if value is not None:
            extras[extension.key] = value
    return extras, None


@router.post(
    "/problems",
    response={201: ProblemDetailOut, **ERRORS},
    summary="Record a problem (photos: upload to /api/v1/files/ first, pass their ids)",
)
def create_problem(request, body: ProblemIn):
    category = Category.objects.filter(code=body.category, parent__isnull=False).first()
    if category is None:
        return Status(
            422,
            {
                "detail": _("There is no sub-category “%(code)s”.") % {"code": body.category},
                "code": "invalid",
            },
        )
    if (body.lon is None) != (body.lat is None):
        return Status(422, {"detail": _("Give both lon and lat, or neither."), "code": "invalid"})
    extras, refused = _record_extras(body)
    if refused is not None:
        return refused
    try:
        problem = intake.report_problem(
            actor=request.user,
            source=body.source,
            category=category,
            description=body.description,
            lon=body.lon,
            lat=body.lat,
            address=body.address,
            photo_ids=[str(i) for i in body.photo_ids],
            extras=extras,
            priority=body.priority,
            register=body.register_now,
            request=request,
        )
    except MoveError as exc:
        return _refused(exc)
    return Status(201, _detail(request, problem.pk))


# ---- the moves ------------------------------------------------------------------------------


@router.post("/problems/{problem_id}/register", response=MOVE_RESPONSES, summary="Register (立案)")
def register(request, problem_id: ProblemId, body: MoveIn):
    return _move(request, problem_id, moves.register, version=body.version, note=body.note)


@router.post(
    "/problems/{problem_id}/reject", response=MOVE_RESPONSES, summary="Do not register (不予立案)"
)
def reject(request, problem_id: ProblemId, body: RejectIn):
    return _move(request, problem_id, moves.reject, version=body.version, reason=body.reason)


@router.post(
    "/problems/{problem_id}/correct",
    response=MOVE_RESPONSES,
    summary="Correct category, place, description or address before dispatch",
)
def correct(request, problem_id: ProblemId, body: CorrectIn):
    category = None
    if body.category is not None:
        category = Category.objects.filter(code=body.category, parent__isnull=False).first()
        if category is None:
            return _refused(MoveError(_("There is no such sub-category."), "invalid"))
    return _move(
        request,
        problem_id,
        corrections.correct,
        version=body.version,
        note=body.note,
        category=category,
        description=body.description,
        address=body.address,
        lon=body.lon,
        lat=body.lat,
    )


def _unit(unit_id: int | None, field: str) -> Unit | None:
    if unit_id is None:
        return None
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise MoveError(
            _("There is no unit %(id)d (%(field)s).") % {"id": unit_id, "field": field}, "invalid"
        )
    return unit


@router.post(
    "/problems/{problem_id}/dispatch",
    response=MOVE_RESPONSES,
    summary="Dispatch to the owner unit (派遣); default owner: the unit of the place",
)
def dispatch(request, problem_id: ProblemId, body: DispatchIn):
    try:
        owner = _unit(body.owner_unit_id, "owner_unit_id")
        # Left out: the department stays; given as null: the problem has none.
        supporting = (
            _unit(body.supporting_unit_id, "supporting_unit_id")
            if "supporting_unit_id" in body.model_fields_set
            else moves.KEEP
        )
    except MoveError as exc:
        return _refused(exc)
    return _move(
        request,
        problem_id,
        moves.dispatch,
        version=body.version,
        note=body.note,
        owner_unit=owner,
        supporting_unit=supporting,
    )


@router.post("/problems/{problem_id}/accept", response=MOVE_RESPONSES, summary="Accept (签收)")
def accept(request, problem_id: ProblemId, body: MoveIn):
    return _move(request, problem_id, moves.accept, version=body.version, note=body.note)


@router.post(
    "/problems/{problem_id}/request_return",
    response=MOVE_RESPONSES,
    summary="Ask to return it as not your unit's (退回申请)",
)
def request_return(request, problem_id: ProblemId, body: ReasonIn):
    return _move(
        request, problem_id, moves.request_return, version=body.version, reason=body.reason
    )


@router.post(
    "/problems/{problem_id}/request_extension",
    response=MOVE_RESPONSES,
    summary="Ask for a later deadline (延期申请)",
)
def request_extension(request, problem_id: ProblemId, body: ExtensionIn):
    new_due_at = body.new_due_at
    if timezone.is_naive(new_due_at):
        new_due_at = timezone.make_aware(new_due_at)
    return _move(
        request,
        problem_id,
        moves.request_extension,
        version=body.version,
        reason=body.reason,
        new_due_at=new_due_at,
    )


@router.post(
    "/problems/{problem_id}/request_deferral",
    response=MOVE_RESPONSES,
    summary="Ask to defer it with a plan and a target date (挂账申请)",
)
def request_deferral(request, problem_id: ProblemId, body: DeferralIn):
    return _move(
        request,
        problem_id,
        moves.request_deferral,
        version=body.version,
        reason=body.reason,
        plan=body.plan,
        target_date=body.target_date,
    )


def _decide(request, problem_id: int, body: DecideIn, pending: str) -> Status:
    """Each decision has its own endpoint (the move the caller was offered), so approving a
    return never approves an extension asked for meanwhile."""
    problem = get_problem_for_user(request.user, problem_id, Problem.objects.only("id", "pending"))
    if problem.pending != pending:
        error = MoveError(_("There is no such pending request to decide."), "invalid")
        return _refused(error)
    return _move(
        request,
        problem_id,
        moves.decide_request,
        version=body.version,
        approve=body.approve,
        note=body.note,
    )


@router.post(
    "/problems/{problem_id}/decide_return",
    response=MOVE_RESPONSES,
    summary="Approve or deny the unit's return (a denial needs a note)",
)
def decide_return(request, problem_id: ProblemId, body: DecideIn):
    return _decide(request, problem_id, body, Pending.RETURN)


@router.post(
    "/problems/{problem_id}/decide_extension",
    response=MOVE_RESPONSES,
    summary="Approve or deny the extension (a second one: the office's leader)",
)
def decide_extension(request, problem_id: ProblemId, body: DecideIn):
    return _decide(request, problem_id, body, Pending.EXTENSION)


@router.post(
    "/problems/{problem_id}/decide_deferral",
    response=MOVE_RESPONSES,
    summary="Approve or deny the deferral",
)
def decide_deferral(request, problem_id: ProblemId, body: DecideIn):
    return _decide(request, problem_id, body, Pending.DEFERRAL)


@router.post(
    "/problems/{problem_id}/report_back",
    response=MOVE_RESPONSES,
    summary="Report back what was done, with evidence photo ids (反馈)",
)
def report_back(request, problem_id: ProblemId, body: ReportBackIn):
    return _move(
        request,
        problem_id,
        moves.report_back,
        version=body.version,
        note=body.note,
        photo_ids=[str(i) for i in body.photo_ids],
    )


@router.post(
    "/problems/{problem_id}/close", response=MOVE_RESPONSES, summary="Verify and close (核查销号)"
)
def close(request, problem_id: ProblemId, body: MoveIn):
    return _move(request, problem_id, moves.close, version=body.version, note=body.note)


@router.post(
    "/problems/{problem_id}/rework", response=MOVE_RESPONSES, summary="Send back for rework (返工)"
)
def rework(request, problem_id: ProblemId, body: NoteRequiredIn):
    return _move(request, problem_id, moves.rework, version=body.version, note=body.note)


@router.post(
    "/problems/{problem_id}/reopen",
    response=MOVE_RESPONSES,
    summary="Reopen a closed problem as a recurrence (反弹)",
)
def reopen(request, problem_id: ProblemId, body: NoteRequiredIn):
    return _move(request, problem_id, moves.reopen, version=body.version, note=body.note)


@router.post(
    "/problems/{problem_id}/merge",
    response=MOVE_RESPONSES,
    summary="Merge a duplicate into its master problem",
)
def merge(request, problem_id: ProblemId, body: MergeIn):
    return _move(request, problem_id, moves.merge, version=body.version, master_id=body.master_id)
