"""Satisfaction's counts in the ledger's unit indicators and ranking, registered in
SatisfactionConfig.ready (the ledger never imports this app: see zhengzhi.ledger.registry).

rated (评价数): problems whose counted rating was given in the period: the latest follow-up
call that reached the citizen, else the citizen's own rating on the tracking page (rates.py);
satisfied (满意数): of those, rated satisfied or basically satisfied. The ledger's satisfaction
rate (满意率) and its ranking weight are built on these two.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.ledger.registry import IndicatorContributor, register_indicator_contributor
from zhengzhi.satisfaction.rates import rating_counts

COLUMNS = {
    "rated": (
        pgettext_lazy("indicator", "Rated"),
        _(
            "Problems whose satisfaction rating was given in the period: the latest follow-up "
            "call that reached the citizen, else the citizen's own rating."
        ),
    ),
    "satisfied": (
        pgettext_lazy("indicator", "Satisfied"),
        _("Of those, rated satisfied or basically satisfied."),
    ),
}


def unit_counts(
    start: dt.datetime, end: dt.datetime, field: str, unit_ids
) -> dict[int, dict[str, int]]:
    """{unit id: {rated, satisfied}}: one GROUP BY query over the problems rated in the period."""
    return {
        row[field]: {"rated": row["rated"], "satisfied": row["satisfied"] + row["basic"]}
        for row in rating_counts(start, end, field, unit_ids)
    }


def unit_links(period, level: str, unit_id: int | None) -> dict[str, str]:
    """Rated problems are not a ledger-list filter: they drill down to this app's page."""
    base = {"date_from": period.date_from.isoformat(), "date_to": period.date_to.isoformat()}
    if unit_id is not None:
        base |= {"group": level, "key": str(unit_id)}
    url = reverse("satisfaction:problems")
    return {
        "rated": f"{url}?{urlencode(base)}",
        "satisfied": f"{url}?{urlencode(base | {'rating': 'satisfied_any'})}",
    }


CONTRIBUTOR = IndicatorContributor(
    key="satisfaction", columns=COLUMNS, compute=unit_counts, links=unit_links
)


def register() -> None:
    register_indicator_contributor(CONTRIBUTOR)
