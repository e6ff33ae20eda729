"""The citizen's form and tracking page on a phone, as a county office found them: a field's
"必填" goes once the field is filled in; a text file named .jpg is refused by name and shows no
broken thumbnail; the tracking page shows the citizen's own photo and a map of the place."""

import pytest
from playwright.sync_api import expect

from zhengzhi.public.models import PublicReport
from zhengzhi.public.tests.conftest import INSIDE
from zhengzhi.public.tests.test_browser_public import SHOTS, _big_photo, _tap, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_stale_messages_go_a_fake_photo_is_refused_and_the_tracking_page_shows_photo_and_map(
    live_server,
    browser,
    categories,
    grids,
    staff,
    settings,
    tmp_path,  # noqa: F811
):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "/report")
    expect(page.locator("#report-map")).to_have_attribute("data-areas", "2")

    # Sent empty: each field says what it needs, in our words.
    page.locator("#report-submit").click()
    description = page.locator('[data-field="description"] .errorlist')
    expect(description).to_have_text("请描述问题。")
    expect(page.locator('[data-field="category"] .errorlist')).to_have_text("请选择问题类型。")
    # Filled in: the message under it goes at once, the other stays.
    page.fill("#id_description", "小区东门口垃圾堆了三天没人清理")
    expect(description).to_have_count(0)
    expect(page.locator('[data-field="category"] .errorlist')).to_have_count(1)
    page.select_option("#id_category", "0101")
    expect(page.locator('[data-field="category"] .errorlist')).to_have_count(0)

    # A text file named .jpg: named in the refusal, not counted, no broken thumbnail.
    fake = tmp_path / "门口.jpg"
    fake.write_text("这不是照片")
    page.set_input_files("#id_photos", str(fake))
    expect(page.locator('[data-field="photos"] .errorlist')).to_contain_text("“门口.jpg”不是照片")
    expect(page.locator("#previews img")).to_have_count(0)
    page.set_input_files("#id_photos", _big_photo(tmp_path / "IMG_0002.jpg"))
    expect(page.locator("#previews img")).to_have_count(1)
    _tap(page, *INSIDE)
    expect(page.locator("#place-result")).to_contain_text("柳岸社区")
    page.locator("#report-submit").click()
    page.wait_for_url("**/report/sent/*")
    report = PublicReport.objects.get()

    # The tracking page: their own photo, and the map with the place.
    page.goto(f"{base}/track/{report.tracking_code}")
    expect(page.locator("#own-photos img")).to_have_count(1)
    page.wait_for_function("() => document.querySelector('#own-photos img').naturalWidth > 0")
    expect(page.locator("#track-map")).to_have_attribute("data-ready", "1")
    marker = page.evaluate(
        "() => { const out = []; window.zzTrackMap.eachLayer(l => { if (l.getLatLng)"
        " out.push([l.getLatLng().lng, l.getLatLng().lat]); }); return out; }"
    )
    problem = report.problem
    assert marker == [[round(problem.lon, 7), round(problem.lat, 7)]]  # where the citizen tapped
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=f"{SHOTS}/public-track-own-photo-map-phone.png", full_page=True)
    assert not errors
    context.close()
