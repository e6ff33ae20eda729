"""Who sees and fills which part of the archive.

The office and leaders (whose scope is every unit) see the whole decomposition table and every
piece of evidence; only the office's writers change the table, declare requirements, accept and
return. A unit sees the rows it leads or supports ("its own items") and fills their evidence for
its own units; on a row it leads it also sees what the supporting units filed. Anything else is
"not found".
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from zhengzhi.archive.models import Duty, Evidence, Requirement
from zhengzhi.campaigns.models import Campaign
from zhengzhi.org.scope import scope_for
from zhengzhi.standards.scope import is_office

__all__ = ["is_office"]


def _duty_q(ids, prefix: str = "") -> Q:
    return Q(**{f"{prefix}lead_unit__in": ids}) | Q(
        Exists(
            Duty.supporting_units.through.objects.filter(
                duty_id=OuterRef(f"{prefix}pk"), unit_id__in=ids
            )
        )
    )


def visible_duties(user, campaign: Campaign | None = None) -> QuerySet[Duty]:
    qs = Duty.objects.all()
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    scope = scope_for(user)
    if scope.all_units:
        return qs
    if not scope.unit_ids:
        return qs.none()
    return qs.filter(_duty_q(scope.unit_ids))


def visible_campaigns(user) -> QuerySet[Campaign]:
    """Campaigns with a decomposition table the user may open."""
    qs = Campaign.objects.filter(Exists(Duty.objects.filter(campaign=OuterRef("pk"))))
    scope = scope_for(user)
    if scope.all_units:
        return qs
    return qs.filter(Exists(visible_duties(user).filter(campaign=OuterRef("pk"))))


def get_campaign_for_user(user, pk: int) -> Campaign:
    scope = scope_for(user)
    qs = Campaign.objects.all() if scope.all_units else visible_campaigns(user)
    try:
        return qs.get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404 from None


def get_duty_for_user(user, pk: int) -> Duty:
    try:
        return (
            visible_duties(user)
            .select_related("campaign", "item__category", "indicator__measure", "lead_unit")
            .get(pk=pk)
        )
    except Duty.DoesNotExist:
        raise Http404 from None


def visible_requirements(user, campaign: Campaign | None = None) -> QuerySet[Requirement]:
    qs = Requirement.objects.all()
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    scope = scope_for(user)
    if scope.all_units:
        return qs
    duties = visible_duties(user).filter(campaign=OuterRef("campaign"), item=OuterRef("item"))
    return qs.filter(Exists(duties))


def visible_evidence(user) -> QuerySet[Evidence]:
    qs = Evidence.objects.all()
    scope = scope_for(user)
    if scope.all_units:
        return qs
    if not scope.unit_ids:
        return qs.none()
    led = Duty.objects.filter(
        campaign=OuterRef("requirement__campaign"),
        item=OuterRef("requirement__item"),
        lead_unit__in=scope.unit_ids,
    )
    return qs.filter(Q(unit__in=scope.unit_ids) | Exists(led))


def get_evidence_for_user(user, pk: int) -> Evidence:
    try:
        return visible_evidence(user).select_related("requirement", "unit", "file").get(pk=pk)
    except Evidence.DoesNotExist:
        raise Http404 from None


def own_units(user) -> set[int] | None:
    """The units whose slots a user's completeness counts: None for whoever sees every unit."""
    scope = scope_for(user)
    return None if scope.all_units else set(scope.unit_ids)


def fillable_units(user, duty: Duty) -> list[int]:
    """The units of the user's scope that owe evidence on the row (lead or supporting)."""
    scope = scope_for(user)
    if not scope.can_write:
        return []
    owners = [duty.lead_unit_id, *duty.supporting_units.values_list("pk", flat=True)]
    owners = [u for u in owners if u is not None]
    if is_office(user):
        return owners
    return [u for u in owners if u in scope.unit_ids]


def register_file_rules() -> None:
    """An uploaded piece of evidence is seen by whoever sees the evidence row."""
    from zhengzhi.files.scope import register_access_check

    def evidence_file(user, stored) -> bool:
        return visible_evidence(user).filter(pk=stored.owner_id).exists()

    register_access_check("archive.evidence", evidence_file, replaces_unit_rule=True)
