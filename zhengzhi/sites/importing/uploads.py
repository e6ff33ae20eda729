"""An uploaded roster kept between the steps of the import (mapping, check, import), so that
nothing is uploaded twice. The file lies under VAR_DIR/roster-uploads by a random token; the
token, the kind and the file name are in the uploader's session, so no one else can use it.
Files older than a day are removed when the next one is stored."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings

SESSION_KEY = "site_roster_uploads"
KEEP_SECONDS = 24 * 3600
KEEP_IN_SESSION = 5


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "roster-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store(request, data: bytes, meta: dict) -> str:
    folder = _folder()
    cutoff = time.time() - KEEP_SECONDS
    for old in folder.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass
    token = secrets.token_urlsafe(16)
    (folder / token).write_bytes(data)
    uploads = dict(request.session.get(SESSION_KEY, {}))
    uploads[token] = {**meta, "at": time.time()}
    for stale in sorted(uploads, key=lambda t: uploads[t]["at"])[:-KEEP_IN_SESSION]:
        uploads.pop(stale)
        (folder / stale).unlink(missing_ok=True)
    request.session[SESSION_KEY] = uploads
    return token


def meta(request, token: str) -> dict | None:
    return request.session.get(SESSION_KEY, {}).get(token)


def update(request, token: str, **values) -> None:
    uploads = dict(request.session.get(SESSION_KEY, {}))
    if token in uploads:
        uploads[token] = {**uploads[token], **values}
        request.session[SESSION_KEY] = uploads


def load(request, token: str) -> bytes | None:
    if meta(request, token) is None or not token.replace("-", "").replace("_", "").isalnum():
        return None
    path = _folder() / token
    return path.read_bytes() if path.exists() else None


def drop(request, token: str) -> None:
    uploads = dict(request.session.get(SESSION_KEY, {}))
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    (_folder() / token).unlink(missing_ok=True)
