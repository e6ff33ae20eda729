"""Tip rewards: propose, approve by the named approver, pay; the register, its Excel export,
and the reporter's tracking page; nobody outside the office reaches any of it."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from zhengzhi.audit.models import AuditEvent
from zhengzhi.ledger.models import Problem, Status
from zhengzhi.rewards import services
from zhengzhi.rewards.models import RewardStatus, TipReward
from zhengzhi.rewards.services import RewardError, eligible_reports

pytestmark = pytest.mark.django_db
REGISTER = "/rewards/"


@pytest.fixture
def report(closed, report_on):
    return report_on(closed())


def propose(staff, report, **kw):
    fields = {
        "report_code": report.tracking_code,
        "actor": staff["dispatcher"],
        "amount": "200",
        "basis": "首报属实",
        "approver_id": staff["officelead"].pk,
    }
    return services.propose(**(fields | kw))


def test_propose_approve_pay_each_audited(staff, report):
    r = propose(staff, report)
    assert (r.status, r.amount, r.problem_id) == ("proposed", Decimal("200"), report.problem_id)
    r = services.decide(r.pk, actor=staff["officelead"], approve=True, version=r.version)
    r = services.pay(r.pk, actor=staff["admin"], payment_ref="JL-001", version=r.version)
    assert r.status == RewardStatus.PAID and r.paid_by == staff["admin"]
    actions = list(
        AuditEvent.objects.filter(object_type="rewards.tipreward")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["reward.propose", "reward.approve", "reward.pay"]


def test_only_a_closed_problems_report_and_one_reward_per_problem(
    staff, new_problem, report_on, closed
):
    open_report = report_on(new_problem())
    with pytest.raises(RewardError) as exc:
        propose(staff, open_report)
    assert exc.value.code == "not_closed"
    master = closed()
    first, second = report_on(master), report_on(master, name="李四")
    propose(staff, first)
    with pytest.raises(RewardError) as exc:
        propose(staff, second)
    assert exc.value.code == "duplicate" and first.tracking_code in str(exc.value.message)
    # A duplicate merged into the master counts as the master's report.
    dup = new_problem()
    Problem.objects.filter(pk=dup.pk).update(status=Status.MERGED, master=master)
    with pytest.raises(RewardError):
        propose(staff, report_on(dup))
    assert TipReward.objects.count() == 1


def test_the_candidates_include_reporters_of_merged_duplicates(
    staff, new_problem, report_on, closed
):
    master = closed()
    first = report_on(master)
    dup = new_problem()
    Problem.objects.filter(pk=dup.pk).update(status=Status.MERGED, master=master)
    later = report_on(dup, name="李四")
    open_dup = new_problem()
    Problem.objects.filter(pk=open_dup.pk).update(status=Status.MERGED, master=new_problem())
    report_on(open_dup, name="王五")  # merged into a problem still open: not yet
    assert list(eligible_reports()) == [first, later]
    propose(staff, later)  # the office may choose the merged reporter
    assert list(eligible_reports()) == []


def test_a_refused_reward_does_not_block_a_new_proposal(staff, report):
    r = propose(staff, report)
    with pytest.raises(RewardError):  # refusing needs a reason
        services.decide(r.pk, actor=staff["officelead"], approve=False)
    services.decide(r.pk, actor=staff["officelead"], approve=False, note="网格员先报")
    again = propose(staff, report, amount="100")
    assert again.status == "proposed" and TipReward.objects.count() == 2


@pytest.mark.parametrize(
    "kw,field",
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"amount": "1e9"}, "amount"),
        ({"amount": "10.005"}, "amount"),
        ({"basis": " "}, "basis"),
        ({"approver_id": "999999"}, "approver"),
        ({"report_code": "NOPE"}, "report"),
    ],
)
def test_bad_proposals_are_refused_with_the_field(staff, report, kw, field):
    with pytest.raises(RewardError) as exc:
        propose(staff, report, **kw)
    assert exc.value.field == field and not TipReward.objects.exists()


def test_four_eyes_named_approver_and_payer(staff, report):
    with pytest.raises(RewardError):  # the proposer cannot approve their own
        propose(staff, report, actor=staff["admin"], approver_id=staff["admin"].pk)
    with pytest.raises(RewardError):  # a unit's leader is no approver
        propose(staff, report, approver_id=staff["street_leader"].pk)
    r = propose(staff, report)
    for who in ("admin", "dispatcher", "street_leader", "handler"):
        with pytest.raises(RewardError):
            services.decide(r.pk, actor=staff[who], approve=True)
    with pytest.raises(RewardError):  # not approved yet
        services.pay(r.pk, actor=staff["admin"], payment_ref="x")
    r = services.decide(r.pk, actor=staff["officelead"], approve=True)
    with pytest.raises(RewardError):
        services.pay(r.pk, actor=staff["dispatcher"], payment_ref="x")
    for who in ("handler", "leader", "followup", "inspector"):
        with pytest.raises(RewardError):
            propose(staff, report, actor=staff[who])


def test_a_stale_version_is_refused(staff, report):
    r = propose(staff, report)
    services.decide(r.pk, actor=staff["officelead"], approve=True, version=r.version)
    with pytest.raises(RewardError) as exc:
        services.decide(r.pk, actor=staff["officelead"], approve=False, note="x", version=r.version)
    assert exc.value.code == "stale"


@pytest.mark.parametrize("who", ["handler", "dept_handler", "street_leader", "other_handler"])
def test_units_never_reach_the_register_or_its_export(client, staff, report, who):
    r = propose(staff, report)
    client.force_login(staff[who])
    for url in (REGISTER, f"{REGISTER}export.xlsx", f"{REGISTER}new/", f"{REGISTER}{r.pk}/"):
        assert client.get(url).status_code == 404
    assert client.post(f"{REGISTER}{r.pk}/decide/", {"version": 1}).status_code == 404


def test_the_export_is_an_excel_register_without_identities(client, staff, report):
    r = propose(staff, report)
    services.decide(r.pk, actor=staff["officelead"], approve=True)
    client.force_login(staff["leader"])  # reads the register, sees no reporter at all
    response = client.get(f"{REGISTER}export.xlsx", {"status": "approved"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][1] == report.problem.number and rows[1][3] == 200
    flat = " ".join(str(c) for row in rows for c in row if c is not None)
    assert "张三" not in flat and "13812341234" not in flat and "138****1234" not in flat
    # Nor the tracking code, with which anyone may rate the result in the citizen's name.
    assert report.tracking_code not in flat
    assert report.tracking_code not in client.get(REGISTER).content.decode()
    assert report.tracking_code not in client.get(f"{REGISTER}{r.pk}/").content.decode()
    client.force_login(staff["admin"])
    ws = load_workbook(io.BytesIO(client.get(f"{REGISTER}export.xlsx").content)).active
    flat = " ".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "138****1234" in flat and "13812341234" not in flat and "张三" not in flat
    assert report.tracking_code in flat
    assert AuditEvent.objects.filter(action="reward.export").count() == 2


def test_the_pages_propose_decide_and_pay(client, staff, report):
    client.force_login(staff["dispatcher"])
    bad = client.post(
        f"{REGISTER}new/", {"report": report.tracking_code, "amount": "0", "basis": "首报属实"}
    )
    assert bad.status_code == 400 and "首报属实" in bad.content.decode()
    ok = client.post(
        f"{REGISTER}new/",
        {"report": report.tracking_code, "amount": "150", "basis": "首报属实",
         "approver": staff["officelead"].pk},
    )  # fmt: skip
    r = TipReward.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"{REGISTER}{r.pk}/"
    client.force_login(staff["officelead"])
    client.post(f"{REGISTER}{r.pk}/decide/", {"version": r.version, "decision": "approve"})
    client.force_login(staff["admin"])
    client.post(f"{REGISTER}{r.pk}/pay/", {"version": r.version + 1, "payment_ref": "JL-9"})
    r.refresh_from_db()
    assert (r.status, r.payment_ref) == ("paid", "JL-9")


def test_the_register_page_query_count_does_not_grow(
    client, staff, closed, report_on, django_assert_max_num_queries
):
    propose(staff, report_on(closed()))
    client.force_login(staff["admin"])
    client.get(REGISTER)
    with django_assert_max_num_queries(12) as ctx:
        client.get(REGISTER)
    few = len(ctx.captured_queries)
    for _ in range(4):
        propose(staff, report_on(closed()))
    with django_assert_max_num_queries(few):
        body = client.get(REGISTER).content.decode()
    assert body.count("data-reward=") == 5


def test_the_reporter_sees_the_reward_on_the_tracking_page(client, staff, report):
    """Through public reporting's registry (rewards.public_pages)."""

    def page() -> str:
        response = client.get(f"/track/{report.tracking_code}", follow=True)
        assert response.status_code == 200
        return response.content.decode()

    assert 'id="tip-reward"' not in page()
    r = propose(staff, report)
    services.decide(r.pk, actor=staff["officelead"], approve=True)
    html = page()
    assert 'id="tip-reward"' in html and 'data-status="approved"' in html
    assert "¥200.00" in html
    reward = html[
        html.index('id="tip-reward"') : html.index("</section>", html.index('id="tip-reward"'))
    ]
    assert "officelead" not in reward and "dispatcher" not in reward
