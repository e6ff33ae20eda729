"""A unit leader's late progress reports: the dashboard's figure is the length of the list its
link shows, the list holds the late current reports of their units (and below) in the last 30
days and nothing of another unit's."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from zhengzhi.campaigns.services.reports import correct_report, submit_report
from zhengzhi.campaigns.tests.conftest import at, campaign  # noqa: F401
from zhengzhi.conftest import local

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 6, 10, 18))]
DASH = reverse("supervision:dashboard")
LIST = reverse("supervision:late_reports")


@pytest.fixture
def reports(campaign, units, leaders):  # noqa: F811
    """c1: late on 8 June (11:00) and 9 June (16:00, then corrected), on time on 9 June
    (11:00), late on 6 May (before the 30 days); c2: late on 8 June (16:00)."""
    task = campaign.task
    c1 = task.assignments.get(unit=units["c1"]).pk
    c2 = task.assignments.get(unit=units["c2"]).pk
    h1, h2 = leaders["handler"], leaders["c2_handler"]
    d8, d9, old = dt.date(2026, 6, 8), dt.date(2026, 6, 9), dt.date(2026, 5, 6)
    submit_report(c1, actor=h1, figure=1, period=d8, slot=0, now=at(d8, "11:30"))
    late = submit_report(c1, actor=h1, figure=1, period=d9, slot=1, now=at(d9, "16:40"))
    correct_report(late.pk, actor=h1, figure=2, reason="多报", now=at(d9, "17:00"))
    submit_report(c1, actor=h1, figure=1, period=d9, slot=0, now=at(d9, "10:00"))
    submit_report(c1, actor=h1, figure=1, period=old, slot=0, now=at(old, "12:00"))
    submit_report(c2, actor=h2, figure=3, period=d8, slot=1, now=at(d8, "16:30"))
    return campaign


def figure(html: str) -> int:
    return int(re.search(r'id="dash-unit-late-count" href="([^"]+)">(\d+)<', html).group(2))


def rows(html: str) -> list[str]:
    return re.findall(r'<tr class="late-report"><td>([\d-]+)</td>', html)


@pytest.mark.parametrize(
    "who, days",
    [
        ("c1_leader", ["2026-06-09", "2026-06-08"]),
        ("c2_leader", ["2026-06-08"]),
        ("street_leader", ["2026-06-09", "2026-06-08", "2026-06-08"]),
    ],
)
def test_the_figure_is_the_number_of_rows_its_link_shows(
    client, reports, leaders, who, days, django_assert_max_num_queries
):
    client.force_login(leaders[who])
    dash = client.get(DASH).content.decode()
    assert f'href="{LIST}"' in dash
    with django_assert_max_num_queries(12):
        page = client.get(LIST).content.decode()
    assert figure(dash) == len(rows(page)) == len(days)
    assert rows(page) == days
    assert f'id="late-count">{len(days)}<' in page


def test_another_units_late_reports_are_not_listed(client, reports, leaders, units):
    client.force_login(leaders["c2_leader"])
    page = client.get(LIST).content.decode()
    assert units["c2"].name in page and units["c1"].name not in page
    client.force_login(leaders["c1_leader"])
    page = client.get(LIST).content.decode()
    assert units["c1"].name in page and units["c2"].name not in page


def test_only_a_unit_leaders_dashboard_has_the_list(client, reports, leaders):
    for who in ("handler", "leader", "admin"):
        client.force_login(leaders[who])
        assert client.get(LIST).status_code == 404, who
