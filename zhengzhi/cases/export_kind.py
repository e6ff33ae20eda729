"""The statistics tables' export kind (zhengzhi.jobs.exports), declared in CasesConfig.ready.
Params: start, end (ISO days), unit_id (or null), format ("xlsx"/"docx"). The tables are a
page of figures whatever the number of cases, so the view writes them in the request
(jobs.views.export_now); the kind lets a caller queue them as a job all the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from zhengzhi.jobs.exports import ExportKind, ExportRefused, Progress

EXPORT_JOB = "cases.tables"
FORMATS = ("xlsx", "docx")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def write_export(user, params: dict, path: Path, progress: Progress) -> int:
    from zhengzhi.cases import exports
    from zhengzhi.cases.tables import Scope, breakdown, yearly
    from zhengzhi.org.models import Unit
    from zhengzhi.org.scope import scope_for

    fmt = params.get("format")
    if fmt not in FORMATS:
        raise ExportRefused(f"no such format {fmt!r}")
    unit = None
    if params.get("unit_id"):
        unit = Unit.objects.filter(pk=params["unit_id"]).first()
        if unit is None or not scope_for(user).allows(unit.pk):
            raise ExportRefused(f"user {user.pk} may not see unit {params['unit_id']}")
    try:
        scope = Scope(
            dt.date.fromisoformat(params["start"]), dt.date.fromisoformat(params["end"]), unit
        )
    except (KeyError, TypeError, ValueError):
        raise ExportRefused("the period cannot be read") from None
    t = breakdown(user, scope)
    years = yearly(user, scope)
    name = unit.name if unit else (getattr(user.unit, "name", "") or "")
    body = exports.to_xlsx(t, years, name) if fmt == "xlsx" else exports.to_docx(t, years, name)
    path.write_bytes(body)
    rows = len(t.types) + len(years)
    progress(rows, rows)
    return rows


def download_name(params: dict, at: dt.datetime) -> str:
    from django.utils.translation import gettext

    label = gettext("Enforcement case tables")
    return f"{label}-{params.get('start', '')}-{params.get('end', '')}.{params.get('format')}"


def ascii_name(params: dict, at: dt.datetime) -> str:
    return f"cases-{params.get('start', '')}-{params.get('end', '')}.{params.get('format')}"


def content_type(params: dict) -> str:
    return CONTENT_TYPES.get(params.get("format", ""), "application/octet-stream")


KIND = ExportKind(
    name=EXPORT_JOB,
    may_start=lambda user: user.is_active,
    write=write_export,
    file_name=download_name,
    ascii_name=ascii_name,
    content_type=content_type,
    label=_("Case tables export"),
    audit_action="cases.tables.export",
)
