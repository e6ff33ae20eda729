"""The unit ranking page and the office's weights page.

Rankings are published to every unit, as offices do (通报): every signed-in user sees every
row. The figures link to the ledger list, which is scoped, so a drill-down only ever shows the
problems the viewer may see.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.core.roles import Role, role_required
from zhengzhi.ledger.indicators import RATES
from zhengzhi.ledger.indicators.definitions import (
    COUNT_LABELS,
    RATE_LABELS,
    SCORE_FORMULA,
    SMOOTHING_FORMULA,
    count_labels,
)
from zhengzhi.ledger.indicators.forms import RankingFilterForm, WeightsForm
from zhengzhi.ledger.indicators.links import figure_links
from zhengzhi.ledger.indicators.periods import PeriodError, resolve_period
from zhengzhi.ledger.indicators.ranking import COMPONENTS, LEVELS, current_weights, rank
from zhengzhi.ledger.indicators.sheet import chart_data
from zhengzhi.ledger.indicators.weights import FIELDS, update_weights
from zhengzhi.org.scope import scope_for

# Each rate's numerator and denominator as figures of the drill-down.
RATE_LINKS = {
    "on_time_rate": ("closed_on_time", "assessed"),
    "closure_rate": ("closed", "assessed"),
    "rework_rate": ("reworked", "closed_in_period"),
    "return_rate": ("returns", "dispatched"),
    "extension_rate": ("extended", "due"),
    "satisfaction_rate": ("satisfied", "rated"),
}
EXTRA_FIGURES = ("overdue_now", "mean_hours", "recurrences")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def number(value, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}" if digits else str(value)


def _cells(row: dict, level: str, period, today, scope=None) -> dict:
    """A row's figures with their drill-down links; a unit outside the viewer's scope (another
    community's, for a community's handler) is shown without links: its list would be empty."""
    links = figure_links(period, level, row["unit_id"], today)
    if scope is not None and not scope.allows(row["unit_id"]):
        links = dict.fromkeys(links, "")
    rates = []
    for rate in RATES:
        num_key, den_key = RATE_LINKS[rate]
        base_key = rate.removesuffix("_rate")
        # .get: a contributed count (satisfaction's) has no link when its app is not installed.
        rates.append(
            {
                "key": rate,
                "text": percent(row[rate]),
                "url": links.get(den_key, ""),
                "num": row.get(num_key, 0),
                "num_url": links.get(num_key, ""),
                "den": row[f"{base_key}_base"],
                "den_url": links.get(den_key, ""),
                # A denominator that is a sum of two lists links to each part.
                "den_parts": (
                    [
                        (row["dispatched"], links.get("dispatched", "")),
                        (row[num_key], links.get(num_key, "")),
                    ]
                    if rate == "return_rate"
                    else None
                ),
                "smoothed": percent(row.get(f"{base_key}_smoothed")),
            }
        )
    extras = [
        {
            "key": key,
            "text": number(row[key], 1 if key == "mean_hours" else 0),
            "url": links[key],
        }
        for key in EXTRA_FIGURES
    ]
    due = {"text": row["due"], "url": links["due"], "deferred": row["deferred"]}
    due["deferred_url"] = links["deferred"]
    flow = {
        "registered": row["registered"],
        "registered_url": links["registered"],
        "dispatched": row["dispatched"],
        "dispatched_url": links["dispatched"],
    }
    score = None if row.get("score") is None else f"{row['score']:.1f}"
    return {
        **row,
        "rates": rates,
        "extras": extras,
        "due_cell": due,
        "flow": flow,
        "score_text": score,
    }


def ranking_result(request) -> dict:
    """The ranking the page's parameters ask for (period and level), with the rows' cells;
    shared by the page, its print view, its chart and its .xlsx export."""
    form = RankingFilterForm(request.GET or None)
    level = request.GET.get("level") or "community"
    if level not in LEVELS:
        level = "community"
    result, error, period = None, None, None
    try:
        period = resolve_period(
            request.GET.get("period"), request.GET.get("date_from"), request.GET.get("date_to")
        )
    except PeriodError as exc:
        error = exc.message
    if period is not None:
        result = rank(period, level)
        today = timezone.localdate()
        scope = scope_for(request.user)
        result.ranked = [_cells(row, level, period, today, scope) for row in result.ranked]
        result.too_few = [_cells(row, level, period, today, scope) for row in result.too_few]
    return {
        "form": form,
        "error": error,
        "result": result,
        "period": period,
        "level": level,
        "level_label": LEVELS[level][0],
    }


def _query(request) -> str:
    wanted = {k: request.GET.get(k, "") for k in ("period", "level", "date_from", "date_to")}
    return urlencode({k: v for k, v in wanted.items() if v})


@login_required
def ranking(request):
    context = ranking_result(request)
    result = context["result"]
    weights = result.weights if result else current_weights()
    components = [
        {
            "label": RATE_LABELS[rate][0],
            "weight": getattr(weights, weight_field),
            "higher": higher,
            "mean": percent(result.means.get(rate)) if result else "—",
        }
        for rate, weight_field, higher in COMPONENTS
    ]
    return render(
        request,
        "ledger/indicators/ranking.html",
        {
            **context,
            "weights": weights,
            "components": components,
            "rate_labels": [RATE_LABELS[r] for r in RATES],
            "extra_labels": [COUNT_LABELS[k] for k in EXTRA_FIGURES],
            "flow_labels": (COUNT_LABELS["registered"][0], COUNT_LABELS["dispatched"][0]),
            "count_labels": list(count_labels().values()),
            "smoothing_formula": SMOOTHING_FORMULA,
            "score_formula": SCORE_FORMULA,
            "can_edit_weights": request.user.has_role(Role.OFFICE_ADMIN),
            "query": _query(request),
            "chart": chart_data(result) if result else None,
        },
    )


@role_required(Role.OFFICE_ADMIN)
def weights_edit(request):
    weights = current_weights()
    form = WeightsForm(request.POST or None, instance=weights)
    if request.method == "POST" and form.is_valid():
        try:
            update_weights(
                actor=request.user,
                request=request,
                **{name: form.cleaned_data[name] for name in FIELDS},
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(None if name == "__all__" else name, errors)
        else:
            messages.success(request, _("The ranking weights are saved."))
            return redirect("ledger:ranking")
    return render(request, "ledger/indicators/weights.html", {"form": form, "weights": weights})
