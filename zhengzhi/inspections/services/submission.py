"""Submitting a visit, in one transaction: every item answered and scored, the visit scored
against its checklist version's pass line, every failed item a ledger problem (or linked to the
problem already open at the same place for the same item), and a recheck visit the
verification of the problem it rechecks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.inspections.models import Answer, ChecklistItem, Result, Visit, VisitStatus
from zhengzhi.inspections.scope import can_fill, visible_visits
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.scoring import Scored, score_item, total
from zhengzhi.ledger.models import Problem, Source, Status
from zhengzhi.ledger.services import held
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.workcal.calendar import WorkCalendar

# A problem already open at the place for the item takes the new finding instead of a new one.
LINKABLE = (
    Status.REPORTED,
    Status.REGISTERED,
    Status.DISPATCHED,
    Status.ACCEPTED,
    Status.DEFERRED,
    Status.REPORTED_BACK,
)


@dataclass
class Given:
    """One item's answer as the inspector gave it."""

    result: str
    findings: int = 0
    points: Decimal | None = None
    note: str = ""
    photo: Any = None  # a StoredFile id uploaded earlier


@dataclass
class Outcome:
    visit: Visit
    opened: list[Problem] = field(default_factory=list)
    linked: list[Problem] = field(default_factory=list)
    verified: str = ""  # "closed" / "rework" / "" for a recheck visit


def parse_answers(raw: Mapping[str, Mapping[str, Any]]) -> dict[str, Given]:
    """{item code: {"result", "findings", "points", "note", "photo"}} from a form or the API."""
    out = {}
    for code, answer in raw.items():
        try:
            points = answer.get("points")
            out[str(code)] = Given(
                result=str(answer.get("result", "")),
                findings=int(answer.get("findings") or 0),
                points=None if points in (None, "") else Decimal(str(points)),
                note=str(answer.get("note") or "").strip(),
                photo=answer.get("photo") or None,
            )
        except (ValueError, TypeError, InvalidOperation):
            raise InspectionError(
                _("Item %(code)s: the answer is not understood.") % {"code": code}, "invalid"
            ) from None
    return out


def _lock(visit_id: int, actor) -> Visit:
    try:
        visit = (
            visible_visits(actor)
            .select_for_update(of=("self",))
            .select_related("plan", "checklist_version__checklist", "site", "segment")
            .get(pk=visit_id)
        )
    except Visit.DoesNotExist:
        raise InspectionError(_("There is no such visit."), "not_found") from None
    if visit.status == VisitStatus.SUBMITTED:
        raise InspectionError(_("This visit was submitted already."), "submitted")
    if not can_fill(actor, visit):
        raise InspectionError(_("You may not fill this visit."), "not_allowed")
    return visit


def _check(items: list[ChecklistItem], given: dict[str, Given]) -> list[tuple[Any, Scored]]:
    codes = {i.code for i in items}
    if unknown := sorted(set(given) - codes):
        raise InspectionError(
            _("Item %(code)s is not on this checklist.") % {"code": unknown[0]}, "invalid"
        )
    scored = []
    for item in items:
        answer = given.get(item.code)
        if answer is None or not answer.result:
            raise InspectionError(
                _("Answer every item: %(code)s %(text)s is not answered.")
                % {"code": item.code, "text": item.text},
                "unanswered",
            )
        try:
            s = score_item(item, answer.result, findings=answer.findings, points=answer.points)
        except InspectionError as exc:
            raise InspectionError(
                _("Item %(code)s: %(reason)s") % {"code": item.code, "reason": exc.message},
                exc.code,
            ) from None
        if s.result == Result.FAIL and item.photo_required and not answer.photo:
            raise InspectionError(
                _("Item %(code)s failed: take a photo of it.") % {"code": item.code},
                "photo_required",
            )
        scored.append((item, s))
    return scored


def _place(visit: Visit) -> tuple[float | None, float | None, str]:
    if visit.site is not None:
        site = visit.site
        return (
            site.lon if site.lon is not None else visit.lon,
            site.lat if site.lon is not None else visit.lat,
            site.address or site.name,
        )
    if visit.segment is not None:
        return visit.lon, visit.lat, visit.address or visit.segment.name
    return visit.lon, visit.lat, visit.address


def _open_problems_here(visit: Visit, codes: list[str], *, held: bool) -> dict[str, Problem]:
    """{item code: the problem still open at this place for that item of this checklist}. A
    visit whose findings are not held never links to a held one (its answers would show the
    inspected unit what the office still holds)."""
    if not codes or (visit.site_id is None and visit.segment_id is None):
        return {}
    place: dict[str, Any] = (
        {"visit__site_id": visit.site_id}
        if visit.site_id
        else {"visit__segment_id": visit.segment_id}
    )
    rows = (
        Answer.objects.filter(
            **place,
            item__version__checklist_id=visit.checklist_version.checklist_id,
            item__code__in=codes,
            problem__status__in=LINKABLE,
        )
        .select_related("problem", "item")
        .order_by("-problem__reported_at")
    )
    if not held:
        rows = rows.filter(problem__held=False)
    out: dict[str, Problem] = {}
    for row in rows:
        if row.problem is not None:
            out.setdefault(row.item.code, row.problem)
    return out


def _describe(visit: Visit, item: ChecklistItem, note: str) -> str:
    checklist = visit.checklist_version.checklist.name
    text = _("%(item)s (%(checklist)s, item %(code)s)") % {
        "item": item.text,
        "checklist": checklist,
        "code": item.code,
    }
    return f"{text}: {note}" if note else text


@transaction.atomic
def submit_visit(
    visit_id: int,
    *,
    actor,
    answers: Mapping[str, Given],
    note: str = "",
    lon: float | None = None,
    lat: float | None = None,
    now: dt.datetime | None = None,
    request=None,
) -> Outcome:
    visit = _lock(visit_id, actor)
    now = now or timezone.now()
    version = visit.checklist_version
    items = list(version.items.select_related("problem_category").order_by("position", "id"))
    scored = _check(items, dict(answers))
    if lon is not None and lat is not None and visit.site_id is None:
        visit.lon, visit.lat = lon, lat
    result = total(scored, version.pass_line)
    outcome = Outcome(visit=visit)
    failed_codes = [i.code for i, s in scored if s.result == Result.FAIL]
    hold = visit.covert and (visit.plan is None or visit.plan.released_at is None)
    open_here = _open_problems_here(visit, failed_codes, held=hold)
    source = Source.COVERT if visit.covert else Source.INSPECTION
    lon_, lat_, address = _place(visit)
    calendar = WorkCalendar.load()
    rows = []
    recheck_answer: Answer | None = None
    for item, s in scored:
        given = answers[item.code]
        answer = Answer(
            visit=visit,
            item=item,
            result=s.result,
            findings=s.findings,
            points=s.points,
            score=s.score,
            note=given.note,
            photo_id=given.photo if s.result == Result.FAIL else None,
        )
        rechecked = visit.recheck_of_id is not None and _rechecks(visit, item)
        if rechecked:
            answer.problem_id, answer.linked = visit.recheck_of_id, True
            recheck_answer = answer
        elif s.result == Result.FAIL and item.problem_category is not None:
            existing = open_here.get(item.code)
            if existing is not None:
                answer.problem, answer.linked = existing, True
                outcome.linked.append(existing)
            else:
                try:
                    problem = held.record_found(
                        actor=actor,
                        source=source,
                        category=item.problem_category,
                        description=_describe(visit, item, given.note),
                        lon=lon_,
                        lat=lat_,
                        address=address,
                        site_id=visit.site_id,
                        photo_ids=[given.photo] if given.photo else None,
                        hold=hold,
                        now=now,
                        calendar=calendar,
                        request=request,
                    )
                except MoveError as exc:
                    raise InspectionError(
                        _("Item %(code)s: %(reason)s") % {"code": item.code, "reason": exc},
                        exc.code,
                    ) from None
                answer.problem = problem
                open_here[item.code] = problem
                outcome.opened.append(problem)
        rows.append(answer)
    Answer.objects.bulk_create(rows)
    _keep_photos(rows, visit, actor)
    visit.status, visit.submitted_at, visit.submitted_by = VisitStatus.SUBMITTED, now, actor
    visit.score, visit.max_score, visit.percent = result.score, result.max_score, result.percent
    visit.passed, visit.failures = result.passed, result.failures
    visit.note = (note or "").strip()
    visit.version += 1
    visit.save()
    if recheck_answer is not None:
        outcome.verified = _verify(visit, recheck_answer, actor, request)
    record(
        "inspections.visit.submitted",
        actor=actor,
        obj=visit,
        unit_id=None if hold else visit.unit_id,
        request=request,
        data={
            "score": str(result.score),
            "percent": str(result.percent) if result.percent is not None else None,
            "failures": result.failures,
            "opened": [p.number for p in outcome.opened],
            "linked": [p.number for p in outcome.linked],
            "held": hold,
            **({"verified": outcome.verified} if outcome.verified else {}),
        },
    )
    return outcome


def _rechecks(visit: Visit, item: ChecklistItem) -> bool:
    """The item of a recheck visit that the rechecked problem was opened for."""
    return Answer.objects.filter(
        problem_id=visit.recheck_of_id or 0,
        item__code=item.code,
        item__version__checklist_id=item.version.checklist_id,
    ).exists()


def _keep_photos(rows: list[Answer], visit: Visit, actor) -> None:
    """A failure linked to a problem already open keeps its photo on the visit (a new
    problem took its photo as its before-photo)."""
    from zhengzhi.files.services import attach_files

    kept = [a.photo_id for a in rows if a.photo_id and (a.linked or a.problem_id is None)]
    if kept:
        try:
            attach_files(kept, visit, user=actor, purpose="finding")
        except Exception as exc:  # ValidationError: a photo that is not the inspector's
            raise InspectionError(str(getattr(exc, "messages", [exc])[0]), "invalid") from None


def _verify(visit: Visit, answer: Answer, actor, request) -> str:
    """复查 as 核查: pass closes the problem, fail sends it back for rework — through the
    ledger's own moves (who may verify, its close standard, its notices). A problem not yet
    reported back by its unit is left as it is: the recheck is on the visit's record."""
    from zhengzhi.ledger.services import moves

    problem = Problem.objects.get(pk=answer.problem_id or 0)
    if problem.status != Status.REPORTED_BACK:
        return ""
    reason = _("Recheck visit %(id)s: item %(code)s") % {"id": visit.pk, "code": answer.item.code}
    try:
        if answer.result == Result.PASS:
            moves.close(
                problem.pk,
                actor=actor,
                note=reason,
                checked=[],
                unchecked_reason=reason if problem.category.close_items else "",
                stood_lon=visit.lon,
                stood_lat=visit.lat,
                request=request,
            )
            return "closed"
        if answer.result == Result.FAIL:
            moves.rework(
                problem.pk, actor=actor, note=f"{reason}: {answer.note or answer.item.text}"
            )
            return "rework"
    except MoveError as exc:
        raise InspectionError(str(exc), exc.code) from None
    return ""
