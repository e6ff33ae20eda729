"""The dispatch sheet's export kind: the sheet of a day as .xlsx or .docx, as its maker sees it
and as of the moment it was asked for.

A county's sheet (200 units x 30 tasks: 6,000 rows) takes seconds to build and write, too long
for a request; views/sheet_exports.py sends small sheets at once and hands large ones to the
export jobs (zhengzhi.jobs.exports), to which CampaignsConfig.ready declares this kind.
Params: campaign_id, campaign_name (for the list), day, kind ("xlsx"/"docx"), at (ISO time).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from zhengzhi.jobs.exports import ExportKind, ExportRefused, Progress

logger = logging.getLogger(__name__)

EXPORT_JOB = "campaigns.sheet_export"
KINDS = ("xlsx", "docx")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def sheet_rows(sheet) -> int:
    """The rows of the exported table: each task and each of its reporting units."""
    return len(sheet.tasks) + sum(len(t.units) for t in sheet.tasks)


def write_export(user, params: dict, path: Path, progress: Progress) -> int:
    from django.http import Http404
    from django.utils.translation import gettext

    from zhengzhi.campaigns import exports
    from zhengzhi.campaigns.docx_template import TemplateError, template_path
    from zhengzhi.campaigns.scope import get_campaign_for_user
    from zhengzhi.campaigns.sheet import build_sheet

    kind = params.get("kind")
    if kind not in KINDS:
        raise ExportRefused(f"no such format {kind!r}")
    try:
        campaign = get_campaign_for_user(user, params["campaign_id"])
    except Http404:
        raise ExportRefused(
            f"user {user.pk} may no longer see campaign {params['campaign_id']}"
        ) from None
    sheet = build_sheet(
        campaign,
        dt.date.fromisoformat(params["day"]),
        user=user,
        now=dt.datetime.fromisoformat(params["at"]),
        with_series=False,
    )
    rows = sheet_rows(sheet)
    progress(0, rows)
    try:
        path.write_bytes(exports.to_xlsx(sheet) if kind == "xlsx" else exports.to_docx(sheet))
    except TemplateError as exc:
        logger.error("dispatch sheet .docx template %s: %s", template_path(), exc)
        raise ExportRefused(
            gettext(
                "The Word template of the dispatch sheet cannot be used: %(reason)s Ask the "
                "administrator to check ZZ_CAMPAIGN_DOCX_TEMPLATE."
            )
            % {"reason": exc}
        ) from exc
    progress(rows, rows)
    return rows


def download_name(params: dict, at: dt.datetime) -> str:
    """ "日调度表-<campaign>-2026-05-20.xlsx", as the ledger's exports are named in Chinese."""
    from django.utils.translation import gettext

    name = re.sub(r'[\\/:*?"<>|\s]+', "_", str(params.get("campaign_name") or ""))[:60]
    parts = [gettext("Dispatch sheet"), name, str(params.get("day", ""))]
    return "-".join(p for p in parts if p) + f".{params.get('kind')}"


def ascii_name(params: dict, at: dt.datetime) -> str:
    return f"dispatch-{params.get('campaign_id', 0)}-{params.get('day', '')}.{params.get('kind')}"


def content_type(params: dict) -> str:
    return CONTENT_TYPES.get(params.get("kind", ""), "application/octet-stream")


KIND = ExportKind(
    name=EXPORT_JOB,
    # Whoever sees a campaign may export its sheet; the writer checks the campaign itself.
    may_start=lambda user: user.is_active,
    write=write_export,
    file_name=download_name,
    ascii_name=ascii_name,
    label=_("Dispatch sheet export"),
    content_type=content_type,
    audit_action="campaign.sheet.export",
    # Where the files were before the framework, so that exports made then stay downloadable.
    folder="campaigns",
    stem="dispatch",
    keep_days_setting="CAMPAIGN_EXPORT_KEEP_DAYS",
)
