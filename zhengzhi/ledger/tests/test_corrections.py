"""The dispatcher corrects a recorded problem before dispatch: category (deadline, department),
point (grid, owner), description, address; on the timeline, audited, refused after dispatch."""

import pytest

from zhengzhi.audit.models import AuditEvent
from zhengzhi.ledger.models import EventKind, Problem, Status
from zhengzhi.ledger.services import corrections, moves
from zhengzhi.ledger.services.errors import MoveError

pytestmark = pytest.mark.django_db


def test_a_wrong_category_and_point_are_corrected_before_dispatch(
    new_problem, staff, categories, units
):
    p = new_problem(category="0401")  # recorded in 柳岸 (c1) as street vending
    other = categories["1203"]  # a burst pipe: its own department and staged limits
    q = corrections.correct(
        p.pk,
        actor=staff["dispatcher"],
        version=p.version,
        category=other,
        lon=120.015,
        lat=30.005,  # the grid of 桃园 (c2)
        note="类别和点位登记错误",
    )
    assert q.category == other and q.main_category_id == other.parent_id
    assert q.supporting_unit_id == other.department_id and q.owner_unit == units["c2"]
    assert q.version == p.version + 1 and q.status == Status.REPORTED
    event = q.events.get(kind=EventKind.NOTE)
    assert (
        event.data["corrected"]["category"] == ["0401", "1203"]
        and "point" in event.data["corrected"]
    )
    assert AuditEvent.objects.filter(action="problem.note", object_id=str(p.pk)).exists()
    moves.register(q.pk, actor=staff["dispatcher"])
    d = moves.dispatch(q.pk, actor=staff["dispatcher"])
    assert [s["name"] for s in d.stage_deadlines] == ["围挡", "抢修", "恢复路面"]


@pytest.mark.parametrize("who", ["handler", "inspector", "leader", "dept_handler"])
def test_only_the_office_dispatchers_correct(new_problem, staff, who):
    p = new_problem()
    with pytest.raises(MoveError):
        corrections.correct(p.pk, actor=staff[who], address="新地址")
    assert Problem.objects.get(pk=p.pk).address == "柳岸路12号"


def test_after_dispatch_there_is_nothing_to_correct_and_bad_input_is_refused(new_problem, staff):
    p = new_problem()
    with pytest.raises(MoveError) as nothing:
        corrections.correct(p.pk, actor=staff["dispatcher"], address=p.address)
    assert nothing.value.code == "invalid"
    with pytest.raises(MoveError) as outside:
        corrections.correct(p.pk, actor=staff["dispatcher"], lon=116.4, lat=39.9)
    assert outside.value.code == "out_of_area"
    moves.register(p.pk, actor=staff["dispatcher"])
    moves.dispatch(p.pk, actor=staff["dispatcher"])
    with pytest.raises(MoveError):
        corrections.correct(p.pk, actor=staff["dispatcher"], address="新地址")


def test_the_page_offers_the_correction_filled_in_and_the_api_takes_it(client, new_problem, staff):
    p = new_problem()
    client.force_login(staff["dispatcher"])
    page = client.get(f"/ledger/problems/{p.pk}/").content.decode()
    form = page.split('id="action-correct"')[1].split("</form>")[0]
    assert '<option value="0401" selected>' in form and "沿街店铺占道经营" in form
    response = client.post(
        f"/api/v1/ledger/problems/{p.pk}/correct",
        {"version": p.version, "description": "沿街店铺占道经营（两家）"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert Problem.objects.get(pk=p.pk).description == "沿街店铺占道经营（两家）"
    client.force_login(staff["handler"])
    page = client.get(f"/ledger/problems/{p.pk}/").content.decode()
    assert 'id="action-correct"' not in page
