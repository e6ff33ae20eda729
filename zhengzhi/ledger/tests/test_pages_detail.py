"""The problem page: exactly the actions this user may take, each form's success, refusal,
kept input and stale version, and another unit's problem "not found"."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.files.models import StoredFile
from zhengzhi.files.services import store_upload
from zhengzhi.ledger.models import Pending, Problem, ProblemRequest, Status
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.services.permissions import allowed_moves
from zhengzhi.ledger.tests.pages_support import (
    accepted,
    act_url,
    action_ids,
    close_checked,
    detail_url,
    dispatched,
    jpeg,
    registered,
    reported_back,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _state(new_problem, staff, state):
    return {
        "reported": lambda: new_problem(),
        "registered": lambda: registered(new_problem, staff),
        "dispatched": lambda: dispatched(new_problem, staff),
        "accepted": lambda: accepted(new_problem, staff),
        "reported_back": lambda: reported_back(new_problem, staff),
    }[state]()


@pytest.mark.parametrize(
    "state, who, expected",
    [
        ("reported", "dispatcher", {"register", "reject", "merge", "correct"}),
        ("reported", "handler", set()),
        ("reported", "inspector", set()),
        ("reported", "leader", set()),
        ("registered", "dispatcher", {"dispatch", "merge", "correct"}),
        ("registered", "shiftlead", {"dispatch", "merge", "correct"}),
        ("dispatched", "handler", {"accept", "request_return", "request_extension"}),
        ("dispatched", "street_leader", {"accept", "request_return", "request_extension"}),
        ("dispatched", "dispatcher", set()),
        ("dispatched", "dept_handler", set()),
        (
            "accepted",
            "handler",
            {"report_back", "request_return", "request_extension", "request_deferral"},
        ),
        ("reported_back", "inspector", {"close", "rework"}),
        ("reported_back", "admin", {"close", "rework"}),
        ("reported_back", "handler", set()),
        ("reported_back", "leader", set()),
    ],
)
def test_the_page_offers_exactly_the_moves_this_user_may_make(
    as_user, new_problem, staff, state, who, expected
):
    p = _state(new_problem, staff, state)
    response = as_user(staff[who]).get(detail_url(p))
    assert response.status_code == 200
    html = response.content.decode()
    assert action_ids(html) == expected == allowed_moves(staff[who], p)
    assert p.number in html and p.description in html
    if not expected:
        assert "There is nothing for you to do on this problem now." in html


def test_another_unit_cannot_see_or_act_on_the_problem(as_user, new_problem, staff):
    p = dispatched(new_problem, staff)
    client = as_user(staff["other_handler"])
    assert client.get(detail_url(p)).status_code == 404
    response = client.post(act_url(p, "accept"), {"version": p.version})
    assert response.status_code == 404
    p.refresh_from_db()
    assert p.status == Status.DISPATCHED
    # c2's handler neither: the problem belongs to c1
    assert as_user(staff["c2_handler"]).get(detail_url(p)).status_code == 404


def test_the_page_needs_a_login(client, new_problem):
    p = new_problem()
    response = client.get(detail_url(p))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_an_unknown_action_is_not_found(as_user, new_problem, staff):
    p = new_problem()
    assert as_user(staff["dispatcher"]).post(act_url(p, "explode"), {}).status_code == 404


def test_the_page_shows_timeline_map_deadlines_and_photos(as_user, new_problem, staff):
    p = accepted(new_problem, staff, category="1203")  # staged: 围挡, 抢修, 恢复路面
    html = as_user(staff["handler"]).get(detail_url(p)).content.decode()
    for text in ("Reported", "Registered", "Dispatched", "Accepted", "围挡", "抢修", "恢复路面"):
        assert text in html
    assert 'id="problem-map-config"' in html and '"point": [120.005, 30.005]' in html
    assert '"grid": {"type": "Polygon"' in html and "ledger/problem-map.js" in html
    assert "柳岸1" in html and "柳岸社区" in html


def test_register_succeeds_and_returns_to_the_page(as_user, new_problem, staff):
    p = new_problem()
    client = as_user(staff["dispatcher"])
    response = client.post(act_url(p, "register"), {"version": p.version, "note": "符合立案条件"})
    assert response.status_code == 302 and response["Location"] == detail_url(p)
    p.refresh_from_db()
    assert p.status == Status.REGISTERED
    assert p.events.last().note == "符合立案条件"
    page = client.get(detail_url(p)).content.decode()
    assert "Register: done." in page and "dispatch" in action_ids(page)


def test_a_refused_move_keeps_what_was_typed(as_user, new_problem, staff):
    p = new_problem()
    client = as_user(staff["dispatcher"])
    response = client.post(act_url(p, "reject"), {"version": p.version, "reason": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="action-reject" open' in html and "errorlist" in html
    p.refresh_from_db()
    assert p.status == Status.REPORTED and p.version == 1


def test_a_refusal_by_the_service_shows_its_message_and_keeps_the_input(
    as_user, new_problem, staff
):
    p = dispatched(new_problem, staff)
    earlier = timezone.localtime(p.due_at - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = as_user(staff["handler"]).post(
        act_url(p, "request_extension"),
        {"version": p.version, "reason": "需要协调施工队伍", "new_due_at": earlier},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The new deadline must be later than the current one." in html
    assert "需要协调施工队伍" in html and earlier in html
    assert 'id="action-request_extension" open' in html
    p.refresh_from_db()
    assert p.pending == Pending.NONE


def test_a_stale_action_says_the_problem_moved_on_and_keeps_the_text(as_user, new_problem, staff):
    p = new_problem()
    seen = p.version
    moves.register(p.pk, actor=staff["shiftlead"])  # another dispatcher, a second earlier
    response = as_user(staff["dispatcher"]).post(
        act_url(p, "reject"), {"version": seen, "reason": "重复上报"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "This problem has moved on since you opened it" in html
    assert "Awaiting dispatch" in html  # the new state
    assert "What you had typed" in html and "重复上报" in html  # rejecting is gone; text kept
    assert action_ids(html) == {"dispatch", "merge", "correct"}
    p.refresh_from_db()
    assert p.status == Status.REGISTERED and not p.reject_reason


def test_a_stale_action_still_possible_keeps_the_form_with_the_new_version(
    as_user, new_problem, staff
):
    p = accepted(new_problem, staff)
    seen = p.version
    moves.request_extension(
        p.pk, actor=staff["handler"], reason="等材料", new_due_at=p.due_at + dt.timedelta(days=3)
    )
    moves.decide_request(p.pk, actor=staff["shiftlead"], approve=False, note="请按期完成")
    p.refresh_from_db()
    response = as_user(staff["handler"]).post(
        act_url(p, "report_back"), {"version": seen, "note": "摊位已清理"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "摊位已清理" in html and 'id="action-report_back" open' in html
    assert f'name="version" value="{p.version}"' in html
    p.refresh_from_db()
    assert p.status == Status.ACCEPTED


def test_two_verifiers_at_once_one_wins(as_user, client, new_problem, staff, django_user_model):
    p = reported_back(new_problem, staff)
    seen = p.version
    first = as_user(staff["inspector"]).post(
        act_url(p, "close"), {"version": seen, "checked": p.category.close_items}
    )
    assert first.status_code == 302
    second = as_user(staff["admin"]).post(
        act_url(p, "rework"), {"version": seen, "note": "仍有垃圾"}
    )
    assert second.status_code == 409
    p.refresh_from_db()
    assert p.status == Status.CLOSED and p.rework_count == 0
    assert "仍有垃圾" in second.content.decode()


def test_a_leader_cannot_act_through_the_form(as_user, new_problem, staff):
    p = new_problem()
    response = as_user(staff["leader"]).post(act_url(p, "register"), {"version": p.version})
    assert response.status_code == 200
    assert "You may not do this to this problem now." in response.content.decode()
    p.refresh_from_db()
    assert p.status == Status.REPORTED


def test_the_dispatch_form_suggests_the_routed_owner_and_the_category_department(
    as_user, new_problem, staff, units
):
    p = registered(new_problem, staff)
    client = as_user(staff["dispatcher"])
    html = client.get(detail_url(p)).content.decode()
    form = html.split('id="action-dispatch"')[1].split("</form>")[0]
    assert f'<option value="{units["c1"].pk}" selected>' in form
    assert f'<option value="{units["dept"].pk}" selected>' in form
    assert "创卫办" not in form  # the office owns no problems
    response = client.post(
        act_url(p, "dispatch"),
        {"version": p.version, "owner_unit": units["c2"].pk, "supporting_unit": units["dept"].pk},
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.DISPATCHED and p.owner_unit == units["c2"] and p.due_at


def test_the_dispatcher_can_dispatch_without_a_supporting_department(
    as_user, new_problem, staff, units
):
    p = registered(new_problem, staff)
    assert p.supporting_unit_id == units["dept"].pk  # the category's department, by default
    response = as_user(staff["dispatcher"]).post(
        act_url(p, "dispatch"),
        {"version": p.version, "owner_unit": units["c1"].pk, "supporting_unit": ""},
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.DISPATCHED and p.supporting_unit_id is None


def test_dispatch_refuses_a_unit_outside_the_choices(as_user, new_problem, staff, units):
    p = registered(new_problem, staff)
    response = as_user(staff["dispatcher"]).post(
        act_url(p, "dispatch"), {"version": p.version, "owner_unit": units["office"].pk}
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    p.refresh_from_db()
    assert p.status == Status.REGISTERED


def test_after_a_return_the_dispatch_form_does_not_suggest_the_unit_that_returned_it(
    as_user, new_problem, staff, units
):
    p = dispatched(new_problem, staff)
    moves.request_return(p.pk, actor=staff["handler"], reason="不属于本社区")
    client = as_user(staff["shiftlead"])
    html = client.get(detail_url(p)).content.decode()
    assert action_ids(html) == {"decide_return"} and "不属于本社区" in html
    response = client.post(
        act_url(p, "decide_return"),
        {"version": p.version + 1, "decision": "approve", "note": "同意"},
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.REGISTERED and p.owner_unit is None and p.return_count == 1
    html = client.get(detail_url(p)).content.decode()
    form = html.split('id="action-dispatch"')[1].split("</form>")[0]
    # c1 (the unit of the point) said it is not theirs: the dispatcher chooses, nothing is
    # preselected, and c1 stays a choice (the return may have been wrong).
    assert f'<option value="{units["c1"].pk}">' in form
    assert f'<option value="{units["c2"].pk}">' in form
    owner_select = form.split('name="owner_unit"')[1].split("</select>")[0]
    assert " selected" not in owner_select.replace('value="" selected', "")


def test_a_problem_that_was_never_returned_suggests_the_unit_of_its_point(
    as_user, new_problem, staff, units
):
    p = new_problem()
    moves.register(p.pk, actor=staff["dispatcher"])
    html = as_user(staff["dispatcher"]).get(detail_url(p)).content.decode()
    form = html.split('id="action-dispatch"')[1].split("</form>")[0]
    assert f'<option value="{units["c1"].pk}" selected>' in form


def test_merge_by_number(as_user, new_problem, staff):
    master = new_problem(description="店外堆放杂物")
    dup = new_problem(description="店外堆放杂物（重复）")
    client = as_user(staff["dispatcher"])
    bad = client.post(act_url(dup, "merge"), {"version": dup.version, "master": "2026-999999"})
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "There is no problem numbered 2026-999999 that you can see." in html
    assert 'value="2026-999999"' in html
    ok = client.post(act_url(dup, "merge"), {"version": dup.version, "master": master.number})
    assert ok.status_code == 302
    dup.refresh_from_db()
    assert dup.status == Status.MERGED and dup.master_id == master.pk
    assert dup.number in client.get(detail_url(master)).content.decode()


def test_decide_an_extension_approve_and_deny(as_user, new_problem, staff):
    p = dispatched(new_problem, staff)
    asked = p.due_at + dt.timedelta(days=5)
    p = moves.request_extension(p.pk, actor=staff["handler"], reason="雨天", new_due_at=asked)
    client = as_user(staff["shiftlead"])
    html = client.get(detail_url(p)).content.decode()
    assert action_ids(html) == {"decide_extension"} and "雨天" in html
    refused = client.post(
        act_url(p, "decide_extension"), {"version": p.version, "decision": "deny", "note": ""}
    )
    assert refused.status_code == 200
    assert "Please give a reason for the refusal." in refused.content.decode()
    p.refresh_from_db()
    assert p.pending == Pending.EXTENSION
    ok = client.post(act_url(p, "decide_extension"), {"version": p.version, "decision": "approve"})
    assert ok.status_code == 302
    p.refresh_from_db()
    assert p.pending == Pending.NONE and p.due_at == asked and p.extension_count == 1


def test_a_second_extension_needs_the_office_leader(as_user, new_problem, staff):
    p = dispatched(new_problem, staff)
    p = moves.request_extension(
        p.pk, actor=staff["handler"], reason="一", new_due_at=p.due_at + dt.timedelta(days=2)
    )
    p = moves.decide_request(p.pk, actor=staff["shiftlead"], approve=True)
    p = moves.request_extension(
        p.pk, actor=staff["handler"], reason="二", new_due_at=p.due_at + dt.timedelta(days=2)
    )
    assert action_ids(as_user(staff["shiftlead"]).get(detail_url(p)).content.decode()) == set()
    html = as_user(staff["officelead"]).get(detail_url(p)).content.decode()
    assert action_ids(html) == {"decide_extension"}


def test_a_deferral_request_with_plan_and_date(as_user, new_problem, staff):
    p = accepted(new_problem, staff)
    target = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    response = as_user(staff["handler"]).post(
        act_url(p, "request_deferral"),
        {
            "version": p.version,
            "reason": "需列入改造计划",
            "plan": "明年春季施工",
            "target_date": target,
        },
    )
    assert response.status_code == 302
    req = ProblemRequest.objects.get(problem=p)
    assert req.kind == "deferral" and req.plan == "明年春季施工" and str(req.target_date) == target


def test_report_back_with_photos_then_close(as_user, new_problem, staff):
    p = accepted(new_problem, staff)
    client = as_user(staff["handler"])
    response = client.post(
        act_url(p, "report_back"),
        {"version": p.version, "note": "已清理完毕", "photos": [jpeg("a.jpg"), jpeg("b.jpg")]},
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.REPORTED_BACK
    after = StoredFile.objects.filter(owner_id=p.pk, purpose="after")
    assert after.count() == 2
    html = as_user(staff["inspector"]).get(detail_url(p)).content.decode()
    assert all(f"/files/{f.pk}/thumb/" in html for f in after)
    response = as_user(staff["handler"]).post(act_url(p, "close"), {"version": p.version})
    assert response.status_code == 200  # the handler may not close
    assert "You may not do this to this problem now." in response.content.decode()
    response = as_user(staff["inspector"]).post(
        act_url(p, "close"),
        {"version": p.version, "note": "核查合格", "checked": p.category.close_items},
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.CLOSED


def test_report_back_without_text_keeps_the_photos_for_the_next_try(as_user, new_problem, staff):
    p = accepted(new_problem, staff)
    client = as_user(staff["handler"])
    response = client.post(
        act_url(p, "report_back"), {"version": p.version, "note": "", "photos": [jpeg()]}
    )
    assert response.status_code == 200
    kept = StoredFile.objects.get(uploaded_by=staff["handler"], owner_type__isnull=True)
    html = response.content.decode()
    assert f'name="photo_ids" value="{kept.pk}"' in html
    response = client.post(
        act_url(p, "report_back"),
        {"version": p.version, "note": "补充说明：已清理", "photo_ids": [str(kept.pk)]},
    )
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.owner_id == p.pk and kept.purpose == "after"


def test_report_back_refuses_more_than_six_photos(as_user, new_problem, staff):
    p = accepted(new_problem, staff)
    photos = [jpeg(f"{i}.jpg") for i in range(7)]
    response = as_user(staff["handler"]).post(
        act_url(p, "report_back"), {"version": p.version, "note": "好了", "photos": photos}
    )
    assert response.status_code == 200
    assert "At most 6 photos, please." in response.content.decode()
    p.refresh_from_db()
    assert p.status == Status.ACCEPTED


def test_someone_elses_uploads_cannot_be_slipped_in(as_user, new_problem, staff, units):
    p = accepted(new_problem, staff)
    foreign = store_upload(jpeg(), user=staff["c2_handler"], unit=units["c2"])
    response = as_user(staff["handler"]).post(
        act_url(p, "report_back"),
        {"version": p.version, "note": "好了", "photo_ids": [str(foreign.pk)]},
    )
    assert response.status_code == 302
    foreign.refresh_from_db()
    assert foreign.owner_id is None  # ignored, not attached


def test_rework_needs_a_note_and_reopen_after_closing(as_user, new_problem, staff):
    p = reported_back(new_problem, staff)
    client = as_user(staff["inspector"])
    refused = client.post(act_url(p, "rework"), {"version": p.version, "note": ""})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    assert (
        client.post(act_url(p, "rework"), {"version": p.version, "note": "仍有积水"}).status_code
        == 302
    )
    p.refresh_from_db()
    assert p.status == Status.ACCEPTED and p.rework_count == 1
    p = moves.report_back(p.pk, actor=staff["handler"], note="再次清理")
    p = close_checked(p.pk, actor=staff["inspector"])
    html = client.get(detail_url(p)).content.decode()
    assert action_ids(html) == {"reopen"}
    assert (
        client.post(act_url(p, "reopen"), {"version": p.version, "note": "又出现"}).status_code
        == 302
    )
    p.refresh_from_db()
    assert p.status == Status.DISPATCHED and p.recurrence_count == 1


def test_the_page_takes_a_bounded_number_of_queries(
    as_user, new_problem, staff, django_assert_max_num_queries
):
    p = reported_back(new_problem, staff)
    client = as_user(staff["inspector"])
    with django_assert_max_num_queries(22):
        assert client.get(detail_url(p)).status_code == 200
    assert Problem.objects.count() == 1


def test_a_registered_panel_is_drawn_below_the_timeline_with_its_own_context(
    as_user, new_problem, staff
):
    """Higher apps (public reporting's reports and ratings) draw here through the registry."""
    from zhengzhi.ledger.registry import (
        DetailPanel,
        register_detail_panel,
        unregister_detail_panel,
    )

    seen = []

    def context(user, problem, allowed):
        seen.append((user, problem.pk, set(allowed)))
        # The status template of the ledger, as a stand-in for a higher app's own.
        return {"p": problem} if user.has_role("dispatcher") else None

    p = new_problem()
    register_detail_panel(DetailPanel("test.panel", "ledger/_status.html", context, "main"))
    try:
        html = as_user(staff["dispatcher"]).get(detail_url(p)).content.decode()
        main = html[html.index('class="problem-main"') : html.index('class="problem-side"')]
        after_timeline = main[main.index('class="timeline"') :]
        assert 'class="status st-reported"' in after_timeline
        assert seen == [(staff["dispatcher"], p.pk, allowed_moves(staff["dispatcher"], p))]
        html = as_user(staff["handler"]).get(detail_url(p)).content.decode()
        main = html[html.index('class="problem-main"') : html.index('class="problem-side"')]
        assert "st-reported" not in main[main.index('class="timeline"') :]  # None: nothing
    finally:
        unregister_detail_panel("test.panel")


def test_a_duplicate_merged_into_another_units_problem_does_not_name_it(
    as_user, new_problem, staff
):
    # The master lies in c2; the duplicate, in c1, stays visible to c1's handler who reported it.
    master = new_problem(description="桥下堆放杂物", lon=120.015, by="dispatcher")
    dup = new_problem(description="桥下堆放杂物（重复）")
    moves.merge(dup.pk, actor=staff["dispatcher"], master_id=master.pk)
    html = as_user(staff["handler"]).get(detail_url(dup)).content.decode()
    assert "another problem, outside what you see" in html
    assert master.number not in html and detail_url(master) not in html
    office = as_user(staff["dispatcher"]).get(detail_url(dup)).content.decode()
    assert master.number in office and detail_url(master) in office
