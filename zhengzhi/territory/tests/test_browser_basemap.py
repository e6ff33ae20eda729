"""The base map in a real browser on a phone, with the network to anything but the app refused:
the offline file an office loads (PMTiles by byte ranges, raster or vector; MBTiles tile by
tile), and the district's own streets when there is no base map at all."""

import gzip
import os
import shutil
from urllib.parse import urlsplit

import pytest
from django.db import connections
from pmtiles.tile import Compression, TileType

from zhengzhi.core.tests.tilefiles import (
    make_mbtiles,
    make_pmtiles,
    png,
    street_tile,
    tiles_around,
)
from zhengzhi.territory.demo import build_demo_territory
from zhengzhi.territory.tests.test_browser import session_cookie

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DEMO_BBOX = (120.105, 30.225, 120.195, 30.27)  # the demo district and a margin
TILE_COLOUR = (226, 120, 40)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium is not installed"),
]


class Phone:
    """A phone-sized page that may reach the live server and nothing else."""

    def __init__(self, context, live_server):
        self.app = urlsplit(live_server.url).netloc
        self.refused: list[str] = []
        self.responses: list = []
        self.errors: list[str] = []
        context.route("**/*", self._only_the_app)
        self.tab = context.new_page()
        self.tab.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.tab.on("response", lambda response: self.responses.append(response))

    def _only_the_app(self, route):
        if urlsplit(route.request.url).netloc == self.app:
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def tile_responses(self, prefix: str = "/tiles/") -> list:
        return [r for r in self.responses if urlsplit(r.url).path.startswith(prefix)]


@pytest.fixture
def phone(live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True
        )
        try:
            yield Phone(context, live_server)
        finally:
            connections.close_all()
            browser.close()


@pytest.fixture
def district(demo_org, settings):
    settings.MAP_SERVICE_URL = settings.MAP_TILE_URL = ""
    build_demo_territory(demo_org)


DRAWN_TILES = (
    "() => [...document.querySelectorAll('img.leaflet-tile-loaded')]"
    ".filter(i => i.naturalWidth > 0).length"
)


def loaded_tiles(tab) -> int:
    return tab.evaluate(DRAWN_TILES)


def wait_for_drawn_tiles(tab) -> None:
    # The tiles drawn with their pixels, as loaded_tiles counts them: a tile of a zoom level
    # that replaces another may be marked loaded a moment before its image is decoded.
    tab.wait_for_function(f"() => ({DRAWN_TILES})() > 0")


def test_the_public_map_draws_a_raster_pmtiles_file(
    live_server, phone, district, settings, tmp_path
):
    tiles = {t: png(TILE_COLOUR) for t in tiles_around(DEMO_BBOX, range(11, 15))}
    settings.MAP_OFFLINE_FILE = str(make_pmtiles(tmp_path / "county.pmtiles", tiles))
    tab = phone.tab
    tab.goto(f"{live_server.url}/report/map")
    tab.wait_for_selector("#public-map[data-basemap=offline]")
    wait_for_drawn_tiles(tab)
    assert loaded_tiles(tab) > 0
    ranges = phone.tile_responses("/tiles/basemap.pmtiles")
    assert ranges and {r.status for r in ranges} == {206}
    assert all(r.request.headers.get("range", "").startswith("bytes=") for r in ranges)
    # The tiles really are the file's: a pixel in the middle of the map has their colour.
    colour = tab.evaluate(
        """() => { const img = document.querySelector('img.leaflet-tile-loaded');
                   const c = document.createElement('canvas'); c.width = c.height = 4;
                   const g = c.getContext('2d'); g.drawImage(img, 0, 0, 4, 4);
                   return Array.from(g.getImageData(1, 1, 1, 1).data.slice(0, 3)); }"""
    )
    assert colour == list(TILE_COLOUR)
    assert not tab.locator("#public-map[data-streets]").count()  # a base map: no own streets
    assert phone.refused == [] and phone.errors == []


def test_the_record_map_draws_a_vector_pmtiles_file(
    live_server, phone, district, people, settings, tmp_path
):
    tiles = {t: gzip.compress(street_tile()) for t in tiles_around(DEMO_BBOX, range(12, 15))}
    settings.MAP_OFFLINE_FILE = str(
        make_pmtiles(
            tmp_path / "county.pmtiles",
            tiles,
            tile_type=TileType.MVT,
            compression=Compression.GZIP,
        )
    )
    phone.tab.context.add_cookies([session_cookie(people["admin"], live_server)])
    tab = phone.tab
    tab.goto(f"{live_server.url}/ledger/problems/new/")
    tab.wait_for_selector("#record-map[data-basemap=offline]")
    tab.evaluate("() => window.zzRecordMap.setView([30.245, 120.15], 14.5, { animate: false })")
    # protomaps-leaflet draws each tile on a canvas: wait for one with more than one colour.
    tab.wait_for_function(
        """() => [...document.querySelectorAll('#record-map canvas.leaflet-tile')].some(c => {
                 if (!c.width) { return false; }
                 const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                 const seen = new Set();
                 for (let i = 0; i < d.length; i += 4 * 97) { seen.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]); }
                 return seen.size > 2; })""",
        timeout=15000,
    )
    assert {r.status for r in phone.tile_responses("/tiles/basemap.pmtiles")} == {206}
    assert phone.refused == [] and phone.errors == []


def test_the_territory_map_draws_an_mbtiles_file(
    live_server, phone, district, people, settings, tmp_path
):
    tiles = {t: png(TILE_COLOUR) for t in tiles_around(DEMO_BBOX, range(11, 15))}
    settings.MAP_OFFLINE_FILE = str(make_mbtiles(tmp_path / "county.mbtiles", tiles))
    phone.tab.context.add_cookies([session_cookie(people["admin"], live_server)])
    tab = phone.tab
    tab.goto(f"{live_server.url}/territory/map/")
    tab.wait_for_selector("#territory-map[data-ready][data-basemap=offline]", timeout=15000)
    wait_for_drawn_tiles(tab)
    served = [r for r in phone.tile_responses() if r.status == 200]
    assert served and all(r.headers["content-type"] == "image/png" for r in served)
    assert phone.refused == [] and phone.errors == []


def test_without_a_base_map_the_district_draws_its_own_streets(
    live_server, phone, district, settings
):
    settings.MAP_OFFLINE_FILE = ""
    tab = phone.tab
    tab.goto(f"{live_server.url}/report/map")
    tab.wait_for_selector("#public-map[data-basemap=none][data-streets='29']")
    tab.evaluate("() => window.zzPublicMap.setView([30.2485, 120.13], 16, { animate: false })")
    road = tab.locator(".zz-road-name", has_text="解放路").first
    road.wait_for(state="visible")
    assert tab.locator(".zz-area-name", has_text="社区").count() >= 8
    tab.evaluate("() => window.zzPublicMap.setZoom(13, { animate: false })")
    tab.wait_for_function("() => document.querySelector('#public-map.zz-hide-roads')")
    assert not road.is_visible()  # road names only when zoomed in
    assert phone.tile_responses() == [] and phone.refused == [] and phone.errors == []


def test_a_gcj02_service_shifts_points_both_ways(live_server, phone, district, people, settings):
    settings.MAP_SERVICE_URL = "http://gis.invalid/{z}/{x}/{y}.png"
    settings.MAP_CRS = "gcj02"
    settings.MAP_OFFLINE_FILE = ""
    phone.tab.context.add_cookies([session_cookie(people["admin"], live_server)])
    tab = phone.tab
    tab.goto(f"{live_server.url}/ledger/problems/new/")
    tab.wait_for_selector("#record-map[data-basemap=service]")
    # A WGS-84 point is drawn where the GCJ-02 tiles have it: here some 450 m east and 250 m
    # south of where plain Web Mercator would put it (hundreds of pixels at zoom 17).
    shift = tab.evaluate(
        """() => { const m = window.zzRecordMap, ll = L.latLng(30.245, 120.15);
                   m.setView(ll, 17, { animate: false });
                   const a = m.project(ll, 17), b = L.CRS.EPSG3857.latLngToPoint(ll, 17);
                   return [a.x - b.x, a.y - b.y]; }"""
    )
    assert 300 < shift[0] < 600 and 150 < shift[1] < 350
    # A tap where that point is drawn stores the WGS-84 point (within a pixel, about a metre).
    # Where the point is on the screen, measured in one go just before the tap, once the page
    # has settled (a layout shift between measuring and tapping moved the tap once).
    tab.locator("#record-map").scroll_into_view_if_needed()
    tab.wait_for_load_state("networkidle")
    where = (
        "() => { const m = window.zzRecordMap, r = m.getContainer().getBoundingClientRect();"
        " const p = m.latLngToContainerPoint([30.245, 120.15]);"
        " return [r.left + p.x, r.top + p.y]; }"
    )
    # On a loaded machine the page may still move after the network is idle: tap only once
    # the point has stayed put for two frames' worth of time.
    x, y = tab.evaluate(where)
    for _ in range(50):
        tab.wait_for_timeout(50)
        again = tab.evaluate(where)
        if again == [x, y]:
            break
        x, y = again
    tab.mouse.click(x, y)
    tab.wait_for_function("() => document.getElementById('id_lon').value !== ''")
    lon, lat = float(tab.input_value("#id_lon")), float(tab.input_value("#id_lat"))
    assert abs(lon - 120.15) < 2e-5 and abs(lat - 30.245) < 2e-5
    # The service's tiles were asked for (and refused here); nothing else left the app.
    assert phone.refused and {urlsplit(u).netloc for u in phone.refused} == {"gis.invalid"}
    assert phone.errors == []
