"""A dispatcher recording a 12345 or hotline call enters the caller's name and phone: stored
encrypted as a public report of the hotline channel, confidential exactly as a citizen's own
report, so the caller hears back; the unit that must fix the problem never learns who called."""

import pytest
from django.urls import reverse

from zhengzhi.audit.models import AuditEvent
from zhengzhi.ledger.models import Problem, Source
from zhengzhi.ledger.services import moves
from zhengzhi.public import crypto
from zhengzhi.public.models import Channel, PublicReport
from zhengzhi.public.services import notify
from zhengzhi.public.services.identity import reporter_identity
from zhengzhi.public.tests.test_identity_leaks import crawl, leaks
from zhengzhi.public.tests.test_notify import SENT, RecordingSms  # noqa: F401

pytestmark = pytest.mark.django_db
NEW = reverse("ledger:new")
API = "/api/v1/ledger/problems"
NAME, PHONE = "欧阳来电", "13987650000"


@pytest.fixture(autouse=True)
def _gateway(settings):
    settings.SMS_BACKEND = "zhengzhi.public.tests.test_notify.RecordingSms"
    settings.PUBLIC_URL = "https://zzt.example.gov.cn"
    SENT.clear()
    yield
    SENT.clear()


def form(**overrides):
    return {
        "category": "0401",
        "source": "hotline",
        "description": "来电反映沿街店铺占道经营",
        "address": "柳岸路12号",
        "lon": "120.005",
        "lat": "30.005",
        "caller_name": NAME,
        "caller_phone": PHONE,
        **overrides,
    }


def test_the_dispatcher_records_the_caller_encrypted(client, staff, categories, grids):
    client.force_login(staff["dispatcher"])
    page = client.get(NEW).content.decode()
    assert 'name="caller_name"' in page and 'name="caller_phone"' in page
    response = client.post(NEW, form())
    assert response.status_code == 302
    problem = Problem.objects.get()
    report = PublicReport.objects.get(problem=problem)
    assert problem.source == Source.HOTLINE and report.channel == Channel.HOTLINE
    assert report.has_contact and report.wants_updates
    assert NAME not in report.name_enc and PHONE not in report.phone_enc
    assert crypto.decrypt(report.name_enc) == NAME and crypto.decrypt(report.phone_enc) == PHONE
    assert report.name_masked == "欧***" and report.phone_masked == "139****0000"
    audit = AuditEvent.objects.get(action="problem.report")
    assert audit.data["caller"] is True and NAME not in str(audit.data)
    # The office sees the call masked on the problem page, and reveals it as any reporter's:
    # with a reason, audited.
    page = client.get(reverse("ledger:detail", args=[problem.pk])).content.decode()
    assert leaks(page.encode(), [report.name_masked, report.phone_masked])
    who = reporter_identity(report, user=staff["followup"], reason="回访")
    assert (who.name, who.phone) == (NAME, PHONE)


def test_the_caller_hears_back_by_sms(
    client, staff, categories, grids, django_capture_on_commit_callbacks
):
    client.force_login(staff["dispatcher"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, form(register="on"))
    assert response.status_code == 302
    report = PublicReport.objects.get()
    [(phone, text)] = SENT
    assert phone == PHONE and text.startswith("【整治通】")
    assert text.endswith(f"https://zzt.example.gov.cn/track/{report.tracking_code}")
    assert notify.messages_of([report], report.problem)[report.pk][0]["state"] == "sent"


def test_without_a_caller_no_report_is_made(client, staff, categories, grids):
    client.force_login(staff["dispatcher"])
    response = client.post(NEW, form(caller_name="", caller_phone=""))
    assert response.status_code == 302
    assert not PublicReport.objects.exists()


def test_a_bad_phone_is_refused_and_everything_typed_is_kept(client, staff, categories, grids):
    client.force_login(staff["dispatcher"])
    response = client.post(NEW, form(caller_phone="call me"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{NAME}"' in html and 'value="call me"' in html
    assert not Problem.objects.exists() and not PublicReport.objects.exists()


def test_a_unit_has_no_caller_fields_and_the_api_refuses_them(client, staff, categories, grids):
    client.force_login(staff["handler"])
    page = client.get(NEW).content.decode()
    assert "caller_name" not in page and "caller_phone" not in page
    body = {**form(source="patrol"), "lon": 120.005, "lat": 30.005}
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 403 and not Problem.objects.exists()


def test_the_api_takes_the_caller_from_the_dispatcher(client, staff, categories, grids):
    client.force_login(staff["dispatcher"])
    body = {**form(), "lon": 120.005, "lat": 30.005}
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert crypto.decrypt(PublicReport.objects.get().phone_enc) == PHONE
    bad = {**body, "caller_phone": "x" * 40}
    response = client.post(API, bad, content_type="application/json")
    assert response.status_code in (400, 422) and PublicReport.objects.count() == 1


@pytest.mark.parametrize("who", ["handler", "street_leader", "dept_handler", "leader"])
def test_the_unit_never_learns_who_called(client, staff, categories, grids, who):
    client.force_login(staff["dispatcher"])
    client.post(NEW, form())
    problem = Problem.objects.get()
    moves.register(problem.pk, actor=staff["dispatcher"])
    moves.dispatch(problem.pk, actor=staff["dispatcher"])
    report = PublicReport.objects.get()
    secrets = [NAME, PHONE, report.name_masked, report.phone_masked, report.tracking_code]
    client.force_login(staff[who])
    detail = reverse("ledger:detail", args=[problem.pk])
    starts = ["/", reverse("ledger:queue"), reverse("ledger:list"), detail]
    found, visited = {}, []
    for url, response, body in crawl(client, starts):
        visited.append(url)
        assert response.status_code < 500, url
        if bad := leaks(body, secrets):
            found[url] = bad
    assert found == {}
    assert detail in visited or who != "handler"
    api = client.get(f"{API}/{problem.pk}")
    assert not leaks(api.content, secrets)
