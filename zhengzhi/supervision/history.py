"""Supervision's records in a unit's history (org.registry): each issued edition that named the
unit, open while the problem it named is still open."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.selectors.filters import FINISHED_STATUSES
from zhengzhi.org.registry import HistoryEntry, register_history_source
from zhengzhi.supervision.models import EditionStatus, Mention

KEY = "supervision.mention"


def mentions(unit_ids, since, until, open_only: bool) -> list[HistoryEntry]:
    qs = Mention.objects.filter(unit__in=unit_ids, edition__status=EditionStatus.ISSUED)
    if since is not None:
        qs = qs.filter(edition__issued_at__gte=since)
    if until is not None:
        qs = qs.filter(edition__issued_at__lt=until)
    if open_only:
        qs = qs.filter(problem__isnull=False).exclude(problem__status__in=FINISHED_STATUSES)
    qs = qs.select_related("edition__series", "problem", "unit").order_by("-edition__issued_at")
    out = []
    for m in qs[:500]:
        problem = m.problem
        finished = problem is None or problem.status in FINISHED_STATUSES
        out.append(
            HistoryEntry(
                at=m.edition.issued_at,
                kind=KEY,
                label=_("Named in a bulletin"),
                text=f"{m.edition} · {m.unit.name} · {m.get_reason_display()}"
                + (f" · {problem.number}" if problem else ""),
                url=f"/ledger/problems/{problem.pk}/" if problem else "",
                open=not finished,
            )
        )
    return out


def register() -> None:
    register_history_source(KEY, mentions)
