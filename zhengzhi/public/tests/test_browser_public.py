"""A citizen on a phone-sized window, in Chinese: reports a problem with a photo (shrunk in the
browser), follows the tracking code, and, once the office has closed the problem, rates it."""

import io
import os

import pytest
from django.db import connections
from PIL import Image
from playwright.sync_api import expect, sync_playwright

from zhengzhi.files.models import StoredFile
from zhengzhi.files.services import store_upload
from zhengzhi.files.tests.samples import upload
from zhengzhi.ledger.models import Status
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.tests.pages_support import close_checked
from zhengzhi.public.models import PublicReport, Rating
from zhengzhi.public.tests.conftest import INSIDE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = "/usr/bin/chromium"
SHOTS = os.environ.get("ZZ_SCREENSHOT_DIR", "/tmp")


@pytest.fixture
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        connections.close_all()
        chromium.close()


def _big_photo(path) -> str:
    """A phone camera's photo: 3000 x 2000 pixels, with EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneCo"  # Make
    buffer = io.BytesIO()
    im = Image.effect_noise((3000, 2000), 60).convert("RGB")
    im.save(buffer, "JPEG", quality=95, exif=exif)
    path.write_bytes(buffer.getvalue())
    return str(path)


def _tap(page, lon: float, lat: float) -> None:
    point = page.evaluate(
        "([lat, lon]) => { const p = window.zzReportMap.latLngToContainerPoint([lat, lon]);"
        " return {x: p.x, y: p.y}; }",
        [lat, lon],
    )
    page.locator("#report-map").click(position=point)


def test_report_follow_and_rate_on_a_phone(
    live_server, browser, categories, grids, staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    # 1. The form, in Chinese; the map shows the grids without fetching tiles.
    page.goto(base + "/report")
    expect(page.locator("h1")).to_have_text("我要举报")
    expect(page.locator("#report-map")).to_have_attribute("data-areas", "2")
    page.select_option("#id_category", "0101")
    page.fill("#id_description", "小区东门口垃圾堆了三天没人清理")
    original = _big_photo(tmp_path / "IMG_0001.jpg")
    page.set_input_files("#id_photos", original)
    expect(page.locator("#previews img")).to_have_count(1)
    _tap(page, *INSIDE)
    expect(page.locator("#place-result")).to_contain_text("柳岸社区")
    page.fill("#id_phone", "13812341234")
    page.screenshot(path=f"{SHOTS}/public-report-phone.png", full_page=True)

    # 2. Send (a second tap while sending does nothing): the code and the link.
    page.locator("#report-submit").dblclick()
    page.wait_for_url("**/report/sent/*")
    code = page.locator("#tracking-code").inner_text().strip()
    report = PublicReport.objects.select_related("problem").get()
    assert code == report.tracking_code and PublicReport.objects.count() == 1
    page.screenshot(path=f"{SHOTS}/public-sent-phone.png", full_page=True)
    stored = StoredFile.objects.get(owner_id=report.problem_id)
    assert max(stored.width, stored.height) <= 1600  # shrunk in the browser
    with Image.open(settings.MEDIA_ROOT / stored.path) as im:
        assert len(im.getexif()) == 0

    # 3. Follow it.
    page.locator("#track-link").click()
    page.wait_for_url(f"**/track/{code}")
    expect(page.locator("#public-status")).to_have_text("已收到，待受理")
    expect(page.locator(".rate-card")).to_have_count(0)

    # 4. The office registers and dispatches it, the unit handles it, the inspector closes it.
    p = moves.register(report.problem_id, actor=staff["dispatcher"])
    p = moves.dispatch(p.pk, actor=staff["dispatcher"])
    p = moves.accept(p.pk, actor=staff["handler"])
    after = store_upload(
        upload("after.jpg", (tmp_path / "IMG_0001.jpg").read_bytes()),
        user=staff["handler"],
        unit=p.owner_unit,
    )
    p = moves.report_back(p.pk, actor=staff["handler"], note="已清运", photo_ids=[after.pk])
    p = close_checked(p.pk, actor=staff["inspector"])
    assert p.status == Status.CLOSED

    # 5. The citizen sees it done, with the after-photo, and rates it.
    page.reload()
    expect(page.locator("#public-status")).to_have_text("已办结")
    expect(page.locator(".after-photos img")).to_have_count(1)
    page.locator(".choice-satisfied").click()
    page.fill("#id_comment", "清理得很干净，谢谢")
    page.screenshot(path=f"{SHOTS}/public-track-phone.png", full_page=True)
    page.locator("#rate-submit").click()
    page.wait_for_url(f"**/track/{code}")
    expect(page.locator("#rated")).to_contain_text("满意")
    expect(page.locator(".messages")).to_contain_text("感谢您的评价")
    page.screenshot(path=f"{SHOTS}/public-rated-phone.png", full_page=True)
    report.refresh_from_db()
    assert report.rating == Rating.SATISFIED and report.rating_comment == "清理得很干净，谢谢"
    assert not errors
    context.close()


def test_the_form_works_without_the_map(
    live_server, browser, categories, grids, settings, tmp_path
):
    """Leaflet blocked: the map gives way to the address and the phone's location."""
    settings.MEDIA_ROOT = tmp_path / "media"
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.route("**/leaflet.js", lambda route: route.abort())
    page.goto(live_server.url + "/report")
    expect(page.locator("#report-map")).to_be_hidden()
    expect(page.locator("#map-help")).to_contain_text("地图暂时无法使用")
    page.select_option("#id_category", "0401")
    page.fill("#id_description", "流动摊贩占道")
    page.fill("#id_address", "桃园路3号")
    page.locator("#report-submit").click()
    page.wait_for_url("**/report/sent/*")
    assert PublicReport.objects.get().problem.address == "桃园路3号"
    context.close()
