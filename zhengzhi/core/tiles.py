"""Serving the offline base map file (settings.MAP_OFFLINE_FILE) to every map, public ones too.

- a PMTiles file is served whole at /tiles/basemap.pmtiles with HTTP range requests: the browser
  library (pmtiles) reads its directories and tiles by byte ranges;
- an MBTiles file (SQLite) is served tile by tile at /tiles/{z}/{x}/{y}.

Only the configured file is reachable: no name from the request is ever joined to a path. The
file is opened per request and streamed, so an office may replace it without a restart.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from zhengzhi.core import basemap

CHUNK = 64 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CONTENT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "pbf": "application/x-protobuf",
    "mvt": "application/x-protobuf",
}
PMTILES_TYPES = {1: "pbf", 2: "png", 3: "jpg", 4: "webp"}
CACHE = "public, max-age=3600"


# --- Reading the file's header --------------------------------------------------------------------


def pmtiles_info(path: Path) -> basemap.OfflineInfo | None:
    from pmtiles.reader import MmapSource, Reader

    try:
        with path.open("rb") as f:
            reader = Reader(MmapSource(f))
            header = reader.header()
            try:
                meta = reader.metadata()
            except ValueError:
                meta = {}
    except Exception:  # a damaged or foreign file: no base map, never a 500 on every map
        return None
    fmt = PMTILES_TYPES.get(int(header["tile_type"].value))
    if fmt is None:
        return None
    return basemap.OfflineInfo(
        path=path,
        container="pmtiles",
        tile_format=fmt,
        min_zoom=header["min_zoom"],
        max_zoom=header["max_zoom"],
        attribution=str(meta.get("attribution", "")) if isinstance(meta, dict) else "",
    )


def _mbtiles(path: Path) -> sqlite3.Connection:
    # Read-only, and never created: a missing file is an error, not an empty database.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def mbtiles_info(path: Path) -> basemap.OfflineInfo | None:
    try:
        with closing(_mbtiles(path)) as db:
            meta = dict(db.execute("SELECT name, value FROM metadata").fetchall())
            zooms = db.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
    except sqlite3.Error:
        return None
    fmt = str(meta.get("format", "png")).lower()
    if fmt not in CONTENT_TYPES:
        return None
    return basemap.OfflineInfo(
        path=path,
        container="mbtiles",
        tile_format="pbf" if fmt == "mvt" else fmt,
        min_zoom=int(meta.get("minzoom", zooms[0] or 0)),
        max_zoom=int(meta.get("maxzoom", zooms[1] or 0)),
        attribution=str(meta.get("attribution", "")),
    )


# --- Range requests -------------------------------------------------------------------------------


def parse_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """The (first, last) byte of a single `bytes=` range, inclusive.

    None: no usable Range header (serve the whole file, as RFC 9110 allows for a header we do not
    understand, e.g. several ranges). False: a well-formed range that the file cannot satisfy."""
    match = RANGE.match(header.strip()) if header else None
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # a suffix: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if end < start:
        return None  # invalid: ignored
    if start >= size:
        return False
    return start, min(end, size - 1)


def _read(path: Path, start: int, length: int) -> Iterator[bytes]:
    with path.open("rb") as f:
        f.seek(start)
        while length > 0:
            chunk = f.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


def _etag(stat) -> str:
    return f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'


@require_safe
def pmtiles_file(request):
    info = basemap.offline()
    if info is None or info.container != "pmtiles":
        raise Http404
    try:
        stat = info.path.stat()
    except OSError:
        raise Http404 from None
    size, etag = stat.st_size, _etag(stat)
    if request.headers.get("If-None-Match") == etag and "Range" not in request.headers:
        response = HttpResponse(status=304)
        response["ETag"] = etag
        return response
    wanted = parse_range(request.headers.get("Range", ""), size)
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range != etag:
        wanted = None  # the client's copy is stale: it gets the whole new file
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        start, end = wanted if isinstance(wanted, tuple) else (0, size - 1)
        length = end - start + 1 if size else 0
        body = _read(info.path, start, length) if request.method == "GET" else iter(())
        response = StreamingHttpResponse(body, content_type="application/octet-stream")
        response["Content-Length"] = str(length)
        if isinstance(wanted, tuple):
            response.status_code = 206
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = CACHE
    return response


# --- MBTiles --------------------------------------------------------------------------------------


@require_safe
def mbtiles_tile(request, z: int, x: int, y: int):
    info = basemap.offline()
    if info is None or info.container != "mbtiles":
        raise Http404
    if z > 30 or x >= 2**z or y >= 2**z:
        raise Http404
    try:
        with closing(_mbtiles(info.path)) as db:
            row = db.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                (z, x, 2**z - 1 - y),  # MBTiles stores rows bottom-up (TMS)
            ).fetchone()
    except sqlite3.Error:
        raise Http404 from None
    if row is None or not row[0]:
        response = HttpResponse(status=204)  # no tile here: nothing to draw, nothing broken
        response["Cache-Control"] = CACHE
        return response
    data = bytes(row[0])
    response = HttpResponse(data, content_type=CONTENT_TYPES[info.tile_format])
    if info.vector and data[:2] == b"\x1f\x8b":
        response["Content-Encoding"] = "gzip"
    response["Cache-Control"] = CACHE
    return response
