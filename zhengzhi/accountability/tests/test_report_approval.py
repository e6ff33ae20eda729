"""The campaign report's life: nothing beyond the office before approval, the office's photo
choice printed, the PDF link only once the PDF exists (being prepared, failed with a retry),
and the standard's gaps at the campaign's start against now."""

import io

import pytest
from django.urls import reverse
from docx import Document

from zhengzhi.accountability.models import CampaignReport, ReportStatus
from zhengzhi.accountability.services import reports as services
from zhengzhi.accountability.services.errors import AccountabilityError
from zhengzhi.audit.models import AuditEvent
from zhengzhi.campaigns.tests.conftest import campaign  # noqa: F401
from zhengzhi.conftest import local, make_user
from zhengzhi.core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 6, 1, 9))]


def _text(report) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(bytes(report.docx))).paragraphs)


@pytest.fixture
def draft(campaign, staff):  # noqa: F811
    return services.generate(campaign, actor=staff["admin"], opening="总体平稳。", closing="")


def test_nothing_is_issued_without_approval(client, draft, staff, units):
    leader = make_user("boss", units["lg"], Role.LEADER)
    detail = reverse("accountability:report", args=[draft.pk])
    docx = reverse("accountability:report_file", args=[draft.pk, "docx"])
    client.force_login(leader)
    assert draft.status == ReportStatus.DRAFT
    assert draft.title not in client.get(reverse("accountability:reports")).content.decode()
    assert client.get(detail).status_code == 404 and client.get(docx).status_code == 404
    approve = reverse("accountability:report_action", args=[draft.pk, "approve"])
    assert client.post(approve, {"version": draft.version}).status_code == 404  # not the office
    assert CampaignReport.objects.get().status == ReportStatus.DRAFT

    client.force_login(staff["admin"])
    assert client.post(approve, {"version": draft.version - 1}).status_code == 302  # stale
    assert CampaignReport.objects.get().status == ReportStatus.DRAFT
    assert client.post(approve, {"version": draft.version}).status_code == 302
    report = CampaignReport.objects.get()
    assert report.status == ReportStatus.ISSUED and report.approved_by == staff["admin"]
    assert AuditEvent.objects.filter(action="accountability.report.approved").count() == 1
    with pytest.raises(AccountabilityError):  # issued: not edited any more
        services.edit(report.pk, actor=staff["admin"], version=report.version, title="",
                      opening="改", closing="", photo_choices=[])  # fmt: skip
    with pytest.raises(AccountabilityError):
        services.approve(report.pk, actor=staff["admin"], version=report.version)

    client.force_login(leader)
    assert report.title in client.get(reverse("accountability:reports")).content.decode()
    assert client.get(detail).status_code == 200 and client.get(docx).status_code == 200
    client.force_login(staff["handler"])  # a unit: never
    assert client.get(detail).status_code == 404 and client.get(docx).status_code == 404


def test_the_office_chooses_the_photos(draft, staff):
    typical = {"candidates": [
        {"id": 7, "number": "P-7", "unit": "一社区", "address": "柳岸路1号", "category": "",
         "description": "垃圾堆放", "before": "", "after": ""},
        {"id": 8, "number": "P-8", "unit": "二社区", "address": "桃园路2号", "category": "",
         "description": "占道经营", "before": "", "after": ""},
    ]}  # fmt: skip
    data = {**draft.data, "typical": typical}
    CampaignReport.objects.filter(pk=draft.pk).update(data=data)
    with pytest.raises(AccountabilityError):
        services.edit(draft.pk, actor=staff["admin"], version=draft.version, title="",
                      opening="", closing="", photo_choices=[99])  # fmt: skip
    report = services.edit(
        draft.pk, actor=staff["admin"], version=draft.version, title="行动总结",
        opening="总体平稳。", closing="长效管理。", photo_choices=[8],
    )  # fmt: skip
    assert report.photo_choices == [8] and report.version == draft.version + 1
    text = _text(CampaignReport.objects.get())
    assert text.startswith("行动总结") and "桃园路2号" in text and "柳岸路1号" not in text
    with pytest.raises(AccountabilityError):  # the page's old version
        services.edit(draft.pk, actor=staff["admin"], version=draft.version, title="",
                      opening="", closing="", photo_choices=[])  # fmt: skip


def test_the_pdf_link_waits_for_the_pdf(client, draft, staff):
    client.force_login(staff["admin"])
    detail = reverse("accountability:report", args=[draft.pk])
    page = client.get(detail).content.decode()
    assert 'id="pdf-pending"' in page and 'id="report-pdf"' not in page
    listing = client.get(reverse("accountability:reports")).content.decode()
    assert "pdf-pending" in listing and "pdf-link" not in listing
    # The worker fails (a document LibreOffice cannot read): the page says so, with a retry.
    CampaignReport.objects.filter(pk=draft.pk).update(docx=b"not a docx")
    assert services.make_pdf(draft.pk, draft.version) is False
    report = CampaignReport.objects.get()
    assert report.pdf is None and "docx" in report.pdf_error
    page = client.get(detail).content.decode()
    assert 'id="pdf-failed"' in page and 'id="retry-pdf"' in page and 'id="report-pdf"' not in page
    client.post(reverse("accountability:report_action", args=[draft.pk, "retry_pdf"]))
    report = CampaignReport.objects.get()
    assert report.pdf_error == "" and report.pdf_attempts == 1
    assert AuditEvent.objects.filter(action="accountability.report.pdf_retried").count() == 1
    # Made: the link appears.
    CampaignReport.objects.filter(pk=draft.pk).update(pdf=b"%PDF-1.4")
    page = client.get(detail).content.decode()
    assert 'id="report-pdf"' in page and 'id="pdf-pending"' not in page
    # A PDF job of an older writing does not overwrite a newer one.
    assert services.make_pdf(draft.pk, draft.version - 1) is False
