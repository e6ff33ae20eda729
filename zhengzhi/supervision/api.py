"""/api/v1/supervision: bulletin series (the office's), editions (issued ones for everyone,
drafts for whoever sees every unit), drafting, the office's edits, issuing, the issued
documents and the PDF's retry, and the dashboard's headline figures with their ledger links.

Scoped as the pages are: the office's writers (standards.scope.is_office) configure, draft,
edit and issue; a draft, a series and every change are "not found" (404) to anyone else; units
read and download issued editions. A refused change is 409 (stale, or the state forbids it) or
422 with the reason; every change goes through the services and so into the audit log."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from ninja import Path, Query, Router, Status

from zhengzhi.core.validators import DbId
from zhengzhi.supervision.dashboard.figures import headline
from zhengzhi.supervision.forms import SeriesForm
from zhengzhi.supervision.models import Edition, IssuedDocument, Series
from zhengzhi.supervision.schemas import (
    DashboardOut,
    DraftPatch,
    EditionDetailOut,
    EditionOut,
    ErrorOut,
    IssueIn,
    NewEditionIn,
    SeriesIn,
    SeriesOut,
    SeriesPatch,
)
from zhengzhi.supervision.scope import (
    get_edition_for_user,
    get_series_for_office,
    is_office,
    visible_editions,
)
from zhengzhi.supervision.services import editions as services
from zhengzhi.supervision.services.errors import SupervisionError
from zhengzhi.supervision.services.pdf import pdf_state, retry_pdf
from zhengzhi.supervision.services.series import SERIES_FIELDS, save_series

router = Router(tags=["supervision"])
ERRORS = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
PAGE = 100
CONFLICTS = {"stale", "exists", "made", "pending"}  # 409: another change got there first


def _refused(exc: SupervisionError):
    body = {"detail": str(exc.message), "code": exc.code}
    if exc.field:
        body["errors"] = {exc.field: [str(exc.message)]}
    return Status(409 if exc.code in CONFLICTS else 422, body)


def _office(request) -> None:
    if not is_office(request.user):
        raise Http404


# ---- series --------------------------------------------------------------------------------


def _series(s: Series) -> dict:
    return {name: getattr(s, name) for name in SERIES_FIELDS if name != "campaign"} | {
        "id": s.pk,
        "campaign": s.campaign_id,
        "version": s.version,
    }


def _save_series(request, values: dict, series: Series | None, version: int | None):
    """The page's form checks the values (choices, the campaign, at most 20 photos)."""
    form = SeriesForm(data=values, instance=series)
    if not form.is_valid():
        errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
        detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())
        return Status(422, {"detail": detail, "code": "invalid", "errors": errors})
    try:
        saved = save_series(
            actor=request.user,
            values=form.cleaned_data,
            series=series,
            version=version,
            request=request,
        )
    except SupervisionError as exc:
        return _refused(exc)
    return _series(saved)


def _form_values(values: dict) -> dict:
    out = {k: v for k, v in values.items() if v is not None}
    if out.get("is_active") is False:
        out.pop("is_active")  # an unchecked box: absent from the form's data
    return out


@router.get("/series", response={200: list[SeriesOut], **ERRORS}, summary="Bulletin series")
def list_series(request):
    _office(request)
    return [_series(s) for s in Series.objects.order_by("name", "pk")[:PAGE]]


@router.post(
    "/series", response={201: SeriesOut, **ERRORS}, summary="Create a bulletin series (office)"
)
def create_series(request, body: SeriesIn):
    _office(request)
    out = _save_series(request, _form_values(body.dict()), None, None)
    return out if isinstance(out, Status) else Status(201, out)


@router.get("/series/{int:series_id}", response={200: SeriesOut, **ERRORS}, summary="A series")
def get_series(request, series_id: Path[DbId]):
    return _series(get_series_for_office(request.user, series_id))


@router.patch(
    "/series/{int:series_id}",
    response={200: SeriesOut, **ERRORS},
    summary="Change a series (the fields given; `version` as read)",
)
def update_series(request, series_id: Path[DbId], body: SeriesPatch):
    series = get_series_for_office(request.user, series_id)
    given = body.dict(exclude_unset=True)
    version = given.pop("version")
    values = {n: getattr(series, n) for n in SERIES_FIELDS if n != "campaign"}
    values["campaign"] = series.campaign_id
    values.update(given)
    return _save_series(request, _form_values(values), series, version)


# ---- editions ------------------------------------------------------------------------------


def _edition(e: Edition) -> dict:
    return {
        "id": e.pk,
        "series_id": e.series_id,
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


def _detail(e: Edition) -> dict:
    documents = set(IssuedDocument.objects.filter(edition=e).values_list("kind", flat=True))
    pdf = pdf_state(e, documents)
    return _edition(e) | {
        "progress_text": e.progress_text,
        "problems_text": e.problems_text,
        "advice_text": e.advice_text,
        "photo_choices": e.photo_choices,
        "data": e.data,
        "documents": sorted(documents),
        "pdf": pdf.state,
        "pdf_error": pdf.error,
        "version": e.version,
    }


@router.get("/editions", response={200: list[EditionOut]}, summary="Bulletin editions")
def list_editions(request, series: Query[DbId | None] = None):
    qs = visible_editions(request.user).select_related("series")
    if series is not None:
        qs = qs.filter(series_id=series)
    return [_edition(e) for e in qs.order_by("-issued_at", "-period_start", "-pk")[:PAGE]]


@router.post(
    "/series/{int:series_id}/editions",
    response={201: EditionOut, **ERRORS},
    summary="Draft an edition for the period holding `day` (the worker drafts it)",
)
def draft_edition(request, series_id: Path[DbId], body: NewEditionIn):
    series = get_series_for_office(request.user, series_id)
    try:
        e = services.start_draft(series, body.day, actor=request.user, request=request)
    except SupervisionError as exc:
        return _refused(exc)
    return Status(201, _edition(e))


@router.get(
    "/editions/{int:edition_id}",
    response={200: EditionDetailOut, **ERRORS},
    summary="A bulletin edition with the facts it was drafted from",
)
def get_edition(request, edition_id: Path[DbId]):
    return _detail(get_edition_for_user(request.user, edition_id))


def _office_edition(request, edition_id: int) -> Edition:
    _office(request)
    return get_edition_for_user(request.user, edition_id)


@router.patch(
    "/editions/{int:edition_id}",
    response={200: EditionDetailOut, **ERRORS},
    summary="Edit a draft's title, texts and photo choices (the fields given)",
)
def edit_edition(request, edition_id: Path[DbId], body: DraftPatch):
    e = _office_edition(request, edition_id)
    given = body.dict(exclude_unset=True)
    fields = ("title", "progress_text", "problems_text", "advice_text", "photo_choices")
    values = {n: getattr(e, n) if given.get(n) is None else given[n] for n in fields}
    try:
        services.edit(e.pk, actor=request.user, version=body.version, request=request, **values)
    except SupervisionError as exc:
        return _refused(exc)
    return _detail(get_edition_for_user(request.user, e.pk))


@router.post(
    "/editions/{int:edition_id}/redraft",
    response={200: EditionOut, **ERRORS},
    summary="Draft a draft's facts again (texts and photo choices kept)",
)
def redraft_edition(request, edition_id: Path[DbId], body: IssueIn):
    e = _office_edition(request, edition_id)
    try:
        e = services.redraft(e.pk, actor=request.user, version=body.version, request=request)
    except SupervisionError as exc:
        return _refused(exc)
    return _edition(Edition.objects.select_related("series").get(pk=e.pk))


@router.post(
    "/editions/{int:edition_id}/issue",
    response={200: EditionOut, **ERRORS},
    summary="Issue a draft to every unit (numbered 第 N 期 of the year)",
)
def issue_edition(request, edition_id: Path[DbId], body: IssueIn):
    e = _office_edition(request, edition_id)
    try:
        e = services.issue(e.pk, actor=request.user, version=body.version, request=request)
    except SupervisionError as exc:
        return _refused(exc)
    return _edition(Edition.objects.select_related("series").get(pk=e.pk))


@router.post(
    "/editions/{int:edition_id}/pdf/retry",
    response={202: EditionDetailOut, **ERRORS},
    summary="Ask for the PDF of an issued edition again after it failed",
)
def retry_edition_pdf(request, edition_id: Path[DbId]):
    e = _office_edition(request, edition_id)
    try:
        retry_pdf(e.pk, actor=request.user, request=request)
    except SupervisionError as exc:
        return _refused(exc)
    return Status(202, _detail(get_edition_for_user(request.user, e.pk)))


@router.get(
    "/editions/{int:edition_id}/documents/{kind}",
    response={404: ErrorOut},
    summary="The issued .docx or PDF, byte for byte as issued (`kind`: docx or pdf)",
)
def edition_document(request, edition_id: Path[DbId], kind: str):
    from zhengzhi.supervision.views.editions import document_response

    return document_response(get_edition_for_user(request.user, edition_id), kind)


# ---- dashboard -----------------------------------------------------------------------------


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
