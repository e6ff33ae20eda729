"""The export-job framework, tested once for every kind (the ledger's, the dispatch sheet's, and
those to come): enqueue with audit, the per-user limit, progress as the writer goes, the maker's
download alone, failures with a reason, reruns, and the daily cleanup of files and rows."""

import datetime as dt
import os
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from zhengzhi.audit.models import AuditEvent
from zhengzhi.jobs import exports
from zhengzhi.jobs.exports import (
    ExportKind,
    ExportRefused,
    TooManyExports,
    export_rows,
    register_export,
    start_export,
    user_exports,
)
from zhengzhi.jobs.models import Job, JobStatus
from zhengzhi.jobs.services import execute
from zhengzhi.jobs.tasks import EXPORT_CLEANUP_JOB, schedule_export_cleanup
from zhengzhi.jobs.views import download, export_now

pytestmark = pytest.mark.django_db

NAME = "jobs.test_export"
SEEN: list[tuple[int, int]] = []  # the job row's (progress, total) as the writer saw it


def _write(user, params, path, progress):
    """Writes one line per row, reporting after each, and reads the job row back meanwhile."""
    if params.get("refuse"):
        raise ExportRefused("the test says no")
    if params.get("crash"):
        raise RuntimeError("disk full")
    rows = int(params.get("rows", 3))
    with open(path, "w", encoding="utf-8") as out:
        for i in range(1, rows + 1):
            out.write(f"{user.username} {i}\n")
            progress(i, rows)
            job = Job.objects.filter(name=NAME).order_by("-id").first()
            if job is not None:
                SEEN.append((job.progress, job.total))
    return rows


register_export(
    ExportKind(
        name=NAME,
        may_start=lambda user: not user.username.startswith("nobody"),
        write=_write,
        file_name=lambda params, at: f"test-{params.get('rows', 3)}.txt",
        content_type="text/plain; charset=utf-8",
        keep_days_setting="TEST_EXPORT_KEEP_DAYS",
        max_active=2,
    )
)


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(exports, "PROGRESS_SECONDS", 0)
    SEEN.clear()


def _start(user, capture, **params):
    with capture(execute=True):
        job = start_export(NAME, user, params, audit_data={"rows": params.get("rows", 3)})
    job.refresh_from_db()
    return job


def _request(rf, user):
    request = rf.get("/")
    request.user = user
    return request


def test_a_started_export_is_audited_with_its_job_and_runs_after_commit(
    people, django_capture_on_commit_callbacks
):
    user = people["admin"]
    with django_capture_on_commit_callbacks(execute=True):
        job = start_export(NAME, user, {"rows": 2}, audit_data={"rows": 2})
        assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED  # not before the commit
        event = AuditEvent.objects.get(action=NAME)
        assert event.data == {"rows": 2, "job": job.pk} and event.object_id == str(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    # The queue is handed ids, never objects: the worker reads the user again.
    assert set(job.args) == {"user_id", "params", "token"}
    assert job.args["user_id"] == user.pk and job.args["params"] == {"rows": 2}
    assert job.result["rows"] == 2 and job.created_by == user
    path = exports.get_kind(NAME).path(job)
    assert path.read_text(encoding="utf-8") == "admin 1\nadmin 2\n"
    assert path.parent.name == NAME and job.args["token"] in path.name


def test_one_user_may_have_only_so_many_waiting_or_running(people):
    user, other = people["admin"], people["dispatcher"]
    Job.objects.create(name=NAME, created_by=user, status=JobStatus.RUNNING)
    Job.objects.create(name=NAME, created_by=user, status=JobStatus.DONE)
    Job.objects.create(name="jobs.selftest", created_by=user)  # another kind does not count
    start_export(NAME, user, {})  # the second active one
    with pytest.raises(TooManyExports) as refused:
        start_export(NAME, user, {})
    assert refused.value.limit == 2
    assert Job.objects.filter(name=NAME, created_by=user).count() == 3
    assert AuditEvent.objects.filter(action=NAME).count() == 1  # the refused one left nothing
    start_export(NAME, other, {})  # each user has their own limit


def test_who_may_start_it_is_the_kinds_to_say(people, rf):
    nobody = people["admin"]
    nobody.username = "nobody-admin"
    with pytest.raises(PermissionDenied):
        start_export(NAME, nobody, {})
    with pytest.raises(PermissionDenied):
        export_now(_request(rf, nobody), NAME, {})
    assert not Job.objects.exists() and not AuditEvent.objects.exists()


def test_progress_is_written_to_the_job_as_the_writer_goes(
    people, django_capture_on_commit_callbacks
):
    job = _start(people["admin"], django_capture_on_commit_callbacks, rows=4)
    assert SEEN == [(1, 4), (2, 4), (3, 4), (4, 4)]  # read back while the file was written
    assert (job.progress, job.total) == (4, 4)
    rows = export_rows(NAME, [job])
    assert rows[0]["percent"] == 100 and rows[0]["rows"] == 4 and rows[0]["downloadable"]


def test_progress_is_written_at_most_so_often_but_always_at_the_end(
    people, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exports, "PROGRESS_SECONDS", 3600)
    job = _start(people["admin"], django_capture_on_commit_callbacks, rows=4)
    assert SEEN == [(1, 4), (1, 4), (1, 4), (4, 4)]
    assert (job.progress, job.total) == (4, 4)


def test_the_list_shows_progress_of_running_exports(people):
    user = people["admin"]
    running = Job.objects.create(
        name=NAME, created_by=user, status=JobStatus.RUNNING, progress=2000, total=8000
    )
    [row] = export_rows(NAME, user_exports(user, NAME))
    assert row["job"] == running and row["active"] and row["percent"] == 25
    assert not row["downloadable"] and not row["expired"]


def test_only_its_maker_downloads_an_export(people, rf, django_capture_on_commit_callbacks):
    maker, colleague = people["admin"], people["dispatcher"]
    assert maker.unit_id == colleague.unit_id  # the same office: still not theirs
    job = _start(maker, django_capture_on_commit_callbacks, rows=2)
    for who in (colleague, people["leader"]):
        with pytest.raises(Http404):
            download(_request(rf, who), NAME, job.pk)
        assert not user_exports(who, NAME).exists()  # nor listed for them
    response = download(_request(rf, maker), NAME, job.pk)
    assert b"".join(response.streaming_content) == b"admin 1\nadmin 2\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert 'filename="test-2.txt"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(action=f"{NAME}.download")
    assert event.actor == maker and event.data == {"rows": 2}


def test_an_export_not_done_or_gone_cannot_be_downloaded(people, rf):
    user = people["admin"]
    queued = Job.objects.create(name=NAME, created_by=user, args={"token": "t", "params": {}})
    done = Job.objects.create(
        name=NAME, created_by=user, status=JobStatus.DONE, args={"token": "u", "params": {}}
    )
    for job in (queued, done):  # the second has no file (expired)
        with pytest.raises(Http404):
            download(_request(rf, user), NAME, job.pk)
    assert export_rows(NAME, [done])[0]["expired"] is True


def test_a_refusal_is_marked_failed_at_once_with_its_reason(
    people, django_capture_on_commit_callbacks
):
    job = _start(people["admin"], django_capture_on_commit_callbacks, refuse=True)
    assert job.status == JobStatus.FAILED and job.attempts == 1
    assert job.error == "ExportRefused: the test says no"
    assert not any(exports.get_kind(NAME).directory().iterdir())  # no file, no pieces


def test_a_maker_deactivated_meanwhile_gets_no_file(people, django_capture_on_commit_callbacks):
    user = people["admin"]
    job = start_export(NAME, user, {})
    user.is_active = False
    user.save()
    assert execute(job.pk) is False
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == f"ExportRefused: user {user.pk} may no longer export {NAME}"
    assert not exports.get_kind(NAME).path(job).exists()


def test_a_crash_is_kept_with_its_reason_and_tried_again_later(
    people, django_capture_on_commit_callbacks
):
    job = _start(people["admin"], django_capture_on_commit_callbacks, crash=True)
    assert job.status == JobStatus.QUEUED and job.error == "RuntimeError: disk full"
    assert job.run_after > timezone.now()
    assert not any(exports.get_kind(NAME).directory().iterdir())


def test_running_it_again_leaves_one_whole_file(people, django_capture_on_commit_callbacks):
    job = _start(people["admin"], django_capture_on_commit_callbacks)
    folder = exports.get_kind(NAME).directory()
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    assert execute(job.pk) is True
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == first and len(first) == 1


def test_a_small_export_is_written_in_the_request_and_audited(people, rf):
    user = people["admin"]
    response = export_now(_request(rf, user), NAME, {"rows": 2}, audit_data={"asked": 1})
    assert response.content == b"admin 1\nadmin 2\n"
    assert response["X-Export-Rows"] == "2" and "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.get(action=NAME).data == {"asked": 1, "rows": 2}
    assert not Job.objects.exists()


def _age(job, days):
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=days))
    path = exports.get_kind(NAME).path(job)
    if path.exists():
        old = time.time() - days * 86400
        os.utime(path, (old, old))
    return path


def test_the_cleanup_removes_old_files_and_much_older_rows(
    people, settings, django_capture_on_commit_callbacks
):
    settings.TEST_EXPORT_KEEP_DAYS = 7
    settings.EXPORT_ROWS_KEEP_DAYS = 30
    user = people["admin"]
    week_old = _start(user, django_capture_on_commit_callbacks)
    fresh = _start(user, django_capture_on_commit_callbacks)
    ancient = _start(user, django_capture_on_commit_callbacks)
    stale_path = _age(week_old, 8)
    _age(fresh, 0)  # dated by the clock the cleanup reads, not the file system's (--clock)
    _age(ancient, 31)
    stuck = Job.objects.create(name=NAME, created_by=user, status=JobStatus.RUNNING)
    Job.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    other = Job.objects.create(name="jobs.selftest", status=JobStatus.DONE)
    Job.objects.filter(pk=other.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    piece = stale_path.with_name(".left-by-a-killed-job.part")
    piece.write_bytes(b"x")
    os.utime(piece, (time.time() - 8 * 86400,) * 2)

    assert exports.cleanup() == {"removed": 3, "rows": 1}
    assert not stale_path.exists() and not piece.exists()
    assert exports.get_kind(NAME).path(fresh).exists()
    left = set(Job.objects.values_list("pk", flat=True))
    assert left == {week_old.pk, fresh.pk, stuck.pk, other.pk}  # the row outlives the file
    assert export_rows(NAME, [Job.objects.get(pk=week_old.pk)])[0]["expired"] is True


def test_the_cleanup_runs_once_a_day(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        schedule_export_cleanup.call_local()
        schedule_export_cleanup.call_local()
    job = Job.objects.get(name=EXPORT_CLEANUP_JOB)
    assert job.status == JobStatus.DONE and job.result == {"removed": 0, "rows": 0}
