"""Storing uploads: check by content, clean, write under MEDIA_ROOT, record.

Files are written first (atomically: a temporary name, then a rename) and the row after; if the
row cannot be written the files are removed again. Should the caller's transaction roll back
later, the files stay behind unreferenced: harmless, as nothing can reach them without a row.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import unicodedata
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import record
from zhengzhi.files.documents import detect_document
from zhengzhi.files.images import clean_image
from zhengzhi.files.models import FileKind, StoredFile
from zhengzhi.files.scope import can_see
from zhengzhi.org.scope import scope_for

log = logging.getLogger(__name__)

KINDS = (FileKind.IMAGE, FileKind.DOCUMENT)


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def clean_name(name: str) -> str:
    """The name as the user knows it, without folders or control characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(". ")
    return name[:200] or "upload"


def _check_size(uploaded_file) -> None:
    size = uploaded_file.size
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
        )


def _write(relative: str, data: bytes) -> None:
    target = media_root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    with open(temporary, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)


def _remove(*relatives: str) -> None:
    for relative in relatives:
        if relative:
            (media_root() / relative).unlink(missing_ok=True)


def store_upload(
    uploaded_file,
    *,
    user,
    unit,
    owner: models.Model | None = None,
    allowed: Iterable[str] = (FileKind.IMAGE,),
    purpose: str = "",
    request=None,
) -> StoredFile:
    """Checks, cleans and stores one upload. Raises ValidationError with a reason for the user.

    `user` may be None for uploads without an account (public reports); otherwise the unit must
    be one the user may write to.
    """
    allowed = tuple(allowed)
    if not allowed or set(allowed) - set(KINDS):
        raise ValueError(f"allowed must name kinds out of {KINDS}, not {allowed}")
    if user is not None:
        scope = scope_for(user)
        if not scope.can_write or (unit is not None and not scope.allows(unit.pk)):
            raise PermissionDenied
    _check_size(uploaded_file)

    file_id = uuid.uuid4()
    now = timezone.now()
    folder = f"{now:%Y}/{now:%m}"
    thumb_path, width, height = "", None, None
    if not _looks_like_document(uploaded_file):
        if FileKind.IMAGE not in allowed:
            raise _not_allowed(allowed)
        try:
            cleaned = clean_image(uploaded_file)
        except ValidationError as exc:
            if exc.code == "not_image" and FileKind.DOCUMENT in allowed:
                raise ValidationError(
                    _(
                        "This is neither a photo (JPEG, PNG, WebP) nor a document "
                        "(PDF, .docx, .xlsx)."
                    ),
                    code="not_accepted",
                ) from None
            raise
        kind, content_type = FileKind.IMAGE, "image/jpeg"
        data, width, height = cleaned.data, cleaned.width, cleaned.height
        path, thumb_path = f"{folder}/{file_id}.jpg", f"{folder}/{file_id}_thumb.jpg"
    else:
        if FileKind.DOCUMENT not in allowed:
            raise _not_allowed(allowed)
        doc_type = detect_document(uploaded_file)
        uploaded_file.seek(0)
        data = uploaded_file.read()
        kind, content_type = FileKind.DOCUMENT, doc_type.content_type
        path = f"{folder}/{file_id}.{doc_type.extension}"

    try:
        if thumb_path:
            _write(thumb_path, cleaned.thumb)
        _write(path, data)
        with transaction.atomic():
            stored = StoredFile.objects.create(
                id=file_id,
                kind=kind,
                original_name=clean_name(uploaded_file.name),
                content_type=content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                path=path,
                thumb_path=thumb_path,
                width=width,
                height=height,
                unit=unit,
                owner_type=ContentType.objects.get_for_model(owner) if owner else None,
                owner_id=owner.pk if owner else None,
                purpose=purpose,
                uploaded_by=user,
                created_at=now,
            )
            record(
                "file.upload",
                actor=user,
                obj=stored,
                unit_id=unit.pk if unit else None,
                request=request,
                data={
                    "kind": kind,
                    "name": stored.original_name,
                    "size": stored.size,
                    "uploaded_size": uploaded_file.size,
                    "sha256": stored.sha256,
                    "owner": f"{stored.owner_type.app_label}.{stored.owner_type.model}:{owner.pk}"
                    if owner
                    else "",
                },
            )
    except BaseException:
        _remove(path, thumb_path)
        raise
    return stored


def _looks_like_document(fileobj) -> bool:
    """Decides which checks apply (PDF or a zip-based Office file); the checks themselves then
    look at the whole content."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    return head.startswith((b"%PDF-", b"PK\x03\x04"))


def _not_allowed(allowed: tuple[str, ...]) -> ValidationError:
    if allowed == (FileKind.IMAGE,):
        return ValidationError(_("Only photos (JPEG, PNG or WebP) are accepted here."), code="kind")
    return ValidationError(_("Only documents (PDF, .docx, .xlsx) are accepted here."), code="kind")


@transaction.atomic
def attach_files(file_ids: Iterable, owner: models.Model, *, user, purpose: str = "") -> list:
    """Attaches files uploaded earlier (by this user, or visible to them and not yet attached)
    to their owner, e.g. the problem the photos were taken for."""
    owner_type = ContentType.objects.get_for_model(owner)
    file_ids = list(file_ids)
    files = list(StoredFile.objects.select_for_update().filter(pk__in=file_ids))
    if len(files) != len({str(pk) for pk in file_ids}):
        raise ValidationError(_("A file to attach was not found."), code="not_found")
    for stored in files:
        mine = user is not None and stored.uploaded_by_id == user.pk
        if not (mine or can_see(user, stored)):
            raise ValidationError(_("A file to attach was not found."), code="not_found")
        already = stored.owner_type_id is not None
        if already and (stored.owner_type_id, stored.owner_id) != (owner_type.pk, owner.pk):
            raise ValidationError(
                _("The file %(name)s belongs to something else already."),
                code="attached",
                params={"name": stored.original_name},
            )
    for stored in files:
        stored.owner_type, stored.owner_id = owner_type, owner.pk
        if purpose:
            stored.purpose = purpose
        stored.save(update_fields=["owner_type", "owner_id", "purpose"])
        record(
            "file.attach", actor=user, obj=stored, data={"owner": f"{owner_type.model}:{owner.pk}"}
        )
    return files
