"""The office edits a checklist: each item's text, section, points and photo rule, items
removed, up to three items added, and the pass line — saved as a new version (visits made keep
theirs) through services.loading.edit_checklist."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zhengzhi.inspections.models import Checklist, ChecklistItem
from zhengzhi.inspections.scope import is_office
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.loading import edit_checklist

NEW_ROWS = 3


def _as_data(item: ChecklistItem) -> dict:
    """An item as the data files give it (the format edit_checklist takes)."""
    out: dict = {
        "code": item.code,
        "section": item.section,
        "text": item.text,
        "scoring": item.scoring,
        "points": str(item.points),
        "photo_required": item.photo_required,
        "bands": item.bands,
        "category": item.problem_category.code if item.problem_category else None,
    }
    if item.deduction is not None:
        out["deduction"] = str(item.deduction)
    if item.standard_item is not None:
        out["standard"] = {
            "version": item.standard_item.category.standard.code,
            "item": item.standard_item.code,
            **({"checkpoint": item.checkpoint.code} if item.checkpoint else {}),
        }
    return out


def _decimal(text: str, what: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise InspectionError(_("%(what)s: give a number.") % {"what": what}, "invalid") from None
    if not value.is_finite() or value < 0 or value > 100000:
        raise InspectionError(_("%(what)s: give a number.") % {"what": what}, "invalid")
    return value


def _items_from(post, current: list[ChecklistItem]) -> list[dict]:
    items = []
    for item in current:
        code = item.code
        if post.get(f"remove-{code}") == "on":
            continue
        data = _as_data(item)
        data["text"] = (post.get(f"text-{code}") or item.text).strip()[:1000]
        data["section"] = (post.get(f"section-{code}") or item.section).strip()[:60]
        points = _decimal(post.get(f"points-{code}", ""), code)
        if points is not None:
            data["points"] = str(points)
        data["photo_required"] = post.get(f"photo-{code}") == "on"
        items.append(data)
    for n in range(NEW_ROWS):
        code = (post.get(f"new-code-{n}") or "").strip()[:30]
        text = (post.get(f"new-text-{n}") or "").strip()[:1000]
        if not code and not text:
            continue
        if not code or not text:
            raise InspectionError(_("A new item needs its code and its text."), "invalid")
        items.append(
            {
                "code": code,
                "section": (post.get(f"new-section-{n}") or _("Added")).strip()[:60],
                "text": text,
                "category": (post.get(f"new-category-{n}") or "").strip() or None,
                "photo_required": True,
            }
        )
    return items


@login_required
def checklist_edit(request, pk: int):
    if not is_office(request.user):
        raise PermissionDenied
    checklist = get_object_or_404(Checklist.objects.select_related("current"), pk=pk)
    if checklist.standard_id is not None or checklist.current is None:
        messages.error(request, _("This checklist is a standard's table: edit the standard."))
        return redirect("inspections:checklist", pk)
    current = list(
        checklist.current.items.select_related(
            "problem_category", "standard_item__category__standard", "checkpoint"
        ).order_by("position", "id")
    )
    if request.method == "POST":
        try:
            version = edit_checklist(
                checklist.pk,
                items=_items_from(request.POST, current),
                pass_line=_decimal(request.POST.get("pass_line", ""), _("Pass line")),
                note=(request.POST.get("note") or "").strip()[:200],
                actor=request.user,
                request=request,
            )
        except InspectionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Saved as version %(number)d.") % {"number": version.number}
            )
            return redirect("inspections:checklist", pk)
    return render(
        request,
        "inspections/checklist_edit.html",
        {
            "checklist": checklist,
            "items": current,
            "new_rows": range(NEW_ROWS),
            "pass_line": checklist.current.pass_line,
        },
    )
