"""In headless Chromium: a supporting department files a site photo on a phone (a PDF first,
where a photo is asked for: refused, what was typed stays), then reads its completeness; the
office reads the decomposition table, the item and the completeness view on a desktop."""

import io
import os

import pytest
from playwright.sync_api import expect

from zhengzhi.archive.models import Evidence
from zhengzhi.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("ZZ_SCREENSHOT_DIR", "/tmp")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop
PDF = {"name": "巡查记录.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}


def _photo() -> dict:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (800, 600), (60, 140, 90)).save(buf, "JPEG")
    return {"name": "背街小巷整治.jpg", "mimeType": "image/jpeg", "buffer": buf.getvalue()}


def test_file_evidence_on_a_phone_then_read_the_completeness(
    live_server, browser, sanitary, table, reqs, people, units
):
    base = live_server.url
    phone = sign_in(browser, base, "dept_handler", phone=True)
    phone.goto(f"{base}/archive/{sanitary.pk}/")
    expect(phone.locator("#decomposition")).to_contain_text("东湖街道")
    phone.screenshot(path=f"{SHOTS}/archive-table-phone.png", full_page=True)
    phone.goto(f"{base}/archive/items/{table['item1'].pk}/")
    phone.locator(f"#req-{reqs['r1'].pk} a.button").click()
    phone.fill("#id_title", "东湖路背街小巷整治")
    phone.set_input_files("#id_file", PDF)  # a document where a photo is asked for
    phone.locator("#evidence-form button[type=submit]").click()
    expect(phone.locator(".errorlist")).to_be_visible()
    assert phone.input_value("#id_title") == "东湖路背街小巷整治"
    phone.screenshot(path=f"{SHOTS}/archive-upload-refused-phone.png", full_page=True)
    phone.set_input_files("#id_file", _photo())
    phone.locator("#evidence-form button[type=submit]").click()
    phone.wait_for_url(f"**/archive/items/{table['item1'].pk}/")
    expect(phone.locator(f"#req-{reqs['r1'].pk}")).to_contain_text("东湖路背街小巷整治")
    phone.screenshot(path=f"{SHOTS}/archive-item-phone.png", full_page=True)
    piece = Evidence.objects.get()
    assert (piece.unit, piece.title, piece.file.kind) == (
        units["dept"],
        "东湖路背街小巷整治",
        "image",
    )

    phone.goto(f"{base}/archive/{sanitary.pk}/completeness/")
    expect(phone.locator("#totals")).to_contain_text("11")  # the department's 11 pieces
    phone.screenshot(path=f"{SHOTS}/archive-completeness-phone.png", full_page=True)

    office = sign_in(browser, base, "admin")
    office.goto(f"{base}/archive/{sanitary.pk}/")
    office.screenshot(path=f"{SHOTS}/archive-table-desktop.png", full_page=True)
    office.goto(f"{base}/archive/items/{table['item1'].pk}/")
    office.screenshot(path=f"{SHOTS}/archive-item-desktop.png", full_page=True)
    office.locator(f"#req-{reqs['r1'].pk} form button", has_text="通过").first.click()
    expect(office.locator(f"#req-{reqs['r1'].pk}")).to_contain_text("已通过")
    office.goto(f"{base}/archive/{sanitary.pk}/completeness/")
    by_unit = office.locator("#by-unit")
    expect(by_unit).to_contain_text("城管执法局")
    expect(by_unit).to_contain_text("未明确责任单位")
    office.screenshot(path=f"{SHOTS}/archive-completeness-desktop.png", full_page=True)
