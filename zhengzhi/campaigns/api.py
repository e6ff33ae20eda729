"""/api/v1/campaigns: campaigns, tasks, progress reports and the dispatch sheet, in the caller's
scope (another unit's campaign, task or report is 404)."""

from __future__ import annotations

from django.utils import timezone
from ninja import Path, Query, Router, Status

from zhengzhi.campaigns.models import ProgressReport
from zhengzhi.campaigns.schemas import (
    CampaignDetailOut,
    CampaignOut,
    ErrorOut,
    ReportCorrectIn,
    ReportIn,
    ReportOut,
    SheetQuery,
    TaskOut,
)
from zhengzhi.campaigns.scope import get_campaign_for_user, visible_assignments, visible_campaigns
from zhengzhi.campaigns.services import reports as report_services
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.campaigns.sheet import build_sheet
from zhengzhi.core.validators import DbId

router = Router(tags=["campaigns"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
HTTP = {"not_found": 404, "not_allowed": 403, "exists": 409, "stale": 409, "invalid": 422}


def _refused(exc: CampaignError) -> Status:
    return Status(HTTP.get(exc.code, 422), {"detail": str(exc.message), "code": exc.code})


@router.get("", response=list[CampaignOut], summary="Campaigns you may see")
def list_campaigns(request):
    return list(visible_campaigns(request.user).order_by("-starts_on", "-id")[:500])


@router.get("/{int:campaign_id}", response={200: CampaignDetailOut, **ERRORS})
def read_campaign(request, campaign_id: Path[DbId]):
    campaign = get_campaign_for_user(request.user, campaign_id)
    campaign.phases_list = list(campaign.phases.all())
    return {**CampaignOut.from_orm(campaign).dict(), "leading_group": campaign.leading_group,
            "phases": campaign.phases_list}  # fmt: skip


@router.get("/{int:campaign_id}/tasks", response={200: list[TaskOut], **ERRORS})
def list_tasks(request, campaign_id: Path[DbId]):
    from zhengzhi.campaigns.scope import visible_tasks

    campaign = get_campaign_for_user(request.user, campaign_id)
    assignments = visible_assignments(request.user).filter(task__campaign=campaign)
    by_task: dict[int, list] = {}
    for a in assignments.select_related("unit"):
        by_task.setdefault(a.task_id, []).append(
            {"id": a.pk, "unit_id": a.unit_id, "unit_name": a.unit.name, "target": a.target}
        )
    out = []
    for t in visible_tasks(request.user, campaign).order_by("order", "pk"):
        out.append(
            {
                **{f: getattr(t, f) for f in (
                    "id", "title", "phase_id", "lead_unit_id", "deadline", "target", "measure",
                    "figure_label", "frequency", "cutoffs", "workdays_only", "is_key_project")},
                "assignments": by_task.get(t.pk, []),
            }
        )  # fmt: skip
    return out


@router.post("/reports", response={201: ReportOut, **ERRORS}, summary="Submit a progress report")
def submit(request, body: ReportIn):
    try:
        report = report_services.submit_report(
            body.assignment_id,
            actor=request.user,
            figure=body.figure,
            text=body.text,
            period=body.period,
            slot=body.slot,
            photo_ids=[str(i) for i in body.photo_ids],
            request=request,
        )
    except CampaignError as exc:
        return _refused(exc)
    return Status(201, report)


@router.post(
    "/reports/{int:report_id}/correct",
    response={201: ReportOut, **ERRORS},
    summary="Correct a report (the old one is kept)",
)
def correct(request, report_id: Path[DbId], body: ReportCorrectIn):
    visible = visible_assignments(request.user)
    if not ProgressReport.objects.filter(pk=report_id, assignment__in=visible).exists():
        return Status(404, {"detail": "Not found.", "code": "not_found"})
    try:
        report = report_services.correct_report(
            report_id, actor=request.user, figure=body.figure, text=body.text,
            reason=body.reason, request=request,
        )  # fmt: skip
    except CampaignError as exc:
        return _refused(exc)
    return Status(201, report)


@router.get(
    "/{int:campaign_id}/sheet", response={200: dict, **ERRORS}, summary="Daily dispatch sheet"
)
def sheet(request, campaign_id: Path[DbId], query: Query[SheetQuery]):
    campaign = get_campaign_for_user(request.user, campaign_id)
    data = build_sheet(
        campaign, query.day or timezone.localdate(), user=request.user, with_series=False
    )

    def unit(u):
        return {
            "unit_id": u.unit_id, "unit": u.unit_name, "today": u.today,
            "cumulative": u.cumulative, "target": u.target, "percent": u.percent,
            "expected": u.expected, "standing": u.standing, "late": u.late,
            "missing": u.missing,
        }  # fmt: skip

    return {
        "campaign_id": campaign.pk,
        "day": data.day,
        "tasks": [
            {
                "task_id": t.task_id,
                "title": t.title,
                "measure": t.measure,
                "today": t.today,
                "cumulative": t.cumulative,
                "target": t.target,
                "percent": t.percent,
                "expected": t.expected,
                "standing": t.standing,
                "units": [unit(u) for u in t.units],
            }  # fmt: skip
            for t in data.tasks
        ],
        "late_units": [{"unit": u, "late": n} for u, n in data.late_units],
        "missing_units": [{"unit": u, "missing": m} for u, m in data.missing_units],
        "ledger": data.ledger,
    }
