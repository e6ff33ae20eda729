"""Reporters are told when their problem is registered, not registered (with the reason) and
closed: by SMS and e-mail, through the ledger's listener registry (no signals), after commit,
with the tracking link and never a staff member's name."""

import pytest
from django.core import mail

from zhengzhi.conftest import make_user
from zhengzhi.core.roles import Role
from zhengzhi.jobs.models import Job, JobStatus
from zhengzhi.ledger.models import Status
from zhengzhi.ledger.services import moves, notices
from zhengzhi.ledger.tests.pages_support import close_checked
from zhengzhi.notifications.sms import SmsBackend, SmsError
from zhengzhi.public.services import notify

pytestmark = pytest.mark.django_db

SITE = "https://zz.example.gov.cn"
SENT: list[tuple[str, str]] = []


class RecordingSms(SmsBackend):
    fail_with: SmsError | None = None

    def send(self, phone, text):
        if RecordingSms.fail_with is not None:
            raise RecordingSms.fail_with
        SENT.append((phone, text))
        return f"test-{len(SENT)}"


@pytest.fixture(autouse=True)
def _gateway(settings):
    settings.SMS_BACKEND = "zhengzhi.public.tests.test_notify.RecordingSms"
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    SENT.clear()
    RecordingSms.fail_with = None
    yield
    SENT.clear()
    RecordingSms.fail_with = None


@pytest.fixture
def office(units, staff):
    """Staff with real names, which must never reach a citizen."""
    return {
        "dispatcher": make_user("li", units["office"], Role.DISPATCHER, full_name="李晓燕"),
        "inspector": make_user("zhang", units["office"], Role.INSPECTOR, full_name="张伟"),
        "handler": make_user("zhou", units["c1"], Role.HANDLER, full_name="周婷"),
    }


def staff_names(office):
    return [u.full_name for u in office.values()] + [u.username for u in office.values()]


def run(fn, django_capture_on_commit_callbacks, *args, **kw):
    with django_capture_on_commit_callbacks(execute=True):
        return fn(*args, **kw)


def to_closed(problem_id, office, capture):
    run(moves.register, capture, problem_id, actor=office["dispatcher"])
    run(moves.dispatch, capture, problem_id, actor=office["dispatcher"])
    run(moves.accept, capture, problem_id, actor=office["handler"])
    run(moves.report_back, capture, problem_id, actor=office["handler"], note="周婷已清理")
    return run(close_checked, capture, problem_id, actor=office["inspector"], note="张伟核查")


def test_the_listener_is_registered_by_the_app_not_by_a_signal():
    assert notices._LISTENERS[notify.LISTENER] is notify.on_problem_event


def test_registered_and_closed_reach_the_reporter_by_sms_and_email(
    public_report, office, django_capture_on_commit_callbacks
):
    report, _ = public_report(phone="13811112222", email="citizen@example.cn")
    code = report.tracking_code
    run(
        moves.register,
        django_capture_on_commit_callbacks,
        report.problem_id,
        actor=office["dispatcher"],
    )
    assert [phone for phone, _ in SENT] == ["13811112222"]
    assert code in SENT[0][1] and f"{SITE}/track/{code}" in SENT[0][1]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["citizen@example.cn"]
    assert code in mail.outbox[0].subject and f"/track/{code}" in mail.outbox[0].body

    run(
        moves.dispatch,
        django_capture_on_commit_callbacks,
        report.problem_id,
        actor=office["dispatcher"],
    )
    run(
        moves.accept, django_capture_on_commit_callbacks, report.problem_id, actor=office["handler"]
    )
    run(
        moves.report_back,
        django_capture_on_commit_callbacks,
        report.problem_id,
        actor=office["handler"],
        note="周婷已清理",
    )
    assert len(SENT) == 1 and len(mail.outbox) == 1  # nothing for the steps in between
    run(
        close_checked,
        django_capture_on_commit_callbacks,
        report.problem_id,
        actor=office["inspector"],
    )
    assert len(SENT) == 2 and len(mail.outbox) == 2
    texts = [t for _, t in SENT] + [m.subject + m.body for m in mail.outbox]
    for text in texts:
        for name in staff_names(office):
            assert name not in text
        assert "已清理" not in text  # internal notes stay inside
    jobs = Job.objects.filter(name=notify.JOB)
    assert jobs.count() == 4 and set(jobs.values_list("status", flat=True)) == {JobStatus.DONE}
    # The contact stays encrypted: a job holds ids, not the phone or the address.
    for job in jobs:
        assert "13811112222" not in str(job.args) and "citizen@" not in str(job.args)


def test_not_registered_tells_the_reason(public_report, office, django_capture_on_commit_callbacks):
    settings_lang = "zh-hans"
    report, _ = public_report(phone="13811112222")
    run(
        moves.reject,
        django_capture_on_commit_callbacks,
        report.problem_id,
        actor=office["dispatcher"],
        reason="属于物业管理范围，请联系物业",
    )
    assert (
        len(SENT) == 1 and "属于物业管理范围" in SENT[0][1] and report.tracking_code in SENT[0][1]
    )
    assert settings_lang  # the message is in the site's language (Chinese)
    assert "未予受理" in SENT[0][1]


def test_merged_reporters_hear_of_the_master(
    public_report, office, django_capture_on_commit_callbacks
):
    first, _ = public_report(phone="13811111111")
    second, _ = public_report(phone="13822222222", description="同一处")
    third, _ = public_report(phone="13833333333", description="还是这里")
    cap = django_capture_on_commit_callbacks
    # The master is registered; a duplicate merged later is told at once that it is accepted.
    run(moves.register, cap, first.problem_id, actor=office["dispatcher"])
    assert [p for p, _ in SENT] == ["13811111111"]
    run(moves.merge, cap, second.problem_id, actor=office["dispatcher"], master_id=first.problem_id)
    assert [p for p, _ in SENT] == ["13811111111", "13822222222"]
    assert second.tracking_code in SENT[1][1]
    run(moves.dispatch, cap, first.problem_id, actor=office["dispatcher"])
    run(moves.accept, cap, first.problem_id, actor=office["handler"])
    run(moves.report_back, cap, first.problem_id, actor=office["handler"], note="done")
    run(close_checked, cap, first.problem_id, actor=office["inspector"])
    closed = sorted(p for p, t in SENT[2:])
    assert closed == ["13811111111", "13822222222"]
    # Merged into a problem closed lately: told at once that it has been dealt with.
    run(moves.merge, cap, third.problem_id, actor=office["dispatcher"], master_id=first.problem_id)
    assert SENT[-1][0] == "13833333333" and third.tracking_code in SENT[-1][1]
    assert len(SENT) == 5  # nobody heard anything twice


def test_a_duplicate_merged_before_registration_hears_it_with_the_master(
    public_report, office, django_capture_on_commit_callbacks
):
    first, _ = public_report(phone="13811111111")
    second, _ = public_report(phone="13822222222")
    cap = django_capture_on_commit_callbacks
    run(moves.merge, cap, second.problem_id, actor=office["dispatcher"], master_id=first.problem_id)
    assert SENT == []
    run(moves.register, cap, first.problem_id, actor=office["dispatcher"])
    assert sorted(p for p, _ in SENT) == ["13811111111", "13822222222"]


def test_a_reopened_problem_closed_again_is_told_again(
    public_report, office, django_capture_on_commit_callbacks
):
    report, _ = public_report(phone="13811112222")
    cap = django_capture_on_commit_callbacks
    to_closed(report.problem_id, office, cap)
    run(moves.reopen, cap, report.problem_id, actor=office["inspector"], note="又堆上了")
    run(moves.accept, cap, report.problem_id, actor=office["handler"])
    run(moves.report_back, cap, report.problem_id, actor=office["handler"], note="再次清理")
    run(close_checked, cap, report.problem_id, actor=office["inspector"])
    # registered once, closed twice
    assert len(SENT) == 3


@pytest.mark.parametrize(
    "fields",
    [
        {"phone": "13811112222", "wants_updates": False},
        {"phone": "", "email": "", "name": "只留名字"},
    ],
)
def test_no_message_without_consent_or_contact(
    public_report, office, fields, django_capture_on_commit_callbacks
):
    report, _ = public_report(**fields)
    to_closed(report.problem_id, office, django_capture_on_commit_callbacks)
    assert SENT == [] and mail.outbox == []
    assert not Job.objects.filter(name=notify.JOB).exists()


def test_a_problem_recorded_by_staff_tells_no_one(
    new_problem, office, django_capture_on_commit_callbacks
):
    p = new_problem()
    to_closed(p.pk, office, django_capture_on_commit_callbacks)
    assert SENT == [] and not Job.objects.filter(name=notify.JOB).exists()


def test_a_rolled_back_move_queues_nothing(public_report, office):
    from django.db import transaction

    report, _ = public_report(phone="13811112222")

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        moves.register(report.problem_id, actor=office["dispatcher"])
        assert Job.objects.filter(name=notify.JOB).count() == 1
        raise Boom
    assert not Job.objects.filter(name=notify.JOB).exists()


def test_a_failing_listener_never_blocks_the_ledger(public_report, office, caplog):
    report, _ = public_report(phone="13811112222")

    def broken(problem, event, **data):
        raise RuntimeError("listener down")

    notices.register_listener("test.broken", broken)
    try:
        p = moves.register(report.problem_id, actor=office["dispatcher"])
    finally:
        notices.unregister_listener("test.broken")
    assert p.status == Status.REGISTERED
    assert "listener down" in caplog.text
    # The public listener, registered before it, still queued its message.
    assert Job.objects.filter(name=notify.JOB).count() == 1


def test_a_gateway_hiccup_is_retried_and_a_bad_number_is_given_up(
    public_report, office, django_capture_on_commit_callbacks
):
    report, _ = public_report(phone="13811112222")
    RecordingSms.fail_with = SmsError("gateway timeout")
    run(
        moves.register,
        django_capture_on_commit_callbacks,
        report.problem_id,
        actor=office["dispatcher"],
    )
    job = Job.objects.get(name=notify.JOB)
    assert job.status == JobStatus.QUEUED and "gateway timeout" in job.error  # tried again later
    RecordingSms.fail_with = SmsError("no such number", permanent=True)
    from zhengzhi.jobs.services import execute

    Job.objects.filter(pk=job.pk).update(run_after=None)
    assert execute(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result["outcome"] == "failed"
    assert SENT == []


def test_without_a_site_address_the_message_gives_the_code(settings, public_report, office):
    settings.SITE_URL = ""
    report, _ = public_report(phone="13811112222")
    moves.register(report.problem_id, actor=office["dispatcher"])
    _subject, text = notify.compose(report, report.problem, "registered")
    assert report.tracking_code in text and "http" not in text
    assert len(text) <= 140


def test_the_office_sees_what_each_reporter_was_told(
    client, public_report, office, staff, django_capture_on_commit_callbacks
):
    report, _ = public_report(phone="13811112222", email="citizen@example.cn")
    quiet, _ = public_report(phone="", email="", name="无联系方式")
    run(
        moves.merge,
        django_capture_on_commit_callbacks,
        quiet.problem_id,
        actor=office["dispatcher"],
        master_id=report.problem_id,
    )
    RecordingSms.fail_with = SmsError("no such number", permanent=True)
    run(
        moves.register,
        django_capture_on_commit_callbacks,
        report.problem_id,
        actor=office["dispatcher"],
    )
    client.force_login(staff["dispatcher"])
    client.cookies["django_language"] = "en"
    html = client.get(f"/ledger/problems/{report.problem_id}/").content.decode()
    assert "Told:" in html
    assert "accepted (SMS) ✗" in html and "accepted (e-mail) ✓" in html
    assert html.count("Told:") == 1  # the reporter without contact was told nothing
    client.force_login(staff["handler"])
    assert "Told:" not in client.get(f"/ledger/problems/{report.problem_id}/").content.decode()


def test_the_sms_is_signed_and_links_to_the_public_tracking_page(
    settings, public_report, office, django_capture_on_commit_callbacks
):
    settings.SMS_SIGNATURE = "【青川区创卫办】"
    settings.PUBLIC_URL = "https://zzt.example.gov.cn"
    report, _ = public_report(phone="13811112222")
    run(
        moves.reject,
        django_capture_on_commit_callbacks,
        report.problem_id,
        actor=office["dispatcher"],
        reason="不属于受理范围" * 20,
    )
    [(phone, text)] = SENT
    link = f"https://zzt.example.gov.cn/track/{report.tracking_code}"
    assert text.startswith("【青川区创卫办】") and text.endswith(link)
    assert len(text) <= 140
