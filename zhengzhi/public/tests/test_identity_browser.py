"""In headless Chromium: the dispatcher sees a citizen's report masked, reveals the reporter
for a reason (htmx swaps the row in place), then merges a second report of the same thing from the
list of possible duplicates; the master then counts two reports. The unit's handler sees neither
the reporter nor the duplicates."""

import pytest
from playwright.sync_api import expect

from zhengzhi.audit.models import AuditEvent
from zhengzhi.ledger.models import Problem, Status
from zhengzhi.ledger.tests.test_browser_loop import SHOTS, _session, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reveal_and_merge_in_the_browser(browser, live_server, public_report, staff):  # noqa: F811
    first, _ = public_report(name="欧阳娜娜", phone="13987654321")
    second, _ = public_report(
        point=(120.0051, 30.005), name="张三", phone="13812341234", description="同一堆垃圾"
    )
    base = live_server.url

    page = _session(browser, base, "dispatcher")
    page.goto(f"{base}/ledger/problems/{first.problem_id}/")
    row = page.locator(f"#reporter-{first.pk}")
    expect(row).to_contain_text("欧***")
    expect(row).to_contain_text("139****4321")
    expect(page.locator("body")).not_to_contain_text("13987654321")
    row.locator("summary").click()
    row.locator("input[name=reason]").fill("向举报人核实问题的具体位置")
    row.locator("button[type=submit]").click()
    revealed = page.locator(f"#reporter-{first.pk} dl.revealed")
    expect(revealed).to_contain_text("欧阳娜娜")
    expect(revealed).to_contain_text("13987654321")
    assert page.url.endswith(f"/ledger/problems/{first.problem_id}/")  # swapped in place
    page.screenshot(path=f"{SHOTS}/zz-public-reveal.png", full_page=True)
    event = AuditEvent.objects.get(action="public.reporter.view")
    assert event.data["reason"] == "向举报人核实问题的具体位置"

    page.goto(f"{base}/ledger/problems/{second.problem_id}/")
    candidates = page.locator("#duplicates")
    expect(candidates).to_contain_text(first.problem.number)
    expect(candidates).to_contain_text("10 米")
    page.once("dialog", lambda d: d.accept())
    candidates.get_by_role("button", name=f"合并到 {first.problem.number}").click()
    expect(page.locator(".messages")).to_contain_text(second.problem.number)
    merged = Problem.objects.get(pk=second.problem_id)
    assert merged.status == Status.MERGED and merged.master_id == first.problem_id

    page.goto(f"{base}/ledger/problems/{first.problem_id}/")
    expect(page.locator("#public-reports")).to_contain_text("共举报 2 次")
    expect(page.locator(f"#reporter-{second.pk}")).to_contain_text("张*")
    page.context.close()

    handler = _session(browser, base, "handler")
    handler.goto(f"{base}/ledger/problems/{first.problem_id}/")
    expect(handler.locator("#public-reports")).to_contain_text("共举报 2 次")
    for hidden in ("欧", "张*", "139****", "138****", first.tracking_code):
        expect(handler.locator("#public-reports")).not_to_contain_text(hidden)
    expect(handler.locator("#duplicates")).to_have_count(0)
    handler.screenshot(path=f"{SHOTS}/zz-public-handler.png", full_page=True)
    handler.context.close()
