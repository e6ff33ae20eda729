"""The dashboard's panel of open accountability records (supervision.dashboard.panels): the
office's page shows the proposals awaiting approval and the issued records not yet answered, by
kind; a unit's page its own issued, unanswered records. One grouped query; each figure links to
the record list filtered to exactly those rows (the same scope, status and kind)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from zhengzhi.accountability.models import RecordKind, RecordStatus
from zhengzhi.accountability.scope import visible_records

KEY = "accountability.open"


def _url(status: str, kind: str) -> str:
    return reverse("accountability:records") + "?" + urlencode({"status": status, "kind": kind})


def open_records(view) -> dict | None:
    office = not view.unit_ids
    statuses = [RecordStatus.ISSUED] + ([RecordStatus.PROPOSED] if office else [])
    counts = {
        (r["status"], r["kind"]): r["n"]
        for r in visible_records(view.user)
        .filter(status__in=statuses)
        .values("status", "kind")
        .order_by()
        .annotate(n=Count("id"))
    }
    rows = []
    for kind, label in RecordKind.choices:
        proposed = counts.get((RecordStatus.PROPOSED, kind), 0)
        issued = counts.get((RecordStatus.ISSUED, kind), 0)
        if proposed or issued:
            rows.append(
                {
                    "label": label,
                    "proposed": proposed,
                    "proposed_url": _url(RecordStatus.PROPOSED, kind),
                    "issued": issued,
                    "issued_url": _url(RecordStatus.ISSUED, kind),
                }
            )
    return {"office": office, "rows": rows, "url": reverse("accountability:records")}


def register() -> None:
    from zhengzhi.supervision.dashboard.panels import Panel, register_panel

    register_panel(Panel(KEY, "accountability/panels/open_records.html", open_records, 55))
