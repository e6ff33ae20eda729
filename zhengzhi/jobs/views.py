"""The HTTP side of export kinds (jobs.exports): a small export written in the request, and the
download of a finished one by its maker. Apps call these from their own views and URLs."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone

from zhengzhi.audit.services import record
from zhengzhi.jobs.exports import check_may_start, get_kind, user_exports
from zhengzhi.jobs.models import JobStatus


def _ignore(done: int, total: int) -> None:
    return None


def ascii_fallback(name: str) -> str:
    """The name with what is not plain ASCII dropped ("日调度表-3.xlsx" -> "3.xlsx")."""
    path = Path(name)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem)
    stem = re.sub(r"-{2,}", "-", stem).strip("-.") or "export"
    suffix = re.sub(r"[^A-Za-z0-9.]", "", path.suffix)
    return stem + suffix


def attachment_header(name: str, fallback: str | None = None) -> str:
    """Content-Disposition for a download named `name` (Chinese as a rule): an ASCII filename
    for old clients and the UTF-8 name as RFC 5987's filename*, which browsers prefer."""
    plain = ascii_fallback(fallback or name)
    if plain == name:
        return f'attachment; filename="{plain}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def _header(kind, params: dict, at) -> str:
    fallback = kind.ascii_name(params, at) if kind.ascii_name else None
    return attachment_header(kind.file_name(params, at), fallback)


def export_now(
    request, name: str, params: dict, *, audit_obj=None, audit_data: dict | None = None
) -> HttpResponse:
    """Writes the export in the request and sends it back (for exports small enough to wait
    for); audited like a started one, with the rows written."""
    kind = get_kind(name)
    user = request.user
    check_may_start(kind, user)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export"
        rows = kind.write(user, params, path, _ignore)
        body = path.read_bytes()
    record(
        kind.action,
        actor=user,
        obj=audit_obj,
        request=request,
        data={**(audit_data or {}), "rows": rows},
    )
    response = HttpResponse(body, content_type=kind.type_of(params))
    response["Content-Disposition"] = _header(kind, params, timezone.now())
    response["X-Export-Rows"] = str(rows)
    return response


def download(request, name: str, job_id: int) -> FileResponse:
    """Only the user who made an export may download it; for anyone else it does not exist
    (404, not 403: the export's existence is not told either)."""
    kind = get_kind(name)
    job = user_exports(request.user, name).filter(pk=job_id, status=JobStatus.DONE).first()
    if job is None:
        raise Http404
    try:
        handle = kind.path(job).open("rb")
    except FileNotFoundError:
        raise Http404 from None
    params = (job.args or {}).get("params") or {}
    record(f"{kind.action}.download", actor=request.user, obj=job, request=request, data=params)
    response = FileResponse(handle, content_type=kind.type_of(params))
    response["Content-Disposition"] = _header(kind, params, job.created_at)
    response["Cache-Control"] = "private, no-store"
    return response
