"""The site kinds: every kind with its fields and supervising departments; the office admin
edits one (its declarations checked by zhengzhi.sites.kinds before anything is written)."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengzhi.core.roles import Role, role_required
from zhengzhi.org.models import Unit, UnitKind
from zhengzhi.sites.kinds import DeclarationError, parse_fields
from zhengzhi.sites.models import SiteKind
from zhengzhi.sites.services.errors import SiteError
from zhengzhi.sites.services.kind_edits import create_kind, update_kind


class JSONText(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 12, "class": "mono", "spellcheck": "false"})

    def __init__(self, *args, empty, **kwargs):
        self.empty = empty
        super().__init__(*args, required=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False, indent=1)
        return value

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return self.empty
        try:
            return json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(
                gettext_lazy("Not valid JSON: %(reason)s") % {"reason": exc}
            ) from None


class KindForm(forms.Form):
    code = forms.SlugField(
        label=gettext_lazy("Code"),
        max_length=40,
        help_text=gettext_lazy("Lower-case letters, digits and underscores; cannot be changed."),
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60)
    name_en = forms.CharField(label=gettext_lazy("English name"), max_length=80, required=False)
    group = forms.CharField(label=gettext_lazy("Group"), max_length=40, required=False)
    licence_name = forms.CharField(label=gettext_lazy("Licence"), max_length=60, required=False)
    licence_required = forms.BooleanField(label=gettext_lazy("Licence required"), required=False)
    is_active = forms.BooleanField(label=gettext_lazy("Active"), required=False)
    departments = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Supervising departments"),
        queryset=Unit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True).order_by("path"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fields = JSONText(label=gettext_lazy("Fields"), empty=[])
    perimeter = JSONText(label=gettext_lazy("Protected perimeter"), empty={})

    def clean_fields(self):
        value = self.cleaned_data["fields"]
        try:
            parse_fields(value)
        except DeclarationError as exc:
            raise forms.ValidationError(str(exc)) from None
        return value


@login_required
def kind_list(request):
    kinds = SiteKind.objects.prefetch_related("departments")
    rows = [{"kind": k, "fields": parse_fields(k.fields)} for k in kinds]
    return render(
        request,
        "sites/kinds.html",
        {"rows": rows, "can_edit": request.user.has_role(Role.OFFICE_ADMIN)},
    )


@role_required(Role.OFFICE_ADMIN)
def kind_new(request):
    form = KindForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        departments = [u.pk for u in data.pop("departments")]
        code = data.pop("code")
        try:
            create_kind(
                request.user, code=code, values=data, department_ids=departments, request=request
            )
        except SiteError as exc:
            form.add_error(exc.code if exc.code in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Site kind %(name)s saved.") % {"name": data["name"]})
            return redirect("sites:kinds")
    return render(request, "sites/kind_form.html", {"form": form, "kind": None})


@role_required(Role.OFFICE_ADMIN)
def kind_edit(request, pk: int):
    kind = get_object_or_404(SiteKind, pk=pk)
    initial = {
        **{k: getattr(kind, k) for k in ("name", "name_en", "group", "licence_name")},
        "licence_required": kind.licence_required,
        "is_active": kind.is_active,
        "departments": list(kind.departments.all()),
        "fields": kind.fields,
        "perimeter": kind.perimeter,
    }
    form = KindForm(request.POST or None, initial=initial)
    del form.fields["code"]  # a kind's code is how sheets and the API name it
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        departments = [u.pk for u in data.pop("departments")]
        try:
            update_kind(
                request.user, kind.pk, values=data, department_ids=departments, request=request
            )
        except SiteError as exc:
            form.add_error(exc.code if exc.code in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Site kind %(name)s saved.") % {"name": data["name"]})
            return redirect("sites:kinds")
    return render(request, "sites/kind_form.html", {"form": form, "kind": kind})
