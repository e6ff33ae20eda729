"""Uploading files over the API (multipart) and reading their details."""

from datetime import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile

from zhengzhi.core.openapi import MAY_BE_NOT_FOUND
from zhengzhi.core.validators import DbId
from zhengzhi.files.models import FileKind, StoredFile
from zhengzhi.files.scope import get_file_for_user
from zhengzhi.files.services import store_upload
from zhengzhi.org.models import Unit
from zhengzhi.org.scope import scope_for

router = Router(tags=["files"])


class FileOut(Schema):
    id: UUID
    kind: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    width: int | None
    height: int | None
    unit_id: int | None
    created_at: datetime
    url: str
    thumb_url: str | None

    @staticmethod
    def resolve_url(obj: StoredFile) -> str:
        return reverse("files:serve", args=[obj.pk])

    @staticmethod
    def resolve_thumb_url(obj: StoredFile) -> str | None:
        return reverse("files:thumb", args=[obj.pk]) if obj.thumb_path else None


@router.post(
    "/",
    response={201: FileOut},
    summary="Upload a photo (or, with documents=true, a PDF/.docx/.xlsx)",
    description="Multipart form: `file`, optional `unit_id` (default: your own unit), optional "
    "`documents`. A file that is not accepted (not a photo, or with `documents` not a PDF/.docx/"
    ".xlsx; larger than the server's limit, `ZZ_UPLOAD_MAX_MB`, 15 MB unless set) answers 400 "
    "with the reason; a `unit_id` outside your scope answers 404.",
    openapi_extra=MAY_BE_NOT_FOUND,
)
def upload(
    request,
    file: File[UploadedFile],
    unit_id: Form[DbId | None] = None,
    documents: Form[bool] = False,
):
    user = request.user
    if not scope_for(user).can_write:
        raise PermissionDenied(_("You may not upload files."))
    if unit_id is not None:
        # A deactivated unit takes no new files: "not found", as on the upload page.
        unit = scope_for(user).get(Unit.objects.filter(is_active=True), field="id", pk=unit_id)
    elif user.unit_id is not None:
        unit = user.unit
    else:
        raise ValidationError(_("Choose the unit the file belongs to."))
    allowed = (FileKind.IMAGE, FileKind.DOCUMENT) if documents else (FileKind.IMAGE,)
    stored = store_upload(file, user=user, unit=unit, allowed=allowed, request=request)
    return Status(201, stored)


@router.get("/{file_id}", response=FileOut, summary="Details of a file you may see")
def get_file(request, file_id: UUID):
    return get_file_for_user(request.user, file_id)
