import io
import os
import shutil
import subprocess
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from zhengzhi.archive.export_kind import write_export
from zhengzhi.archive.services import evidence as ev
from zhengzhi.archive.tests.conftest import NOW, jpeg, pdf
from zhengzhi.core import pdf as core_pdf

needs_pdf = pytest.mark.skipif(
    not (core_pdf.available() and shutil.which("pdftotext")),
    reason="LibreOffice or poppler-utils missing (bin/setup installs them)",
)


@pytest.fixture
def pieces(reqs, people, units):
    dept, street = people["dept_handler"], people["street_leader"]
    return [
        ev.upload(dept, reqs["r1"].pk, units["dept"], jpeg("巡查.jpg"), year=2024, now=NOW),
        ev.upload(dept, reqs["r1"].pk, units["dept"], jpeg("巡查.jpg"), year=2024, now=NOW),
        ev.upload(street, reqs["r2"].pk, units["street"], pdf("工作制度.pdf"), now=NOW),
        ev.upload(dept, reqs["r3"].pk, units["dept"], pdf(), title="检查记录一", now=NOW),
    ]


def _export(user, campaign, tmp_path, what, fmt, **extra) -> tuple[int, bytes]:
    target = tmp_path / f"out.{fmt}"
    params = {"campaign_id": campaign.pk, "campaign_name": campaign.name, "what": what}
    with translation.override("en"):  # the worker writes in the default language
        rows = write_export(user, {**params, "fmt": fmt, **extra}, target, lambda d, t: None)
    return rows, target.read_bytes()


def test_the_table_as_xlsx_and_docx_in_the_office_layout(as_user, people, sanitary, table):
    client = as_user(people["admin"])
    response = client.get(reverse("archive:table_export", args=[sanitary.pk, "xlsx"]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert "decomposition" in ws["A1"].value
    cells = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert int(response["X-Export-Rows"]) == len(cells)
    assert cells[0][3:5] == ["东湖街道", "城管执法局"]
    assert cells[0][5] == "No task"
    from docx import Document

    response = client.get(reverse("archive:table_export", args=[sanitary.pk, "docx"]))
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape A4
    assert round(section.left_margin.mm) == 37
    assert len(doc.tables[0].rows) == len(cells) + 1
    other = as_user(people["other_handler"])
    url = reverse("archive:table_export", args=[sanitary.pk, "xlsx"])
    assert other.get(url).status_code == 404


def test_the_zip_has_folders_by_category_item_checkpoint_an_index_and_utf8_names(
    people, sanitary, pieces, tmp_path
):
    rows, data = _export(people["admin"], sanitary, tmp_path, "zip", "zip")
    assert rows == 4
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    assert infos[0].filename == "index.xlsx"  # the index, named in the language of the export
    names = [i.filename for i in infos[1:]]
    assert len(names) == 4 and len(set(names)) == 4  # two photos of one title: both kept
    for info in infos:
        assert info.flag_bits & 0x800  # UTF-8 names: Windows Explorer shows the Chinese
        assert info.extract_version >= 45  # Zip64
    photo = next(n for n in names if n.endswith(".jpg"))
    category, item, checkpoint, name = photo.split("/")
    assert checkpoint == "整治现场照片" and name.startswith("城管执法局-2024-")
    import hashlib

    assert hashlib.sha256(archive.read(photo)).hexdigest() in {p.file.sha256 for p in pieces[:2]}
    ws = load_workbook(io.BytesIO(archive.read("index.xlsx"))).active
    listed = [row[9] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert listed == names
    assert archive.testzip() is None


def test_a_unit_zips_only_what_it_may_see(people, sanitary, pieces, tmp_path):
    rows, data = _export(people["dept_handler"], sanitary, tmp_path, "zip", "zip")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert rows == 3 and not any("工作制度" in n for n in names)


def test_the_album_pairs_before_and_after_and_holds_every_photo(people, sanitary, pieces, tmp_path):
    from docx import Document

    rows, data = _export(people["admin"], sanitary, tmp_path, "album", "docx")
    doc = Document(io.BytesIO(data))
    assert rows == 2
    assert len(doc.inline_shapes) == 2
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Photo album" in text and "城管执法局 · 2024" in text


def test_the_technical_report_of_a_category(people, sanitary, table, pieces, tmp_path):
    from docx import Document

    category = table["item1"].item.category
    rows, data = _export(
        people["admin"], sanitary, tmp_path, "report", "docx", category_id=category.pk
    )
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert category.name in text and "who owes it" in text
    table_ = next(t for t in doc.tables if t.rows[0].cells[1].text == "Lead unit")
    owners = [[c.text for c in row.cells] for row in table_.rows]
    assert owners[1][1:3] == ["东湖街道", "城管执法局"]
    assert "东湖街道" in text  # it owes evidence


@needs_pdf
def test_the_report_as_pdf_through_libreoffice(people, sanitary, table, pieces, tmp_path):
    category = table["item1"].item.category
    _rows, data = _export(
        people["admin"], sanitary, tmp_path, "report", "pdf", category_id=category.pk
    )
    assert data.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert category.name in text and "东湖街道" in text
    shots = os.environ.get("ZZ_SCREENSHOT_DIR")
    if shots:  # to look at the pages: pdftoppm -png archive-report.pdf
        path.rename(f"{shots}/archive-report.pdf")
        _rows, album = _export(people["admin"], sanitary, tmp_path, "album", "pdf")
        (tmp_path / "album.pdf").write_bytes(album)
        (tmp_path / "album.pdf").rename(f"{shots}/archive-album.pdf")


def test_background_exports_start_and_only_their_maker_downloads(
    as_user, people, sanitary, pieces, settings
):
    from zhengzhi.jobs.models import Job

    client = as_user(people["admin"])
    url = reverse("archive:export_start", args=[sanitary.pk])
    assert client.post(url, {"what": "zip", "fmt": "pdf"}).status_code == 400
    assert client.post(url, {"what": "zip", "fmt": "zip"}).status_code == 302
    job = Job.objects.get(name="archive.export")
    from zhengzhi.jobs.exports import run_export

    run_export(job, **job.args)
    job.status = "done"
    job.save()
    page = client.get(reverse("archive:exports", args=[sanitary.pk]))
    assert reverse("archive:export_download", args=[job.pk]) in page.content.decode()
    response = client.get(reverse("archive:export_download", args=[job.pk]))
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).testzip() is None
    other = as_user(people["dispatcher"])
    assert other.get(reverse("archive:export_download", args=[job.pk])).status_code == 404
