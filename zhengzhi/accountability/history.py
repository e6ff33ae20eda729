"""The ladder's records in a unit's history (org.registry): every issued record, open until the
unit has answered it."""

from __future__ import annotations

from zhengzhi.accountability.models import Record, RecordStatus
from zhengzhi.org.registry import HistoryEntry, register_history_source

KEY = "accountability.record"


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


def register() -> None:
    register_history_source(KEY, records)
