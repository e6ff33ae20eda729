"""In a real browser: the map of sites clusters its points and a popup leads to the site page;
the site page and a refused edit on a phone (screenshots in /tmp/shots-pages/)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from zhengzhi.conftest import PASSWORD
from zhengzhi.sites.services.kinds import load_site_kinds
from zhengzhi.sites.tests.pages_support import (  # noqa: F401
    C1_POINT,
    make_site_fixture,
    site_grids_fixture,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SHOTS = Path("/tmp/shots-pages")


@pytest.fixture(autouse=True)
def _kinds(db):
    # A transactional test's database is emptied after each test, the shipped kinds with it.
    load_site_kinds()


def _session(browser, base, username, *, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    page = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def test_the_map_clusters_and_a_popup_opens_the_site(
    live_server, browser, _kinds, people, make_site
):
    lon, lat = C1_POINT
    sites = [
        make_site("retail_shop", (lon + i * 0.00002, lat), name=f"门市部{i}") for i in range(30)
    ]
    lone = make_site("retail_shop", (lon + 0.03, lat + 0.03), name="孤店")  # ~4 km away
    page = _session(browser, live_server.url, "dispatcher")
    page.goto(live_server.url + "/sites/map/")
    expect(page.locator("#map-summary")).to_contain_text("31")
    clusters = page.locator(".marker-cluster")
    expect(clusters.first).to_be_visible()  # drawn after the summary: wait, on a busy machine
    assert clusters.count() >= 1  # thirty shops a metre or two apart are one cluster
    assert int(clusters.first.inner_text()) == len(sites)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "browser-map.png"))
    # Centre the lone shop without animation, then click the middle of the map, where it is.
    page.evaluate(
        "(p) => { window.zzSitesMap.setView([p[1], p[0]], 18, {animate: false}); }",
        [lone.lon, lone.lat],
    )
    box = page.evaluate(
        "() => { const r = window.zzSitesMap.getContainer().getBoundingClientRect();"
        " return [r.left + r.width / 2, r.top + r.height / 2]; }"
    )
    page.mouse.click(box[0], box[1])
    page.locator(".map-popup a").click()
    page.wait_for_url(f"**/sites/{lone.pk}/")
    assert "孤店" in page.locator("h1").inner_text()


def test_a_refused_edit_on_a_phone(live_server, browser, _kinds, people, make_site):
    site = make_site("tobacco_retailer", name="阳光便利店")
    page = _session(browser, live_server.url, "handler", phone=True)
    page.goto(f"{live_server.url}/sites/{site.pk}/edit/")
    page.fill("#id_name", "阳光超市")
    page.fill("#id_attr_customer_grade", "40")
    page.locator("form.site-form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#id_name").input_value() == "阳光超市"
    assert "不大于30" in page.locator(".f-attr_customer_grade .errorlist").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the form must not scroll sideways on a phone"
    page.screenshot(path=str(SHOTS / "browser-edit-error-phone.png"), full_page=True)
