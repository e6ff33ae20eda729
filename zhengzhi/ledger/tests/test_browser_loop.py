"""The closed loop in headless Chromium, as four people: the grid worker records a problem on the
map, the dispatcher registers and dispatches it, the unit's handler accepts it and reports back
with a photo, the inspector verifies and closes it. Each logs in through the login page."""

import io
import os

import pytest
from django.db import connections
from PIL import Image
from playwright.sync_api import expect, sync_playwright

from zhengzhi.conftest import PASSWORD
from zhengzhi.ledger.models import Problem, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = "/usr/bin/chromium"
SHOTS = os.environ.get("ZZ_SCREENSHOT_DIR", "/tmp")


@pytest.fixture
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
    # itself are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        # The test's own ORM queries ran while Playwright's loop was running, on a connection of
        # their own context; close it there, or PostgreSQL cannot drop the test database.
        connections.close_all()
        chromium.close()


def _photo(path) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (90, 140, 60)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def _session(browser, base, username, *, phone=False, **context):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    page = browser.new_context(viewport=viewport, **context).new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def _act(page, move: str):
    """Submits the action's form (its main button), after opening it if it is folded."""
    box = page.locator(f"#action-{move}")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    box.locator("button[type=submit]").first.click()
    page.wait_for_load_state("load")


def test_four_people_close_the_loop(
    live_server, browser, staff, categories, grids, units, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url

    # 1. The grid worker, on a phone: tap the map, see grid and owner, fill in, photograph, save.
    page = _session(browser, base, "handler", phone=True)
    page.goto(base + "/ledger/problems/new/")
    expect(page.locator("#record-map")).to_have_attribute("data-grids", "1")
    point = page.evaluate("() => window.zzRecordMap.latLngToContainerPoint([30.004, 120.006])")
    page.locator("#record-map").click(position={"x": point["x"], "y": point["y"]})
    expect(page.locator("#route-result")).to_contain_text("柳岸1")
    # The marker's image comes from our static files (it once showed as a broken image).
    marker = page.locator(".leaflet-marker-icon").first
    expect(marker).to_have_attribute("src", "/static/vendor/leaflet/images/marker-icon.png")
    page.wait_for_function("() => document.querySelector('.leaflet-marker-icon').naturalWidth > 0")
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "放大")
    expect(page.locator("#route-result dd.owner")).to_have_text("柳岸社区")
    page.select_option("#id_main_category", label="04 街面秩序")
    page.select_option("#id_category", "0401")
    page.fill("#id_description", "柳岸路菜场门口占道经营，摊位堵住人行道")
    page.fill("#id_address", "柳岸路8号")
    page.set_input_files("#id_photos", _photo(tmp_path / "before.jpg"))
    page.screenshot(path=f"{SHOTS}/ledger-browser-record-phone.png", full_page=True)
    page.click("#record-submit")
    page.wait_for_url("**/ledger/problems/*/")
    problem = Problem.objects.get()
    assert problem.owner_unit == units["c1"] and problem.grid == grids[0]
    assert abs(problem.lon - 120.006) < 1e-4 and abs(problem.lat - 30.004) < 1e-4
    expect(page.locator("h1")).to_contain_text(problem.number)
    expect(page.locator(".photos img")).to_have_count(1)
    page.context.close()

    # 2. The dispatcher registers and dispatches (owner and department suggested).
    page = _session(browser, base, "dispatcher")
    page.goto(base + "/ledger/")
    expect(page.locator("#tab-register .count")).to_have_text("1")
    page.click(f"text={problem.number}")
    _act(page, "register")
    expect(page.locator("#action-dispatch")).to_be_visible()
    assert page.locator("#action-dispatch select[name=owner_unit]").input_value() == str(
        units["c1"].pk
    )
    _act(page, "dispatch")
    expect(page.locator(".head-status .status")).to_have_class("status st-dispatched")
    page.screenshot(path=f"{SHOTS}/ledger-browser-dispatched.png", full_page=True)
    page.context.close()

    # 3. The community's handler accepts and reports back with a photo.
    page = _session(browser, base, "handler")
    page.goto(base + "/ledger/?tab=handle")
    page.click(f"text={problem.number}")
    _act(page, "accept")
    page.fill("#action-report_back textarea[name=note]", "摊位已清理，人行道恢复通行")
    page.set_input_files("#action-report_back input[name=photos]", _photo(tmp_path / "after.jpg"))
    _act(page, "report_back")
    expect(page.locator(".head-status .status")).to_have_class("status st-reported_back")
    page.context.close()

    # 4. The inspector verifies on the spot and closes it: the close standard ticked, where
    # they stand recorded by the phone (about 20 m from the problem's point), a photo.
    page = _session(
        browser,
        base,
        "inspector",
        phone=True,
        geolocation={"latitude": 30.0041, "longitude": 120.0062, "accuracy": 8},
        permissions=["geolocation"],
    )
    page.goto(base + "/ledger/?tab=verify")
    page.click(f"text={problem.number}")
    expect(page.locator(".photo-columns img")).to_have_count(2)  # before and after
    page.fill("#action-close textarea[name=note]", "现场核查，已整改到位")
    page.check("#action-close input[name=checked][value='店外无经营物品']")
    page.locator("#action-close [data-locate]").click()
    expect(page.locator("#action-close [data-locate-result]")).to_contain_text("米")
    page.set_input_files("#action-close input[name=photos]", _photo(tmp_path / "verify.jpg"))
    page.screenshot(path=f"{SHOTS}/ledger-browser-verify-phone.png", full_page=True)
    _act(page, "close")
    expect(page.locator("#verified-where")).to_contain_text("米")
    expect(page.locator("#verify-photos img")).to_have_count(1)
    expect(page.locator(".head-status .status")).to_have_class("status st-closed")
    expect(page.locator(".timeline .ev")).to_have_count(6)
    page.screenshot(path=f"{SHOTS}/ledger-browser-closed.png", full_page=True)
    page.context.close()

    problem.refresh_from_db()
    assert problem.status == Status.CLOSED and problem.closed_on_time is True
    kinds = list(problem.events.values_list("kind", flat=True))
    assert kinds == ["report", "register", "dispatch", "accept", "report_back", "close"]
    actors = list(problem.events.values_list("actor__username", flat=True))
    assert actors == ["handler", "dispatcher", "dispatcher", "handler", "handler", "inspector"]


def test_the_list_count_arrives_after_the_rows(
    live_server, browser, staff, new_problem, monkeypatch
):
    from zhengzhi.ledger.views import lists

    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    for _ in range(3):
        new_problem()
    page = _session(browser, live_server.url, "dispatcher")
    page.goto(live_server.url + "/ledger/problems/")
    expect(page.locator("#list-count")).to_have_text("共 3 个问题。")
    expect(page.locator("#next-page")).to_be_visible()
    page.context.close()
