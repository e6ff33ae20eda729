"""In headless Chromium: a lead department enters a value with its document on a phone (a bad
value first: what was typed and the document stay), the office confirms it and reads the gap
page with its charts, on a desktop and on a phone."""

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from zhengzhi.conftest import sign_in
from zhengzhi.standards.models import IndicatorValue, Measure, ValueStatus
from zhengzhi.standards.tests.conftest import confirmed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("ZZ_SCREENSHOT_DIR", "/tmp")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop
PDF = {"name": "绿化普查报告.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}


def test_enter_on_a_phone_then_read_the_gap(
    live_server, browser, sanitary, greening, people, units
):
    admin = people["admin"]
    park = Measure.objects.get(code="park_area_per_capita")
    for year, value in ((2022, "6.1"), (2023, "6.6"), (2024, "7.0")):
        confirmed(admin, park, units["dept"], dt.date(year, 1, 1), value)
    for year, value in ((2022, "30.2"), (2023, "31.0")):
        confirmed(admin, greening, units["dept"], dt.date(year, 1, 1), value)
    base = live_server.url

    phone = sign_in(browser, base, "dept_handler", phone=True)
    phone.goto(base + "/standards/measures/")
    phone.locator("#measures a.button").first.click()
    phone.select_option("#id_unit", str(units["dept"].pk))
    phone.fill("#id_year", "2024")
    phone.fill("#id_value", "32,03")  # a comma: refused, nothing lost
    phone.fill("#id_note", "园林处普查")
    phone.set_input_files("#id_document", PDF)
    phone.locator("#value-form button[type=submit]").click()
    expect(phone.locator(".errorlist")).to_be_visible()
    expect(phone.locator("#kept-document")).to_contain_text("绿化普查报告.pdf")
    assert phone.input_value("#id_note") == "园林处普查"
    assert phone.input_value("#id_value") == "32,03"
    phone.screenshot(path=f"{SHOTS}/standards-enter-phone.png", full_page=True)
    phone.fill("#id_value", "32.03")
    phone.locator("#value-form button[type=submit]").click()
    phone.wait_for_url("**/standards/measures/*/")
    expect(phone.locator("#values")).to_contain_text("绿化普查报告.pdf")
    phone.screenshot(path=f"{SHOTS}/standards-values-phone.png", full_page=True)
    value = IndicatorValue.objects.get(period=dt.date(2024, 1, 1), measure=greening)
    assert value.document.original_name == "绿化普查报告.pdf" and value.note == "园林处普查"

    office = sign_in(browser, base, "admin")
    office.goto(f"{base}/standards/measures/{greening.pk}/")
    office.locator("#values button", has_text="确认").first.click()
    expect(office.locator(".messages")).to_contain_text("已确认")
    value.refresh_from_db()
    assert value.status == ValueStatus.CONFIRMED
    office.goto(f"{base}/standards/campaigns/{sanitary.pk}/")
    expect(office.locator("#verdict")).to_contain_text("一票否决")
    expect(office.locator("#gap-indicators")).to_contain_text("还差 3.97 个百分点")
    expect(office.locator("#gap-indicators")).to_contain_text("还差 1.5 m²")
    expect(office.locator("#trend svg")).to_be_visible()
    expect(office.locator("#gap-charts svg").first).to_be_visible()
    office.screenshot(path=f"{SHOTS}/standards-gap-desktop.png", full_page=True)
    # Drill down from the failing figure to its values and document.
    office.locator("#gap-indicators a", has_text="建成区绿化覆盖率").first.click()
    expect(office.locator("#values")).to_contain_text("绿化普查报告.pdf")

    reader = sign_in(browser, base, "leader", phone=True)
    reader.goto(f"{base}/standards/campaigns/{sanitary.pk}/")
    expect(reader.locator("#prerequisites")).to_contain_text("绿化覆盖率")
    reader.screenshot(path=f"{SHOTS}/standards-gap-phone.png", full_page=True)
