"""What cases contribute to the site registry (zhengzhi.sites.registry): the cases and rechecks
at a site on its timeline (in full for those who read the case; type, date and state for the
site's territorial unit), cases and done rechecks as contacts for the coverage table, and
cases for the watch-list rule. Registered in CasesConfig.ready."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengzhi.cases.models import Case, Recheck
from zhengzhi.cases.scope import glimpsed_cases, visible_cases
from zhengzhi.cases.services.rechecks import recheck_state
from zhengzhi.sites import registry

KEY = "cases.cases"
RECHECKS = "cases.rechecks"
TIMELINE_LIMIT = 200


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def timeline(site, user) -> list[registry.TimelineEntry]:
    base = Case.objects.filter(site_id=site.pk).select_related("case_type")
    full = list(visible_cases(user, base).order_by("-filed_on", "-id")[:TIMELINE_LIMIT])
    seen = list(glimpsed_cases(user, base).order_by("-filed_on", "-id")[:TIMELINE_LIMIT])
    detail = reverse("cases:detail", args=[999999999]).replace("999999999", "%d")
    entries = [
        registry.TimelineEntry(
            at=_start(c.filed_on),
            source=KEY,
            title=_("Case %(number)s: %(type)s") % {"number": c.number, "type": c.case_type.name},
            detail=c.summary[:120],
            url=detail % c.pk,
            status=str(c.get_state_display()),
        )
        for c in full
    ]
    entries += [
        registry.TimelineEntry(
            at=_start(c.filed_on),
            source=KEY,
            title=_("Case: %(type)s") % {"type": c.case_type.name},
            status=str(c.get_state_display()),
        )
        for c in seen
    ]
    readable = {c.pk for c in full}
    rechecks = Recheck.objects.filter(site_id=site.pk, case_id__in=readable).select_related("case")
    today = timezone.localdate()
    labels = {
        "done": _("Done"),
        "due": _("Due today"),
        "overdue": _("Overdue"),
        "open": _("Scheduled"),
    }
    for r in rechecks:
        state = recheck_state(r, today)
        at = r.done_at or _start(r.due_on)
        entries.append(
            registry.TimelineEntry(
                at=at,
                source=RECHECKS,
                title=_("Recheck %(seq)d of case %(number)s")
                % {"seq": r.seq, "number": r.case.number},
                detail=r.get_result_display() if r.result else "",
                url=detail % r.case_id,
                status=str(labels[state]),
            )
        )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def contacts(start: dt.datetime, end: dt.datetime) -> QuerySet:
    """Sites with a case filed in [start, end): a contact for the coverage table."""
    return Case.objects.filter(
        site__isnull=False,
        filed_on__gte=timezone.localdate(start),
        filed_on__lt=timezone.localdate(end),
    ).values_list("site_id", flat=True)


def recheck_contacts(start: dt.datetime, end: dt.datetime) -> QuerySet:
    """Sites rechecked in [start, end)."""
    return Recheck.objects.filter(done_at__gte=start, done_at__lt=end).values_list(
        "site_id", flat=True
    )


def offences(start: dt.datetime, end: dt.datetime) -> QuerySet:
    """Cases per site filed in [start, end)."""
    return (
        Case.objects.filter(
            site__isnull=False,
            filed_on__gte=timezone.localdate(start),
            filed_on__lt=timezone.localdate(end),
        )
        .values("site_id")
        .annotate(n=Count("id"))
        .order_by()
    )


def file_here(site, user) -> str:
    """The site page's "File a case at this site" for those who may file cases."""
    from zhengzhi.cases.scope import can_file

    if not can_file(user):
        return ""
    return reverse("cases:new") + f"?site={site.pk}"


def register() -> None:
    label = gettext_lazy("Cases")
    registry.register_timeline_source(KEY, label, timeline)
    registry.register_contact_source(KEY, label, contacts)
    registry.register_contact_source(RECHECKS, gettext_lazy("Rechecks"), recheck_contacts)
    registry.register_offence_source(KEY, label, offences)
    registry.register_site_action(KEY, gettext_lazy("File a case at this site"), file_here)
