"""Pledges (目标责任书): each unit's targets within the campaign, then signed with the document."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import record
from zhengzhi.campaigns.models import Assignment, Pledge, PledgeStatus
from zhengzhi.campaigns.services.campaigns import lock_campaign, require_manager
from zhengzhi.campaigns.services.errors import CampaignError


def _targets_by_unit(campaign_id: int) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = defaultdict(list)
    rows = (
        Assignment.objects.filter(task__campaign_id=campaign_id)
        .order_by("task__order", "task_id")
        .values_list("unit_id", "task_id", "task__title", "target", "task__measure")
    )
    for unit_id, task_id, title, target, measure in rows:
        out[unit_id].append(
            {"task": task_id, "title": title, "target": str(target), "measure": measure}
        )
    return out


@transaction.atomic
def draw_up_pledges(campaign_id: int, *, actor, request=None) -> int:
    """A pledge for every reporting unit that has none, with its targets as they stand; the
    targets of unsigned pledges are brought up to date. Returns how many were written."""
    require_manager(actor)
    campaign = lock_campaign(campaign_id)
    targets = _targets_by_unit(campaign.pk)
    existing = {p.unit_id: p for p in campaign.pledges.all()}
    written = 0
    for unit_id, rows in targets.items():
        pledge = existing.get(unit_id)
        if pledge is None:
            Pledge.objects.create(campaign=campaign, unit_id=unit_id, targets=rows)
            written += 1
        elif pledge.status == PledgeStatus.DRAFT and pledge.targets != rows:
            pledge.targets = rows
            pledge.save(update_fields=["targets"])
            written += 1
    record(
        "campaign.pledges",
        actor=actor,
        obj=campaign,
        request=request,
        data={"written": written, "units": len(targets)},
    )
    return written


@transaction.atomic
def sign_pledge(
    pledge_id: int,
    *,
    actor,
    signatory: str,
    signed_on: dt.date,
    upload=None,
    commitments: str = "",
    request=None,
) -> Pledge:
    """Records the signature; the signed letter (PDF or photo) is attached when given."""
    from zhengzhi.files.models import FileKind
    from zhengzhi.files.services import store_upload

    require_manager(actor)
    try:
        pledge = Pledge.objects.select_for_update().select_related("campaign").get(pk=pledge_id)
    except Pledge.DoesNotExist:
        raise CampaignError(_("There is no such pledge."), "not_found") from None
    if pledge.status == PledgeStatus.SIGNED:
        raise CampaignError(_("This pledge is signed already."), "not_allowed")
    if not signatory.strip():
        raise CampaignError(_("Who signed it?"), "invalid", "signatory")
    pledge.signatory, pledge.signed_on = signatory.strip(), signed_on
    pledge.commitments = commitments.strip() or pledge.commitments
    pledge.status = PledgeStatus.SIGNED
    pledge.save()
    file_id = ""
    if upload is not None:
        try:
            stored = store_upload(
                upload,
                user=actor,
                unit=pledge.unit,
                owner=pledge,
                allowed=(FileKind.DOCUMENT, FileKind.IMAGE),
                purpose="pledge",
                request=request,
            )
        except ValidationError as exc:
            raise CampaignError(exc.messages[0], "invalid", "file") from None
        file_id = str(stored.pk)
    record(
        "campaign.pledge.sign",
        actor=actor,
        obj=pledge,
        request=request,
        data={"signatory": pledge.signatory, "signed_on": signed_on.isoformat(), "file": file_id},
    )
    return pledge
