# ruff: noqa: F811 (the fixtures imported from rosters_support are parameters here)
"""A clerk imports a roster with a bad row, sees it named, fixes the sheet, imports it, and
opens the imported site on a phone."""

import os

import pytest
from django.test import Client
from django.urls import reverse

from zhengzhi.conftest import CHROMIUM
from zhengzhi.sites.models import Site
from zhengzhi.sites.tests.rosters_support import (  # noqa: F401 (fixtures)
    IN_C1,
    IN_C1_G2,
    TEMPLATE,
    credit,
    template_row,
    territory,
    tobacco,
    xlsx,
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium is not installed"),
]


def _context(browser, live_server, user, viewport):
    client = Client()
    client.force_login(user)
    ctx = browser.new_context(viewport=viewport, locale="zh-CN")
    ctx.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            },
            {"name": "django_language", "value": "en", "url": live_server.url},
        ]
    )
    return ctx


def test_a_bad_row_is_named_fixed_imported_and_the_site_opens_on_a_phone(
    live_server, browser, people, territory, tobacco, tmp_path
):
    good = template_row("好又多便利店", "330199100001", IN_C1, credit_code=credit(1))
    bad = template_row("青青烟酒店", "330199100002", IN_C1_G2, credit_code="91350100M000100Y44")
    first = tmp_path / "花名册.xlsx"
    first.write_bytes(xlsx(TEMPLATE, [good, bad]))
    ctx = _context(browser, live_server, people["admin"], {"width": 1366, "height": 900})
    page = ctx.new_page()
    page.goto(live_server.url + reverse("sites:roster_home"))
    page.select_option("select[name=kind]", value=str(tobacco.pk))
    page.set_input_files("input[name=file]", str(first))
    page.click("form.stacked button[type=submit]")
    errors = page.locator("#roster-errors table.errors tbody tr")
    assert errors.count() == 1
    assert errors.first.locator("td").all_inner_texts() == [
        "3",
        "统一社会信用代码",
        "91350100M000100Y44: the check character does not match (GB 32100)",
    ]
    assert Site.objects.count() == 0
    fixed = tmp_path / "花名册-改.xlsx"
    bad[4] = credit(2)
    fixed.write_bytes(xlsx(TEMPLATE, [good, bad]))
    page.set_input_files("input[name=file]", str(fixed))
    page.click("#roster-errors ~ section button[type=submit]")
    assert "Every row is good." in page.locator("#roster-summary").inner_text()
    page.click("#roster-import")
    page.wait_for_selector("#imported-sites")
    assert Site.objects.count() == 2
    site = Site.objects.get(name="青青烟酒店")
    href = page.locator("#imported-sites a", has_text=site.code).get_attribute("href")
    assert href == reverse("sites:site", args=[site.pk])
    ctx.close()

    phone = _context(browser, live_server, people["admin"], {"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(live_server.url + href)
    assert page.locator("h1").inner_text().startswith("青青烟酒店")
    assert site.code in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()
