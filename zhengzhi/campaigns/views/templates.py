"""The templates: the list, the office's simple editor (JSON), downloads, and exporting a
campaign as a template."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.campaigns.forms import TemplateForm
from zhengzhi.campaigns.scope import get_campaign_for_user
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.campaigns.services.templates import all_templates, export_campaign, save_template
from zhengzhi.campaigns.views.common import require_manage


@login_required
def template_list(request):
    require_manage(request.user)
    templates = sorted(all_templates().values(), key=lambda t: (bool(t.get("office")), t["name"]))
    return render(request, "campaigns/templates.html", {"templates": templates})


def _json(data: dict) -> str:
    return json.dumps(
        {k: v for k, v in data.items() if k != "office"}, ensure_ascii=False, indent=2
    )


@login_required
def template_edit(request):
    """Paste or change a template; a shipped one is the starting point (?from=key)."""
    require_manage(request.user)
    if request.method == "POST":
        form = TemplateForm(request.POST)
        if form.is_valid():
            try:
                data = json.loads(form.cleaned_data["data"])
            except json.JSONDecodeError as exc:
                form.add_error(
                    "data",
                    _("This is not JSON (line %(line)d): %(msg)s")
                    % {"line": exc.lineno, "msg": exc.msg},  # fmt: skip
                )
            else:
                try:
                    row = save_template(data, actor=request.user, request=request)
                except CampaignError as exc:
                    form.add_error("data", exc.message)
                else:
                    messages.success(request, _("Template “%(n)s” saved.") % {"n": row.name})
                    return redirect("campaigns:templates")
    else:
        start = all_templates().get(request.GET.get("from", ""), None)
        initial = _json({**start, "key": f"my-{start['key']}"}) if start else ""
        form = TemplateForm(initial={"data": initial})
    return render(request, "campaigns/template_edit.html", {"form": form})


@login_required
def template_download(request, key: str):
    require_manage(request.user)
    data = all_templates().get(key)
    if data is None:
        raise Http404
    response = HttpResponse(_json(data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{key}.json"'
    return response


@login_required
@require_POST
def campaign_export_template(request, pk: int):
    require_manage(request.user)
    campaign = get_campaign_for_user(request.user, pk)
    try:
        row = save_template(export_campaign(campaign), actor=request.user, request=request)
    except CampaignError as exc:
        messages.error(request, exc.message)
        return redirect("campaigns:detail", pk=pk)
    messages.success(request, _("Saved as the template “%(n)s”.") % {"n": row.name})
    return redirect("campaigns:templates")
