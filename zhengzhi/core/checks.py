"""Start-up checks of settings that only fail later, in the browser: the base map's."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

from zhengzhi.core import basemap


def check_basemap(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A base map that cannot work is a warning, not a refusal to start: the maps then draw
    the district's own streets, and everything else works."""
    found: list[checks.CheckMessage] = []
    name = settings.MAP_OFFLINE_FILE
    if name and basemap.offline() is None:
        found.append(
            checks.Warning(
                f"ZZ_MAP_OFFLINE_FILE={name} cannot be read as a PMTiles or MBTiles base map.",
                hint="Check the path, the app user's read permission and the file "
                "(docs/basemap.md).",
                id="zhengzhi.W001",
            )
        )
    url = settings.MAP_SERVICE_URL or settings.MAP_TILE_URL
    if url:
        parts = urlsplit(url.replace("{s}", "0"))
        xyz = settings.MAP_SERVICE_KIND == "xyz"
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problem = "is not an http(s) address"
        elif xyz and not all(p in url for p in ("{z}", "{x}", "{y}")):
            problem = "has no {z}, {x} and {y} (an XYZ template; or set ZZ_MAP_SERVICE_KIND=wmts)"
        else:
            problem = ""
        if problem:
            found.append(
                checks.Warning(
                    f"The map service URL {url} {problem}.",
                    hint="See README, 'Base map', and docs/basemap.md.",
                    id="zhengzhi.W002",
                )
            )
    return found


def check_pdf(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Without LibreOffice the worker cannot make PDFs of printed documents (core.pdf): the
    .docx still works, so a warning."""
    from zhengzhi.core import pdf

    if pdf.available():
        return []
    return [
        checks.Warning(
            "LibreOffice (soffice) is not installed: printed documents can be had as .docx only.",
            hint="Run bin/setup as root, or install libreoffice-writer-nogui, fonts-noto-cjk and "
            "texlive-lang-chinese (the fonts for the official ones).",
            id="zhengzhi.W003",
        )
    ]
