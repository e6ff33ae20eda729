"""The dashboard as a list of panels. Each `Panel` gives its template's context for a reader
(`context(user, view)`, None: not shown), and says for which page it is drawn: "office" (every
unit: leaders and the office), "unit" (a unit leader's page, `view.unit_ids` their units) or
both. Apps add panels here in their AppConfig.ready; the inspections app's "inspection results
and the worst findings" takes order 45 (after the campaigns, before the review countdown)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from zhengzhi.supervision.dashboard import figures


@dataclass
class View:
    """Who reads the dashboard and when: `unit_ids` empty for the office's page."""

    user: Any
    now: dt.datetime
    unit_ids: list[int] = field(default_factory=list)  # the reader's own unit
    below: list[int] = field(default_factory=list)  # it and the units below it

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)

    @property
    def unit_id(self) -> int | None:
        return self.unit_ids[0] if len(self.unit_ids) == 1 else None


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable[[View], dict | None]
    order: int = 100
    pages: tuple[str, ...] = ("office", "unit")


_panels: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _panels[panel.key] = panel


def unregister_panel(key: str) -> None:
    _panels.pop(key, None)


def panels(page: str) -> list[Panel]:
    return sorted((p for p in _panels.values() if page in p.pages), key=lambda p: (p.order, p.key))


def render_panels(page: str, view: View, skip: tuple[str, ...] = ()) -> list[tuple[str, dict]]:
    out = []
    for panel in panels(page):
        if panel.key in skip:
            continue
        context = panel.context(view)
        if context is not None:
            out.append((panel.template, context))
    return out


# ---- the shipped panels ------------------------------------------------------------------------


def headline(view: View) -> dict:
    return {"figures": figures.headline(view.user, view.now, view.unit_id)}


def charts(view: View) -> dict:
    from django.db.models import Max, Min
    from django.utils.translation import gettext as _

    from zhengzhi.territory.basemap import map_settings

    params = f"?unit={view.unit_id}" if view.unit_id else ""
    box = (
        figures.scoped(view.user, view.unit_id)
        .filter(figures.open_q(), lon__isnull=False)
        .aggregate(w=Min("lon"), e=Max("lon"), s=Min("lat"), n=Max("lat"))
    )
    return {
        "unit_page": bool(view.unit_ids),
        "config": {
            "basemap": map_settings(),
            "chartsUrl": reverse("supervision:charts") + params,
            "mapUrl": reverse("supervision:map_data") + params,
            "problemUrl": reverse("ledger:detail", args=[0]),
            "bounds": [[box["s"], box["w"]], [box["n"], box["e"]]]
            if box["w"] is not None
            else None,
            "labels": {
                "new": _("New"),
                "closed": _("Closed"),
                "overdue": _("Overdue now, by deadline"),
                "daily": _("New, closed and overdue by day (30 days)"),
                "onTime": _("Closed on time"),
                "late": _("Closed late"),
                "rate": _("On-time rate"),
                "weekly": _("On-time closure by week"),
                "category": _("Open problems by category"),
                "unit": _("Open and overdue problems by unit"),
                "open": _("Open"),
                "problems": _("problems"),
                "overdueIn": _("overdue"),
            },
        },
    }


def campaigns(view: View) -> dict | None:
    from zhengzhi.campaigns.models import CampaignStatus
    from zhengzhi.campaigns.scope import visible_campaigns
    from zhengzhi.campaigns.sheet import build_sheet

    rows = []
    active = visible_campaigns(view.user).filter(status=CampaignStatus.ACTIVE).order_by("pk")
    for campaign in active[:6]:
        sheet = build_sheet(campaign, view.today, user=view.user, now=view.now, with_series=False)
        rows.append(
            {
                "campaign": campaign,
                "tasks": len(sheet.tasks),
                "standings": sheet.standings,
                "behind": sheet.behind[:5],
                "behind_count": len(sheet.behind),
                "url": reverse("campaigns:sheet", args=[campaign.pk]),
            }
        )
    return {"rows": rows} if rows else None


def countdown(view: View) -> dict | None:
    from zhengzhi.campaigns.models import CampaignStatus
    from zhengzhi.standards.models import CampaignStandard
    from zhengzhi.supervision.models import ReviewDate

    dates = [
        (r.on, r.get_kind_display(), r.note or (r.campaign.name if r.campaign else ""))
        for r in ReviewDate.objects.filter(on__gte=view.today).select_related("campaign")[:5]
    ]
    ties = CampaignStandard.objects.filter(
        review_date__gte=view.today, campaign__status=CampaignStatus.ACTIVE
    ).select_related("campaign")
    from django.utils.translation import gettext as _

    dates += [(t.review_date, _("Review of the standard"), t.campaign.name) for t in ties]
    dates.sort(key=lambda d: d[0])
    if not dates:
        return {"next": None, "later": []}
    rows = [
        {"on": on, "kind": kind, "what": what, "days": (on - view.today).days}
        for on, kind, what in dates[:4]
    ]
    return {"next": rows[0], "later": rows[1:]}


def prerequisites(view: View) -> dict | None:
    from zhengzhi.campaigns.models import CampaignStatus
    from zhengzhi.standards.models import CampaignStandard
    from zhengzhi.standards.rules import Outcome
    from zhengzhi.standards.selectors import gap_for

    rows = []
    ties = CampaignStandard.objects.filter(campaign__status=CampaignStatus.ACTIVE).select_related(
        "campaign", "standard", "scored_table"
    )
    for tie in ties[:3]:
        result = gap_for(view.user, tie)
        failing = [p for p in result.report.prerequisites if p.outcome == Outcome.NOT_MET]
        rows.append(
            {
                "campaign": tie.campaign,
                "verdict": result.report.verdict,
                "failing": failing,
                "total": len(result.report.prerequisites),
                "url": reverse("standards:gap", args=[tie.campaign_id]),
            }
        )
    return {"rows": rows} if rows else None


def latest_bulletin(view: View) -> dict:
    from zhengzhi.supervision.models import EditionStatus
    from zhengzhi.supervision.scope import visible_editions

    latest = (
        visible_editions(view.user)
        .filter(status=EditionStatus.ISSUED)
        .select_related("series")
        .order_by("-issued_at", "-pk")
        .first()
    )
    return {"edition": latest}


def unit_rank(view: View) -> dict | None:
    from zhengzhi.ledger.indicators.periods import named_period
    from zhengzhi.ledger.indicators.ranking import rank
    from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind

    units = list(Unit.objects.filter(pk__in=view.unit_ids).order_by("depth", "path")[:1])
    if not units:
        return None
    unit = units[0]
    if unit.kind == UnitKind.DEPARTMENT:
        level = "department"
    elif unit.level == TerritoryLevel.STREET:
        level = "street"
    elif unit.level == TerritoryLevel.COMMUNITY:
        level = "community"
    else:
        return None
    period = named_period("this_month", view.today)
    result = rank(period, level, now=view.now)
    row = next((r for r in result.ranked if r["unit_id"] == unit.pk), None)
    return {
        "unit": unit,
        "row": row,
        "of": len(result.ranked),
        "too_few": row is None,
        "url": reverse("ledger:ranking") + f"?level={level}",
    }


def unit_overdue(view: View) -> dict:
    from zhengzhi.ledger.selectors import filter_problems

    params = {"overdue": "1"}
    if view.unit_id:
        params["unit"] = str(view.unit_id)
    qs = filter_problems(view.user, params).select_related("category")
    return {
        "rows": list(qs.order_by("due_at", "pk")[:10]),
        "count": qs.count(),
        "url": figures.ledger_url(params),
    }


LATE_REPORT_DAYS = 30


def late_reports(view: View):
    """The late progress reports the unit page counts: the current rows of the reader's units
    (and those below) for the last 30 days' periods. The figure and its list read this one
    query, so the figure is the list's length."""
    from zhengzhi.campaigns.models import ProgressReport

    since = view.today - dt.timedelta(days=LATE_REPORT_DAYS)
    return ProgressReport.objects.filter(
        unit__in=view.below, late=True, is_current=True, period__gte=since
    )


def unit_late_reports(view: View) -> dict:
    qs = late_reports(view)
    return {
        "count": qs.count(),
        "rows": list(qs.select_related("task", "campaign").order_by("-period", "-pk")[:10]),
        "url": reverse("supervision:late_reports"),
    }


def unit_items(view: View) -> dict:
    from zhengzhi.org.registry import unit_history

    entries = unit_history(view.below, open_only=True)
    return {"rows": entries[:20], "count": len(entries)}


def register_builtin() -> None:
    for panel in (
        Panel("headline", "supervision/panels/headline.html", headline, 10),
        Panel("unit_rank", "supervision/panels/unit_rank.html", unit_rank, 15, ("unit",)),
        Panel("unit_overdue", "supervision/panels/unit_overdue.html", unit_overdue, 16, ("unit",)),
        Panel("unit_late", "supervision/panels/unit_late.html", unit_late_reports, 17, ("unit",)),
        Panel("unit_items", "supervision/panels/unit_items.html", unit_items, 18, ("unit",)),
        Panel("charts", "supervision/panels/charts.html", charts, 20),
        Panel("campaigns", "supervision/panels/campaigns.html", campaigns, 40, ("office",)),
        Panel("countdown", "supervision/panels/countdown.html", countdown, 50, ("office",)),
        Panel(
            "prerequisites",
            "supervision/panels/prerequisites.html",
            prerequisites,
            60,
            ("office",),
        ),
        Panel("bulletin", "supervision/panels/bulletin.html", latest_bulletin, 70),
    ):
        register_panel(panel)
