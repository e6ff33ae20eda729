"""Inspections in supervision: the bulletin's "inspection results and the worst findings" (under
二、存在的主要问题, between the overdue and the typical problems) and the dashboard's panel.

A bulletin goes to every unit, so it reads only what the inspected may see: a covert plan's
visits and findings stay out until the office releases the plan (inspections.scope.NOT_HIDDEN).
The dashboard reads as its reader may (visible_visits: the office sees its own covert rounds)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from zhengzhi.inspections.models import Answer, PlanKind, Result, Visit, VisitStatus
from zhengzhi.inspections.scope import NOT_HIDDEN, visible_visits
from zhengzhi.supervision.drafting import docx_parts as w
from zhengzhi.supervision.drafting.registry import Section, register_section

TOP = 10  # units, visits and items listed by name; the counts cover them all
DASHBOARD_DAYS = 30


def _mean(value) -> str | None:
    return None if value is None else str(Decimal(str(value)).quantize(Decimal("0.1")))


def summary(visits: QuerySet[Visit]) -> dict:
    """Visits, passed of judged, the mean score (%), the failed items and the problems they
    opened or joined; by unit (the weakest first), the lowest-scored visits, the items failed
    most often. Five queries whatever the number of visits; one when there is none."""
    totals = visits.aggregate(
        n=Count("id"),
        n_passed=Count("id", filter=Q(passed=True)),
        n_judged=Count("id", filter=Q(passed__isnull=False)),
        mean=Avg("percent"),
    )
    if not totals["n"]:
        return {"visits": 0}
    failed = Answer.objects.filter(visit__in=visits.values("pk"), result=Result.FAIL)
    found = failed.aggregate(n=Count("id"), problems=Count("problem", distinct=True))
    by_unit = (
        visits.values("unit_id", "unit__name")
        .order_by()
        .annotate(
            n=Count("id"),
            n_passed=Count("id", filter=Q(passed=True)),
            n_judged=Count("id", filter=Q(passed__isnull=False)),
            mean=Avg("percent"),
            failures=Sum("failures"),  # the visit's own count: no join to the answers
        )
    )
    units = sorted(
        (
            {
                "unit_id": r["unit_id"],
                "unit": r["unit__name"] or "",
                "visits": r["n"],
                "passed": r["n_passed"],
                "judged": r["n_judged"],
                "mean": _mean(r["mean"]),
                "failures": r["failures"] or 0,
            }
            for r in by_unit
        ),
        key=lambda r: (r["mean"] is None, Decimal(r["mean"] or 0), r["unit"]),
    )
    worst = (
        visits.filter(percent__isnull=False)
        .select_related("unit", "site", "checklist_version__checklist", "plan")
        .order_by("percent", "-failures", "pk")[:TOP]
    )
    items = (
        failed.values("item__text", "item__version__checklist__name")
        .order_by()
        .annotate(n=Count("id"), problems=Count("problem", distinct=True))
        .order_by("-n", "item__text")[:TOP]
    )
    return {
        "visits": totals["n"],
        "passed": totals["n_passed"],
        "judged": totals["n_judged"],
        "mean": _mean(totals["mean"]),
        "failed_items": found["n"],
        "problems": found["problems"],
        "by_unit": units,
        "worst_visits": [
            {
                "id": v.pk,
                "unit": v.unit.name if v.unit else "",
                "place": v.site.name if v.site else v.address,
                "checklist": v.checklist_version.checklist.name,
                "kind": v.plan.kind if v.plan else "",
                "percent": _mean(v.percent),
                "failures": v.failures,
            }
            for v in worst
        ],
        "worst_items": [
            {
                "item": r["item__text"],
                "checklist": r["item__version__checklist__name"],
                "n": r["n"],
                "problems": r["problems"],
            }
            for r in items
        ],
    }


# ---- the bulletin's section ---------------------------------------------------------------------


def build(ctx) -> dict | None:
    visits = Visit.objects.filter(
        NOT_HIDDEN,
        status=VisitStatus.SUBMITTED,
        submitted_at__gte=ctx.period.start,
        submitted_at__lt=ctx.period.end,
    )
    data = summary(visits)
    return data if data["visits"] else None


def _kind(code: str) -> str:
    with translation.override("zh-hans"):
        return str(PlanKind(code).label) if code in PlanKind.values else ""


def write(doc, data: dict, ctx) -> None:
    rate = f"{100 * data['passed'] / data['judged']:.1f}%" if data["judged"] else "—"
    w.paragraph(
        doc,
        f"本期共检查{data['visits']}处（次），合格{data['passed']}处，合格率{rate}，"
        f"平均得分率{data['mean'] or '—'}%；发现不合格项{data['failed_items']}项，"
        f"已全部录入问题台账（涉及问题{data['problems']}个）。",
    )
    if data["by_unit"]:
        w.table(
            doc,
            ["单位", "检查数", "合格数", "平均得分率", "不合格项"],
            [
                [r["unit"], r["visits"], r["passed"], f"{r['mean'] or '—'}%", r["failures"]]
                for r in data["by_unit"][:TOP]
            ],
        )
    if data["worst_visits"]:
        w.paragraph(doc, "得分最低的检查：")
        w.table(
            doc,
            ["单位", "地点", "检查表", "方式", "得分率", "不合格项"],
            [
                [
                    v["unit"],
                    v["place"],
                    v["checklist"],
                    _kind(v["kind"]),
                    f"{v['percent']}%",
                    v["failures"],
                ]
                for v in data["worst_visits"]
            ],
        )
    if data["worst_items"]:
        items = "；".join(f"{r['item']}（{r['n']}处）" for r in data["worst_items"][:5])
        w.paragraph(doc, f"不合格最多的检查项：{items}。")


# ---- the dashboard's panel ----------------------------------------------------------------------


def panel(view) -> dict | None:
    since = view.today - dt.timedelta(days=DASHBOARD_DAYS)
    visits = visible_visits(view.user).filter(
        status=VisitStatus.SUBMITTED, due_on__gt=since, due_on__lte=view.today
    )
    if view.unit_ids:
        visits = visits.filter(unit_id__in=view.below or view.unit_ids)
    data = summary(visits)
    if not data["visits"]:
        return None
    query = f"start={(since + dt.timedelta(days=1)).isoformat()}&end={view.today.isoformat()}"
    return data | {
        "days": DASHBOARD_DAYS,
        "rate": round(100 * data["passed"] / data["judged"], 1) if data["judged"] else None,
        "results_url": f"{reverse('inspections:results')}?{query}",
    }


def register() -> None:
    from zhengzhi.supervision.dashboard.panels import Panel, register_panel

    register_section(
        Section(
            "inspections",
            "problems",
            50,
            _("Inspection results and the worst findings"),
            "明查暗访情况",
            build,
            write,
            "supervision/sections/inspections.html",
        )
    )
    register_panel(Panel("inspections", "supervision/panels/inspections.html", panel, order=45))
