"""Backups of the database and the uploaded files, and restoring one.

A backup is a folder BACKUP_DIR/zhengzhi-YYYYmmdd-HHMMSS/ holding
  db.sqlite3    (SQLite: a copy made with SQLite's online backup API, consistent while the app
                 keeps writing) or db.pgdump (PostgreSQL: `pg_dump --format=custom`, one snapshot),
  media.tar.gz  (MEDIA_ROOT), and
  manifest.json (time, engine, applied migrations of each app, size and SHA-256 of each file).
It is written under a temporary name and renamed when complete, so a folder with the final name
is always a whole backup. The database is copied before the media: files uploaded in between are
in the tarball without a row pointing to them, which is harmless; the reverse cannot happen.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

import django
from django.conf import settings
from django.db import DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from zhengzhi.envconf import envint

FORMAT = 1
NAME_RE = re.compile(r"^zhengzhi-\d{8}-\d{6}(?:-\d+)?$")
DB_SQLITE, DB_POSTGRES, MEDIA, MANIFEST = "db.sqlite3", "db.pgdump", "media.tar.gz", "manifest.json"
PARTIAL_PREFIX = ".partial-"
PG_TIMEOUT_SECONDS = 6 * 3600

log = logging.getLogger(__name__)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


def default_keep() -> int:
    return int(getattr(settings, "BACKUP_KEEP", 0) or envint("ZZ_BACKUP_KEEP", 14, minimum=1))


# --- Making a backup ----------------------------------------------------------------------------


def create_backup(
    dest: Path | str | None = None, *, keep: int | None = None, now=None, using: str = "default"
) -> Path:
    root = Path(dest or settings.BACKUP_DIR)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Cannot create the backup folder {root}: {exc}") from exc
    when = timezone.localtime(now or timezone.now())
    with _exclusive(root):
        for leftover in root.glob(f"{PARTIAL_PREFIX}*"):  # from a run that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        name = _free_name(root, when)
        work = root / f"{PARTIAL_PREFIX}{name}"
        work.mkdir()
        try:
            connection = connections[using]
            if connection.vendor == "sqlite":
                _dump_sqlite(connection, work / DB_SQLITE)
            elif connection.vendor == "postgresql":
                _pg_dump(connection.settings_dict, work / DB_POSTGRES)
            else:
                raise BackupError(f"Backups are not supported on {connection.vendor}.")
            media_files, media_bytes = _tar_media(Path(settings.MEDIA_ROOT), work / MEDIA, root)
            manifest = {
                "format": FORMAT,
                "created_at": when.isoformat(),
                "engine": connection.vendor,
                "django": django.get_version(),
                "migrations": _applied_migrations(connection),
                "media": {"files": media_files, "bytes": media_bytes},
                "files": {
                    p.name: {"size": p.stat().st_size, "sha256": sha256_of(p)}
                    for p in sorted(work.iterdir())
                },
            }
            (work / MANIFEST).write_text(
                json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
            )
            _fsync_tree(work)
            target = root / name
            work.rename(target)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        prune(root, keep if keep is not None else default_keep())
    _record_backup(target, manifest)
    return target


def _record_backup(target: Path, manifest: dict) -> None:
    """等保 asks for evidence that backups are made: the audit log has one row per backup."""
    from zhengzhi.audit.services import record

    try:
        record(
            "system.backup",
            actor_label="backup",
            object_type="backup",
            object_id=target.name,
            data={"files": manifest["files"], "media": manifest["media"]},
        )
    except DatabaseError:
        log.warning("the backup %s could not be written to the audit log", target)


@contextlib.contextmanager
def _exclusive(root: Path):
    """One backup at a time per folder (a nightly run and a manual one must not interleave)."""
    with open(root / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BackupError(f"Another backup is running in {root}.") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _free_name(root: Path, when) -> str:
    base = f"zhengzhi-{when:%Y%m%d-%H%M%S}"
    name, n = base, 0
    while (root / name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _dump_sqlite(connection, target: Path) -> None:
    if connection.in_atomic_block:
        # The copy would contain this transaction's uncommitted writes.
        raise BackupError("A backup cannot be made inside a database transaction.")
    connection.ensure_connection()
    copy_sqlite(connection.connection, target)


def copy_sqlite(source: sqlite3.Connection, target: Path) -> None:
    """SQLite's online backup API, in one step: one consistent snapshot. In WAL mode other
    connections go on writing meanwhile; the copy has what was committed when it started."""
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        result = dest.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dest.close()
    if result != "ok":
        raise BackupError(f"The database copy fails its integrity check: {result}")


def pg_environment(settings_dict: dict, database: str | None = None) -> dict[str, str]:
    """libpq variables for pg_dump/pg_restore. The password travels in the environment (never on
    the command line, where `ps` would show it)."""
    env = dict(os.environ)
    options = settings_dict.get("OPTIONS") or {}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "passfile"):
        if options.get(key):
            env[f"PG{key.upper()}"] = str(options[key])
    env["PGDATABASE"] = database or str(settings_dict["NAME"])
    return env


def _run_pg(tool: str, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    binary = shutil.which(tool)
    if binary is None:
        raise BackupError(f"{tool} was not found; install the PostgreSQL client tools.")
    try:
        done = subprocess.run(
            [binary, "--no-password", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=PG_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BackupError(f"{tool} did not finish within {PG_TIMEOUT_SECONDS} s.") from exc
    if done.returncode != 0:
        raise BackupError(f"{tool} failed ({done.returncode}): {done.stderr.strip()[:2000]}")
    return done


def _pg_dump(settings_dict: dict, target: Path) -> None:
    _run_pg("pg_dump", ["--format=custom", f"--file={target}"], pg_environment(settings_dict))


def _tar_media(media_root: Path, target: Path, backup_root: Path) -> tuple[int, int]:
    count = total = 0
    # Photos are JPEG already: light compression saves time, not space.
    with tarfile.open(target, "w:gz", compresslevel=1) as tar:
        if not media_root.is_dir():
            return 0, 0
        skip = backup_root.resolve()
        tar.add(media_root, arcname="media", recursive=False)
        for folder, dirs, files in os.walk(media_root):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if (here / d).resolve() != skip)
            for name in sorted([*dirs, *files]):
                path = here / name
                if name.startswith(".") and name.endswith(".tmp"):
                    continue  # an upload being written; it is renamed when complete
                try:
                    tar.add(path, arcname=f"media/{path.relative_to(media_root)}", recursive=False)
                except FileNotFoundError:
                    continue  # removed while we walked
                if name in files:
                    count += 1
                    total += tar.members[-1].size  # as archived
    return count, total


def _applied_migrations(connection) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def list_backups(root: Path | str | None = None) -> list[Path]:
    """Complete backups, oldest first."""
    root = Path(root or settings.BACKUP_DIR)
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.iterdir()
        if p.is_dir() and NAME_RE.match(p.name) and (p / MANIFEST).exists()
    )


def prune(root: Path, keep: int) -> list[Path]:
    """Deletes all but the newest `keep` backups."""
    if keep < 1:
        raise BackupError("At least one backup must be kept.")
    old = list_backups(root)[:-keep]
    for path in old:
        shutil.rmtree(path)
    return old


# --- Checking and restoring ---------------------------------------------------------------------


def verify_backup(folder: Path | str) -> dict:
    """The manifest, after checking every file's size and SHA-256 against it."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.") from None
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder / MANIFEST} cannot be read: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    problems = []
    for name, expected in manifest.get("files", {}).items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif path.stat().st_size != expected["size"] or sha256_of(path) != expected["sha256"]:
            problems.append(f"{name} does not match its checksum")
    database = DB_SQLITE if manifest.get("engine") == "sqlite" else DB_POSTGRES
    for required in (database, MEDIA):
        if required not in manifest.get("files", {}):
            problems.append(f"{required} is not in the manifest")
    if problems:
        raise BackupError(f"The backup {folder} is damaged: " + "; ".join(problems))
    return manifest


def _check_migrations(manifest: dict) -> None:
    """A backup made by a newer version of Zhengzhi cannot be run by this one."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of Zhengzhi (unknown migrations: "
            + ", ".join(unknown[:10])
            + "). Install that version, then restore."
        )


def restore_backup(
    folder: Path | str,
    *,
    database_file: Path | str | None = None,
    pg_database: str | None = None,
    media_root: Path | str | None = None,
    aside_dir: Path | str | None = None,
    using: str = "default",
    say: Callable[[str], None] = lambda message: None,
) -> dict:
    """Restores database and media from a verified backup; the app must be stopped.

    By default into the configured database and MEDIA_ROOT; the keyword arguments restore
    somewhere else (a test, or a look at an old state). What is replaced is kept, to be deleted
    by hand once the restore is confirmed: a SQLite file and the media folder beside themselves
    as *.before-restore-<time>; a PostgreSQL database as a pg_dump
    <database>.before-restore-<time>.dump in `aside_dir` (default BACKUP_DIR), taken before
    pg_restore touches it (a failed dump stops the restore).
    """
    folder = Path(folder)
    manifest = verify_backup(folder)
    connection = connections[using]
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['engine']} database; this installation uses "
            f"{connection.vendor}."
        )
    _check_migrations(manifest)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    if connection.vendor == "sqlite":
        target = Path(database_file or connection.settings_dict["NAME"])
        if database_file is None:
            if connection.is_in_memory_db():
                raise BackupError(
                    "The configured database is in memory; name a file to restore to."
                )
            connection.close()  # this process must not hold the file we are about to replace
        _restore_sqlite(folder / DB_SQLITE, target, stamp, say)
    else:
        connection.close()
        env = pg_environment(connection.settings_dict, pg_database)
        _keep_pg_database(env, Path(aside_dir or settings.BACKUP_DIR), stamp, say)
        say(f"Restoring database {env['PGDATABASE']} with pg_restore …")
        _run_pg(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={env['PGDATABASE']}",
                str(folder / DB_POSTGRES),
            ],
            env,
        )
    _restore_media(folder / MEDIA, Path(media_root or settings.MEDIA_ROOT), stamp, say)
    return manifest


def _keep_pg_database(env: dict[str, str], aside_dir: Path, stamp: str, say) -> Path:
    """pg_dump of the database about to be replaced (pg_restore --clean drops what it holds)."""
    try:
        aside_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Cannot create {aside_dir} to keep the current database: {exc}") from exc
    aside = aside_dir / f"{env['PGDATABASE']}.before-restore-{stamp}.dump"
    partial = aside.with_name(f"{PARTIAL_PREFIX}{aside.name}")
    say(f"Keeping the current database {env['PGDATABASE']} as {aside} …")
    try:
        _run_pg("pg_dump", ["--format=custom", f"--file={partial}"], env)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, aside)
    say(f"The database being replaced is kept as {aside}")
    return aside


def _restore_sqlite(source: Path, target: Path, stamp: str, say) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(source, staged)
    check = sqlite3.connect(staged)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        staged.unlink()
        raise BackupError(f"The database in the backup fails its integrity check: {result}")
    if target.exists():
        # Kept through the backup API, so what was still in the -wal file is kept too.
        aside = target.with_name(f"{target.name}.before-restore-{stamp}")
        live = sqlite3.connect(target)
        try:
            copy_sqlite(live, aside)
        finally:
            live.close()
        say(f"The database being replaced is kept as {aside}")
    for suffix in ("-wal", "-shm"):
        # A stale write-ahead log would be replayed onto the restored file and corrupt it.
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(staged, target)
    say(f"Database restored to {target}")


def _restore_media(tarball: Path, media_root: Path, stamp: str, say) -> None:
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media_root.parent))
    try:
        with tarfile.open(tarball, "r:gz") as tar:
            tar.extractall(staging, filter="data")  # refuses absolute paths, "..", devices
        extracted = staging / "media"
        extracted.mkdir(exist_ok=True)
        if media_root.exists():
            aside = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
            media_root.rename(aside)
            say(f"The media folder being replaced is kept as {aside}")
        extracted.rename(media_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    say(f"Media restored to {media_root}")
