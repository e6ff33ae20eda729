"""The dispatch sheet's exports: small sheets at once, large ones as a background job with
progress; every export and download is audited. The machinery shared with other exports (the
per-user limit, owner-only downloads, failures, reruns, cleanup) is tested once, in
zhengzhi/jobs/tests/test_exports.py."""

import datetime as dt
import io
from urllib.parse import quote

import pytest
from django.urls import reverse

from zhengzhi.audit.models import AuditEvent
from zhengzhi.campaigns.services.reports import submit_report
from zhengzhi.campaigns.tests.conftest import at
from zhengzhi.campaigns.views import sheet_exports
from zhengzhi.jobs.models import Job, JobStatus
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
    client.cookies["django_language"] = "zh-hans"  # named in the language of who downloads it
    response = client.get(reverse("campaigns:sheet_export_file", args=[job.pk]))
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert "filename*=UTF-8''%E6%97%A5%E8%B0%83%E5%BA%A6%E8%A1%A8-" in header  # 日调度表-
    assert f'filename="dispatch-{job.args["params"]["campaign_id"]}-' in header
    return b"".join(response.streaming_content)


def test_a_small_sheet_is_written_at_once(client, reported, staff):
    login(client, staff["admin"])
    client.cookies["django_language"] = "zh-hans"
    r = client.post(
        reverse("campaigns:sheet_export", args=[reported.pk]), {"day": DAY, "format": "xlsx"}
    )
    assert r.status_code == 200
    # Named in Chinese like the ledger's exports, with an ASCII name for old clients.
    name = quote(f"日调度表-{reported.name}-2026-05-20.xlsx", safe="")
    assert r["Content-Disposition"] == (
        f"attachment; filename=\"dispatch-{reported.pk}-2026-05-20.xlsx\"; filename*=UTF-8''{name}"
    )
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
    assert job.args["params"]["day"] == "2026-05-20" and job.args["params"]["kind"] == "xlsx"
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


def test_the_page_polls_while_an_export_runs(client, staff):
    user = staff["admin"]
    running = Job.objects.create(
        name=JOB,
        created_by=user,
        status=JobStatus.RUNNING,
        progress=0,
        total=6030,
        args={
            "params": {"campaign_name": "百日攻坚", "day": "2026-05-20", "kind": "xlsx"},
            "token": "t",
        },  # fmt: skip
    )
    login(client, user)
    page = client.get(reverse("campaigns:sheet_exports")).content.decode()
    assert f'id="export-{running.pk}"' in page and "百日攻坚" in page
    assert 'hx-trigger="every 2s"' in page and 'max="6030"' in page
    fragment = client.get(reverse("campaigns:sheet_export_jobs"))
    assert fragment.status_code == 200 and b"<html" not in fragment.content
    Job.objects.filter(pk=running.pk).update(status=JobStatus.DONE)
    assert b"every 2s" not in client.get(reverse("campaigns:sheet_export_jobs")).content


def test_a_maker_who_lost_the_campaign_gets_no_file(reported, staff, units, media):
    user = staff["other_handler"]
    job = Job.objects.create(
        name=JOB,
        created_by=user,
        args={"user_id": user.pk, "token": "abc",
              "params": {"campaign_id": reported.pk, "day": "2026-05-20", "kind": "xlsx",
                         "at": at(DAY, "18:00").isoformat()}},
    )  # fmt: skip
    assert execute(job.pk) is False
    job.refresh_from_db()
    assert "ExportRefused" in job.error
    assert job.status == JobStatus.FAILED  # running it again cannot help
    assert not any((media / "exports" / "campaigns").glob(f"dispatch-{job.pk}-*"))


def test_an_export_whose_file_is_gone_says_expired(
    client, reported, staff, large, media, django_capture_on_commit_callbacks
):
    job = start(client, reported, staff["admin"], django_capture_on_commit_callbacks)
    [path] = (media / "exports" / "campaigns").glob(f"dispatch-{job.pk}-*.xlsx")
    path.unlink()  # as the daily cleanup does after CAMPAIGN_EXPORT_KEEP_DAYS
    page = client.get(reverse("campaigns:sheet_exports")).content.decode()
    assert "Expired" in page
    assert client.get(reverse("campaigns:sheet_export_file", args=[job.pk])).status_code == 404


def test_the_exports_page_costs_the_same_queries_for_many_exports(
    client, staff, django_assert_max_num_queries
):
    user = staff["admin"]
    Job.objects.bulk_create(
        [
            Job(name=JOB, created_by=user, status=JobStatus.DONE,
                args={"params": {"campaign_name": f"攻坚{i}", "day": "2026-05-20", "kind": "docx"},
                      "token": "t"})
            for i in range(40)
        ]
    )  # fmt: skip
    login(client, user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("campaigns:sheet_exports")).status_code == 200


def test_exports_made_before_the_framework_keep_their_params(staff, media):
    """Migration 0004 moves the old rows' flat args under "params", so they stay listed."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "zhengzhi.campaigns.migrations.0004_sheet_export_jobs_keep_their_params_apart"
    )
    old = Job.objects.create(
        name=JOB,
        created_by=staff["admin"],
        status=JobStatus.DONE,
        args={"user_id": 1, "token": "t", "_lease_seconds": 1800, "campaign_id": 7,
              "campaign_name": "百日攻坚", "day": "2026-05-20", "kind": "docx", "at": "x"},
    )  # fmt: skip
    migration.nest(apps, None)
    old.refresh_from_db()
    assert old.args == {
        "user_id": 1,
        "token": "t",
        "_lease_seconds": 1800,
        "params": {"campaign_id": 7, "campaign_name": "百日攻坚", "day": "2026-05-20",
                   "kind": "docx", "at": "x"},
    }  # fmt: skip
    migration.nest(apps, None)  # a second run changes nothing
    old.refresh_from_db()
    assert old.args["params"]["kind"] == "docx"
    migration.flatten(apps, None)
    old.refresh_from_db()
    assert old.args["kind"] == "docx" and "params" not in old.args
