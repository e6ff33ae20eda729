"""In a real browser: an officer files a case at a retailer from its site page, sees the three
rechecks (查一补三) appear, records one, and reads the case in the statistics table. Screenshots
of the pages on a desktop and a phone in /tmp/shots-cases/."""

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from zhengzhi.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SHOTS = Path("/tmp/shots-cases")


def _session(browser, base, username, *, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    page = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def test_file_a_case_at_a_retailer(live_server, browser, cpeople, types, retailer):
    SHOTS.mkdir(exist_ok=True)
    page = _session(browser, live_server.url, "officer")
    page.goto(f"{live_server.url}/sites/{retailer.pk}/")
    page.get_by_role("link", name="在此场所立案").click()
    expect(page.locator("#case-site")).to_contain_text("柳岸便利店")
    page.select_option("#id_case_type", label="非渠道进货")
    page.fill("#id_value", "0.36")
    page.fill("#id_goods_0", "云烟(软珍品)")
    page.fill("#id_qty_0", "12")
    page.select_option("#id_unit_0", value="carton")
    page.fill("#id_goods_1", "中华(硬)")
    page.fill("#id_qty_1", "2")
    page.select_option("#id_unit_1", value="pack")
    page.screenshot(path=str(SHOTS / "new-case.png"), full_page=True)
    page.locator("#case-form button[type=submit]").click()
    page.wait_for_url("**/cases/*/")
    expect(page.locator("#case-sticks")).to_contain_text("0.24")  # 12 条 + 2 包 = 2,440 支
    rechecks = page.locator("#rechecks li")
    expect(rechecks).to_have_count(3)
    page.screenshot(path=str(SHOTS / "case.png"), full_page=True)
    first = page.locator("#recheck-1")
    first.locator("select[name=result]").select_option("clean")
    first.locator("input[name=note]").fill("未发现违规卷烟")
    first.locator("button").click()
    page.wait_for_load_state("load")
    expect(page.locator("#recheck-1")).to_contain_text("未发现违法")
    expect(page.locator("#recheck-1 .tag-ok")).to_be_visible()
    page.screenshot(path=str(SHOTS / "case-recheck-done.png"), full_page=True)
    # The table of this year holds the case.
    page.goto(f"{live_server.url}/cases/tables/")
    row = page.locator("#breakdown-table tr", has_text="非渠道进货")
    expect(row).to_contain_text("1")
    expect(page.locator("#total-row")).to_contain_text("0.24")
    expect(page.locator("#total-row")).to_contain_text("0.36")
    page.screenshot(path=str(SHOTS / "tables.png"), full_page=True)
    # On a phone.
    phone = _session(browser, live_server.url, "officer", phone=True)
    phone.goto(f"{live_server.url}/cases/")
    expect(phone.locator("#case-table")).to_contain_text(f"{dt.date.today().year}-00001")
    phone.screenshot(path=str(SHOTS / "list-phone.png"), full_page=True)
    phone.locator("#case-table a").first.click()
    phone.wait_for_url("**/cases/*/")
    phone.screenshot(path=str(SHOTS / "case-phone.png"), full_page=True)
