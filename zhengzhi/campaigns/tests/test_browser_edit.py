"""In headless Chromium: the office reorders a campaign's phases with the arrows and adds one
with the button (edit.js), then saves; the list is saved in the order shown."""

import pytest

from zhengzhi.campaigns.tests.test_browser import SHOTS, _session, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phases_moved_and_added_in_the_browser(live_server, browser, campaign):  # noqa: F811
    base = live_server.url
    office = _session(browser, base, "admin")
    office.goto(f"{base}/campaigns/{campaign.pk}/phases/")
    rows = office.locator("#phases-form tr.row")
    rows.nth(1).locator("[data-move=up]").click()
    office.locator("[data-add-row]").click()
    new = rows.nth(rows.count() - 1)
    new.locator("input[name$='-name']").fill("巩固提升")
    new.locator("input[name$='-starts_on']").fill("2026-06-20")
    new.locator("input[name$='-ends_on']").fill("2026-06-30")
    orders = [r.locator("input[name$='-ORDER']").input_value() for r in rows.all()]
    assert orders == [str(i + 1) for i in range(len(orders))]
    office.screenshot(path=f"{SHOTS}/campaign-phases-edit.png", full_page=True)
    office.locator("#phases-form button[type=submit]").click()
    office.wait_for_url(f"**/campaigns/{campaign.pk}/")
    assert [p.name for p in campaign.phases.all()] == ["集中拆除", "摸底排查", "巩固提升"]
