"""Roster import pages: choose the kind and upload → match the columns (for an office's own
sheet) → the check: a summary, or every bad row → import. And the survey pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from zhengzhi.org.models import Unit
from zhengzhi.org.scope import scope_for
from zhengzhi.sites.forms_rosters import NothingToReportForm, RosterUploadForm, SurveyForm
from zhengzhi.sites.importing import uploads
from zhengzhi.sites.importing.columns import is_template, kind_fields
from zhengzhi.sites.importing.reading import RosterFileError, read_sheet
from zhengzhi.sites.importing.template import build_template
from zhengzhi.sites.models import RosterImport, SiteEvent, SiteKind, Survey
from zhengzhi.sites.scope import visible_sites
from zhengzhi.sites.services import rosters, surveys
from zhengzhi.sites.services.errors import SiteError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_ERRORS = 500
FILLED_MAX = 50_000


def _site_url(pk: int) -> str:
    try:
        return reverse("sites:site", args=[pk])
    except NoReverseMatch:  # the site page comes with the pages of the registry
        return ""


def _visible_imports(user):
    scope = scope_for(user)
    qs = RosterImport.objects.select_related("kind", "unit", "by", "survey")
    return qs if scope.all_units else qs.filter(Q(unit__in=scope.unit_ids) | Q(by=user))


@login_required
def roster_home(request):
    kinds = rosters.importable_kinds(request.user)
    if not kinds:
        raise Http404
    initial = {}
    if request.GET.get("kind"):
        initial["kind"] = next((k for k in kinds if k.code == request.GET["kind"]), None)
    if request.GET.get("survey", "").isdigit():
        initial["survey"] = request.GET["survey"]
    form = RosterUploadForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            sheet = read_sheet(data, upload.name)
        except RosterFileError as exc:
            form.add_error("file", str(exc))
        else:
            survey = form.cleaned_data.get("survey")
            token = uploads.store(
                request,
                data,
                {
                    "kind": kind.pk,
                    "name": upload.name[:200],
                    "survey": survey.pk if survey else None,
                },
            )
            if is_template(sheet.headers, kind_fields(kind)):
                mapping = rosters.proposed_mapping(kind, sheet.headers)
                uploads.update(request, token, mapping={str(i): k for i, k in mapping.items()})
                return redirect("sites:roster_check", token=token)
            return redirect("sites:roster_mapping", token=token)
    recent = _visible_imports(request.user)[:10]
    return render(
        request,
        "sites/rosters/home.html",
        {"form": form, "kinds": kinds, "recent": recent},
        status=422 if form.errors else 200,
    )


@login_required
def roster_template(request, code: str):
    kind = get_object_or_404(SiteKind, code=code, is_active=True)
    if not rosters.may_import(request.user, kind):
        raise Http404
    sites = ()
    name = f"{kind.code}-template.xlsx"
    if request.GET.get("filled"):
        sites = (
            visible_sites(request.user)
            .filter(kind=kind)
            .prefetch_related("licences")
            .order_by("code")[:FILLED_MAX]
        )
        name = f"{kind.code}-roster.xlsx"
    response = HttpResponse(build_template(kind, sites), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _upload(request, token: str):
    """The stored upload of this user, its kind, its sheet (or a reason) and its meta."""
    meta = uploads.meta(request, token)
    data = uploads.load(request, token) if meta else None
    if meta is None or data is None:
        raise Http404
    kind = get_object_or_404(SiteKind, pk=meta["kind"])
    if not rosters.may_import(request.user, kind):
        raise Http404
    sheet = read_sheet(data, meta["name"])  # it was readable when stored
    return kind, sheet, meta


def _samples(sheet, index: int) -> str:
    values = []
    for _row, cells in sheet.rows[:3]:
        if index < len(cells) and cells[index] not in (None, ""):
            values.append(str(cells[index])[:30])
    return " / ".join(values)


@login_required
def roster_mapping(request, token: str):
    kind, sheet, meta = _upload(request, token)
    fields = kind_fields(kind)
    if request.method == "POST":
        chosen = {i: request.POST.get(f"col{i}", "") for i in range(len(sheet.headers))}
    else:
        saved = meta.get("mapping")
        proposed = (
            {int(i): k for i, k in saved.items()}
            if saved is not None
            else rosters.proposed_mapping(kind, sheet.headers)
        )
        chosen = {i: proposed.get(i, "") for i in range(len(sheet.headers))}
    error = ""
    if request.method == "POST":
        try:
            rosters.save_mapping(
                request.user, kind=kind, headers=sheet.headers, mapping=chosen, request=request
            )
        except SiteError as exc:
            error = str(exc.message)
        else:
            uploads.update(request, token, mapping={str(i): k for i, k in chosen.items() if k})
            return redirect("sites:roster_check", token=token)
    columns = [
        {"index": i, "header": h, "sample": _samples(sheet, i), "chosen": chosen.get(i, "")}
        for i, h in enumerate(sheet.headers)
    ]
    mapped = {c["chosen"] for c in columns if c["chosen"]}
    missing = [f for f in fields if f.required and f.key not in mapped]
    return render(
        request,
        "sites/rosters/mapping.html",
        {
            "kind": kind,
            "meta": meta,
            "token": token,
            "columns": columns,
            "fields": fields,
            "missing": missing,
            "error": error,
            "rows": len(sheet.rows),
        },
        status=422 if error else 200,
    )


@login_required
def roster_check(request, token: str):
    """GET: what the import would do, or every bad row. POST: the import."""
    kind, sheet, meta = _upload(request, token)
    if meta.get("mapping") is None:
        return redirect("sites:roster_mapping", token=token)
    mapping = {int(i): k for i, k in meta["mapping"].items()}
    survey = Survey.objects.filter(pk=meta.get("survey")).first() if meta.get("survey") else None
    context = {"kind": kind, "meta": meta, "token": token, "survey": survey}
    try:
        if request.method == "POST":
            result = rosters.import_roster(
                request.user,
                kind=kind,
                sheet=sheet,
                mapping=mapping,
                file_name=meta["name"],
                survey=survey,
                request=request,
            )
            if result.ok:
                uploads.drop(request, token)
                messages.success(request, _("The roster is imported."))
                return redirect("sites:roster_import", pk=result.roster.pk)
            plan, errors = result.plan, result.errors
        else:
            plan = rosters.check_roster(request.user, kind=kind, sheet=sheet, mapping=mapping)
            errors = plan.errors
    except SiteError as exc:
        context["refused"] = str(exc.message)
        return render(request, "sites/rosters/check.html", context, status=422)
    owners = {u.pk: u.name for u in Unit.objects.filter(pk__in=[k for k in plan.owners if k])}
    context.update(
        {
            "plan": plan,
            "errors": errors[:SHOWN_ERRORS],
            "error_count": len(errors),
            "bad_rows": len({e.row for e in errors}),
            "owners": sorted(
                ((owners.get(k, _("no unit")), n) for k, n in plan.owners.items()),
                key=lambda x: -x[1],
            ),
            "upload_form": RosterUploadForm(
                user=request.user,
                initial={"kind": kind, "survey": survey.pk if survey else None},
            ),
        }
    )
    return render(request, "sites/rosters/check.html", context, status=422 if errors else 200)


@login_required
def roster_import(request, pk: int):
    roster = get_object_or_404(_visible_imports(request.user), pk=pk)
    events = (
        SiteEvent.objects.filter(changes__import=roster.pk, site__in=visible_sites(request.user))
        .select_related("site")
        .order_by("kind", "site__code")[:200]
    )
    sites = [
        {"site": e.site, "url": _site_url(e.site_id), "created": e.kind == SiteEvent.Kind.CREATED}
        for e in events
    ]
    return render(request, "sites/rosters/import.html", {"roster": roster, "sites": sites})


# -- surveys ------------------------------------------------------------------------------------


def _may_see_surveys(user) -> bool:
    scope = scope_for(user)
    return scope.all_units or bool(scope.unit_ids)


@login_required
def survey_list(request):
    if not _may_see_surveys(request.user):
        raise Http404
    return render(
        request,
        "sites/rosters/surveys.html",
        {
            "surveys": Survey.objects.prefetch_related("kinds"),
            "may_create": surveys.may_create_survey(request.user),
        },
    )


@login_required
def survey_create(request):
    if not surveys.may_create_survey(request.user):
        raise Http404
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = surveys.create_survey(
                request.user,
                title=form.cleaned_data["title"],
                kinds=list(form.cleaned_data["kinds"]),
                starts_on=form.cleaned_data["starts_on"],
                deadline=form.cleaned_data["deadline"],
                request=request,
            )
        except SiteError as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("sites:survey_status", pk=survey.pk)
    return render(
        request,
        "sites/rosters/survey_form.html",
        {"form": form},
        status=422 if form.errors else 200,
    )


@login_required
def survey_status(request, pk: int):
    if not _may_see_surveys(request.user):
        raise Http404
    survey = get_object_or_404(Survey.objects.prefetch_related("kinds"), pk=pk)
    community = surveys.submitting_community(request.user)
    form = NothingToReportForm(request.POST or None) if community else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                surveys.submit_nothing(
                    request.user, survey, note=form.cleaned_data["note"], request=request
                )
            except SiteError as exc:
                form.add_error("note", str(exc.message))
            else:
                messages.success(request, _("Your answer is recorded."))
                return redirect("sites:survey_status", pk=survey.pk)
    status = surveys.survey_status(request.user, survey)
    return render(
        request,
        "sites/rosters/survey_status.html",
        {
            "survey": survey,
            "status": status,
            "community": community,
            "form": form,
            "kinds": list(survey.kinds.all()),
        },
        status=422 if form is not None and form.errors else 200,
    )
