"""The campaigns' admin pages: every model listed and shown, nothing changed there, and the
lists cost the same queries however many rows they show."""

import datetime as dt

import pytest
from django.urls import reverse

from zhengzhi.campaigns.models import Campaign, Pledge, ProgressReport, Task
from zhengzhi.campaigns.services.pledges import draw_up_pledges
from zhengzhi.campaigns.services.reports import submit_report
from zhengzhi.campaigns.tests.conftest import at

pytestmark = pytest.mark.django_db
MODELS = (Campaign, Task, ProgressReport, Pledge)


@pytest.fixture
def superuser(django_user_model, client):
    user = django_user_model.objects.create_superuser("root", password="x-Long-Passw0rd")
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return user


def _reports(campaign, units, staff, days: int, start: dt.date = dt.date(2026, 5, 11)) -> None:
    for i in range(days):
        day = start + dt.timedelta(days=i)
        for unit, user in ((units["c1"], staff["handler"]), (units["c2"], staff["c2_handler"])):
            a = campaign.task.assignments.get(unit=unit)
            submit_report(a.pk, actor=user, figure=1, period=day, slot=0, now=at(day, "10:00"))


def _url(model, action, *args):
    return reverse(f"admin:campaigns_{model._meta.model_name}_{action}", args=args)


def test_every_page_shows_and_nothing_can_be_changed(client, superuser, campaign, units, staff):
    _reports(campaign, units, staff, 1)
    draw_up_pledges(campaign.pk, actor=staff["admin"])
    for model in MODELS:
        obj = model.objects.first()
        listing = client.get(_url(model, "changelist"))
        assert listing.status_code == 200, model
        assert "read-only here" in listing.content.decode()
        page = client.get(_url(model, "change", obj.pk))
        assert page.status_code == 200, model
        assert b'name="_save"' not in page.content
        assert client.get(_url(model, "add")).status_code == 403, model
        assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
        assert model.objects.filter(pk=obj.pk).exists()
    report = ProgressReport.objects.first()
    client.post(_url(ProgressReport, "change", report.pk), {"figure": "99"})
    report.refresh_from_db()
    assert report.figure == 1


def test_the_inlines_show_their_rows(client, superuser, campaign):
    page = client.get(_url(Campaign, "change", campaign.pk)).content.decode()
    assert "摸底排查" in page and "集中拆除" in page  # the phases
    page = client.get(_url(Task, "change", campaign.task.pk)).content.decode()
    assert "柳岸社区" in page and "桃园社区" in page  # the reporting units
    assert "2026-05-20" in page or "May 20, 2026" in page  # a milestone


def test_the_lists_cost_the_same_queries_for_more_rows(client, superuser, campaign, units, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _reports(campaign, units, staff, 1)
    # Not the pages' own: the session's first push of its idle expiry, the content types cached
    count(_url(Task, "changelist"))
    count(_url(Task, "change", campaign.task.pk))
    few = {m: count(_url(m, "changelist")) for m in (ProgressReport, Task)}
    task_page = count(_url(Task, "change", campaign.task.pk))
    _reports(campaign, units, staff, 8, start=dt.date(2026, 5, 12))
    assert {m: count(_url(m, "changelist")) for m in (ProgressReport, Task)} == few
    assert count(_url(Task, "change", campaign.task.pk)) == task_page
    assert count(_url(ProgressReport, "changelist") + "?q=柳岸") <= few[ProgressReport] + 1
