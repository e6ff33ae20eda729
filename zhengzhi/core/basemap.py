"""The base map under every map of the app, built from settings.

Government intranets have either an approved map service (天地图 or a provincial 政务地图, as XYZ
or WMTS tiles) or nothing. The office may also load an offline base map once, as a file
(PMTiles or MBTiles, served by zhengzhi.core.tiles). Each map page sends `config()` to the
browser, where zhengzhi/static/zhengzhi/basemap.js creates the map with the right coordinate
system and base layers. With no base map at all, the territory app's own street layer
(segments and community names) is drawn instead.

Coordinate systems (`crs`): every point the app stores is WGS-84.
- "webmercator": tiles in EPSG:3857 on WGS-84 (天地图's `w` matrix set, most XYZ servers);
- "wgs84" (also "cgcs2000", which agrees with WGS-84 to a few centimetres): EPSG:4326 tiles,
  天地图's `c` matrix set, whose level 1 is 2×1 tiles (hence zoomOffset 1 in Leaflet);
- "gcj02": Web Mercator tiles drawn in the GCJ-02 offset system of Chinese commercial maps;
  the browser shifts our points WGS-84 → GCJ-02 to draw them and back to store a tap.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

CRS_CHOICES = ("webmercator", "wgs84", "cgcs2000", "gcj02")
KIND_CHOICES = ("xyz", "wmts")
OFFLINE_SUFFIXES = (".pmtiles", ".mbtiles")


@dataclass(frozen=True)
class OfflineInfo:
    """What the browser needs to know of the offline file: its format and tile type."""

    path: Path
    container: str  # "pmtiles" or "mbtiles"
    tile_format: str  # "pbf", "png", "jpg", "webp"
    min_zoom: int
    max_zoom: int
    attribution: str

    @property
    def vector(self) -> bool:
        return self.tile_format == "pbf"


def _template() -> str:
    # ZZ_MAP_TILE_URL is the older name of an XYZ service in Web Mercator.
    return settings.MAP_SERVICE_URL or settings.MAP_TILE_URL


def _attribution() -> str:
    return settings.MAP_ATTRIBUTION or settings.MAP_TILE_ATTRIBUTION


def browser_crs() -> str:
    crs = settings.MAP_CRS
    return "wgs84" if crs == "cgcs2000" else crs


def _matrix_set() -> str:
    if settings.MAP_SERVICE_MATRIX_SET:
        return settings.MAP_SERVICE_MATRIX_SET
    return "c" if browser_crs() == "wgs84" else "w"


def _with_key(url: str) -> str:
    key = settings.MAP_TDT_KEY
    if not key:
        return url
    if "{tk}" in url:
        return url.replace("{tk}", key)
    return f"{url}{'&' if '?' in url else '?'}tk={key}"


def service_url(layer: str) -> str:
    """The Leaflet URL template ({s}, {z}, {x}, {y}) of one layer of the approved service."""
    url = _template().replace("{layer}", layer)
    if settings.MAP_SERVICE_KIND == "wmts":
        query = (
            f"SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default"
            f"&TILEMATRIXSET={_matrix_set()}&FORMAT={settings.MAP_SERVICE_FORMAT}"
            "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
        )
        url = f"{url}{'&' if '?' in url else '?'}{query}"
    return _with_key(url)


def service_origins() -> list[str]:
    """The origins the browser fetches service tiles from (one per subdomain), for the CSP."""
    if not _template():
        return []
    origins: list[str] = []
    for sub in settings.MAP_SERVICE_SUBDOMAINS or "-":
        url = _template().replace("{s}", sub if sub != "-" else "")
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins


def _service_layers() -> list[dict]:
    # 天地图's `c` set starts at level 1 (2×1 tiles), Leaflet's EPSG:4326 at 0 (also 2×1 tiles).
    offset = settings.MAP_ZOOM_OFFSET
    if offset is None:
        offset = 1 if browser_crs() == "wgs84" else 0
    common = {
        "kind": "raster",
        "subdomains": settings.MAP_SERVICE_SUBDOMAINS,
        "zoomOffset": offset,
        "maxZoom": settings.MAP_MAX_ZOOM,
    }
    layers = [{**common, "url": service_url(settings.MAP_SERVICE_LAYER)}]
    if settings.MAP_SERVICE_LABEL_LAYER:
        layers.append({**common, "url": service_url(settings.MAP_SERVICE_LABEL_LAYER)})
    return layers


@lru_cache(maxsize=4)
def _read_offline(path: str, mtime_ns: int) -> OfflineInfo | None:
    # Late imports: only an office with an offline file pays for them.
    if path.endswith(".pmtiles"):
        from zhengzhi.core.tiles import pmtiles_info

        return pmtiles_info(Path(path))
    from zhengzhi.core.tiles import mbtiles_info

    return mbtiles_info(Path(path))


def offline() -> OfflineInfo | None:
    """The offline base map file, if one is configured and readable (else None)."""
    name = settings.MAP_OFFLINE_FILE
    if not name or not name.endswith(OFFLINE_SUFFIXES):
        return None
    try:
        stat = Path(name).stat()
    except OSError:
        return None
    return _read_offline(str(Path(name).resolve()), stat.st_mtime_ns)


def _offline_layers(info: OfflineInfo) -> list[dict]:
    common = {"minZoom": 0, "maxNativeZoom": info.max_zoom, "maxZoom": settings.MAP_MAX_ZOOM}
    if info.container == "pmtiles":
        kind = "pmtiles-vector" if info.vector else "pmtiles-raster"
        return [{**common, "kind": kind, "url": reverse("tiles:pmtiles")}]
    template = reverse("tiles:tile", args=[0, 0, 0]).replace("/0/0/0", "/{z}/{x}/{y}")
    return [{**common, "kind": "vector" if info.vector else "raster", "url": template}]


def config(*, public: bool = False) -> dict:
    """The base map of one page, for the browser (JSON).

    Staff pages prefer the offline file (local, fast, there when the service is down); the
    public pages prefer the approved service, which carries a 审图号 that an extract derived
    from OpenStreetMap does not."""
    info = offline()
    use_service = bool(_template()) and (public or info is None)
    if use_service:
        return {
            "source": "service",
            "crs": browser_crs(),
            "layers": _service_layers(),
            "attribution": _attribution(),
            "maxZoom": settings.MAP_MAX_ZOOM,
        }
    if info is not None:
        return {
            "source": "offline",
            "crs": "webmercator",
            "layers": _offline_layers(info),
            "attribution": _attribution() or info.attribution,
            "maxZoom": settings.MAP_MAX_ZOOM,
        }
    return {"source": "none", "crs": "webmercator", "layers": [], "attribution": "", "maxZoom": 19}
