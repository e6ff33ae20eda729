"""Tiny base map files made in the tests themselves (no binaries in the repository): a PMTiles
archive written with the `pmtiles` package, an MBTiles database written with sqlite3, and
plain-colour PNG tiles."""

from __future__ import annotations

import io
import math
import sqlite3
from pathlib import Path

from PIL import Image
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import write


def png(colour: tuple[int, int, int], size: int = 256) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(out, "PNG")
    return out.getvalue()


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The XYZ (Web Mercator, rows from the top) tile holding a point."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    rad = math.radians(lat)
    y = int((1 - math.asinh(math.tan(rad)) / math.pi) / 2 * n)
    return x, y


def tiles_around(
    bbox: tuple[float, float, float, float], zooms: range
) -> list[tuple[int, int, int]]:
    west, south, east, north = bbox
    out = []
    for z in zooms:
        x0, y0 = tile_of(west, north, z)
        x1, y1 = tile_of(east, south, z)
        out += [(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    return out


def make_pmtiles(
    path: Path,
    tiles: dict[tuple[int, int, int], bytes],
    *,
    tile_type: TileType = TileType.PNG,
    compression: Compression = Compression.NONE,
    attribution: str = "测试底图",
) -> Path:
    zooms = [z for z, _, _ in tiles]
    with write(str(path)) as writer:
        for (z, x, y), data in sorted(tiles.items(), key=lambda t: zxy_to_tileid(*t[0])):
            writer.write_tile(zxy_to_tileid(z, x, y), data)
        writer.finalize(
            {
                "tile_type": tile_type,
                "tile_compression": compression,
                "min_zoom": min(zooms),
                "max_zoom": max(zooms),
                "min_lon_e7": int(-180e7),
                "min_lat_e7": int(-85e7),
                "max_lon_e7": int(180e7),
                "max_lat_e7": int(85e7),
                "center_zoom": min(zooms),
                "center_lon_e7": int(120.15e7),
                "center_lat_e7": int(30.25e7),
            },
            {"attribution": attribution},
        )
    return path


def make_mbtiles(path: Path, tiles: dict[tuple[int, int, int], bytes], *, fmt: str = "png") -> Path:
    """`tiles` by XYZ address; stored as MBTiles does, with rows counted from the bottom (TMS)."""
    db = sqlite3.connect(path)
    with db:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
            " tile_data BLOB)"
        )
        zooms = [z for z, _, _ in tiles] or [0]
        db.executemany(
            "INSERT INTO metadata VALUES (?, ?)",
            [
                ("name", "test"),
                ("format", fmt),
                ("minzoom", str(min(zooms))),
                ("maxzoom", str(max(zooms))),
                ("attribution", "测试底图"),
            ],
        )
        db.executemany(
            "INSERT INTO tiles VALUES (?, ?, ?, ?)",
            [(z, x, 2**z - 1 - y, data) for (z, x, y), data in tiles.items()],
        )
    db.close()
    return path


# --- A minimal Mapbox Vector Tile (protobuf written by hand, spec 2.1) -----------------------------

EXTENT = 4096


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:  # length-delimited (wire type 2)
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _uint(number: int, value: int) -> bytes:  # varint (wire type 0)
    return _varint(number << 3) + _varint(value)


def _zigzag(n: int) -> int:
    return (n << 1) ^ (n >> 31)


def _geometry(points: list[tuple[int, int]], close: bool) -> list[int]:
    cmds, x, y = [], 0, 0
    for i, (px, py) in enumerate(points):
        if i == 0:
            cmds.append(1 | 1 << 3)  # MoveTo, 1
        elif i == 1:
            cmds.append(2 | (len(points) - 1) << 3)  # LineTo, n - 1
        cmds += [_zigzag(px - x), _zigzag(py - y)]
        x, y = px, py
    if close:
        cmds.append(7 | 1 << 3)  # ClosePath
    return cmds


def mvt(layers: dict[str, list[tuple[str, list[tuple[int, int]], dict[str, str]]]]) -> bytes:
    """layers: name -> [(kind "line" or "polygon", points in tile units 0..4096, properties)]."""
    tile = b""
    for name, features in layers.items():
        keys: list[str] = []
        values: list[str] = []
        body = b""
        for kind, points, props in features:
            tags = []
            for k, v in props.items():
                if k not in keys:
                    keys.append(k)
                if v not in values:
                    values.append(v)
                tags += [keys.index(k), values.index(v)]
            geom = _geometry(points, close=kind == "polygon")
            feature = (
                _field(2, b"".join(_varint(t) for t in tags))
                + _uint(3, 3 if kind == "polygon" else 2)
                + _field(4, b"".join(_varint(g) for g in geom))
            )
            body += _field(2, feature)
        layer = (
            _uint(15, 2)
            + _field(1, name.encode())
            + body
            + b"".join(_field(3, k.encode()) for k in keys)
            + b"".join(_field(4, _field(1, v.encode())) for v in values)
            + _uint(5, EXTENT)
        )
        tile += _field(3, layer)
    return tile


def street_tile(name: str = "测试大道") -> bytes:
    """Land, a lake and a main road through the middle, in the Protomaps basemap's layers."""
    whole = [(0, 0), (EXTENT, 0), (EXTENT, EXTENT), (0, EXTENT)]
    lake = [(300, 300), (1200, 300), (1200, 1000), (300, 1000)]
    return mvt(
        {
            "earth": [("polygon", whole, {"kind": "earth"})],
            "water": [("polygon", lake, {"kind": "water"})],
            "roads": [
                ("line", [(0, 2048), (EXTENT, 2048)], {"kind": "major_road", "name": name}),
                ("line", [(2048, 0), (2048, EXTENT)], {"kind": "minor_road", "name": "小巷"}),
            ],
        }
    )
