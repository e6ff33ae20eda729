"""The platform's PDF path (core.pdf): a .docx naming the official fonts comes out as a PDF of
the same pages with installable fonts of the same style embedded (read back with poppler's
pdffonts and pdftotext), and a document LibreOffice cannot read is a clear error."""

import io
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zhengzhi.core import pdf

pytestmark = pytest.mark.skipif(
    not (pdf.available() and shutil.which("pdffonts")),
    reason="LibreOffice and poppler-utils are installed by bin/setup",
)


def official_docx() -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.left_margin = Mm(37), Mm(28)
    for text, font, size in (
        ("关于创建国家卫生城市工作进展情况的通报", "方正小标宋简体", 22),
        ("各街道办事处、区直各单位：现将本周督查情况通报如下。", "仿宋_GB2312", 16),
        ("一、进展情况", "黑体", 16),
        ("（一）农贸市场整治", "楷体_GB2312", 16),
    ):
        run = doc.add_paragraph().add_run(text)
        run.font.size = Pt(size)
        run.font.name = font
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_an_official_docx_becomes_a_pdf_with_its_fonts_embedded(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    data = pdf.docx_to_pdf(official_docx())
    assert data.startswith(b"%PDF")
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    listed = fonts.stdout
    # Each official font replaced by its installable counterpart, embedded ("yes" column).
    for name in ("FandolSong", "FandolFang", "FandolHei", "FandolKai"):
        line = next((row for row in listed.splitlines() if name in row), "")
        assert line, (name, listed)
        assert " yes " in line, line
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "关于创建国家卫生城市工作进展情况的通报" in text
    assert "（一）农贸市场整治" in text
    # A second document in the same process reuses the profile.
    assert pdf.docx_to_pdf(official_docx()).startswith(b"%PDF")


def test_a_document_it_cannot_read_is_a_clear_error(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    with pytest.raises(pdf.PdfError, match="not a .docx document"):
        pdf.docx_to_pdf(b"not a word document")
    # A zip that is no Word document: LibreOffice's own refusal, passed on.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<broken")
    with pytest.raises(pdf.PdfError, match="LibreOffice"):
        pdf.docx_to_pdf(buf.getvalue(), timeout=120)
