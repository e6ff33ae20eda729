"""Excel import pages. The users import (accounts) uses the same page and result templates."""

from __future__ import annotations

from collections.abc import Callable

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengzhi.core.roles import Role, role_required
from zhengzhi.org.forms import ImportForm
from zhengzhi.org.importing.units import import_units, template_bytes
from zhengzhi.org.importing.workbook import ImportResult, xlsx_response


def import_page(
    request,
    *,
    importer: Callable[..., ImportResult],
    title: str,
    template_url: str,
    back_url: str,
):
    """Upload form on GET; on POST, the result: what was imported, or every bad row."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "title": title,
        "template_url": template_url,
        "back_url": back_url,
    }
    if request.method == "POST" and form.is_valid():
        result = importer(form.cleaned_data["file"], actor=request.user, request=request)
        context["result"] = result
        return render(request, "org/import_result.html", context, status=200 if result.ok else 422)
    return render(request, "org/import.html", context)


@role_required(Role.OFFICE_ADMIN)
def unit_import(request):
    return import_page(
        request,
        importer=import_units,
        title=_("Import units from Excel"),
        template_url=reverse("org:unit_import_template"),
        back_url=reverse("org:unit_list"),
    )


@role_required(Role.OFFICE_ADMIN)
def unit_import_template(request):
    return xlsx_response(template_bytes(), "units-template.xlsx")
