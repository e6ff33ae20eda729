"""The dispatch sheet page and its .xlsx and .docx exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from zhengzhi.campaigns.export_kind import sheet_rows
from zhengzhi.campaigns.scope import get_campaign_for_user
from zhengzhi.campaigns.sheet import build_sheet
from zhengzhi.campaigns.views import sheet_exports
from zhengzhi.campaigns.views.common import parse_day


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
            # Too large to write in the request: the buttons start a background export.
            "large_export": sheet_exports.is_large(sheet_rows(data)),
            "texts": {
                "actual": _("Cumulative"),
                "line": _("Milestone line"),
                "target": _("Target"),
            },
        },
    )


@login_required
def sheet_xlsx(request, pk: int):
    return sheet_exports.download(request, pk, "xlsx")


@login_required
def sheet_docx(request, pk: int):
    return sheet_exports.download(request, pk, "docx")
