"""The indicators' names and formulas as users read them, on the page and in the API.

Keep these in step with the package docstring, which is the reference. The counts higher apps
contribute (satisfaction's rated and satisfied) bring their own labels: count_labels()."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.ledger.registry import contributed_columns

COUNT_LABELS = {
    "registered": (
        pgettext_lazy("indicator", "Registered"),
        _("Problems reported in the period and registered (not returned to dispatch, merged)."),
    ),
    "dispatched": (
        pgettext_lazy("indicator", "Dispatched"),
        _("Of those, problems dispatched to the unit and kept by it."),
    ),
    "due": (
        pgettext_lazy("indicator", "Due to close"),
        _("Dispatched problems whose deadline fell in the period, up to yesterday."),
    ),
    "deferred": (
        pgettext_lazy("indicator", "Deferred"),
        _("Problems due to close that are now deferred (挂账)."),
    ),
    "assessed": (pgettext_lazy("indicator", "Assessed"), _("Due to close − deferred.")),
    "closed": (
        pgettext_lazy("indicator", "Closed"),
        _("Problems due to close that are now verified and closed."),
    ),
    "closed_on_time": (
        pgettext_lazy("indicator", "Closed on time"),
        _("Problems due to close that were reported back by the deadline and closed."),
    ),
    "closed_in_period": (
        pgettext_lazy("indicator", "Closed in period"),
        _("Problems verified and closed in the period, whenever they were due."),
    ),
    "reworked": (
        pgettext_lazy("indicator", "Reworked"),
        _("Problems closed in the period that were sent back for rework at least once."),
    ),
    "extended": (
        pgettext_lazy("indicator", "Extended"),
        _("Problems due to close whose deadline was extended at least once."),
    ),
    "returns": (
        pgettext_lazy("indicator", "Returns"),
        _("Returns approved in the period, counted on the unit that returned the problem."),
    ),
    "recurrences": (
        pgettext_lazy("indicator", "Recurrences"),
        _("Closed problems reopened as a recurrence in the period (their latest dispatch)."),
    ),
    "overdue_now": (
        pgettext_lazy("indicator", "Overdue now"),
        _("Problems being handled past their deadline at this moment, whatever the period."),
    ),
    "mean_hours": (
        pgettext_lazy("indicator", "Mean hours to close"),
        _("Mean of (closed − dispatched), calendar hours, over the problems closed in period."),
    ),
}


def count_labels() -> dict:
    """{count: (label, definition)}: the ledger's and the contributed ones."""
    return COUNT_LABELS | contributed_columns()


RATE_LABELS = {
    "on_time_rate": (_("On-time closure rate"), _("closed on time ÷ (due to close − deferred)")),
    "closure_rate": (_("Closure rate"), _("closed ÷ (due to close − deferred)")),
    "rework_rate": (_("Rework rate"), _("reworked ÷ closed in period")),
    "return_rate": (_("Return rate"), _("returns ÷ (dispatched + returns)")),
    "extension_rate": (_("Extension rate"), _("extended ÷ due to close")),
    "satisfaction_rate": (
        _("Satisfaction rate"),
        _("(satisfied + basically satisfied) ÷ rated; target ≥ 90%"),
    ),
}

SMOOTHING_FORMULA = _("smoothed rate = (numerator + m × mean of all units) ÷ (denominator + m)")
SCORE_FORMULA = _(
    "score = 100 × Σ (weight × goodness) ÷ Σ weight; goodness = smoothed rate for on-time "
    "closure, closure and satisfaction, 1 − smoothed rate for rework, return and extension"
)
