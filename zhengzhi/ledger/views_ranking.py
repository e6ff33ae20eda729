"""The unit ranking printed (an official-style sheet: title, date range, table) and exported to
.xlsx, for the same period and level as the page."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.ledger.indicators import RATES
from zhengzhi.ledger.indicators.definitions import COUNT_LABELS, RATE_LABELS
from zhengzhi.ledger.indicators.sheet import XLSX_TYPE, ranking_xlsx
from zhengzhi.ledger.views_indicators import ranking_result


def _title(context) -> str:
    return _("Unit ranking: %(level)s") % {"level": context["level_label"]}


def file_name(context) -> str:
    """单位排名-社区-20261101-20261130.xlsx, in the manner of the ledger's exports."""
    period = context["period"]
    return (
        f"单位排名-{context['level_label']}-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}.xlsx"
    )


@login_required
def ranking_export(request):
    context = ranking_result(request)
    if context["result"] is None:
        return HttpResponse(str(context["error"]), status=400, content_type="text/plain")
    period = context["period"]
    content = ranking_xlsx(context["result"], str(_("Unit ranking")))
    record(
        "ledger.ranking.export",
        actor=request.user,
        request=request,
        data={"level": context["level"], "from": str(period.date_from), "to": str(period.date_to)},
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = _disposition(file_name(context))
    response["Cache-Control"] = "private, no-store"
    return response


def _disposition(name: str) -> str:
    return f"attachment; filename=\"ranking.xlsx\"; filename*=UTF-8''{quote(name)}"


@login_required
def ranking_print(request):
    context = ranking_result(request)
    return render(
        request,
        "ledger/indicators/print.html",
        {
            **context,
            "title": _title(context),
            "rate_labels": [RATE_LABELS[r][0] for r in RATES],
            "due_label": COUNT_LABELS["due"][0],
            "overdue_label": COUNT_LABELS["overdue_now"][0],
            "printed_at": timezone.localtime(),
        },
    )
