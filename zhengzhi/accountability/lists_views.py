"""The red and black lists page: every confirmed entry (lists are shown to all, 晾晒); the
office's proposals to confirm or dismiss, and the consequences of black flags (a unit sees its
own)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengzhi.accountability.models import Consequence, DecisionStatus, ListEntry
from zhengzhi.accountability.scope import is_office
from zhengzhi.accountability.services import lists as services
from zhengzhi.accountability.services.errors import AccountabilityError
from zhengzhi.org.scope import scope_for

PAGE = 200


@login_required
def lists(request):
    office = is_office(request.user)
    entries = ListEntry.objects.select_related("rule").order_by(
        "-period_start", "rule__board", "rule__name", "rank"
    )
    consequences = Consequence.objects.select_related("rule", "unit", "entry__rule").order_by(
        "-proposed_at"
    )
    scope = scope_for(request.user)
    if not scope.all_units:
        consequences = consequences.filter(unit__in=scope.unit_ids, status=DecisionStatus.CONFIRMED)
    elif not office:
        consequences = consequences.filter(status=DecisionStatus.CONFIRMED)
    return render(
        request,
        "accountability/lists.html",
        {
            "office": office,
            "proposed": list(entries.filter(status=DecisionStatus.PROPOSED)[:PAGE])
            if office
            else [],
            "confirmed": list(entries.filter(status=DecisionStatus.CONFIRMED)[:PAGE]),
            "consequences": list(consequences[:PAGE]),
        },
    )


def _decide(request, fn, pk: int):
    if not is_office(request.user):
        raise Http404
    confirm = request.POST.get("decision") == "confirm"
    try:
        fn(pk, actor=request.user, confirm=confirm, request=request)
    except (AccountabilityError, ListEntry.DoesNotExist, Consequence.DoesNotExist) as exc:
        if not isinstance(exc, AccountabilityError):
            raise Http404 from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Confirmed.") if confirm else _("Dismissed."))
    return redirect("accountability:lists")


@login_required
@require_POST
def entry_decide(request, pk: int):
    return _decide(request, services.decide_entry, pk)


@login_required
@require_POST
def consequence_decide(request, pk: int):
    return _decide(request, services.decide_consequence, pk)


@login_required
@require_POST
def propose_now(request):
    import datetime as dt

    from django.utils import timezone

    if not is_office(request.user):
        raise Http404
    day = timezone.localdate()
    # The period just finished (last week's, last month's) and the one under way.
    n = services.propose_lists(day - dt.timedelta(days=7)) + services.propose_lists(day)
    messages.success(request, _("%(n)s new proposals.") % {"n": n})
    return redirect("accountability:lists")
