"""In headless Chromium: the office confirms a 督办函 the platform proposed (desktop); the unit's
leader finds it in the inbox on a phone, reads it, downloads the document and answers; the
office reads the answer."""

import os

import pytest
from playwright.sync_api import expect

from zhengzhi.accountability.models import Record, RecordStatus
from zhengzhi.accountability.services.proposals import propose
from zhengzhi.conftest import sign_in

from .conftest import NOW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("ZZ_SCREENSHOT_DIR", "/tmp")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop


def test_the_office_confirms_a_letter_and_the_unit_reads_and_answers_it(
    live_server, browser, late, letter_rule, leaders, units
):
    propose(NOW)
    rec = Record.objects.get(unit=units["c2"])
    base = live_server.url
    office = sign_in(browser, base, "admin")
    office.goto(f"{base}/accountability/")
    office.locator(f"#proposal-{rec.pk} a").click()
    office.wait_for_url(f"**/accountability/{rec.pk}/")
    expect(office.locator("#record-total")).to_have_text("800")
    office.fill("#id_note", "请高度重视。")
    office.screenshot(path=f"{SHOTS}/accountability-proposal-desktop.png", full_page=True)
    office.locator("#approve").click()
    expect(office.locator("#record-status")).to_have_text("已印发")
    expect(office.locator("#record-name")).to_contain_text("督办函〔")
    rec.refresh_from_db()
    assert rec.status == RecordStatus.ISSUED and rec.number == 1

    unit = sign_in(browser, base, "c2_leader", phone=True)
    unit.goto(f"{base}/notifications/")
    unit.locator("a", has_text="督办函").first.click()
    unit.wait_for_url(f"**/accountability/{rec.pk}/")
    expect(unit.locator("#record-basis")).to_contain_text(late["c2_a"].number)
    expect(unit.locator("#record-amounts")).to_contain_text("500")
    with unit.expect_download() as download:
        unit.locator("#download-docx").click()
    assert download.value.suggested_filename.endswith(".docx")
    unit.fill("#id_response", "已于当日组织清理，整改到位。")
    unit.screenshot(path=f"{SHOTS}/accountability-unit-answers-phone.png", full_page=True)
    unit.locator("#send-response").click()
    expect(unit.locator("#record-response")).to_contain_text("整改到位")
    expect(unit.locator("#record-status")).to_have_text("已答复")

    office.reload()
    expect(office.locator("#record-response")).to_contain_text("整改到位")
    rec.refresh_from_db()
    assert rec.status == RecordStatus.ANSWERED
