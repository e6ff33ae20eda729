import pytest

from zhengzhi.audit.models import AuditEvent
from zhengzhi.audit.selectors import PAGE_SIZE
from zhengzhi.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(people):
    for i in range(PAGE_SIZE + 5):
        record(
            "unit.update",
            actor=people["admin"],
            object_type="org.unit",
            object_id=i,
            object_repr=f"单位{i}",
        )
    record("login.failure", object_type="accounts.user", object_repr="mallory")


def test_office_admin_browses_and_filters(client, people, events, django_assert_max_num_queries):
    client.force_login(people["admin"])
    with django_assert_max_num_queries(12):
        page = client.get("/audit/")
    assert page.status_code == 200
    assert "login.failure" in page.content.decode()
    seen = [e.seq for e in page.context["events"]]
    assert len(seen) == PAGE_SIZE and seen == sorted(seen, reverse=True)
    older = client.get("/audit/", {"before": page.context["next_before"]})
    seen += [e.seq for e in older.context["events"]]
    assert older.context["next_before"] is None
    # Every row once, newest first, across the two pages.
    assert seen == sorted(set(seen), reverse=True) and len(seen) == AuditEvent.objects.count()
    filtered = client.get("/audit/", {"action": "login.f"})
    assert [e.action for e in filtered.context["events"]] == ["login.failure"]
    assert client.get("/audit/", {"q": "单位7"}).context["events"][0].object_id == "7"


@pytest.mark.parametrize("who", ["dispatcher", "leader", "handler", "street_leader"])
def test_nobody_else_finds_it(client, people, events, who):
    client.force_login(people[who])
    assert client.get("/audit/").status_code == 404
    assert client.get("/audit/1/").status_code == 404
    assert client.get("/api/v1/audit/events").status_code == 404


def test_the_api_pages_with_before(client, people, events):
    client.force_login(people["admin"])
    body = client.get("/api/v1/audit/events", {"action": "unit."}).json()
    assert len(body["items"]) == PAGE_SIZE and body["next_before"]
    rest = client.get(
        "/api/v1/audit/events", {"action": "unit.", "before": body["next_before"]}
    ).json()
    assert len(rest["items"]) == 5 and rest["next_before"] is None
    assert client.get("/api/v1/audit/events", {"since": "yesterday"}).status_code == 422


def test_anonymous_is_sent_to_login(client, events):
    assert client.get("/audit/").status_code == 302
    assert client.get("/api/v1/audit/events").status_code == 401
