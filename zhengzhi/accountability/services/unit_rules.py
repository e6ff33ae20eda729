"""The rules that propose a 黄牌示警 or a 约谈: a unit's record over a period, not one problem.

- ranking: the unit sat in the bottom `count` places of the ledger's monthly ranking (at the
  rule's level) in each of the last `months` finished months; judged once a month, for the
  month just finished.
- backlog: the unit has `count` or more problems overdue by more than `days` days now;
  proposed at most once per `period` (month or quarter).
- letters: the office issued `count` or more 督办函 to the unit within the current `period`.

One proposal per rule, unit and period (Record.period_key, unique), so the daily job and "Apply
the rules now" never propose it twice, and a dismissed one stays dismissed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from zhengzhi.accountability.models import (
    LadderRule,
    Record,
    RecordKind,
    RecordStatus,
    RulePeriod,
    Trigger,
)
from zhengzhi.audit.services import record as audit
from zhengzhi.ledger.models import RUNNING_STATUSES, Problem

ISSUED = (RecordStatus.ISSUED, RecordStatus.ANSWERED)
LEVEL_NAMES = {"community": "社区（村）", "street": "街道（镇）", "department": "部门"}


def period_of(day: dt.date, period: str) -> tuple[str, dt.date]:
    """(key, first day) of the month or quarter holding the day."""
    if period == RulePeriod.QUARTER:
        q = (day.month - 1) // 3
        return f"{day.year}-Q{q + 1}", dt.date(day.year, 3 * q + 1, 1)
    return f"{day:%Y-%m}", day.replace(day=1)


def _months_back(day: dt.date, n: int) -> list[dt.date]:
    """The first days of the n finished months before the day's month, oldest first."""
    out, first = [], day.replace(day=1)
    for _i in range(n):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        out.append(first)
    return out[::-1]


def bottom(ranked: list[dict], places: int) -> dict[int, dict]:
    """{unit: row} of the bottom `places` of a ranking (ties at the line included). A ranking of
    no more units than places has no bottom: every unit would be in it."""
    if places <= 0 or len(ranked) <= places:
        return {}
    line = ranked[-places]["place"]
    return {r["unit_id"]: r for r in ranked if r["place"] >= line}


def _ranking(rule: LadderRule, day: dt.date, now: dt.datetime) -> list[tuple[int, str, str]]:
    from zhengzhi.ledger.indicators.periods import Period
    from zhengzhi.ledger.indicators.ranking import rank

    months = _months_back(day, max(1, rule.months))
    seen: list[dict[int, dict]] = []
    for first in months:
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        result = rank(Period(first, last, "custom"), rule.level, now=now)
        seen.append(bottom(result.ranked, rule.count))
    if not seen:
        return []
    units = set(seen[0]).intersection(*seen[1:])
    key = f"{months[-1]:%Y-%m}"
    out = []
    for unit_id in sorted(units):
        places = "、".join(
            f"{m.year}年{m.month}月第{s[unit_id]['place']}名"
            for m, s in zip(months, seen, strict=True)
        )
        basis = (
            f"在{LEVEL_NAMES.get(rule.level, '')}月度排名中连续{len(months)}个月"
            f"处于末{rule.count}位（{places}）。"
        )
        out.append((unit_id, key, basis))
    return out


def _backlog(rule: LadderRule, day: dt.date, now: dt.datetime) -> list[tuple[int, str, str]]:
    key, _first = period_of(day, rule.period)
    rows = (
        Problem.objects.filter(
            status__in=RUNNING_STATUSES,
            due_at__lt=now - dt.timedelta(days=rule.days),
            owner_unit__isnull=False,
        )
        .values("owner_unit")
        .order_by()
        .annotate(n=Count("id"))
        .filter(n__gte=max(1, rule.count))
    )
    out = []
    for row in sorted(rows, key=lambda r: r["owner_unit"]):
        numbers = list(
            Problem.objects.filter(
                owner_unit=row["owner_unit"],
                status__in=RUNNING_STATUSES,
                due_at__lt=now - dt.timedelta(days=rule.days),
            )
            .order_by("due_at", "pk")
            .values_list("number", flat=True)[:50]
        )
        more = "等" if row["n"] > len(numbers) else ""
        basis = (
            f"截至{day.year}年{day.month}月{day.day}日，有{row['n']}个问题超期{rule.days}天以上仍未办结"
            f"（{'、'.join(numbers)}{more}）。"
        )
        out.append((row["owner_unit"], key, basis))
    return out


def _letters(rule: LadderRule, day: dt.date, now: dt.datetime) -> list[tuple[int, str, str]]:
    from zhengzhi.ledger.indicators.periods import day_start

    key, first = period_of(day, rule.period)
    letters = Record.objects.filter(
        kind=RecordKind.LETTER, status__in=ISSUED, approved_at__gte=day_start(first)
    ).order_by("approved_at", "pk")
    by_unit: dict[int, list[Record]] = {}
    for rec in letters:
        by_unit.setdefault(rec.unit_id, []).append(rec)
    counts = Counter({u: len(r) for u, r in by_unit.items()})
    span = "本季度" if rule.period == RulePeriod.QUARTER else "本月"
    out = []
    for unit_id in sorted(u for u, n in counts.items() if n >= max(1, rule.count)):
        names = "、".join(str(r) for r in by_unit[unit_id])
        basis = f"{span}（{key}）已收到督办函{counts[unit_id]}份（{names}），问题整改仍不到位。"
        out.append((unit_id, key, basis))
    return out


TRIGGERS: dict[str, Callable[[LadderRule, dt.date, dt.datetime], list[tuple[int, str, str]]]] = {
    Trigger.RANKING: _ranking,
    Trigger.BACKLOG: _backlog,
    Trigger.LETTERS: _letters,
}


def propose_for(rule: LadderRule, now: dt.datetime) -> list[Record]:
    """The rule's new proposals: one per unit whose record meets it, once per period."""
    fn = TRIGGERS.get(rule.trigger)
    if fn is None or rule.kind not in (RecordKind.YELLOW_CARD, RecordKind.TALK):
        return []
    day = timezone.localdate(now)
    done = set(
        Record.objects.filter(rule=rule).exclude(period_key="").values_list("unit_id", "period_key")
    )
    out = []
    for unit_id, key, basis in fn(rule, day, now):
        if (unit_id, key) in done:
            continue
        try:
            with transaction.atomic():
                rec = Record.objects.create(
                    kind=rule.kind,
                    unit_id=unit_id,
                    rule=rule,
                    basis=basis,
                    period_key=key,
                    proposed_at=now,
                )
        except IntegrityError:  # another run proposed it first
            continue
        audit(
            "accountability.record.proposed",
            obj=rec,
            unit_id=unit_id,
            data={"kind": rec.kind, "trigger": rule.trigger, "period": key},
        )
        out.append(rec)
    return out
