"""Serving the offline base map: a PMTiles file by byte ranges, an MBTiles file tile by tile."""

import gzip
import os

import pytest
from django.urls import reverse
from pmtiles.tile import Compression, TileType

from zhengzhi.core import basemap
from zhengzhi.core.tests.tilefiles import make_mbtiles, make_pmtiles, png
from zhengzhi.core.tiles import parse_range

RED, BLUE = png((200, 0, 0), 8), png((0, 0, 200), 8)
PMTILES = reverse("tiles:pmtiles")


def tile_url(z, x, y):
    return reverse("tiles:tile", args=[z, x, y])


@pytest.fixture
def pmtiles_file(tmp_path, settings, db):
    path = make_pmtiles(tmp_path / "county.pmtiles", {(0, 0, 0): RED, (1, 1, 0): BLUE})
    settings.MAP_OFFLINE_FILE = str(path)
    return path


@pytest.fixture
def mbtiles_file(tmp_path, settings, db):
    # (1, 0, 0) is the top-left tile: MBTiles stores it at row 1 (rows count from the bottom).
    path = make_mbtiles(tmp_path / "county.mbtiles", {(1, 0, 0): RED, (1, 0, 1): BLUE})
    settings.MAP_OFFLINE_FILE = str(path)
    return path


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- parse_range ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", (0, 99)),
        ("bytes=10-", (10, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=-5000", (0, 999)),
        ("bytes=990-5000", (990, 999)),  # the end is clipped to the file
        ("bytes=1000-1100", False),  # starts past the end: 416
        ("bytes=-0", False),
        ("", None),
        ("bytes=5-1", None),  # invalid: ignored, the whole file
        ("bytes=0-1,5-9", None),  # several ranges: not supported, the whole file
        ("items=0-9", None),
        ("bytes=-", None),
    ],
)
def test_parse_range(header, expected):
    assert parse_range(header, 1000) == expected


# --- PMTiles by range -----------------------------------------------------------------------------


def test_a_range_is_answered_206_with_its_bytes(client, pmtiles_file):
    data = pmtiles_file.read_bytes()
    response = client.get(PMTILES, HTTP_RANGE="bytes=0-126")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-126/{len(data)}"
    assert response["Content-Length"] == "127"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "application/octet-stream"
    assert body(response) == data[:127] and data[:7] == b"PMTiles"


def test_a_range_past_the_end_is_416(client, pmtiles_file):
    size = pmtiles_file.stat().st_size
    response = client.get(PMTILES, HTTP_RANGE=f"bytes={size}-{size + 10}")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


def test_without_a_range_the_whole_file_comes(client, pmtiles_file):
    response = client.get(PMTILES)
    assert response.status_code == 200 and body(response) == pmtiles_file.read_bytes()
    assert response["ETag"] and response["Last-Modified"]


def test_if_range_and_etag(client, pmtiles_file):
    etag = client.get(PMTILES, HTTP_RANGE="bytes=0-9")["ETag"]
    same = client.get(PMTILES, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    assert same.status_code == 206 and len(body(same)) == 10
    stale = client.get(PMTILES, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert stale.status_code == 200 and body(stale) == pmtiles_file.read_bytes()
    assert client.get(PMTILES, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # The file replaced: a new ETag, so a client's cached ranges are not mixed with new ones.
    st = pmtiles_file.stat()
    os.utime(pmtiles_file, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert client.get(PMTILES, HTTP_RANGE="bytes=0-9")["ETag"] != etag


def test_head_has_the_headers_and_no_body(client, pmtiles_file):
    response = client.head(PMTILES, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206 and response["Content-Length"] == "10"
    assert body(response) == b""


def test_nothing_is_served_unless_a_pmtiles_file_is_configured(client, settings, db, tmp_path):
    settings.MAP_OFFLINE_FILE = ""
    assert client.get(PMTILES).status_code == 404
    settings.MAP_OFFLINE_FILE = str(tmp_path / "missing.pmtiles")
    assert client.get(PMTILES).status_code == 404
    (tmp_path / "junk.pmtiles").write_bytes(b"not a map")
    settings.MAP_OFFLINE_FILE = str(tmp_path / "junk.pmtiles")
    assert client.get(PMTILES).status_code == 404
    assert basemap.config()["source"] == "none"


def test_only_the_configured_file_is_reachable(client, pmtiles_file):
    (pmtiles_file.parent / "secret.pmtiles").write_bytes(b"secret")
    for path in ("/tiles/secret.pmtiles", "/tiles/../settings.py", "/tiles/%2e%2e/secret.pmtiles"):
        assert client.get(path).status_code == 404
    assert client.post(PMTILES).status_code == 405


def test_tiles_are_public_and_touch_no_session(client, pmtiles_file, people):
    client.force_login(people["admin"])
    response = client.get(PMTILES, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206 and "sessionid" not in response.cookies


def test_the_config_names_the_pmtiles_file_and_its_kind(pmtiles_file, tmp_path, settings):
    config = basemap.config()
    assert config["source"] == "offline" and config["crs"] == "webmercator"
    assert config["layers"] == [
        {"kind": "pmtiles-raster", "url": PMTILES, "minZoom": 0, "maxNativeZoom": 1, "maxZoom": 18}
    ]
    assert config["attribution"] == "测试底图"
    vector = make_pmtiles(
        tmp_path / "vector.pmtiles",
        {(0, 0, 0): gzip.compress(b"\x1a\x00")},
        tile_type=TileType.MVT,
        compression=Compression.GZIP,
    )
    settings.MAP_OFFLINE_FILE = str(vector)
    assert basemap.config()["layers"][0]["kind"] == "pmtiles-vector"


# --- MBTiles tile by tile -------------------------------------------------------------------------


def test_mbtiles_rows_are_flipped(client, mbtiles_file):
    top = client.get(tile_url(1, 0, 0))
    assert top.status_code == 200 and top.content == RED
    assert top["Content-Type"] == "image/png" and "public" in top["Cache-Control"]
    assert client.get(tile_url(1, 0, 1)).content == BLUE


def test_a_missing_tile_is_204_and_an_impossible_one_404(client, mbtiles_file):
    assert client.get(tile_url(1, 1, 1)).status_code == 204  # no tile stored here
    assert client.get(tile_url(1, 2, 0)).status_code == 404  # no such tile at zoom 1
    assert client.get(tile_url(1, 0, 2)).status_code == 404
    assert client.get("/tiles/1/0/x").status_code == 404


def test_mbtiles_content_types(client, tmp_path, settings, db):
    jpg = make_mbtiles(tmp_path / "photo.mbtiles", {(0, 0, 0): b"\xff\xd8jpeg"}, fmt="jpg")
    settings.MAP_OFFLINE_FILE = str(jpg)
    assert client.get(tile_url(0, 0, 0))["Content-Type"] == "image/jpeg"
    assert basemap.config()["layers"][0]["kind"] == "raster"

    raw = b"\x1a\x05hello"
    pbf = make_mbtiles(
        tmp_path / "roads.mbtiles", {(0, 0, 0): gzip.compress(raw), (1, 0, 0): raw}, fmt="pbf"
    )
    settings.MAP_OFFLINE_FILE = str(pbf)
    zipped = client.get(tile_url(0, 0, 0))
    assert zipped["Content-Type"] == "application/x-protobuf"
    assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(zipped.content) == raw
    plain = client.get(tile_url(1, 0, 0))
    assert plain.content == raw and "Content-Encoding" not in plain
    layer = basemap.config()["layers"][0]
    assert layer["kind"] == "vector" and layer["url"] == "/tiles/{z}/{x}/{y}"


def test_mbtiles_are_not_served_when_the_file_is_pmtiles(client, pmtiles_file):
    assert client.get(tile_url(0, 0, 0)).status_code == 404
