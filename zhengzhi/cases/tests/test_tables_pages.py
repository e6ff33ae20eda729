"""The statistics tables as a page, as .xlsx and as .docx, read back."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from zhengzhi.audit.models import AuditEvent
from zhengzhi.cases.tests.seed_support import YEAR

pytestmark = pytest.mark.django_db
YEAR_QUERY = {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}


def test_the_page(as_user, cpeople, county_year):
    page = as_user(cpeople["officer"]).get(reverse("cases:tables"), YEAR_QUERY)
    assert page.status_code == 200
    body = page.content.decode()
    assert "282.98" in body and "86.62" in body and "124.33" in body and "18.41" in body
    t = page.context["t"]
    assert (t.total.cases, t.people, t.vehicles) == (119, 540, 168)


def test_a_bad_period_is_said(as_user, cpeople):
    client = as_user(cpeople["officer"])
    page = client.get(reverse("cases:tables"), {"start": "2026-02-01", "end": "2026-01-01"})
    assert page.status_code == 200 and "The period ends before it starts." in page.content.decode()
    url = reverse("cases:tables_export", args=["xlsx"])
    response = client.get(url, {"start": "x", "end": "2026-01-01"})
    assert response.status_code == 400 and response.content
    assert client.get(reverse("cases:tables_export", args=["pdf"]), YEAR_QUERY).status_code == 404


def test_xlsx_read_back(as_user, cpeople, county_year):
    from openpyxl import load_workbook

    response = as_user(cpeople["officer"]).get(
        reverse("cases:tables_export", args=["xlsx"]), YEAR_QUERY
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    rows = {r[0]: r[1:] for r in wb.worksheets[0].iter_rows(min_row=3, values_only=True)}
    assert rows["Total"] == (119, 282.98, 86.62)
    assert rows["无证运输"] == (14, 86.02, 21.34)
    assert rows["Transferred to Public security (公安)"] == (2, 47.08, 12.49)
    assert rows["Goods destroyed (件)"] == (1, 124.33, 43.8)
    assert rows["People deployed (人次)"][0] == 540
    assert rows["Fines and confiscations paid (10,000 yuan)"][2] == 18.41
    years = list(wb.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert years == [(YEAR, 23501, 69.33, 11766, 119, 282.98, 86.62, 0, 14, 1)]
    event = AuditEvent.objects.get(action="cases.tables.export")
    assert event.data["format"] == "xlsx" and event.data["rows"] > 0


def test_docx_read_back(as_user, cpeople, county_year):
    from docx import Document
    from docx.shared import Mm

    response = as_user(cpeople["officer"], lang="zh-hans").get(
        reverse("cases:tables_export", args=["docx"]), YEAR_QUERY
    )
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    # stored in twentieths of a point: 37 mm and 28 mm to within a twip
    assert abs(section.top_margin - Mm(37)) < Mm(0.1)
    assert abs(section.left_margin - Mm(28)) < Mm(0.1)
    breakdown, years = doc.tables
    cells = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in breakdown.rows}
    assert cells["无证经营"] == ["70", "124.58", "44.41"]
    assert any(v == ["119", "282.98", "86.62"] for v in cells.values())
    assert [c.text for c in years.rows[1].cells][:7] == [
        str(YEAR),
        "23501.00",
        "69.33",
        "11766.00",
        "119",
        "282.98",
        "86.62",
    ]
    assert "119" in doc.paragraphs[1].text
    # in the reader's language: the seed's own headings
    assert [c.text for c in breakdown.rows[0].cells] == [
        "项目",
        "案件",
        "涉案卷烟(万支)",
        "金额(万元)",
    ]
    assert "移送公安机关" in cells and cells["移送公安机关"] == ["2", "47.08", "12.49"]


def test_the_exports_are_scoped(as_user, cpeople, cunits, county_year):
    from openpyxl import load_workbook

    # the police account sees only the case transferred to it
    response = as_user(cpeople["police_user"]).get(
        reverse("cases:tables_export", args=["xlsx"]), YEAR_QUERY
    )
    rows = {
        r[0]: r[1:]
        for r in load_workbook(io.BytesIO(response.content))
        .worksheets[0]
        .iter_rows(min_row=3, values_only=True)
    }
    assert rows["Total"][0] == 1
    # a unit outside the reader's scope cannot be asked for
    response = as_user(cpeople["police_user"]).get(
        reverse("cases:tables_export", args=["xlsx"]),
        {**YEAR_QUERY, "unit": cunits["bureau"].pk},
    )
    assert response.status_code == 400
    assert Decimal("1") == 1


def test_as_a_background_job(
    cpeople, cunits, county_year, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The kind also runs as a job of the export framework: the file written by the worker as
    its maker sees the cases, and refused for a unit the maker may not see."""
    from openpyxl import load_workbook

    from zhengzhi.cases.export_kind import EXPORT_JOB
    from zhengzhi.jobs import exports as job_exports
    from zhengzhi.jobs.models import Job, JobStatus

    settings.MEDIA_ROOT = tmp_path / "media"
    officer = cpeople["officer"]
    params = {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31", "unit_id": None, "format": "xlsx"}
    with django_capture_on_commit_callbacks(execute=True):
        job_exports.start_export(EXPORT_JOB, officer, params)
    job = Job.objects.get(name=EXPORT_JOB)
    assert job.status == JobStatus.DONE, job.error
    path = job_exports.get_kind(EXPORT_JOB).path(job)
    rows = {
        r[0]: r[1:]
        for r in load_workbook(path).worksheets[0].iter_rows(min_row=3, values_only=True)
    }
    assert (119, 282.98, 86.62) in rows.values()  # the total, in the worker's language
    with django_capture_on_commit_callbacks(execute=True):
        job_exports.start_export(
            EXPORT_JOB, cpeople["police_user"], {**params, "unit_id": cunits["bureau"].pk}
        )
    refused = Job.objects.filter(name=EXPORT_JOB).latest("id")
    assert refused.status == JobStatus.FAILED
