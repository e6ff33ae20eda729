"""In headless Chromium: a leader's dashboard on a desktop and a phone (the map's clusters and
the charts drawn from the server's figures); the office drafts, edits and issues a bulletin, and
a unit reads it from its inbox."""

import os

import pytest
from playwright.sync_api import expect

from zhengzhi.conftest import sign_in
from zhengzhi.supervision.models import Edition, EditionStatus, IssuedDocument

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("ZZ_SCREENSHOT_DIR", "/tmp")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop


def test_a_leaders_dashboard_on_a_desktop_and_a_phone(live_server, browser, facts, leaders):
    base = live_server.url
    for phone in (False, True):
        page = sign_in(browser, base, "leader", phone=phone)
        page.goto(f"{base}/supervision/")
        expect(page.locator("#dash-map[data-loaded='1']")).to_be_attached()
        expect(page.locator("#dash-charts[data-loaded='1']")).to_be_attached()
        expect(page.locator("#dash-open .n")).to_have_text("3")
        expect(page.locator("#dash-overdue .n")).to_have_text("2")
        clusters = page.locator(".dash-cluster span")
        expect(clusters.first).to_be_visible()
        total = sum(int(t) for t in clusters.all_inner_texts())
        assert total == 3
        expect(page.locator(".dash-cluster.has-overdue").first).to_be_visible()
        assert page.locator("#chart-daily canvas").count() == 1
        page.screenshot(
            path=f"{SHOTS}/supervision-dashboard-{'phone' if phone else 'desktop'}.png",
            full_page=True,
        )
        page.locator("#dash-overdue").click()
        page.wait_for_url("**/ledger/problems/?overdue=1")
        expect(page.locator("body")).to_contain_text(facts["overdue"].number)
    unit = sign_in(browser, base, "c1_leader", phone=True)
    expect(unit.locator("#dash-unit-overdue-count")).to_have_text("1")
    unit.screenshot(path=f"{SHOTS}/supervision-unit-home-phone.png", full_page=True)


def test_the_office_drafts_edits_and_issues_and_a_unit_reads_it(
    live_server, browser, facts, leaders, series
):
    base = live_server.url
    office = sign_in(browser, base, "admin")
    office.goto(f"{base}/supervision/editions/")
    office.locator("#series input[name=day]").fill("2026-12-03")
    office.locator("#series button[type=submit]").click()
    office.wait_for_url("**/supervision/editions/*/")
    # The worker drafted it as the page was asked for (jobs run at once in the tests).
    office.reload()
    expect(office.locator("#edition-form")).to_be_visible()
    expect(office.locator("#section-overdue")).to_contain_text(facts["overdue"].number)
    office.fill("#id_progress_text", "本旬各单位积极推进整治工作。")
    office.fill("#id_advice_text", "一要提高认识。\n二要压实责任。")
    office.locator("#save-draft").click()
    expect(office.locator("#bulletin")).to_contain_text("本旬各单位积极推进整治工作。")
    office.screenshot(path=f"{SHOTS}/supervision-draft-desktop.png", full_page=True)
    office.locator("#issue").click()
    expect(office.locator("#edition-status")).to_have_text("已印发")
    expect(office.locator("#edition-name")).to_contain_text("第1期")
    edition = Edition.objects.get()
    assert edition.status == EditionStatus.ISSUED and edition.number == 1
    assert IssuedDocument.objects.filter(edition=edition, kind="docx").exists()

    unit = sign_in(browser, base, "c2_handler", phone=True)
    unit.goto(f"{base}/notifications/")
    unit.locator("a", has_text="创卫工作简报").first.click()
    unit.wait_for_url(f"**/supervision/editions/{edition.pk}/")
    expect(unit.locator("#bulletin")).to_contain_text("本旬各单位积极推进整治工作。")
    assert unit.locator("#edition-form").count() == 0
    with unit.expect_download() as download:
        unit.locator("#download-docx").click()
    assert download.value.suggested_filename.endswith(".docx")
    unit.screenshot(path=f"{SHOTS}/supervision-unit-reads-phone.png", full_page=True)
