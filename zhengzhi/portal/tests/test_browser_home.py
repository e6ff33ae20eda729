"""The home page on a phone: a grid worker sees "report a problem" first, nothing runs sideways."""

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


def test_a_grid_worker_finds_report_a_problem_on_the_first_screen(
    live_server, browser, staff, grids, new_problem
):
    grids[0].worker = staff["handler"]
    grids[0].save(update_fields=["worker"])
    new_problem(category="1201", description="路面塌陷约2平方米")
    client = Client()
    client.force_login(staff["handler"])
    ctx = browser.new_context(viewport=PHONE)
    ctx.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = ctx.new_page()
    page.goto(live_server.url + "/")
    button = page.locator(".big-button")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"] and box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.locator("#home-mine .tag-urgent")).to_be_visible()
    page.screenshot(path="/tmp/zz-home-phone.png", full_page=True)
    button.click()
    page.wait_for_url("**/ledger/problems/new/")
