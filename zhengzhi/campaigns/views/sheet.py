"""The dispatch sheet page and its .xlsx and .docx exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.campaigns import exports
from zhengzhi.campaigns.scope import get_campaign_for_user
from zhengzhi.campaigns.sheet import build_sheet
from zhengzhi.campaigns.views.common import parse_day

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _sheet(request, pk: int, *, with_series: bool):
    campaign = get_campaign_for_user(request.user, pk)
    day, bad = parse_day(request.GET.get("day"))
    return build_sheet(campaign, day, user=request.user, with_series=with_series), bad


@login_required
def sheet(request, pk: int):
    data, bad = _sheet(request, pk, with_series=True)
    behind = next((t for t in data.tasks if t.standing == "behind"), None)
    first = behind or (data.tasks[0] if data.tasks else None)
    return render(
        request,
        "campaigns/sheet.html",
        {
            "sheet": data,
            "campaign": data.campaign,
            "bad_day": bad,
            "series": {str(k): v for k, v in data.series.items()},
            "first_task": first.task_id if first else "",
            "texts": {
                "actual": _("Cumulative"),
                "line": _("Milestone line"),
                "target": _("Target"),
            },
        },
    )


def _download(request, pk: int, kind: str):
    data, _bad = _sheet(request, pk, with_series=False)
    body = exports.to_xlsx(data) if kind == "xlsx" else exports.to_docx(data)
    record(
        "campaign.sheet.export",
        actor=request.user,
        obj=data.campaign,
        request=request,
        data={"day": data.day.isoformat(), "format": kind},
    )
    name = f"dispatch-{data.campaign.pk}-{data.day.isoformat()}.{kind}"
    response = HttpResponse(body, content_type=XLSX if kind == "xlsx" else DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def sheet_xlsx(request, pk: int):
    return _download(request, pk, "xlsx")


@login_required
def sheet_docx(request, pk: int):
    return _download(request, pk, "docx")
