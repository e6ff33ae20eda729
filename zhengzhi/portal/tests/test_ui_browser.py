"""The rough edges of a walkthrough, in headless Chromium: phone menu, tables, confirmations, map."""

import os
import shutil

import pytest
from django.test import Client
from playwright.sync_api import expect

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium is not installed"),
]


def signed_in(browser, live_server, user, **context):
    client = Client()
    client.force_login(user)
    ctx = browser.new_context(**context)
    ctx.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    return page


def test_phone_menu_and_tables_that_scroll_in_place(live_server, browser, people):
    page = signed_in(browser, live_server, people["admin"], viewport=PHONE)
    page.goto(live_server.url + "/accounts/users/")
    nav = page.locator("#mainnav")
    expect(nav).to_be_hidden()
    assert page.locator(".topbar").bounding_box()["height"] < 80
    page.click(".navtoggle")
    expect(nav).to_be_visible()
    expect(page.locator(".navtoggle")).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_text("用户管理")).to_be_visible()
    page.click(".navtoggle")
    expect(nav).to_be_hidden()
    # The page itself never scrolls sideways; the table does, inside its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    table = page.locator("table.list").first
    assert table.evaluate("t => t.scrollWidth > t.clientWidth")
    page.screenshot(path="/tmp/zz-ui-phone-users.png")
    assert page.errors == []


def test_reset_password_asks_first(live_server, browser, people):
    handler = people["handler"]
    page = signed_in(browser, live_server, people["admin"], viewport={"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/accounts/users/{handler.pk}/")
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name="重置密码").click()
    page.wait_for_timeout(300)
    assert asked and "handler" in asked[0] and "原密码将立即失效" in asked[0]
    assert page.url.endswith(f"/accounts/users/{handler.pk}/")
    handler.refresh_from_db()
    assert not handler.must_change_password  # nothing happened

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="重置密码").click()
    expect(page.get_by_test_id("temporary-password")).to_be_visible()
    handler.refresh_from_db()
    assert handler.must_change_password


def test_the_map_on_a_phone(live_server, browser, people, demo_grids):
    inside = {"latitude": 30.005, "longitude": 120.015}  # in the first demo grid
    page = signed_in(
        browser,
        live_server,
        people["handler"],
        viewport=PHONE,
        geolocation=inside,
        permissions=["geolocation"],
    )
    page.goto(live_server.url + "/territory/map/")
    page.wait_for_selector("#territory-map[data-ready]")
    assert page.get_attribute(".leaflet-control-zoom-in", "title") == "放大"
    assert page.get_attribute(".leaflet-control-zoom-out", "title") == "缩小"
    # The panel starts folded on a phone, leaving the map free.
    expect(page.locator("#map-panel-body")).to_be_hidden()
    assert page.locator("#map-panel").bounding_box()["height"] < 70
    page.screenshot(path="/tmp/zz-ui-phone-map.png")
    # "My location" shows the point and resolves it as a click would.
    page.click(".map-locate-me")
    page.wait_for_selector("#where-result[data-via=grid]", state="attached")
    expect(page.locator(".leaflet-popup-content")).to_contain_text(demo_grids[0].code)
    page.click("#map-panel-toggle")
    expect(page.locator("#where-result")).to_contain_text(demo_grids[0].code)
    expect(page.locator("#map-panel-toggle")).to_have_text("收起")
    page.click(".map-my-area")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    page.screenshot(path="/tmp/zz-ui-phone-map-located.png")
    assert page.errors == []


def test_a_click_on_a_grid_opens_it_and_resolves_the_point(
    live_server, browser, people, demo_grids
):
    page = signed_in(
        browser, live_server, people["handler"], viewport={"width": 1280, "height": 800}
    )
    page.goto(live_server.url + "/territory/map/")
    page.wait_for_selector("#territory-map[data-ready]")
    expect(page.locator("#map-panel-body")).to_be_visible()
    grid = demo_grids[1]
    x, y = page.evaluate(
        "() => { const p = zzTerritoryMap.latLngToContainerPoint([30.005, 120.025]);"
        " return [p.x, p.y]; }"
    )
    box = page.locator("#territory-map").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page.locator(".leaflet-popup-content")).to_contain_text(grid.name)
    page.wait_for_selector("#where-result[data-via=grid]")
    expect(page.locator("#where-result")).to_contain_text(grid.code)
    expect(page.locator(".map-legend")).to_contain_text("区县边界")
    assert page.errors == []


def test_the_office_navigation_folds_into_groups(live_server, browser, people):
    page = signed_in(browser, live_server, people["admin"], viewport={"width": 1366, "height": 700})
    page.goto(live_server.url + "/accounts/users/")
    nav = page.locator("#mainnav")
    assert page.locator(".topbar").bounding_box()["height"] < 80  # one line, not three
    admin_group = nav.locator("details.navgroup.current")  # the page's own group is marked
    expect(admin_group.locator("summary")).to_have_text("系统管理")
    expect(nav.get_by_text("审计日志")).to_be_hidden()
    admin_group.locator("summary").click()
    expect(nav.get_by_text("审计日志")).to_be_visible()
    nav.locator("details.navgroup summary").first.click()  # another group: this one closes
    expect(nav.get_by_text("审计日志")).to_be_hidden()
    # A click elsewhere closes the open group: at the foot of the window, which no menu covers
    # (an open group's menu may lie over the page's heading).
    page.mouse.click(1300, 680)
    expect(nav.get_by_text("满意度")).to_be_hidden()
    assert page.errors == []
