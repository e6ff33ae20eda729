"""Verifying on the spot (核查销号): the category's close standard as items the verifier ticks
(all, or a reason for the one that is not), the verifier's photos, and where they stood, with
the distance from the problem's point on the page and in the timeline."""

import pytest

from zhengzhi.files.models import StoredFile
from zhengzhi.ledger.models import Category, EventKind, Status
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.services.categories import close_items_from
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.tests.pages_support import act_url, detail_url, jpeg, reported_back

pytestmark = pytest.mark.django_db

# 0101 暴露垃圾: "垃圾清理干净，无残留"; the problem's point is (120.005, 30.005).
ITEMS = ["垃圾清理干净", "无残留"]
NEAR = {"stood_lon": "120.0053", "stood_lat": "30.0051", "stood_accuracy": "12"}  # about 31 m


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_category_declares_its_close_standard_as_items(categories):
    assert categories["0101"].close_items == ITEMS
    assert close_items_from("路面洁净；无油渍。\n无散落物") == ["路面洁净", "无油渍", "无散落物"]


def test_the_verifier_ticks_the_standard_takes_photos_and_records_where_they_stood(
    as_user, new_problem, staff
):
    p = reported_back(new_problem, staff, category="0101")
    client = as_user(staff["inspector"])
    page = client.get(detail_url(p)).content.decode()
    assert 'name="checked" value="垃圾清理干净"' in page and 'name="checked" value="无残留"' in page
    assert "data-locate" in page and 'name="stood_lon"' in page and "ledger/verify.js" in page
    response = client.post(
        act_url(p, "close"),
        {
            "version": p.version,
            "note": "现场核查合格",
            "checked": ITEMS,
            "photos": [jpeg()],
            **NEAR,
        },
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.CLOSED
    event = p.events.get(kind=EventKind.CLOSE)
    assert event.data["checked"] == ITEMS and event.data["stood"] == [120.0053, 30.0051]
    assert 25 <= event.data["distance_m"] <= 40 and event.data["accuracy_m"] == 12
    photo = StoredFile.objects.get(owner_id=p.pk, purpose="verify")
    assert event.data["photos"] == [str(photo.pk)]
    html = client.get(detail_url(p)).content.decode()
    distance = f"{event.data['distance_m']} m from the problem&#x27;s point"
    assert f'<dd id="verified-where">{distance} (accurate to about 12 m)</dd>' in html
    assert "Where the verifier stood" in html and "垃圾清理干净、无残留" in html  # the timeline
    assert 'id="verify-photos"' in html and f"/files/{photo.pk}/thumb/" in html


def test_an_item_not_ticked_needs_a_reason_and_the_photos_are_kept_meanwhile(
    as_user, new_problem, staff
):
    p = reported_back(new_problem, staff, category="0101")
    client = as_user(staff["inspector"])
    response = client.post(
        act_url(p, "close"),
        {"version": p.version, "checked": ["垃圾清理干净"], "photos": [jpeg()], **NEAR},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Not ticked: 无残留" in html
    kept = StoredFile.objects.get(uploaded_by=staff["inspector"])
    assert f'name="photo_ids" value="{kept.pk}"' in html and 'value="120.0053"' in html
    p.refresh_from_db()
    assert p.status == Status.REPORTED_BACK
    response = client.post(
        act_url(p, "close"),
        {
            "version": p.version,
            "checked": ["垃圾清理干净"],
            "unchecked_reason": "残留为路面固有污渍，已另报道路维修",
            "photo_ids": [str(kept.pk)],
            **NEAR,
        },
    )
    assert response.status_code == 302
    event = p.events.get(kind=EventKind.CLOSE)
    assert event.data["unchecked"] == ["无残留"]
    assert event.data["unchecked_reason"] == "残留为路面固有污渍，已另报道路维修"
    kept.refresh_from_db()
    assert kept.owner_id == p.pk and kept.purpose == "verify"


def test_the_service_refuses_a_close_without_the_standard_and_an_unknown_item(new_problem, staff):
    p = reported_back(new_problem, staff, category="0101")
    with pytest.raises(MoveError) as refused:
        moves.close(p.pk, actor=staff["inspector"])
    assert refused.value.code == "close_standard"
    with pytest.raises(MoveError):
        moves.close(p.pk, actor=staff["inspector"], checked=[*ITEMS, "随便写的"])
    with pytest.raises(MoveError):  # half a position
        moves.close(p.pk, actor=staff["inspector"], checked=ITEMS, stood_lon=120.0)
    p = moves.close(p.pk, actor=staff["inspector"], checked=ITEMS)
    event = p.events.get(kind=EventKind.CLOSE)
    assert "stood" not in event.data and "distance_m" not in event.data


def test_a_category_without_items_closes_without_boxes(as_user, new_problem, staff, categories):
    Category.objects.filter(pk=categories["0401"].pk).update(close_items=[])
    p = reported_back(new_problem, staff, category="0401")
    client = as_user(staff["inspector"])
    assert 'name="checked"' not in client.get(detail_url(p)).content.decode()
    response = client.post(act_url(p, "close"), {"version": p.version})
    assert response.status_code == 302
    html = client.get(detail_url(p)).content.decode()
    assert "not recorded" in html  # the timeline says no position was recorded


def test_the_api_closes_with_the_standard_and_the_position(client, new_problem, staff):
    p = reported_back(new_problem, staff, category="0101")
    client.force_login(staff["inspector"])
    body = {"version": p.version, "checked": ITEMS, "stood_lon": 120.0053, "stood_lat": 30.0051}
    response = client.post(
        f"/api/v1/ledger/problems/{p.pk}/close", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert 25 <= p.events.get(kind=EventKind.CLOSE).data["distance_m"] <= 40
    response = client.post(
        f"/api/v1/ledger/problems/{p.pk}/close", {"version": 1}, content_type="application/json"
    )
    assert response.status_code in (409, 422)


def test_the_office_edits_the_items_one_a_line(client, staff, categories):
    from django.urls import reverse

    category = categories["0101"]
    client.force_login(staff["admin"])
    page = client.get(reverse("ledger:category_edit", args=[category.pk])).content.decode()
    assert 'name="close_items"' in page and "垃圾清理干净\n无残留" in page
