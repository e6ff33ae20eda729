"""The standard browser: versions, and a version's tree with search. Every signed-in user reads
the standards; the office copies one for local rules and enters a scored table's pass line."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.standards.forms import CopyForm, PassLineForm
from zhengzhi.standards.models import (
    Category,
    Checkpoint,
    Indicator,
    Item,
    Prerequisite,
    StandardVersion,
)
from zhengzhi.standards.scope import is_office
from zhengzhi.standards.services import editing
from zhengzhi.standards.services.errors import StandardsError

MAX_QUERY = 60


@login_required
def version_list(request):
    versions = (
        StandardVersion.objects.select_related("copied_from", "superseded_by")
        .annotate(n_indicators=Count("indicators", filter=Q(indicators__in_table=True)))
        .order_by("copied_from_id", "code")
    )
    return render(
        request,
        "standards/version_list.html",
        {"versions": versions, "is_office": is_office(request.user)},
    )


def _tree(version: StandardVersion, q: str):
    checkpoints = Checkpoint.objects.order_by("position", "pk")
    items = Item.objects.order_by("position", "pk")
    indicators = Indicator.objects.filter(standard=version).select_related(
        "measure", "measure__lead_department"
    )
    if q:
        checkpoints = checkpoints.filter(text__icontains=q)
        hit = Q(text__icontains=q) | Q(number__icontains=q) | Q(checkpoints__text__icontains=q)
        items = items.filter(hit).distinct()
        indicators = indicators.filter(Q(name__icontains=q) | Q(number=q))
    categories = Category.objects.filter(standard=version).prefetch_related(
        Prefetch("items", queryset=items.prefetch_related(Prefetch("checkpoints", checkpoints)))
    )
    tree = []
    for cat in categories:
        shown = list(cat.items.all())
        if q and not shown and q.lower() not in cat.name.lower():
            continue
        tree.append((cat, shown))
    return tree, list(indicators)


@login_required
def version_detail(request, pk: int):
    version = get_object_or_404(
        StandardVersion.objects.select_related("copied_from", "superseded_by"), pk=pk
    )
    q = request.GET.get("q", "").strip()[:MAX_QUERY]
    tree, indicators = _tree(version, q)
    prerequisites = Prerequisite.objects.filter(standard=version).prefetch_related("conditions")
    office = is_office(request.user)
    return render(
        request,
        "standards/version_detail.html",
        {
            "version": version,
            "q": q,
            "tree": tree,
            "indicators": [i for i in indicators if i.in_table],
            "conditions": [i for i in indicators if not i.in_table],
            "prerequisites": prerequisites,
            "is_office": office,
            "copy_form": CopyForm(initial={"code": f"{version.code}-local"}) if office else None,
            "pass_form": PassLineForm(
                initial={"pass_line": version.pass_line, "version": version.version}
            )
            if office and version.kind == "scored"
            else None,
            "locals": StandardVersion.objects.exclude(copied_from=None).exclude(pk=version.pk)
            if office and version.prerequisites.exists()
            else [],
        },
    )


def _office_only(request):
    if not is_office(request.user):
        raise Http404


@login_required
@require_POST
def version_copy(request, pk: int):
    _office_only(request)
    version = get_object_or_404(StandardVersion, pk=pk)
    form = CopyForm(request.POST)
    if form.is_valid():
        try:
            copy = editing.copy_version(request.user, version, **form.cleaned_data)
        except (StandardsError, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", _("Not allowed.")))
        else:
            messages.success(request, _("Copied: write the local rules here."))
            return redirect("standards:version", pk=copy.pk)
    else:
        messages.error(request, _("Give the copy a code (letters, digits, -) and a name."))
    return redirect("standards:version", pk=pk)


@login_required
@require_POST
def prerequisites_copy(request, pk: int):
    _office_only(request)
    source = get_object_or_404(StandardVersion, pk=pk)
    target = get_object_or_404(StandardVersion, pk=request.POST.get("target") or 0)
    try:
        made = editing.copy_prerequisites(request.user, source, target)
    except StandardsError as exc:
        messages.error(request, exc.message)
        return redirect("standards:version", pk=pk)
    messages.success(
        request, _("%(n)s prerequisites copied, marked unconfirmed.") % {"n": len(made)}
    )
    return redirect("standards:version", pk=target.pk)


@login_required
@require_POST
def pass_line(request, pk: int):
    _office_only(request)
    form = PassLineForm(request.POST)
    if form.is_valid():
        try:
            editing.update_version(
                request.user,
                get_object_or_404(StandardVersion, pk=pk).pk,
                pass_line=form.cleaned_data["pass_line"],
                expected_version=form.cleaned_data["version"],
            )
        except StandardsError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Pass line saved."))
    else:
        messages.error(request, _("Enter the pass line as a number of points."))
    return redirect("standards:version", pk=pk)
