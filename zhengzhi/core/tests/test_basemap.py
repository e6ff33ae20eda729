"""The base map configuration each map page sends to basemap.js, and the CSP that goes with it."""

import pytest

from zhengzhi.core import basemap
from zhengzhi.core.csp import policy
from zhengzhi.core.tests.tilefiles import make_pmtiles, png

TDT = "http://t{s}.tianditu.gov.cn/{layer}_c/wmts"


def img_src(csp: str) -> list[str]:
    return next(d for d in csp.split("; ") if d.startswith("img-src")).split()[1:]


def test_nothing_configured_means_no_base_layer(settings):
    settings.MAP_TILE_URL = settings.MAP_SERVICE_URL = settings.MAP_OFFLINE_FILE = ""
    assert basemap.config() == {
        "source": "none",
        "crs": "webmercator",
        "layers": [],
        "attribution": "",
        "maxZoom": 19,
    }
    assert img_src(policy("n")) == ["'self'", "data:", "blob:"]


def test_tianditu_wmts_in_cgcs2000(settings):
    settings.MAP_SERVICE_URL = TDT
    settings.MAP_SERVICE_KIND = "wmts"
    settings.MAP_CRS = "cgcs2000"
    settings.MAP_SERVICE_SUBDOMAINS = "01"
    settings.MAP_SERVICE_LABEL_LAYER = "cva"
    settings.MAP_TDT_KEY = "k3y"
    settings.MAP_ATTRIBUTION = "天地图 审图号：GS(2024)0568号"
    config = basemap.config(public=True)
    assert config["crs"] == "wgs84" and config["source"] == "service"
    vec, cva = config["layers"]
    assert vec["url"] == (
        "http://t{s}.tianditu.gov.cn/vec_c/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        "&LAYER=vec&STYLE=default&TILEMATRIXSET=c&FORMAT=tiles"
        "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=k3y"
    )
    assert "/cva_c/wmts?" in cva["url"] and "LAYER=cva" in cva["url"]
    assert vec["zoomOffset"] == 1 and vec["subdomains"] == "01"
    assert config["attribution"].startswith("天地图")
    # Only the service's own hosts may serve images, and nothing else is opened up.
    csp = policy("n")
    assert img_src(csp)[3:] == ["http://t0.tianditu.gov.cn", "http://t1.tianditu.gov.cn"]
    assert "connect-src 'self';" in csp and "tianditu" not in csp.split("img-src")[0]


def test_web_mercator_and_gcj02_xyz(settings):
    settings.MAP_SERVICE_URL = "https://gis.zj.gov.local/{layer}/{z}/{x}/{y}.png?tk={tk}"
    settings.MAP_TDT_KEY = "abc"
    settings.MAP_CRS = "gcj02"
    config = basemap.config()
    assert config["crs"] == "gcj02"
    assert config["layers"][0]["url"] == "https://gis.zj.gov.local/vec/{z}/{x}/{y}.png?tk=abc"
    assert config["layers"][0]["zoomOffset"] == 0
    assert img_src(policy("n"))[3:] == ["https://gis.zj.gov.local"]


def test_the_old_tile_url_setting_still_works(settings):
    settings.MAP_SERVICE_URL = ""
    settings.MAP_TILE_URL = "http://gis.local/tiles/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "区测绘院"
    config = basemap.config()
    assert config["layers"][0]["url"] == settings.MAP_TILE_URL
    assert config["attribution"] == "区测绘院"
    assert img_src(policy("n"))[3:] == ["http://gis.local"]


@pytest.mark.parametrize(("public", "source"), [(True, "service"), (False, "offline")])
def test_the_public_page_prefers_the_approved_service(settings, tmp_path, public, source):
    settings.MAP_SERVICE_URL = "http://gis.local/{z}/{x}/{y}.png"
    path = make_pmtiles(tmp_path / "county.pmtiles", {(0, 0, 0): png((1, 2, 3), 4)})
    settings.MAP_OFFLINE_FILE = str(path)
    assert basemap.config(public=public)["source"] == source


def test_the_offline_file_needs_no_other_origin(settings, tmp_path):
    settings.MAP_SERVICE_URL = settings.MAP_TILE_URL = ""
    path = make_pmtiles(tmp_path / "county.pmtiles", {(0, 0, 0): png((1, 2, 3), 4)})
    settings.MAP_OFFLINE_FILE = str(path)
    assert basemap.config()["source"] == "offline"
    assert img_src(policy("n")) == ["'self'", "data:", "blob:"]


def test_start_up_warns_of_a_base_map_that_cannot_work(settings, tmp_path):
    from zhengzhi.core.checks import check_basemap

    settings.MAP_SERVICE_URL = settings.MAP_TILE_URL = settings.MAP_OFFLINE_FILE = ""
    assert check_basemap() == []
    settings.MAP_OFFLINE_FILE = str(tmp_path / "missing.pmtiles")
    settings.MAP_SERVICE_URL = "gis.local/tiles"
    assert [w.id for w in check_basemap()] == ["zhengzhi.W001", "zhengzhi.W002"]
    settings.MAP_SERVICE_URL = "http://gis.local/wmts"
    assert [w.id for w in check_basemap()] == ["zhengzhi.W001", "zhengzhi.W002"]
    settings.MAP_SERVICE_KIND = "wmts"
    settings.MAP_OFFLINE_FILE = str(
        make_pmtiles(tmp_path / "county.pmtiles", {(0, 0, 0): png((1, 2, 3), 4)})
    )
    assert check_basemap() == []
