"""The ranking in headless Chromium at 1366×768: every column in view, the bar chart drawn."""

import os

import pytest
from django.test import Client

from zhengzhi.conftest import CHROMIUM
from zhengzhi.ledger.models import RankingWeights
from zhengzhi.ledger.tests import test_indicators as base

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium is not installed"),
]
ledger, march = base.ledger, base.march
QUERY = "?period=custom&date_from=2026-03-01&date_to=2026-03-31"


def test_the_ranking_fits_a_1366_screen_and_draws_its_chart(live_server, browser, staff, march):
    RankingWeights.objects.update_or_create(pk=1, defaults={"min_volume": 1})
    client = Client()
    client.force_login(staff["leader"])
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    ctx.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + "/ledger/ranking/" + QUERY)
    last = page.locator("#ranking thead th").last.bounding_box()
    assert last["x"] + last["width"] <= 1366
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    box = page.locator("#ranking").locator("xpath=..")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")
    # One bar per ranked unit, drawn by ECharts (SVG).
    ranked = page.locator("#ranking tbody tr").count()
    page.wait_for_selector("#ranking-chart svg")
    assert page.locator("#ranking-chart svg path").count() >= ranked
    page.screenshot(path="/tmp/zz-ranking-1366.png", full_page=True)
    assert errors == []
