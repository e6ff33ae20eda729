"""Checking uploaded documents by their first bytes, not by their names."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DocumentType:
    extension: str
    content_type: str


PDF = DocumentType("pdf", "application/pdf")
DOCX = DocumentType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
XLSX = DocumentType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def detect_document(fileobj) -> DocumentType:
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        kind = _office_type(fileobj)
        fileobj.seek(0)
        if kind is not None:
            return kind
    raise ValidationError(
        _("This is not a PDF, Word (.docx) or Excel (.xlsx) document."), code="not_document"
    )


def _office_type(fileobj) -> DocumentType | None:
    """Word and Excel files are zip archives with a known layout. Only the directory is read,
    nothing is unpacked. Macro-enabled files are refused: macros are a common attack route."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(
            _("Documents with macros are not accepted; save it as a plain .docx or .xlsx."),
            code="macros",
        )
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None
