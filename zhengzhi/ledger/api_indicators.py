"""/api/v1/indicators/: unit indicators and the unit ranking.

Indicators are the working figures of the units in the caller's scope (the office and leaders
see every unit; a unit sees itself and the units below it; another unit is "not found").
The ranking is published to every unit, as on the ranking page. Bad periods, levels or units
answer 400 with the reason.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from zhengzhi.core.validators import DbId, InputSchema
from zhengzhi.ledger.indicators import BY_CHOICES, unit_indicators
from zhengzhi.ledger.indicators.definitions import RATE_LABELS, SCORE_FORMULA, count_labels
from zhengzhi.ledger.indicators.periods import PERIOD_CHOICES, PeriodError, resolve_period
from zhengzhi.ledger.indicators.ranking import LEVELS, WEIGHT_FIELDS, rank
from zhengzhi.org.models import Unit
from zhengzhi.org.scope import scope_for

router = Router(tags=["indicators"])

PERIOD_KEYS = [key for key, _label in PERIOD_CHOICES]


class ErrorOut(Schema):
    detail: str


class PeriodOut(Schema):
    date_from: str
    date_to: str


class UnitFigures(Schema):
    unit_id: int
    unit_name: str
    registered: int
    dispatched: int
    due: int
    deferred: int
    assessed: int
    closed: int
    closed_on_time: int
    closed_in_period: int
    reworked: int
    extended: int
    returns: int
    recurrences: int
    overdue_now: int
    mean_hours: float | None
    on_time_rate: float | None
    closure_rate: float | None
    rework_rate: float | None
    return_rate: float | None
    extension_rate: float | None
    # Contributed by the satisfaction app (0 and None without it).
    rated: int = 0
    satisfied: int = 0
    satisfaction_rate: float | None


class IndicatorsOut(Schema):
    period: PeriodOut
    by: str
    definitions: dict[str, str]
    units: list[UnitFigures]


class RankedUnit(UnitFigures):
    place: int | None = None
    score: float | None
    on_time_smoothed: float | None = None
    closure_smoothed: float | None = None
    rework_smoothed: float | None = None
    return_smoothed: float | None = None
    extension_smoothed: float | None = None
    satisfaction_smoothed: float | None = None


class RankingOut(Schema):
    period: PeriodOut
    level: str
    weights: dict[str, float]
    min_volume: int
    prior_strength: int
    score_formula: str
    means: dict[str, float | None]
    ranked: list[RankedUnit]
    too_few: list[RankedUnit]


class PeriodQuery(InputSchema):
    period: str | None = None
    date_from: str | None = None
    date_to: str | None = None


def _period(q: PeriodQuery):
    if q.period and q.period not in PERIOD_KEYS:
        raise PeriodError(
            _("%(name)s must be one of %(values)s.")
            % {"name": "period", "values": ", ".join(PERIOD_KEYS)}
        )
    return resolve_period(q.period, q.date_from, q.date_to)


def _period_out(period) -> dict:
    return {"date_from": period.date_from.isoformat(), "date_to": period.date_to.isoformat()}


def _definitions() -> dict[str, str]:
    out = {key: str(definition) for key, (_label, definition) in count_labels().items()}
    out.update({key: str(formula) for key, (_label, formula) in RATE_LABELS.items()})
    return out


@router.get(
    "/units",
    response={200: IndicatorsOut, 400: ErrorOut},
    summary="Indicators per unit for a period",
)
def indicators(
    request,
    q: Query[PeriodQuery],
    by: str = "owner",
    unit: Query[list[DbId] | None] = None,
):
    """`by`: owner (the owner unit), street (communities rolled up to their street) or
    department (the supporting department). `unit` (repeatable) limits the units; without it,
    every unit in the caller's scope with figures."""
    if by not in BY_CHOICES:
        return Status(
            400,
            {
                "detail": _("%(name)s must be one of %(values)s.")
                % {"name": "by", "values": ", ".join(BY_CHOICES)}
            },
        )
    try:
        period = _period(q)
    except PeriodError as exc:
        return Status(400, {"detail": str(exc.message)})
    scope = scope_for(request.user)
    if unit:
        if any(not scope.allows(uid) for uid in unit):
            raise Http404
        units = Unit.objects.filter(id__in=unit).order_by("path")
        if units.count() != len(set(unit)):
            raise Http404
    elif scope.all_units:
        units = None
    else:
        units = Unit.objects.filter(id__in=scope.unit_ids).order_by("path")
    rows = unit_indicators(period.date_from, period.date_to, units=units, by=by)
    if units is None:
        rows.sort(key=lambda r: r["unit_name"])
    return Status(
        200,
        {
            "period": _period_out(period),
            "by": by,
            "definitions": _definitions(),
            "units": rows,
        },
    )


@router.get(
    "/ranking",
    response={200: RankingOut, 400: ErrorOut},
    summary="The unit ranking for a period, as published to every unit",
)
def ranking(request, q: Query[PeriodQuery], level: str = "community"):
    """`level`: community, street or department. Units below the minimum volume are in
    `too_few`, unranked."""
    if level not in LEVELS:
        return Status(
            400,
            {
                "detail": _("%(name)s must be one of %(values)s.")
                % {"name": "level", "values": ", ".join(LEVELS)}
            },
        )
    try:
        period = _period(q)
    except PeriodError as exc:
        return Status(400, {"detail": str(exc.message)})
    result = rank(period, level)
    weights = result.weights
    return Status(
        200,
        {
            "period": _period_out(period),
            "level": level,
            "weights": {name: float(getattr(weights, name)) for name in WEIGHT_FIELDS},
            "min_volume": weights.min_volume,
            "prior_strength": weights.prior_strength,
            "score_formula": str(SCORE_FORMULA),
            "means": result.means,
            "ranked": result.ranked,
            "too_few": result.too_few,
        },
    )
