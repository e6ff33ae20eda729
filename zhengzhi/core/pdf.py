"""The platform's one way of making a PDF: LibreOffice (headless) converting the .docx the app
already writes, in the background worker. Decided once for every printed document (the
archive's album and technical reports, bulletins): the PDF is the .docx as Word would print it,
so there is one layout to keep to GB/T 9704, not a second one in HTML.

Fonts: a .docx names the official fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312), which a
Debian server does not have; zhengzhi/core/data/fonts.conf maps each to an installable font of
the same style (Fandol from texlive-lang-chinese, Noto CJK), which the PDF embeds. bin/setup
installs LibreOffice's Writer and those fonts.

Each process keeps its own LibreOffice profile (a first start builds one: about 2 s) and
converts one document at a time: LibreOffice refuses a second conversion on a profile in use.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path

from django.conf import settings

FONTS_CONF = Path(__file__).resolve().parent / "data" / "fonts.conf"
TIMEOUT_S = 180
_lock = threading.Lock()


class PdfError(RuntimeError):
    """The document could not be converted; the message says why (for the job's error)."""


def soffice() -> str | None:
    """LibreOffice's command (settings.PDF_SOFFICE, ZZ_PDF_SOFFICE, where it is not on the
    PATH), or None where it is not installed."""
    chosen = getattr(settings, "PDF_SOFFICE", "")
    if chosen:
        return shutil.which(chosen)
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def _profile_dir() -> Path:
    base = Path(getattr(settings, "VAR_DIR", tempfile.gettempdir())) / "libreoffice"
    return base / f"profile-{os.getpid()}"


def docx_to_pdf(docx: bytes, *, timeout: int = TIMEOUT_S) -> bytes:
    """The PDF of a .docx, fonts embedded. Raises PdfError (no LibreOffice, a document it cannot
    read, a conversion that takes longer than `timeout` seconds)."""
    if not zipfile.is_zipfile(io.BytesIO(docx)):
        # LibreOffice would read anything else as plain text and print that.
        raise PdfError("not a .docx document")
    command = soffice()
    if command is None:
        raise PdfError("LibreOffice (soffice) is not installed: run bin/setup")
    profile = _profile_dir()
    profile.mkdir(parents=True, exist_ok=True)
    cache = profile.parent / "fontconfig-cache"
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(FONTS_CONF),
        "XDG_CACHE_HOME": str(cache),
        "HOME": str(profile),  # LibreOffice writes beside its profile, never in the app's home
        "SAL_USE_VCLPLUGIN": "svp",  # no display
    }
    with _lock, tempfile.TemporaryDirectory(prefix="zz-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(docx)
        try:
            done = subprocess.run(  # noqa: S603 - fixed arguments, our own file names
                [
                    command,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--nolockcheck",
                    "--convert-to",
                    "pdf:writer_pdf_Export",
                    "--outdir",
                    tmp,
                    str(source),
                ],
                env=env,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"LibreOffice took longer than {timeout} s") from exc
        target = Path(tmp) / "document.pdf"
        if done.returncode != 0 or not target.exists():
            why = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-500:]
            raise PdfError(f"LibreOffice could not convert the document: {why or done.returncode}")
        return target.read_bytes()
