"""What the ledger contributes to the site registry (zhengzhi.sites.registry): the problems at a
site on its timeline, problems as contacts for the coverage table, and repeated problems for
the watch-list rule. Registered in LedgerConfig.ready: the registry never imports the ledger."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengzhi.ledger.models import Problem, Status
from zhengzhi.ledger.scope import visible_problems
from zhengzhi.sites import registry

KEY = "ledger.problems"
# A site's page shows at most this many of its problems: the ledger list has the rest.
TIMELINE_LIMIT = 200
# Not an offence of the site: a report refused at registration, or one folded into another.
NOT_COUNTED = (Status.REJECTED, Status.MERGED)


def timeline(site, user) -> list[registry.TimelineEntry]:
    """The problems at the site the reader may see, newest first."""
    problems = (
        visible_problems(user, Problem.objects.filter(site_id=site.pk))
        .select_related("category")
        .only("id", "number", "status", "reported_at", "description", "category__name")
        .order_by("-reported_at", "-id")[:TIMELINE_LIMIT]
    )
    detail = reverse("ledger:detail", args=[999999999]).replace("999999999", "%d")
    return [
        registry.TimelineEntry(
            at=p.reported_at,
            source=KEY,
            title=_("Problem %(number)s: %(category)s")
            % {"number": p.number, "category": p.category.name},
            detail=p.description[:120],
            url=detail % p.pk,
            status=str(p.get_status_display()),
        )
        for p in problems
    ]


def contacts(start: dt.datetime, end: dt.datetime) -> QuerySet:
    """Sites with a problem reported in [start, end): a contact for the coverage table."""
    return Problem.objects.filter(
        site__isnull=False, reported_at__gte=start, reported_at__lt=end, held=False
    ).values_list("site_id", flat=True)


def offences(start: dt.datetime, end: dt.datetime) -> QuerySet:
    """Problems per site reported in [start, end), leaving out duplicates (folded into another
    problem), merged ones and reports refused at registration."""
    return (
        Problem.objects.filter(
            site__isnull=False, reported_at__gte=start, reported_at__lt=end, held=False
        )
        .exclude(status__in=NOT_COUNTED)
        .filter(master__isnull=True)
        .values("site_id")
        .annotate(n=Count("id"))
        .order_by()
    )


def register() -> None:
    label = gettext_lazy("Problems")
    registry.register_timeline_source(KEY, label, timeline)
    registry.register_contact_source(KEY, label, contacts)
    registry.register_offence_source(KEY, label, offences)
