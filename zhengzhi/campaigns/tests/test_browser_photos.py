"""In headless Chromium on a phone: a unit reports with two camera photos, shrunk before they
are sent; the office sees them as thumbnails on the task page."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from zhengzhi.audit.models import AuditEvent
from zhengzhi.campaigns.models import Campaign, ProgressReport
from zhengzhi.campaigns.tests.test_browser import SHOTS, _session, browser  # noqa: F401
from zhengzhi.files.models import StoredFile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _camera_photo(path) -> str:
    """3000 x 2000 pixels of noise at high quality: several MB, as a phone camera writes."""
    buffer = io.BytesIO()
    Image.effect_noise((3000, 2000), 60).convert("RGB").save(buffer, "JPEG", quality=95)
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_photos_are_shrunk_on_the_phone_and_shown_to_the_office(
    live_server,
    browser,  # noqa: F811
    campaign,
    units,
    staff,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=30)
    )
    assignment = campaign.task.assignments.get(unit=units["c1"])
    originals = [_camera_photo(tmp_path / f"IMG_{i}.jpg") for i in (1, 2)]
    base = live_server.url

    phone = _session(browser, base, "handler", phone=True)
    phone.goto(f"{base}/campaigns/report/{assignment.pk}/")
    phone.fill("#id_figure", "3")
    phone.fill("#id_text", "拆除违建3处")
    phone.set_input_files("#id_photos", originals)
    expect(phone.locator("#previews .preview img")).to_have_count(2)
    phone.screenshot(path=f"{SHOTS}/campaign-report-photos-phone.png", full_page=True)
    phone.locator("#report-submit").click()
    phone.wait_for_url("**/campaigns/report/")

    report = ProgressReport.objects.get()
    files = StoredFile.objects.filter(owner_id=report.pk, purpose="progress")
    assert files.count() == 2
    sent = [e.data["uploaded_size"] for e in AuditEvent.objects.filter(action="file.upload")]
    original_size = min(
        (tmp_path / "IMG_1.jpg").stat().st_size, (tmp_path / "IMG_2.jpg").stat().st_size
    )
    assert len(sent) == 2 and max(sent) < original_size / 2  # shrunk in the browser
    assert all(max(f.width, f.height) <= 1600 for f in files)

    office = _session(browser, base, "admin")
    office.goto(f"{base}/campaigns/{campaign.pk}/tasks/{campaign.task.pk}/")
    thumbs = office.locator("#reports img.report-thumb")
    expect(thumbs).to_have_count(2)
    # Both thumbnails load (the files app serves them to the office), however slow the server.
    office.wait_for_function(
        "() => [...document.querySelectorAll('#reports img.report-thumb')]"
        ".every(i => i.complete && i.naturalWidth > 0)",
        timeout=15000,
    )
    office.screenshot(path=f"{SHOTS}/campaign-task-photos.png", full_page=True)
