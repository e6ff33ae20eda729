"""In a real browser on a phone-sized window: an inspector opens the day's visits, fills a
60-item checklist with "all pass" per section and two failures (one tap, a photo and a note
each), submits, and sees the score; the ledger holds the two problems. Screenshots of the
pages in /tmp/zz-insp-shots/."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhengzhi.conftest import sign_in
from zhengzhi.files.tests.samples import image_bytes
from zhengzhi.inspections.models import Checklist, PlaceKind, Visit
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.services.loading import make_version
from zhengzhi.inspections.tests.helpers import plan
from zhengzhi.ledger.models import Category, Problem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SHOTS = Path("/tmp/zz-insp-shots")


@pytest.fixture
def sixty(shipped):
    category = Category.objects.get(code="0102")
    checklist = Checklist.objects.create(
        code="sixty", name="六十项检查表", place_kind=PlaceKind.STREET, site_kinds=["market"]
    )
    rows = [
        {
            "code": f"S{s}-{n:02d}",
            "section": f"第{s}组",
            "text": f"检查内容 {s}-{n}",
            "position": s * 100 + n,
            "scoring": "pass_fail",
            "points": Decimal(1),
            "deduction": None,
            "bands": [],
            "photo_required": True,
            "problem_category_id": category.pk,
            "standard_item_id": None,
            "checkpoint_id": None,
            "standard_category_id": None,
        }
        for s in range(1, 7)
        for n in range(1, 11)
    ]
    make_version(checklist, rows, pass_line=Decimal(90))
    checklist.refresh_from_db()
    return checklist


def test_a_60_item_checklist_with_two_failures_on_a_phone(
    live_server, browser, staff, units, sites, sixty, tmp_path
):
    SHOTS.mkdir(exist_ok=True)
    today = timezone.localdate()
    p = plan(staff["admin"], [sixty], units=[units["c1"]], team=[staff["inspector"]])
    p.starts_on = p.ends_on = today
    p.save()
    (visit,) = plans.make_visits(p.pk, actor=staff["admin"])
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(image_bytes())

    page = sign_in(browser, live_server.url, "inspector", phone=True)
    page.goto(f"{live_server.url}/inspections/?day={today:%Y-%m-%d}")
    page.screenshot(path=str(SHOTS / "today-phone.png"), full_page=True)
    page.locator("#day-visits a").first.click()
    page.wait_for_url(f"**/inspections/visits/{visit.pk}/")
    expect(page.locator(".cl-item")).to_have_count(60)
    for code, note in (("S2-03", "墙根有垃圾堆放"), ("S5-07", "井盖破损")):
        item = page.locator(f'.cl-item[data-code="{code}"]')
        item.locator(".tap-fail").click()
        item.locator("input[type=file]").set_input_files(str(photo))
        item.locator("textarea").fill(note)
    for button in page.locator(".all-pass").all():
        button.click()
    expect(page.locator("#answered")).to_have_text("60")
    page.screenshot(path=str(SHOTS / "checklist-phone.png"), full_page=True)
    page.locator("#submit-visit").click()
    expect(page.locator("#visit-failures")).to_have_text("2")
    expect(page.locator("#visit-score")).to_contain_text("58")
    page.screenshot(path=str(SHOTS / "visit-phone.png"), full_page=True)

    visit = Visit.objects.get(pk=visit.pk)
    assert visit.percent == Decimal("96.67") and visit.passed
    problems = Problem.objects.filter(site=sites["market"]).order_by("pk")
    assert [p.description.split("（")[0] for p in problems] == ["检查内容 2-3", "检查内容 5-7"]
    assert all(p.owner_unit == units["c1"] for p in problems)
