"""A PDF that could not be made: the office sees why and retries; the issued .docx stays as it
was; a unit never gets a link to a PDF that does not exist. No mocks: the converter's setting
points at a command that fails (then at nothing: not installed), then back at LibreOffice."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import local
from zhengzhi.core.pdf import available
from zhengzhi.supervision.models import IssuedDocument
from zhengzhi.supervision.services import editions

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 12, 5, 10))]


@pytest.fixture
def draft(series, facts, leaders):
    e = editions.start_draft(series, dt.date(2026, 12, 3), actor=leaders["admin"])
    editions.draft(e.pk)
    e.refresh_from_db()
    return e


def docx_sha(edition) -> str:
    return hashlib.sha256(
        bytes(IssuedDocument.objects.get(edition=edition, kind="docx").content)
    ).hexdigest()


@pytest.mark.skipif(not available(), reason="LibreOffice is not installed (bin/setup)")
def test_a_failed_pdf_is_shown_to_the_office_and_retried(
    client, draft, leaders, settings, django_capture_on_commit_callbacks
):
    admin, unit = leaders["admin"], leaders["c2_handler"]
    page = reverse("supervision:edition", args=[draft.pk])
    retry = reverse("supervision:pdf_retry", args=[draft.pk])
    pdf_url = reverse("supervision:document", args=[draft.pk, "pdf"])
    settings.PDF_SOFFICE = "false"  # a converter that exits 1 and writes nothing
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("supervision:edition_issue", args=[draft.pk]), {"version": draft.version}
        )
    issued_docx = docx_sha(draft)
    assert not IssuedDocument.objects.filter(edition=draft, kind="pdf").exists()
    html = client.get(page).content.decode()
    assert 'id="pdf-failed"' in html and "could not convert" in html
    assert 'id="pdf-retry"' in html and 'id="download-pdf"' not in html

    client.force_login(unit)
    html = client.get(page).content.decode()
    assert 'id="download-docx"' in html
    assert 'id="download-pdf"' not in html and 'id="pdf-retry"' not in html
    assert client.get(pdf_url).status_code == 404
    assert client.post(retry).status_code == 404  # not the office's: not found

    # Not installed at all: the retry fails again and says so.
    settings.PDF_SOFFICE = "/nonexistent/soffice"
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(retry).status_code == 302
    html = client.get(page).content.decode()
    assert 'id="pdf-failed"' in html and "not installed" in html

    settings.PDF_SOFFICE = ""  # LibreOffice on the PATH again
    with django_capture_on_commit_callbacks(execute=True):
        client.post(retry)
    pdf = IssuedDocument.objects.get(edition=draft, kind="pdf")
    assert bytes(pdf.content)[:5] == b"%PDF-"
    assert docx_sha(draft) == issued_docx
    assert AuditEvent.objects.filter(action="supervision.edition.pdf_retried").count() == 2
    html = client.get(page).content.decode()
    assert 'id="download-pdf"' in html and 'id="pdf-failed"' not in html
    client.post(retry)  # nothing to retry: refused, nothing made twice
    assert IssuedDocument.objects.filter(edition=draft, kind="pdf").count() == 1
    client.force_login(unit)
    assert 'id="download-pdf"' in client.get(page).content.decode()
    assert client.get(pdf_url).content[:5] == b"%PDF-"


def test_a_pdf_being_made_cannot_be_retried(draft, leaders):
    from zhengzhi.supervision.services.errors import SupervisionError
    from zhengzhi.supervision.services.pdf import pdf_state, retry_pdf

    issued = editions.issue(draft.pk, actor=leaders["admin"], version=draft.version)
    assert pdf_state(issued).state == "pending"
    with pytest.raises(SupervisionError) as exc:
        retry_pdf(issued.pk, actor=leaders["admin"])
    assert exc.value.code == "pending"
