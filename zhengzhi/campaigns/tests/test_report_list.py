"""The unit's report list grouped by unit (own unit first), early reports for the next slot,
whole figures for countable measures, and the sheet's late and missing columns in words."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from zhengzhi.campaigns.models import Campaign, ProgressReport, is_countable
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.campaigns.services.reports import correct_report, submit_report
from zhengzhi.campaigns.services.tasks import TaskData, create_task
from zhengzhi.campaigns.sheet import build_sheet
from zhengzhi.campaigns.tests.conftest import at
from zhengzhi.conftest import local

DAY = dt.date(2026, 5, 12)


def login(client, user, language="zh-hans"):
    client.cookies["django_language"] = language
    client.force_login(user)


def _now_within(campaign):
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=30)
    )


@pytest.fixture
def street_task(campaign, units, staff):
    """A second task the street itself reports on, next to its communities' one."""
    return create_task(
        campaign.pk,
        TaskData(
            title="河道保洁巡查",
            lead_unit=units["street"],
            deadline=campaign.ends_on,
            target=Decimal(30),
            measure="次",
            cutoffs=["16:00"],
            assignments=[(units["street"], Decimal(30))],
        ),
        actor=staff["admin"],
    )


def test_the_list_is_grouped_by_unit_with_the_users_own_first(
    client, campaign, street_task, units, staff, django_assert_max_num_queries
):
    _now_within(campaign)
    login(client, staff["street_leader"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("campaigns:report"))
    groups = page.context["groups"]
    assert [g["unit"].pk for g in groups] == [units["street"].pk, units["c1"].pk, units["c2"].pk]
    assert [len(g["rows"]) for g in groups] == [1, 1, 1]
    html = page.content.decode()
    # The own unit is open, the communities folded, each saying how many are still to report.
    assert f'id="unit-{units["street"].pk}" open' in html
    assert f'id="unit-{units["c1"].pk}">' in html
    assert html.index(units["street"].name) < html.index(units["c1"].name)
    assert "1项待报送" in html


@pytest.mark.time_machine(local(2026, 5, 12, 17, 30))  # after the day's last cut-off
def test_the_form_offers_tomorrows_first_slot_after_the_last_cutoff(client, campaign, units, staff):
    login(client, staff["handler"])
    a = campaign.task.assignments.get(unit=units["c1"])
    url = reverse("campaigns:report_form", args=[a.pk])
    page = client.get(url)
    values = [v for v, _label in page.context["form"].fields["slot"].choices]
    assert values[0] == "2026-05-13|0"
    assert "目前无需报送" not in page.content.decode()
    r = client.post(url, {"slot": values[0], "figure": "2", "text": "提前报送"})
    assert r.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.period, report.slot, report.late) == (dt.date(2026, 5, 13), 0, False)
    # The list says the next cut-off is reported.
    assert "已报送" in client.get(reverse("campaigns:report")).content.decode()


@pytest.mark.parametrize(
    ("measure", "countable"),
    [("处", True), ("户", True), ("个", True), ("人次", True), ("家次", True),
     ("公里", False), ("吨", False), ("亩", False), ("万元", False), ("", False)],
)  # fmt: skip
def test_countable_measures(measure, countable):
    assert is_countable(measure) is countable


def test_a_countable_figure_must_be_whole(campaign, units, staff):
    a = campaign.task.assignments.get(unit=units["c1"])  # 处
    with pytest.raises(CampaignError) as exc:
        submit_report(a.pk, actor=staff["handler"], figure="2.5", now=at(DAY, "10:00"))
    assert exc.value.field == "figure"
    report = submit_report(a.pk, actor=staff["handler"], figure="2", now=at(DAY, "10:00"))
    with pytest.raises(CampaignError):
        correct_report(
            report.pk, actor=staff["handler"], figure="1.5", reason="核减", now=at(DAY, "10:30")
        )
    assert ProgressReport.objects.count() == 1
    # A length is not counted in whole things.
    campaign.task.measure = "公里"
    campaign.task.save(update_fields=["measure"])
    b = campaign.task.assignments.get(unit=units["c2"])
    assert submit_report(b.pk, actor=staff["c2_handler"], figure="0.8", now=at(DAY, "10:00"))


def test_the_countable_form_asks_for_whole_numbers(client, campaign, units, staff):
    _now_within(campaign)
    login(client, staff["handler"])
    a = campaign.task.assignments.get(unit=units["c1"])
    url = reverse("campaigns:report_form", args=[a.pk])
    page = client.get(url)
    assert 'inputmode="numeric"' in page.content.decode() and 'step="1"' in page.content.decode()
    slot = page.context["form"].fields["slot"].choices[0][0]
    r = client.post(url, {"slot": slot, "figure": "2.5", "text": "拆除"})
    assert r.status_code == 200
    assert "请填写整数" in r.content.decode()
    assert not ProgressReport.objects.exists()


def test_the_sheet_says_what_its_late_and_missing_figures_mean(client, campaign, units, staff):
    a = campaign.task.assignments.get(unit=units["c1"])
    submit_report(a.pk, actor=staff["handler"], figure=2, period=DAY, slot=0, now=at(DAY, "11:30"))
    sheet = build_sheet(campaign, DAY, user=staff["admin"], now=at(DAY, "17:00"))
    rows = {u.unit_id: u for u in sheet.tasks[0].units}
    from django.utils import translation

    with translation.override("zh-hans"):
        assert rows[units["c1"].pk].late_text == "迟报 1 次"
        assert rows[units["c1"].pk].missing_text == "缺报 1 次（截止 16:00）"
        assert rows[units["c2"].pk].missing_text == "缺报 2 次（截止 11:00、16:00）"
    with translation.override("en"):
        assert rows[units["c2"].pk].missing_text == "2 missing (due 11:00、16:00)"
    login(client, staff["admin"])
    html = client.get(reverse("campaigns:sheet", args=[campaign.pk]) + f"?day={DAY}")
    assert html.status_code == 200
