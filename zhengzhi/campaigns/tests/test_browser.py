"""In headless Chromium: the office creates a campaign from a template and starts it, a street
leader reports on a phone, the office reads the dispatch sheet with its chart."""

import datetime as dt
import os

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from zhengzhi.campaigns.models import Campaign, ProgressReport, Task
from zhengzhi.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = "/usr/bin/chromium"
SHOTS = os.environ.get("ZZ_SCREENSHOT_DIR", "/tmp")


@pytest.fixture
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield chromium
        connections.close_all()
        chromium.close()


def _session(browser, base, username, *, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def test_template_to_report_to_sheet(live_server, browser, units, staff, categories):
    base = live_server.url
    office = _session(browser, base, "admin")
    office.goto(base + "/campaigns/new/")
    office.locator("a.template-card[data-key=river_structures]").click()
    office.fill("#id_name", "河道违建拆除（测试）")
    office.locator("#setup-form button[value=setup]").click()
    # Step 3: the test district has no water bureau: the office picks the lead units. Wait for
    # the step to load first: .all() does not wait, and on the setup page it finds no select.
    expect(office.locator("#assign-form")).to_be_visible()
    for select in office.locator("select[name$='-lead']").all():
        if not select.input_value():
            select.select_option(str(units["dept"].pk))
    office.screenshot(path=f"{SHOTS}/campaign-assign.png", full_page=True)
    office.fill("input[name='t1-target']", "40")
    office.locator("#assign-form button[value=assign]").click()
    expect(office.locator("#confirm-form")).to_be_visible()
    office.locator("#confirm-form button[value=create]").click()
    office.wait_for_url("**/campaigns/*/")
    campaign = Campaign.objects.get(name="河道违建拆除（测试）")
    assert campaign.tasks.count() == 5
    office.locator("button[name=status][value=active]").click()
    expect(office.locator("#current-phase")).to_contain_text("摸底排查")
    # As if set up and started this morning: after the day's last cut-off, a campaign started
    # just now owes nothing (and offers nothing to file) before tomorrow's first cut-off.
    morning = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(0, 1)))
    Campaign.objects.filter(pk=campaign.pk).update(started_at=morning)
    Task.objects.filter(campaign=campaign).update(created_at=morning)

    # The street leader reports the demolitions of the day on a phone.
    phone = _session(browser, base, "street_leader", phone=True)
    phone.goto(base + "/campaigns/report/")
    phone.locator("a.report-link", has_text="拆除河道管理范围内违建").first.click()
    # The day's morning slot (open before 11:00, late after it); in the evening the form
    # offers tomorrow's first slot first, for a unit that reports early.
    phone.select_option("#id_slot", f"{timezone.localdate().isoformat()}|0")
    phone.fill("#id_figure", "5")
    phone.fill("#id_text", "拆除养殖棚5处")
    phone.screenshot(path=f"{SHOTS}/campaign-report-phone.png", full_page=True)
    phone.locator("#report-form button[type=submit]").click()
    phone.wait_for_url("**/campaigns/report/")
    report = ProgressReport.objects.get()
    assert report.figure == 5 and report.unit_id == units["street"].pk

    # The office reads the sheet: the figure, the lead unit's total and the chart.
    office.goto(f"{base}/campaigns/{campaign.pk}/sheet/")
    row = office.locator("#sheet tr.unit-row", has_text=units["street"].name).nth(1)
    expect(row).to_contain_text("5")
    expect(office.locator("#burnup svg")).to_have_count(1)
    office.screenshot(path=f"{SHOTS}/campaign-sheet.png", full_page=True)
