"""The office's settings pages: the list rules, the consequence rules and the supervision
groups — listed, created, edited and set inactive by the office's writers (everyone else: not
found). Each save goes through services.settings (audited)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhengzhi.accountability.models import ConsequenceRule, ListRule, SupervisionGroup
from zhengzhi.accountability.scope import is_office
from zhengzhi.accountability.services import settings as services
from zhengzhi.accountability.settings_forms import ConsequenceRuleForm, GroupForm, ListRuleForm


@dataclass(frozen=True)
class Setting:
    model: Any
    form: Any
    title: Any
    one: Any
    columns: tuple
    m2m: tuple = ()
    prefetch: tuple = ()


def _list_cells(r):
    return [r.label, r.get_board_display(), r.get_subject_display(), r.get_basis_display(),
            f"{r.get_frequency_display()} · {r.places}"]  # fmt: skip


def _consequence_cells(r):
    return [r.streak, "；".join(f"{a.get('who', '')}{a.get('what', '')}" for a in r.actions)]


def _group_cells(g):
    return ["、".join(a.name for a in g.areas.all()), len(g.members.all()), g.leader or "—"]


SETTINGS = {
    "list-rules": Setting(
        ListRule, ListRuleForm, gettext_lazy("List rules"), gettext_lazy("List rule"),
        (gettext_lazy("Called"), gettext_lazy("List"), gettext_lazy("For"),
         gettext_lazy("Decided by"), gettext_lazy("Places")),
    ),
    "consequence-rules": Setting(
        ConsequenceRule, ConsequenceRuleForm, gettext_lazy("Consequence rules"),
        gettext_lazy("Consequence rule"), (gettext_lazy("In a row"), gettext_lazy("Actions")),
    ),
    "groups": Setting(
        SupervisionGroup, GroupForm, gettext_lazy("Supervision groups"),
        gettext_lazy("Supervision group"),
        (gettext_lazy("Areas"), gettext_lazy("Members"), gettext_lazy("Group leader")),
        m2m=("members", "areas"), prefetch=("areas", "members"),
    ),
}  # fmt: skip
CELLS = {"list-rules": _list_cells, "consequence-rules": _consequence_cells, "groups": _group_cells}


def _setting(request, kind: str) -> Setting:
    if kind not in SETTINGS or not is_office(request.user):
        raise Http404
    return SETTINGS[kind]


def _object(setting: Setting, pk: int):
    obj = setting.model.objects.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


@login_required
def setting_list(request, kind: str):
    setting = _setting(request, kind)
    rows = setting.model.objects.prefetch_related(*setting.prefetch).order_by(
        "-is_active", *setting.model._meta.ordering
    )
    return render(
        request,
        "accountability/setting_list.html",
        {
            "kind": kind,
            "setting": setting,
            "rows": [(obj, CELLS[kind](obj)) for obj in rows[:500]],
        },
    )


@login_required
def setting_edit(request, kind: str, pk: int | None = None):
    setting = _setting(request, kind)
    obj = _object(setting, pk) if pk else None
    form = setting.form(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        if kind == "consequence-rules":
            item.actions = form.cleaned_data["actions_text"]
        m2m = {name: form.cleaned_data[name] for name in setting.m2m}
        services.save_setting(item, actor=request.user, m2m=m2m, request=request)
        messages.success(request, _("Saved."))
        return redirect("accountability:settings", kind=kind)
    return render(
        request,
        "accountability/setting_form.html",
        {"kind": kind, "setting": setting, "form": form, "obj": obj},
    )


@login_required
@require_POST
def setting_active(request, kind: str, pk: int):
    setting = _setting(request, kind)
    obj = _object(setting, pk)
    active = request.POST.get("active") == "1"
    services.set_active(obj, active, actor=request.user, request=request)
    messages.success(request, _("Reactivated.") if active else _("Deactivated."))
    return redirect("accountability:settings", kind=kind)
