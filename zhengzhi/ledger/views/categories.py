"""The office's pages for problem categories: the two-level list, editing a sub-category and
adding one under a main category. Every change goes through services.categories."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zhengzhi.core.roles import Role, role_required
from zhengzhi.ledger.forms_categories import (
    StageFormSet,
    SubCategoryForm,
    initial_from,
    stage_initial,
)
from zhengzhi.ledger.models import Category, CategoryKind
from zhengzhi.ledger.models.categories import limit_text
from zhengzhi.ledger.services.categories import create_category, fingerprint, update_category


def stages_text(stages: list[dict]) -> list[str]:
    """["围挡 3 urgent working hours", ...]: each stage counted from dispatch."""
    out = []
    for s in stages or []:
        name = s.get("name", "")
        limit = limit_text(s["amount"], s["unit"])
        out.append(f"{name} {limit}" if name else limit)
    return out


@role_required(Role.OFFICE_ADMIN)
def category_list(request):
    subs = Category.objects.select_related("department").order_by("sort", "code")
    mains = (
        Category.objects.filter(parent__isnull=True)
        .select_related("department")
        .prefetch_related(Prefetch("children", queryset=subs))
        .order_by("sort", "code")
    )
    groups = []
    # Events first, then components (部件), as the standard lists them.
    for main in sorted(mains, key=lambda m: m.kind != CategoryKind.EVENT):
        children = list(main.children.all())
        for c in children:
            c.stage_texts = stages_text(c.stages)
            c.verify_text = limit_text(c.verify_amount, c.verify_unit)
        groups.append({"main": main, "children": children})
    return render(request, "ledger/categories/list.html", {"groups": groups})


def _sub_or_404(pk: int) -> Category:
    category = get_object_or_404(
        Category.objects.select_related("parent", "department"), pk=pk, parent__isnull=False
    )
    return category


def _apply_errors(form, formset, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for name, errors in exc.message_dict.items():
        for message in errors:
            if name == "stages":
                formset.service_errors.append(message)
            elif name in form.fields:
                form.add_error(name, message)
            else:
                form.add_error(None, message)


def _page(request, *, category: Category | None, parent: Category, form, formset, current=None):
    return render(
        request,
        "ledger/categories/form.html",
        {
            "category": category,
            "parent": parent,
            "form": form,
            "formset": formset,
            "current": current,
            "current_stages": stages_text(current.stages) if current else [],
        },
        # A POST renders the page only when it was refused.
        status=422 if request.method == "POST" else 200,
    )


def _forms(request, parent: Category, category: Category | None):
    if request.method == "POST":
        form = SubCategoryForm(request.POST, parent=parent, instance=category)
        formset = StageFormSet(request.POST, prefix="stages")
    else:
        initial = initial_from(category) if category else {"is_active": True}
        if category is not None:
            initial["seen"] = fingerprint(category)
        form = SubCategoryForm(initial=initial, parent=parent, instance=category)
        formset = StageFormSet(initial=stage_initial(category), prefix="stages")
    formset.service_errors = []
    return form, formset


def _valid(form, formset) -> bool:
    # Both are checked, so that every mistake shows at once.
    ok = form.is_valid()
    return formset.is_valid() and ok


@role_required(Role.OFFICE_ADMIN)
def category_edit(request, pk: int):
    category = _sub_or_404(pk)
    form, formset = _forms(request, category.parent, category)
    current = None
    if request.method == "POST" and _valid(form, formset):
        try:
            update_category(
                category,
                form.category_data(formset.stages()),
                actor=request.user,
                seen=form.cleaned_data.get("seen") or None,
                request=request,
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            if getattr(exc, "code", None) == "stale":
                # Show what is saved now; the next save is measured against it.
                current = _sub_or_404(pk)
                form.data = form.data.copy()
                form.data["seen"] = fingerprint(current)
            _apply_errors(form, formset, exc)
        else:
            messages.success(
                request,
                _("%(name)s saved. New limits apply to problems dispatched from now on.")
                % {"name": category.name},
            )
            return redirect("ledger:categories")
    return _page(
        request,
        category=category,
        parent=category.parent,
        form=form,
        formset=formset,
        current=current,
    )


@role_required(Role.OFFICE_ADMIN)
def category_create(request, parent_pk: int):
    parent = get_object_or_404(Category, pk=parent_pk, parent__isnull=True)
    form, formset = _forms(request, parent, None)
    if request.method == "POST" and _valid(form, formset):
        try:
            category = create_category(
                parent,
                form.category_data(formset.stages()),
                actor=request.user,
                request=request,
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            _apply_errors(form, formset, exc)
        else:
            messages.success(
                request,
                _("Sub-category %(code)s %(name)s added.")
                % {"code": category.code, "name": category.name},
            )
            return redirect("ledger:categories")
    return _page(request, category=None, parent=parent, form=form, formset=formset)
