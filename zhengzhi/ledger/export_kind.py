"""The ledger's export kind: the filtered ledger as an .xlsx, as the user who asked sees it.

Declared to the export jobs (zhengzhi.jobs.exports) in LedgerConfig.ready; the framework does
the job row, the audit, the limit, the worker, the download and the cleanup.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.jobs.exports import ExportKind, Progress
from zhengzhi.org.importing.workbook import XLSX_TYPE

EXPORT_JOB = "ledger.export"


def write_export(user, params: dict, path: Path, progress: Progress) -> int:
    from zhengzhi.ledger.exports import write_ledger_xlsx
    from zhengzhi.ledger.selectors import filter_problems

    qs = filter_problems(user, params)
    total = qs.count()
    progress(0, total)
    return write_ledger_xlsx(qs, path, progress=progress, total=total)


def download_name(params: dict, at: dt.datetime) -> str:
    return f"问题台账-{timezone.localtime(at):%Y%m%d-%H%M}.xlsx"


KIND = ExportKind(
    name=EXPORT_JOB,
    # Anyone who may sign in reads the ledger in their own scope (filter_problems).
    may_start=lambda user: user.is_active,
    write=write_export,
    file_name=download_name,
    ascii_name=lambda params, at: f"ledger-{timezone.localtime(at):%Y%m%d-%H%M}.xlsx",
    label=_("Ledger export"),
    content_type=XLSX_TYPE,
    # Where the files were before the framework, so that exports made then stay downloadable.
    folder="",
    stem="ledger",
    keep_days_setting="LEDGER_EXPORT_KEEP_DAYS",
)
