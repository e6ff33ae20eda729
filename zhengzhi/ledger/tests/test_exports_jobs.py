"""Exports from the page: small ones at once, large ones as a background job with progress;
only their maker may download them; old files are cleaned up."""

import hashlib
import os
import time

import pytest

from zhengzhi.audit.models import AuditEvent
from zhengzhi.jobs.models import Job, JobStatus
from zhengzhi.jobs.registry import HANDLERS
from zhengzhi.jobs.services import execute
from zhengzhi.ledger import tasks_exports, views_exports
from zhengzhi.ledger.exports import HEADERS
from zhengzhi.ledger.tests.exports_support import build_ledger, read_sheet

pytestmark = pytest.mark.django_db

EXPORTS = "/ledger/exports/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def ledger(new_problem, staff, units):
    return build_ledger(new_problem, staff, units)


@pytest.fixture
def large(monkeypatch):
    """Every export counts as large: it goes to the background job."""
    monkeypatch.setattr(views_exports, "DIRECT_LIMIT", 0)


def _start(client, user, django_capture_on_commit_callbacks, **params):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EXPORTS, params)
    assert response.status_code == 302, response.content[:300]
    return Job.objects.filter(name="ledger.export", created_by=user).latest("id")


def test_a_small_export_comes_back_at_once(client, staff, ledger):
    client.force_login(staff["admin"])
    response = client.post(EXPORTS, {"status": "closed"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    headers, rows = read_sheet(response.content)
    assert headers == HEADERS and [r["编号"] for r in rows] == [ledger["closed"].number]
    assert not Job.objects.exists()
    assert AuditEvent.objects.filter(action="ledger.export").count() == 1


def test_a_small_export_of_a_unit_holds_only_its_problems(client, staff, ledger):
    client.force_login(staff["c2_handler"])
    response = client.post(EXPORTS, {})
    assert [r["编号"] for r in read_sheet(response.content)[1]] == [
        ledger["other_community"].number
    ]


def test_a_large_export_runs_as_a_job_with_progress(
    client, staff, ledger, large, django_capture_on_commit_callbacks
):
    job = _start(client, staff["admin"], django_capture_on_commit_callbacks, status="closed")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert (job.progress, job.total) == (1, 1) and job.result["rows"] == 1
    assert job.args["params"] == {"status": "closed"}
    page = client.get(EXPORTS)
    assert f"/ledger/exports/{job.pk}/download/" in page.content.decode()
    response = client.get(f"/ledger/exports/{job.pk}/download/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert [r["编号"] for r in read_sheet(content)[1]] == [ledger["closed"].number]
    assert "%E9%97%AE%E9%A2%98%E5%8F%B0%E8%B4%A6" in response["Content-Disposition"]  # 问题台账


def test_the_job_exports_what_its_maker_may_see(
    client, staff, ledger, large, django_capture_on_commit_callbacks
):
    job = _start(client, staff["handler"], django_capture_on_commit_callbacks)
    response = client.get(f"/ledger/exports/{job.pk}/download/")
    numbers = {r["编号"] for r in read_sheet(b"".join(response.streaming_content))[1]}
    assert ledger["closed"].number in numbers
    assert ledger["other_community"].number not in numbers  # the neighbouring community's


def test_nobody_else_can_download_an_export(
    client, staff, ledger, large, django_capture_on_commit_callbacks
):
    job = _start(client, staff["handler"], django_capture_on_commit_callbacks)
    for who in ("admin", "other_handler", "street_leader", "leader"):
        client.force_login(staff[who])
        assert client.get(f"/ledger/exports/{job.pk}/download/").status_code == 404, who
        assert f"export-{job.pk}" not in client.get(EXPORTS).content.decode()
    client.logout()
    assert client.get(f"/ledger/exports/{job.pk}/download/").status_code == 302  # to log in


def test_running_the_job_twice_leaves_one_file_with_the_same_content(
    client, staff, ledger, large, media, django_capture_on_commit_callbacks
):
    job = _start(client, staff["admin"], django_capture_on_commit_callbacks)
    folder = media / "exports"
    first = [(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in folder.iterdir()]
    HANDLERS["ledger.export"](job=job, **job.args)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    assert execute(job.pk) is True
    second = [(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in folder.iterdir()]
    assert len(first) == 1 and first == second
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == job.total == len(ledger)


def test_the_page_shows_progress_and_polls_while_running(client, staff, ledger):
    user = staff["admin"]
    running = Job.objects.create(
        name="ledger.export",
        created_by=user,
        status=JobStatus.RUNNING,
        progress=2000,
        total=8000,
        args={"user_id": user.pk, "params": {"status": "closed"}, "token": "t"},
    )
    client.force_login(user)
    page = client.get(EXPORTS).content.decode()
    assert f'id="export-{running.pk}"' in page
    assert 'value="2000"' in page and 'max="8000"' in page and "25%" in page
    assert 'hx-trigger="every 2s"' in page
    fragment = client.get("/ledger/exports/jobs/")
    assert fragment.status_code == 200 and b"<html" not in fragment.content
    Job.objects.filter(pk=running.pk).update(status=JobStatus.DONE, progress=8000)
    assert b"every 2s" not in client.get("/ledger/exports/jobs/").content  # polling stops


def test_a_failed_export_says_so(client, staff, ledger, large, django_capture_on_commit_callbacks):
    user = staff["handler"]
    job = _start(client, user, django_capture_on_commit_callbacks)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="ExportRefused: gone")
    page = client.get(EXPORTS).content.decode()
    assert "ExportRefused: gone" in page
    assert f"/ledger/exports/{job.pk}/download/" not in page
    assert client.get(f"/ledger/exports/{job.pk}/download/").status_code == 404


def test_a_deactivated_maker_gets_no_file(staff, ledger, large):
    user = staff["handler"]
    job = Job.objects.create(
        name="ledger.export",
        created_by=user,
        args={"user_id": user.pk, "params": {}, "token": "abc"},
    )
    user.is_active = False
    user.save()
    assert execute(job.pk) is False
    job.refresh_from_db()
    assert "ExportRefused" in job.error
    assert not tasks_exports.export_file(job.pk, "abc").exists()


def test_the_export_form_names_the_filters_and_the_count(client, staff, ledger, units):
    client.force_login(staff["admin"])
    response = client.get(EXPORTS, {"status": "closed", "unit": units["c1"].pk})
    page = response.content.decode()
    assert 'id="start-export"' in page
    assert 'name="status" value="closed"' in page and "柳岸社区" in page
    assert response.context["count"] == 1
    assert 'id="start-export"' not in client.get(EXPORTS).content.decode()  # nothing asked


def test_one_user_may_not_pile_up_exports(
    client, staff, ledger, large, django_capture_on_commit_callbacks
):
    user = staff["admin"]
    for _ in range(3):
        Job.objects.create(name="ledger.export", created_by=user, args={"params": {}})
    client.force_login(user)
    client.post(EXPORTS, {})
    assert Job.objects.filter(created_by=user).count() == 3


def test_old_files_are_cleaned_up(
    client, staff, ledger, large, media, django_capture_on_commit_callbacks
):
    job = _start(client, staff["admin"], django_capture_on_commit_callbacks)
    path = tasks_exports.export_file(job.pk, job.args["token"])
    fresh = path.with_name("ledger-999-fresh.xlsx")
    fresh.write_bytes(b"x")
    # Both dated by the clock the cleanup reads, not by the file system's (they differ under
    # --clock): one written just now, one 8 days ago.
    now = time.time()
    os.utime(fresh, (now, now))
    os.utime(path, (now - 8 * 86400, now - 8 * 86400))
    assert HANDLERS["ledger.export_cleanup"](job=None) == {"removed": 1}
    assert not path.exists() and fresh.exists()
    page = client.get(EXPORTS).content.decode()
    assert f"/ledger/exports/{job.pk}/download/" not in page
    assert client.get(f"/ledger/exports/{job.pk}/download/").status_code == 404


def test_the_cleanup_is_scheduled_once_a_day(django_capture_on_commit_callbacks, media):
    with django_capture_on_commit_callbacks(execute=True):
        tasks_exports.schedule_export_cleanup.call_local()
        tasks_exports.schedule_export_cleanup.call_local()
    assert Job.objects.filter(name="ledger.export_cleanup").count() == 1


def test_the_page_costs_the_same_queries_for_many_exports(
    client, staff, units, categories, django_assert_max_num_queries
):
    user = staff["admin"]
    client.force_login(user)

    def add(n):
        for i in range(n):
            unit = units["c1" if i % 2 else "c2"]
            Job.objects.create(
                name="ledger.export",
                created_by=user,
                status=JobStatus.DONE,
                args={"params": {"unit": str(unit.pk), "category": "0401"}, "token": f"t{i}"},
            )

    add(2)
    with django_assert_max_num_queries(12) as few:
        assert client.get(EXPORTS).status_code == 200
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(EXPORTS).content.decode()
    assert "柳岸社区" in page and "桃园社区" in page and "占道经营" in page
