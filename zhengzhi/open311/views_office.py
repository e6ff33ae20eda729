"""The office's Open311 pages: API keys (issued, shown once, revoked) and the extra questions of
the public categories. Office administrators only; every change is audited by the services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhengzhi.core.roles import Role, role_required
from zhengzhi.open311 import selectors
from zhengzhi.open311.forms import ApiKeyForm, AttributeForm
from zhengzhi.open311.models import ApiKey
from zhengzhi.open311.services.keys import issue_key, revoke_key
from zhengzhi.public.models import ExtraQuestion
from zhengzhi.public.services import questions as question_services

OFFICE = Role.OFFICE_ADMIN


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            target = "values_text" if name == "values" else name
            for message in errors:
                form.add_error(target if target in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _keys_page(request, form=None, status=200):
    keys = ApiKey.objects.select_related("issued_by", "revoked_by")
    return render(
        request,
        "open311/office/keys.html",
        {"keys": keys, "form": form or ApiKeyForm()},
        status=status,
    )


@role_required(OFFICE)
def keys(request):
    return _keys_page(request)


@never_cache
@require_POST
@role_required(OFFICE)
def key_issue(request):
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        try:
            api_key, raw = issue_key(**form.cleaned_data, actor=request.user, request=request)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return render(request, "open311/office/key_issued.html", {"key": api_key, "raw": raw})
    return _keys_page(request, form, status=400)


@require_POST
@role_required(OFFICE)
def key_revoke(request, pk: int):
    api_key = get_object_or_404(ApiKey, pk=pk)
    revoke_key(api_key.pk, actor=request.user, request=request)
    messages.success(request, _("The key of %(name)s is revoked.") % {"name": api_key.name})
    return redirect("open311:keys")


@role_required(OFFICE)
def services(request):
    categories = (
        selectors.public_categories()
        .select_related("parent")
        .annotate(questions=Count("extra_questions"))
        .order_by("parent__sort", "parent__code", "sort", "code")
    )
    return render(request, "open311/office/services.html", {"categories": categories})


@require_POST
@role_required(OFFICE)
def load_questions(request):
    counts = question_services.load_questions(actor=request.user, request=request)
    messages.success(request, _("%(n)d standard questions added.") % {"n": counts["created"]})
    return redirect("open311:services")


def _category(code: str):
    category = selectors.public_categories().select_related("parent").filter(code=code).first()
    if category is None:
        raise Http404
    return category


@role_required(OFFICE)
def service_questions(request, code: str):
    category = _category(code)
    form = AttributeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question_services.create_question(
                category, form.attribute_data(), actor=request.user, request=request
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Question added."))
            return redirect("open311:service_questions", code=category.code)
    return render(
        request,
        "open311/office/questions.html",
        {"category": category, "questions": selectors.attributes_of(category), "form": form},
        status=400 if form.errors else 200,
    )


@role_required(OFFICE)
def question_edit(request, pk: int):
    attribute = get_object_or_404(ExtraQuestion.objects.select_related("category"), pk=pk)
    category = _category(attribute.category.code)
    form = AttributeForm(request.POST or None, initial=AttributeForm.initial_for(attribute))
    if request.method == "POST" and form.is_valid():
        try:
            question_services.update_question(
                pk, form.attribute_data(), actor=request.user, request=request
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("open311:service_questions", code=category.code)
    return render(
        request,
        "open311/office/question_form.html",
        {"category": category, "attribute": attribute, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@role_required(OFFICE)
def question_delete(request, pk: int):
    attribute = get_object_or_404(ExtraQuestion.objects.select_related("category"), pk=pk)
    code = attribute.category.code
    question_services.delete_question(pk, actor=request.user, request=request)
    messages.success(request, _("Question deleted."))
    return redirect("open311:service_questions", code=code)
