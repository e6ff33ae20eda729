"""The decomposition table: building it from the campaign's standard, assigning its rows, and
the archive's review cycle."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from zhengzhi.archive.models import DEFAULT_CYCLE_YEARS, Archive, Duty
from zhengzhi.archive.scope import is_office
from zhengzhi.archive.services.errors import ArchiveError
from zhengzhi.audit.services import record
from zhengzhi.campaigns.models import Campaign, Task
from zhengzhi.org.models import Unit
from zhengzhi.standards.models import CampaignStandard, Indicator, Item

MAX_CYCLE_YEARS = 10


def campaign_standard(campaign: Campaign) -> CampaignStandard:
    cs = CampaignStandard.objects.filter(campaign=campaign).select_related("standard").first()
    if cs is None:
        raise ArchiveError(_("Set the campaign's standard and review date first."), "standard")
    return cs


def archive_of(campaign: Campaign) -> Archive:
    return Archive.objects.get_or_create(campaign=campaign)[0]


@transaction.atomic
def build_table(user, campaign: Campaign, *, request=None) -> int:
    """One row per item and per indicator of the indicator table of the campaign's standard;
    rows already there are kept as they are. Returns how many rows were added."""
    if not is_office(user):
        raise PermissionDenied
    cs = campaign_standard(campaign)
    Campaign.objects.select_for_update().filter(pk=campaign.pk).exists()
    have_items = set(
        Duty.objects.filter(campaign=campaign, item__isnull=False).values_list("item", flat=True)
    )
    have_ind = set(
        Duty.objects.filter(campaign=campaign, indicator__isnull=False).values_list(
            "indicator", flat=True
        )
    )
    items = Item.objects.filter(category__standard=cs.standard).exclude(pk__in=have_items)
    indicators = Indicator.objects.filter(standard=cs.standard, in_table=True).exclude(
        pk__in=have_ind
    )
    rows = [Duty(campaign=campaign, item=i) for i in items.order_by("category__position", "pk")]
    rows += [Duty(campaign=campaign, indicator=i) for i in indicators.order_by("position", "pk")]
    Duty.objects.bulk_create(rows)
    archive_of(campaign)
    record(
        "archive.table.built",
        actor=user,
        obj=campaign,
        request=request,
        data={"standard": cs.standard.code, "added": len(rows)},
    )
    return len(rows)


@transaction.atomic
def assign(
    user,
    duty_id: int,
    *,
    lead_unit: Unit | None,
    supporting_units: Iterable[Unit] = (),
    tasks: Iterable[Task] = (),
    note: str = "",
    version: int | None = None,
    request=None,
) -> Duty:
    """Names the row's lead unit, supporting units and the campaign tasks that serve it. With
    `version`, a row someone changed meanwhile is refused rather than overwritten."""
    if not is_office(user):
        raise PermissionDenied
    duty = Duty.objects.select_for_update().filter(pk=duty_id).first()
    if duty is None:
        raise ArchiveError(_("This row of the table was not found."), "not_found")
    if version is not None and version != duty.version:
        raise ArchiveError(
            _("Someone changed this row meanwhile; reload to see it, then change it."), "stale"
        )
    supporting = [u for u in supporting_units if lead_unit is None or u.pk != lead_unit.pk]
    tasks = list(tasks)
    if any(t.campaign_id != duty.campaign_id for t in tasks):
        raise ArchiveError(_("A task of another campaign cannot serve this row."), "task")
    duty.lead_unit = lead_unit
    duty.note = note.strip()[:300]
    duty.version += 1
    duty.save(update_fields=["lead_unit", "note", "version"])
    duty.supporting_units.set(supporting)
    duty.tasks.set(tasks)
    record(
        "archive.duty.assigned",
        actor=user,
        obj=duty,
        request=request,
        unit_id=lead_unit.pk if lead_unit else None,
        data={
            "campaign": duty.campaign_id,
            "item": duty.item_id,
            "indicator": duty.indicator_id,
            "lead": lead_unit.pk if lead_unit else None,
            "supporting": sorted(u.pk for u in supporting),
            "tasks": sorted(t.pk for t in tasks),
        },
    )
    return duty


@transaction.atomic
def set_cycle(user, campaign: Campaign, years: int, *, request=None) -> Archive:
    """The review cycle whose years the evidence covers (three under the 2015 national rules; a
    province may use four), plus the current year."""
    if not is_office(user):
        raise PermissionDenied
    if not 1 <= years <= MAX_CYCLE_YEARS:
        raise ArchiveError(
            _("The review cycle is 1 to %(max)d years.") % {"max": MAX_CYCLE_YEARS}, "cycle"
        )
    archive = archive_of(campaign)
    archive = Archive.objects.select_for_update().get(pk=archive.pk)
    before = archive.cycle_years
    archive.cycle_years = years
    archive.version += 1
    archive.save(update_fields=["cycle_years", "version"])
    record(
        "archive.cycle.set",
        actor=user,
        obj=campaign,
        request=request,
        data={"years": years, "before": before},
    )
    return archive


def cycle_years(campaign: Campaign, today) -> list[int]:
    """The years the evidence covers: the cycle's full years before this one, and this one."""
    archive = Archive.objects.filter(campaign=campaign).first()
    n = archive.cycle_years if archive else DEFAULT_CYCLE_YEARS
    return list(range(today.year - n, today.year + 1))
