import pytest

from zhengzhi.notifications.models import Notification
from zhengzhi.notifications.services import notify

pytestmark = pytest.mark.django_db

API = "/api/v1/notifications"


def test_the_api_lists_my_notifications_unread_first(client, people):
    me = people["handler"]
    read = notify([me], "Read one")[0]
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    notify([me], "Unread one", url="/org/", kind="test")
    notify([people["other_handler"]], "Not mine")
    client.force_login(me)
    body = client.get(f"{API}/").json()
    assert body["count"] == 2
    assert [n["subject"] for n in body["items"]] == ["Unread one", "Read one"]
    assert body["items"][0]["url"] == "/org/" and body["items"][0]["read_at"] is None
    unread = client.get(f"{API}/", {"unread": "true"}).json()
    assert [n["subject"] for n in unread["items"]] == ["Unread one"]
    assert client.get(f"{API}/unread-count").json() == {"unread": 1}


def test_the_api_marks_read(client, people):
    me = people["handler"]
    a, b, c = (notify([me], f"N{i}")[0] for i in range(3))
    theirs = notify([people["other_handler"]], "Theirs")[0]
    client.force_login(me)
    response = client.post(
        f"{API}/read", {"ids": [a.pk, theirs.pk]}, content_type="application/json"
    )
    assert response.json() == {"marked": 1}
    theirs.refresh_from_db()
    assert theirs.read_at is None
    one = client.post(f"{API}/{b.pk}/read")
    assert one.status_code == 200 and one.json()["read_at"] is not None
    assert client.post(f"{API}/read", {"all": True}, content_type="application/json").json() == {
        "marked": 1
    }
    assert client.get(f"{API}/unread-count").json() == {"unread": 0}


def test_another_users_notification_is_not_found_in_the_api(client, people):
    theirs = notify([people["other_handler"]], "Theirs")[0]
    client.force_login(people["handler"])
    assert client.get(f"{API}/{theirs.pk}").status_code == 404
    assert client.post(f"{API}/{theirs.pk}/read").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_api_needs_a_signed_in_user(client):
    assert client.get(f"{API}/unread-count").status_code == 401


@pytest.mark.parametrize("ids", [[1e20], [2**63], [0]])
def test_ids_past_the_database_range_are_refused(client, people, ids):
    client.force_login(people["handler"])
    response = client.post(f"{API}/read", {"ids": ids}, content_type="application/json")
    assert response.status_code == 422


def test_a_notification_id_past_the_database_range_is_refused(client, people):
    client.force_login(people["handler"])
    assert client.get(f"{API}/99999999999999999999").status_code == 422
    assert client.post(f"{API}/99999999999999999999/read").status_code == 422
