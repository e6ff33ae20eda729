"""Reporters' identities: only office staff who deal with citizens reveal them, each time with a
reason in the audit log; the problem page shows them masked to the office and not at all to
anyone else."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import make_user
from zhengzhi.core.roles import Role
from zhengzhi.public.services.identity import (
    can_see_reporters,
    masked_identity,
    reporter_identity,
)

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL = "欧阳秘密", "13987654321", "mimi@example.cn"


@pytest.fixture
def report(public_report):
    r, _ = public_report(name=NAME, phone=PHONE, email=EMAIL)
    return r


def detail(problem):
    return reverse("ledger:detail", args=[problem.pk])


def reveal_url(report):
    return reverse("public_office:reveal", args=[report.pk])


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("admin", True),
        ("dispatcher", True),
        ("shiftlead", True),
        ("followup", True),
        ("inspector", False),
        ("officelead", False),
        ("leader", False),
        ("street_leader", False),
        ("handler", False),
        ("dept_handler", False),
        ("other_handler", False),
    ],
)
def test_only_the_office_staff_who_deal_with_citizens_may_see_reporters(staff, who, allowed):
    assert can_see_reporters(staff[who]) is allowed


def test_no_one_else_passes_by_odd_accounts(units, staff):
    from django.contrib.auth.models import AnonymousUser

    assert not can_see_reporters(AnonymousUser())
    assert not can_see_reporters(None)
    # A dispatcher's role held outside the office, a superuser without an office role, a
    # leader who is also an office admin, and a deactivated dispatcher.
    assert not can_see_reporters(make_user("d_out", units["c1"], Role.DISPATCHER))
    root = make_user("root", units["c1"], is_superuser=True)
    assert not can_see_reporters(root)
    assert not can_see_reporters(make_user("both", units["office"], Role.LEADER, Role.OFFICE_ADMIN))
    gone = make_user("gone", units["office"], Role.DISPATCHER)
    gone.is_active = False
    assert not can_see_reporters(gone)


def test_the_identity_is_stored_encrypted_and_masked(report):
    assert NAME not in report.name_enc and PHONE not in report.phone_enc
    assert EMAIL not in report.email_enc
    assert report.name_masked == "欧***" and report.phone_masked == "139****4321"


def test_revealing_decrypts_and_records_who_why_and_when(report, staff):
    before = AuditEvent.objects.filter(action="public.reporter.view").count()
    who = reporter_identity(report, user=staff["followup"], reason="  回访   满意度 ")
    assert (who.name, who.phone, who.email) == (NAME, PHONE, EMAIL)
    event = AuditEvent.objects.filter(action="public.reporter.view").get()
    assert before == 0
    assert event.actor == staff["followup"] and event.object_id == str(report.pk)
    assert event.data["reason"] == "回访 满意度" and event.data["problem_id"] == report.problem_id
    # The audit row itself carries no identity.
    assert NAME not in str(event.data) and PHONE not in str(event.data)


@pytest.mark.parametrize("who", ["handler", "dept_handler", "leader", "inspector", "officelead"])
def test_anyone_else_is_refused_and_nothing_is_recorded(report, staff, who):
    with pytest.raises(PermissionDenied):
        reporter_identity(report, user=staff[who], reason="想知道")
    with pytest.raises(PermissionDenied):
        masked_identity(report, user=staff[who])
    assert not AuditEvent.objects.filter(action="public.reporter.view").exists()


@pytest.mark.parametrize("reason", ["", "  ", "x", "长" * 201])
def test_a_reason_is_required_and_bounded(report, staff, reason):
    with pytest.raises(ValidationError):
        reporter_identity(report, user=staff["dispatcher"], reason=reason)
    assert not AuditEvent.objects.filter(action="public.reporter.view").exists()


def test_the_office_sees_the_reporter_masked_with_a_form_to_reveal(client, report, staff):
    client.force_login(staff["dispatcher"])
    html = client.get(detail(report.problem)).content.decode()
    assert 'id="public-reports"' in html
    assert "欧***" in html and "139****4321" in html and report.tracking_code in html
    assert reveal_url(report) in html and 'name="reason"' in html
    assert NAME not in html and PHONE not in html and EMAIL not in html
    # Looking at the page is not revealing anything.
    assert not AuditEvent.objects.filter(action="public.reporter.view").exists()


@pytest.mark.parametrize("who", ["handler", "dept_handler", "leader", "inspector"])
def test_everyone_else_sees_only_that_the_public_reported_it(client, report, staff, who):
    from zhengzhi.ledger.services import moves

    moves.register(report.problem_id, actor=staff["dispatcher"])
    moves.dispatch(report.problem_id, actor=staff["dispatcher"])
    client.force_login(staff[who])
    client.cookies["django_language"] = "en"
    html = client.get(detail(report.problem)).content.decode()
    assert 'id="public-reports"' in html and "Reported by the public" in html
    for leak in (
        "欧***",
        "139****4321",
        report.tracking_code,
        reveal_url(report),
        "reveal-reasons",
    ):
        assert leak not in html


def test_revealing_on_the_page_with_htmx_shows_the_row_and_audits(client, report, staff):
    client.force_login(staff["admin"])
    response = client.post(reveal_url(report), {"reason": "核实问题位置"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"].startswith("no-store")
    assert html.lstrip().startswith("<li") and f'id="reporter-{report.pk}"' in html
    assert NAME in html and PHONE in html and EMAIL in html and "核实问题位置" in html
    event = AuditEvent.objects.get(action="public.reporter.view")
    assert event.actor == staff["admin"] and event.data["reason"] == "核实问题位置"


def test_revealing_without_htmx_is_a_page_of_its_own(client, report, staff):
    client.force_login(staff["followup"])
    response = client.post(reveal_url(report), {"reason": "回访"})
    assert response.status_code == 200 and NAME in response.content.decode()
    assert detail(report.problem) in response.content.decode()


def test_revealing_without_a_reason_asks_for_one_and_shows_nothing(client, report, staff):
    client.force_login(staff["dispatcher"])
    client.cookies["django_language"] = "en"
    response = client.post(reveal_url(report), {"reason": " "})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Say why you need" in html and NAME not in html and PHONE not in html
    hx = client.post(reveal_url(report), {"reason": ""}, HTTP_HX_REQUEST="true")
    assert hx.status_code == 200 and "Say why you need" in hx.content.decode()
    assert not AuditEvent.objects.filter(action="public.reporter.view").exists()


@pytest.mark.parametrize("who", ["handler", "dept_handler", "leader", "inspector", None])
def test_the_reveal_address_does_not_exist_for_anyone_else(client, report, staff, who):
    if who:
        client.force_login(staff[who])
    response = client.post(reveal_url(report), {"reason": "想知道是谁"})
    assert response.status_code in (302, 404) if who is None else response.status_code == 404
    assert NAME not in response.content.decode()
    assert client.get(reveal_url(report)).status_code in (404, 405)
    assert not AuditEvent.objects.filter(action="public.reporter.view").exists()


def test_an_unknown_report_is_not_found_for_the_office_too(client, staff):
    client.force_login(staff["admin"])
    assert (
        client.post(reverse("public_office:reveal", args=[999999]), {"reason": "x"}).status_code
        == 404
    )


def test_an_anonymous_report_has_nothing_to_reveal(client, public_report, staff):
    report, _ = public_report(name="", phone="", email="")
    client.force_login(staff["dispatcher"])
    client.cookies["django_language"] = "en"
    html = client.get(detail(report.problem)).content.decode()
    assert "Anonymous: no name or contact given." in html and reveal_url(report) not in html


def test_a_merged_duplicates_reporters_are_shown_on_the_master(client, public_report, staff):
    from zhengzhi.ledger.services import moves

    first, _ = public_report(name="张三", phone="13811112222")
    second, _ = public_report(name="李四", phone="13933334444", description="同一处垃圾")
    moves.merge(second.problem_id, actor=staff["dispatcher"], master_id=first.problem_id)
    client.force_login(staff["dispatcher"])
    client.cookies["django_language"] = "en"
    html = client.get(detail(first.problem)).content.decode()
    assert "张*" in html and "李*" in html and "138****2222" in html and "139****4444" in html
    assert f"via {second.problem.number}" in html and "reported 2 times" in html
    client.force_login(staff["handler"])
    html = client.get(detail(first.problem)).content.decode()
    assert "张*" not in html and "李*" not in html


def test_the_panel_speaks_chinese_by_default(client, report, staff):
    client.force_login(staff["dispatcher"])
    html = client.get(detail(report.problem)).content.decode()
    for text in ("群众举报", "查看举报人", "查看原因", "疑似重复问题", "需要进度通知"):
        assert text in html
    for english in (
        "Public reports",
        "Reveal the reporter",
        "Possible duplicates",
        "wants updates",
    ):
        assert english not in html
