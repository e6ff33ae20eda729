"""The checklists and their items (which checkpoint each is tied to, how it is scored)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from zhengzhi.inspections.models import Checklist
from zhengzhi.inspections.scope import is_office


@login_required
def checklist_list(request):
    checklists = (
        Checklist.objects.select_related("current", "standard")
        .annotate(n_versions=Count("versions"))
        .order_by("place_kind", "code")
    )
    return render(request, "inspections/checklists.html", {"checklists": checklists})


@login_required
def checklist_page(request, pk: int):
    checklist = get_object_or_404(Checklist.objects.select_related("current"), pk=pk)
    version = checklist.current
    wanted = request.GET.get("v", "")
    if wanted.isdigit() and len(wanted) < 7:
        version = checklist.versions.filter(number=int(wanted)).first() or version
    items = (
        version.items.select_related(
            "problem_category", "checkpoint", "standard_item", "standard_category"
        ).order_by("position", "id")
        if version
        else []
    )
    return render(
        request,
        "inspections/checklist_items.html",
        {
            "checklist": checklist,
            "can_edit": is_office(request.user) and checklist.standard_id is None,
            "version": version,
            "items": items,
            "versions": checklist.versions.order_by("-number"),
        },
    )
