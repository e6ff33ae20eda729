"""The hourly anchor: the signed head of the audit chain, written outside the database."""

from __future__ import annotations

import logging
import os

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

log = logging.getLogger(__name__)


def write_anchor(path=None) -> str | None:
    """Appends the chain's signed head to the anchor file and the log; returns the line. An
    auditor who keeps the file (or the log) can later prove that the chain up to each anchored
    row is unchanged: `manage.py verify_audit --anchors FILE`."""
    from zhengzhi.audit.verify import current_anchor

    anchor = current_anchor(timezone.now().isoformat(timespec="seconds"))
    if anchor is None:
        return None
    line = anchor.line()
    path = path or settings.AUDIT_ANCHOR_FILE
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    # O_APPEND: each line lands at the end even if two writers overlap; fsync: an anchor that is
    # logged as written is on disk.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    log.info("audit anchor %s", line)
    return line


@db_periodic_task(crontab(minute="7"))
def anchor_audit_head() -> None:
    write_anchor()
