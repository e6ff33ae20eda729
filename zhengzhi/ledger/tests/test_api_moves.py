"""Every move over the API, and every refusal: wrong role (403), another unit (404), wrong state
(403), bad input (422), stale version (409)."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.ledger.models import Problem, ProblemRequest, Status
from zhengzhi.ledger.services import moves

pytestmark = pytest.mark.django_db

API = "/api/v1/ledger/problems"


@pytest.fixture
def act(client, staff):
    """act(who, problem, move, **body) -> response; the version is the current one unless given."""

    def call(who, problem, move, **body):
        client.force_login(staff[who])
        if "version" not in body:
            body["version"] = Problem.objects.get(pk=problem.pk).version
        return client.post(f"{API}/{problem.pk}/{move}", body, content_type="application/json")

    return call


def ok(response, status):
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == status
    return body


def _dispatched(new_problem, staff):
    p = new_problem()
    moves.register(p.pk, actor=staff["dispatcher"])
    return moves.dispatch(p.pk, actor=staff["dispatcher"])


def _accepted(new_problem, staff):
    p = _dispatched(new_problem, staff)
    return moves.accept(p.pk, actor=staff["handler"])


def test_the_whole_loop_over_the_api(new_problem, act, units):
    p = new_problem()
    body = ok(act("dispatcher", p, "register", note="符合立案条件"), "registered")
    assert "dispatch" in body["moves"]
    body = ok(act("dispatcher", p, "dispatch", supporting_unit_id=units["dept"].pk), "dispatched")
    assert body["owner_unit"]["id"] == units["c1"].pk and body["due_at"]
    assert body["moves"] == []  # the dispatcher has nothing more to do here
    body = ok(act("handler", p, "accept"), "accepted")
    assert set(body["moves"]) == {
        "report_back",
        "request_return",
        "request_extension",
        "request_deferral",
    }
    body = ok(act("handler", p, "report_back", note="已清理"), "reported_back")
    items = p.category.close_items
    body = ok(act("inspector", p, "close", note="核查通过", checked=items), "closed")
    assert body["closed_on_time"] is True and body["moves"] == ["reopen"]
    body = ok(act("inspector", p, "reopen", note="又出现"), "dispatched")
    assert body["recurrence_count"] == 1
    kinds = [e["kind"] for e in body["timeline"]]
    assert kinds == ["report", "register", "dispatch", "accept", "report_back", "close", "reopen"]


def test_dispatch_to_another_owner(new_problem, act, units, staff):
    p = new_problem()
    moves.register(p.pk, actor=staff["dispatcher"])
    body = ok(act("dispatcher", p, "dispatch", owner_unit_id=units["c2"].pk), "dispatched")
    assert body["owner_unit"]["id"] == units["c2"].pk
    q = new_problem()
    moves.register(q.pk, actor=staff["dispatcher"])
    response = act("dispatcher", q, "dispatch", owner_unit_id=10**12)
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_the_supporting_department_is_kept_unless_given_and_cleared_by_null(
    new_problem, act, units, staff
):
    p = new_problem()  # its category has a department: the supporting one by default
    moves.register(p.pk, actor=staff["dispatcher"])
    default = Problem.objects.get(pk=p.pk).supporting_unit_id
    assert default is not None
    body = ok(act("dispatcher", p, "dispatch"), "dispatched")
    assert body["supporting_unit"]["id"] == default  # left out: kept
    q = new_problem()
    moves.register(q.pk, actor=staff["dispatcher"])
    body = ok(act("dispatcher", q, "dispatch", supporting_unit_id=None), "dispatched")
    assert body["supporting_unit"] is None  # null: this problem needs no department
    assert Problem.objects.get(pk=q.pk).supporting_unit_id is None


def test_reject_and_its_reason(new_problem, act):
    p = new_problem()
    assert act("dispatcher", p, "reject", reason="").status_code == 422
    assert act("dispatcher", p, "reject", reason="理" * 201).status_code == 422
    body = ok(act("dispatcher", p, "reject", reason="非管理范围"), "rejected")
    assert body["reject_reason"] == "非管理范围"


def test_a_return_asked_and_approved(new_problem, staff, act):
    p = _dispatched(new_problem, staff)
    body = ok(act("handler", p, "request_return", reason="不属本社区"), "dispatched")
    assert body["pending"] == "return" and body["moves"] == []
    response = act("dispatcher", p, "decide_return", approve=True)  # not an approver
    assert response.status_code == 403
    response = act("shiftlead", p, "decide_extension", approve=True)  # not what is pending
    assert response.status_code == 422
    body = ok(act("shiftlead", p, "decide_return", approve=True, note="同意"), "registered")
    assert body["return_count"] == 1 and body["owner_unit"] is None


def test_a_denial_needs_a_note(new_problem, staff, act):
    p = _dispatched(new_problem, staff)
    act("handler", p, "request_return", reason="不属本社区")
    response = act("shiftlead", p, "decide_return", approve=False)
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    body = ok(act("shiftlead", p, "decide_return", approve=False, note="属你社区"), "dispatched")
    assert body["pending"] == ""


def test_an_extension_asked_and_approved(new_problem, staff, act):
    p = _accepted(new_problem, staff)
    later = (p.due_at + dt.timedelta(days=3)).isoformat()
    earlier = (p.due_at - dt.timedelta(days=1)).isoformat()
    response = act("handler", p, "request_extension", reason="材料未到", new_due_at=earlier)
    assert response.status_code == 422
    response = act("handler", p, "request_extension", reason="材料未到", new_due_at="soon")
    assert response.status_code == 422
    body = ok(
        act("handler", p, "request_extension", reason="材料未到", new_due_at=later), "accepted"
    )
    assert body["pending"] == "extension"
    body = ok(act("shiftlead", p, "decide_extension", approve=True), "accepted")
    assert body["extension_count"] == 1
    assert dt.datetime.fromisoformat(body["due_at"]) == dt.datetime.fromisoformat(later)


def test_a_deferral_asked_and_approved(new_problem, staff, act):
    p = _accepted(new_problem, staff)
    target = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = act("handler", p, "request_deferral", reason="需资金", plan="", target_date=target)
    assert response.status_code == 422
    response = act(
        "handler", p, "request_deferral", reason="需资金", plan="下季度", target_date="9999-12-31"
    )
    assert response.status_code == 422
    response = act(
        "handler", p, "request_deferral", reason="需资金", plan="下季度", target_date="2000-01-01"
    )
    assert response.status_code == 422  # in the past (service)
    ok(
        act("handler", p, "request_deferral", reason="需资金", plan="下季度", target_date=target),
        "accepted",
    )
    body = ok(act("admin", p, "decide_deferral", approve=True), "deferred")
    assert body["deferred_until"] == target
    assert ProblemRequest.objects.get(problem=p).approver == staff["admin"]


def test_rework_needs_a_note(new_problem, staff, act):
    p = _accepted(new_problem, staff)
    moves.report_back(p.pk, actor=staff["handler"], note="已处理")
    assert act("inspector", p, "rework", note="").status_code == 422
    body = ok(act("inspector", p, "rework", note="仍有残留"), "accepted")
    assert body["rework_count"] == 1


def test_merge_into_a_master(new_problem, staff, act):
    master, dup = new_problem(), new_problem(description="同一处占道")
    body = ok(act("dispatcher", dup, "merge", master_id=master.pk), "merged")
    assert body["master_number"] == master.number
    other = new_problem()
    response = act("dispatcher", other, "merge", master_id=other.pk)
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("who", "move", "body"),
    [
        ("handler", "register", {}),
        ("leader", "register", {}),
        ("inspector", "reject", {"reason": "x"}),
        ("handler", "dispatch", {}),
        ("street_leader", "merge", {"master_id": 1}),
    ],
)
def test_wrong_role_is_forbidden(new_problem, act, who, move, body):
    p = new_problem()
    response = act(who, p, move, **body)
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "not_allowed"
    assert Problem.objects.get(pk=p.pk).status == Status.REPORTED


@pytest.mark.parametrize(
    ("who", "move", "body"),
    [
        ("other_handler", "accept", {}),
        ("c2_handler", "accept", {}),
        ("other_handler", "request_return", {"reason": "x"}),
        ("c2_handler", "report_back", {"note": "done"}),
    ],
)
def test_another_unit_gets_not_found(new_problem, staff, act, who, move, body):
    p = _dispatched(new_problem, staff)
    response = act(who, p, move, **body)
    assert response.status_code == 404, response.content
    assert Problem.objects.get(pk=p.pk).status == Status.DISPATCHED


def test_wrong_state_is_refused(new_problem, act):
    p = new_problem()
    for who, move, body in [
        ("handler", "accept", {}),
        ("inspector", "close", {}),
        ("inspector", "reopen", {"note": "x"}),
        ("handler", "report_back", {"note": "x"}),
        ("shiftlead", "decide_return", {"approve": True}),
    ]:
        response = act(who, p, move, **body)
        assert response.status_code in (403, 422), (move, response.content)
    assert Problem.objects.get(pk=p.pk).version == 1


def test_two_verifiers_at_once_one_wins(new_problem, staff, act):
    p = _accepted(new_problem, staff)
    p = moves.report_back(p.pk, actor=staff["handler"], note="已处理")
    seen = p.version
    ok(act("inspector", p, "close", version=seen, checked=p.category.close_items), "closed")
    response = act("admin", p, "rework", version=seen, note="不合格")
    assert response.status_code == 409 and response.json()["code"] == "stale"
    assert Problem.objects.get(pk=p.pk).status == Status.CLOSED


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"version": "one"},
        {"version": 0},
        {"version": 2**40},
        {"version": 1, "note": 5},
        {"version": 1, "note": "注" * 2001},
        {"version": 1, "note": "a\x00"},
    ],
)
def test_bad_move_bodies_are_refused(new_problem, client, staff, body):
    p = new_problem()
    client.force_login(staff["dispatcher"])
    response = client.post(f"{API}/{p.pk}/register", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert Problem.objects.get(pk=p.pk).status == Status.REPORTED


def test_report_back_with_photos_from_the_files_api(
    new_problem, staff, act, client, tmp_path, settings
):
    import io

    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    p = _accepted(new_problem, staff)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "after.jpg"
    client.force_login(staff["handler"])
    uploaded = client.post("/api/v1/files/", {"file": buffer})
    assert uploaded.status_code == 201, uploaded.content
    photo = uploaded.json()["id"]
    body = ok(act("handler", p, "report_back", note="已清理", photo_ids=[photo]), "reported_back")
    assert [ph["id"] for ph in body["photos"]] == [photo]
    assert body["photos"][0]["purpose"] == "after"
    assert body["timeline"][-1]["data"]["photos"] == [photo]
