import datetime as dt

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhengzhi.notifications.context_processors import unread
from zhengzhi.notifications.models import Notification
from zhengzhi.notifications.services import mark_read, notify

pytestmark = pytest.mark.django_db


def _make(user, n, *, read=False, start=None):
    start = start or timezone.now() - dt.timedelta(days=1)
    return Notification.objects.bulk_create(
        Notification(
            recipient=user,
            subject=f"Notice {i}",
            body=f"Body {i}",
            created_at=start + dt.timedelta(minutes=i),
            read_at=timezone.now() if read else None,
        )
        for i in range(n)
    )


def test_the_inbox_shows_unread_first_and_only_mine(client, people):
    me, other = people["handler"], people["other_handler"]
    old_unread = notify([me], "Old but unread")[0]
    Notification.objects.filter(pk=old_unread.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    read = notify([me], "Newest, already read", url="/org/")[0]
    mark_read(me, [read.pk])
    notify([other], "Someone else's secret")
    client.force_login(me)
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else&#x27;s secret" not in html and "Someone else's secret" not in html
    assert html.index("Old but unread") < html.index("Newest, already read")
    assert response.context["unread_notifications"] == 1
    only_unread = client.get(reverse("notifications:inbox"), {"show": "unread"})
    assert "Newest, already read" not in only_unread.content.decode()


def test_the_inbox_query_count_does_not_grow_with_rows(client, people):
    me = people["handler"]
    client.force_login(me)
    _make(me, 3)
    client.get(reverse("notifications:inbox"))  # the session is settled after the first request
    with CaptureQueriesContext(connection) as few:
        small = client.get(reverse("notifications:inbox"))
    _make(me, 70)
    _make(me, 10, read=True)
    with CaptureQueriesContext(connection) as many:
        big = client.get(reverse("notifications:inbox"), {"page": 2})
    # Session, user, roles (menu), unread badge, page count, page rows, session save.
    assert len(many) == len(few) <= 10
    assert small.status_code == big.status_code == 200
    assert len(big.context["page"].object_list) == 30
    assert big.context["page"].paginator.num_pages == 3
    # Page 3 holds the last unread rows and then the read ones.
    last = client.get(reverse("notifications:inbox"), {"page": 3})
    rows = list(last.context["page"].object_list)
    assert [r.read_at is None for r in rows] == [True] * 13 + [False] * 10


def test_mark_one_and_all_read(client, people):
    me = people["handler"]
    first, second, third = (notify([me], f"N{i}")[0] for i in range(3))
    client.force_login(me)
    response = client.post(
        reverse("notifications:mark_read", args=[first.pk]), {"next": "/notifications/?page=1"}
    )
    assert response.status_code == 302 and response.url == "/notifications/?page=1"
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.filter(recipient=me, read_at=None).count() == 2
    response = client.post(
        reverse("notifications:mark_all_read"), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("notifications:inbox")
    assert not Notification.objects.filter(recipient=me, read_at=None).exists()


def test_opening_follows_the_link_and_marks_read(client, people):
    me = people["handler"]
    n = notify([me], "Go there", url="/territory/map/")[0]
    plain = notify([me], "No link")[0]
    client.force_login(me)
    response = client.get(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302 and response.url == "/territory/map/"
    assert client.get(reverse("notifications:open", args=[plain.pk])).url == reverse(
        "notifications:inbox"
    )
    assert not Notification.objects.filter(recipient=me, read_at=None).exists()


def test_another_users_notification_is_not_found(client, people):
    mine = notify([people["handler"]], "Mine", url="/org/")[0]
    client.force_login(people["other_handler"])
    assert client.get(reverse("notifications:open", args=[mine.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_read", args=[mine.pk])).status_code == 404
    client.post(reverse("notifications:mark_all_read"))
    mine.refresh_from_db()
    assert mine.read_at is None


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_unread_badge_costs_one_query(people, django_assert_num_queries):
    me = people["handler"]
    notify([me], "One")
    notify([me], "Two")
    request = RequestFactory().get("/")
    request.user = me
    context = unread(request)
    with django_assert_num_queries(1):
        assert context["unread_notifications"] == 2
    request.user = type("Anon", (), {"is_authenticated": False})()
    assert unread(request) == {}
