"""The office's working calendar page: a year's days off and adjusted working days with their
source, adding, changing and removing the office's own days, audited; scope and bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zhengzhi.audit.models import AuditEvent
from zhengzhi.workcal.calendar import WorkCalendar
from zhengzhi.workcal.models import CalendarDay
from zhengzhi.workcal.services import set_day

pytestmark = pytest.mark.django_db
YEAR = reverse("workcal:year")


def row(html: str, day: str) -> str:
    return html.split(f'id="day-{day}"')[1].split("</tr>")[0]


def test_a_covered_year_shows_the_notice_days_and_their_source(as_user, people):
    response = as_user(people["admin"], lang="zh-hans").get(YEAR, {"year": 2026})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2026年工作日历" in html
    # 2026-02-14 is a Saturday worked for the Spring Festival (调休); 02-16 a Monday off.
    assert "工作日" in row(html, "2026-02-14") and "春节" in row(html, "2026-02-14")
    assert "放假" in row(html, "2026-02-16")
    assert "国务院放假安排" in row(html, "2026-02-16")
    assert 'id="day-2026-03-02"' not in html  # a plain Monday is not listed
    assert "日历包尚未收录" not in html


def test_a_year_without_an_official_calendar_says_so(as_user, people):
    html = as_user(people["admin"], lang="zh-hans").get(YEAR, {"year": 2027}).content.decode()
    assert "日历包尚未收录2027年的官方放假安排" in html
    assert "法定节假日（尚无放假安排）" in row(html, "2027-10-01")


def test_the_office_adds_a_day(as_user, people):
    client = as_user(people["admin"])
    saturday = dt.date(2027, 2, 20)
    assert not WorkCalendar.load().is_workday(saturday)
    response = client.post(
        YEAR, {"date": "2027-02-20", "kind": "workday", "note": "2027年春节调休上班"}
    )
    assert response.status_code == 302 and response["Location"] == f"{YEAR}?year=2027"
    assert WorkCalendar.load().is_workday(saturday)
    event = AuditEvent.objects.get(action="calendar.set_day")
    assert event.actor_id == people["admin"].pk
    assert event.data == {
        "date": "2027-02-20",
        "is_workday": True,
        "note": "2027年春节调休上班",
        "before": None,
    }
    html = client.get(response["Location"]).content.decode()
    shown = row(html, "2027-02-20")
    assert "Entered by the office" in shown and "2027年春节调休上班" in shown
    assert "national calendar: day off" in shown
    assert "Remove" in shown


def test_the_office_changes_its_day_and_the_audit_keeps_what_it_was(as_user, people):
    set_day(dt.date(2027, 3, 8), False, "本地节日", actor=people["admin"])
    client = as_user(people["admin"])
    form = client.get(YEAR, {"year": 2027, "date": "2027-03-08"}).content.decode()
    assert 'value="2027-03-08"' in form and 'value="本地节日"' in form
    response = client.post(YEAR, {"date": "2027-03-08", "kind": "workday", "note": "取消"})
    assert response.status_code == 302
    entry = CalendarDay.objects.get(date=dt.date(2027, 3, 8))
    assert entry.is_workday and entry.note == "取消"
    event = AuditEvent.objects.filter(action="calendar.set_day").latest("seq")
    assert event.data["before"] == {"is_workday": False, "note": "本地节日"}


def test_the_office_removes_its_day(as_user, people):
    entry = set_day(dt.date(2027, 3, 8), False, "本地节日", actor=people["admin"])
    client = as_user(people["admin"])
    url = reverse("workcal:remove", args=[entry.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == f"{YEAR}?year=2027"
    assert not CalendarDay.objects.exists()
    assert WorkCalendar.load().is_workday(dt.date(2027, 3, 8))
    event = AuditEvent.objects.get(action="calendar.remove_day")
    assert event.data["date"] == "2027-03-08" and event.data["note"] == "本地节日"
    assert client.post(url).status_code == 404


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"date": "2027-02-30", "kind": "workday"}, "date", "Give a date as YYYY-MM-DD."),
        ({"date": "", "kind": "workday"}, "date", "This field is required."),
        ({"date": "1999-12-31", "kind": "workday"}, "date", "Give a date from 2000-01-01"),
        ({"date": "2027-02-20", "kind": "maybe"}, "kind", "Select a valid choice."),
        ({"date": "2027-02-20", "kind": "workday", "note": ""}, "note", "This field is required."),
        (
            {"date": "2027-02-20", "kind": "workday", "note": "长" * 101},
            "note",
            "at most 100 characters",
        ),
    ],
)
def test_bad_input_is_refused_and_kept(as_user, people, data, field, message):
    data = {"note": "刚输入的备注", **data}
    response = as_user(people["admin"]).post(YEAR, data)
    html = response.content.decode()
    assert response.status_code == 422
    assert message in html
    if data["note"] and field != "note":
        assert 'value="刚输入的备注"' in html
    assert not CalendarDay.objects.exists()
    assert not AuditEvent.objects.filter(action="calendar.set_day").exists()


@pytest.mark.parametrize("year", ["1999", "abc", "20260"])
def test_a_bad_year_is_explained(as_user, people, year):
    response = as_user(people["admin"]).get(YEAR, {"year": year})
    assert response.status_code == 200
    assert "Choose a year from 2000 to 2100." in response.content.decode()


@pytest.mark.parametrize("who", ["dispatcher", "leader", "handler", "street_leader"])
def test_only_the_office_administrator_has_the_page(as_user, people, who):
    entry = set_day(dt.date(2027, 3, 8), False, "本地节日", actor=people["admin"])
    client = as_user(people[who])
    assert client.get(YEAR).status_code == 404
    assert (
        client.post(YEAR, {"date": "2027-03-09", "kind": "holiday", "note": "x"}).status_code == 404
    )
    assert client.post(reverse("workcal:remove", args=[entry.pk])).status_code == 404
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [dt.date(2027, 3, 8)]


def test_the_page_takes_a_fixed_number_of_queries(as_user, people, django_assert_max_num_queries):
    client = as_user(people["admin"])
    for day in range(1, 11):
        set_day(dt.date(2027, 3, day), False, f"第{day}天", actor=people["admin"])
    with django_assert_max_num_queries(8):
        response = client.get(YEAR, {"year": 2027})
    assert response.content.decode().count("Entered by the office<br>") == 10
