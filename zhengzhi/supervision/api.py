"""/api/v1/supervision: the bulletins (issued ones for everyone, drafts for whoever sees every
unit), issuing one (the office's writers), and the dashboard's headline figures with their
ledger links. Scoped as the pages are: a draft is 404 to a unit; what the caller may not do is
404 (as on the pages); a refused change is 409 (stale) or 422 with the reason."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from ninja import Path, Router, Status

from zhengzhi.core.validators import DbId
from zhengzhi.supervision.dashboard.figures import headline
from zhengzhi.supervision.models import Edition, IssuedDocument
from zhengzhi.supervision.schemas import (
    DashboardOut,
    EditionDetailOut,
    EditionOut,
    ErrorOut,
    IssueIn,
)
from zhengzhi.supervision.scope import get_edition_for_user, is_office, visible_editions
from zhengzhi.supervision.services import editions as services
from zhengzhi.supervision.services.errors import SupervisionError

router = Router(tags=["supervision"])
ERRORS = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
PAGE = 100


def _edition(e: Edition) -> dict:
    return {
        "id": e.pk,
        "series": e.series.name,
        "period_start": e.period_start,
        "period_end": e.period_end,
        "status": e.status,
        "year": e.year,
        "number": e.number,
        "title": e.title,
        "issued_at": e.issued_at,
        "url": reverse("supervision:edition", args=[e.pk]),
    }


@router.get("/editions", response={200: list[EditionOut]}, summary="Bulletin editions")
def list_editions(request):
    qs = visible_editions(request.user).select_related("series")
    return [_edition(e) for e in qs.order_by("-issued_at", "-period_start", "-pk")[:PAGE]]


@router.get(
    "/editions/{int:edition_id}",
    response={200: EditionDetailOut, **ERRORS},
    summary="A bulletin edition with the facts it was drafted from",
)
def get_edition(request, edition_id: Path[DbId]):
    e = get_edition_for_user(request.user, edition_id)
    documents = sorted(IssuedDocument.objects.filter(edition=e).values_list("kind", flat=True))
    return _edition(e) | {
        "progress_text": e.progress_text,
        "problems_text": e.problems_text,
        "advice_text": e.advice_text,
        "photo_choices": e.photo_choices,
        "data": e.data,
        "documents": documents,
        "version": e.version,
    }


@router.post(
    "/editions/{int:edition_id}/issue",
    response={200: EditionOut, **ERRORS},
    summary="Issue a draft to every unit (numbered 第 N 期 of the year)",
)
def issue_edition(request, edition_id: Path[DbId], body: IssueIn):
    if not is_office(request.user):
        raise Http404
    e = get_edition_for_user(request.user, edition_id)
    try:
        e = services.issue(e.pk, actor=request.user, version=body.version, request=request)
    except SupervisionError as exc:
        return Status(
            409 if exc.code == "stale" else 422, {"detail": str(exc.message), "code": exc.code}
        )
    return _edition(Edition.objects.select_related("series").get(pk=e.pk))


@router.get(
    "/dashboard",
    response={200: DashboardOut, **ERRORS},
    summary="The dashboard's headline figures, each with its ledger list",
)
def dashboard(request):
    from zhengzhi.supervision.views.dashboard import dashboard_view

    found = dashboard_view(request.user)
    if found is None:
        raise Http404
    page, view = found
    figures = headline(request.user, view.now, view.unit_id)
    return {
        "page": page,
        "figures": {k: {"count": f.count, "url": f.url} for k, f in figures.items()},
    }
