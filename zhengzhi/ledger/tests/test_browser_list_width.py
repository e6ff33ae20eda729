"""The ledger list and the work queue on a 1366×768 office screen: all ten columns in view,
the time taken included, no sideways scrolling."""

import datetime as dt
import os

import pytest
from django.test import Client
from django.utils import timezone

from zhengzhi.conftest import CHROMIUM
from zhengzhi.ledger.models import Priority, Problem

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium is not installed"),
]


@pytest.mark.parametrize("path", ["/ledger/problems/", "/ledger/"])
def test_every_column_is_in_view_at_1366(live_server, browser, staff, new_problem, path):
    # The widest rows an office sees: urgent, overdue, open for weeks (days and working hours).
    made = [new_problem(address="柳岸社区10幢2单元楼下东侧") for _ in range(3)]
    Problem.objects.filter(pk=made[0].pk).update(
        status="dispatched",
        priority=Priority.URGENT,
        reported_at=timezone.now() - dt.timedelta(days=40, hours=5, minutes=7),
        due_at=timezone.now() - dt.timedelta(days=3),
        pending="extension",
    )
    client = Client()
    client.force_login(staff["admin"])
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    ctx.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = ctx.new_page()
    page.goto(live_server.url + path)
    table = page.locator("table.ledger-table")
    last = table.locator("thead th").last.bounding_box()
    assert last["x"] + last["width"] <= 1366
    assert table.locator("xpath=..").evaluate("w => w.scrollWidth <= w.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
