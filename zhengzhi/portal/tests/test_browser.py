"""A person's first minutes, in headless Chromium: log in, switch language, open the map."""

import os

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from zhengzhi.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
    # itself are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        yield context.new_page()
        # The test's own ORM queries ran while Playwright's loop was running, on a connection of
        # their own context; close it there, or PostgreSQL cannot drop the test database.
        connections.close_all()
        browser.close()


def test_log_in_switch_language_open_the_map(live_server, page, people, demo_grids):
    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
    expect(page.locator("body")).to_contain_text("整治通")
    page.fill("#id_username", "handler")
    page.fill("#id_password", PASSWORD)
    page.locator("form.login button[type=submit], form button[type=submit]").first.click()
    expect(page.locator("h1")).to_contain_text("欢迎")

    # The heading is there before app.js has bound the select's auto-submit: wait for it.
    page.wait_for_load_state("load")
    page.select_option("select[name=language]", "en")
    expect(page.locator("h1")).to_contain_text("Welcome")
    page.reload()
    expect(page.locator("h1")).to_contain_text("Welcome")  # remembered
    people["handler"].refresh_from_db()
    assert people["handler"].language == "en"

    page.select_option("select[name=language]", "zh-hant")
    expect(page.locator("h1")).to_contain_text("歡迎")

    page.goto(live_server.url + "/territory/map/")
    expect(page.locator(".leaflet-container")).to_be_visible()
    polygons = page.locator("path.leaflet-interactive")
    expect(polygons.first).to_be_visible()
    assert polygons.count() >= len(demo_grids)
    page.screenshot(path=os.environ.get("ZZ_SCREENSHOT", "/tmp/zz-browser-map.png"))
