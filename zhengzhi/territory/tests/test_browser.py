"""The map page in a real browser: polygons drawn without any tile server, popups, the locator."""

import os
import shutil

import pytest
from django.db import connections
from django.db.models import Q
from django.test import Client
from playwright.sync_api import expect
from shapely.geometry import shape

from zhengzhi.territory.demo import build_demo_territory
from zhengzhi.territory.models import Grid, Segment
from zhengzhi.territory.tests.conftest import C1

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium is not installed"),
]


def session_cookie(user, live_server):
    client = Client()
    client.force_login(user)
    value = client.cookies["sessionid"].value
    return {"name": "sessionid", "value": value, "url": live_server.url}


@pytest.fixture
def page(live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
    # plain synchronous calls. Allowed for this test only (monkeypatch restores the variable).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        try:
            yield context
        finally:
            # Inside sync_playwright the test's queries ran on a connection of their own context
            # (asgiref locals follow contextvars). Close it here, while that context is still
            # the current one and before the browser goes, or PostgreSQL cannot drop the test
            # database.
            connections.close_all()
            browser.close()


def test_the_map_draws_grids_and_answers_clicks(live_server, page, demo_org, people):
    build_demo_territory(demo_org)
    page.add_cookies([session_cookie(people["admin"], live_server)])
    tab = page.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(f"{live_server.url}/territory/map/")
    tab.wait_for_selector("#territory-map[data-ready]", timeout=15000)
    assert tab.locator("path.leaflet-interactive").count() >= 60 + 15
    assert tab.locator(".leaflet-tile").count() == 0  # no tile server, nothing fetched
    tab.screenshot(path="/tmp/territory-map.png")

    # Click inside a grid: a popup with its community and worker.
    grid = Grid.objects.get(code=C1 + "005")
    spot = shape(grid.geometry).point_on_surface()
    x, y = tab.evaluate(
        "([lat, lon]) => { const p = zzTerritoryMap.latLngToContainerPoint([lat, lon]);"
        " return [p.x, p.y]; }",
        [spot.y, spot.x],
    )
    box = tab.locator("#territory-map").bounding_box()
    tab.mouse.click(box["x"] + x, box["y"] + y)
    popup = tab.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    assert grid.name in text and grid.code in text and grid.worker_name in text
    assert "东湖街道" in text

    # The locator: every click resolves the point; the rim falls to the district.
    tab.mouse.click(box["x"] + x, box["y"] + y)
    # Retried until the answer is in: the first click's answer may still say "via grid" while
    # this one's query runs ("正在查询…").
    expect(tab.locator("#where-result[data-via=grid]")).to_contain_text(grid.code, timeout=5000)
    tab.fill("#where-lon", "120.05")
    tab.fill("#where-lat", "30.0")
    tab.click("#where-form button[type=submit]")
    tab.wait_for_selector("#where-result[data-via=none]", timeout=5000)
    tab.screenshot(path="/tmp/territory-map-where.png")
    assert errors == []


def test_a_community_user_sees_only_their_grids(live_server, page, demo_org, people):
    build_demo_territory(demo_org)
    page.add_cookies([session_cookie(people["handler"], live_server)])
    tab = page.new_page()
    tab.goto(f"{live_server.url}/territory/map/")
    tab.wait_for_selector("#territory-map[data-ready]", timeout=15000)
    mine = Grid.objects.filter(community=people["handler"].unit).count()
    segments = Segment.objects.filter(
        Q(unit=people["handler"].unit) | Q(community=people["handler"].unit)
    ).count()
    assert 7 <= mine <= 8
    assert tab.locator("path.leaflet-interactive").count() == mine + segments
    tab.screenshot(path="/tmp/territory-map-community.png")
    # A point in another community's grid: where it belongs, but not the grid or its worker.
    other = Grid.objects.exclude(community=people["handler"].unit).select_related("community")[0]
    spot = shape(other.geometry).point_on_surface()
    tab.fill("#where-lon", f"{spot.x:.6f}")
    tab.fill("#where-lat", f"{spot.y:.6f}")
    tab.click("#where-form button[type=submit]")
    tab.wait_for_selector("#where-result[data-via=grid]", timeout=5000)
    text = tab.locator("#where-result").inner_text()
    assert other.community.name in text
    assert other.code not in text and (not other.worker_name or other.worker_name not in text)
