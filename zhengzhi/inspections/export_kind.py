"""The inspections' export (zhengzhi.jobs.exports), declared in InspectionsConfig.ready: the
results of a period as .xlsx — the groups as the results page shows them, and every submitted
visit of the period on a sheet of its own — read as their maker may see them (a unit never gets
a covert round before its release: the same scope as the pages and the API).

Params: start, end (ISO days, inclusive), by (unit, street, grid, checklist, site), kind."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from zhengzhi.jobs.exports import ExportKind, ExportRefused, Progress

EXPORT_JOB = "inspections.results"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_export(user, params: dict, path: Path, progress: Progress) -> int:
    from django.utils.translation import gettext, pgettext
    from openpyxl import Workbook

    from zhengzhi.inspections.models import PlanKind
    from zhengzhi.inspections.selectors import GROUPS, ResultFilter, results, submitted

    try:
        f = ResultFilter(
            start=dt.date.fromisoformat(params["start"]),
            end=dt.date.fromisoformat(params["end"]),
            by=params.get("by") if params.get("by") in GROUPS else "unit",
            kind=params.get("kind") if params.get("kind") in PlanKind.values else "",
        )
    except (KeyError, TypeError, ValueError):
        raise ExportRefused("the period cannot be read") from None
    rows = results(user, f)
    visits = (
        submitted(user, f)
        .select_related("unit", "site", "segment", "plan", "checklist_version__checklist")
        .select_related("inspector")
        .order_by("due_on", "pk")
    )
    total = visits.count()
    progress(0, total)
    wb = Workbook(write_only=True)
    groups = wb.create_sheet(gettext("Results")[:31])
    groups.append([f"{f.start.isoformat()} – {f.end.isoformat()}"])
    groups.append(
        [
            gettext("Name"),
            gettext("Visits"),
            pgettext("inspection", "Passed"),
            gettext("Judged"),
            gettext("Rate passed (%)"),
            gettext("Mean score (%)"),
            gettext("Failed items"),
        ]
    )
    for r in rows:
        groups.append(
            [
                str(r["name"] or "—"),
                r["visits"],
                r["passed"],
                r["judged"],
                None if r["rate"] is None else float(r["rate"]),
                None if r["mean"] is None else float(r["mean"]),
                r["failed_items"] or 0,
            ]
        )
    sheet = wb.create_sheet(gettext("Visits")[:31])
    sheet.append(
        [
            gettext("Day"),
            gettext("Kind"),
            gettext("Checklist"),
            gettext("Unit inspected"),
            pgettext("inspection", "Place"),
            gettext("Inspector"),
            gettext("Score"),
            gettext("Mean score (%)"),
            pgettext("inspection", "Passed"),
            gettext("Failed items"),
        ]
    )
    for n, v in enumerate(visits.iterator(chunk_size=2000), start=1):
        place = v.site.name if v.site else (v.segment.name if v.segment else v.address)
        sheet.append(
            [
                v.due_on,
                v.plan.get_kind_display() if v.plan else "",
                v.checklist_version.checklist.name,
                v.unit.name if v.unit else "",
                place,
                (v.inspector.get_full_name() or v.inspector.username) if v.inspector else "",
                None if v.score is None else float(v.score),
                None if v.percent is None else float(v.percent),
                "" if v.passed is None else (gettext("yes") if v.passed else gettext("no")),
                v.failures,
            ]
        )
        if n % 2000 == 0:
            progress(n, total)
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())
    progress(total, total)
    return total


def download_name(params: dict, at: dt.datetime) -> str:
    from django.utils.translation import gettext

    return f"{gettext('Inspection results')}-{params.get('start', '')}-{params.get('end', '')}.xlsx"


def ascii_name(params: dict, at: dt.datetime) -> str:
    return f"inspection-results-{params.get('start', '')}-{params.get('end', '')}.xlsx"


KIND = ExportKind(
    name=EXPORT_JOB,
    may_start=lambda user: user.is_active,
    write=write_export,
    file_name=download_name,
    ascii_name=ascii_name,
    content_type=XLSX,
    label=_("Inspection results (.xlsx)"),
)
