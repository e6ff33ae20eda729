"""The office's review dates (暗访, 验收), counted down on the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.supervision.forms import ReviewDateForm
from zhengzhi.supervision.models import ReviewDate
from zhengzhi.supervision.scope import is_office
from zhengzhi.supervision.services.series import save_review_date


@login_required
def review_dates(request):
    if not is_office(request.user):
        raise Http404
    form = ReviewDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        save_review_date(actor=request.user, values=form.cleaned_data, request=request)
        messages.success(request, _("Review date saved."))
        return redirect("supervision:reviews")
    today = timezone.localdate()
    rows = ReviewDate.objects.filter(on__gte=today).select_related("campaign")
    return render(request, "supervision/reviews.html", {"form": form, "rows": rows})
