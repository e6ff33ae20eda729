"""Drill-down links: from each figure to the ledger list of the problems behind it.

The list is scoped to the viewer (`ledger.selectors.filter_problems`), so a link to another
unit's problems shows only what the viewer may see. The parameters are the list's own; see
FILTER_PARAMS in selectors.py. Two more are asked of the list: `returned_by` with
`returned_from`/`returned_to` for returns (counted on the unit that returned a problem it no
longer owns, at the approval), and `dispatched_from`/`dispatched_to` for recurrences (a
reopening is the problem's latest dispatch). The counts higher apps contribute link where their
contributor says (ledger.registry.IndicatorContributor.links).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from zhengzhi.ledger.indicators.compute import DISPATCHED_STATUSES, REGISTERED_STATUSES
from zhengzhi.ledger.indicators.periods import Period
from zhengzhi.ledger.models import Status
from zhengzhi.ledger.registry import indicator_contributors


def _csv(statuses) -> str:
    return ",".join(str(s) for s in statuses)


ASSESSED = _csv(s for s in DISPATCHED_STATUSES if s != Status.DEFERRED)


def figure_params(
    period: Period, unit_param: str | None, unit_id: int | None, today: dt.date
) -> dict[str, dict[str, str]]:
    """{figure: list parameters} for one unit (or, without a unit, for all the viewer sees)."""
    reported = {"date_from": period.date_from.isoformat(), "date_to": period.date_to.isoformat()}
    # A deadline counts once its day is over: up to yesterday.
    due = {
        "due_from": period.date_from.isoformat(),
        "due_to": min(period.date_to, today - dt.timedelta(days=1)).isoformat(),
    }
    closed = {
        "closed_from": period.date_from.isoformat(),
        "closed_to": period.date_to.isoformat(),
        "status": Status.CLOSED,
    }
    dispatched = _csv(DISPATCHED_STATUSES)
    params = {
        "registered": {**reported, "status": _csv(REGISTERED_STATUSES)},
        "dispatched": {**reported, "status": dispatched},
        "due": {**due, "status": dispatched},
        "assessed": {**due, "status": ASSESSED},
        "deferred": {**due, "status": Status.DEFERRED},
        "closed": {**due, "status": Status.CLOSED},
        "closed_on_time": {**due, "status": Status.CLOSED, "on_time": "1"},
        "extended": {**due, "status": dispatched, "extended": "1"},
        "closed_in_period": closed,
        "reworked": {**closed, "reworked": "1"},
        "overdue_now": {"overdue": "1"},
        "recurrences": {
            "recurred": "1",
            "dispatched_from": period.date_from.isoformat(),
            "dispatched_to": period.date_to.isoformat(),
        },
    }
    if unit_id is not None:
        for figure in params.values():
            figure[unit_param] = str(unit_id)
    params["returns"] = {
        "returned": "1",
        "returned_from": period.date_from.isoformat(),
        "returned_to": period.date_to.isoformat(),
    }
    if unit_id is not None:
        params["returns"]["returned_by"] = str(unit_id)
    params["mean_hours"] = params["closed_in_period"]
    return params


def _contributed_links(period: Period, level: str, unit_id: int | None) -> dict[str, str]:
    """The contributed counts are not ledger-list filters: their app gives the drill-down
    (satisfaction's rated problems go to its own page)."""
    out: dict[str, str] = {}
    for contributor in indicator_contributors():
        if contributor.links is not None:
            out |= contributor.links(period, level, unit_id)
    return out


def figure_links(period: Period, level: str, unit_id: int | None, today=None) -> dict[str, str]:
    today = today or timezone.localdate()
    base = reverse("ledger:list")
    unit_param = "support" if level == "department" else "unit"
    return {
        figure: f"{base}?{urlencode(params)}"
        for figure, params in figure_params(period, unit_param, unit_id, today).items()
    } | _contributed_links(period, level, unit_id)
