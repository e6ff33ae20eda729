"""The campaign summary report, generated through the page, opened and checked: the office's
texts, the tasks' goals against their results, the ladder's records; the PDF from the worker;
units cannot reach it."""

import io

import pytest
from django.urls import reverse
from docx import Document

from zhengzhi.accountability.models import CampaignReport, Record, RecordStatus
from zhengzhi.campaigns.tests.conftest import campaign  # noqa: F401
from zhengzhi.conftest import local
from zhengzhi.core import pdf

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 6, 1, 9))]


def test_the_office_generates_a_report_and_opens_it(
    client,
    campaign,  # noqa: F811
    staff,
    units,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    at = local(2026, 5, 20, 9)
    Record.objects.create(
        kind="letter", unit=units["c1"], basis="—", proposed_at=at, status=RecordStatus.ANSWERED,
        approved_at=at, year=2026, number=1, total=800,
    )  # fmt: skip
    client.force_login(staff["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accountability:reports"),
            {"campaign": campaign.pk, "opening": "行动开展以来，各单位高度重视。",
             "closing": "巩固整治成果，建立长效机制。"},
        )  # fmt: skip
    assert response.status_code == 302
    report = CampaignReport.objects.get()
    assert (report.period_start, report.period_end) == (
        campaign.starts_on,
        local(2026, 6, 1, 9).date(),
    )
    doc = Document(io.BytesIO(bytes(report.docx)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.startswith(f"{campaign.name}工作总结报告")
    for expected in ("一、总体情况", "行动开展以来，各单位高度重视。", "重点任务推进情况",
                     "督查问责情况", "期间共印发问责文书1份，已书面答复1份。",
                     "巩固整治成果，建立长效机制。"):  # fmt: skip
        assert expected in text, expected
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    tasks = next(t for t in tables if any(campaign.task.title in c for c in t[1]))
    assert "40" in " ".join(tasks[1])  # the task's goal
    assert ["督办函", "1", "800"] in next(t for t in tables if t[0][0] == "文书")
    got = client.get(reverse("accountability:report_file", args=[report.pk, "docx"]))
    assert got.status_code == 200 and b"".join(got) == bytes(report.docx)
    report.refresh_from_db()
    if pdf.available():
        assert bytes(report.pdf).startswith(b"%PDF")
    client.force_login(staff["handler"])
    assert client.get(reverse("accountability:reports")).status_code == 404
    url = reverse("accountability:report_file", args=[report.pk, "docx"])
    assert client.get(url).status_code == 404
