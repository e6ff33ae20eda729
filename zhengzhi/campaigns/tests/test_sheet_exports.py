"""The dispatch sheet's exports: small sheets at once, large ones as a background job with
progress; only their maker downloads them; every export and download is audited."""

import datetime as dt
import hashlib
import io
import os
import time

import pytest
from django.urls import reverse

from zhengzhi.audit.models import AuditEvent
from zhengzhi.campaigns import tasks_exports
from zhengzhi.campaigns.services.reports import submit_report
from zhengzhi.campaigns.tests.conftest import at
from zhengzhi.campaigns.views import sheet_exports
from zhengzhi.jobs.models import Job, JobStatus
from zhengzhi.jobs.registry import HANDLERS
from zhengzhi.jobs.services import execute

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 5, 20)
JOB = "campaigns.sheet_export"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def reported(campaign, units, staff):
    for unit, user, fig in (
        (units["c1"], staff["handler"], 4),
        (units["c2"], staff["c2_handler"], 3),
    ):
        a = campaign.task.assignments.get(unit=unit)
        submit_report(a.pk, actor=user, figure=fig, period=DAY, slot=0, now=at(DAY, "10:00"))
    return campaign


@pytest.fixture
def large(monkeypatch):
    """Every sheet counts as large: its exports go to the background job."""
    monkeypatch.setattr(sheet_exports, "DIRECT_LIMIT", 0)


def login(client, user):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def start(client, campaign, user, capture, kind="xlsx"):
    login(client, user)
    with capture(execute=True):
        response = client.post(
            reverse("campaigns:sheet_export", args=[campaign.pk]),
            {"day": DAY.isoformat(), "format": kind},
        )
    assert response.status_code == 302, response.content[:300]
    assert response["Location"] == reverse("campaigns:sheet_exports")
    return Job.objects.filter(name=JOB, created_by=user).latest("id")


def file_of(client, job) -> bytes:
    response = client.get(reverse("campaigns:sheet_export_file", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_small_sheet_is_written_at_once(client, reported, staff):
    login(client, staff["admin"])
    r = client.post(
        reverse("campaigns:sheet_export", args=[reported.pk]), {"day": DAY, "format": "xlsx"}
    )
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    assert not Job.objects.exists()
    event = AuditEvent.objects.get(action="campaign.sheet.export")
    assert event.data == {"day": "2026-05-20", "format": "xlsx", "rows": 3}
    page = client.get(reverse("campaigns:sheet", args=[reported.pk]) + f"?day={DAY}")
    assert page.context["large_export"] is False
    assert reverse("campaigns:sheet_xlsx", args=[reported.pk]) in page.content.decode()


def test_a_large_sheet_is_exported_by_a_job(
    client, reported, staff, large, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    admin = staff["admin"]
    job = start(client, reported, admin, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert (job.progress, job.total) == (3, 3) and job.result["rows"] == 3
    assert job.args["day"] == "2026-05-20" and job.args["kind"] == "xlsx"
    page = client.get(reverse("campaigns:sheet_exports")).content.decode()
    assert reverse("campaigns:sheet_export_file", args=[job.pk]) in page and reported.name in page
    ws = load_workbook(io.BytesIO(file_of(client, job))).worksheets[0]
    assert ws["B4"].value.startswith("拆除河道管理范围内违建") and ws["E4"].value == 7
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="campaign.sheet")] == [
        "campaign.sheet.export.download",
        "campaign.sheet.export",
    ]
    assert AuditEvent.objects.get(action="campaign.sheet.export").data["job"] == job.pk


def test_the_sheet_page_offers_the_background_export(client, reported, staff, large):
    login(client, staff["admin"])
    page = client.get(reverse("campaigns:sheet", args=[reported.pk]) + f"?day={DAY}")
    html = page.content.decode()
    assert page.context["large_export"] is True
    assert reverse("campaigns:sheet_export", args=[reported.pk]) in html
    assert 'name="format" value="docx"' in html


def test_a_get_of_a_large_sheet_offers_a_button_and_starts_nothing(client, reported, staff, large):
    login(client, staff["admin"])
    r = client.get(reverse("campaigns:sheet_docx", args=[reported.pk]) + f"?day={DAY}")
    assert r.status_code == 302
    page = client.get(r["Location"])
    html = page.content.decode()
    assert 'id="start-export"' in html and 'name="format" value="docx"' in html
    assert 'value="2026-05-20"' in html and page.context["offer"]["rows"] == 3
    assert (
        not Job.objects.exists()
        and not AuditEvent.objects.filter(action="campaign.sheet.export").exists()
    )


def test_the_job_writes_the_docx_its_maker_may_see(
    client, reported, staff, large, django_capture_on_commit_callbacks
):
    from docx import Document

    job = start(client, reported, staff["handler"], django_capture_on_commit_callbacks, "docx")
    doc = Document(io.BytesIO(file_of(client, job)))
    cells = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert cells[0][1] == "Task / reporting unit"
    assert [c[1].strip() for c in cells[2:]] == ["柳岸社区"]  # not the neighbouring community
    assert cells[1][4] == "4"


def test_nobody_else_can_download_an_export(
    client, reported, staff, large, django_capture_on_commit_callbacks
):
    job = start(client, reported, staff["handler"], django_capture_on_commit_callbacks)
    url = reverse("campaigns:sheet_export_file", args=[job.pk])
    for who in ("admin", "c2_handler", "other_handler"):
        login(client, staff[who])
        assert client.get(url).status_code == 404, who
        assert (
            f"export-{job.pk}"
            not in client.get(reverse("campaigns:sheet_exports")).content.decode()
        )
    client.logout()
    assert client.get(url).status_code == 302  # to log in


def test_another_units_campaign_cannot_be_exported(client, reported, staff, large):
    login(client, staff["other_handler"])
    r = client.post(
        reverse("campaigns:sheet_export", args=[reported.pk]), {"day": DAY, "format": "xlsx"}
    )
    assert r.status_code == 404
    r = client.get(reverse("campaigns:sheet_exports"), {"campaign": reported.pk, "format": "xlsx"})
    assert r.status_code == 404 and not Job.objects.exists()


def test_bad_input_is_refused_with_a_reason(client, reported, staff, large):
    login(client, staff["admin"])
    url = reverse("campaigns:sheet_export", args=[reported.pk])
    for data in ({"day": DAY, "format": "pdf"}, {"day": "garbage", "format": "xlsx"}):
        r = client.post(url, data)
        assert r.status_code == 400 and b"xlsx" in r.content
    assert client.get(url).status_code == 405
    assert not Job.objects.exists()


def test_running_the_job_twice_leaves_one_file_with_the_same_content(
    client, reported, staff, large, media, django_capture_on_commit_callbacks
):
    job = start(client, reported, staff["admin"], django_capture_on_commit_callbacks)
    folder = media / "exports" / "campaigns"
    first = [(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in folder.iterdir()]
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    assert execute(job.pk) is True
    second = [(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in folder.iterdir()]
    assert len(first) == 1 and [n for n, _ in first] == [n for n, _ in second]


def test_the_page_polls_while_an_export_runs(client, staff):
    user = staff["admin"]
    running = Job.objects.create(
        name=JOB,
        created_by=user,
        status=JobStatus.RUNNING,
        progress=0,
        total=6030,
        args={"campaign_name": "百日攻坚", "day": "2026-05-20", "kind": "xlsx", "token": "t"},
    )
    login(client, user)
    page = client.get(reverse("campaigns:sheet_exports")).content.decode()
    assert f'id="export-{running.pk}"' in page and "百日攻坚" in page
    assert 'hx-trigger="every 2s"' in page and 'max="6030"' in page
    fragment = client.get(reverse("campaigns:sheet_export_jobs"))
    assert fragment.status_code == 200 and b"<html" not in fragment.content
    Job.objects.filter(pk=running.pk).update(status=JobStatus.DONE)
    assert b"every 2s" not in client.get(reverse("campaigns:sheet_export_jobs")).content


def test_a_maker_who_lost_the_campaign_gets_no_file(reported, staff, units):
    user = staff["other_handler"]
    job = Job.objects.create(
        name=JOB,
        created_by=user,
        args={"user_id": user.pk, "campaign_id": reported.pk, "day": "2026-05-20",
              "kind": "xlsx", "at": at(DAY, "18:00").isoformat(), "token": "abc"},
    )  # fmt: skip
    assert execute(job.pk) is False
    job.refresh_from_db()
    assert "ExportRefused" in job.error
    assert not tasks_exports.export_file(job.pk, "abc", "xlsx").exists()


def test_one_user_may_not_pile_up_exports(client, reported, staff, large):
    user = staff["admin"]
    for _ in range(3):
        Job.objects.create(name=JOB, created_by=user, args={})
    login(client, user)
    r = client.post(
        reverse("campaigns:sheet_export", args=[reported.pk]), {"day": DAY, "format": "xlsx"}
    )
    assert r.status_code == 302 and Job.objects.filter(created_by=user).count() == 3


def test_old_files_are_cleaned_up(
    client, reported, staff, large, django_capture_on_commit_callbacks
):
    job = start(client, reported, staff["admin"], django_capture_on_commit_callbacks)
    path = tasks_exports.export_file(job.pk, job.args["token"], "xlsx")
    fresh = path.with_name("dispatch-999-fresh.xlsx")
    fresh.write_bytes(b"x")
    # Both dated by the clock the cleanup reads, not by the file system's (they differ under
    # --clock): one written just now, one 8 days ago.
    now = time.time()
    os.utime(fresh, (now, now))
    os.utime(path, (now - 8 * 86400, now - 8 * 86400))
    assert HANDLERS["campaigns.sheet_export_cleanup"](job=None) == {"removed": 1}
    assert not path.exists() and fresh.exists()
    page = client.get(reverse("campaigns:sheet_exports")).content.decode()
    assert "Expired" in page
    assert client.get(reverse("campaigns:sheet_export_file", args=[job.pk])).status_code == 404


def test_the_cleanup_is_scheduled_once_a_day(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tasks_exports.schedule_export_cleanup.call_local()
        tasks_exports.schedule_export_cleanup.call_local()
    assert Job.objects.filter(name="campaigns.sheet_export_cleanup").count() == 1


def test_the_exports_page_costs_the_same_queries_for_many_exports(
    client, staff, django_assert_max_num_queries
):
    user = staff["admin"]
    Job.objects.bulk_create(
        [
            Job(name=JOB, created_by=user, status=JobStatus.DONE,
                args={"campaign_name": f"攻坚{i}", "day": "2026-05-20", "kind": "docx", "token": "t"})
            for i in range(40)
        ]
    )  # fmt: skip
    login(client, user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("campaigns:sheet_exports")).status_code == 200
