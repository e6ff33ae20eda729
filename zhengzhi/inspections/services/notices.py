"""Notices to inspectors of the visits assigned to them: the worker tells each inspector once
of the visits newly assigned (a plan's draw, a visit added by hand, a follow-up recheck), in one
inbox notice listing them (visits to come only). Visit.told_inspector remembers who was told:
a visit given to another inspector is told again, to them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import F
from django.utils.translation import gettext_noop, ngettext_lazy

from zhengzhi.inspections.models import Visit, VisitStatus

_CATALOGUE = (
    ngettext_lazy(
        "%(count)d inspection visit assigned to you", "%(count)d inspection visits assigned to you"
    ),
)
SUBJECT = (
    gettext_noop("%(count)d inspection visit assigned to you"),
    gettext_noop("%(count)d inspection visits assigned to you"),
)


def tell_inspectors(today: dt.date) -> int:
    """Runs in the caller's transaction (the follow-up job): the visits' rows are locked and
    marked as they are told, so a second run tells no one twice. Returns the notices sent."""
    from zhengzhi.notifications.messages import Message
    from zhengzhi.notifications.services import notify

    rows = list(
        Visit.objects.filter(
            status=VisitStatus.PLANNED,
            inspector__isnull=False,
            inspector__is_active=True,
            due_on__gte=today,
        )
        .exclude(told_inspector=F("inspector_id"))
        .select_for_update(of=("self",))
        .select_related("site", "segment", "checklist_version__checklist", "inspector")
        .order_by("inspector_id", "due_on", "id")
    )
    by_inspector: dict[int, list[Visit]] = defaultdict(list)
    for v in rows:
        if v.inspector_id is not None:
            by_inspector[v.inspector_id].append(v)
    singular, plural = SUBJECT
    for visits in by_inspector.values():
        body = "；".join(
            f"{v.due_on:%Y-%m-%d} "
            f"{v.site.name if v.site else v.segment.name if v.segment else v.address}"
            f"（{v.checklist_version.checklist.name}）"
            for v in visits[:30]
        )
        notify(
            [visits[0].inspector],
            Message(singular, {"count": len(visits)}, plural=plural, count=len(visits)),
            body,
            url="/inspections/",
            kind="inspections.visit.assigned",
            channels=("inbox",),
        )
        Visit.objects.filter(pk__in=[v.pk for v in visits]).update(
            told_inspector=visits[0].inspector_id
        )
    return len(by_inspector)
