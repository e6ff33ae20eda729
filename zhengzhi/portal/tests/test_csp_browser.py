"""The Content-Security-Policy refuses nothing the app itself serves: the main pages load in
headless Chromium without a single violation, and the inline-script paths still work."""

import os
import shutil

import pytest
from playwright.sync_api import expect

from zhengzhi.conftest import PASSWORD
from zhengzhi.ledger.models import Category, Source
from zhengzhi.ledger.services import intake
from zhengzhi.ledger.services.categories import load_categories

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium is not installed"),
]
# Every violation also fires this DOM event; collected in the page, read after each load.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile
                    + ":" + e.lineNumber);
});
"""


def _watched(ctx):
    page = ctx.new_page()
    page.add_init_script(WATCH)
    page.console_csp = []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and page.console_csp.append(m.text),
    )
    return page


def _clean(page):
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__csp") + page.console_csp


def test_the_main_pages_load_without_csp_violations(live_server, browser, people, demo_grids):
    load_categories()
    problem = intake.report_problem(
        actor=people["handler"],
        source=Source.PATROL,
        category=Category.objects.get(code="0401"),
        description="沿街店铺占道经营",
        lon=120.015,
        lat=30.005,
        address="柳岸路12号",
    )
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = _watched(ctx)

    response = page.goto(live_server.url + "/accounts/login/")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    assert _clean(page) == []
    page.fill("#id_username", "handler")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("h1")).to_contain_text("欢迎")
    assert _clean(page) == []

    # the list and the ranking carry inline <script>/<style> blocks with the nonce
    pages = ["/", "/ledger/problems/", f"/ledger/problems/{problem.pk}/", "/ledger/ranking/"]
    for path in [*pages, "/territory/map/"]:
        assert page.goto(live_server.url + path).status == 200, path
        assert _clean(page) == [], path

    # the language menu submits itself (a script file now, no onchange attribute)
    page.select_option("select[name=language]", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert _clean(page) == []

    public = _watched(browser.new_context(viewport={"width": 390, "height": 844}))
    public.goto(live_server.url + "/report")
    expect(public.locator("#report-form")).to_be_visible()
    assert _clean(public) == []


def test_an_inline_script_without_the_nonce_is_refused(live_server, browser, people):
    """The policy is really enforced: a script the page did not vouch for does not run."""
    page = _watched(browser.new_context())
    page.goto(live_server.url + "/accounts/login/")
    ran = page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__ran = true"; document.body.appendChild(s);
                   return window.__ran === true; }"""
    )
    assert ran is False
    page.wait_for_function("window.__csp.length > 0")
