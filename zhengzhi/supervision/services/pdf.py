"""The PDF of an issued edition: made by the worker from the issued .docx (core.pdf), its state
as the office sees it (being made, made, failed and why), and the office's retry of a failed
one. The issued .docx is never touched: the PDF is only ever added beside it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.jobs.models import Job, JobStatus
from zhengzhi.jobs.services import JobFailed, enqueue
from zhengzhi.supervision.models import Edition, EditionStatus, IssuedDocument
from zhengzhi.supervision.services.errors import SupervisionError

PDF_JOB = "supervision.pdf"


def _key(edition_id: int) -> str:
    return f"{PDF_JOB}:{edition_id}"


def _jobs(edition_id: int):
    """The edition's PDF jobs: issuing's (key supervision.pdf:<id>) and each retry's
    (supervision.pdf:<id>:<n>)."""
    key = _key(edition_id)
    return Job.objects.filter(Q(dedupe_key=key) | Q(dedupe_key__startswith=f"{key}:"))


def enqueue_pdf(edition_id: int, *, actor=None) -> None:
    """The first PDF job, enqueued by issuing."""
    enqueue(PDF_JOB, dedupe_key=_key(edition_id), created_by=actor, edition_id=edition_id)


@dataclass(frozen=True)
class PdfState:
    state: str  # "made", "pending" (queued or running), "failed", "none" (not issued)
    error: str = ""

    @property
    def failed(self) -> bool:
        return self.state == "failed"


def pdf_state(edition: Edition, kinds: set[str] | None = None) -> PdfState:
    """What the edition page says of the PDF. A job that failed and waits for its next
    automatic attempt counts as failed too: the office sees why and may retry at once."""
    if edition.status != EditionStatus.ISSUED:
        return PdfState("none")
    if kinds is None:
        kinds = set(IssuedDocument.objects.filter(edition=edition).values_list("kind", flat=True))
    if "pdf" in kinds:
        return PdfState("made")
    job = _jobs(edition.pk).order_by("-pk").only("status", "error").first()
    if job is None:
        return PdfState("failed", _("No PDF was asked for."))
    if job.status in (JobStatus.FAILED, JobStatus.DONE) or (
        job.status == JobStatus.QUEUED and job.error
    ):  # DONE without a PDF: it was deleted
        return PdfState("failed", job.error)
    return PdfState("pending")


@transaction.atomic
def retry_pdf(edition_id: int, *, actor, request=None) -> Edition:
    """Asks the worker for the PDF again (a failed conversion: LibreOffice missing or refusing
    the document). Refused while the PDF exists or is being made."""
    edition = Edition.objects.select_for_update().get(pk=edition_id)
    if edition.status != EditionStatus.ISSUED:
        raise SupervisionError(_("Only an issued edition has a PDF."), "status")
    state = pdf_state(edition)
    if state.state == "made":
        raise SupervisionError(_("The PDF is already made."), "made")
    if state.state == "pending":
        raise SupervisionError(_("The PDF is being made: wait for it."), "pending")
    # A job still queued for its next automatic attempt is done with: the retry replaces it.
    _jobs(edition_id).filter(status=JobStatus.QUEUED).update(
        status=JobStatus.FAILED, finished_at=timezone.now()
    )
    tries = _jobs(edition_id).count()
    enqueue(
        PDF_JOB, dedupe_key=f"{_key(edition_id)}:{tries}", created_by=actor, edition_id=edition_id
    )
    record(
        "supervision.edition.pdf_retried",
        actor=actor,
        obj=edition,
        request=request,
        data={"error": state.error[:200]},
    )
    return edition


def make_pdf(edition_id: int) -> bool:
    """The issued .docx as PDF (core.pdf, fonts embedded), stored once. A conversion that
    fails fails the job at once (the page shows why and offers the retry)."""
    from zhengzhi.core.pdf import PdfError, docx_to_pdf
    from zhengzhi.supervision.services.editions import store_document

    if IssuedDocument.objects.filter(edition_id=edition_id, kind="pdf").exists():
        return False
    docx = IssuedDocument.objects.get(edition_id=edition_id, kind="docx")
    try:
        pdf = docx_to_pdf(bytes(docx.content))
    except PdfError as exc:
        raise JobFailed(str(exc)) from exc
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition_id)
        if IssuedDocument.objects.filter(edition=edition, kind="pdf").exists():
            return False
        store_document(edition, "pdf", pdf, timezone.now())
    return True
