"""A unit leader's late progress reports: the rows behind the unit dashboard's figure."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from zhengzhi.supervision.dashboard.panels import LATE_REPORT_DAYS, late_reports
from zhengzhi.supervision.views.dashboard import dashboard_view

LIMIT = 500  # a month of twice-daily reports of a street's communities fits many times over


@login_required
def late_report_list(request):
    found = dashboard_view(request.user)
    if found is None or found[0] != "unit":
        raise Http404  # the office's page has no such figure: the campaigns' sheets give it
    view = found[1]
    qs = late_reports(view)
    rows = list(
        qs.select_related("task", "campaign", "unit", "submitted_by").order_by(
            "-period", "-slot", "-pk"
        )[:LIMIT]
    )
    return render(
        request,
        "supervision/late_reports.html",
        {
            "rows": rows,
            "count": len(rows) if len(rows) < LIMIT else qs.count(),
            "limit": LIMIT,
            "days": LATE_REPORT_DAYS,
        },
    )
