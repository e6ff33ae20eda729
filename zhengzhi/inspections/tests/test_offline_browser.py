"""The checklist with no signal, in a real browser on a phone-sized window: the inspector loads
the day's visits; the network is cut (every request aborted with context.route: Playwright's
offline switch does not stop a service worker's requests); the checklist opens from what the
phone kept, is filled with two failures (a photo and a note each) and survives a reload; the
server receives nothing; the network returns and the visit and its two problems are in the
ledger; the same submission sent again makes no second visit. Screenshots in
/tmp/zz-field-shots/."""

import json
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhengzhi.conftest import sign_in
from zhengzhi.files.models import StoredFile
from zhengzhi.files.tests.samples import image_bytes
from zhengzhi.inspections.models import Answer, Visit, VisitStatus
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.tests.helpers import plan
from zhengzhi.inspections.tests.test_browser import sixty  # noqa: F401 (fixture)
from zhengzhi.ledger.models import Problem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SHOTS = Path("/tmp/zz-field-shots")


def test_a_checklist_filled_with_no_signal_is_sent_once_when_the_network_returns(
    live_server,
    browser,
    staff,
    units,
    sites,
    sixty,  # noqa: F811
    tmp_path,
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
    context = page.context
    page.goto(f"{live_server.url}/inspections/?day={today:%Y-%m-%d}")
    # The day's visits are loaded and kept on the phone (a service worker: localhost).
    expect(page.locator("#offline")).to_have_attribute("data-ready", "1")
    expect(page.locator("#offline")).to_have_attribute("data-mode", "sw")
    files_before = StoredFile.objects.count()

    aborted: list[str] = []

    def cut(route):
        aborted.append(route.request.url)
        route.abort()

    context.route("**/*", cut)
    page.locator("#day-visits a").first.click()
    page.wait_for_url(f"**/inspections/visits/{visit.pk}/")
    expect(page.locator(".cl-item")).to_have_count(60)
    for code, note in (("S2-03", "墙根有垃圾堆放"), ("S5-07", "井盖破损")):
        item = page.locator(f'.cl-item[data-code="{code}"]')
        item.locator(".tap-fail").click()
        item.locator("input[type=file]").set_input_files(str(photo))
        expect(item.locator(".photo-kept")).to_be_visible()
        item.locator("textarea").fill(note)
    page.locator(".all-pass").first.click()
    expect(page.locator("#answered")).to_have_text("12")

    # A reload mid-way, still with no signal: the draft comes back from IndexedDB.
    page.reload()
    expect(page.locator("#checklist-form")).to_have_attribute("data-restored", "1")
    expect(page.locator("#answered")).to_have_text("12")
    failed = page.locator('.cl-item[data-code="S5-07"]')
    expect(failed.locator("input[value=fail]")).to_be_checked()
    expect(failed.locator("textarea")).to_have_value("井盖破损")
    expect(failed.locator(".photo-kept")).to_be_visible()

    for button in page.locator(".all-pass").all():
        button.click()
    expect(page.locator("#answered")).to_have_text("60")
    page.locator("#submit-visit").click()
    expect(page.locator("#outbox-status")).to_have_attribute("data-waiting", "1")
    page.screenshot(path=str(SHOTS / "offline-waiting-phone.png"), full_page=True)

    # Nothing reached the server: every request was stopped on the phone.
    assert any("/api/v1/files/" in url for url in aborted)
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.PLANNED
    assert not Problem.objects.exists()
    assert StoredFile.objects.count() == files_before

    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.post_data or "") if "/submit" in r.url else None)
    context.unroute("**/*", cut)
    page.locator("#send-now").click()
    page.wait_for_url(f"**/inspections/visits/{visit.pk}/")
    expect(page.locator("#visit-failures")).to_have_text("2")
    page.screenshot(path=str(SHOTS / "offline-sent-phone.png"), full_page=True)

    visit.refresh_from_db()
    assert visit.status == VisitStatus.SUBMITTED and visit.client_id is not None
    assert StoredFile.objects.count() == files_before + 2
    page.goto(f"{live_server.url}/ledger/problems/")
    expect(page.locator("table.ledger-table tbody tr")).to_have_count(2)
    expect(page.locator("table.ledger-table tbody")).to_contain_text("墙根有垃圾堆放")

    # The same submission sent again: the first result, no second visit, no third problem.
    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    status, body = page.evaluate(
        """async ([url, body, token]) => {
            const r = await fetch(url, {method: "POST", body, headers: {
                "Content-Type": "application/json", "X-CSRFToken": token}});
            return [r.status, await r.json()];
        }""",
        [f"/api/v1/inspections/visits/{visit.pk}/submit", sent[-1], token],
    )
    assert status == 200 and body["replayed"] and body["visit"]["id"] == visit.pk
    assert json.loads(sent[-1])["client_id"] == str(visit.client_id)
    assert len(body["opened"]) == 2
    assert Problem.objects.count() == 2
    assert Answer.objects.filter(visit=visit).count() == 60
    assert Visit.objects.filter(status=VisitStatus.SUBMITTED).count() == 1


def test_on_plain_http_answers_wait_on_the_phone_until_a_page_is_next_open(
    live_server,
    browser,
    staff,
    units,
    sites,
    sixty,  # noqa: F811
    tmp_path,
):
    """No service worker (plain HTTP on the intranet: not a secure context, simulated here):
    the checklist is opened with a signal, filled and submitted without one; the answers and
    photos wait in IndexedDB and are sent when the day's page is next opened online."""
    today = timezone.localdate()
    p = plan(staff["admin"], [sixty], units=[units["c1"]], team=[staff["inspector"]])
    p.starts_on = p.ends_on = today
    p.save()
    (visit,) = plans.make_visits(p.pk, actor=staff["admin"])
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(image_bytes())

    page = sign_in(browser, live_server.url, "inspector", phone=True)
    page.context.add_init_script(
        "Object.defineProperty(window, 'isSecureContext', {get: () => false});"
    )
    page.goto(f"{live_server.url}/inspections/visits/{visit.pk}/")
    expect(page.locator("#offline")).to_have_attribute("data-mode", "plain")
    expect(page.locator("#offline-mode")).to_contain_text("HTTP")
    expect(page.locator("#checklist-form")).to_have_attribute("data-restored", "1")
    page.context.route("**/*", lambda route: route.abort())
    for code in ("S1-01", "S6-10"):
        item = page.locator(f'.cl-item[data-code="{code}"]')
        item.locator(".tap-fail").click()
        item.locator("input[type=file]").set_input_files(str(photo))
        expect(item.locator(".photo-kept")).to_be_visible()
        item.locator("textarea").fill("垃圾未清")
    for button in page.locator(".all-pass").all():
        button.click()
    page.locator("#submit-visit").click()
    expect(page.locator("#outbox-status")).to_have_attribute("data-waiting", "1")
    page.screenshot(path=str(SHOTS / "plain-waiting-phone.png"), full_page=True)
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.PLANNED

    page.context.unroute("**/*")
    page.goto(f"{live_server.url}/inspections/?day={today:%Y-%m-%d}")
    expect(page.locator("#outbox-status")).to_have_attribute("data-sent", "1")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SUBMITTED and visit.failures == 2
    assert Problem.objects.count() == 2


def test_logging_out_forgets_the_pages_kept_on_the_phone(
    live_server,
    browser,
    staff,
    units,
    sites,
    sixty,  # noqa: F811
):
    today = timezone.localdate()
    p = plan(staff["admin"], [sixty], units=[units["c1"]], team=[staff["inspector"]])
    p.starts_on = p.ends_on = today
    p.save()
    plans.make_visits(p.pk, actor=staff["admin"])
    page = sign_in(browser, live_server.url, "inspector", phone=True)
    page.goto(f"{live_server.url}/inspections/?day={today:%Y-%m-%d}")
    expect(page.locator("#offline")).to_have_attribute("data-ready", "1")
    assert any(n.startswith("zz-") for n in page.evaluate("caches.keys()"))
    # Drafts and waiting submissions are kept in a store of the inspector's own.
    stores = page.evaluate("indexedDB.databases().then(d => d.map(x => x.name))")
    assert f"zz-inspections-{staff['inspector'].pk}" in stores
    page.locator(".navtoggle").click()  # a phone: the tools fold away behind the menu
    page.locator("form[action$='/accounts/logout/'] button").click()
    page.wait_for_url("**/accounts/login/**")
    # The next user of the phone finds none of the pages kept, and no service worker.
    page.wait_for_function(
        "async () => !(await caches.keys()).some(n => n.startsWith('zz-')) && "
        "(await navigator.serviceWorker.getRegistrations()).length === 0"
    )
