"""Finalising an assessment (the 年终考核 of record, or a quarter): the office stores the result
as computed — every unit's points and every item's facts, with the scheme as it then was — and
from then on the pages and exports show the stored result, marked final, whatever the ledger
or the scheme do later. Finalising a period already final is refused; reopening it (the office,
with a reason) is audited and keeps the old result as history, so it can be finalised anew.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.accountability.assessment.compute import (
    Assessment,
    AssessmentPeriodError,
    Deduction,
    ItemPoints,
    UnitMonth,
    UnitResult,
    assess,
    months_of,
)
from zhengzhi.accountability.assessment.models import AssessmentResult, ResultStatus
from zhengzhi.accountability.models import AssessmentScheme, RecordKind
from zhengzhi.accountability.services.errors import AccountabilityError
from zhengzhi.audit.services import record as audit


@dataclass
class StoredScheme:
    """The scheme as it was when the result was finalised (what its pages and exports read)."""

    pk: int
    name: str
    level: str
    items: list
    deductions: dict
    deduction_cap: Decimal


def _s(value) -> str | None:
    return None if value is None else str(value)


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def dump(result: Assessment) -> dict:
    s = result.scheme
    return {
        "scheme": {
            "pk": s.pk, "name": s.name, "level": s.level, "items": s.items,
            "deductions": s.deductions, "deduction_cap": str(s.deduction_cap),
        },
        "key": result.key,
        "months": [[a.isoformat(), b.isoformat()] for a, b in result.months],
        "rows": [
            {
                "unit_id": r.unit_id, "unit_name": r.unit_name, "total": str(r.total),
                "rank": r.rank,
                "months": {
                    key: {
                        "items": [
                            [i.indicator, str(i.weight), str(i.num), str(i.den), _s(i.rate),
                             str(i.points)]
                            for i in m.items
                        ],
                        "deductions": [
                            [d.kind, d.count, str(d.each), str(d.points)] for d in m.deductions
                        ],
                        "deducted": str(m.deducted), "total": str(m.total), "yuan": m.yuan,
                    }
                    for key, m in r.months.items()
                },
            }
            for r in result.rows
        ],
    }  # fmt: skip


def load(data: dict, only: set[int] | None = None) -> Assessment:
    s = data["scheme"]
    scheme = StoredScheme(
        s["pk"], s["name"], s["level"], s["items"], s["deductions"], Decimal(s["deduction_cap"])
    )
    rows = []
    for r in data["rows"]:
        if only is not None and r["unit_id"] not in only:
            continue
        months = {}
        for key, m in r["months"].items():
            items = [
                ItemPoints(ind, Decimal(w), Decimal(n), Decimal(d), _d(rate), Decimal(p))
                for ind, w, n, d, rate, p in m["items"]
            ]
            deductions = [
                Deduction(kind, RecordKind(kind).label, count, Decimal(each), Decimal(points))
                for kind, count, each, points in m["deductions"]
            ]
            months[key] = UnitMonth(
                items, deductions, Decimal(m["deducted"]), Decimal(m["total"]), m["yuan"]
            )
        rows.append(
            UnitResult(r["unit_id"], r["unit_name"], months, Decimal(r["total"]), r["rank"])
        )
    months = [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in data["months"]]
    return Assessment(scheme, data["key"], months, rows)  # type: ignore[arg-type]


def final_of(scheme_id: int, key: str) -> AssessmentResult | None:
    return AssessmentResult.objects.filter(
        scheme_id=scheme_id, period=key, status=ResultStatus.FINAL
    ).first()


def result_for(
    scheme: AssessmentScheme, key: str, *, only: set[int] | None = None, now=None
) -> tuple[Assessment, AssessmentResult | None]:
    """The stored result of a finalised period, else the assessment computed now."""
    stored = final_of(scheme.pk, key)
    if stored is not None:
        return load(stored.data, only), stored
    return assess(scheme, key, only=only, now=now), None


def _finalisable(key: str, today: dt.date) -> None:
    if not (len(key) == 4 or key[4:6] == "-Q"):
        raise AccountabilityError(_("Only a year or a quarter is finalised."), "period")
    try:
        months = months_of(key, today)
    except AssessmentPeriodError:
        months = []
    expected = 12 if len(key) == 4 else 3
    if len(months) < expected or months[-1][1] >= today:
        raise AccountabilityError(_("The period has not ended yet."), "period")


def finalise(
    scheme_id: int, key: str, *, actor, now: dt.datetime | None = None, request=None
) -> AssessmentResult:
    """Stores the period's assessment as final (refused if it is final already)."""
    now = now or timezone.now()
    _finalisable(key, timezone.localdate(now))
    scheme = AssessmentScheme.objects.get(pk=scheme_id)
    if final_of(scheme_id, key) is not None:
        raise AccountabilityError(
            _("This period is final already: reopen it first to finalise it again."), "final"
        )
    result = assess(scheme, key, now=now)
    try:
        with transaction.atomic():
            stored = AssessmentResult.objects.create(
                scheme=scheme, period=key, data=dump(result), finalised_by=actor, finalised_at=now
            )
            audit(
                "accountability.assessment.finalised",
                actor=actor,
                obj=stored,
                request=request,
                data={"period": key, "scheme": scheme.pk, "units": len(result.rows)},
            )
    except IntegrityError:  # finalised meanwhile by someone else
        raise AccountabilityError(
            _("This period is final already: reopen it first to finalise it again."), "final"
        ) from None
    return stored


@transaction.atomic
def reopen(
    scheme_id: int, key: str, *, actor, reason: str, now: dt.datetime | None = None, request=None
) -> AssessmentResult:
    reason = reason.strip()
    if not reason:
        raise AccountabilityError(_("Say why the result is reopened."), "reason")
    stored = (
        AssessmentResult.objects.select_for_update()
        .filter(scheme_id=scheme_id, period=key, status=ResultStatus.FINAL)
        .first()
    )
    if stored is None:
        raise AccountabilityError(_("This period is not final."), "not_final")
    stored.status, stored.reopened_by = ResultStatus.REOPENED, actor
    stored.reopened_at, stored.reopen_reason = now or timezone.now(), reason[:300]
    stored.save()
    audit(
        "accountability.assessment.reopened",
        actor=actor,
        obj=stored,
        request=request,
        data={"period": key, "scheme": scheme_id, "reason": stored.reopen_reason},
    )
    return stored
