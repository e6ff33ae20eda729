"""The campaign summary report's life: generated as a draft (the facts read, the standard's gaps
at the campaign's start and now, the photos the typical-problems section offers with the first
before/after pairs chosen), edited by the office (its texts, the title, which photos are
printed — the .docx written again), approved by the office (only then is it issued and
readable beyond the office; from then on it does not change), and printed as PDF by the
worker after every writing; a failed PDF says so and can be tried again. All audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.accountability.models import CampaignReport, ReportStatus
from zhengzhi.accountability.services.errors import AccountabilityError
from zhengzhi.audit.services import record as audit
from zhengzhi.jobs.services import enqueue

PDF_JOB = "accountability.report_pdf"
MAX_TEXT = 20_000


def _enqueue_pdf(report: CampaignReport) -> None:
    # One job per writing of the document (its version): a retry or an edit is a new job.
    key = f"{PDF_JOB}:{report.pk}:{report.version}:{report.pdf_attempts}"
    enqueue(PDF_JOB, dedupe_key=key, report_id=report.pk, version=report.version)


def generate(campaign, *, actor, opening: str, closing: str, now=None, request=None):
    """A draft report of the campaign so far (or whole, once it has ended)."""
    from zhengzhi.accountability.report import PHOTOS, build, write
    from zhengzhi.supervision.services.editions import default_photos

    now = now or timezone.now()
    start = campaign.starts_on
    end = min(campaign.ends_on, timezone.localdate(now)) if campaign.ends_on else start
    end = max(start, end)
    data = build(campaign, start, end, user=actor, now=now)
    report = CampaignReport(
        campaign=campaign, title=f"{campaign.name}工作总结报告", opening=opening.strip(),
        closing=closing.strip(), period_start=start, period_end=end, data=data,
        photo_choices=default_photos(data, PHOTOS), created_by=actor, created_at=now,
    )  # fmt: skip
    report.docx = write(report, data)
    with transaction.atomic():
        report.save()
        audit("accountability.report.generated", actor=actor, obj=report, request=request)
        _enqueue_pdf(report)
    return report


def _locked(report_id: int, version: int) -> CampaignReport:
    report = CampaignReport.objects.select_for_update().get(pk=report_id)
    if report.version != version:
        raise AccountabilityError(
            _("Someone changed this report meanwhile: reload the page and try again."), "stale"
        )
    return report


@transaction.atomic
def edit(
    report_id: int,
    *,
    actor,
    version: int,
    title: str,
    opening: str,
    closing: str,
    photo_choices: list[int],
    request=None,
) -> CampaignReport:
    from zhengzhi.accountability.report import candidate_ids, write

    report = _locked(report_id, version)
    if report.status != ReportStatus.DRAFT:
        raise AccountabilityError(_("An issued report is not edited."), "status")
    if len(opening) > MAX_TEXT or len(closing) > MAX_TEXT:
        raise AccountabilityError(_("At most %(n)s characters.") % {"n": MAX_TEXT}, "too_long")
    unknown = [i for i in photo_choices if i not in candidate_ids(report.data)]
    if unknown:
        raise AccountabilityError(
            _("Not a typical problem of this report: %(ids)s")
            % {"ids": ", ".join(map(str, unknown))},
            "photo",
        )
    report.title = (title.strip() or report.title)[:120]
    report.opening, report.closing = opening.strip(), closing.strip()
    report.photo_choices = list(dict.fromkeys(photo_choices))
    report.docx = write(report, report.data)
    report.pdf, report.pdf_error = None, ""
    report.version += 1
    report.save()
    audit(
        "accountability.report.edited",
        actor=actor,
        obj=report,
        request=request,
        data={"photos": report.photo_choices},
    )
    _enqueue_pdf(report)
    return report


@transaction.atomic
def approve(
    report_id: int, *, actor, version: int, now: dt.datetime | None = None, request=None
) -> CampaignReport:
    """The office's approval: the report is issued as it stands and readable beyond the office."""
    report = _locked(report_id, version)
    if report.status != ReportStatus.DRAFT:
        raise AccountabilityError(_("This report is issued already."), "status")
    report.status, report.approved_by = ReportStatus.ISSUED, actor
    report.approved_at = now or timezone.now()
    report.save()  # the document is unchanged: its version (and its PDF job) stand
    audit("accountability.report.approved", actor=actor, obj=report, request=request)
    return report


@transaction.atomic
def retry_pdf(report_id: int, *, actor, request=None) -> CampaignReport:
    report = CampaignReport.objects.select_for_update().get(pk=report_id)
    if report.pdf or not report.pdf_error:
        raise AccountabilityError(_("The PDF has not failed."), "pdf")
    report.pdf_error = ""
    report.pdf_attempts += 1
    report.save(update_fields=["pdf_error", "pdf_attempts"])
    audit("accountability.report.pdf_retried", actor=actor, obj=report, request=request)
    _enqueue_pdf(report)
    return report


def make_pdf(report_id: int, version: int | None = None) -> bool:
    """The worker's part: the PDF of the report's current .docx; a failure is kept on the report
    (the page offers a retry) rather than retried blindly."""
    from zhengzhi.core.pdf import PdfError, docx_to_pdf

    report = CampaignReport.objects.defer("data").get(pk=report_id)
    if report.pdf or (version is not None and report.version != version):
        return False
    try:
        pdf = docx_to_pdf(bytes(report.docx))
    except PdfError as exc:
        CampaignReport.objects.filter(pk=report_id, version=report.version).update(
            pdf_error=str(exc)[:300] or "PdfError"
        )
        return False
    done = CampaignReport.objects.filter(
        pk=report_id, version=report.version, pdf__isnull=True
    ).update(pdf=pdf, pdf_error="")
    return bool(done)
