"""Pledges (目标责任书): each unit's targets within the campaign, then signed with the document.

A signed pledge is what the unit put its name to, so it is never rewritten. When a target
changes afterwards the pledges page lists the signed pledges that differ (old → new), and the
office re-draws each as a new unsigned version to be signed again; the signed one stays, no
longer current, as its history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
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


@dataclass(frozen=True)
class TargetChange:
    """One line where a signed pledge and the current targets differ; None: not on that side."""

    title: str
    signed: Decimal | None
    current: Decimal | None
    measure: str


def _figure(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _changes(signed: list[dict], current: list[dict]) -> list[TargetChange]:
    """Tasks whose target or measure moved, tasks added and tasks gone (a renamed task with the
    same target is no change: the targets are what was pledged)."""
    before = {row.get("task"): row for row in signed}
    after = {row["task"]: row for row in current}
    out = []
    for task_id in [*after, *(t for t in before if t not in after)]:
        old, new = before.get(task_id), after.get(task_id)
        old_fig = _figure(old["target"]) if old else None
        new_fig = _figure(new["target"]) if new else None
        if old and new and old_fig == new_fig and old.get("measure") == new.get("measure"):
            continue
        row = new or old
        assert row is not None
        out.append(TargetChange(row.get("title", ""), old_fig, new_fig, row.get("measure", "")))
    return out


def outdated_pledges(campaign_id: int) -> dict[int, list[TargetChange]]:
    """Current signed pledges whose targets differ from the units' targets now, by pledge id."""
    targets = _targets_by_unit(campaign_id)
    out = {}
    for pledge in Pledge.objects.filter(
        campaign_id=campaign_id, is_current=True, status=PledgeStatus.SIGNED
    ):
        changes = _changes(pledge.targets, targets.get(pledge.unit_id, []))
        if changes:
            out[pledge.pk] = changes
    return out


@transaction.atomic
def draw_up_pledges(campaign_id: int, *, actor, request=None) -> int:
    """A pledge for every reporting unit that has none, with its targets as they stand; the
    targets of unsigned pledges are brought up to date. Signed pledges stay as signed (see
    outdated_pledges and redraw_pledge). Returns how many were written."""
    require_manager(actor)
    campaign = lock_campaign(campaign_id)
    targets = _targets_by_unit(campaign.pk)
    existing = {p.unit_id: p for p in campaign.pledges.filter(is_current=True)}
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


def _lock_pledge(campaign_id: int, pledge_id: int) -> Pledge:
    try:
        return (
            Pledge.objects.select_for_update()
            .select_related("campaign", "unit")
            .get(pk=pledge_id, campaign_id=campaign_id, is_current=True)
        )
    except Pledge.DoesNotExist:
        raise CampaignError(_("There is no such pledge."), "not_found") from None


@transaction.atomic
def redraw_pledge(campaign_id: int, pledge_id: int, *, actor, request=None) -> Pledge:
    """A new unsigned version of a signed pledge with the unit's targets as they stand now;
    the signed one (with its document) stays as history. Refused while nothing changed."""
    require_manager(actor)
    lock_campaign(campaign_id)  # one at a time with draw_up_pledges
    signed = _lock_pledge(campaign_id, pledge_id)
    if signed.status != PledgeStatus.SIGNED:
        raise CampaignError(_("Only a signed pledge is re-drawn."), "not_allowed")
    current = _targets_by_unit(campaign_id).get(signed.unit_id, [])
    if not _changes(signed.targets, current):
        raise CampaignError(_("The signed targets are still the current ones."), "not_allowed")
    signed.is_current = False
    signed.save(update_fields=["is_current"])
    pledge = Pledge.objects.create(
        campaign_id=campaign_id,
        unit_id=signed.unit_id,
        targets=current,
        commitments=signed.commitments,
    )
    record(
        "campaign.pledge.redraw",
        actor=actor,
        obj=pledge,
        request=request,
        data={"replaces": signed.pk, "signed": signed.targets, "targets": current},
    )
    return pledge


def check_signature(signatory: str, signed_on: dt.date | None, upload) -> dict[str, str | Promise]:
    """What is missing or wrong in a signature, by field (shared by the form and the service)."""
    errors: dict[str, str | Promise] = {}
    if not signatory.strip():
        errors["signatory"] = _("Who signed it?")
    if signed_on is None:
        errors["signed_on"] = _("Give the date it was signed.")
    elif signed_on > timezone.localdate():
        errors["signed_on"] = _("The date of signing may not be in the future.")
    if upload is None:
        errors["file"] = _("Attach the signed pledge (PDF or photo).")
    return errors


@transaction.atomic
def sign_pledge(
    campaign_id: int,
    pledge_id: int,
    *,
    actor,
    signatory: str,
    signed_on: dt.date | None,
    upload,
    commitments: str = "",
    request=None,
) -> Pledge:
    """Records the signature with the signed document (PDF or photo): both are required, and
    the date may not be in the future."""
    from zhengzhi.files.models import FileKind
    from zhengzhi.files.services import store_upload

    require_manager(actor)
    pledge = _lock_pledge(campaign_id, pledge_id)
    if pledge.status == PledgeStatus.SIGNED:
        raise CampaignError(_("This pledge is signed already."), "not_allowed")
    errors = check_signature(signatory, signed_on, upload)
    if errors or signed_on is None:
        field, message = next(iter(errors.items()))
        raise CampaignError(message, "invalid", field)
    pledge.signatory, pledge.signed_on = signatory.strip(), signed_on
    pledge.commitments = commitments.strip() or pledge.commitments
    pledge.status = PledgeStatus.SIGNED
    pledge.save()
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
    record(
        "campaign.pledge.sign",
        actor=actor,
        obj=pledge,
        request=request,
        data={
            "signatory": pledge.signatory,
            "signed_on": signed_on.isoformat(),
            "file": str(stored.pk),
        },
    )
    return pledge
