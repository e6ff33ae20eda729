"""Through the pages and the API: the office sees the proposals and approves one; a unit sees
only its own issued records (a proposal and another unit's record are 404, the document too),
answers in writing; the office edits the rules; the list pages' query counts do not grow."""

import datetime as dt

import pytest
from django.urls import reverse

from zhengzhi.accountability.models import LadderRule, Record, RecordKind, RecordStatus
from zhengzhi.accountability.services import records as services
from zhengzhi.accountability.services.proposals import propose
from zhengzhi.conftest import local

from .conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 11, 20, 10))]


@pytest.fixture
def proposed(late, letter_rule, units):
    propose(NOW)
    return {
        "c1": Record.objects.filter(unit=units["c1"]).order_by("pk").first(),
        "c2": Record.objects.get(unit=units["c2"]),
    }


def test_the_office_approves_a_proposal_and_the_unit_answers(client, proposed, leaders):
    rec = proposed["c2"]
    client.force_login(leaders["admin"])
    page = client.get(reverse("accountability:records")).content.decode()
    assert 'id="proposed"' in page and page.count("/accountability/") >= 3
    detail = client.get(reverse("accountability:record", args=[rec.pk])).content.decode()
    assert 'id="approve"' in detail and "800" in detail
    response = client.post(
        reverse("accountability:issue", args=[rec.pk]), {"version": rec.version, "note": ""}
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.status == RecordStatus.ISSUED and rec.number == 1
    # The unit: reads it, downloads it, answers it.
    client.force_login(leaders["c2_leader"])
    detail = client.get(reverse("accountability:record", args=[rec.pk])).content.decode()
    assert 'id="respond-form"' in detail and 'id="approve"' not in detail
    doc = client.get(reverse("accountability:document", args=[rec.pk]))
    assert doc.status_code == 200 and doc["Content-Type"].endswith("document")
    assert b"".join(doc) == bytes(rec.document.content)
    client.post(
        reverse("accountability:respond", args=[rec.pk]),
        {"version": rec.version, "response": "已于11月21日清理完毕。"},
    )
    rec.refresh_from_db()
    assert rec.status == RecordStatus.ANSWERED and rec.responded_by == leaders["c2_leader"]
    # The unit cannot approve.
    assert (
        client.post(
            reverse("accountability:issue", args=[proposed["c1"].pk]), {"version": 1}
        ).status_code
        == 404
    )


def test_a_unit_sees_only_its_own_issued_records(client, proposed, leaders):
    c1, c2 = proposed["c1"], proposed["c2"]
    client.force_login(leaders["c2_leader"])
    # Not yet approved: nothing for the unit.
    assert client.get(reverse("accountability:record", args=[c2.pk])).status_code == 404
    assert client.get("/api/v1/accountability/records").json() == []
    for rec in (c1, c2):
        services.issue(rec.pk, actor=leaders["admin"], version=rec.version, now=NOW)
    page = client.get(reverse("accountability:records")).content.decode()
    assert reverse("accountability:record", args=[c2.pk]) in page
    assert reverse("accountability:record", args=[c1.pk]) not in page
    for name in ("record", "document"):
        assert client.get(reverse(f"accountability:{name}", args=[c1.pk])).status_code == 404
    assert client.get(f"/api/v1/accountability/records/{c1.pk}").status_code == 404
    listed = client.get("/api/v1/accountability/records").json()
    assert [r["id"] for r in listed] == [c2.pk]
    # Another unit cannot answer it; its own can, through the API; a stale version is 409.
    c1.refresh_from_db()
    url = f"/api/v1/accountability/records/{c1.pk}/respond"
    body = {"version": c1.version, "response": "x"}
    assert client.post(url, body, content_type="application/json").status_code == 404
    c2.refresh_from_db()
    url = f"/api/v1/accountability/records/{c2.pk}/respond"
    bad = client.post(url, {"version": 0, "response": "y"}, content_type="application/json")
    assert bad.status_code == 409
    body = {"version": c2.version, "response": "已整改"}
    ok = client.post(url, body, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "answered"


def test_api_approval_and_a_refusal(client, proposed, leaders):
    rec = proposed["c2"]
    client.force_login(leaders["admin"])
    url = f"/api/v1/accountability/records/{rec.pk}/issue"
    ok = client.post(url, {"version": rec.version}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["number"] == 1 and ok.json()["document"]
    again = client.post(url, {"version": ok.json()["version"]}, content_type="application/json")
    assert again.status_code == 422 and again.json()["code"] == "status"
    bad = client.post(url, {"version": "x"}, content_type="application/json")
    assert bad.status_code in (400, 422)


def test_list_pages_do_not_grow_with_the_records(
    client, late, sheet_rule, letter_rule, leaders, django_assert_max_num_queries
):
    propose(NOW)
    client.force_login(leaders["admin"])
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("accountability:records"))
    n = len(few.captured_queries)
    for rec in Record.objects.all():
        services.issue(rec.pk, actor=leaders["admin"], version=rec.version, now=NOW)
    propose(NOW + dt.timedelta(days=30))
    assert Record.objects.count() > 5
    with django_assert_max_num_queries(n):
        client.get(reverse("accountability:records"))


def test_the_office_edits_a_rule(client, leaders):
    client.force_login(leaders["admin"])
    response = client.post(
        reverse("accountability:rule_new"),
        {"name": "超期5天督查单", "kind": "sheet", "days": 5, "per_problem": 100,
         "leader_amount": 300, "head_amount": 500, "repeat_factor": 2, "letters": 2,
         "issuer": "区创卫办", "is_active": "on",
         "shares_text": "区城管局长:3\n街道党政主要负责人：3\n城管副局长:4"},
    )  # fmt: skip
    assert response.status_code == 302
    rule = LadderRule.objects.get(name="超期5天督查单")
    assert rule.kind == RecordKind.SHEET and rule.shares == [
        ["区城管局长", 3],
        ["街道党政主要负责人", 3],
        ["城管副局长", 4],
    ]
    bad = client.post(
        reverse("accountability:rule_edit", args=[rule.pk]),
        {"name": "x", "kind": "sheet", "days": 5, "per_problem": 100, "leader_amount": 300,
         "head_amount": 500, "repeat_factor": 2, "letters": 2, "issuer": "区创卫办",
         "shares_text": "区城管局长 三", "version": rule.version},
    )  # fmt: skip
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    assert LadderRule.objects.get(pk=rule.pk).name == "超期5天督查单"
    client.force_login(leaders["c1_leader"])
    assert client.get(reverse("accountability:rules")).status_code == 404
