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
from zhengzhi.ledger.models import Category, Problem
from zhengzhi.ledger.move_table import MOVES, MoveSpec
from zhengzhi.ledger.registry import problem_filters, record_extensions, with_problem_fields
from zhengzhi.ledger.schemas import (
    ErrorOut,
    MainCategoryOut,
    ProblemDetailOut,
    ProblemFilters,
    ProblemIn,
    ProblemPage,
    category_tree,
    problem_detail,
    problem_row,
)
from zhengzhi.ledger.scope import get_problem_for_user
from zhengzhi.ledger.selectors import filter_errors, filter_problems, keyset_page, parse_cursor
from zhengzhi.ledger.services import intake
from zhengzhi.ledger.services.errors import MoveError

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
            site_id=body.site_id,
            request=request,
        )
    except MoveError as exc:
        return _refused(exc)
    return Status(201, _detail(request, problem.pk))


# ---- the moves ------------------------------------------------------------------------------
# One endpoint per row of the move table: POST /problems/{id}/{move} with the row's body.


def _move_endpoint(spec: MoveSpec):
    def endpoint(request, problem_id, body):
        if spec.decides:
            problem = get_problem_for_user(
                request.user, problem_id, Problem.objects.only("id", "pending")
            )
            if problem.pending != spec.decides:
                error = MoveError(_("There is no such pending request to decide."), "invalid")
                return _refused(error)
        try:
            args = spec.body_args(body)
        except MoveError as exc:
            return _refused(exc)
        return _move(request, problem_id, spec.service, version=body.version, **args)

    # What ninja reads: the body's schema for validation and the OpenAPI document, and the name
    # for the operation id (zhengzhi_ledger_api_<move>, as when each was written out).
    endpoint.__annotations__ = {"problem_id": ProblemId, "body": spec.body}
    endpoint.__name__ = endpoint.__qualname__ = spec.move
    return endpoint


for _spec in MOVES.values():
    router.post(
        f"/problems/{{problem_id}}/{_spec.move}", response=MOVE_RESPONSES, summary=_spec.summary
    )(_move_endpoint(_spec))
