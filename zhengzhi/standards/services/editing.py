"""The office's changes to standards: local copies (细则), rules, pass lines, lead departments,
and a campaign's standard. Changing a shipped entry marks it `edited`, so that loading a newer
data file leaves it alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.standards.models import (
    CampaignStandard,
    Category,
    Checkpoint,
    Indicator,
    Item,
    Measure,
    Prerequisite,
    StandardVersion,
    VersionKind,
)
from zhengzhi.standards.rules import GRADES, NEEDS_TARGET, RuleKind
from zhengzhi.standards.scope import is_office
from zhengzhi.standards.services.errors import StandardsError

LOCAL_SOURCE = "local rule copied from %(version)s"


def _office(user) -> None:
    if not is_office(user):
        raise PermissionDenied


def _copy(obj, **changes):
    obj.pk = obj.id = None
    obj._state.adding = True
    obj.shipped = obj.edited = False
    for key, value in changes.items():
        setattr(obj, key, value)
    obj.save()
    return obj


@transaction.atomic
def copy_version(user, source: StandardVersion, *, code: str, name: str) -> StandardVersion:
    """A full copy the office turns into its local rules; entries keep their source and
    confirmation, and the copy is never touched by a data file."""
    _office(user)
    if StandardVersion.objects.filter(code=code).exists():
        raise StandardsError(_("A standard with this code exists already."), code="code")
    version = _copy(
        StandardVersion.objects.get(pk=source.pk),
        code=code,
        name=name,
        copied_from=source,
        superseded_by=None,
        version=1,
    )
    categories, items, indicators = {}, {}, {}
    for cat in Category.objects.filter(standard=source):
        old = cat.pk
        categories[old] = _copy(cat, standard=version)
    for item in Item.objects.filter(category__standard=source).prefetch_related(
        "problem_categories"
    ):
        old, mapped = item.pk, list(item.problem_categories.all())
        items[old] = _copy(item, category=categories[item.category_id])
        items[old].problem_categories.set(mapped)
    for cp in Checkpoint.objects.filter(item__category__standard=source):
        _copy(cp, item=items[cp.item_id])
    for ind in Indicator.objects.filter(standard=source):
        old = ind.pk
        indicators[old] = _copy(
            ind,
            standard=version,
            category=categories.get(ind.category_id or 0),
            item=items.get(ind.item_id or 0),
        )
    for pre in Prerequisite.objects.filter(standard=source).prefetch_related("conditions"):
        conditions = [indicators[c.pk] for c in pre.conditions.all()]
        _copy(pre, standard=version).conditions.set(conditions)
    record(
        "standards.version.copied",
        actor=user,
        obj=version,
        data={"from": source.code, "code": code},
    )
    return version


@transaction.atomic
def copy_prerequisites(
    user, source: StandardVersion, target: StandardVersion
) -> list[Prerequisite]:
    """Copies another version's prerequisites (and their conditions, as rules outside the
    indicator table) into local rules, marked unconfirmed: they are the office's reading, not
    the target standard's text."""
    _office(user)
    if not target.is_local:
        raise StandardsError(_("Prerequisites are copied into local rules only."), code="local")
    note = LOCAL_SOURCE % {"version": source.name}
    made, indicators = [], {}
    for pre in Prerequisite.objects.filter(standard=source).prefetch_related("conditions"):
        code = f"{source.code[-4:]}-{pre.code}"
        if Prerequisite.objects.filter(standard=target, code=code).exists():
            continue
        conditions = []
        for ind in pre.conditions.all():
            if ind.pk not in indicators:
                icode = f"{source.code[-4:]}-{ind.code}"
                existing = Indicator.objects.filter(standard=target, code=icode).first()
                indicators[ind.pk] = existing or _copy(
                    Indicator.objects.get(pk=ind.pk),
                    standard=target,
                    code=icode,
                    number="",
                    category=None,
                    item=None,
                    in_table=False,
                    confirmed=False,
                    source=f"{note}; {ind.source}"[:200],
                )
            conditions.append(indicators[ind.pk])
        copy = _copy(
            Prerequisite.objects.get(pk=pre.pk),
            standard=target,
            code=code,
            confirmed=False,
            source=f"{note}; {pre.source}"[:200],
        )
        copy.conditions.set(conditions)
        made.append(copy)
    record(
        "standards.prerequisites.copied",
        actor=user,
        obj=target,
        data={"from": source.code, "copied": [p.code for p in made]},
    )
    return made


class Unchanged:
    """A keyword left out: the field keeps its value."""


UNCHANGED = Unchanged()


@transaction.atomic
def update_indicator(
    user,
    indicator_id: int,
    *,
    rule: str,
    target: Decimal | None,
    target_grade: str = "",
    years: int = 5,
    confirmed: bool,
    base: str = "",
    absolute_label: str = "",
    absolute_unit: str = "",
    category: Category | None | Unchanged = UNCHANGED,
    item: Item | None | Unchanged = UNCHANGED,
) -> Indicator:
    """Sets the rule; with `category` / `item` given (None included), also where the indicator
    counts among the categories and items."""
    _office(user)
    ind = Indicator.objects.select_for_update().get(pk=indicator_id)
    if isinstance(category, Unchanged):
        category = ind.category
    if isinstance(item, Unchanged):
        item = ind.item
    if item is not None:
        if category is not None and item.category_id != category.pk:
            raise StandardsError(_("The item is not in that category."), code="item")
        category = item.category
    if category is not None and category.standard_id != ind.standard_id:
        raise StandardsError(_("Choose a category of this standard."), code="category")
    if rule not in RuleKind.values:
        raise StandardsError(_("Choose a rule."), code="rule")
    if rule in NEEDS_TARGET and target is None and rule != RuleKind.LOCAL_PLAN:
        raise StandardsError(_("This rule needs a target."), code="target")
    if rule == RuleKind.GRADE_AT_LEAST and target_grade not in GRADES:
        raise StandardsError(_("Choose the grade required."), code="grade")
    if not 1 <= years <= 20:
        raise StandardsError(_("Between 1 and 20 years."), code="years")
    before = {
        "rule": ind.rule,
        "target": str(ind.target),
        "confirmed": ind.confirmed,
        "category": ind.category_id,
        "item": ind.item_id,
    }
    ind.rule, ind.target, ind.target_grade, ind.years = rule, target, target_grade, years
    ind.category, ind.item = category, item
    ind.confirmed, ind.base = confirmed, base
    ind.absolute_label, ind.absolute_unit = absolute_label[:40], absolute_unit[:20]
    ind.edited = ind.shipped
    ind.save()
    record(
        "standards.indicator.updated",
        actor=user,
        obj=ind,
        data={
            "before": before,
            "rule": rule,
            "target": str(target),
            "confirmed": confirmed,
            "category": ind.category_id,
            "item": ind.item_id,
        },
    )
    return ind


@transaction.atomic
def update_version(
    user, version_id: int, *, pass_line: Decimal | None, expected_version: int | None = None
) -> StandardVersion:
    _office(user)
    version = StandardVersion.objects.select_for_update().get(pk=version_id)
    if expected_version is not None and version.version != expected_version:
        raise StandardsError(_("Someone changed this standard meanwhile; reload."), code="stale")
    if pass_line is not None and (
        pass_line < 0 or (version.total_points is not None and pass_line > version.total_points)
    ):
        raise StandardsError(_("The pass line must lie within the table's points."), code="pass")
    before = str(version.pass_line)
    version.pass_line = pass_line
    version.edited = version.shipped
    version.version += 1
    version.save(update_fields=["pass_line", "edited", "version"])
    record(
        "standards.version.updated",
        actor=user,
        obj=version,
        data={"pass_line": [before, str(pass_line)]},
    )
    return version


@transaction.atomic
def update_measure(user, measure_id: int, *, lead_department, frequency: str) -> Measure:
    _office(user)
    measure = Measure.objects.select_for_update().get(pk=measure_id)
    if lead_department is not None and not lead_department.is_active:
        raise StandardsError(_("Choose an active unit."), code="unit")
    before = [measure.lead_department_id, measure.frequency]
    measure.lead_department, measure.frequency = lead_department, frequency
    measure.save(update_fields=["lead_department", "frequency"])
    record(
        "standards.measure.updated",
        actor=user,
        obj=measure,
        data={"before": before, "after": [getattr(lead_department, "pk", None), frequency]},
    )
    return measure


@transaction.atomic
def set_campaign_standard(
    user,
    campaign,
    *,
    standard: StandardVersion,
    review_date: dt.date,
    scored_table: StandardVersion | None = None,
    built_up_area: Decimal | None = None,
    population: int | None = None,
) -> CampaignStandard:
    """Ties a sanitary-city campaign to a standard, its review date and the office's bases."""
    from zhengzhi.campaigns.models import CampaignKind

    _office(user)
    if campaign.kind != CampaignKind.SANITARY_CITY:
        raise StandardsError(
            _("Only a sanitary-city campaign is assessed against a standard."), code="kind"
        )
    if standard.kind != VersionKind.STANDARD:
        raise StandardsError(_("Choose a standard with indicators."), code="standard")
    if scored_table is not None and scored_table.kind != VersionKind.SCORED:
        raise StandardsError(_("Choose a scored table."), code="scored")
    if built_up_area is not None and built_up_area <= 0:
        raise StandardsError(_("The built-up area must be positive."), code="area")
    tie = CampaignStandard.objects.select_for_update().filter(campaign=campaign).first()
    values = {
        "standard": standard,
        "review_date": review_date,
        "scored_table": scored_table,
        "built_up_area": built_up_area,
        "population": population,
    }
    if tie is None:
        tie = CampaignStandard.objects.create(campaign=campaign, **values)
    else:
        for key, value in values.items():
            setattr(tie, key, value)
        tie.version += 1
        tie.save()
    record(
        "standards.campaign.set",
        actor=user,
        obj=campaign,
        data={
            "standard": standard.code,
            "review_date": review_date.isoformat(),
            "built_up_area": str(built_up_area),
            "population": population,
        },
    )
    return tie
