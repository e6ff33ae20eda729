"""Excel pages of the ledger: export the filtered ledger (directly when small, otherwise as a
background job with progress), download one's own exports, and import an office's sheet."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from zhengzhi.core.roles import Role, role_required
from zhengzhi.jobs.exports import TooManyExports, export_rows, start_export, user_exports
from zhengzhi.jobs.views import download, export_now
from zhengzhi.ledger.export_kind import EXPORT_JOB
from zhengzhi.ledger.models import Category, Source, Status
from zhengzhi.ledger.registry import filter_value_names, problem_filters
from zhengzhi.ledger.selectors import filter_errors, filter_params, filter_problems
from zhengzhi.ledger.selectors.filters import FLAG_PARAMS
from zhengzhi.org.importing.workbook import xlsx_response
from zhengzhi.org.models import Unit

# Up to this many rows the file is written at once and sent back; above, a background job.
DIRECT_LIMIT = 2000
LIST_SIZE = 30

PARAM_LABELS = {
    "status": gettext_lazy("Status"),
    "category": gettext_lazy("Category"),
    "unit": gettext_lazy("Owner unit"),
    "support": gettext_lazy("Supporting department"),
    "grid": gettext_lazy("Grid"),
    "source": gettext_lazy("Source"),
    "overdue": gettext_lazy("Overdue"),
    "due_soon": gettext_lazy("Due soon"),
    "date_from": gettext_lazy("Reported from"),
    "date_to": gettext_lazy("Reported until"),
    "q": gettext_lazy("Text"),
    "pending": gettext_lazy("Pending request"),
    "closed_from": gettext_lazy("Closed from"),
    "closed_to": gettext_lazy("Closed until"),
    "due_from": gettext_lazy("Due from"),
    "due_to": gettext_lazy("Due until"),
    "on_time": gettext_lazy("Closed on time"),
    "reworked": gettext_lazy("Reworked"),
    "returned": gettext_lazy("Returned"),
    "extended": gettext_lazy("Extended"),
    "recurred": gettext_lazy("Recurred"),
    "open": gettext_lazy("Open"),
    "mine": gettext_lazy("Reported by me"),
}


def export_params(data) -> dict[str, str]:
    """The ledger list's filter parameters from a GET or POST, as the job stores them."""
    params = {}
    for key in filter_params():
        # NUL never reaches the database (PostgreSQL refuses it in text).
        values = [v.replace("\x00", "").strip() for v in data.getlist(key)]
        values = [v for v in values if v]
        if values:
            params[key] = (values[0] if len(values) == 1 else ",".join(values))[:200]
    return params


def describe_params(
    params: dict[str, str], user, names: dict | None = None
) -> list[tuple[str, str]]:
    """What a clerk reads next to an export: the filters in words, not parameter codes.
    `names` (from filter_names) holds the category, unit and registered filters' names."""
    names = filter_names([params], user) if names is None else names
    statuses, sources = dict(Status.choices), dict(Source.choices)
    labels = {**PARAM_LABELS, **{f.param: f.label for f in problem_filters()}}
    out = []
    for key, value in params.items():
        shown = value
        if key == "status":
            shown = "、".join(str(statuses.get(v, v)) for v in value.split(","))
        elif key == "source":
            shown = "、".join(str(sources.get(v, v)) for v in value.split(","))
        elif key == "category":
            shown = names["categories"].get(value, value)
        elif key in ("unit", "support"):
            shown = names["units"].get(value, value)
        elif value in ("0", "1") and key in FLAG_PARAMS:
            shown = _("yes") if value == "1" else _("no")
        elif key in names["registered"]:
            shown = names["registered"][key].get(value, value)
        out.append((str(labels.get(key, key)), shown))
    return out


def filter_names(many: list[dict[str, str]], user) -> dict[str, dict]:
    """The category and unit names of several exports' filters, in two queries at most."""
    codes = {p["category"] for p in many if p.get("category")}
    ids = {
        p[k] for p in many for k in ("unit", "support") if p.get(k, "").isdigit() and len(p[k]) < 12
    }
    categories = dict(Category.objects.filter(code__in=codes).values_list("code", "name"))
    units = Unit.objects.filter(pk__in=ids).values_list("id", "name") if ids else []
    return {
        "categories": categories,
        "units": {str(pk): name for pk, name in units},
        "registered": filter_value_names(user, many),
    }


def _my_exports(user):
    return user_exports(user, EXPORT_JOB)


def _rows(jobs, user) -> list[dict]:
    rows = export_rows(EXPORT_JOB, jobs)
    names = filter_names([row["params"] for row in rows], user)
    for row in rows:
        row["filters"] = describe_params(row["params"], user, names)
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def export_page(request):
    """GET: my exports, and with the ledger's filters in the query a form to export them.
    POST: export now (small) or start a background export (large)."""
    user = request.user
    if request.method == "POST":
        return _start_export(request, export_params(request.POST))
    params = export_params(request.GET)
    wanted = bool(params) or request.GET.get("new") == "1"
    errors = filter_errors(params)
    count = filter_problems(user, params).count() if wanted and not errors else None
    rows = _rows(_my_exports(user)[:LIST_SIZE], user)
    return render(
        request,
        "ledger/exports/list.html",
        {
            "params": params,
            "filters": describe_params(params, user),
            "wanted": wanted and not errors,
            "filter_errors": errors,
            "count": count,
            "direct_limit": DIRECT_LIMIT,
            "rows": rows,
            "polling": any(r["active"] for r in rows),
        },
    )


@login_required
@require_GET
def export_jobs(request):
    """The table of my exports alone: htmx polls it while an export runs."""
    rows = _rows(_my_exports(request.user)[:LIST_SIZE], request.user)
    return render(
        request,
        "ledger/exports/_jobs.html",
        {"rows": rows, "polling": any(r["active"] for r in rows)},
    )


def _start_export(request, params: dict[str, str]) -> HttpResponse:
    user = request.user
    if errors := filter_errors(params):
        return HttpResponse(
            "; ".join(errors.values()), status=400, content_type="text/plain; charset=utf-8"
        )
    count = filter_problems(user, params).count()
    if count <= DIRECT_LIMIT:
        return export_now(request, EXPORT_JOB, params, audit_data={"params": params})
    try:
        start_export(
            EXPORT_JOB, user, params, request=request, audit_data={"params": params, "rows": count}
        )
    except TooManyExports as exc:
        messages.error(
            request,
            _("You have %(n)d exports waiting or running: wait until one is done.")
            % {"n": exc.limit},
        )
        return redirect("ledger:export")
    messages.success(
        request,
        _("The export of %(n)d problems has started; it appears below when it is ready.")
        % {"n": count},
    )
    return redirect("ledger:export")


@login_required
@require_GET
def export_download(request, pk: int):
    """Only the user who made an export may download it; for anyone else it does not exist."""
    return download(request, EXPORT_JOB, pk)


# ---- import ------------------------------------------------------------------------------------


@role_required(Role.OFFICE_ADMIN, Role.DISPATCHER)
def import_page(request):
    from zhengzhi.ledger.imports import import_ledger
    from zhengzhi.org.views.imports import import_page as org_import_page

    return org_import_page(
        request,
        importer=import_ledger,
        title=_("Import a ledger sheet from Excel"),
        template_url=reverse("ledger:import_template"),
        back_url=reverse("ledger:list"),
    )


@role_required(Role.OFFICE_ADMIN, Role.DISPATCHER)
@require_GET
def import_template(request):
    from zhengzhi.ledger.imports import template_bytes

    return xlsx_response(template_bytes(), "ledger-template.xlsx")
