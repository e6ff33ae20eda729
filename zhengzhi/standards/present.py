"""The gap report as the page shows it: texts in the reader's language, rows in order, the
series the charts draw, and the links each figure drills down to."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from zhengzhi.standards.gap import Verdict
from zhengzhi.standards.rules import HIGHER_IS_BETTER, Outcome, RuleKind
from zhengzhi.standards.selectors import CampaignGap

WAN = Decimal(10_000)


def num(value) -> str:
    """12.50 → 12.5, 3.9700 → 3.97, 1000.00 → 1000."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str):
        return value
    text = f"{Decimal(value).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def distance_text(distance, unit: str, grade: bool = False) -> str:
    if distance is None:
        return ""
    if grade:
        return ngettext("%(n)s grade short", "%(n)s grades short", int(distance)) % {
            "n": num(distance)
        }
    if unit == "%":
        return _("%(n)s percentage points short") % {"n": num(distance)}
    return _("%(n)s %(unit)s short") % {"n": num(distance), "unit": unit}


def absolute_text(amount, label: str, unit: str) -> str:
    if amount is None:
        return ""
    if (get_language() or "").startswith("zh") and amount >= WAN:
        shown = f"{num(round(amount / WAN))} 万"
    else:
        shown = f"{round(amount):,}"
    return _("still needed: about %(amount)s %(unit)s of %(what)s") % {
        "amount": shown,
        "unit": unit,
        "what": label or _("it"),
    }


VERDICTS = {
    Verdict.FAILS: (
        "bad",
        gettext_lazy("A prerequisite fails: the whole assessment fails (veto)."),
    ),
    Verdict.WOULD_FAIL: (
        "warn",
        gettext_lazy(
            "Only prerequisites whose rules are unconfirmed fail: "
            "the whole would fail if they hold."
        ),
    ),
    Verdict.UNKNOWN: (
        "warn",
        gettext_lazy("No prerequisite fails, but some cannot be judged yet."),
    ),
    Verdict.PASSES: ("ok", gettext_lazy("Every prerequisite is met.")),
}


def _measure_url(measure_id: int, unit_id: int | None = None) -> str:
    url = reverse("standards:measure", args=[measure_id])
    return f"{url}?unit={unit_id}" if unit_id else url


def _indicator_row(g, ind) -> dict:
    unit = ind.measure.unit
    projection = g.projection
    return {
        "gap": g,
        "indicator": ind,
        "outcome": g.outcome,
        "outcome_label": Outcome(g.outcome).label,
        "value": num(g.result.value) if g.result else "—",
        "period": g.period,
        "distance": distance_text(g.distance, unit, g.spec.rule.kind == RuleKind.GRADE_AT_LEAST)
        if g.outcome == Outcome.NOT_MET
        else "",
        "absolute": absolute_text(g.absolute, ind.absolute_label, ind.absolute_unit),
        "projection": projection,
        "projected": num(projection.value) if projection and projection.value is not None else "",
        "units": len(g.units),
        "url": _measure_url(ind.measure_id, g.unit_id),
    }


def _series(g, values) -> dict | None:
    """The worst unit's values by period, for the chart of a failing indicator."""
    if g.unit_id is None:
        return None
    series = values.get(g.spec.measure_id, {}).get(g.unit_id, {})
    points = sorted((p, v) for p, v in series.items() if isinstance(v, Decimal))
    if len(points) < 2:
        return None
    return {
        "name": g.spec.name,
        "periods": [p.isoformat()[:7] for p, _ in points],
        "values": [float(v) for _, v in points],
        "target": float(g.spec.rule.target) if g.spec.rule.target is not None else None,
        "higher": g.spec.rule.kind in HIGHER_IS_BETTER,
    }


@dataclass(frozen=True)
class Focus:
    """What a figure of the gap page drills down to: the indicator table narrowed to an outcome,
    a category, an item, or what a period of the trend counted (as its chart labels it)."""

    outcome: str = ""
    category: int | None = None
    item: int | None = None
    period: str = ""  # YYYY-MM

    @classmethod
    def from_query(cls, query) -> Focus:
        def number(key: str) -> int | None:
            text = query.get(key, "")
            return int(text) if text.isdigit() else None

        outcome = query.get("outcome", "")
        period = query.get("period", "")
        return cls(
            outcome=outcome if outcome in Outcome.values else "",
            category=number("category"),
            item=number("item"),
            period=period if len(period) == 7 and period[4] == "-" else "",
        )

    def __bool__(self) -> bool:
        return bool(self.outcome or self.category or self.item or self.period)


def _narrow(table: list[dict], result: CampaignGap, focus: Focus) -> tuple[list[dict], list[str]]:
    """The rows the focus keeps, and what it says it shows."""
    said = []
    if focus.period:
        counted = next(
            (t for t in result.report.trend if t.period.isoformat()[:7] == focus.period), None
        )
        ids: set[int] = set()
        if counted is not None:
            for outcome, found in counted.indicators.items():
                if not focus.outcome or outcome == focus.outcome:
                    ids.update(found)
        table = [r for r in table if r["gap"].spec.id in ids]
        if focus.outcome:
            said.append(
                _("%(outcome)s in %(period)s")
                % {"outcome": Outcome(focus.outcome).label, "period": focus.period}
            )
        else:
            said.append(_("Judged in %(period)s") % {"period": focus.period})
    elif focus.outcome:
        table = [r for r in table if r["outcome"] == focus.outcome]
        said.append(str(Outcome(focus.outcome).label))
    if focus.category:
        table = [r for r in table if r["gap"].spec.category_id == focus.category]
        category = result.categories.get(focus.category)
        said.append(category.name if category else "—")
    if focus.item:
        table = [r for r in table if r["gap"].spec.item_id == focus.item]
        item = result.items.get(focus.item)
        said.append(f"{item.number} {item.text}"[:60] if item else "—")
    return table, said


def present(result: CampaignGap, focus: Focus | None = None) -> dict:
    report = result.report
    rows = {g.spec.id: _indicator_row(g, result.indicators[g.spec.id]) for g in report.indicators}
    order = {Outcome.NOT_MET: 0, Outcome.UNKNOWN: 1, Outcome.MET: 2}
    table = sorted(
        (r for r in rows.values() if r["gap"].spec.in_table),
        key=lambda r: (order[r["outcome"]], r["indicator"].position),
    )
    shown, focus_said = _narrow(table, result, focus) if focus else (table, [])
    prerequisites = [
        {
            "prerequisite": p,
            "outcome": p.outcome,
            "outcome_label": Outcome(p.outcome).label,
            "enforced": p.enforced,
            "conditions": [rows[c] for c in p.spec.conditions if c in rows],
        }
        for p in report.prerequisites
    ]
    css, text = VERDICTS[report.verdict]
    weakest_categories = [
        (result.categories[c.id], c) for c in report.categories if c.id in result.categories
    ][:5]
    weakest_items = [(result.items[i.id], i) for i in report.items if i.id in result.items][:5]
    charts = [
        s
        for s in (
            _series(r["gap"], result.values) for r in table if r["outcome"] == Outcome.NOT_MET
        )
        if s
    ][:12]
    return {
        "verdict": report.verdict,
        "verdict_css": css,
        "verdict_text": str(text),
        "prerequisites": prerequisites,
        "failing_prerequisites": sum(1 for p in prerequisites if p["outcome"] == Outcome.NOT_MET),
        "table": shown,
        "focus": focus_said,
        "met": report.count(Outcome.MET),
        "not_met": report.count(Outcome.NOT_MET),
        "unknown": report.count(Outcome.UNKNOWN),
        "weakest_categories": weakest_categories,
        "weakest_items": weakest_items,
        "trend": {
            "periods": [t.period.isoformat()[:7] for t in report.trend],
            "rows": [(t.period.isoformat()[:7], t.met, t.not_met, t.unknown) for t in report.trend],
            "met": [t.met for t in report.trend],
            "not_met": [t.not_met for t in report.trend],
            "unknown": [t.unknown for t in report.trend],
        },
        "charts": charts,
        "score": result.score,
        "chart_texts": {
            "met": str(Outcome.MET.label),
            "not_met": str(Outcome.NOT_MET.label),
            "unknown": str(Outcome.UNKNOWN.label),
            "target": _("Target"),
            "value": _("Value"),
        },
    }
