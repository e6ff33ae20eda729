"""Registering and dispatching the problems ticked in the dispatcher's queue (services.batch)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.ledger.forms import BatchDispatchForm
from zhengzhi.ledger.services.batch import register_and_dispatch
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.services.permissions import can_dispatch
from zhengzhi.ledger.views.lists import queue_context


def _picked(values: list[str]) -> dict[int, int | None]:
    """{problem id: version seen} from the ticked boxes ("id:version"); junk is dropped."""
    out: dict[int, int | None] = {}
    for value in values:
        pk, _sep, version = value.partition(":")
        if pk.isdigit() and len(pk) < 12:
            out[int(pk)] = int(version) if version.isdigit() and len(version) < 9 else None
    return out


@require_POST
def batch_dispatch(request):
    user = request.user
    if not user.is_authenticated or not can_dispatch(user):
        raise Http404
    tab = request.POST.get("tab", "")
    picked = _picked(request.POST.getlist("problem"))
    form = BatchDispatchForm(request.POST)
    valid = form.is_valid()
    if not picked:
        form.add_error(None, _("Tick the problems to register and dispatch."))
        valid = False
    if not valid:
        context = queue_context(user, tab, batch_form=form, checked=picked)
        return render(request, "ledger/queue.html", context, status=400)
    unit = form.cleaned_data["owner_unit"]
    try:
        result = register_and_dispatch(
            list(picked),
            actor=user,
            owner_unit=unit,
            versions={pk: v for pk, v in picked.items() if v is not None},
            note=form.cleaned_data.get("note", ""),
            request=request,
        )
    except MoveError as exc:
        form.add_error(None, exc.message)
        context = queue_context(user, tab, batch_form=form, checked=picked)
        return render(request, "ledger/queue.html", context, status=400)
    if result.done:
        messages.success(
            request,
            _("Registered and dispatched to %(unit)s: %(numbers)s.")
            % {"unit": unit.name, "numbers": "、".join(p.number for p in result.done)},
        )
    for number, reason in result.failed:
        messages.error(
            request,
            _("%(number)s was not dispatched: %(reason)s")
            % {
                "number": number,
                "reason": reason,
            },
        )
    return redirect(
        f"{reverse('ledger:queue')}?tab={tab if tab in ('register', 'dispatch') else ''}"
    )
