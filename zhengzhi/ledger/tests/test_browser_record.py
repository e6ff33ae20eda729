"""The grid worker on a phone (390 x 844): a photo survives a refused submit of the record form
and lands on the problem after the retry; the page fits the screen, its labels do not wrap a
character a line, the main categories are grouped by event and component, no empty aria-label.
The same page on a 1366 x 768 desktop."""

import pytest
from playwright.sync_api import expect

from zhengzhi.files.models import StoredFile
from zhengzhi.ledger.models import Problem
from zhengzhi.ledger.tests.test_browser_loop import SHOTS, _photo, _session, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FITS = "() => document.scrollingElement.scrollWidth <= window.innerWidth"
EMPTY_ARIA = "() => [...document.querySelectorAll('[aria-label]')].filter(e => !e.getAttribute('aria-label').trim()).length"
# A label of one line is not taller than two lines of its own text.
WRAPPED = """() => [...document.querySelectorAll('.field-inline label')].filter(l => {
  const line = parseFloat(getComputedStyle(l).lineHeight) || 24;
  return l.getBoundingClientRect().height > 1.6 * line; }).map(l => l.textContent)"""


def test_a_photo_survives_a_refused_submit_on_a_phone(
    live_server,
    browser,
    staff,
    categories,
    grids,
    units,
    settings,
    tmp_path,  # noqa: F811
):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    page = _session(browser, base, "handler", phone=True)
    page.goto(base + "/ledger/problems/new/")
    expect(page.locator("#record-map")).to_have_attribute("data-grids", "1")
    assert page.evaluate(FITS), page.evaluate("document.scrollingElement.scrollWidth")
    assert page.evaluate(EMPTY_ARIA) == 0
    assert page.evaluate(WRAPPED) == []
    groups = page.eval_on_selector_all("#id_main_category optgroup", "gs => gs.map(g => g.label)")
    assert groups == ["事件", "部件"]
    others = page.eval_on_selector_all(
        "#id_main_category option", "os => os.map(o => o.parentNode.label + '/' + o.textContent)"
    )
    assert "事件/99 其他" in others and "部件/29 其他" in others

    # No place given: the server refuses; the photo chosen is kept and shown.
    page.select_option("#id_main_category", label="01 市容环境")
    page.select_option("#id_category", "0101")
    page.fill("#id_description", "柳岸路口垃圾堆放")
    page.set_input_files("#id_photos", _photo(tmp_path / "rubbish.jpg"))
    page.click("#record-submit")
    page.wait_for_load_state("load")
    expect(page.locator(".errorlist.nonfield")).to_contain_text("请给出位置")
    kept = page.locator(".kept-photos img")
    expect(kept).to_have_count(1)
    page.wait_for_function("() => document.querySelector('.kept-photos img').naturalWidth > 0")
    expect(page.locator("#id_description")).to_have_value("柳岸路口垃圾堆放")
    assert page.evaluate(FITS)
    page.screenshot(path=f"{SHOTS}/ledger-record-kept-photo-phone.png", full_page=True)

    # The place given, sent again: the problem has the photo taken the first time.
    point = page.evaluate("() => window.zzRecordMap.latLngToContainerPoint([30.004, 120.006])")
    page.locator("#record-map").click(position={"x": point["x"], "y": point["y"]})
    expect(page.locator("#route-result")).to_contain_text("柳岸1")
    page.click("#record-submit")
    page.wait_for_url("**/ledger/problems/*/")
    problem = Problem.objects.get()
    photo = StoredFile.objects.get()
    assert (photo.owner_id, photo.purpose) == (problem.pk, "before")
    assert photo.original_name == "rubbish.jpg"
    expect(page.locator(".photos img")).to_have_count(1)
    assert page.evaluate(FITS)
    page.screenshot(path=f"{SHOTS}/ledger-record-saved-phone.png", full_page=True)
    page.context.close()


def test_the_record_page_on_a_desktop(
    live_server,
    browser,
    staff,
    categories,
    grids,
    units,  # noqa: F811
):
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.close()
    page = _session(browser, live_server.url, "handler")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + "/ledger/problems/new/")
    expect(page.locator("#record-map")).to_have_attribute("data-grids", "1")
    assert page.evaluate(FITS) and page.evaluate(WRAPPED) == []
    page.screenshot(path=f"{SHOTS}/ledger-record-desktop.png", full_page=True)
    page.context.close()
