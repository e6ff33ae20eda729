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


@pytest.mark.parametrize("name", ["since", "until"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_a_date_past_the_calendar_is_a_form_error(client, people, events, name, value):
    client.force_login(people["admin"])
    client.cookies["django_language"] = "en"
    page = client.get("/audit/", {name: value})
    assert page.status_code == 200
    assert "Enter a date between 1900-01-01 and 9998-12-31." in page.context["form"].errors[name]
    assert len(page.context["events"]) == PAGE_SIZE  # the other filters still apply: none


@pytest.mark.parametrize("name", ["since", "until"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_the_api_refuses_a_date_past_the_calendar(client, people, events, name, value):
    client.force_login(people["admin"])
    response = client.get("/api/v1/audit/events", {name: value})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == name


def test_the_edges_of_the_calendar_still_filter(client, people, events):
    client.force_login(people["admin"])
    body = client.get("/api/v1/audit/events", {"since": "1900-01-01", "until": "9998-12-31"}).json()
    assert len(body["items"]) == PAGE_SIZE


@pytest.mark.parametrize(
    "params", [{"q": "\x00"}, {"actor": "a\x00"}, {"before": "99999999999999999999"}]
)
def test_the_api_refuses_what_the_database_cannot_hold(client, people, events, params):
    client.force_login(people["admin"])
    assert client.get("/api/v1/audit/events", params).status_code == 422


def test_the_selector_takes_the_calendar_edges_as_no_bound(events):
    import datetime as dt

    from zhengzhi.audit.selectors import filtered_events

    everything = AuditEvent.objects.count()
    assert filtered_events({"since": dt.date.min, "until": dt.date.max}).count() == everything


@pytest.mark.parametrize("params", [{"q": "\x00"}, {"before": "99999999999999999999"}])
def test_the_page_takes_what_the_database_cannot_hold_as_a_form_error(
    client, people, events, params
):
    client.force_login(people["admin"])
    page = client.get("/audit/", params)
    assert page.status_code == 200 and page.context["form"].errors
