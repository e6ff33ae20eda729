"""Pages answer for the right people, bounded in queries; exports open and say what the sheet says."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from zhengzhi.campaigns.services.reports import submit_report
from zhengzhi.campaigns.tests.conftest import at

DAY = dt.date(2026, 5, 20)


@pytest.fixture
def reported(campaign, units, staff):
    for unit, user, fig in (
        (units["c1"], staff["handler"], 4),
        (units["c2"], staff["c2_handler"], 3),
    ):
        a = campaign.task.assignments.get(unit=unit)
        submit_report(a.pk, actor=user, figure=fig, period=DAY, slot=0, now=at(DAY, "10:00"))
    return campaign


def login(client, user):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_xlsx_export_content(client, reported, staff):
    from openpyxl import load_workbook

    login(client, staff["admin"])
    r = client.get(reverse("campaigns:sheet_xlsx", args=[reported.pk]) + f"?day={DAY}")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb.worksheets[0]
    assert "daily dispatch sheet" in ws["A1"].value
    assert ws["A3"].value == "No." and ws["B3"].value == "Task / reporting unit"
    task_row = [c.value for c in ws[4]]
    assert (
        task_row[1].startswith("拆除河道管理范围内违建") and task_row[4] == 7 and task_row[5] == 40
    )
    # The rate done is a number formatted as a percentage, not text.
    assert task_row[6] == pytest.approx(0.175) and ws.cell(row=4, column=7).number_format == "0.0%"
    # A past day's figure is the day's, not "today's".
    assert ws["D3"].value == "On the day"
    other = wb.worksheets[1]
    assert other.page_setup.fitToWidth == 1 and other.sheet_properties.pageSetUpPr.fitToPage
    units = {ws.cell(row=r, column=2).value.strip(): ws.cell(row=r, column=5).value for r in (5, 6)}
    assert units == {"柳岸社区": 4, "桃园社区": 3}


def test_docx_export_content(client, reported, staff):
    from docx import Document
    from docx.shared import Cm

    login(client, staff["admin"])
    r = client.get(reverse("campaigns:sheet_docx", args=[reported.pk]) + f"?day={DAY}")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "daily dispatch sheet" in text and "1 tasks" in text
    table = doc.tables[0]
    assert table.rows[0].cells[1].text == "Task / reporting unit"
    assert table.rows[1].cells[4].text == "7" and table.rows[1].cells[6].text == "17.5%"
    assert table.rows[0].cells[3].text == "On the day"
    # 序号 and 进度状态 get room for their headings (they wrapped at 1.1 and 1.8 cm).
    assert table.columns[0].width > Cm(1.35) and table.columns[8].width > Cm(2.15)
    assert doc.sections[0].page_width > doc.sections[0].page_height  # landscape


def test_pages_render_and_stay_in_scope(client, reported, staff):
    login(client, staff["handler"])
    for name, args in (
        ("list", []),
        ("detail", [reported.pk]),
        ("sheet", [reported.pk]),
        ("report", []),
    ):
        assert client.get(reverse(f"campaigns:{name}", args=args)).status_code == 200, name
    assert client.get(reverse("campaigns:new")).status_code == 404  # not the office
    client.logout()
    login(client, staff["other_handler"])
    for name in ("detail", "sheet", "sheet_xlsx", "pledges"):
        assert client.get(reverse(f"campaigns:{name}", args=[reported.pk])).status_code == 404
    r = client.get(reverse("campaigns:sheet", args=[reported.pk]) + "?day=garbage")
    assert r.status_code == 404


def test_sheet_page_query_count(client, reported, staff, django_assert_max_num_queries):
    login(client, staff["admin"])
    with django_assert_max_num_queries(25):
        r = client.get(reverse("campaigns:sheet", args=[reported.pk]) + f"?day={DAY}")
    assert r.status_code == 200 and b"vendor/echarts/echarts.min.js" in r.content


def test_report_form_keeps_input_on_error(client, campaign, staff, units):
    from django.utils import timezone

    from zhengzhi.campaigns.models import Campaign

    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=30)
    )
    login(client, staff["handler"])
    a = campaign.task.assignments.get(unit=units["c1"])
    url = reverse("campaigns:report_form", args=[a.pk])
    page = client.get(url)
    assert page.status_code == 200
    slot = page.context["form"].fields["slot"].choices[0][0]
    r = client.post(url, {"slot": slot, "figure": "-3", "text": "拆除3处"})
    assert r.status_code == 200 and "拆除3处" in r.content.decode()
    r = client.post(url, {"slot": slot, "figure": "3", "text": "拆除3处"})
    assert r.status_code == 302


@pytest.mark.parametrize("hour", [9, 13, 17, 23])
def test_the_report_form_offers_only_slots_the_service_takes(campaign, units, hour):
    """Whatever the time of day, every slot the form offers is one the service accepts; after
    16:00 the open slot is tomorrow's 11:00, offered so that a unit may report early."""
    from django.utils import timezone

    from zhengzhi.campaigns.models import Campaign
    from zhengzhi.campaigns.services.reports import resolve_slot
    from zhengzhi.campaigns.views.report import _slot_choices
    from zhengzhi.workcal.calendar import WorkCalendar

    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=30)
    )
    a = campaign.task.assignments.select_related("task__campaign").get(unit=units["c1"])
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(hour, 30)))
    cal = WorkCalendar.load()
    choices = _slot_choices(a, now, cal, set())
    assert choices
    for value, _label in choices:
        period, index = value.split("|")
        slot = resolve_slot(a, dt.date.fromisoformat(period), int(index), now, cal)
        assert slot.period <= today + dt.timedelta(days=1)
    first = choices[0][0]
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert first == (f"{tomorrow}|0" if hour >= 16 else f"{today.isoformat()}|{int(hour >= 11)}")
