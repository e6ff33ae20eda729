"""Bulletins: the series and their editions; the office drafts, edits and issues, every unit
reads what was issued and downloads it as issued."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.jobs.views import attachment_header
from zhengzhi.supervision.drafting.registry import sections
from zhengzhi.supervision.drafting.sections import chosen, formula_text
from zhengzhi.supervision.forms import EditionForm, NewEditionForm, SeriesForm, VersionForm
from zhengzhi.supervision.models import EditionStatus, IssuedDocument, Series
from zhengzhi.supervision.scope import (
    get_edition_for_user,
    get_series_for_office,
    is_office,
    visible_editions,
)
from zhengzhi.supervision.services import editions as services
from zhengzhi.supervision.services.errors import SupervisionError
from zhengzhi.supervision.services.pdf import pdf_state, retry_pdf
from zhengzhi.supervision.services.series import save_series

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
PAGE = 50


@login_required
def edition_list(request):
    qs = (
        visible_editions(request.user)
        .select_related("series")
        .order_by("-issued_at", "-period_start", "-pk")
    )
    office = is_office(request.user)
    return render(
        request,
        "supervision/edition_list.html",
        {
            "editions": list(qs[:PAGE]),
            "series": list(Series.objects.select_related("campaign")) if office else [],
            "office": office,
            "new_form": NewEditionForm(),
        },
    )


@login_required
def series_edit(request, pk: int | None = None):
    if not is_office(request.user):
        raise Http404
    series = get_series_for_office(request.user, pk) if pk else None
    form = SeriesForm(request.POST or None, instance=series)
    if request.method == "POST" and form.is_valid():
        try:
            save_series(
                actor=request.user,
                values=form.cleaned_data,
                series=series,
                version=series.version if series else None,
                request=request,
            )
        except SupervisionError as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            messages.success(request, _("Series saved."))
            return redirect("supervision:editions")
    return render(request, "supervision/series_form.html", {"form": form, "series": series})


@login_required
@require_POST
def edition_new(request, series_pk: int):
    series = get_series_for_office(request.user, series_pk)
    form = NewEditionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a day of the period."))
        return redirect("supervision:editions")
    try:
        edition = services.start_draft(
            series, form.cleaned_data["day"], actor=request.user, request=request
        )
    except SupervisionError as exc:
        messages.error(request, exc.message)
        return redirect("supervision:editions")
    return redirect("supervision:edition", pk=edition.pk)


def _sections(edition) -> list[dict]:
    out = []
    for s in sections():
        data = edition.data.get(s.key)
        if data is not None:
            out.append({"section": s, "data": data})
    return out


@login_required
def edition_detail(request, pk: int):
    edition = get_edition_for_user(request.user, pk)
    office = is_office(request.user)
    typical = edition.data.get("typical") or {}
    form = None
    if office and edition.status == EditionStatus.DRAFT:
        form = EditionForm(
            initial={
                "version": edition.version,
                "title": edition.title,
                "progress_text": edition.progress_text,
                "problems_text": edition.problems_text,
                "advice_text": edition.advice_text,
                "photos": edition.photo_choices,
            },
            candidates=typical.get("candidates", []),
        )
    documents = set(IssuedDocument.objects.filter(edition=edition).values_list("kind", flat=True))
    pdf = pdf_state(edition, documents) if office else None
    ranking = edition.data.get("ranking")
    return render(
        request,
        "supervision/edition_detail.html",
        {
            "edition": edition,
            "office": office,
            "form": form,
            "sections": _sections(edition),
            "chosen": chosen(typical, edition.photo_choices),
            "formula": formula_text(ranking) if ranking else "",
            "documents": documents,
            "pdf": pdf,
            "version_form": VersionForm(initial={"version": edition.version}),
        },
    )


def _office_edition(request, pk: int):
    if not is_office(request.user):
        raise Http404
    return get_edition_for_user(request.user, pk)


@login_required
@require_POST
def edition_edit(request, pk: int):
    edition = _office_edition(request, pk)
    typical = edition.data.get("typical") or {}
    form = EditionForm(request.POST, candidates=typical.get("candidates", []))
    if not form.is_valid():
        messages.error(request, _("The draft was not saved: check the fields."))
        return redirect("supervision:edition", pk=pk)
    data = form.cleaned_data
    try:
        services.edit(
            edition.pk,
            actor=request.user,
            version=data["version"],
            title=data["title"],
            progress_text=data["progress_text"],
            problems_text=data["problems_text"],
            advice_text=data["advice_text"],
            photo_choices=data["photos"],
            request=request,
        )
    except SupervisionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Draft saved."))
    return redirect("supervision:edition", pk=pk)


def _versioned(request, pk: int, action, done: str):
    edition = _office_edition(request, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect("supervision:edition", pk=pk)
    try:
        action(
            edition.pk, actor=request.user, version=form.cleaned_data["version"], request=request
        )
    except SupervisionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("supervision:edition", pk=pk)


@login_required
@require_POST
def edition_issue(request, pk: int):
    return _versioned(request, pk, services.issue, _("Issued: every unit has it in its inbox."))


@login_required
@require_POST
def edition_redraft(request, pk: int):
    return _versioned(request, pk, services.redraft, _("Drafting again from the facts."))


@login_required
@require_POST
def edition_pdf_retry(request, pk: int):
    edition = _office_edition(request, pk)
    try:
        retry_pdf(edition.pk, actor=request.user, request=request)
    except SupervisionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The PDF is asked for again: reload in a moment."))
    return redirect("supervision:edition", pk=pk)


def document_response(edition, kind: str) -> HttpResponse:
    """An issued document byte for byte (the page's and the API's download)."""
    if kind not in CONTENT_TYPES:
        raise Http404
    document = IssuedDocument.objects.filter(edition=edition, kind=kind).first()
    if document is None:
        raise Http404
    response = HttpResponse(bytes(document.content), content_type=CONTENT_TYPES[kind])
    name = f"{edition.series.name}{edition.year}年第{edition.number}期.{kind}"
    response["Content-Disposition"] = attachment_header(
        name, f"bulletin-{edition.year}-{edition.number}.{kind}"
    )
    return response


@login_required
def edition_document(request, pk: int, kind: str):
    return document_response(get_edition_for_user(request.user, pk), kind)
