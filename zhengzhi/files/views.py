import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils._os import safe_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhengzhi.files.forms import UploadForm
from zhengzhi.files.models import FileKind, StoredFile
from zhengzhi.files.scope import get_file_for_user, visible_files
from zhengzhi.files.services import store_upload

log = logging.getLogger(__name__)


@login_required
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"] or request.user.unit
        try:
            stored = store_upload(
                form.cleaned_data["file"],
                user=request.user,
                unit=unit,
                allowed=(FileKind.IMAGE, FileKind.DOCUMENT),
                request=request,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("Uploaded %(name)s.") % {"name": stored.original_name})
            return redirect("files:upload")
    recent = (
        visible_files(request.user)
        .filter(uploaded_by=request.user)
        .select_related("unit")
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "files/upload.html",
        {"form": form, "recent": recent, "max_bytes": settings.UPLOAD_MAX_BYTES},
    )


@require_GET
@login_required
def serve(request, pk):
    stored = get_file_for_user(request.user, pk)
    return _respond(stored, stored.path, stored.content_type, inline=stored.is_image)


@require_GET
@login_required
def thumb(request, pk):
    stored = get_file_for_user(request.user, pk)
    if not stored.thumb_path:
        raise Http404
    return _respond(stored, stored.thumb_path, "image/jpeg", inline=True)


def _respond(stored: StoredFile, relative: str, content_type: str, *, inline: bool):
    try:
        handle = open(safe_join(settings.MEDIA_ROOT, relative), "rb")  # noqa: SIM115 (FileResponse closes it)
    except (FileNotFoundError, ValueError):
        log.error("stored file %s is missing on disk: %s", stored.pk, relative)
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=not inline,
        filename=stored.download_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Only the signed-in browser may keep a copy; a shared proxy never may.
    response["Cache-Control"] = "private, max-age=3600"
    return response
