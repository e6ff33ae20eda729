"""The ladder's records in a unit's history (org.registry): every issued record, open until the
unit has answered it."""

from __future__ import annotations

from zhengzhi.accountability.models import Record, RecordStatus
from zhengzhi.org.registry import HistoryEntry, register_history_source

KEY = "accountability.record"
LIST_KEY = "accountability.list"


def records(unit_ids, since, until, open_only: bool) -> list[HistoryEntry]:
    qs = Record.objects.filter(
        unit__in=unit_ids, status__in=(RecordStatus.ISSUED, RecordStatus.ANSWERED)
    )
    if since is not None:
        qs = qs.filter(approved_at__gte=since)
    if until is not None:
        qs = qs.filter(approved_at__lt=until)
    if open_only:
        qs = qs.filter(status=RecordStatus.ISSUED)
    out = []
    for rec in qs.select_related("unit").order_by("-approved_at")[:500]:
        money = f" · {rec.total}元" if rec.total else ""
        out.append(
            HistoryEntry(
                at=rec.approved_at,
                kind=KEY,
                label=rec.get_kind_display(),
                text=f"{rec} · {rec.unit.name}{money}",
                url=f"/accountability/{rec.pk}/",
                open=rec.status == RecordStatus.ISSUED,
            )
        )
    return out


def flags(unit_ids, since, until, open_only: bool) -> list[HistoryEntry]:
    """Confirmed red and black list entries of the units (never open: a flag is a fact)."""
    from zhengzhi.accountability.models import DecisionStatus, ListEntry

    if open_only:
        return []
    qs = ListEntry.objects.filter(unit__in=unit_ids, status=DecisionStatus.CONFIRMED)
    if since is not None:
        qs = qs.filter(decided_at__gte=since)
    if until is not None:
        qs = qs.filter(decided_at__lt=until)
    return [
        HistoryEntry(
            at=e.decided_at or e.proposed_at,
            kind=LIST_KEY,
            label=e.rule.get_board_display(),
            text=f"{e.rule.label} · {e.name} · {e.period_start}–{e.period_end} · {e.score}",
            url="/accountability/lists/",
        )
        for e in qs.select_related("rule").order_by("-decided_at")[:500]
    ]


def register() -> None:
    register_history_source(KEY, records)
    register_history_source(LIST_KEY, flags)
