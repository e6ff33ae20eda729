"""Campaigns: create, change, start and close; phases, the leading group, documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import changes, record
from zhengzhi.campaigns.models import (
    Campaign,
    CampaignKind,
    CampaignStatus,
    DocumentKind,
    GroupMember,
    GroupRole,
    Phase,
)
from zhengzhi.campaigns.scope import can_manage
from zhengzhi.campaigns.services.errors import CampaignError, Stale
from zhengzhi.org.models import Unit

CAMPAIGN_FIELDS = ["name", "kind", "goal", "leading_group", "starts_on", "ends_on"]


def require_manager(actor) -> None:
    if not can_manage(actor):
        raise CampaignError(_("Only the campaign office may plan campaigns."), "not_allowed")


def lock_campaign(campaign_id: int, version: int | None = None) -> Campaign:
    try:
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    except Campaign.DoesNotExist:
        raise CampaignError(_("There is no such campaign."), "not_found") from None
    if version is not None and campaign.version != version:
        raise Stale()
    return campaign


def check_period(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise CampaignError(_("The end comes before the start."), "invalid", "ends_on")
    if (ends_on - starts_on).days > 3 * 366:
        raise CampaignError(_("A campaign lasts three years at most."), "invalid", "ends_on")


@dataclass
class PhaseData:
    name: str
    starts_on: dt.date
    ends_on: dt.date
    aim: str = ""
    # The phase edited (replace_phases): a renamed phase keeps its tasks.
    pk: int | None = None


@dataclass
class MemberData:
    role: str
    person: str = ""
    post: str = ""
    unit_id: int | None = None


@dataclass
class CampaignData:
    name: str
    kind: str
    scope_unit: Unit
    office_unit: Unit
    starts_on: dt.date
    ends_on: dt.date
    goal: str = ""
    leading_group: str = ""
    template_key: str = ""
    category_codes: list[str] = field(default_factory=list)
    phases: list[PhaseData] = field(default_factory=list)
    members: list[MemberData] = field(default_factory=list)


def _check(data: CampaignData) -> None:
    if not data.name.strip():
        raise CampaignError(_("Give the campaign a name."), "invalid", "name")
    if data.kind not in CampaignKind.values:
        raise CampaignError(_("Unknown kind of campaign."), "invalid", "kind")
    check_period(data.starts_on, data.ends_on)
    _check_phases(data.phases, data.starts_on, data.ends_on)


def _check_phases(phases: list[PhaseData], starts_on: dt.date, ends_on: dt.date) -> None:
    names: set[str] = set()
    for phase in phases:
        if not phase.name.strip():
            raise CampaignError(_("Every phase needs a name."), "invalid", "phases")
        if phase.name.strip() in names:
            raise CampaignError(
                _("Two phases are called “%(name)s”.") % {"name": phase.name.strip()},
                "invalid",
                "phases",
            )
        names.add(phase.name.strip())
        if phase.ends_on < phase.starts_on:
            raise CampaignError(
                _("Phase “%(name)s” ends before it starts.") % {"name": phase.name},
                "invalid",
                "phases",
            )
        if phase.starts_on < starts_on or phase.ends_on > ends_on:
            raise CampaignError(
                _("Phase “%(name)s” lies outside the campaign's period.") % {"name": phase.name},
                "invalid",
                "phases",
            )


@transaction.atomic
def create_campaign(data: CampaignData, *, actor, request=None) -> Campaign:
    require_manager(actor)
    _check(data)
    campaign = Campaign.objects.create(
        name=data.name.strip(),
        kind=data.kind,
        template_key=data.template_key,
        goal=data.goal.strip(),
        leading_group=data.leading_group.strip(),
        scope_unit=data.scope_unit,
        office_unit=data.office_unit,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        created_by=actor,
    )
    if data.category_codes:
        campaign.categories.set(_categories(data.category_codes))
    Phase.objects.bulk_create(
        [
            Phase(campaign=campaign, order=i, name=p.name.strip(), starts_on=p.starts_on,
                  ends_on=p.ends_on, aim=p.aim.strip())
            for i, p in enumerate(data.phases)
        ]
    )  # fmt: skip
    _write_members(campaign, data.members)
    record(
        "campaign.create",
        actor=actor,
        obj=campaign,
        request=request,
        data={
            "kind": data.kind,
            "template": data.template_key,
            "period": [data.starts_on.isoformat(), data.ends_on.isoformat()],
            "scope_unit": data.scope_unit.pk,
            "phases": len(data.phases),
        },
    )
    return campaign


def _categories(codes: list[str]) -> list:
    from zhengzhi.ledger.models import Category

    found = list(Category.objects.filter(code__in=codes))
    missing = set(codes) - {c.code for c in found}
    if missing:
        raise CampaignError(
            _("Unknown problem categories: %(codes)s") % {"codes": ", ".join(sorted(missing))},
            "invalid",
            "categories",
        )
    return found


def _write_members(campaign: Campaign, members: list[MemberData]) -> None:
    for m in members:
        if m.role not in GroupRole.values:
            raise CampaignError(_("Unknown role in the leading group."), "invalid", "group")
        if not m.person.strip() and not m.post.strip() and m.unit_id is None:
            raise CampaignError(
                _("Each member of the leading group needs a person or a unit."), "invalid", "group"
            )
    GroupMember.objects.bulk_create(
        [
            GroupMember(campaign=campaign, role=m.role, person=m.person.strip(),
                        post=m.post.strip(), unit_id=m.unit_id, order=i)
            for i, m in enumerate(members)
        ]
    )  # fmt: skip


@transaction.atomic
def update_campaign(
    campaign_id: int, values: dict[str, Any], *, actor, version: int, request=None
) -> Campaign:
    """The campaign's own fields and, with "category_codes", its problem categories: one
    change, one version, one audit row."""
    require_manager(actor)
    campaign = lock_campaign(campaign_id, version)
    before = {f: getattr(campaign, f) for f in CAMPAIGN_FIELDS}
    for name in CAMPAIGN_FIELDS:
        if name in values:
            setattr(campaign, name, values[name])
    if not str(campaign.name).strip():
        raise CampaignError(_("Give the campaign a name."), "invalid", "name")
    if campaign.kind not in CampaignKind.values:
        raise CampaignError(_("Unknown kind of campaign."), "invalid", "kind")
    check_period(campaign.starts_on, campaign.ends_on)
    diff = changes(campaign, before, CAMPAIGN_FIELDS)
    if "starts_on" in diff or "ends_on" in diff:
        _check_plan_within(campaign)
    if "category_codes" in values:
        old = sorted(campaign.categories.values_list("code", flat=True))
        new = sorted(set(values["category_codes"]))
        if old != new:
            campaign.categories.set(_categories(new))
            diff["categories"] = [old, new]
    if not diff:
        return campaign
    campaign.version += 1
    campaign.save(update_fields=[*(k for k in diff if k in CAMPAIGN_FIELDS), "version"])
    record("campaign.update", actor=actor, obj=campaign, request=request, data=diff)
    return campaign


def _check_plan_within(campaign: Campaign) -> None:
    """A new period must still hold the phases and the tasks' deadlines (the sheet's lines are
    drawn from the start to each deadline)."""
    _check_phases(
        [PhaseData(p.name, p.starts_on, p.ends_on) for p in campaign.phases.all()],
        campaign.starts_on,
        campaign.ends_on,
    )
    task = (
        campaign.tasks.exclude(deadline__range=(campaign.starts_on, campaign.ends_on))
        .order_by("order")
        .first()
    )
    if task is not None:
        raise CampaignError(
            _("The deadline of task “%(title)s” (%(day)s) lies outside the new period.")
            % {"title": task.title, "day": task.deadline},
            "invalid",
            "ends_on",
        )


# status: the statuses it may be set from
MOVES: dict[str, tuple[str, ...]] = {
    CampaignStatus.ACTIVE: (CampaignStatus.DRAFT, CampaignStatus.CLOSED),
    CampaignStatus.CLOSED: (CampaignStatus.ACTIVE,),
    CampaignStatus.DRAFT: (CampaignStatus.ACTIVE,),
}


@transaction.atomic
def set_status(
    campaign_id: int, status: str, *, actor, version: int | None = None, request=None
) -> Campaign:
    require_manager(actor)
    campaign = lock_campaign(campaign_id, version)
    if status not in MOVES or campaign.status not in MOVES[status]:
        raise CampaignError(_("The campaign cannot move to this status now."), "not_allowed")
    if status == CampaignStatus.ACTIVE and not campaign.tasks.exists():
        raise CampaignError(_("A campaign starts with at least one task."), "invalid")
    before = campaign.status
    campaign.status = status
    campaign.version += 1
    fields = ["status", "version"]
    if status == CampaignStatus.ACTIVE and before == CampaignStatus.DRAFT:
        # Reporting slots count from now on (rules.counting_from); reopening a closed campaign
        # keeps the moment it first started.
        campaign.started_at = timezone.now()
        fields.append("started_at")
    campaign.save(update_fields=fields)
    record(
        f"campaign.{status}",
        actor=actor,
        obj=campaign,
        request=request,
        data={"from": before, "to": status},
    )
    return campaign


@transaction.atomic
def replace_phases(
    campaign_id: int, phases: list[PhaseData], *, actor, version: int, request=None
) -> Campaign:
    """Phases are edited as one list. A row keeps its phase (and the phase its tasks) by its
    pk, else by its name; the tasks of a removed phase go on without one."""
    require_manager(actor)
    campaign = lock_campaign(campaign_id, version)
    _check_phases(phases, campaign.starts_on, campaign.ends_on)
    old = {p.pk: p for p in campaign.phases.all()}
    claimed = {p.pk for p in phases if p.pk in old}
    by_name = {p.name: p for pk, p in old.items() if pk not in claimed}
    keep = set()
    for i, p in enumerate(phases):
        existing = old.pop(p.pk, None) if p.pk is not None else None
        if existing is None:
            existing = by_name.pop(p.name.strip(), None)
        if existing is not None:
            existing.order, existing.name = i, p.name.strip()
            existing.starts_on, existing.ends_on = p.starts_on, p.ends_on
            existing.aim = p.aim.strip()
            existing.save()
            keep.add(existing.pk)
        else:
            keep.add(
                Phase.objects.create(
                    campaign=campaign, order=i, name=p.name.strip(), starts_on=p.starts_on,
                    ends_on=p.ends_on, aim=p.aim.strip(),
                ).pk
            )  # fmt: skip
    campaign.phases.exclude(pk__in=keep).delete()
    campaign.version += 1
    campaign.save(update_fields=["version"])
    record(
        "campaign.phases",
        actor=actor,
        obj=campaign,
        request=request,
        data={"phases": [[p.name, p.starts_on.isoformat(), p.ends_on.isoformat()] for p in phases]},
    )
    return campaign


@transaction.atomic
def replace_group(
    campaign_id: int, members: list[MemberData], *, actor, version: int, request=None
) -> Campaign:
    require_manager(actor)
    campaign = lock_campaign(campaign_id, version)
    campaign.group.all().delete()
    _write_members(campaign, members)
    campaign.version += 1
    campaign.save(update_fields=["version"])
    record(
        "campaign.group",
        actor=actor,
        obj=campaign,
        request=request,
        data={"members": [[m.role, m.person, m.post, m.unit_id] for m in members]},
    )
    return campaign


@transaction.atomic
def attach_document(campaign_id: int, upload, kind: str, *, actor, request=None):
    """The plan, a notice, minutes: stored with zhengzhi.files, owned by the campaign."""
    from zhengzhi.files.models import FileKind
    from zhengzhi.files.services import store_upload

    require_manager(actor)
    campaign = lock_campaign(campaign_id)
    if kind not in DocumentKind.values:
        raise CampaignError(_("Unknown kind of document."), "invalid", "kind")
    try:
        stored = store_upload(
            upload,
            user=actor,
            unit=campaign.office_unit,
            owner=campaign,
            allowed=(FileKind.DOCUMENT, FileKind.IMAGE),
            purpose=kind,
            request=request,
        )
    except ValidationError as exc:
        raise CampaignError(exc.messages[0], "invalid", "file") from None
    record(
        "campaign.document",
        actor=actor,
        obj=campaign,
        request=request,
        data={"file": str(stored.pk), "kind": kind, "name": stored.original_name},
    )
    return stored


def current_phase(campaign: Campaign, day: dt.date) -> Phase | None:
    for phase in campaign.phases.all():
        if phase.starts_on <= day <= phase.ends_on:
            return phase
    return None
