"""The archive's export kind, declared to the export jobs (zhengzhi.jobs.exports) in
ArchiveConfig.ready: the decomposition table (.xlsx, .docx), the archive as a zip, the photo
album and a category's technical report (.docx, and PDF through zhengzhi.core.pdf), each written
as its maker sees the campaign when the worker runs it.

Params: campaign_id, campaign_name (for the list), what ("table", "zip", "album", "report"),
fmt ("xlsx", "docx", "zip", "pdf"), category_id and category_name for a report.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from zhengzhi.jobs.exports import ExportKind, ExportRefused, Progress

EXPORT_JOB = "archive.export"
FORMATS = {
    "table": ("xlsx", "docx"),
    "zip": ("zip",),
    "album": ("docx", "pdf"),
    "report": ("docx", "pdf"),
}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
    "pdf": "application/pdf",
}


def valid(params: dict) -> bool:
    return params.get("fmt") in FORMATS.get(params.get("what", ""), ())


def write_export(user, params: dict, path: Path, progress: Progress) -> int:
    from django.http import Http404

    from zhengzhi.archive.scope import get_campaign_for_user

    if not valid(params):
        raise ExportRefused(f"no such export {params.get('what')!r}/{params.get('fmt')!r}")
    try:
        campaign = get_campaign_for_user(user, params["campaign_id"])
    except Http404:
        raise ExportRefused(
            f"user {user.pk} may no longer see campaign {params['campaign_id']}"
        ) from None
    what, fmt = params["what"], params["fmt"]
    if what == "zip":
        from zhengzhi.archive.exports import zipped

        return zipped.write(user, campaign, path, progress)
    progress(0, 1)
    if what == "table":
        from django.utils import timezone

        from zhengzhi.archive.completeness import completeness
        from zhengzhi.archive.exports import tables
        from zhengzhi.archive.scope import own_units
        from zhengzhi.archive.selectors import table_rows
        from zhengzhi.archive.services.table import cycle_years

        done = completeness(
            campaign, cycle_years(campaign, timezone.localdate()), units=own_units(user)
        )
        rows = [(r, done.by_item.get(r.duty.item_id)) for r in table_rows(user, campaign)]
        data = tables.to_xlsx(campaign, rows) if fmt == "xlsx" else tables.to_docx(campaign, rows)
        count = len(rows)
    else:
        from zhengzhi.archive.exports import printed

        if what == "album":
            data, count = printed.album(user, campaign, progress)
        else:
            from zhengzhi.standards.models import Category

            category = Category.objects.filter(pk=params.get("category_id") or 0).first()
            if category is None:
                raise ExportRefused("no such category")
            data, count = printed.report(user, campaign, category)
        if fmt == "pdf":
            from zhengzhi.core.pdf import PdfError, docx_to_pdf

            try:
                data = docx_to_pdf(data)
            except PdfError as exc:
                raise ExportRefused(str(exc)) from exc
    path.write_bytes(data)
    progress(count, count)
    return count


def download_name(params: dict, at: dt.datetime) -> str:
    from django.utils.translation import gettext

    def clean(text) -> str:
        return re.sub(r'[\\/:*?"<>|\s]+', "_", str(text or ""))[:60]

    labels = {
        "table": gettext("Decomposition table"),
        "zip": gettext("Evidence archive"),
        "album": gettext("Photo album"),
        "report": gettext("Technical report"),
    }
    parts = [labels.get(params.get("what", ""), "archive"), clean(params.get("campaign_name"))]
    if params.get("what") == "report":
        parts.append(clean(params.get("category_name")))
    parts.append(f"{at:%Y%m%d}")
    return "-".join(p for p in parts if p) + f".{params.get('fmt')}"


def ascii_name(params: dict, at: dt.datetime) -> str:
    what, campaign = params.get("what"), params.get("campaign_id", 0)
    return f"archive-{what}-{campaign}-{at:%Y%m%d}.{params.get('fmt')}"


def content_type(params: dict) -> str:
    return CONTENT_TYPES.get(params.get("fmt", ""), "application/octet-stream")


KIND = ExportKind(
    name=EXPORT_JOB,
    may_start=lambda user: user.is_active,  # the writer checks the campaign itself
    write=write_export,
    file_name=download_name,
    ascii_name=ascii_name,
    label=_("Evidence archive export"),
    content_type=content_type,
    audit_action="archive.export",
    max_active=2,
)
