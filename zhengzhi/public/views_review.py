"""The office answers a citizen's "not satisfied" without reopening: marks it reviewed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from zhengzhi.public.errors import PublicReportError
from zhengzhi.public.services.rating import mark_reviewed


@login_required
@require_POST
def review(request, pk: int):
    try:
        n = mark_reviewed(
            pk, actor=request.user, note=request.POST.get("note", ""), request=request
        )
    except PublicReportError as exc:
        if exc.code == "not_found":
            raise Http404 from None
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            ngettext("%(n)s rating marked reviewed.", "%(n)s ratings marked reviewed.", n)
            % {"n": n},
        )
    return redirect("ledger:detail", pk=pk)
