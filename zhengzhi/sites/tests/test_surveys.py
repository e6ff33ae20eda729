# ruff: noqa: F811 (the fixtures imported from rosters_support are parameters here)
"""Surveys (摸底排查): who has submitted by the deadline, two communities late; each unit sees
its own communities only; answers by roster import or "nothing to report"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import local, make_user
from zhengzhi.core.roles import Role
from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
from zhengzhi.sites.models import SurveySubmission
from zhengzhi.sites.services import rosters, surveys
from zhengzhi.sites.services.errors import SiteError
from zhengzhi.sites.tests.rosters_support import (  # noqa: F401 (fixtures)
    IN_C1,
    TEMPLATE,
    sheet_of,
    template_row,
    territory,
    tobacco,
)

pytestmark = pytest.mark.django_db
DEADLINE = dt.date(2026, 12, 10)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def villages(units):
    """Two more communities, under 西山镇, each with its handler."""
    out = {}
    for code, name, division in (("shimen", "石门村", "330199002201"),
                                 ("qingxi", "清溪村", "330199002202")):  # fmt: skip
        unit = Unit.objects.add_child(
            units["other_street"],
            instance=Unit(name=name, code=code, kind=UnitKind.TERRITORY,
                          level=TerritoryLevel.COMMUNITY, division_code=division),
        )  # fmt: skip
        out[code] = make_user(f"{code}_handler", unit, Role.HANDLER)
    return out


@pytest.fixture
def survey(people, tobacco):
    return surveys.create_survey(
        people["admin"],
        title="卷烟零售户摸底排查",
        kinds=[tobacco],
        starts_on=dt.date(2026, 12, 1),
        deadline=DEADLINE,
    )


def test_the_office_sees_two_late_communities_and_one_overdue(people, villages, survey):
    c1_handler = people["handler"]
    c2_handler = make_user("c2_handler", Unit.objects.get(code="taoyuan"), Role.HANDLER)
    surveys.submit_nothing(c1_handler, survey, note="逐街走访，无新增", now=local(2026, 12, 9, 17))
    # The deadline day counts in full, in the project's time zone: 23:30 on the 10th is on time.
    surveys.submit_nothing(c2_handler, survey, note="无", now=local(2026, 12, 10, 23, 30))
    surveys.submit_nothing(villages["shimen"], survey, note="补报", now=local(2026, 12, 11, 9))
    surveys.submit_nothing(villages["qingxi"], survey, note="补报", now=local(2026, 12, 14, 9))
    # a fifth community, added late, has said nothing
    Unit.objects.add_child(
        Unit.objects.get(code="xishan"),
        instance=Unit(name="枫林村", code="fenglin", kind=UnitKind.TERRITORY,
                      level=TerritoryLevel.COMMUNITY, division_code="330199002203"),
    )  # fmt: skip
    status = surveys.survey_status(people["admin"], survey, now=local(2026, 12, 15, 10))
    states = {r.community.code: r.state for r in status.rows}
    assert states == {
        "liuan": "on_time",
        "taoyuan": "on_time",
        "shimen": "late",
        "qingxi": "late",
        "fenglin": "missing",
    }
    assert status.counts == {"on_time": 2, "late": 2, "missing": 1, "waiting": 0}
    assert {r.community.code for r in status.rows if r.highlighted} == {
        "shimen",
        "qingxi",
        "fenglin",
    }
    # before the deadline, nobody is overdue yet
    early = surveys.survey_status(people["admin"], survey, now=local(2026, 12, 10, 12))
    assert {r.community.code: r.state for r in early.rows}["fenglin"] == "waiting"


def test_a_street_sees_its_communities_and_a_community_itself(people, villages, survey):
    street = surveys.survey_status(people["street_leader"], survey, now=local(2026, 12, 15))
    assert [r.community.code for r in street.rows] == ["liuan", "taoyuan"]
    other = surveys.survey_status(people["other_handler"], survey, now=local(2026, 12, 15))
    assert sorted(r.community.code for r in other.rows) == ["qingxi", "shimen"]
    own = surveys.survey_status(people["handler"], survey, now=local(2026, 12, 15))
    assert [r.community.code for r in own.rows] == ["liuan"]
    assert surveys.survey_status(people["dept_handler"], survey).rows == []


def test_the_status_page_shows_only_the_viewers_communities(
    as_user, people, villages, survey, django_assert_max_num_queries
):
    surveys.submit_nothing(villages["shimen"], survey, note="补报", now=local(2026, 12, 11, 9))
    client = as_user(people["street_leader"])
    with django_assert_max_num_queries(16):
        page = client.get(reverse("sites:survey_status", args=[survey.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-community="liuan"' in html and 'data-community="taoyuan"' in html
    assert "shimen" not in html and "石门村" not in html
    office = as_user(people["admin"]).get(reverse("sites:survey_status", args=[survey.pk]))
    assert 'data-community="shimen" data-state="late"' in office.content.decode()


def test_only_the_office_creates_a_survey(as_user, people, tobacco):
    url = reverse("sites:survey_create")
    assert as_user(people["handler"]).get(url).status_code == 404
    client = as_user(people["admin"])
    bad = client.post(url, {"title": "摸底", "kinds": [tobacco.pk], "starts_on": "2026-12-10",
                            "deadline": "2026-12-01"})  # fmt: skip
    assert bad.status_code == 422 and "The deadline is before the start." in bad.content.decode()
    assert 'value="摸底"' in bad.content.decode()  # the form keeps what was typed
    ok = client.post(url, {"title": "摸底", "kinds": [tobacco.pk], "starts_on": "2026-12-01",
                           "deadline": "2026-12-10"})  # fmt: skip
    assert ok.status_code == 302
    assert AuditEvent.objects.filter(action="sites.survey.created").count() == 1
    with pytest.raises(SiteError):
        surveys.create_survey(people["street_leader"], title="x", kinds=[tobacco],
                              starts_on=DEADLINE, deadline=DEADLINE)  # fmt: skip


def test_nothing_to_report_needs_a_note_and_a_community(as_user, people, survey):
    url = reverse("sites:survey_status", args=[survey.pk])
    empty = as_user(people["handler"]).post(url, {"note": ""})
    assert empty.status_code == 422
    assert not SurveySubmission.objects.exists()
    assert as_user(people["street_leader"]).post(url, {"note": "无"}).status_code == 404
    with pytest.raises(SiteError, match="community"):
        surveys.submit_nothing(people["admin"], survey, note="无")


def test_a_roster_import_for_the_survey_is_the_communitys_submission(
    people, territory, tobacco, survey
):
    handler = people["handler"]
    sheet = sheet_of(TEMPLATE, [template_row("甲店", "330199100001", IN_C1),
                                template_row("乙店", "330199100002", IN_C1)])  # fmt: skip
    mapping = rosters.proposed_mapping(tobacco, sheet.headers)
    result = rosters.import_roster(handler, kind=tobacco, sheet=sheet, mapping=mapping,
                                   file_name="r.xlsx", survey=survey,
                                   now=local(2026, 12, 12, 9))  # fmt: skip
    assert result.ok, result.errors
    sub = SurveySubmission.objects.get()
    assert (sub.community.code, sub.site_count) == ("liuan", 2)
    assert result.roster.survey == survey
    # a later answer replaces it
    surveys.submit_nothing(handler, survey, note="复核无新增", now=local(2026, 12, 13, 9))
    sub = SurveySubmission.objects.get()
    assert sub.note == "复核无新增" and sub.site_count == 2
    status = surveys.survey_status(people["admin"], survey, now=local(2026, 12, 14))
    row = next(r for r in status.rows if r.community.code == "liuan")
    assert row.state == "late" and row.site_count == 2


def test_a_survey_not_yet_started_refuses_answers(people, tobacco):
    future = surveys.create_survey(people["admin"], title="明年", kinds=[tobacco],
                                   starts_on=dt.date(2027, 3, 1), deadline=dt.date(2027, 3, 31))  # fmt: skip
    with pytest.raises(SiteError, match="starts on"):
        surveys.submit_nothing(people["handler"], future, note="无", now=local(2026, 12, 15))
