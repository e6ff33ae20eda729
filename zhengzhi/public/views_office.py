"""The office's side of public reports on the ledger's problem page, and the citizen's nearby
reports on the public form.

- The problem page draws `public/office/_reporters.html` with `reporters_panel(...)` (a detail
  panel registered in ledger_pages): the
  office sees each report with its masked identity and a form to reveal it for a stated reason
  (audited); everybody else sees only that the public reported it, and how many times.
- The dispatcher sees candidate duplicates near the problem, with the distance and a button
  that merges this problem into one of them (the ledger's merge move).
- `/report/nearby` (htmx, no login): problems of the chosen kind near the chosen point, with no
  personal data, so that a citizen sees that a thing is already reported.
"""

from __future__ import annotations

import math
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from zhengzhi.ledger.models import Category, Problem, Status
from zhengzhi.ledger.scope import get_problem_for_user
from zhengzhi.ledger.services.permissions import Move, allowed_moves
from zhengzhi.public import duplicates
from zhengzhi.public.models import PublicReport
from zhengzhi.public.questions import answers_for_display
from zhengzhi.public.services.identity import (
    REASON_MAX,
    can_see_reporters,
    masked_identities,
    masked_identity,
    reporter_identity,
    reports_of,
)
from zhengzhi.public.services.notify import messages_of

RADII = (50, 100, 200, 500)
CODE_RE = re.compile(r"[0-9A-Za-z_.-]{1,20}")
# The reasons an office usually has; any other may be typed.
REASON_SUGGESTIONS = (
    _("Follow-up call (回访)"),
    _("Ask the reporter where exactly the problem is"),
    _("Tip reward payment"),
    _("The reporter's complaint or enquiry"),
)
# What a citizen reads about a problem: the loop's stages in plain words.
PUBLIC_STATES = {
    Status.REPORTED: _("Received"),
    Status.REGISTERED: _("Being handled"),
    Status.DISPATCHED: _("Being handled"),
    Status.ACCEPTED: _("Being handled"),
    Status.DEFERRED: _("Being handled"),
    Status.REPORTED_BACK: _("Being handled"),
    Status.CLOSED: _("Done"),
}


# ---- the problem page -------------------------------------------------------------------------


def _can_merge(user, problem: Problem) -> bool:
    return Move.MERGE in allowed_moves(user, problem)


def candidates_context(user, problem: Problem, radius: int = duplicates.DEFAULT_RADIUS_M) -> dict:
    found = []
    if problem.lon is not None and problem.lat is not None:
        found = duplicates.find_duplicates(
            problem.category,
            problem.lon,
            problem.lat,
            radius_m=radius,
            exclude_id=problem.pk,
            related=True,
        )
    return {
        "problem": problem,
        "candidates": found,
        "radius": radius,
        "radii": RADII,
        "has_point": problem.lon is not None,
    }


def _report_details(reports) -> list[dict]:
    """What a report says about the problem beyond its text, for everyone who sees the problem
    (no identity): the answers to the category's extra questions, and the photo links an Open311
    client such as FixMyStreet sends instead of files (links only: the intranet cannot fetch)."""
    out = []
    for r in reports:
        links = [
            u
            for u in (r.media_urls or [])
            if isinstance(u, str) and u.startswith(("http://", "https://"))
        ]
        answers = answers_for_display(r) if r.attributes else []
        if answers or links:
            out.append({"answers": answers, "links": links})
    return out


def reporters_panel(user, problem: Problem, *, allowed: set[str] | None = None) -> dict | None:
    """What the problem page shows about the public: None when nothing (no public report and
    no merging to offer). Costs at most two queries, plus the duplicate search for a
    dispatcher who may merge. `allowed`: the user's moves on it, when the caller has them."""
    reports = list(reports_of(problem).select_related("problem"))
    office = can_see_reporters(user)
    panel: dict = {"office": office, "count": len(reports), "times": problem.report_count}
    if office:
        masks = masked_identities(reports, user=user)
        sent = messages_of(reports, problem)
        panel["reports"] = [
            {"report": r, "masked": m, "merged": r.problem_id != problem.pk, "sent": sent[r.pk]}
            for r, m in zip(reports, masks, strict=True)
        ]
        panel["reason_max"] = REASON_MAX
        panel["suggestions"] = REASON_SUGGESTIONS
    panel["details"] = _report_details(reports)
    may_merge = Move.MERGE in allowed if allowed is not None else _can_merge(user, problem)
    if may_merge:
        panel["dup"] = candidates_context(user, problem)
    if not reports and "dup" not in panel:
        return None
    return panel


@require_GET
def candidates(request, pk: int):
    """The dispatcher's candidate duplicates within another radius (htmx)."""
    if not request.user.is_authenticated:
        raise Http404
    problem = get_problem_for_user(
        request.user, pk, Problem.objects.select_related("category", "main_category")
    )
    if not _can_merge(request.user, problem):
        raise Http404
    try:
        radius = int(request.GET.get("radius", duplicates.DEFAULT_RADIUS_M))
    except ValueError:
        radius = duplicates.DEFAULT_RADIUS_M
    if radius not in RADII:
        radius = duplicates.DEFAULT_RADIUS_M
    return render(
        request,
        "public/office/_candidates.html",
        candidates_context(request.user, problem, radius),
    )


@never_cache
@require_POST
def reveal(request, pk: int):
    """Shows one reporter's identity to an office user who gave a reason (audited). For anyone
    else the report does not exist."""
    if not can_see_reporters(request.user):
        raise Http404
    report = PublicReport.objects.select_related("problem").filter(pk=pk).first()
    if report is None:
        raise Http404
    reason = request.POST.get("reason", "").replace("\x00", "")
    context = {
        "report": report,
        "masked": masked_identity(report, user=request.user),
        "reason": reason[: REASON_MAX + 50],
        "reason_max": REASON_MAX,
        "suggestions": REASON_SUGGESTIONS,
        "merged": False,
    }
    status = 200
    try:
        context["identity"] = reporter_identity(
            report, user=request.user, reason=reason, request=request
        )
    except ValidationError as exc:
        context["error"] = exc.messages[0]
        status = 200 if request.headers.get("HX-Request") else 422
    except PermissionDenied:  # pragma: no cover - checked above
        raise Http404 from None
    template = (
        "public/office/_report_row.html"
        if request.headers.get("HX-Request")
        else "public/office/reveal.html"
    )
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store, private"
    return response


# ---- the public form --------------------------------------------------------------------------


def _number(value: str | None) -> float | None:
    try:
        x = float(value or "")
    except ValueError:
        return None
    return x if math.isfinite(x) else None


@require_GET
def nearby(request):
    """The public form asks (htmx) while the citizen fills it in. Bad or missing input is an
    empty answer, never an error: the form must go on working."""
    code = (request.GET.get("category") or "").strip()
    lon, lat = _number(request.GET.get("lon")), _number(request.GET.get("lat"))
    found: list[duplicates.Candidate] = []
    # A category code is short and plain; anything else (a NUL, which PostgreSQL refuses in
    # text, or a megabyte of junk) is not looked up at all.
    on_earth = lon is not None and lat is not None and -180 <= lon <= 180 and -90 <= lat <= 90
    if CODE_RE.fullmatch(code) and on_earth and lon is not None and lat is not None:
        category = Category.objects.filter(
            code=code, is_public=True, is_active=True, parent__isnull=False
        ).first()
        if category is not None:
            found = duplicates.find_duplicates(category, lon, lat, limit=5)
    rows = [
        {
            "category": c.problem.category.name,
            "state": PUBLIC_STATES.get(c.problem.status, ""),
            "closed": c.problem.status == Status.CLOSED,
            "reported_at": c.problem.reported_at,
            "times": c.problem.report_count,
            "distance": round(c.distance_m),
        }
        for c in found
    ]
    response: HttpResponse = render(request, "public/office/_nearby.html", {"rows": rows})
    response["Cache-Control"] = "no-store"
    return response
