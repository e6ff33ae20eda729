"""The HTTP side of export kinds (jobs.exports): a small export written in the request, and the
download of a finished one by its maker. Apps call these from their own views and URLs."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from zhengzhi.audit.services import record
from zhengzhi.jobs.exports import check_may_start, get_kind, user_exports
from zhengzhi.jobs.models import JobStatus


def _ignore(done: int, total: int) -> None:
    return None


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
    response["Content-Disposition"] = content_disposition_header(
        True, kind.file_name(params, timezone.now())
    )
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
    response = FileResponse(
        handle,
        content_type=kind.type_of(params),
        as_attachment=True,
        filename=kind.file_name(params, job.created_at),
    )
    response["Cache-Control"] = "private, no-store"
    return response
