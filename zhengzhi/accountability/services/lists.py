"""Red and black lists: the platform proposes entries from the office's list rules and the
period's facts; the office confirms or dismisses each; a confirmed black entry of a unit
proposes the consequences (ConsequenceRule) its streak calls for — each black flag, and the
fourth in a row — which the office confirms in turn. Everything is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.accountability.models import (
    AssessmentScheme,
    Board,
    Consequence,
    ConsequenceRule,
    DecisionStatus,
    ListBasis,
    ListEntry,
    ListFrequency,
    ListRule,
    ListSubject,
)
from zhengzhi.accountability.services.errors import AccountabilityError
from zhengzhi.audit.services import record as audit
from zhengzhi.ledger.indicators.periods import day_start

HUNDRED = Decimal(100)


def period_of(rule: ListRule, day: dt.date) -> tuple[dt.date, dt.date]:
    if rule.frequency == ListFrequency.WEEKLY:
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    start = day.replace(day=1)
    nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def previous_start(rule: ListRule, start: dt.date) -> dt.date:
    return period_of(rule, start - dt.timedelta(days=1))[0]


def _inspection_scores(rule: ListRule, start: dt.date, end: dt.date) -> list[tuple]:
    """[(key, unit_id, site_id, name, score %)] from the submitted scored visits."""
    from zhengzhi.inspections.models import Visit
    from zhengzhi.ledger.indicators.ranking import level_units

    visits = Visit.objects.filter(
        status="submitted",
        submitted_at__gte=day_start(start),
        submitted_at__lt=day_start(end + dt.timedelta(days=1)),
        score__isnull=False,
        max_score__gt=0,
    )
    if rule.plan_kinds:
        visits = visits.filter(plan__kind__in=rule.plan_kinds)
    if rule.subject == ListSubject.SITE:
        rows = (
            visits.filter(site__isnull=False)
            .values("site", "site__name")
            .annotate(p=Sum("score"), m=Sum("max_score"))
        )
        return [
            (f"site:{r['site']}", None, r["site"], r["site__name"], r["p"] * HUNDRED / r["m"])
            for r in rows
        ]
    names = dict(level_units(rule.level).values_list("id", "name"))
    by_unit = (
        visits.filter(unit__in=list(names))
        .values("unit")
        .annotate(p=Sum("score"), m=Sum("max_score"))
    )
    return [
        (f"unit:{r['unit']}", r["unit"], None, names[r["unit"]], r["p"] * HUNDRED / r["m"])
        for r in by_unit
    ]


def _assessment_scores(rule: ListRule, start: dt.date, now: dt.datetime) -> list[tuple]:
    from zhengzhi.accountability.assessment.compute import assess

    scheme = AssessmentScheme.objects.filter(is_active=True).first()
    if scheme is None or rule.subject != ListSubject.UNIT:
        return []
    scheme.level = rule.level  # the list's units, the office's weights
    result = assess(scheme, f"{start:%Y-%m}", now=now)
    return [(f"unit:{r.unit_id}", r.unit_id, None, r.unit_name, r.total) for r in result.rows]


def candidates(rule: ListRule, start: dt.date, end: dt.date, now: dt.datetime) -> list[tuple]:
    """The rule's entries for the period, best first (red) or worst first (black)."""
    if rule.basis == ListBasis.ASSESSMENT:
        if rule.frequency != ListFrequency.MONTHLY:
            return []
        scores = _assessment_scores(rule, start, now)
    else:
        scores = _inspection_scores(rule, start, end)
    red = rule.board == Board.RED
    scores.sort(key=lambda s: (-s[4] if red else s[4], s[3], s[0]))
    if rule.threshold is not None:
        t = rule.threshold
        scores = [s for s in scores if (s[4] >= t if red else s[4] < t)]
    return scores[: rule.places]


def propose_lists(day: dt.date, now: dt.datetime | None = None) -> int:
    """Every active rule's entries for the period holding `day`; nothing twice."""
    now = now or timezone.now()
    made = 0
    for rule in ListRule.objects.filter(is_active=True):
        start, end = period_of(rule, day)
        for rank, (key, unit_id, site_id, name, score) in enumerate(
            candidates(rule, start, end, now), 1
        ):
            try:
                with transaction.atomic():
                    entry = ListEntry.objects.create(
                        rule=rule, period_start=start, period_end=end, key=key,
                        unit_id=unit_id, site_id=site_id, name=name[:120],
                        score=Decimal(score).quantize(Decimal("0.01")), rank=rank,
                        proposed_at=now,
                    )  # fmt: skip
            except IntegrityError:
                continue
            audit("accountability.list.proposed", obj=entry, unit_id=unit_id)
            made += 1
    return made


def streak(entry: ListEntry) -> int:
    """How many periods in a row, this one included, the subject has a confirmed entry of the
    same rule."""
    starts = set(
        ListEntry.objects.filter(
            rule=entry.rule_id, key=entry.key, status=DecisionStatus.CONFIRMED
        ).values_list("period_start", flat=True)
    )
    n, start = 1, entry.period_start
    while (start := previous_start(entry.rule, start)) in starts:
        n += 1
    return n


def _decided(obj, status: str, actor, now) -> None:
    if obj.status != DecisionStatus.PROPOSED:
        raise AccountabilityError(_("This has been decided already."), "status")
    obj.status, obj.decided_by, obj.decided_at = status, actor, now


@transaction.atomic
def decide_entry(entry_id: int, *, actor, confirm: bool, request=None) -> ListEntry:
    now = timezone.now()
    entry = ListEntry.objects.select_for_update().select_related("rule").get(pk=entry_id)
    _decided(entry, DecisionStatus.CONFIRMED if confirm else DecisionStatus.DISMISSED, actor, now)
    entry.save(update_fields=["status", "decided_by", "decided_at"])
    audit(
        "accountability.list.confirmed" if confirm else "accountability.list.dismissed",
        actor=actor,
        obj=entry,
        unit_id=entry.unit_id,
        request=request,
    )
    if confirm and entry.rule.board == Board.BLACK and entry.unit_id:
        n = streak(entry)
        for rule in ConsequenceRule.objects.filter(is_active=True):
            if rule.streak and n % rule.streak == 0:
                c = Consequence.objects.create(
                    entry=entry, rule=rule, unit_id=entry.unit_id, streak=n,
                    actions=rule.actions, proposed_at=now,
                )  # fmt: skip
                audit("accountability.consequence.proposed", obj=c, unit_id=entry.unit_id)
    return entry


@transaction.atomic
def decide_consequence(consequence_id: int, *, actor, confirm: bool, request=None) -> Consequence:
    c = Consequence.objects.select_for_update().get(pk=consequence_id)
    _decided(
        c, DecisionStatus.CONFIRMED if confirm else DecisionStatus.DISMISSED, actor, timezone.now()
    )
    c.save(update_fields=["status", "decided_by", "decided_at"])
    audit(
        "accountability.consequence.confirmed"
        if confirm
        else "accountability.consequence.dismissed",
        actor=actor,
        obj=c,
        unit_id=c.unit_id,
        request=request,
    )
    return c
