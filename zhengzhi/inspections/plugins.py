"""Where inspections plug into the apps below (filled once, in InspectionsConfig.ready): the
problem page's panel (the visit, item and checkpoint that found it, and its rechecks), the
sites' timeline and coverage (visits are contacts), the archive's provider (visit records as
evidence of the standard's items), and the gap page's checkpoint results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengzhi.inspections.models import Answer, Result, Visit, VisitStatus
from zhengzhi.inspections.scope import NOT_HIDDEN, visible_visits

KEY = "inspections.visits"


def problem_panel(user, problem, allowed: set[str]) -> dict | None:
    """The visits that found the problem (first, or again at the same place) and rechecked it,
    those the reader may see."""
    visits = visible_visits(user).values("pk")
    answers = list(
        Answer.objects.filter(problem=problem, visit__in=visits)
        .select_related(
            "visit", "visit__plan", "item", "item__checkpoint", "item__version__checklist"
        )
        .order_by("visit__submitted_at", "pk")
    )
    if not answers:
        return None
    rows = []
    for a in answers:
        if a.visit.recheck_of_id == problem.pk:
            role = _("Recheck: passed") if a.result == Result.PASS else _("Recheck: failed")
        elif a.linked:
            role = _("Found again")
        else:
            role = _("Found")
        rows.append({"answer": a, "role": role})
    return {"rows": rows, "problem": problem}


def timeline(site, user) -> list:
    from zhengzhi.sites.registry import TimelineEntry

    visits = (
        visible_visits(user)
        .filter(site_id=site.pk, status=VisitStatus.SUBMITTED)
        .select_related("checklist_version__checklist", "plan")
        .order_by("-submitted_at")[:50]
    )
    return [
        TimelineEntry(
            at=v.submitted_at,
            source=KEY,
            title=_("Inspected: %(checklist)s") % {"checklist": v.checklist_version.checklist.name},
            detail=_("Score %(percent)s%%, %(n)d items failed")
            % {"percent": v.percent if v.percent is not None else "—", "n": v.failures},
            url=reverse("inspections:visit", args=[v.pk]),
            status=str(_("passed") if v.passed else _("not passed"))
            if v.passed is not None
            else "",
        )
        for v in visits
        if v.submitted_at is not None
    ]


def contacts(start: dt.datetime, end: dt.datetime) -> QuerySet:
    """Sites visited in [start, end) (a covert visit counts once released)."""
    return (
        Visit.objects.filter(
            site__isnull=False,
            status=VisitStatus.SUBMITTED,
            submitted_at__gte=start,
            submitted_at__lt=end,
        )
        .filter(NOT_HIDDEN)
        .values_list("site_id", flat=True)
    )


def visit_records(requirement, duty, years: list[int]) -> Iterable:
    """Submitted visits whose checklist items are tied to the requirement's item (or one of its
    checkpoints), as evidence: each visit's first photo, titled with its place, day and score."""
    from zhengzhi.archive.providers import Found

    if not years:
        return []
    item_id = requirement.item_id
    tied = Q(item__standard_item_id=item_id) | Q(item__checkpoint__item_id=item_id)
    answers = (
        Answer.objects.filter(tied, photo__isnull=False)
        .filter(visit__status=VisitStatus.SUBMITTED, visit__unit__isnull=False)
        .filter(visit__due_on__year__gte=min(years), visit__due_on__year__lte=max(years))
        .filter(Q(visit__covert=False) | Q(visit__plan__released_at__isnull=False))
        .values_list(
            "visit_id", "visit__unit_id", "visit__due_on", "photo_id", "visit__site__name",
            "visit__address", "visit__percent",
        )
        .order_by("visit_id", "pk")
    )  # fmt: skip
    seen: set[int] = set()
    for visit_id, unit_id, day, photo_id, site, address, percent in answers:
        if visit_id in seen:
            continue
        seen.add(visit_id)
        yield Found(
            key=f"inspections.visit:{visit_id}",
            unit_id=unit_id,
            year=day.year,
            file_id=photo_id,
            title=f"{day:%Y-%m-%d} {site or address} 检查记录（{percent}%）",
            verified=True,
        )


def checkpoint_results(standard_id: int, year: int) -> dict[int, dict]:
    """{standard item id: {"visits", "failed", "rate"}} of the year's submitted visits (a covert
    one once released), through the checklist items tied to the item or its checkpoints."""
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    rows = (
        Answer.objects.filter(
            visit__status=VisitStatus.SUBMITTED,
            visit__submitted_at__gte=start,
            visit__submitted_at__lt=end,
        )
        .exclude(result=Result.NA)
        .filter(
            Q(item__standard_item__category__standard_id=standard_id)
            | Q(item__checkpoint__item__category__standard_id=standard_id)
        )
        .values("item__standard_item_id", "item__checkpoint__item_id")
        .order_by()
        .annotate(n=Count("pk"), failed=Count("pk", filter=Q(result=Result.FAIL)))
    )
    out: dict[int, dict] = {}
    for r in rows:
        item_id = r["item__checkpoint__item_id"] or r["item__standard_item_id"]
        acc = out.setdefault(item_id, {"answers": 0, "failed": 0})
        acc["answers"] += r["n"]
        acc["failed"] += r["failed"]
    for acc in out.values():
        acc["rate"] = round(100 * (acc["answers"] - acc["failed"]) / acc["answers"], 1)
    return out


def register() -> None:
    from zhengzhi.archive.providers import register_provider
    from zhengzhi.inspections import scope
    from zhengzhi.ledger.registry import DetailPanel, register_detail_panel
    from zhengzhi.sites import registry as sites

    scope.register_file_rules()
    register_detail_panel(
        DetailPanel(
            key=KEY,
            template="inspections/_problem_panel.html",
            context=problem_panel,
            where="main",
            order=30,
        )
    )
    label = gettext_lazy("Inspections")
    sites.register_timeline_source(KEY, label, timeline)
    sites.register_contact_source(KEY, label, contacts)
    from zhengzhi.standards.registry import ItemResults, register_item_results

    register_item_results(
        ItemResults(
            key=KEY,
            label=gettext_lazy("Inspections of the items (this year)"),
            compute=checkpoint_results,
        )
    )
    # The archive's evidence source "inspections" (EvidenceSource.INSPECTIONS).
    register_provider("inspections", visit_records, label=gettext_lazy("Inspection records"))
    # The cases' 查一补三 rechecks are carried out as visits (one rule, owned by cases).
    from zhengzhi.cases.registry import register_recheck_carrier
    from zhengzhi.inspections.services.followups import carry_rechecks

    register_recheck_carrier(carry_rechecks)
