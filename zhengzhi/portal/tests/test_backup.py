import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import tarfile
import threading
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from zhengzhi.accounts.models import User
from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import make_user
from zhengzhi.files.services import store_upload
from zhengzhi.files.tests.samples import image_bytes, upload
from zhengzhi.jobs.models import WorkerHeartbeat
from zhengzhi.system.backup import (
    BackupError,
    copy_sqlite,
    create_backup,
    list_backups,
    pg_environment,
    restore_backup,
    verify_backup,
)
from zhengzhi.system.tasks import at_local_time, backup_time

sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'")
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'")


@pytest.fixture
def photo(people, units):
    return store_upload(upload("现场.jpg", image_bytes()), user=people["handler"], unit=units["c1"])


def _media_member(backup, relative):
    with tarfile.open(backup / "media.tar.gz") as tar:
        return tar.extractfile(f"media/{relative}").read()


@sqlite_only
def test_a_sqlite_backup_holds_the_rows_the_media_and_checksums(
    transactional_db, people, photo, tmp_path
):
    backup = create_backup(tmp_path / "backups")
    assert backup.name.startswith("zhengzhi-") and backup.parent == tmp_path / "backups"
    copy = sqlite3.connect(backup / "db.sqlite3")
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        users = {row[0] for row in copy.execute("SELECT username FROM accounts_user")}
        assert users == set(User.objects.values_list("username", flat=True)) and "handler" in users
        assert copy.execute("SELECT path FROM files_storedfile").fetchone()[0] == photo.path
    finally:
        copy.close()
    assert _media_member(backup, photo.path) == (settings.MEDIA_ROOT / photo.path).read_bytes()
    manifest = verify_backup(backup)
    assert manifest["engine"] == "sqlite" and manifest["media"]["files"] == 2  # photo + thumbnail
    assert "0001_stored_files" in manifest["migrations"]["files"]
    assert set(manifest["files"]) == {"db.sqlite3", "media.tar.gz"}
    assert json.loads((backup / "manifest.json").read_text()) == manifest
    assert AuditEvent.objects.filter(action="system.backup", object_id=backup.name).exists()
    assert not list((tmp_path / "backups").glob(".partial-*"))


@sqlite_only
def test_a_damaged_backup_is_refused(transactional_db, people, photo, tmp_path):
    backup = create_backup(tmp_path)
    with open(backup / "media.tar.gz", "ab") as handle:
        handle.write(b"x")
    with pytest.raises(BackupError, match="media.tar.gz does not match"):
        verify_backup(backup)
    (backup / "db.sqlite3").unlink()
    with pytest.raises(BackupError, match="db.sqlite3 is missing"):
        verify_backup(backup)
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(backup), "--yes")
    with pytest.raises(BackupError, match="not a backup"):
        verify_backup(tmp_path)


@sqlite_only
def test_keep_prunes_the_oldest_backups(transactional_db, tmp_path):
    start = timezone.now()
    made = [create_backup(tmp_path, keep=2, now=start + dt.timedelta(minutes=i)) for i in range(4)]
    assert list_backups(tmp_path) == made[2:]
    again = create_backup(tmp_path, keep=5, now=start + dt.timedelta(minutes=3))
    assert again.name == made[3].name + "-1"  # same second: a new name, never overwritten
    (tmp_path / "not-a-backup").mkdir()
    create_backup(tmp_path, keep=1, now=start + dt.timedelta(minutes=9))
    assert len(list_backups(tmp_path)) == 1 and (tmp_path / "not-a-backup").exists()


@sqlite_only
def test_a_restore_round_trip_into_another_place(transactional_db, people, photo, tmp_path):
    backup = create_backup(tmp_path / "backups")
    make_user("after_the_backup", None)
    target = tmp_path / "restored" / "zhengzhi.sqlite3"
    target.parent.mkdir()
    old = sqlite3.connect(target)
    old.execute("CREATE TABLE old_state (x)")
    old.commit()
    old.close()
    media = tmp_path / "restored" / "media"
    media.mkdir()
    (media / "stale.txt").write_text("from before")

    restore_backup(backup, database_file=target, media_root=media)

    restored = sqlite3.connect(target)
    try:
        users = {row[0] for row in restored.execute("SELECT username FROM accounts_user")}
        assert "handler" in users and "after_the_backup" not in users
        assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        restored.close()
    assert (media / photo.path).read_bytes() == (settings.MEDIA_ROOT / photo.path).read_bytes()
    assert not (media / "stale.txt").exists()
    # What was replaced is kept beside it.
    asides = sorted(p.name for p in target.parent.iterdir() if "before-restore" in p.name)
    assert len(asides) == 2
    kept = sqlite3.connect(target.parent / next(a for a in asides if a.startswith("zhengzhi")))
    assert kept.execute("SELECT name FROM sqlite_master").fetchone()[0] == "old_state"
    kept.close()


@sqlite_only
def test_a_restore_refuses_a_backup_from_elsewhere(transactional_db, tmp_path):
    backup = create_backup(tmp_path)

    def rewrite(**changes):
        manifest = json.loads((backup / "manifest.json").read_text())
        manifest.update(changes)
        (backup / "manifest.json").write_text(json.dumps(manifest))

    rewrite(migrations={"files": ["0001_stored_files", "0099_from_the_future"]})
    with pytest.raises(BackupError, match="newer version"):
        restore_backup(backup, database_file=tmp_path / "x.sqlite3", media_root=tmp_path / "m")
    rewrite(engine="postgresql")
    with pytest.raises(BackupError):
        restore_backup(backup, database_file=tmp_path / "x.sqlite3", media_root=tmp_path / "m")
    assert not (tmp_path / "x.sqlite3").exists() and not (tmp_path / "m").exists()


def test_the_online_copy_is_consistent_while_another_connection_writes(tmp_path):
    source = tmp_path / "live.sqlite3"
    writer = sqlite3.connect(source, check_same_thread=False, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE a (n INTEGER)")
    writer.execute("CREATE TABLE b (n INTEGER)")
    stop = threading.Event()

    def write():
        n = 0
        while not stop.is_set():
            # Two rows in one transaction: a consistent copy has as many in a as in b.
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("INSERT INTO a VALUES (?)", (n,))
            writer.execute("INSERT INTO b VALUES (?)", (n,))
            writer.execute("COMMIT")
            n += 1

    thread = threading.Thread(target=write)
    thread.start()
    try:
        reader = sqlite3.connect(source, timeout=10)
        while reader.execute("SELECT count(*) FROM a").fetchone()[0] < 200:
            pass
        copies = []
        for i in range(3):
            copy_sqlite(reader, tmp_path / f"copy{i}.sqlite3")
            copies.append(tmp_path / f"copy{i}.sqlite3")
        reader.close()
    finally:
        stop.set()
        thread.join()
    counts = []
    for path in copies:
        copy = sqlite3.connect(path)
        a, b = (copy.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("a", "b"))
        assert a == b and a >= 200
        counts.append(a)
        copy.close()
    total = writer.execute("SELECT count(*) FROM a").fetchone()[0]
    writer.close()
    assert counts == sorted(counts) and counts[-1] <= total


@sqlite_only
def test_the_backup_command_reports_success_and_failure(transactional_db, tmp_path, capsys):
    call_command("backup", "--dest", str(tmp_path / "b"), "--keep", "3")
    assert "Backup written to" in capsys.readouterr().out
    assert len(list_backups(tmp_path / "b")) == 1
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(CommandError, match="Backup failed"):
        call_command("backup", "--dest", str(blocker))
    with pytest.raises(CommandError, match="--keep"):
        call_command("backup", "--dest", str(tmp_path / "b"), "--keep", "0")


@sqlite_only
def test_the_restore_command_puts_the_database_back(
    transactional_db, people, tmp_path, monkeypatch
):
    backup = create_backup(tmp_path / "backups")
    make_user("after_the_backup", None)
    WorkerHeartbeat.objects.create(pk=1, beat_at=timezone.now(), hostname="h", pid=1)
    with pytest.raises(CommandError, match="worker"):
        call_command("restore", str(backup), "--yes")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(backup), "--force")
    if connection.is_in_memory_db():
        with pytest.raises(CommandError, match="in memory"):
            call_command("restore", str(backup), "--yes", "--force")
        return
    live = Path(connection.settings_dict["NAME"])
    try:
        call_command("restore", str(backup), "--yes", "--force")
        # The test database itself was replaced: the user made after the backup is gone.
        assert not User.objects.filter(username="after_the_backup").exists()
        assert User.objects.filter(username="handler").exists()
        assert AuditEvent.objects.filter(action="system.restore").exists()
    finally:
        for aside in live.parent.glob(f"{live.name}.before-restore-*"):
            aside.unlink()


def test_the_nightly_backup_runs_at_half_past_two_local_time(monkeypatch):
    monkeypatch.setenv("ZZ_BACKUP_TIME", "02:30")
    assert backup_time() == (2, 30)
    validate = at_local_time(backup_time())
    from huey.contrib.djhuey import HUEY

    if HUEY.utc:  # 02:30 in Beijing is 18:30 UTC the day before
        assert validate(dt.datetime(2026, 3, 1, 18, 30))
        assert not validate(dt.datetime(2026, 3, 1, 2, 30))
    else:
        assert validate(dt.datetime(2026, 3, 1, 2, 30))
    monkeypatch.setenv("ZZ_BACKUP_TIME", "off")
    assert backup_time() is None and not at_local_time(None)(dt.datetime(2026, 3, 1, 18, 30))
    monkeypatch.setenv("ZZ_BACKUP_TIME", "25:00")
    with pytest.raises(Exception, match="ZZ_BACKUP_TIME"):
        backup_time()


def test_the_password_goes_in_the_environment_not_the_command_line():
    env = pg_environment(
        {
            "NAME": "zz",
            "HOST": "db",
            "PORT": 5433,
            "USER": "app",
            "PASSWORD": "s3cret",
            "OPTIONS": {"sslmode": "require"},
        }
    )
    assert (env["PGDATABASE"], env["PGHOST"], env["PGPORT"], env["PGUSER"]) == (
        "zz",
        "db",
        "5433",
        "app",
    )
    assert env["PGPASSWORD"] == "s3cret" and env["PGSSLMODE"] == "require"


@postgres_only
def test_a_postgres_backup_is_a_pg_dump_that_restores(transactional_db, people, photo, tmp_path):
    backup = create_backup(tmp_path / "backups")
    dump = backup / "db.pgdump"
    listing = subprocess.run(
        ["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=False
    )
    assert listing.returncode == 0, listing.stderr
    assert "TABLE DATA public accounts_user" in listing.stdout
    assert verify_backup(backup)["engine"] == "postgresql"
    assert _media_member(backup, photo.path)

    scratch = f"zz_restore_{uuid.uuid4().hex[:8]}"
    admin_env = pg_environment(connection.settings_dict, "postgres")
    subprocess.run(["createdb", "--no-password", scratch], env=admin_env, check=True)
    try:
        restore_backup(backup, pg_database=scratch, media_root=tmp_path / "media")
        count = subprocess.run(
            ["psql", "--no-password", "-tAc", "SELECT count(*) FROM accounts_user", scratch],
            env=admin_env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert int(count.stdout.strip()) == User.objects.count()
        assert (tmp_path / "media" / photo.path).exists()
    finally:
        subprocess.run(
            ["dropdb", "--no-password", "--if-exists", scratch], env=admin_env, check=False
        )
        shutil.rmtree(tmp_path / "media", ignore_errors=True)


@postgres_only
def test_a_postgres_restore_keeps_a_dump_of_what_it_replaced(
    transactional_db, people, tmp_path, settings
):
    settings.BACKUP_DIR = tmp_path / "backups"
    backup = create_backup()
    scratch = f"zz_restore_{uuid.uuid4().hex[:8]}"
    admin_env = pg_environment(connection.settings_dict, "postgres")
    subprocess.run(["createdb", "--no-password", scratch], env=admin_env, check=True)
    try:
        subprocess.run(
            ["psql", "--no-password", "-qc", "CREATE TABLE old_state (x int)", scratch],
            env=admin_env,
            check=True,
        )
        restore_backup(backup, pg_database=scratch, media_root=tmp_path / "media")
        asides = list(settings.BACKUP_DIR.glob(f"{scratch}.before-restore-*.dump"))
        assert len(asides) == 1
        listing = subprocess.run(
            ["pg_restore", "--list", str(asides[0])], capture_output=True, text=True, check=True
        )
        assert "TABLE public old_state" in listing.stdout
        assert list_backups(settings.BACKUP_DIR) == [backup]  # not taken for a backup
    finally:
        subprocess.run(
            ["dropdb", "--no-password", "--if-exists", scratch], env=admin_env, check=False
        )
        shutil.rmtree(tmp_path / "media", ignore_errors=True)
