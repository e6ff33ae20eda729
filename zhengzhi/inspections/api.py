"""/api/v1/inspections/: checklists, plans, visits, submission, release and results over REST,
scoped as the pages are (zhengzhi.inspections.scope): another unit's plan or visit, and a covert
one before its release, does not exist (404). Bad input is 422 naming the field, a refusal 4xx
with its reason."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from zhengzhi.core.validators import DbId
from zhengzhi.inspections.models import Checklist
from zhengzhi.inspections.schemas import (
    ChecklistDetailOut,
    ChecklistOut,
    ErrorOut,
    MissedOut,
    PlanDetailOut,
    PlanOut,
    ReleaseOut,
    ResultsIn,
    ResultsOut,
    RuleIn,
    RuleOut,
    SubmitIn,
    SubmitOut,
    VectorCheckIn,
    VectorCheckOut,
    VectorGradeOut,
    VisitDetailOut,
    VisitFiltersIn,
    VisitOut,
)
from zhengzhi.inspections.scope import (
    get_plan_for_user,
    get_visit_for_user,
    visible_plans,
    visible_visits,
)
from zhengzhi.inspections.selectors import (
    ResultFilter,
    missed_problems,
    results,
    trend,
    vector_checks,
)
from zhengzhi.inspections.services import followups, plans, vectors
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.offline import submit_once
from zhengzhi.inspections.services.submission import Given, submit_visit
from zhengzhi.org.scope import scope_for

router = Router(tags=["inspections"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
HTTP_STATUS = {
    "not_found": 404,
    "not_allowed": 403,
    "submitted": 409,
    "released": 409,
    "conflict": 409,
}
Id = Path[DbId]


def _refused(exc: InspectionError) -> Status:
    return Status(HTTP_STATUS.get(exc.code, 422), {"detail": str(exc.message), "code": exc.code})


@router.get("/checklists", response=list[ChecklistOut], summary="The checklists")
def list_checklists(request):
    return list(Checklist.objects.select_related("current").order_by("place_kind", "code"))


@router.get(
    "/checklists/{checklist_id}",
    response={200: ChecklistDetailOut, 404: ErrorOut},
    summary="A checklist with the items of its current version",
)
def get_checklist(request, checklist_id: Id):
    checklist = get_object_or_404(Checklist.objects.select_related("current"), pk=checklist_id)
    items = (
        list(checklist.current.items.select_related("problem_category").order_by("position"))
        if checklist.current
        else []
    )
    checklist.items = items
    return checklist


@router.get("/plans", response=list[PlanOut], summary="The plans you may see")
@paginate
def list_plans(request):
    return visible_plans(request.user).order_by("-starts_on", "-id")


@router.get("/plans/{plan_id}", response={200: PlanDetailOut, 404: ErrorOut})
def get_plan(request, plan_id: Id):
    plan = get_plan_for_user(request.user, plan_id)
    plan.redraw_matches = plans.redraw(plan) == plan.drawn if plan.drawn else None
    return plan


@router.post(
    "/plans/{plan_id}/release",
    response={200: ReleaseOut, **ERRORS},
    summary="Release a covert plan: its held problems are dispatched, deadlines from now",
)
def release_plan(request, plan_id: Id):
    plan = get_plan_for_user(request.user, plan_id)
    try:
        plan, n = plans.release(plan.pk, actor=request.user, request=request)
    except InspectionError as exc:
        return _refused(exc)
    return {"plan": plan, "dispatched": n}


@router.get(
    "/visits", response=list[VisitOut], summary="The visits you may see (a day's, a plan's)"
)
@paginate
def list_visits(request, filters: Query[VisitFiltersIn]):
    qs = visible_visits(request.user)
    if filters.day:
        qs = qs.filter(due_on=filters.day)
    if filters.plan:
        qs = qs.filter(plan_id=filters.plan)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("due_on", "id")


@router.get("/visits/{visit_id}", response={200: VisitDetailOut, 404: ErrorOut})
def get_visit(request, visit_id: Id):
    visit = get_visit_for_user(request.user, visit_id)
    visit.answers_out = list(visit.answers.select_related("item").order_by("item__position"))
    return visit


@router.post(
    "/visits/{visit_id}/submit",
    response={200: SubmitOut, **ERRORS},
    summary="Submit a visit: scored, failed items become ledger problems, in one transaction",
    description="`answers` by item code, every item answered; a failure of an item that asks "
    "for a photo needs `photo`, the id of a photo uploaded first (POST /api/v1/files/). "
    "With `client_id` (the phone's id for the submission) sending it again answers with the "
    "first result (`replayed`), never a second visit.",
)
def submit(request, visit_id: Id, body: SubmitIn):
    get_visit_for_user(request.user, visit_id)
    answers = {
        code: Given(
            result=a.result,
            findings=a.findings,
            points=a.points,
            note=a.note.strip(),
            photo=str(a.photo) if a.photo else None,
        )
        for code, a in body.answers.items()
    }
    kwargs = {"answers": answers, "note": body.note, "lon": body.lon, "lat": body.lat}
    replayed = False
    try:
        if body.client_id is not None:
            outcome, replayed = submit_once(
                visit_id, client_id=body.client_id, actor=request.user, request=request, **kwargs
            )
        else:
            outcome = submit_visit(visit_id, actor=request.user, request=request, **kwargs)
    except InspectionError as exc:
        return _refused(exc)
    return {
        "visit": outcome.visit,
        "opened": [p.pk for p in outcome.opened],
        "linked": [p.pk for p in outcome.linked],
        "verified": outcome.verified,
        "replayed": replayed,
    }


@router.get("/results", response=ResultsOut, summary="Scores per unit, grid, place or checklist")
def get_results(request, filters: Query[ResultsIn]):
    end = filters.end or timezone.localdate()
    start = filters.start or (end - dt.timedelta(days=365))
    f = ResultFilter(start=start, end=end, by=filters.by, kind=filters.kind, plan_id=filters.plan)
    return {
        "start": start,
        "end": end,
        "by": filters.by,
        "rows": results(request.user, f),
        "trend": trend(request.user, f),
    }


@router.get(
    "/missed",
    response=list[MissedOut],
    summary="Missed problems: earlier visits that passed what a later one found failed",
    description="The office sees every flag, a unit those of its own self- and peer "
    "inspections. `fines` are proposals (seed 004), decided by supervision.",
)
@paginate
def list_missed(request):
    return missed_problems(request.user)


@router.get("/rules", response=list[RuleOut], summary="The follow-up rules and their numbers")
def list_rules(request):
    return sorted(followups.rules().values(), key=lambda r: r.kind)


@router.put(
    "/rules/{kind}",
    response={200: RuleOut, **ERRORS},
    summary="Change a follow-up rule's numbers (the office's administrator or leader)",
)
def put_rule(request, kind: str, body: RuleIn):
    try:
        return followups.update_rule(
            kind,
            actor=request.user,
            days=body.days,
            is_active=body.is_active,
            lead_fine=body.lead_fine,
            assessor_fine=body.assessor_fine,
            request=request,
        )
    except InspectionError as exc:
        return _refused(exc)


@router.get("/vectors", response=list[VectorCheckOut], summary="Vector checks of your units")
@paginate
def list_vector_checks(request):
    return vector_checks(request.user)


@router.post(
    "/vectors",
    response={201: VectorGradeOut, **ERRORS},
    summary="Record a vector check: its counts, graded against the C-level limits",
    description="`counts` by name (see the page for each vector's); the indices are computed "
    "and judged against GB/T 27770–27773 C level as shipped (`status` U: not judged).",
)
def post_vector_check(request, body: VectorCheckIn):
    from zhengzhi.org.models import Unit

    unit = scope_for(request.user).get(
        Unit.objects.filter(is_active=True), field="id", pk=body.unit
    )
    try:
        check = vectors.record_check(
            actor=request.user,
            vector=body.vector,
            unit=unit,
            checked_on=body.checked_on,
            counts={k: str(v) for k, v in body.counts.items()},
            note=body.note,
            request=request,
        )
    except InspectionError as exc:
        return _refused(exc)
    result = vectors.grade(check.vector, vectors.parse_counts(check.vector, check.counts))
    return Status(
        201, {"check": check, "indices": result.results, "unconfirmed": result.unconfirmed}
    )
