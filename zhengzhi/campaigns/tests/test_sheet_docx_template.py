"""The .docx export of the dispatch sheet is written into a Word template an office may restyle
(ZZ_CAMPAIGN_DOCX_TEMPLATE): the shipped one sets up an official page; a restyled one carries its
styles into the export with the same rows; a file that cannot be used is said so, not a 500."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from zhengzhi.campaigns.docx_template import SHIPPED
from zhengzhi.campaigns.services.reports import submit_report
from zhengzhi.campaigns.tests.conftest import at
from zhengzhi.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 5, 20)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reported(campaign, units, staff):
    a = campaign.task.assignments.get(unit=units["c1"])
    submit_report(a.pk, actor=staff["handler"], figure=4, period=DAY, slot=0, now=at(DAY, "10:00"))
    return campaign


def export(client, campaign, user):
    from docx import Document

    client.cookies["django_language"] = "en"
    client.force_login(user)
    r = client.get(reverse("campaigns:sheet_docx", args=[campaign.pk]) + f"?day={DAY}")
    assert r.status_code == 200, r.status_code
    return Document(io.BytesIO(r.content))


def cm(emu: int) -> float:
    return round(emu / 360_000, 2)


def table_text(doc) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in doc.tables[0].rows]


def test_the_shipped_template_sets_up_an_official_page(client, reported, staff):
    from docx.shared import Pt

    doc = export(client, reported, staff["admin"])
    section = doc.sections[0]
    assert (cm(section.page_width), cm(section.page_height)) == (29.7, 21.0)
    # GB/T 9704's type area (156 x 225 mm) turned with the page.
    assert cm(section.page_width - section.left_margin - section.right_margin) == 22.5
    assert cm(section.page_height - section.top_margin - section.bottom_margin) == 15.6
    assert "PAGE" in section.footer._element.xml and "PAGE" in section.even_page_footer._element.xml
    title = doc.paragraphs[0]
    assert title.style.name == "Title" and "daily dispatch sheet" in title.text
    assert doc.styles["Title"].font.size == Pt(22)
    assert "{{" not in "\n".join(p.text for p in doc.paragraphs)
    rows = table_text(doc)
    assert rows[0][1] == "Task / reporting unit" and rows[0][3] == "On the day"
    assert rows[1][4] == "4" and rows[2][1].strip() == "柳岸社区"
    body = doc.tables[0].rows
    assert body[1].cells[1].paragraphs[0].style.name == "Sheet Task"
    assert body[2].cells[1].paragraphs[0].style.name == "Sheet Unit"
    texts = [p.text for p in doc.paragraphs]
    assert "一、Late and missing reports" in texts and "二、Problem ledger of the campaign" in texts
    items = [p for p in doc.paragraphs if "did not report" in p.text]
    assert len(items) == 2 and {p.style.name for p in items} == {"Sheet Item"}


def test_a_restyled_template_carries_its_styles_and_the_same_rows(
    client, reported, staff, settings, tmp_path
):
    from docx import Document
    from docx.shared import Cm, Pt

    shipped = export(client, reported, staff["admin"])
    template = Document(SHIPPED)
    template.styles["Title"].font.size = Pt(26)
    template.styles["Sheet Unit"].font.size = Pt(12)
    template.sections[0].left_margin = Cm(2.5)
    # A 文头 above the title, kept as it is.
    template.paragraphs[0].insert_paragraph_before("青川区创建卫生城市指挥部办公室")
    path = tmp_path / "ours.docx"
    template.save(path)
    settings.CAMPAIGN_DOCX_TEMPLATE = str(path)

    ours = export(client, reported, staff["admin"])
    assert ours.paragraphs[0].text == "青川区创建卫生城市指挥部办公室"
    assert (
        ours.paragraphs[1].style.name == "Title"
        and "daily dispatch sheet" in ours.paragraphs[1].text
    )
    assert ours.styles["Title"].font.size == Pt(26) and ours.styles["Sheet Unit"].font.size == Pt(
        12
    )
    assert cm(ours.sections[0].left_margin) == 2.5
    assert shipped.styles["Title"].font.size == Pt(22)
    assert table_text(ours) == table_text(shipped) and len(table_text(ours)) == 4


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not a word file", "is not a Word document"),
        ("placeholders", "lacks the placeholders {{ title }}"),
        ("typo", "unknown placeholders: {{ titel }}"),
    ],
)
def test_a_template_that_cannot_be_used_is_said_so(
    client, reported, staff, settings, tmp_path, content, reason
):
    from docx import Document

    path = tmp_path / "bad.docx"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        template = Document(SHIPPED)
        template.paragraphs[0].text = "{{ titel }}" if content == "typo" else "标题"
        template.save(path)
    settings.CAMPAIGN_DOCX_TEMPLATE = str(path)
    client.cookies["django_language"] = "en"
    client.force_login(staff["admin"])
    r = client.get(reverse("campaigns:sheet_docx", args=[reported.pk]) + f"?day={DAY}", follow=True)
    assert r.status_code == 200 and r.redirect_chain[0][1] == 302
    html = r.content.decode()
    assert "The Word template of the dispatch sheet cannot be used" in html and reason in html
    assert "ZZ_CAMPAIGN_DOCX_TEMPLATE" in html


def test_the_export_job_fails_with_the_reason(
    client, reported, staff, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from zhengzhi.campaigns.views import sheet_exports

    monkeypatch.setattr(sheet_exports, "DIRECT_LIMIT", 0)
    settings.CAMPAIGN_DOCX_TEMPLATE = str(tmp_path / "gone.docx")
    client.force_login(staff["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("campaigns:sheet_export", args=[reported.pk]),
            {"day": DAY.isoformat(), "format": "docx"},
        )
    job = Job.objects.get(name="campaigns.sheet_export")
    assert job.status == JobStatus.FAILED
    assert "gone.docx" in job.error and "ZZ_CAMPAIGN_DOCX_TEMPLATE" in job.error
